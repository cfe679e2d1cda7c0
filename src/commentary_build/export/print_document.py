"""Standalone HTML for print, made by the site's own renderers.

The article pages are rendered exactly as for the site (same text, blackline, notes and
OSCOLA footnotes); what differs on paper is done here, after rendering, so the site's
renderers stay the single source of what a page says:

- links: ``PrintUrls`` points every link at an anchor inside the document when its target
  is in the selection, and at the published site (or nowhere: the link becomes text)
  otherwise, so a brief never links to pages it does not hold;
- ids: anchors that are unique only within a page ("commentary", "note-…", "fn-3") get the
  page's prefix, so forty articles can live in one document; provision ids ("art-40-21-b")
  and proposal ids are unique across the text and stay as they are;
- footnotes: the list at the end of a page is dropped and each note is placed where it is
  cited as a ``float: footnote`` element, so it prints at the foot of the page that cites it;
- screen-only markup goes: the radio inputs and labels of the tabs (paper shows every view,
  captioned) and the caption naming the group of tabs, the hidden "inserted text:" prefixes,
  the paragraph markers ("1 note · 1 proposal"), and the contributor's hint on articles
  without commentary ("Notes are written by contributors; how to propose one");
- blackline markers ``[+ …]``/``[− …]`` become text beside the mark instead of inline-block
  pseudo-elements (which WeasyPrint sizes one by one: 2,500 of them cost two seconds);
- comparisons with another treaty are condensed (``print_comparison``), each under a heading
  and running header naming its instrument.

Documents are planned as *books* of independent parts that ``export.layout`` lays out in
parallel and caches, and ``export.merge`` joins: ``plan_book`` gives the full commentary
(front matter, one part per chapter, bibliography, covers) and ``plan_brief`` a brief (one
part per article, then its cover and contents). ``build_print_html`` gives the same brief as
one HTML document (contents numbered with ``target-counter``), for reading the HTML in tests.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable, Sequence
from importlib import resources

from markdown_it import MarkdownIt
from markupsafe import escape

from ..check import Analysis
from ..model import Article, Division, Instrument, Project, Proposal
from ..model.settings import Settings
from ..render import pages
from ..render.bibliography import Reproduced, render_bibliography_html
from ..render.context import RenderContext
from ..render.navigation import article_heading, nav_title
from ..render.text import TextContext, render_units
from ..render.urls import SiteUrls
from ..transform.citations import FootnoteSequence
from .print_comparison import comparison_sections
from .selection import Selection, chapter_number

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

# Links to pages outside the document, when no site URL is known, carry this scheme until
# ``_unlink_outside`` turns them into plain text.
_OUTSIDE = "tc-outside:"
# Links from one part of a book to another: ``export.merge`` turns them into named destinations.
PART_LINK = "tc-part:"


@dataclasses.dataclass
class PrintOptions:
    paper: str = "a4"
    # The build's settings (``project.settings``, with the address of a command's --site-url): the
    # title, where out-of-document links point (no site_url turns them into text) and the version.
    settings: Settings = dataclasses.field(default_factory=Settings)
    # Leave out articles with neither commentary nor proposals. None: the default of the
    # selection (on for chapter and theme briefs; articles named with --articles are kept).
    omit_unannotated: bool | None = None

    @property
    def site_title(self) -> str:
        return self.settings.title

    @property
    def site_url(self) -> str | None:
        return self.settings.site_url

    @property
    def build_date(self) -> _dt.date:
        return self.settings.revision.day

    @property
    def revision(self) -> str:
        """The commit as printed (``Revision.short``), for the PDF's metadata."""
        return self.settings.revision.short or "unknown"


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


def is_annotated(project: Project, analysis: Analysis, instrument: Instrument, article: Article) -> bool:
    """True when the article has commentary or a drafting proposal touches it."""
    return bool(project.notes_by_article(instrument.id).get(article.id)) or bool(analysis.proposals.on_article(instrument.id, article.id))


def brief_articles(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions) -> tuple[list[Article], list[Article]]:
    """(articles printed, articles left out for having no commentary)."""
    omit = options.omit_unannotated
    if omit is None:
        omit = selection.kind in ("chapter", "theme")
    articles = selection.articles()
    if not omit:
        return articles, []
    kept = [a for a in articles if is_annotated(project, analysis, selection.instrument, a)]
    return kept, [a for a in articles if a not in kept]


# ---------------------------------------------------------------------------- rendering sections


@dataclasses.dataclass
class Section:
    anchor: str
    html: str
    toc_label: str
    toc_level: int


class SectionRenderer:
    """Renders the sections of one document (or book) with one shared context, in reading order."""

    def __init__(self, project: Project, analysis: Analysis, instrument: Instrument, included_articles: Sequence[Article],
                 full: bool, options: PrintOptions):
        self.project = project
        self.instrument = instrument
        urls_of = SiteUrls(directory_urls=True)
        included: dict[str, str] = {}
        if full:
            included[urls_of.instrument_page(instrument, "overview")] = "overview"
            included[urls_of.instrument_page(instrument, "preamble")] = "preamble"
        for article in included_articles:
            included[urls_of.article_page(instrument, article)] = article.id
        unit_ids = set(instrument.index)

        def document_wide(anchor: str) -> bool:
            return anchor in unit_ids or anchor.startswith(("proposal-", "rationale-"))

        self.document_wide = document_wide
        self.full = full
        self.included_articles = {article.id for article in included_articles}
        urls = PrintUrls(included, document_wide, options.site_url)
        for each in project.instruments.values():
            urls.register_instrument(each)
        context = PrintContext.create(project, analysis, urls)
        assert isinstance(context, PrintContext)
        self.context = context
        # Engine-made Markdown only: contributor text in it is already safe HTML (see markdown.py).
        self.markdown = MarkdownIt("commonmark", {"html": True}).enable("table")

    # ------------------------------------------------------------------ sections
    def overview(self) -> Section:
        page = pages.overview_page(self.instrument, self.context)
        html = self._convert(page.src_uri, "overview", "Overview", page.markdown, "tc-print-front", None)
        return Section("overview", html, "Overview", 1)

    def preamble(self) -> Section:
        here = self.context.urls.instrument_page(self.instrument, "preamble")
        text = render_units(self.instrument.preamble, TextContext(self.instrument, self.context.words_html(here, self.instrument)), "tc-text tc-preamble")
        html = (
            '<section class="tc-print-preamble" id="preamble"><h1 class="tc-chapter-title" data-running="Preamble">Preamble</h1>'
            f"{print_only(text)}</section>"
        )
        return Section("preamble", html, "Preamble", 1)

    def chapter_heading(self, chapter: Division) -> Section:
        heading = f"{chapter.label}: {chapter.title}"
        html = (
            f'<section class="tc-print-chapter" id="{escape(chapter.id)}"><h1 class="tc-chapter-title" data-running="{escape(heading)}">'
            f'<span class="tc-chapter-label">{escape(chapter.label)}</span> {escape(chapter.title)}</h1></section>'
        )
        return Section(chapter.id, html, heading, 1)

    def article(self, article: Article) -> Section:
        page = pages.article_page(self.instrument, article, self.context)
        groups = self.context.comparisons.by_from_article.get((self.instrument.id, article.id), [])
        html = self._convert(page.src_uri, article.id, article_heading(article), page.markdown, "tc-print-article", nav_title(article),
                             comparisons=comparison_sections(groups, article))
        return Section(article.id, html, article_heading(article), 2)

    def final_clause(self) -> Section | None:
        instrument = self.instrument
        if not instrument.final_clauses:
            return None
        here = self.context.urls.instrument_page(instrument, "preamble")
        text = render_units(instrument.final_clauses, TextContext(instrument, self.context.words_html(here, instrument)), "tc-text tc-final")
        # The treaty's own footnotes (not commentary citations) follow the clause they belong to, as printed.
        notes = "".join(f'<li id="source-{escape(f.id)}"><span class="tc-fn-marker">{escape(f.marker)}</span> {escape(f.text)}</li>' for f in instrument.footnotes)
        notes_html = f'<ol class="tc-source-footnotes">{notes}</ol>' if notes else ""
        html = (
            '<section class="tc-print-final" id="final-clause"><h1 class="tc-chapter-title" data-running="Final clause">Final clause</h1>'
            f"{print_only(text)}{notes_html}</section>"
        )
        return Section("final-clause", html, "Final clause", 1)

    def bibliography(self) -> Section:
        context = self.context
        cited = {key: self.project.bibliography[key] for key in context.citation_index.keys() if key in self.project.bibliography}
        # The text commented on is cited by article throughout: listed as reproduced here, not as uncited.
        text_entry = self.instrument.bibliography_entry
        reproduced = {}
        if text_entry is not None:
            cited.setdefault(text_entry.id, text_entry)
            reproduced[text_entry.id] = Reproduced(None, None, "in this document")
        if not cited:
            body = '<p class="tc-empty">No sources are cited in this document.</p>'
        else:
            # "Cited in" links name the page and the note number; in print they go to the footnote itself.
            listing = str(render_bibliography_html(cited, context.citation_index, lambda src_uri: context.urls.href("", src_uri), reproduced=reproduced))
            body = _CITED_IN.sub(lambda m: f'href="#{m[1]}--fn-{m[2]}"', listing)
            body = _unlink_outside(body)
        html = f'<section class="tc-print-bibliography" id="bibliography"><h1 class="tc-chapter-title" data-running="Bibliography">Bibliography</h1>{body}</section>'
        return Section("bibliography", html, "Bibliography", 1)

    # ------------------------------------------------------------------ conversion
    def _convert(self, src_uri: str, anchor: str, title: str, markdown: str, css_class: str, running: str | None, comparisons: str = "") -> str:
        html = self.markdown.render(markdown)
        html = _HEADING_ID.sub(lambda m: f'<h{m[1]} id="{m[3]}">{m[2]}</h{m[1]}>', html)
        html = _PAGE_TITLE.sub("", html, count=1)
        html = _FOOTNOTE_LIST.sub("", html)
        html = _COMPARISON_SECTION.sub("", html)
        if comparisons:
            html = _insert_before_related(html, comparisons)
        html = _NOTE_HEADING.sub(r'<h3 class="tc-note-title" id="\1">', html)
        html = _legend_first(html)
        html = self.place_footnotes(html, anchor, self.context.footnote_sequences.get(src_uri))
        html = self.refer_to_proposals(html)
        html = self._scope_ids(html, anchor)
        html = print_only(html)
        if not self.full:
            # "Related provisions" in a brief: an article it does not hold is named, and said to be elsewhere.
            html = _RELATED_OUTSIDE.sub(r"\1\2; not in this brief)", html)
        return (
            f'<section class="{css_class}" id="{escape(anchor)}">'
            f'<h2 class="tc-section-title" data-running="{escape(running or title)}">{escape(title)}</h2>{html}</section>'
        )

    def place_footnotes(self, html: str, section: str, sequence: FootnoteSequence | None) -> str:
        if sequence is None:
            return html
        placed: set[int] = set()

        def replace(match: re.Match[str]) -> str:
            number = int(match[1])
            if number in placed:
                # A second reference to the same note points at it rather than printing it twice.
                return f'<sup class="tc-footnote-again"><a href="#{section}--fn-{number}">{number}</a></sup>'
            placed.add(number)
            return f'<span class="tc-footnote" id="{section}--fn-{number}" data-number="{number}">{sequence.note_html(number)}</span>'

        return _FOOTNOTE_REF.sub(replace, html)

    def refer_to_proposals(self, html: str) -> str:
        """A proposal named by its id in the commentary ("the alternative proposal hr-refusal-chapter-wide")
        becomes a short reference a reader of the paper can follow: its title and the provision it changes,
        linked when the proposal is in this document, and said to be elsewhere when it is not."""
        proposals = {p.id: p for n in self.project.notes if n.instrument_id == self.instrument.id for p in n.proposals}
        if not proposals:
            return html
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(proposals, key=len, reverse=True)) + r")(?![\w-])")
        out: list[str] = []
        in_link = 0
        for piece in _TAG_OR_TEXT.findall(html):
            if piece.startswith("<"):
                if re.match(r"<a\b", piece):
                    in_link += 1
                elif piece.startswith("</a"):
                    in_link = max(0, in_link - 1)
                out.append(piece)
            elif in_link or "-" not in piece:
                out.append(piece)
            else:
                out.append(pattern.sub(lambda m: self._proposal_reference(proposals[m[1]]), piece))
        return "".join(out)

    def _proposal_reference(self, proposal: Proposal) -> str:
        first = next((e.target for e in proposal.edits if e.target in self.instrument.index), None)
        article = self.instrument.article_of(first) if first else None
        title = f"\u201c{escape(proposal.title)}\u201d"
        if article is not None and article.id in self.included_articles:
            return f'<a class="tc-proposal-ref" href="#proposal-{escape(proposal.id)}">{escape(proposal.id)}</a> <span class="tc-proposal-ref-title">({title})</span>'
        where = f", on Art. {escape(article.number)}" if article is not None else ""
        elsewhere = "not in this brief" if not self.full else "not in this document"
        return f'{escape(proposal.id)} <span class="tc-proposal-ref-title">({title}{where}; {elsewhere})</span>'

    def _scope_ids(self, html: str, section: str) -> str:
        local = {anchor for anchor in _ID.findall(html) if not self.document_wide(anchor) and not anchor.startswith(f"{section}--")}
        html = _ID.sub(lambda m: f'id="{m[1]}"' if m[1] not in local else f'id="{section}--{m[1]}"', html)
        return _LOCAL_HREF.sub(lambda m: f'href="#{section}--{m[1]}"' if m[1] in local else m[0], html)


_TAG_OR_TEXT = re.compile(r"<[^>]*>|[^<]+")
_RELATED_OUTSIDE = re.compile(r'(<li><span class="tc-offsite">[^<]*</span> <span class="tc-meta">\()([^)<]*)\)')
_HEADING_ID = re.compile(r"<h([1-6])>(.*?) \{#([\w:-]+)\}</h\1>")
_PAGE_TITLE = re.compile(r"<h1>.*?</h1>\n?")
_FOOTNOTE_LIST = re.compile(r'<h2 id="notes">Notes</h2>\s*<section class="footnotes" id="footnotes">.*?</section>', re.S)
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref"[^>]*><a href="#fn-(\d+)">\d+</a></sup>')
# The site's comparison sections (tabs with both texts in full) run to the next section heading.
_COMPARISON_SECTION = re.compile(r'<h2 id="compared-[^"]*">.*?(?=<h2 |\Z)', re.S)
_RELATED = re.compile(r'<h2 id="related">')
_LEGEND = re.compile(r'<div class="tc-redline-legend"[^>]*>.*?</div>', re.S)
_NOTE_HEADING = re.compile(r'<h3 id="(note-[^"]+)">')
_ID = re.compile(r'\bid="([^"]+)"')
_LOCAL_HREF = re.compile(r'\bhref="#([^"]+)"')
_OUTSIDE_LINK = re.compile(r'<a\b[^>]*\bhref="' + re.escape(_OUTSIDE) + r'[^"]*"[^>]*>(.*?)</a>', re.S)
_CITED_IN = re.compile(r'href="#([^"#]+)#fn-(\d+)"')


def _legend_first(html: str) -> str:
    """The article's key to the blackline, which the web page gives under "Drafting proposals", moved to just
    before the treaty text when a blackline is in it: an article printed on its own (pdf/articles/art-40.pdf)
    has no cover to explain the marks before they are met."""
    legend = _LEGEND.search(html)
    first = html.find('<div class="tc-redline-views"')
    if legend is None or first < 0 or first > legend.start():
        return html
    text = html.rfind('<div class="tc-text"', 0, first)
    at = text if text >= 0 else first
    return html[:at] + legend[0] + html[at:legend.start()] + html[legend.end():]


def _insert_before_related(html: str, insert: str) -> str:
    match = _RELATED.search(html)
    return html[: match.start()] + insert + html[match.start():] if match else html + insert


# ---------------------------------------------------------------------------- print-only clean-up


_TAB_INPUT = re.compile(r"<input\b[^>]*>")
_TAB_LABELS = re.compile(r'<div class="tabbed-labels">.*?</div>', re.S)
_HIDDEN = re.compile(r'<span class="visually-hidden">[^<]*</span>')
# Every mark of the blackline, whatever other classes it carries (the template adds tc-after-mark to a mark
# that directly follows the other kind: "State Party.]" then "[+ Mutual").
# A mark already given its marker (print_only runs on the cover's legend, then on a whole table) is left as it is.
_MARK = re.compile(r'(?<!<span class="tc-mark">\[.\u00a0</span>)<(ins|del) class="(tc-(?:ins|del)(?: [^"]*)?)"([^>]*)>(.*?)</\1>', re.S)
_CONTRIBUTOR_HINT = re.compile(r'<p class="tc-empty">No commentary on this article yet\..*?</p>', re.S)
# Web affordances: the contributor's link ("Notes are written by contributors; how to propose one"), the
# paragraph markers ("1 note · 1 proposal", a link to the commentary below) and the caption naming a
# group of tabs for screen readers ("Proposal on art 40(8): …", which the blackline's own heading repeats).
_CONTRIBUTE = re.compile(r'<p class="tc-contribute\b[^"]*"[^>]*>.*?</p>', re.S)
_MARKER = re.compile(r'\s*<a class="tc-marker"[^>]*>.*?</a>', re.S)
_VIEWS_CAPTION = re.compile(r'<p class="tc-views-caption"[^>]*>.*?</p>', re.S)
_MARKERS = {"ins": "[+\u00a0", "del": "[\u2212\u00a0"}


def print_only(html: str) -> str:
    """Remove what only a screen needs and make the blackline markers text (see the module docstring)."""
    html = _TAB_INPUT.sub("", html)
    html = _TAB_LABELS.sub("", html)
    html = _HIDDEN.sub("", html)
    html = _CONTRIBUTOR_HINT.sub('<p class="tc-empty">No commentary on this article.</p>', html)
    html = _CONTRIBUTE.sub("", html)
    html = _MARKER.sub("", html)
    html = _VIEWS_CAPTION.sub("", html)
    html = _MARK.sub(lambda m: f'<span class="tc-mark">{_MARKERS[m[1]]}</span><{m[1]} class="{m[2]}"{m[3]}>{m[4]}</{m[1]}><span class="tc-mark">]</span>', html)
    return _unlink_outside(html)


def _unlink_outside(html: str) -> str:
    return _OUTSIDE_LINK.sub(r'<span class="tc-offsite">\1</span>', html)


# ---------------------------------------------------------------------------- one document (briefs)


def build_print_html(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions,
                     progress: Callable[[str], None] | None = None) -> str:
    """The whole document (cover, contents, sections, bibliography) as one HTML string."""
    instrument = selection.instrument
    articles, left_out = brief_articles(project, analysis, selection, options) if not selection.is_full else (selection.articles(), [])
    renderer = SectionRenderer(project, analysis, instrument, articles, selection.is_full, options)
    sections: list[Section] = []
    if selection.is_full:
        sections += [renderer.overview(), renderer.preamble()]
    wanted = {a.id for a in articles}
    done = 0
    for chapter, members in selection.chapters():
        members = [a for a in members if a.id in wanted]
        if not members:
            continue
        sections.append(renderer.chapter_heading(chapter))
        for article in members:
            done += 1
            if progress:
                progress(f"[{done}/{len(articles)}] {article.label.rstrip('.')} {article.title}")
            sections.append(renderer.article(article))
    if selection.is_full:
        final = renderer.final_clause()
        if final is not None:
            sections.append(final)
    sections.append(renderer.bibliography())
    toc = [(s.anchor, s.toc_label, s.toc_level) for s in sections]
    body = cover_html(selection.title, instrument, options, len(articles), left_out) + contents_html(toc, None) + "".join(s.html for s in sections)
    return document_html(full_title(selection.title, options), body, options, header=instrument.symbol or instrument.short_title,
                         footer='counter(page) " / " counter(pages)')


def full_title(title: str, options: PrintOptions) -> str:
    return f"{title} — {options.site_title}" if options.site_title else title


# ---------------------------------------------------------------------------- the book (full commentary in parts)


@dataclasses.dataclass
class PrintPart:
    """One independently laid-out piece of a book: its HTML and how its pages are labelled."""

    name: str  # "front", "chp-5", "bibliography", "cover", "cover-chp-5"
    html: str
    label_prefix: str = ""  # printed before the page number: "V-"
    label_style: str = "D"  # PDF page-label style: "D" decimal, "r" lower roman, "" no number (the prefix alone)
    # Articles that start a page in this part: (anchor, document title), each also written as its own PDF.
    articles: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def label(self, index: int) -> str:
        """The printed label of the part's page ``index`` (from 0)."""
        if self.label_style == "r":
            return self.label_prefix + _roman(index + 1)
        if self.label_style == "D":
            return f"{self.label_prefix}{index + 1}"
        return self.label_prefix


@dataclasses.dataclass
class BookDocument:
    """A PDF the book publishes: its site path, title and the parts it is made of, in order."""

    path: str
    title: str
    parts: list[str]


@dataclasses.dataclass
class Book:
    """The full commentary as parts. ``body`` parts are laid out first; the front matter and covers,
    which print page labels of the body, are made from those labels by ``finish``."""

    instrument: Instrument
    body: list[PrintPart]
    finish: Callable[[dict[str, str]], list[PrintPart]]  # anchor -> page label ("V-12") -> front and covers
    documents: list[BookDocument]
    site_links: dict[str, str]  # anchor -> site URL, for links that leave a document (chapter PDFs)


def plan_book(project: Project, analysis: Analysis, options: PrintOptions, full_path: str, chapter_path: Callable[[int], str],
              progress: Callable[[str], None] | None = None) -> Book:
    """The full commentary split into parts, and the documents made of them (the whole, and one per chapter)."""
    instrument = project.default_instrument
    articles = list(instrument.articles.values())
    renderer = SectionRenderer(project, analysis, instrument, articles, True, options)
    header = instrument.symbol or instrument.short_title
    overview, preamble = renderer.overview(), renderer.preamble()
    toc: list[tuple[str, str, int, str]] = []  # anchor, label, level, part
    # The overview and preamble are laid out with the chapters (numbered i, ii …); only the contents,
    # which print every part's page labels, wait for them.
    intro = PrintPart("intro", document_html("Overview and preamble", link_across(overview.html + preamble.html), options, header=header,
                                             footer="counter(page, lower-roman)"), "", "r")
    body: list[PrintPart] = [intro]
    chapters = instrument.chapters()
    final = None
    for position, chapter in enumerate(chapters, 1):
        sections = [renderer.chapter_heading(chapter)]
        for article_id in chapter.all_article_ids():
            article = instrument.articles[article_id]
            if progress:
                progress(f"{article.label.rstrip('.')} {article.title}")
            sections.append(renderer.article(article))
        if position == len(chapters):
            final = renderer.final_clause()
            if final is not None:
                sections.append(final)
        prefix = f"{chapter.number}-"
        toc += [(s.anchor, s.toc_label, s.toc_level, chapter.id) for s in sections]
        html = document_html(f"{chapter.label}: {chapter.title}", link_across("".join(s.html for s in sections)), options, header=header,
                             footer=f'"{css_string(prefix)}" counter(page)')
        titles = [(a, full_title(f"{instrument.articles[a].label.rstrip('.')}: {instrument.articles[a].title}", options)) for a in chapter.all_article_ids()]
        body.append(PrintPart(chapter.id, html, prefix, "D", titles))
    bibliography = renderer.bibliography()
    body.append(PrintPart("bibliography", document_html("Bibliography", link_across(bibliography.html), options, header=header, footer='"B-" counter(page)'), "B-", "D"))
    toc.append(("bibliography", "Bibliography", 1, "bibliography"))
    site_links = _site_links(instrument, renderer, options)
    symbol = instrument.symbol or ""

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        entries = [("overview", "Overview", 1), ("preamble", "Preamble", 1)] + [(a, label, level) for a, label, level, _ in toc]
        front = PrintPart("front", document_html("Contents", contents_html(entries, labels), options, header=header, footer='"C-" counter(page)'), "C-", "D")
        covers = ['<section class="tc-cover" id="cover-0">' + _cover_inner("Full commentary", instrument, options, len(articles), [],
                                                              f"{len(chapters)} chapters; pages are numbered by chapter (V-12 is page 12 of Chapter V), "
                                                              "as in the chapter PDFs, so both cite the same page.") + "</section>"]
        for position, chapter in enumerate(chapters, 1):
            ids_ = chapter.all_article_ids()
            first, last = labels.get(chapter.id, "?"), _last_label(labels, ids_, chapter)
            listing = "".join(
                f'<li><span class="tc-cover-article" data-page="{escape(labels.get(a, ""))}">'
                f'{escape(instrument.articles[a].label.rstrip("."))}: {escape(instrument.articles[a].title)}</span></li>'
                for a in ids_
            )
            note = (f"Pages {first} to {last} of the full commentary, numbered as there. "
                    f"{symbol + ': ' if symbol else ''}{chapter.label}, articles {instrument.articles[ids_[0]].number}–{instrument.articles[ids_[-1]].number}.")
            covers.append(f'<section class="tc-cover tc-chapter-cover" id="cover-{position}">' + _cover_inner(f"{chapter.label}: {chapter.title}", instrument, options, len(ids_), [], note)
                          + f'<ul class="tc-cover-contents">{listing}</ul></section>')
        cover_part = PrintPart("covers", document_html("Covers", "".join(covers), options, header=header, footer=None), "Cover", "")
        return [front, cover_part]

    documents = [BookDocument(full_path, full_title("Full commentary", options), ["covers:0", "front", "intro", *[c.id for c in chapters], "bibliography"])]
    for position, chapter in enumerate(chapters, 1):
        documents.append(BookDocument(chapter_path(position), full_title(f"{chapter.label}: {chapter.title}", options), [f"covers:{position}", chapter.id]))
    return Book(instrument, body, finish, documents, site_links)


BRIEF = "brief.pdf"


def plan_brief(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions) -> Book:
    """A brief as a book: one part per article, laid out in parallel and cached like the chapters of the full
    commentary. Pages are numbered by article ("40-3" is page 3 of Article 40), so a brief's parts are
    independent and a page number says which article it is in."""
    instrument = selection.instrument
    articles, left_out = brief_articles(project, analysis, selection, options)
    renderer = SectionRenderer(project, analysis, instrument, articles, False, options)
    header = instrument.symbol or instrument.short_title
    body: list[PrintPart] = []
    toc: list[tuple[str, str, int]] = []
    wanted = {a.id for a in articles}
    for chapter, members in selection.chapters():
        members = [a for a in members if a.id in wanted]
        if not members:
            continue
        toc.append(("", f"{chapter.label}: {chapter.title}", 1))
        for article in members:
            section = renderer.article(article)
            prefix = f"{article.number}-"
            html = document_html(article_heading(article), link_across(section.html), options, header=header, footer=f'"{css_string(prefix)}" counter(page)')
            body.append(PrintPart(article.id, html, prefix, "D"))
            toc.append((article.id, section.toc_label, 2))
    bibliography = renderer.bibliography()
    body.append(PrintPart("bibliography", document_html("Bibliography", link_across(bibliography.html), options, header=header, footer='"B-" counter(page)'), "B-", "D"))
    toc.append(("bibliography", "Bibliography", 1))

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        note = "Pages are numbered by article: 40-3 is page 3 of Article 40."
        front_body = ('<section class="tc-cover">' + _cover_inner(selection.title, instrument, options, len(articles), left_out, note) + "</section>"
                      + contents_html(toc, labels))
        return [PrintPart("front", document_html("Contents", front_body, options, header=header, footer="counter(page, lower-roman)"), "", "r")]

    parts = ["front", *[part.name for part in body]]
    return Book(instrument, body, finish, [BookDocument(BRIEF, full_title(selection.title, options), parts)], {})


def link_across(html: str) -> str:
    """Links to anchors outside this part's own HTML point at the book (``export.merge`` resolves them)."""
    own = set(_ID.findall(html))
    return _LOCAL_HREF.sub(lambda m: m[0] if m[1] in own else f'href="{PART_LINK}{m[1]}"', html)


def _last_label(labels: dict[str, str], article_ids: list[str], chapter: Division) -> str:
    return labels.get(f"end:{chapter.id}", labels.get(article_ids[-1], "?"))


def _site_links(instrument: Instrument, renderer: SectionRenderer, options: PrintOptions) -> dict[str, str]:
    """Where each article's anchors live on the published site, for links leaving a chapter PDF."""
    if not options.site_url:
        return {}
    base = options.site_url.rstrip("/") + "/"
    urls = SiteUrls(directory_urls=True)
    links: dict[str, str] = {}
    for article in instrument.articles.values():
        page = base + urls.url(urls.article_page(instrument, article))
        links[article.id] = page
        for unit in article.walk():
            links[unit.id] = f"{page}#{unit.id}"
    return links


def _roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


# ---------------------------------------------------------------------------- cover, contents, document


def cover_html(title: str, instrument: Instrument, options: PrintOptions, article_count: int, left_out: Sequence[Article], note: str = "") -> str:
    return '<section class="tc-cover">' + _cover_inner(title, instrument, options, article_count, left_out, note) + "</section>"


def _cover_inner(title: str, instrument: Instrument, options: PrintOptions, article_count: int, left_out: Sequence[Article], note: str) -> str:
    # The cover says which version this is in a reader's words (``Revision.version_label``: the commit's
    # date, whoever builds it and whenever); the commit itself goes in the PDF's metadata (document_keywords).
    omitted = ""
    if left_out:
        omitted = f"<dt>Left out</dt><dd>{escape(', '.join('Art. ' + a.number for a in left_out))} (no commentary or proposals)</dd>"
    return (
        f'<p class="tc-cover-site">{escape(options.site_title)}</p>'
        f'<h1 class="tc-cover-title">{escape(title)}</h1>'
        f'<p class="tc-cover-text">{escape(instrument.title)}</p>'
        f'<p class="tc-cover-symbol">{escape(instrument.symbol or "")}</p>'
        f'<p class="tc-cover-version">{escape(options.settings.revision.version_label)}</p>'
        '<dl class="tc-cover-meta">'
        f"<dt>Articles</dt><dd>{article_count}</dd>"
        f"{omitted}"
        "</dl>"
        + (f'<p class="tc-cover-note">{escape(note)}</p>' if note else "")
        + '<p class="tc-cover-caveat">The treaty text is reproduced verbatim. Drafting proposals are shown as blacklines and are proposals, not adopted text.</p>'
        + COVER_LEGEND
    )


# How to read a blackline, on the cover, before the first one: the marks as they print (print_only adds the markers).
COVER_LEGEND = print_only(
    '<div class="tc-cover-legend"><p><strong>How to read a blackline:</strong> '
    '<ins class="tc-ins">inserted words</ins> are underlined, <del class="tc-del">deleted words</del> struck through, '
    "and a bar in the margin marks each changed paragraph. Nothing else is underlined: links and cross-references are not. "
    "In a comparison with another treaty the same marks show where the two texts differ; they are not proposals.</p></div>"
)


def document_keywords(options: PrintOptions) -> str:
    """What the PDF's metadata says of its source (Keywords), so a printed copy can be traced to its commit."""
    return f"source revision {options.revision}"


def contents_html(toc: Sequence[tuple[str, str, int]], labels: dict[str, str] | None) -> str:
    """The contents; page numbers come from ``target-counter`` (one document) or from ``labels`` (a book)."""
    items = []
    for anchor, label, level in toc:
        if not anchor:
            items.append(f'<li class="tc-toc-{level}">{escape(label)}</li>')
            continue
        page = ""
        labelled = labels is not None and anchor in labels
        if labelled:
            assert labels is not None
            page = f' data-page="{escape(labels[anchor])}"'
        css = f"tc-toc-{level}" + (" tc-toc-labelled" if labelled else "")
        href = f"{PART_LINK}{anchor}" if labelled else f"#{anchor}"
        items.append(f'<li class="{css}"><a href="{escape(href)}"{page}>{escape(label)}</a></li>')
    return f'<nav class="tc-contents" id="contents"><h1 class="tc-contents-title">Contents</h1><ul>{"".join(items)}</ul></nav>'


def stylesheet() -> str:
    assets = resources.files("commentary_build").joinpath("assets")
    # redline.css carries the print rules of the blackline (change bars); print.css lays out pages.
    return assets.joinpath("redline.css").read_text(encoding="utf-8") + "\n" + assets.joinpath("print.css").read_text(encoding="utf-8")


def document_html(title: str, body: str, options: PrintOptions, header: str, footer: str | None, landscape: bool = False, body_class: str = "") -> str:
    """A complete HTML document; ``footer`` is the CSS ``content`` of the page number (None: no number)."""
    paper = PAPER_SIZES[options.paper]
    body_attributes = f' class="{escape(body_class)}"' if body_class else ""
    # The header's symbol is a named string (print.css): the document's, until a comparison prints another text's.
    page_css = f'@page {{ size: {paper}{" landscape" if landscape else ""};'
    page_css += f" @bottom-center {{ content: {footer}; }} }}" if footer else " @bottom-center { content: none; } }"
    page_css += f' :root {{ --tc-symbol: "{css_string(header)}"; }}'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="author" content="{escape(options.site_title)}"><meta name="generator" content="treaty-commentary">'
        f"<style>{stylesheet()}\n{page_css}</style></head><body{body_attributes}>{body}</body></html>"
    )


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


__all__ = [
    "PART_LINK", "PAPER_SIZES", "Book", "BookDocument", "PrintContext", "PrintOptions", "PrintPart", "PrintUrls",
    "SectionRenderer", "brief_articles", "build_print_html", "chapter_number", "contents_html", "cover_html",
    "document_html", "full_title", "is_annotated", "plan_book", "scoped", "stylesheet",
]
