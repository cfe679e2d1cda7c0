"""What every page renderer of one build shares: the project, what the checks found, where pages live,
and the indexes computed once per build (cross-references, comparisons, citations).

Nothing here reports a problem: the check stage has reported them all. Rendering the
same note twice (the site, then a PDF) therefore never duplicates a message.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..check import Analysis
from ..model import Division, Instrument, InterpretativeNote, Note, Project, Provision
from ..model.concordance import Concordance, ConcordanceEntry
from ..transform.alignment import ComparisonIndex
from ..transform.citations import CitationIndex, FootnoteSequence
from ..transform.markdown import MarkdownEnv, render_markdown
from ..transform.xrefs import ReferenceIndex, link_text_html
from .page import BuildStats
from .provenance import provenance_html
from .urls import SiteUrls

OVERVIEW_PAGE = "overview"


@dataclass
class InstrumentLookups:
    """Per-instrument lookups built once: scanning every division or concordance entry per article was quadratic."""

    division: dict[str, Division]  # article id -> the innermost division listing it
    interpretative: dict[str, list[InterpretativeNote]]  # article id -> the notes interpreting it
    drafts: dict[str, list[tuple[Concordance, ConcordanceEntry]]]  # article id -> draft provisions that became it
    position: dict[str, int]  # article id -> its place in the text

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
        return cls(division_of, interpretative, drafts, position)


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
    _lookups: dict[str, InstrumentLookups] = field(default_factory=dict)

    @classmethod
    def create(cls, project: Project, analysis: Analysis, urls: SiteUrls, pdf_links: bool = False) -> RenderContext:
        references = ReferenceIndex.build(project.instruments, project.notes)
        comparisons = ComparisonIndex.build(project)
        stats = BuildStats(
            notes=len(project.notes),
            proposals=len(analysis.proposals.results),
            cross_references_text=references.found_in_text,
            comparisons=comparisons.compared,
            xref_index_seconds=references.seconds,
            comparison_seconds=comparisons.seconds,
            git_seconds=analysis.history.seconds,
        )
        return cls(project, analysis, urls, references, comparisons, stats=stats, pdf_links=pdf_links)

    # ------------------------------------------------------------------ treaty text
    def words_html(self, page_uri: str, instrument: Instrument) -> Callable[[Provision, str], str]:
        """Escapes a run of wording and links the provisions it names, found once per build."""

        def render(unit: Provision, words: str) -> str:
            field_name = "tail" if words is unit.tail and unit.tail else "text"
            refs = self.references.in_text.get((instrument.id, unit.id, field_name), [])
            return link_text_html(words, refs, lambda unit_id: self.urls.unit_href(page_uri, instrument.id, unit_id) or "#")

        return render

    def lookups(self, instrument: Instrument) -> InstrumentLookups:
        found = self._lookups.get(instrument.id)
        if found is None:
            found = self._lookups[instrument.id] = InstrumentLookups.build(instrument, self.project.concordances.values())
        return found

    # ------------------------------------------------------------------ commentary
    def new_footnotes(self, page_uri: str, page_title: str) -> FootnoteSequence:
        return FootnoteSequence(self.project.bibliography, None, index=self.citation_index, page_url=page_uri, page_title=page_title)

    def render_note_markdown(self, text: str, note: Note, page_uri: str, footnotes: FootnoteSequence, first_line: int) -> str:
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

    def provenance_html(self, paths: Iterable[str]) -> str:
        """The "Commentary by … · last changed …" line, from the history the check stage read."""
        return provenance_html(self.analysis.history.of(paths))

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


def note_anchor(note: Note) -> str:
    return "note-" + note.slug


def iso(day: _dt.date | None) -> str:
    return day.isoformat() if day else ""
