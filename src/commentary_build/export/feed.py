"""Atom feeds (RFC 4287) of new and changed notes and drafting proposals: one for the site, one per theme.

An entry is a note or a proposal, not a commit: its ``published`` date is the commit that
added it, its ``updated`` date the last commit that changed it, so a feed reader shows a
changed note again instead of a second copy. Entries carry the title, the provision it is
on, the byline (a note's authors as its front matter gives them, a proposal's proponent),
a summary in plain text (from the document tree, never the Markdown: citations in their short
form, cut at the end of a sentence; ``export.plain``) and a link to its place on the site. The
feed's ``rights`` state the edition's licence and the status of the treaty texts. The feed's own ``updated`` is that of its
newest entry: nothing comes from the clock, so rebuilding a commit gives the same bytes.
Ids are ``urn:uuid`` names derived from the repository and the note or proposal id, so they
survive a change of the site's address. Without a full git history there are no honest
dates and no feed is written; ``FeedUnavailable`` says why.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..document import Documents
from ..load.changes import Changes, Dates
from ..model import Article, Note, Proposal, Provision
from ..transform.pinpoints import pinpoint
from . import plain
from .publication import SITE_FEED, OpenDataError, Publication

ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50


class FeedUnavailable(OpenDataError):
    """No git history to date the changes from (outside git, or a shallow clone)."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # "note:<id>" or "proposal:<id>"
    title: str
    authors: tuple[str, ...]
    dates: Dates
    summary: str
    site_path: str
    themes: tuple[str, ...]
    articles: tuple[tuple[str, str], ...] = ()  # (text id, article id) of each article it is on: its article feeds


def feed_entries(publication: Publication, changes: Changes, documents: Documents) -> list[FeedEntry]:
    """Every committed note and proposal, most recently changed first (``documents``: the build's tree, whose prose the summaries are from)."""
    if not changes.available:
        raise FeedUnavailable(f"no change feed: the dates of changes come from git, and {changes.reason}")
    project = publication.project
    entries: list[FeedEntry] = []
    for note in project.notes:
        dates = changes.notes.get(note.path)
        if dates is not None:
            entries.append(_note_entry(publication, note, dates, documents))
        for proposal in note.proposals:
            proposal_dates = changes.proposals.get(proposal.id)
            if proposal_dates is not None:
                entries.append(_proposal_entry(publication, note, proposal, proposal_dates, documents))
    entries.sort(key=lambda e: (e.dates.updated.committer_date, e.dates.published.committer_date, e.key), reverse=True)
    return entries


def feed_files(publication: Publication, changes: Changes, documents: Documents) -> dict[str, bytes]:
    """feed.xml for the whole site, data/feeds/<theme>.xml per theme and data/feeds/articles/<text>/<article>.xml
    per article with commentary, by site path."""
    entries = feed_entries(publication, changes, documents)
    files = {SITE_FEED: atom(publication, entries, SITE_FEED, f"{publication.title}: new and changed commentary", "", None)}
    for theme in publication.project.themes.values():
        path = publication.theme_feed(theme.id)
        selected = [e for e in entries if theme.id in e.themes]
        files[path] = atom(publication, selected, path, f"{publication.title}: {theme.label}", publication.theme_path(theme.id), theme.id)
    project = publication.project
    for instrument_id, article_id in sorted({key for entry in entries for key in entry.articles}):
        instrument = project.instruments[instrument_id]
        article = instrument.articles[article_id]
        path = publication.article_feed(instrument, article)
        selected = [e for e in entries if (instrument_id, article_id) in e.articles]
        files[path] = atom(publication, selected, path, f"{publication.title}: {article.label} of the {instrument.short_title}",
                           publication.page_path(publication.article_page(instrument, article)), f"article:{instrument_id}/{article_id}")
    return files


def atom(publication: Publication, entries: list[FeedEntry], feed_path: str, title: str, page_path: str, theme_id: str | None) -> bytes:
    """One Atom feed; ``theme_id``: the theme, or "article:<text>/<article>", that names the feed's id (None: the site)."""
    entries = entries[:MAX_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", _urn(publication, f"feed:{theme_id or 'site'}"))
    _text(feed, "title", title)
    if publication.revision.commit:
        _text(feed, "subtitle", f"Notes and drafting proposals, dated by the commits that added and changed them. {publication.revision.version_line}.")
    if entries:
        updated = max(e.dates.updated.committer_date for e in entries).isoformat()
    elif publication.revision.date is not None:
        updated = publication.revision.date.isoformat()
    else:
        raise FeedUnavailable("no change feed: nothing has been committed under commentary/ and the revision has no date")
    _text(feed, "updated", updated)
    _link(feed, _href(publication, feed_path, feed_path), "self", "application/atom+xml")
    _link(feed, _href(publication, feed_path, page_path), "alternate", "text/html")
    author = ET.SubElement(feed, "author")
    _text(author, "name", publication.title)
    rights = publication.rights
    if rights:
        _text(feed, "rights", rights)
    _text(feed, "generator", "treaty-commentary")
    project = publication.project
    for entry in entries:
        element = ET.SubElement(feed, "entry")
        _text(element, "id", _urn(publication, entry.key))
        _text(element, "title", entry.title)
        _text(element, "published", entry.dates.published.committer_date.isoformat())
        _text(element, "updated", entry.dates.updated.committer_date.isoformat())
        for name in entry.authors:
            _text(ET.SubElement(element, "author"), "name", name)
        _link(element, _href(publication, feed_path, entry.site_path), "alternate", "text/html")
        for theme in entry.themes:
            if theme in project.themes:
                ET.SubElement(element, "category", {"term": theme, "label": project.themes[theme].label})
        _text(element, "summary", entry.summary)
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


# --------------------------------------------------------------------------- entries


def _place(publication: Publication, note: Note, unit_id: str) -> str:
    instrument = publication.project.instruments[note.instrument_id]
    if unit_id == "overview":
        return f"the {instrument.short_title} as a whole"
    unit = instrument.index.get(unit_id)
    where = pinpoint(unit).replace("art ", "Article ", 1) if isinstance(unit, Article | Provision) else unit_id
    return f"{where} of the {instrument.short_title}"


def _note_entry(publication: Publication, note: Note, dates: Dates, documents: Documents) -> FeedEntry:
    state = "New note" if dates.published == dates.updated else f"Note changed (first published {dates.published.committer_date.date().isoformat()})"
    authors = tuple(a.name for a in note.authors)
    summary = f"{state} on {_place(publication, note, note.target)}"
    summary += f", by {', '.join(authors)}." if authors else "."
    if note.proposals:
        summary += f" It carries {len(note.proposals)} drafting proposal{'s' if len(note.proposals) > 1 else ''}."
    opening = plain.summary(plain.prose_text(documents.prose(note), publication.project.bibliography))
    if opening:
        summary += f" {opening}"
    articles = ((note.instrument_id, note.article_id),) if note.article_id else ()
    return FeedEntry(f"note:{note.id}", note.title, authors, dates, summary, publication.note_path(note), tuple(note.themes), articles)


def _proposal_entry(publication: Publication, note: Note, proposal: Proposal, dates: Dates, documents: Documents) -> FeedEntry:
    state = "New drafting proposal" if dates.published == dates.updated else f"Drafting proposal changed (first published {dates.published.committer_date.date().isoformat()})"
    targets = list(dict.fromkeys(edit.target for edit in proposal.edits))
    places = "; ".join(_place(publication, note, target) for target in targets)
    rationale = plain.summary(plain.prose_text(documents.prose(note, proposal), publication.project.bibliography))
    summary = f"{state} on {places}, by {documents.proponent(proposal).in_sentence}." + (f" Rationale: {rationale}" if rationale else "")
    instrument = publication.project.instruments[note.instrument_id]
    articles = tuple(dict.fromkeys((instrument.id, found.id) for target in targets if (found := instrument.article_of(target)) is not None))
    return FeedEntry(f"proposal:{proposal.id}", f"Proposal: {proposal.title}", (proposal.proponent,), dates, summary,
                     publication.proposal_path(note, proposal.id), tuple(note.themes), articles)


# --------------------------------------------------------------------------- helpers


def _urn(publication: Publication, key: str) -> str:
    base = publication.repo_url or publication.title
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base}#{key}").urn


def _href(publication: Publication, feed_path: str, site_path: str) -> str:
    """Absolute when the site's address is known; otherwise relative to the feed, as RFC 4287 allows."""
    return publication.absolute(site_path) or Publication.relative(feed_path, site_path)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})
