"""Citation metadata for each page: Highwire and Dublin Core tags, schema.org JSON-LD, COinS, and "cite this" files.

Reference managers and search engines read a page's ``<head>``: Google Scholar the Highwire
``citation_*`` tags, Zotero's connector those and Dublin Core (its "Embedded Metadata"
translator), and COinS spans in the body, which take over wherever there is one (Zotero's
COinS translator ranks above Embedded Metadata). So the two must agree, and each must come
out right in Zotero's own parsing (``tests/test_citation_meta.py`` reproduces its rules):

- **Titles name the treaty** ("Budapest Convention, Article 25: General principles …"), the
  page's document title, never the bare "Article 25: …".
- **Authors** are the notes' authors as their front matter names them, never a git identity;
  "The editors" become the edition's editors, an institutional author. Zotero splits a
  ``citation_author`` at its last space unless it holds a comma, and then splits at the comma:
  "The editors of treaty-commentary" would become first name "The editors of", last name
  "treaty-commentary". Written in the inverted form with an empty given name,
  "The editors of treaty-commentary,", it is one name (last name only, no first name), which
  is also how Google Scholar reads "Last, First" without a first name. COinS says the same with
  ``rft.aucorp`` (a corporate author); a person is ``rft.au``.
- **The page first**: a page with notes carries a COinS span for the page itself, with its
  address (``rft_id``) and description, before the span of each note, so Zotero's list offers
  the page first and every item keeps its URL. A page without notes has no span, and Embedded
  Metadata saves it with its PDF (``citation_pdf_url``) where the build publishes one.
- **A description per page** (``<meta name="description">`` through the page's front matter,
  ``DC.description``, COinS ``rft.description``, CSL ``abstract``), not the site's.
- **JSON-LD** (schema.org): a text page is a ``Legislation`` (the article or part, within the
  treaty, with an ``UnofficialLegalValue`` encoding: this site is a reproduction, not the
  official publication), each note on it a ``ScholarlyArticle`` about it.

The engine computes what the tags say and makes them into escaped HTML; the site generator's
template prints it (``overrides/main.html`` prints ``page.meta.tc_head`` and ``tc_body``).
"""

from __future__ import annotations

import datetime as _dt
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..document import Documents, naming
from ..model import Article, Instrument, Note
from ..transform.pinpoints import pinpoint
from . import csl
from .bibformats import BIBTEX_MEDIA_TYPE, RIS_MEDIA_TYPE
from .publication import SITE_FEED, Publication, relative_path

CSL_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
_META_TAG = Markup('<meta name="%s" content="%s">')


@dataclass(frozen=True)
class PageFacts:
    """What a page is, as its citation describes it (made by ``publish`` from the site's pages)."""

    src_uri: str
    title: str  # the title a citation gives: the document title, which names the treaty on a text's pages
    description: str | None = None
    pdf: str | None = None  # site path of the PDF holding the page's content
    instrument: Instrument | None = None  # the text the page belongs to
    article: Article | None = None  # the article an article page shows


@dataclass
class PageCitation:
    """What a page's head says about how to cite it, and the links the template writes (relative to the page)."""

    tags: list[tuple[str, str]]
    items: list[dict[str, Any]]  # CSL-JSON: the page, then each note on it
    cite_file: str  # site path of the "cite this" CSL-JSON file (BibTeX and RIS beside it: cite_files)
    cite_href: str | None  # None for a page whose cite files are not written (a page without commentary)
    feed_href: str | None
    theme_feed_href: str | None = None
    article_feed_href: str | None = None
    coins: list[str] = field(default_factory=list)
    description: str | None = None
    json_ld: dict[str, Any] | None = None

    @property
    def cite_files(self) -> dict[str, str]:
        """The "cite this" files by media type: CSL-JSON, BibTeX and RIS, side by side."""
        stem = self.cite_file.removesuffix(".json")
        return {CSL_MEDIA_TYPE: self.cite_file, BIBTEX_MEDIA_TYPE: stem + ".bib", RIS_MEDIA_TYPE: stem + ".ris"}

    def _cite_hrefs(self) -> list[tuple[str, str, str]]:
        """(media type, href, label) of each "cite this" file, relative to the page."""
        if not self.cite_href:
            return []
        folder = posixpath.dirname(self.cite_href)
        labels = {CSL_MEDIA_TYPE: "CSL-JSON", BIBTEX_MEDIA_TYPE: "BibTeX", RIS_MEDIA_TYPE: "RIS"}
        return [(kind, posixpath.join(folder, posixpath.basename(path)), labels[kind]) for kind, path in self.cite_files.items()]

    def head_html(self) -> Markup:
        """The tags, the JSON-LD and the links for the page's <head>, escaped (``Markup.format`` escapes each value), one per line.

        Made here rather than looped over in the template: a Jinja loop over some thirty tags
        on every page cost more than computing them.
        """
        # Markup's "%" escapes each value as .format does, without string.Formatter: some thirty tags a page.
        lines = [_META_TAG % (name, content) for name, content in self.tags]
        if self.json_ld is not None:
            lines.append(Markup('<script type="application/ld+json">{}</script>').format(json_ld_text(self.json_ld)))
        for kind, href, label in self._cite_hrefs():
            lines.append(Markup('<link rel="alternate" type="{}" href="{}" title="Cite this page ({})">').format(kind, href, label))
        if self.feed_href:
            lines.append(Markup('<link rel="alternate" type="application/atom+xml" href="{}" title="New and changed commentary">').format(self.feed_href))
        if self.theme_feed_href:
            lines.append(Markup('<link rel="alternate" type="application/atom+xml" href="{}" title="New and changed commentary on this theme">').format(self.theme_feed_href))
        if self.article_feed_href:
            lines.append(Markup('<link rel="alternate" type="application/atom+xml" href="{}" title="New and changed commentary on this article">').format(self.article_feed_href))
        return Markup("\n").join(lines)

    def body_html(self, cite_links: bool = True) -> Markup:
        """What follows the page's content: the "Cite this page" links (unless the page has them at its top: an
        article's "Cite this article"), the theme's feed, a COinS span for the page and per note."""
        parts = []
        links = self._cite_hrefs() if cite_links else []
        if links:
            anchors = Markup(" · ").join(Markup('<a href="{}" download type="{}">{}</a>').format(href, kind, label) for kind, href, label in links)
            parts.append(Markup('<p class="tc-cite tc-meta">Cite this page: {} (for Zotero, LaTeX and other reference managers)</p>').format(anchors))
        if self.theme_feed_href:
            parts.append(Markup('<p class="tc-feed tc-meta"><a href="{}">Feed of new and changed notes on this theme</a> (Atom)</p>').format(self.theme_feed_href))
        parts.extend(Markup('<span class="Z3988" title="{}"></span>').format(coins) for coins in self.coins)
        return Markup("").join(parts)


def json_ld_text(value: dict[str, Any]) -> Markup:
    """JSON for a ``<script>`` element: "<", ">" and "&" as JSON escapes, so no value can close the element
    or open a comment, and the result needs no further escaping (an HTML parser does not decode a script's text)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


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
                  theme_feed: str | None = None, facts: PageFacts | None = None, article_feed: str | None = None) -> PageCitation:
    facts = facts or PageFacts(src_uri, title)
    page_path = publication.page_path(src_uri)
    here = page_path + "index.html" if page_path.endswith("/") or page_path == "" else page_path
    items = [csl.page_item(src_uri, title, notes, publication, facts.description)] + [csl.note_item(note, publication) for note in notes]
    cite_file = publication.cite_file(src_uri)
    return PageCitation(
        tags=_tags(publication, facts, notes),
        items=items,
        cite_file=cite_file,
        cite_href=_relative(here, cite_file),
        feed_href=_relative(here, SITE_FEED) if has_feed else None,
        theme_feed_href=_relative(here, theme_feed) if theme_feed else None,
        article_feed_href=_relative(here, article_feed) if article_feed else None,
        coins=[_page_coins(publication, facts, notes)] + [_coins(publication, note) for note in notes] if notes else [],
        description=facts.description,
        json_ld=_json_ld(publication, facts, notes),
    )


def highwire_author(author: csl.CitedAuthor) -> str:
    """A ``citation_author`` value: a person as named; an institution in the inverted form with an empty given
    name ("The editors of treaty-commentary,"), which Zotero and Google Scholar read as one name."""
    return author.name + "," if author.institutional and "," not in author.name else author.name


def _tags(publication: Publication, facts: PageFacts, notes: list[Note]) -> list[tuple[str, str]]:
    project = publication.project
    authors = csl.cited_authors(notes, project.edition)
    day = csl.page_date(notes, publication)
    url = publication.absolute(publication.page_path(facts.src_uri))
    themes = list(dict.fromkeys(project.themes[t].label for n in notes for t in n.themes if t in project.themes))
    tags: list[tuple[str, str]] = [("citation_title", facts.title)]
    tags.extend(("citation_author", highwire_author(author)) for author in authors)
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
    pdf_url = publication.absolute(facts.pdf) if facts.pdf else None
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    # Dublin Core, which Zotero also reads (and other harvesters read first).
    tags.append(("DC.title", facts.title))
    tags.extend(("DC.creator", author.name) for author in authors)
    if day:
        tags.append(("DC.date", day.isoformat()))
    if facts.description:
        tags.append(("DC.description", facts.description))
    tags.append(("DC.type", "Text"))
    tags.append(("DC.language", publication.language))
    tags.append(("DC.relation.ispartof", publication.title))
    tags.extend(("DC.subject", label) for label in themes)
    if url:
        tags.append(("DC.identifier", url))
    return tags


def _section_kev(title: str, book: str) -> list[tuple[str, str]]:
    """The start of a ContextObject for a section of the commentary (Zotero: a book section)."""
    return [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "bookitem"), ("rft.atitle", title), ("rft.btitle", book)]


def _authors_kev(authors: list[csl.CitedAuthor]) -> list[tuple[str, str]]:
    return [("rft.aucorp" if author.institutional else "rft.au", author.name) for author in authors]


def _page_coins(publication: Publication, facts: PageFacts, notes: list[Note]) -> str:
    """The page itself as an OpenURL ContextObject, the first of the page's COinS spans."""
    fields = _section_kev(facts.title, publication.title)
    fields.extend(_authors_kev(csl.cited_authors(notes, publication.project.edition)))
    day = csl.page_date(notes, publication)
    if day:
        fields.append(("rft.date", day.isoformat()))
    if facts.description:
        fields.append(("rft.description", facts.description))
    fields.append(("rft.language", publication.language))
    url = publication.absolute(publication.page_path(facts.src_uri))
    if url:
        fields.append(("rft_id", url))
    return urlencode(fields)


def _coins(publication: Publication, note: Note) -> str:
    """An OpenURL ContextObject (Z39.88-2004) for one note, as a COinS span's title."""
    fields = _section_kev(note.title, publication.title)
    fields.extend(_authors_kev(csl.cited_authors([note], publication.project.edition)))
    if note.date:
        fields.append(("rft.date", note.date.isoformat()))
    fields.append(("rft.language", publication.language))
    url = publication.absolute(publication.note_path(note))
    if url:
        fields.append(("rft_id", url))
    return urlencode(fields)


# --------------------------------------------------------------------------- schema.org


def _json_ld(publication: Publication, facts: PageFacts, notes: list[Note]) -> dict[str, Any] | None:
    """schema.org for a page of a text: the text as ``Legislation`` and each note as a ``ScholarlyArticle`` about it.

    Pages about the whole site (home, themes, bibliography …) carry none: the tags say all there is."""
    instrument = facts.instrument
    if instrument is None:
        return None
    url = publication.absolute(publication.page_path(facts.src_uri))
    treaty: dict[str, Any] = {"@type": "Legislation", "name": instrument.title, "alternateName": instrument.label, "legislationType": "Treaty"}
    if instrument.symbol:
        treaty["legislationIdentifier"] = instrument.symbol
    if instrument.adopted:
        treaty["legislationDate"] = instrument.adopted.isoformat()
    source = publication.project.edition.texts.get(instrument.id)
    if source is not None and source.official is not None:
        treaty["sameAs"] = source.official.url
    text: dict[str, Any] = {
        "@type": "Legislation",
        "name": facts.title,
        "inLanguage": publication.language,
        "isPartOf": treaty,
        # The copy on this site is a reproduction, whatever the text's own standing: schema.org's word for that.
        "workExample": {"@type": "LegislationObject", "legislationLegalValue": "https://schema.org/UnofficialLegalValue", "encodingFormat": "text/html"},
    }
    if facts.article is not None:
        text["legislationIdentifier"] = f"{instrument.symbol or instrument.label}, {pinpoint(facts.article)}"
    if url:
        text["@id"] = url + "#text"
        text["url"] = url
        text["workExample"]["url"] = url
    if facts.description:
        text["description"] = facts.description
    graph: list[dict[str, Any]] = [text]
    edition = {"@type": "Book", "name": publication.title}
    if publication.site_url:
        edition["url"] = publication.site_url
    for note in notes:
        article: dict[str, Any] = {
            "@type": "ScholarlyArticle",
            "headline": note.title,
            "author": [{"@type": "Organization" if a.institutional else "Person", "name": a.name} for a in csl.cited_authors([note], publication.project.edition)],
            "isPartOf": edition,
            "about": {"@id": text["@id"]} if "@id" in text else {"name": facts.title},
            "inLanguage": publication.language,
        }
        if note.date:
            article["datePublished"] = note.date.isoformat()
        note_url = publication.absolute(publication.note_path(note))
        if note_url:
            article["url"] = note_url
        graph.append(article)
    return {"@context": "https://schema.org", "@graph": graph}


def _relative(from_file: str, to_path: str) -> str:
    return relative_path(posixpath.dirname(from_file), to_path)


_MIN = _dt.date.min


# --------------------------------------------------------------------------- descriptions


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe_page(publication: Publication, kind: str, document_title: str, instrument: Instrument | None, article: Article | None,
                  notes: list[Note], proposals: int, theme_description: str | None = None) -> str | None:
    """One or two sentences saying what this page holds, for its description tag and citation abstract; None for a
    page the site's own description covers (the home page, a hand-written page).

    Each sentence says only what the page shows: the counts are the page's own."""
    title = publication.title
    if instrument is not None:
        copy = ", from an unofficial copy" if (source := publication.project.edition.texts.get(instrument.id)) is not None and source.unofficial else ""
        commentary = f"{_count(len(notes), 'note', 'notes')} of commentary" if notes else "no commentary yet"
        if proposals:
            commentary += f" and {_count(proposals, 'drafting proposal', 'drafting proposals')}"
        if kind == "article" and article is not None:
            return f"{instrument.label}, {article.label}: the text of the article{copy}, with {commentary}, in {title}."
        if kind == "division":
            return f"{document_title}: the articles of this part of the {instrument.title}, in {title}."
        if kind == "preamble":
            return f"The preamble of the {instrument.title}{copy}, in {title}."
        if kind == "notes":
            return f"The interpretative notes of the {instrument.title}{copy}, in {title}."
        if kind == "overview":
            return f"Commentary on the {instrument.title} as a whole: {commentary}, in {title}."
        return None
    about_site = {
        "proposals": f"The drafting proposals of {title}, each shown against the provision it would change.",
        "matrix": f"Safeguards matrix of {title}: articles against the themes of the commentary.",
        "tracker": f"Recommendations tracker of {title}: recommendations of the reports the commentary draws on, with their status.",
        "themes": f"The themes of {title}, with the notes on each.",
        "theme": f"{document_title}: {theme_description}" if theme_description else f"{document_title}: the notes of {title} on this theme.",
        "concordance": f"Concordance of {title}: which provisions of the texts correspond, and the draft provisions they came from.",
        "bibliography": f"The sources cited in {title}.",
        "about": f"About {title}: its editors, how the commentary is made, its licence and how to cite it.",
        "contributing": f"How to contribute to {title}: the format of notes, drafting proposals and data files.",
    }
    return about_site.get(kind)
