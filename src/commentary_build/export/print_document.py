"""Standalone HTML for print, written from the document tree with the site's own templates.

A printed article is the site's article page written again in the print medium
(``render.write``, ``medium = "print"``): the same page template (``page/article.html``)
and element templates, which leave out on paper what only a screen needs (the tabs' inputs
and labels, the paragraph markers, the hidden "inserted text:" words, the contributor's
hint) and write each blackline mark with its ``[+ …]``/``[− …]`` markers as text. Nothing is
rendered twice and no HTML is rewritten: what differs on paper is decided as it is written.

- links: ``PrintUrls`` points a link at an anchor inside the document when its target is
  in it (``tc-part:`` when it is in another part of a book, which ``export.merge``
  resolves), at the published site otherwise, or nowhere (the words are written as text);
- ids: anchors that are unique only within a page ("commentary", "note-…", "fn-3") get the
  section's prefix as they are written (``scoped``), so forty articles can live in one
  document; provision ids ("art-40-21-b") and proposal ids are unique across the text;
- footnotes: each is written where it is cited, as a ``float: footnote`` element, so it
  prints at the foot of the page that cites it;
- a proposal named by its id in commentary is named by its title and where it is;
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
from collections.abc import Callable, Sequence
from importlib import resources

from markupsafe import Markup, escape

from ..check import Analysis
from ..document import Documents
from ..document.naming import article_heading, nav_title
from ..document.nodes import ArticlePage, Paragraph, ProposalMention, Prose
from ..model import Article, Division, Instrument, Project
from ..model.settings import Settings
from ..render.bibliography import Reproduced, render_bibliography_html
from ..render.context import RenderContext
from ..render.urls import SiteUrls
from ..render.write import PageWriter
from ..transform.citations import FootnoteSequence
from .compilation import ProposalRow, compilation, proposed_by
from .print_comparison import comparison_sections
from .selection import Selection, chapter_number
from .typography import typeset

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

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
    """Links for one document: in-document anchors for included pages, the site (or nothing) for the rest.

    ``included``: page -> the anchor of its section; ``parts``: page -> the part of the book that holds it
    (None for a document of one part). A link to a page in another part than ``current_part`` is a
    ``tc-part:`` link, and is remembered in ``across`` for the part it was written in."""

    def __init__(self, included: dict[str, str], document_wide: Callable[[str], bool], site_url: str | None,
                 parts: dict[str, str] | None = None):
        super().__init__(directory_urls=True)
        self.included = included
        self.document_wide = document_wide
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.parts = parts
        self.current_part = ""
        self.across: dict[str, set[str]] = {}  # part -> anchors in other parts it links to

    def href(self, from_src_uri: str, to_src_uri: str, anchor: str | None = None) -> str | None:  # type: ignore[override]
        section = self.included.get(to_src_uri)
        if section is not None:
            target = scoped(section, anchor, self.document_wide) if anchor else section
            return self.inside(target, self.parts.get(to_src_uri) if self.parts is not None else None)
        if self.site_url:
            return self.site_url + self.url(to_src_uri) + (f"#{anchor}" if anchor else "")
        return None

    def holds(self, src_uri: str) -> bool:
        return src_uri in self.included

    def footnote_href(self, page: str, number: int) -> str | None:
        """Where footnote ``number`` of ``page`` is printed (its id is the section's: "art-40--fn-3")."""
        section = self.included.get(page)
        if section is None:
            return None
        return self.inside(footnote_id(section, number), self.parts.get(page) if self.parts is not None else None)

    def inside(self, target: str, part: str | None) -> str:
        """A link to ``target`` in the document, which is in ``part`` of the book (or in this part when None)."""
        if part is None or part == self.current_part:
            return f"#{target}"
        self.across.setdefault(self.current_part, set()).add(target)
        return PART_LINK + target


def scoped(section: str, anchor: str, document_wide: Callable[[str], bool]) -> str:
    return anchor if document_wide(anchor) else f"{section}--{anchor}"


def footnote_id(section: str, number: int) -> str:
    """A printed footnote's id: always the section's, even where the text's own footnotes have ids like "fn-1"."""
    return f"{section}--fn-{number}"


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


# ---------------------------------------------------------------------------- writing sections


@dataclasses.dataclass
class Section:
    anchor: str
    html: str
    toc_label: str
    toc_level: int


@dataclasses.dataclass
class PrintWriter(PageWriter):
    """A page written for paper: ``section`` is the anchor of the section that holds it in the document."""

    renderer: SectionRenderer | None = None
    section: str = ""

    def print_comparisons(self, page: ArticlePage) -> Markup:
        return Markup(comparison_sections(page.comparisons, page.article, self.anchor))

    def prose(self, prose: Prose, paragraph: Callable[[Paragraph], str] | None = None) -> Markup:
        # OSCOLA on paper: calls after the punctuation, single quotation marks (export.typography).
        return super().prose(typeset(prose), paragraph)


class SectionRenderer:
    """Writes the sections of one document (or book) from the document tree, with one shared context, in reading order.

    ``parts``: article id -> the part of a book that holds it ("chp-5", or the article's own id in a
    brief), so that links between parts are made as such; None for one document of one part."""

    def __init__(self, project: Project, analysis: Analysis, instrument: Instrument, included_articles: Sequence[Article],
                 full: bool, options: PrintOptions, documents: Documents | None = None, parts: dict[str, str] | None = None):
        self.project = project
        self.instrument = instrument
        included: dict[str, str] = {}
        page_parts: dict[str, str] | None = {} if parts is not None else None
        if full:
            included[SiteUrls.instrument_page(instrument, "overview")] = "overview"
            included[SiteUrls.instrument_page(instrument, "preamble")] = "preamble"
        for article in included_articles:
            page = SiteUrls.article_page(instrument, article)
            included[page] = article.id
            if page_parts is not None and parts is not None:
                page_parts[page] = parts.get(article.id, article.id)
        if page_parts is not None and full:
            page_parts[SiteUrls.instrument_page(instrument, "overview")] = page_parts[SiteUrls.instrument_page(instrument, "preamble")] = "intro"
        unit_ids = set(instrument.index)

        def document_wide(anchor: str) -> bool:
            return anchor in unit_ids or anchor.startswith(("proposal-", "rationale-", "blackline-"))

        self.document_wide = document_wide
        self.full = full
        self.options = options
        self.included_articles = {article.id for article in included_articles}
        self.urls = urls = PrintUrls(included, document_wide, options.site_url, page_parts)
        for each in project.instruments.values():
            urls.register_instrument(each)
        self.documents = documents if documents is not None else Documents.build(project, analysis)
        # The project's templates (mkdocs.yml's ``templates``, in the settings): print is written with the site's, overrides included.
        self.context = RenderContext.create(project, analysis, urls, documents=self.documents, template_dirs=options.settings.template_dirs)

    def writer(self, page_path: str, title: str, section: str, book_part: str | None = None, **values) -> PrintWriter:
        """The writer of one section; ``book_part``: the part of the book it is written into (links to others are part links)."""
        if book_part is not None:
            self.urls.current_part = book_part
        return PrintWriter(self.context, page_path, title, medium="print", scope=lambda anchor: scoped(section, anchor, self.document_wide),
                           footnote_mark=lambda footnotes, number, occurrence: self._footnote(section, footnotes, number, occurrence),
                           mention=self._mention, renderer=self, section=section, **values)

    # ------------------------------------------------------------------ sections
    def overview(self, part: str | None = None) -> Section:
        page = self.documents.overview(self.instrument)
        html = self.writer(page.path, "Overview", "overview", part).page("page/overview.html", page)
        return Section("overview", html, "Overview", 1)

    def preamble(self, part: str | None = None) -> Section:
        page = self.documents.front(self.instrument)
        html = self.writer(page.path, "Preamble", "preamble", part, part="preamble").page("page/front.html", page)
        return Section("preamble", html, "Preamble", 1)

    def chapter_heading(self, chapter: Division) -> Section:
        heading = f"{chapter.label}: {chapter.title}"
        html = (
            f'<section class="tc-print-chapter" id="{escape(chapter.id)}"><h1 class="tc-chapter-title" data-running="{escape(heading)}">'
            f'<span class="tc-chapter-label">{escape(chapter.label)}</span> {escape(chapter.title)}</h1></section>'
        )
        return Section(chapter.id, html, heading, 1)

    def article(self, article: Article, part: str | None = None) -> Section:
        page = self.documents.article(self.instrument, article)
        outside = None if self.full else "not in this brief"
        writer = self.writer(page.path, page.title, article.id, part, running=nav_title(article), outside=outside)
        return Section(article.id, writer.page("page/article.html", page), article_heading(article), 2)

    def final_clause(self, part: str | None = None) -> Section | None:
        page = self.documents.front(self.instrument)
        if not page.final_clauses:
            return None
        html = self.writer(page.path, "Final clause", "final-clause", part, part="final").page("page/front.html", page)
        return Section("final-clause", html, "Final clause", 1)

    def bibliography(self, part: str | None = None) -> Section:
        context = self.context
        if part is not None:
            self.urls.current_part = part
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
            body = str(render_bibliography_html(cited, context.citation_index, lambda place: self.urls.footnote_href(place.page_url, place.note_number),
                                                context.templates, reproduced, medium="print"))
        html = f'<section class="tc-print-bibliography" id="bibliography"><h1 class="tc-chapter-title" data-running="Bibliography">Bibliography</h1>{body}</section>'
        return Section("bibliography", html, "Bibliography", 1)

    # ------------------------------------------------------------------ what paper writes differently
    @staticmethod
    def _footnote(section: str, footnotes: FootnoteSequence, number: int, occurrence: int) -> str:
        """A footnote where it is cited, as a float that prints at the foot of the page; a second
        reference to the same note points at it rather than printing it twice."""
        target = footnote_id(section, number)
        if occurrence > 1:
            return f'<sup class="tc-footnote-again"><a href="#{escape(target)}">{number}</a></sup>'
        # Its own element (not a span), so the PDF tags it as a Note (``export.layout.FOOTNOTE_TAG``).
        return f'<tc-note class="tc-footnote" id="{escape(target)}" data-number="{number}">{footnotes.note(number).cited.html()}</tc-note>'

    def _mention(self, node: ProposalMention) -> str:
        """A proposal named by its id in the commentary ("the alternative proposal hr-refusal-chapter-wide")
        becomes a short reference a reader of the paper can follow: its title and the provision it changes,
        linked when the proposal is in this document, and said to be elsewhere when it is not."""
        proposal = self.documents.proposal(node.proposal_id)
        if proposal is None or proposal.note is None:
            return str(escape(node.proposal_id))
        first = next((e.target for e in proposal.edits if e.target in self.instrument.index), None)
        article = self.instrument.article_of(first) if first else None
        title = f"\u201c{escape(proposal.title)}\u201d"
        href = self.urls.href("", self.documents.note_page(proposal.note), f"proposal-{proposal.id}")
        if href is not None and not href.startswith("http"):
            return f'<a class="tc-proposal-ref" href="{escape(href)}">{escape(proposal.id)}</a> <span class="tc-proposal-ref-title">({title})</span>'
        where = f", on Art. {escape(article.number)}" if article is not None else ""
        elsewhere = "not in this brief" if not self.full else "not in this document"
        return f'{escape(proposal.id)} <span class="tc-proposal-ref-title">({title}{where}; {elsewhere})</span>'


# ---------------------------------------------------------------------------- one document (briefs)


def build_print_html(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions,
                     progress: Callable[[str], None] | None = None, documents: Documents | None = None) -> str:
    """The whole document (cover, contents, sections, bibliography) as one HTML string."""
    instrument = selection.instrument
    articles, left_out = brief_articles(project, analysis, selection, options) if not selection.is_full else (selection.articles(), [])
    renderer = SectionRenderer(project, analysis, instrument, articles, selection.is_full, options, documents)
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
    # part -> the anchors in other parts its links lead to (written as tc-part: links, PrintUrls.across)
    across: dict[str, set[str]] = dataclasses.field(default_factory=dict)


def plan_book(project: Project, analysis: Analysis, options: PrintOptions, full_path: str, chapter_path: Callable[[int], str],
              progress: Callable[[str], None] | None = None, documents: Documents | None = None) -> Book:
    """The full commentary split into parts, and the documents made of them (the whole, and one per chapter)."""
    instrument = project.default_instrument
    articles = list(instrument.articles.values())
    chapters = instrument.chapters()
    parts = {article_id: chapter.id for chapter in chapters for article_id in chapter.all_article_ids()}
    renderer = SectionRenderer(project, analysis, instrument, articles, True, options, documents, parts)
    header = instrument.symbol or instrument.short_title
    overview, preamble = renderer.overview("intro"), renderer.preamble("intro")
    toc: list[tuple[str, str, int, str]] = []  # anchor, label, level, part
    # The overview and preamble are laid out with the chapters (numbered i, ii …); only the contents,
    # which print every part's page labels, wait for them.
    intro = PrintPart("intro", document_html("Overview and preamble", overview.html + preamble.html, options, header=header,
                                             footer="counter(page, lower-roman)"), "", "r")
    body: list[PrintPart] = [intro]
    final = None
    for position, chapter in enumerate(chapters, 1):
        sections = [renderer.chapter_heading(chapter)]
        for article_id in chapter.all_article_ids():
            article = instrument.articles[article_id]
            if progress:
                progress(f"{article.label.rstrip('.')} {article.title}")
            sections.append(renderer.article(article, chapter.id))
        if position == len(chapters):
            final = renderer.final_clause(chapter.id)
            if final is not None:
                sections.append(final)
        prefix = f"{chapter.number}-"
        toc += [(s.anchor, s.toc_label, s.toc_level, chapter.id) for s in sections]
        html = document_html(f"{chapter.label}: {chapter.title}", "".join(s.html for s in sections), options, header=header,
                             footer=f'"{css_string(prefix)}" counter(page)')
        titles = [(a, full_title(f"{instrument.articles[a].label.rstrip('.')}: {instrument.articles[a].title}", options)) for a in chapter.all_article_ids()]
        body.append(PrintPart(chapter.id, html, prefix, "D", titles))
    bibliography = renderer.bibliography("bibliography")
    body.append(PrintPart("bibliography", document_html("Bibliography", bibliography.html, options, header=header, footer='"B-" counter(page)'), "B-", "D"))
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

    pdfs = [BookDocument(full_path, full_title("Full commentary", options), ["covers:0", "front", "intro", *[c.id for c in chapters], "bibliography"])]
    for position, chapter in enumerate(chapters, 1):
        pdfs.append(BookDocument(chapter_path(position), full_title(f"{chapter.label}: {chapter.title}", options), [f"covers:{position}", chapter.id]))
    return Book(instrument, body, finish, pdfs, site_links, renderer.urls.across)


BRIEF = "brief.pdf"


def plan_brief(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions, documents: Documents | None = None) -> Book:
    """A brief as a book: one part per article, laid out in parallel and cached like the chapters of the full
    commentary. Pages are numbered by article ("40-3" is page 3 of Article 40), so a brief's parts are
    independent and a page number says which article it is in."""
    instrument = selection.instrument
    articles, left_out = brief_articles(project, analysis, selection, options)
    renderer = SectionRenderer(project, analysis, instrument, articles, False, options, documents, {a.id: a.id for a in articles})
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
            section = renderer.article(article, article.id)
            prefix = f"{article.number}-"
            html = document_html(article_heading(article), section.html, options, header=header, footer=f'"{css_string(prefix)}" counter(page)')
            body.append(PrintPart(article.id, html, prefix, "D"))
            toc.append((article.id, section.toc_label, 2))
    bibliography = renderer.bibliography("bibliography")
    body.append(PrintPart("bibliography", document_html("Bibliography", bibliography.html, options, header=header, footer='"B-" counter(page)'), "B-", "D"))
    toc.append(("bibliography", "Bibliography", 1))

    glance = [row for table in compilation(renderer.documents, instrument, articles) for row in table.proposal_rows]

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        note = "Pages are numbered by article: 40-3 is page 3 of Article 40."
        front_body = ('<section class="tc-cover">' + _cover_inner(selection.title, instrument, options, len(articles), left_out, note) + "</section>"
                      + contents_html(toc, labels).replace("</ul></nav>", "</ul>" + glance_html(glance, labels) + "</nav>", 1))
        return [PrintPart("front", document_html("Contents", front_body, options, header=header, footer="counter(page, lower-roman)"), "", "r")]

    parts = ["front", *[part.name for part in body]]
    return Book(instrument, body, finish, [BookDocument(BRIEF, full_title(selection.title, options), parts)], {}, renderer.urls.across)


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


# How to read a blackline, on the cover, before the first one: the marks as they print, with their markers.
COVER_LEGEND = (
    '<div class="tc-cover-legend"><p><strong>How to read a blackline:</strong> '
    '<span class="tc-mark">[+\u00a0</span><ins class="tc-ins">inserted words</ins><span class="tc-mark">]</span> are underlined, '
    '<span class="tc-mark">[\u2212\u00a0</span><del class="tc-del">deleted words</del><span class="tc-mark">]</span> struck through, '
    "and a bar in the margin marks each changed paragraph. Nothing else is underlined: links and cross-references are not. "
    "In a comparison with another treaty the same marks show where the two texts differ; they are not proposals.</p></div>"
)


def document_keywords(options: PrintOptions) -> str:
    """What the PDF's metadata says of its source (Keywords), so a printed copy can be traced to its commit."""
    return f"source revision {options.revision}"


def glance_html(rows: Sequence[ProposalRow], labels: dict[str, str]) -> str:
    """A brief's "proposals at a glance", on its contents page: each proposal on its articles, in the order of the
    text it changes, who proposed it and when, the page of its blackline in the text and that of its rationale."""
    if not rows:
        return ""
    items = []
    for _place, row in sorted(((labels.get(f"blackline-{row.proposal.id}"), row) for row in rows), key=lambda item: _label_order(item[0])):
        proposal = row.proposal
        anchor = f"blackline-{proposal.id}" if f"blackline-{proposal.id}" in labels else f"proposal-{proposal.id}"
        page = f' data-page="{escape(labels[anchor])}"' if anchor in labels else ""
        css = "tc-toc-3 tc-toc-labelled" if page else "tc-toc-3"
        rationale = labels.get(f"proposal-{proposal.id}")
        where = f"; rationale {rationale}" if rationale and anchor.startswith("blackline-") else ""
        items.append(f'<li class="{css}"><a href="{escape(PART_LINK + anchor)}"{page}>{escape(row.pinpoint)} \u2014 {escape(proposal.title)} '
                     f'<span class="tc-meta">({escape(proposed_by(row, lead=""))}{escape(where)})</span></a></li>')
    return ('<section class="tc-glance" id="at-a-glance"><h2 class="tc-glance-title">Proposals at a glance</h2>'
            '<p class="tc-meta">Drafting proposals, not adopted text, in the order of the text: the page given is where the blackline '
            'shows the proposal in the article\u2019s text; its rationale follows the article\u2019s commentary.</p>'
            f'<ul>{"".join(items)}</ul></section>')


def _label_order(label: str | None) -> tuple[int, ...]:
    """A page label ("40-10") as numbers, so that 40-9 comes before 40-10; rows without a page keep their order, last."""
    return tuple(int(n) for n in label.split("-")) if label and all(n.isdigit() for n in label.split("-")) else (10**9,)


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
    """A complete HTML document; ``footer`` is the CSS ``content`` of the page number (None: no number).

    Every numbered page says which version it is, in its footer ("Version of 1 December 2026"), so a page
    photocopied out of a brief, or an article's PDF that has no cover, can be traced to its text; the commit
    is in the keywords of the metadata, which every PDF made from this document keeps (an article's too)."""
    paper = PAPER_SIZES[options.paper]
    body_attributes = f' class="{escape(body_class)}"' if body_class else ""
    # The header's symbol is a named string (print.css): the document's, until a comparison prints another text's.
    page_css = f'@page {{ size: {paper}{" landscape" if landscape else ""};'
    if footer:
        page_css += f" @bottom-center {{ content: {footer}; }}"
        page_css += f' @bottom-left {{ content: "{css_string(version_label(options))}"; }} }}'
    else:
        page_css += " @bottom-center { content: none; } @bottom-left { content: none; } }"
    page_css += f' :root {{ --tc-symbol: "{css_string(header)}"; }}'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="author" content="{escape(options.site_title)}"><meta name="generator" content="treaty-commentary">'
        f'<meta name="keywords" content="{escape(document_keywords(options))}">'
        f"<style>{stylesheet()}\n{page_css}</style></head><body{body_attributes}>{body}</body></html>"
    )


def version_label(options: PrintOptions) -> str:
    """ "Version of 1 December 2026" (``Revision.version_label``: the commit's date, whoever builds it and whenever)."""
    return options.settings.revision.version_label


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


__all__ = [
    "PART_LINK", "PAPER_SIZES", "Book", "BookDocument", "PrintOptions", "PrintPart", "PrintUrls", "PrintWriter",
    "SectionRenderer", "brief_articles", "build_print_html", "chapter_number", "contents_html", "cover_html",
    "document_html", "full_title", "is_annotated", "plan_book", "scoped", "stylesheet",
]
