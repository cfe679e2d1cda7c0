"""What every page renderer of one build shares: the project, what the checks found, where pages live,
and the indexes computed once per build (cross-references, comparisons, citations).

Nothing here reports a problem about the inputs: the check stage has reported them all.
Rendering the same note twice (the site, then a PDF) therefore never duplicates a message.
The one note made here is about the machine: a cache folder that cannot be written (W074).
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..check import Analysis
from ..load.cache import ComparisonStore, shown
from ..model import Article, Division, Instrument, InterpretativeNote, Location, Note, Project, Provision, problems
from ..model.concordance import Concordance, ConcordanceEntry
from ..model.edition import Link
from ..transform.alignment import ComparisonIndex
from ..transform.citations import CitationIndex, FootnoteSequence
from ..transform.markdown import MarkdownEnv, render_markdown
from ..transform.xrefs import ReferenceIndex, link_text_html
from .handoff import Refused, handoff
from .navigation import citation_title, document_title, instrument_mark
from .page import BuildStats, SitePage, make_page, md_text
from .provenance import provenance_html
from .templates import Templates, default_templates
from .urls import SiteUrls

OVERVIEW_PAGE = "overview"


@dataclass
class InstrumentLookups:
    """Per-instrument lookups built once: scanning every division or concordance entry per article was quadratic."""

    division: dict[str, Division]  # article id -> the innermost division listing it
    interpretative: dict[str, list[InterpretativeNote]]  # article id -> the notes interpreting it
    drafts: dict[str, list[tuple[Concordance, ConcordanceEntry]]]  # article id -> draft provisions that became it
    position: dict[str, int]  # article id -> its place in the text
    unit_position: dict[str, int]  # unit id (article, paragraph, subparagraph…) -> its place in the text

    @classmethod
    def build(cls, instrument: Instrument, concordances: Iterable[Concordance]) -> InstrumentLookups:
        division_of: dict[str, Division] = {}
        for top in instrument.divisions:
            for division in top.walk():
                for article_id in division.article_ids:
                    division_of.setdefault(article_id, division)
        interpretative: dict[str, list[InterpretativeNote]] = {}
        for note in instrument.notes:
            for article_id in dict.fromkeys(note.article_ids):
                interpretative.setdefault(article_id, []).append(note)
        drafts: dict[str, list[tuple[Concordance, ConcordanceEntry]]] = {}
        for concordance in concordances:
            if concordance.to_instrument != instrument.id:
                continue
            for entry in concordance.entries:
                articles = {article.id for t in entry.targets if (article := instrument.article_of(t)) is not None}
                for article_id in sorted(articles):
                    drafts.setdefault(article_id, []).append((concordance, entry))
        position = {article_id: n for n, article_id in enumerate(instrument.articles)}
        unit_position: dict[str, int] = {}
        for article in instrument.articles.values():
            unit_position[article.id] = len(unit_position)
            for unit in article.walk():
                unit_position.setdefault(unit.id, len(unit_position))
        return cls(division_of, interpretative, drafts, position, unit_position)


@dataclass
class RenderContext:
    project: Project
    analysis: Analysis
    urls: SiteUrls
    references: ReferenceIndex
    comparisons: ComparisonIndex
    citation_index: CitationIndex = field(default_factory=CitationIndex)
    stats: BuildStats = field(default_factory=BuildStats)
    # True when the site also publishes PDFs (render/downloads.py): pages then link to them.
    pdf_links: bool = False
    # Where a repository path's history of changes is (GitHub: <repo>/commits/main/), or None.
    history_base: str | None = None
    # The templates every page element is drawn with (the package's, after any override folders).
    templates: Templates = field(default_factory=default_templates)
    _lookups: dict[str, InstrumentLookups] = field(default_factory=dict)

    @classmethod
    def create(cls, project: Project, analysis: Analysis, urls: SiteUrls, pdf_links: bool = False,
               template_dirs: Sequence[str | os.PathLike[str]] = (), history_base: str | None = None) -> RenderContext:
        """``template_dirs``: folders whose templates replace the package's of the same name, first folder first."""
        references = ReferenceIndex.build(project.instruments, project.notes)
        store = ComparisonStore(project.cache_dir / "comparisons") if project.cache_dir is not None else None
        comparisons = ComparisonIndex.build(project, store)
        if store is not None and store.error:
            project.report.add(problems.CACHE_UNWRITABLE, f"the comparisons of the texts are not kept for the next build: the folder cannot be written ({store.error})",
                               Location(shown(store.folder)))
        stats = BuildStats(
            notes=len(project.notes),
            proposals=len(analysis.proposals.results),
            cross_references_text=references.found_in_text,
            comparisons=comparisons.compared,
            xref_index_seconds=references.seconds,
            comparison_seconds=comparisons.seconds,
            git_seconds=analysis.history.seconds,
        )
        templates = Templates(template_dirs) if template_dirs else default_templates()
        return cls(project, analysis, urls, references, comparisons, stats=stats, pdf_links=pdf_links, templates=templates, history_base=history_base)

    def html(self, template: str, /, **values) -> Markup:
        """The HTML ``template`` draws with ``values`` (strings are escaped, Markup is not)."""
        return self.templates.render(template, **values)

    # ------------------------------------------------------------------ treaty text
    def words_html(self, page_uri: str, instrument: Instrument) -> Callable[[Provision, str], Markup]:
        """Escapes a run of wording and links the provisions it names, found once per build."""

        def render(unit: Provision, words: str) -> Markup:
            field_name = "tail" if words is unit.tail and unit.tail else "text"
            refs = self.references.in_text.get((instrument.id, unit.id, field_name), [])
            return link_text_html(words, refs, lambda unit_id: self.urls.unit_href(page_uri, instrument.id, unit_id) or "#")

        return render

    def lookups(self, instrument: Instrument) -> InstrumentLookups:
        found = self._lookups.get(instrument.id)
        if found is None:
            found = self._lookups[instrument.id] = InstrumentLookups.build(instrument, self.project.concordances.values())
        return found

    def unofficial_copy(self, instrument: Instrument) -> Link | None:
        """The official source of a text whose copy on this site is not the official document
        (``texts.<id>.unofficial`` in the edition), which every page of the text sends readers to; else None."""
        source = self.project.edition.texts.get(instrument.id)
        return source.official if source is not None and source.unofficial else None

    def copy_note_html(self, instrument: Instrument) -> Markup:
        """The line that says a text's copy is unofficial, with its official source; empty for an official copy."""
        copy = self.unofficial_copy(instrument)
        return self.html("text/copy_note.html", copy=copy) if copy is not None else Markup("")

    def text_page(self, instrument: Instrument, src_uri: str, title: str, body: str, article: Article | None = None, **kwargs) -> SitePage:
        """A page of a treaty text: its h1 names the instrument above ``title``, and so does its document title
        (which starts with the article on an article's page)."""
        position = list(self.project.instruments).index(instrument.id)
        mark = {key: md_text(value) for key, value in instrument_mark(instrument, position).items()}
        heading = self.html("text/heading.html", mark=mark, title=md_text(title))
        return make_page(src_uri, title, body, heading_markdown=heading, document_title=document_title(instrument, title, article),
                         citation_title=citation_title(instrument, title), **kwargs)

    # ------------------------------------------------------------------ commentary
    def new_footnotes(self, page_uri: str, page_title: str) -> FootnoteSequence:
        return FootnoteSequence(self.project.bibliography, None, index=self.citation_index, page_url=page_uri, page_title=page_title)

    def render_note_markdown(self, text: str, note: Note, page_uri: str, footnotes: FootnoteSequence, first_line: int) -> Markup:
        instrument = self.project.instruments[note.instrument_id]
        env = MarkdownEnv(
            instrument=instrument,
            current_article=instrument.articles.get(note.article_id) if note.article_id else None,
            footnotes=footnotes,
            url_for=lambda unit_id: self.urls.unit_href(page_uri, instrument.id, unit_id) or "#",
            bibliography=self.project.bibliography,
            report=None,
            path=note.path,
            first_line=first_line,
        )
        html = render_markdown(text, env)
        self.stats.cross_references_commentary += env.links_made
        return html

    def count_citations(self, footnotes: FootnoteSequence) -> None:
        self.stats.citations += len(footnotes)

    def provenance_html(self, paths: Iterable[str]) -> Markup:
        """The "Contributors … · last changed … · history" line, from the history the check stage read."""
        edition = self.project.edition
        paths = list(paths)
        history_href = None
        if self.history_base and paths:
            # The folder the page's notes share (commentary/uncc/art-40): its history is the page's.
            folder = posixpath.commonpath([posixpath.dirname(p) for p in paths])
            try:
                history_href = self.history_base.rstrip("/") + "/" + handoff(folder, "path")
            except Refused:
                history_href = None

        def name_of(email: str) -> str | None:
            contributor = edition.contributor_for(email)
            return contributor.name if contributor else None

        return provenance_html(self.analysis.history.of(paths, name_of), self.templates, history_href)

    # ------------------------------------------------------------------ where things live
    def note_page(self, note: Note) -> str:
        """The page a note is shown on: its article's page, or the overview of its text."""
        instrument = self.project.instruments[note.instrument_id]
        if note.article_id:
            return self.urls.article_page(instrument, instrument.articles[note.article_id])
        return self.urls.instrument_page(instrument, OVERVIEW_PAGE)

    def note_href(self, here: str, note: Note) -> str:
        return self.urls.href(here, self.note_page(note), note_anchor(note))

    def proposal_href(self, here: str, proposal_note: Note, proposal_id: str, anchor: str = "proposal") -> str:
        return self.urls.href(here, self.note_page(proposal_note), f"{anchor}-{proposal_id}")


def citable(instrument: Instrument, unit_id: str) -> Provision | Article:
    """The article or provision ``unit_id``: what notes, proposals, concordances and recommendations point at."""
    unit = instrument.index[unit_id]
    assert isinstance(unit, (Provision, Article)), f"{unit_id} is neither an article nor a provision of {instrument.id}"
    return unit


def provision(instrument: Instrument, unit_id: str) -> Provision:
    """The paragraph, subparagraph or clause ``unit_id`` (a proposal's edit, a paragraph-level concordance pair)."""
    unit = instrument.index[unit_id]
    assert isinstance(unit, Provision), f"{unit_id} is not a provision of {instrument.id}"
    return unit


def note_anchor(note: Note) -> str:
    # The loader makes the anchor ("note-<slug>"), unique on the note's page.
    return note.anchor


def iso(day: _dt.date | None) -> str:
    return day.isoformat() if day else ""
