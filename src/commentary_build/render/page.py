"""A generated page: its path, title and Markdown body, and the whole site's pages with the problems found.

Page bodies are Markdown headings (for the page's table of contents) around HTML
blocks. Contributor text never reaches them as Markdown: notes are rendered to safe
HTML first, every other string is escaped by the templates that draw the blocks
(autoescape), and a heading's title is escaped as Markdown here (``heading``), because
the page skeleton is itself Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..model.problems import Report
from ..transform.citations import CitedOn

PageKind = Literal[
    "page", "home", "overview", "preamble", "division", "article", "notes", "proposals", "matrix",
    "tracker", "themes", "theme", "concordance", "contributing", "bibliography", "about",
]

# A navigation entry as MkDocs' `nav` takes it: {"Title": "path.md"} or {"Section": [entries…]}.
NavEntry = dict[str, Any]


@dataclass
class SitePage:
    src_uri: str  # where the page pretends to live in the docs folder: "uncc/art-40.md"
    title: str
    markdown: str
    edit_path: str | None = None  # repository path of the source to edit
    edit_is_new: bool = False  # True when edit_path is a folder where a new note would go
    kind: PageKind = "page"
    # Repository files whose change should rebuild this page (for incremental previews).
    sources: tuple[str, ...] = ()
    # The title of the page outside it (browser tab, search results, the header on scroll) when it
    # differs from ``title`` (navigation): "Art 15 — Conditions and safeguards · Budapest Convention".
    document_title: str | None = None
    # The title a citation gives the page (reference managers, CSL, the citation tags) when it differs from
    # ``title``: the text first, as a bibliography lists it ("Budapest Convention, Article 15: …").
    citation_title: str | None = None
    # The text the page belongs to (an instrument id), or None for a page about the whole site. On a
    # page of a text, "Previous" and "Next" go to ``previous`` and ``next`` (src_uri, or nowhere when None),
    # which never leave the text; the site generator orders the other pages.
    text_id: str | None = None
    previous: str | None = None
    next: str | None = None
    # Entries the page's table of contents starts with, before its headings: an article's paragraphs, which are
    # not headings (the text is not a list of sections), as (anchor, label) under (anchor, label) of the text.
    contents: tuple[tuple[str, str], tuple[tuple[str, str], ...]] | None = None
    # The site path of the PDF that holds this page's content ("pdf/articles/art-40.pdf"), when the build publishes one.
    pdf: str | None = None


@dataclass
class BuildStats:
    """What one build rendered and how long its parts took, for the build report and the benchmarks."""

    pages: int = 0
    notes: int = 0
    proposals: int = 0
    citations: int = 0
    cross_references_text: int = 0  # links found in the treaty texts
    cross_references_commentary: int = 0  # links made in rendered commentary
    comparisons: int = 0
    xref_index_seconds: float = 0.0
    comparison_seconds: float = 0.0
    git_seconds: float = 0.0
    engine_seconds: float = 0.0


@dataclass(frozen=True)
class SearchRecord:
    name: str  # a file name for the indexer, unique in the build ("text/12.html"); never from an input
    html: str  # the record as a document of its own (templates/search/record.html)


@dataclass
class SearchInput:
    """What the site's search indexes (render/search.py): the records, and the generated pages indexed whole (by src_uri)."""

    language: str
    records: list[SearchRecord] = field(default_factory=list)
    whole_pages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageEffects:
    """What drawing one page added to what the whole build shares: the places it cites sources (the
    bibliography page lists them) and the counts of the build report. A build that takes the page
    from an earlier one (the preview) adds them again, so it ends exactly as if it had drawn the page."""

    cited: tuple[tuple[str, CitedOn], ...] = ()
    citations: int = 0


@dataclass
class SiteBuild:
    pages: list[SitePage]
    nav: list[NavEntry]
    report: Report
    stats: BuildStats = field(default_factory=BuildStats)
    # Files other than pages that the site publishes, by path under the site folder.
    files: dict[str, str] = field(default_factory=dict)
    # What the footer of every page shows (render/about.py: footer_values), as plain strings.
    footer: dict[str, str] = field(default_factory=dict)
    # The site's name as the edition gives it (commentary/edition.yml), or None without that file.
    site_title: str | None = None
    # The document tree the pages were written from, which the PDFs and the data of the same build share.
    documents: Any = None
    # What the site's search indexes (render/search.py), for the indexer an adapter runs after writing the site.
    search: SearchInput | None = None
    # What drawing each article page added to the build's shared state, by src_uri (see PageEffects).
    effects: dict[str, PageEffects] = field(default_factory=dict)
    # The article pages taken from an earlier build instead of being drawn again (the preview).
    reused: set[str] = field(default_factory=set)

    def page(self, src_uri: str) -> SitePage | None:
        for page in self.pages:
            if page.src_uri == src_uri:
                return page
        return None


# Markdown's own punctuation, backslash-escaped; "&", "<" and ">" become character references instead:
# Python-Markdown keeps a backslash before them, so "A < B" would read "A \< B".
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHARACTERS = re.compile("[&<>]")


def md_escape(text: str) -> str:
    """Make text safe to place in a Markdown heading: no markup, no raw HTML, no attribute lists; shown as written."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))
    return _HTML_CHARACTERS.sub(lambda match: _HTML_SPECIAL[match.group(0)], escaped)


_PRE = re.compile(r"<pre\b.*?</pre>", re.S)


def html_block(html: str) -> str:
    """Rendered HTML as a raw block of the Markdown skeleton (plain str: the skeleton is Markdown, not Markup)."""
    # A blank line would end the raw block early, so blank lines go; inside <pre> (code in a
    # note) line breaks are text, so they become character references and survive.
    text = _PRE.sub(lambda m: m.group(0).replace("\n", "&#10;"), str(html))
    # A blank line before and after keeps Python-Markdown treating the block as raw HTML.
    return "\n\n" + text.replace("\n\n", "\n") + "\n\n"


# What an anchor may hold: anything else in "{#…}" would end the attribute list and be read as Markdown.
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


def md_anchor(anchor: str) -> str:
    """``anchor`` fit for a heading's "{#…}": unsafe characters (a recommendation file's source key
    is free text) become "-"; the ids the engine makes are left as they are."""
    return _ANCHOR_UNSAFE.sub("-", anchor).strip("-") or "section"


def heading(level: int, title: str, anchor: str) -> str:
    """A Markdown heading with a fixed anchor; the title is escaped, the anchor made safe."""
    return f"\n{'#' * level} {md_escape(title)} {{#{md_anchor(anchor)}}}\n"


# md_escape's characters but those HTML escaping takes care of (& < >): Python-Markdown unescapes
# exactly these after a backslash (a backslash before any other character stays), CommonMark too.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: str) -> str:
    """Text for a template that draws inline HTML inside a Markdown heading: every character that could
    start Markdown is backslash-escaped; the template's own autoescaping then makes the HTML safe."""
    return _MD_INLINE.sub(r"\\\1", str(text).replace("\n", " "))


def make_page(src_uri: str, title: str, body: str, heading_markdown: str | None = None, **kwargs: Any) -> SitePage:
    """A page whose h1 is ``title``, or ``heading_markdown`` (the inside of the h1: inline HTML drawn by a
    template from ``md_text`` values, on one line) when given. Either way it is a Markdown heading, so it
    has an id, and Material's "Skip to content" and the table of contents start there."""
    top = heading_markdown if heading_markdown is not None else md_escape(title)
    return SitePage(src_uri=src_uri, title=title, markdown=f"# {top}\n{body}", **kwargs)
