"""Citation metadata for each page: Highwire and Dublin Core tags, COinS per note, and a "cite this" CSL-JSON file.

Reference managers and search engines read a page's ``<meta>`` tags: Google Scholar the
Highwire ``citation_*`` tags, Zotero's connector those and Dublin Core. A page that carries
commentary is described as a chapter of the commentary (``citation_book_title`` makes it a
book section in Zotero) whose authors are the authors of its notes, exactly as their front
matter names them: never a git identity. Each note on the page also gets a COinS span
(``rft.aucorp`` keeps a group byline such as "The editors" in one piece), so Zotero offers
the notes one by one; the "cite this" file holds the page and each note as CSL-JSON.

The engine computes what the tags say and makes them into escaped HTML; the site generator's
template prints it (``overrides/main.html`` for MkDocs prints ``page.meta.tc_head`` and ``tc_body``).
"""

from __future__ import annotations

import datetime as _dt
import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..document import Documents, naming
from ..model import Note
from . import csl
from .publication import SITE_FEED, Publication, relative_path


@dataclass
class PageCitation:
    """What a page's head says about how to cite it, and the links the template writes (relative to the page)."""

    tags: list[tuple[str, str]]
    items: list[dict[str, Any]]  # CSL-JSON: the page, then each note on it
    cite_file: str  # site path of the "cite this" file
    cite_href: str | None  # None for a page whose cite file is not written (a hand-written page)
    feed_href: str | None
    theme_feed_href: str | None = None
    coins: list[str] = field(default_factory=list)

    def head_html(self) -> Markup:
        """The tags and links for the page's <head>, escaped (``Markup.format`` escapes each value), one per line.

        Made here rather than looped over in the template: a Jinja loop over some thirty tags
        on every page cost more than computing them.
        """
        lines = [Markup('<meta name="{}" content="{}">').format(name, content) for name, content in self.tags]
        if self.cite_href:
            lines.append(Markup('<link rel="alternate" type="application/vnd.citationstyles.csl+json" href="{}" title="Cite this page (CSL-JSON)">').format(self.cite_href))
        if self.feed_href:
            lines.append(Markup('<link rel="alternate" type="application/atom+xml" href="{}" title="New and changed commentary">').format(self.feed_href))
        if self.theme_feed_href:
            lines.append(Markup('<link rel="alternate" type="application/atom+xml" href="{}" title="New and changed commentary on this theme">').format(self.theme_feed_href))
        return Markup("\n").join(lines)

    def body_html(self) -> Markup:
        """What follows the page's content: the "Cite this page" link, the theme's feed, a COinS span per note."""
        parts = []
        if self.cite_href:
            parts.append(Markup('<p class="tc-cite tc-meta"><a href="{}" download>Cite this page</a> (CSL-JSON, for Zotero and other reference managers)</p>').format(self.cite_href))
        if self.theme_feed_href:
            parts.append(Markup('<p class="tc-feed tc-meta"><a href="{}">Feed of new and changed notes on this theme</a> (Atom)</p>').format(self.theme_feed_href))
        parts.extend(Markup('<span class="Z3988" title="{}"></span>').format(coins) for coins in self.coins)
        return Markup("").join(parts)


def notes_by_page(documents: Documents) -> dict[str, list[Note]]:
    """The notes each page shows (article pages and the overview), by the page's src_uri, in the page's
    order (the order of the text, as the document tree has them)."""
    project = documents.project
    pages: dict[str, list[Note]] = {}
    for note in project.notes:
        pages.setdefault(documents.note_page(note), []).append(note)
    for path, notes in pages.items():
        position = documents.structure(project.instruments[notes[0].instrument_id]).unit_position
        pages[path] = naming.in_text_order(notes, position)
    return pages


def page_citation(publication: Publication, src_uri: str, title: str, notes: list[Note], has_feed: bool,
                  theme_feed: str | None = None) -> PageCitation:
    page_path = publication.page_path(src_uri)
    here = page_path + "index.html" if page_path.endswith("/") or page_path == "" else page_path
    items = [csl.page_item(src_uri, title, notes, publication)] + [csl.note_item(note, publication) for note in notes]
    tags = _tags(publication, src_uri, title, notes)
    cite_file = publication.cite_file(src_uri)
    return PageCitation(
        tags=tags,
        items=items,
        cite_file=cite_file,
        cite_href=_relative(here, cite_file),
        feed_href=_relative(here, SITE_FEED) if has_feed else None,
        theme_feed_href=_relative(here, theme_feed) if theme_feed else None,
        coins=[_coins(publication, note) for note in notes],
    )


def _tags(publication: Publication, src_uri: str, title: str, notes: list[Note]) -> list[tuple[str, str]]:
    project = publication.project
    authors = csl.page_authors(notes)
    day = csl.page_date(notes, publication)
    url = publication.absolute(publication.page_path(src_uri))
    themes = list(dict.fromkeys(project.themes[t].label for n in notes for t in n.themes if t in project.themes))
    tags: list[tuple[str, str]] = [("citation_title", title)]
    tags.extend(("citation_author", name) for name in authors)
    if day:
        tags.append(("citation_publication_date", day.strftime("%Y/%m/%d")))
    tags.append(("citation_book_title", publication.title))
    tags.append(("citation_inbook_title", publication.title))
    tags.append(("citation_language", publication.language))
    if themes:
        tags.append(("citation_keywords", "; ".join(themes)))
    if url:
        tags.append(("citation_public_url", url))
        tags.append(("citation_fulltext_html_url", url))
    # Dublin Core, which Zotero also reads (and other harvesters read first).
    tags.append(("DC.title", title))
    tags.extend(("DC.creator", name) for name in authors)
    if day:
        tags.append(("DC.date", day.isoformat()))
    tags.append(("DC.type", "Text"))
    tags.append(("DC.language", publication.language))
    tags.append(("DC.relation.ispartof", publication.title))
    tags.extend(("DC.subject", label) for label in themes)
    if url:
        tags.append(("DC.identifier", url))
    return tags


def _coins(publication: Publication, note: Note) -> str:
    """An OpenURL ContextObject (Z39.88-2004) for one note, as a COinS span's title."""
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
        ("rft.genre", "bookitem"),
        ("rft.atitle", note.title),
        ("rft.btitle", publication.title),
    ]
    fields.extend(("rft.aucorp", author.name) for author in note.authors)
    if note.date:
        fields.append(("rft.date", note.date.isoformat()))
    fields.append(("rft.language", publication.language))
    url = publication.absolute(publication.note_path(note))
    if url:
        fields.append(("rft_id", url))
    return urlencode(fields)


def _relative(from_file: str, to_path: str) -> str:
    return relative_path(posixpath.dirname(from_file), to_path)


_MIN = _dt.date.min
