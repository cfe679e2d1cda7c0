"""One standalone HTML document for print, made by the site's own renderers.

The article pages are rendered exactly as for the site (same text, blackline, notes and
OSCOLA footnotes), with three print-only adjustments made here:

- links: ``PrintUrls`` points every link at an anchor inside the document when its target
  is in the selection, and at the published site (or nowhere: the link becomes text)
  otherwise, so a brief never links to pages it does not hold;
- ids: anchors that are unique only within a page ("commentary", "note-…", "fn-3") get the
  page's prefix, so forty articles can live in one document; provision ids ("art-40-21-b")
  and proposal ids are unique across the text and stay as they are, so permalinks and
  cross-references keep their names;
- footnotes: the list at the end of a page is dropped and each note is placed where it is
  cited as a ``float: footnote`` element, so it prints at the foot of the page that cites it.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable
from importlib import resources

from markdown_it import MarkdownIt
from markupsafe import escape

from ..check import Analysis
from ..model import Project
from ..render import pages
from ..render.bibliography import render_bibliography_html
from ..render.context import RenderContext
from ..render.navigation import article_heading, nav_title
from ..render.text import TextContext, render_units
from ..render.urls import SiteUrls
from ..transform.citations import FootnoteSequence
from .selection import Selection

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

# Links to pages outside the document, when no site URL is known, carry this scheme until
# ``_unlink_outside`` turns them into plain text.
_OUTSIDE = "tc-outside:"


@dataclasses.dataclass
class PrintOptions:
    paper: str = "a4"
    site_title: str = ""
    revision: str = "unknown"
    build_date: _dt.date | None = None
    site_url: str | None = None  # where out-of-document links point; None turns them into text


class PrintUrls(SiteUrls):
    """Links for one document: in-document anchors for included pages, the site for the rest."""

    def __init__(self, included: dict[str, str], document_wide: Callable[[str], bool], site_url: str | None):
        super().__init__(directory_urls=True)
        self.included = included  # src_uri -> the anchor of its section
        self.document_wide = document_wide
        self.site_url = site_url.rstrip("/") + "/" if site_url else None

    def href(self, from_src_uri: str, to_src_uri: str, anchor: str | None = None) -> str:
        section = self.included.get(to_src_uri)
        if section is not None:
            return "#" + (scoped(section, anchor, self.document_wide) if anchor else section)
        if self.site_url:
            return self.site_url + self.url(to_src_uri) + (f"#{anchor}" if anchor else "")
        return _OUTSIDE + to_src_uri


def scoped(section: str, anchor: str, document_wide: Callable[[str], bool]) -> str:
    return anchor if document_wide(anchor) else f"{section}--{anchor}"


@dataclasses.dataclass
class PrintContext(RenderContext):
    """The site's render context, keeping each page's footnotes so they can be placed in the text."""

    footnote_sequences: dict[str, FootnoteSequence] = dataclasses.field(default_factory=dict)

    def new_footnotes(self, page_uri: str, page_title: str) -> FootnoteSequence:
        sequence = super().new_footnotes(page_uri, page_title)
        self.footnote_sequences[page_uri] = sequence
        return sequence


def build_print_html(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions,
                     progress: Callable[[str], None] | None = None) -> str:
    """The whole document (cover, contents, sections, bibliography) as one HTML string."""
    instrument = selection.instrument
    urls_of = SiteUrls(directory_urls=True)
    included: dict[str, str] = {}
    if selection.is_full:
        included[urls_of.instrument_page(instrument, "overview")] = "overview"
        included[urls_of.instrument_page(instrument, "preamble")] = "preamble"
    for article in selection.articles():
        included[urls_of.article_page(instrument, article)] = article.id
    unit_ids = set(instrument.index)

    def document_wide(anchor: str) -> bool:
        return anchor in unit_ids or anchor.startswith(("proposal-", "rationale-"))

    urls = PrintUrls(included, document_wide, options.site_url)
    for each in project.instruments.values():
        urls.register_instrument(each)
    context = PrintContext.create(project, analysis, urls)
    converter = _SectionConverter(context, document_wide)

    toc: list[tuple[str, str, int]] = []  # (anchor, label, level)
    sections: list[str] = []
    if selection.is_full:
        overview = pages.overview_page(instrument, context)
        sections.append(converter.section(overview.src_uri, "overview", "Overview", overview.markdown, "tc-front"))
        toc.append(("overview", "Overview", 1))
        sections.append(_preamble_section(instrument, context))
        toc.append(("preamble", "Preamble", 1))
    articles = selection.articles()
    done = 0
    for chapter, members in selection.chapters():
        chapter_anchor = f"{chapter.id}"
        heading = f"{chapter.label}: {chapter.title}"
        sections.append(
            f'<section class="tc-print-chapter" id="{escape(chapter_anchor)}"><h1 class="tc-chapter-title" data-running="{escape(heading)}">'
            f'<span class="tc-chapter-label">{escape(chapter.label)}</span> {escape(chapter.title)}</h1></section>'
        )
        toc.append((chapter_anchor, heading, 1))
        for article in members:
            done += 1
            if progress:
                progress(f"[{done}/{len(articles)}] {article.label.rstrip('.')} {article.title}")
            page = pages.article_page(instrument, article, context)
            running = nav_title(article)
            sections.append(converter.section(page.src_uri, article.id, article_heading(article), page.markdown, "tc-print-article", running))
            toc.append((article.id, article_heading(article), 2))
    if selection.is_full and instrument.final_clauses:
        sections.append(_final_section(instrument, context))
        toc.append(("final-clause", "Final clause", 1))
    sections.append(_bibliography_section(project, context))
    toc.append(("bibliography", "Bibliography", 1))
    return _document(project, selection, options, _cover(selection, options) + _contents(toc) + "".join(sections))


# ---------------------------------------------------------------------------- sections


class _SectionConverter:
    """Turns one page's Markdown into a document section with scoped ids and placed footnotes."""

    def __init__(self, context: PrintContext, document_wide: Callable[[str], bool]):
        # Engine-made Markdown only: contributor text in it is already safe HTML (see markdown.py).
        self.markdown = MarkdownIt("commonmark", {"html": True}).enable("table")
        self.context = context
        self.document_wide = document_wide

    def section(self, src_uri: str, anchor: str, title: str, markdown: str, css_class: str, running: str | None = None) -> str:
        html = self.markdown.render(markdown)
        html = _HEADING_ID.sub(lambda m: f'<h{m[1]} id="{m[3]}">{m[2]}</h{m[1]}>', html)
        html = _PAGE_TITLE.sub("", html, count=1)
        html = _FOOTNOTE_LIST.sub("", html)
        html = self._place_footnotes(html, anchor, self.context.footnote_sequences.get(src_uri))
        html = self._scope_ids(html, anchor)
        html = _unlink_outside(html)
        return (
            f'<section class="{css_class}" id="{escape(anchor)}">'
            f'<h2 class="tc-section-title" data-running="{escape(running or title)}">{escape(title)}</h2>{html}</section>'
        )

    def _place_footnotes(self, html: str, section: str, sequence) -> str:
        if sequence is None:
            return html
        placed: set[int] = set()

        def replace(match: re.Match) -> str:
            number = int(match[1])
            if number in placed:
                # A second reference to the same note points at it rather than printing it twice.
                return f'<sup class="tc-footnote-again"><a href="#{section}--fn-{number}">{number}</a></sup>'
            placed.add(number)
            return f'<span class="tc-footnote" id="{section}--fn-{number}" data-number="{number}">{sequence.note_html(number)}</span>'

        return _FOOTNOTE_REF.sub(replace, html)

    def _scope_ids(self, html: str, section: str) -> str:
        local = {anchor for anchor in _ID.findall(html) if not self.document_wide(anchor) and not anchor.startswith(f"{section}--")}
        html = _ID.sub(lambda m: f'id="{m[1]}"' if m[1] not in local else f'id="{section}--{m[1]}"', html)
        return _LOCAL_HREF.sub(lambda m: f'href="#{section}--{m[1]}"' if m[1] in local else m[0], html)


_HEADING_ID = re.compile(r"<h([1-6])>(.*?) \{#([\w:-]+)\}</h\1>")
_PAGE_TITLE = re.compile(r"<h1>.*?</h1>\n?")
_FOOTNOTE_LIST = re.compile(r'<h2 id="notes">Notes</h2>\s*<section class="footnotes" id="footnotes">.*?</section>', re.S)
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref"[^>]*><a href="#fn-(\d+)">\d+</a></sup>')
_ID = re.compile(r'\bid="([^"]+)"')
_LOCAL_HREF = re.compile(r'\bhref="#([^"]+)"')
_OUTSIDE_LINK = re.compile(r'<a\b[^>]*\bhref="' + re.escape(_OUTSIDE) + r'[^"]*"[^>]*>(.*?)</a>', re.S)


def _unlink_outside(html: str) -> str:
    return _OUTSIDE_LINK.sub(r'<span class="tc-offsite">\1</span>', html)


def _preamble_section(instrument, context: PrintContext) -> str:
    here = context.urls.instrument_page(instrument, "preamble")
    text = render_units(instrument.preamble, TextContext(instrument, context.words_html(here, instrument)), "tc-text tc-preamble")
    return (
        f'<section class="tc-print-preamble" id="preamble"><h1 class="tc-chapter-title" data-running="Preamble">Preamble</h1>'
        f"{_unlink_outside(text)}</section>"
    )


def _final_section(instrument, context: PrintContext) -> str:
    here = context.urls.instrument_page(instrument, "preamble")
    text = render_units(instrument.final_clauses, TextContext(instrument, context.words_html(here, instrument)), "tc-text tc-final")
    # The treaty's own footnotes (not commentary citations) follow the clause they belong to, as printed.
    notes = "".join(f'<li id="source-{escape(f.id)}"><span class="tc-fn-marker">{escape(f.marker)}</span> {escape(f.text)}</li>' for f in instrument.footnotes)
    notes_html = f'<ol class="tc-source-footnotes">{notes}</ol>' if notes else ""
    return (
        f'<section class="tc-print-final" id="final-clause"><h1 class="tc-chapter-title" data-running="Final clause">Final clause</h1>'
        f"{_unlink_outside(text)}{notes_html}</section>"
    )


def _bibliography_section(project: Project, context: PrintContext) -> str:
    cited = {key: project.bibliography[key] for key in context.citation_index.keys() if key in project.bibliography}
    if not cited:
        body = '<p class="tc-empty">No sources are cited in this document.</p>'
    else:
        # "Cited in" links name the page and the note number; in print they go to the footnote itself.
        html = render_bibliography_html(cited, context.citation_index, lambda src_uri: context.urls.href("", src_uri))
        body = _CITED_IN.sub(lambda m: f'href="#{m[1]}--fn-{m[2]}"', html)
        body = _unlink_outside(body)
    return f'<section class="tc-print-bibliography" id="bibliography"><h1 class="tc-chapter-title" data-running="Bibliography">Bibliography</h1>{body}</section>'


_CITED_IN = re.compile(r'href="#([^"#]+)#fn-(\d+)"')


# ---------------------------------------------------------------------------- cover, contents, document


def _cover(selection: Selection, options: PrintOptions) -> str:
    instrument = selection.instrument
    built = options.build_date or _dt.date.today()
    return (
        '<section class="tc-cover">'
        f'<p class="tc-cover-site">{escape(options.site_title)}</p>'
        f'<h1 class="tc-cover-title">{escape(selection.title)}</h1>'
        f'<p class="tc-cover-text">{escape(instrument.title)}</p>'
        f'<p class="tc-cover-symbol">{escape(instrument.symbol or "")}</p>'
        '<dl class="tc-cover-meta">'
        f"<dt>Built</dt><dd>{escape(built.isoformat())}</dd>"
        f"<dt>Source revision</dt><dd>{escape(options.revision)}</dd>"
        f"<dt>Articles</dt><dd>{len(selection.article_ids)}</dd>"
        "</dl>"
        '<p class="tc-cover-caveat">The treaty text is reproduced verbatim. Drafting proposals are shown as blacklines and are proposals, not adopted text.</p>'
        "</section>"
    )


def _contents(toc: list[tuple[str, str, int]]) -> str:
    items = "".join(f'<li class="tc-toc-{level}"><a href="#{escape(anchor)}">{escape(label)}</a></li>' for anchor, label, level in toc)
    return f'<nav class="tc-contents" id="contents"><h1 class="tc-contents-title">Contents</h1><ul>{items}</ul></nav>'


def _document(project: Project, selection: Selection, options: PrintOptions, body: str) -> str:
    assets = resources.files("commentary_build").joinpath("assets")
    # redline.css carries the print rules of the blackline (markers, change bars); print.css lays out pages.
    css = assets.joinpath("redline.css").read_text(encoding="utf-8") + "\n" + assets.joinpath("print.css").read_text(encoding="utf-8")
    paper = PAPER_SIZES[options.paper]
    header = selection.instrument.symbol or selection.instrument.short_title
    page_css = f'@page {{ size: {paper}; @top-right {{ content: "{_css_string(header)}"; }} }}'
    title = f"{selection.title} — {options.site_title}" if options.site_title else selection.title
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="author" content="{escape(options.site_title)}"><meta name="generator" content="treaty-commentary">'
        f"<style>{css}\n{page_css}</style></head><body>{body}</body></html>"
    )


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
