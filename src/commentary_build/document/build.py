"""Building the document tree of one build from the checked project.

``Documents`` is made once per build, after the check stage (whose ``Analysis`` says where
proposals land and holds each note's parsed Markdown), and every writer reads it: the site's
pages, print, Word, the JSON and Akoma Ntoso. A page is built the first time a writer asks
for it and kept, so a brief of three articles builds three article pages, and the site, its
PDFs and its data share the pages of one build.

Nothing here makes markup or decides how something looks: it gathers what each page says,
in reading order, from the model (see ``document.nodes`` for the node kinds).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..check import Analysis
from ..check.commentary import DOCUMENT_SYMBOL, nameable_proposal_ids
from ..load.cache import ComparisonStore, shown
from ..model import Article, Instrument, Location, Note, Project, Proposal, Provision, problems
from ..transform.alignment import ComparisonIndex, Group
from ..transform.citations import FootnoteSequence
from ..transform.markdown import MarkdownEnv, parse_markdown
from ..transform.pinpoints import citation, pinpoint, proposal_changes
from ..transform.redline import ProposalResult, Segment, UnitResult
from ..transform.xrefs import ReferenceIndex, split_at_references
from .naming import (
    OVERVIEW_PAGE,
    PREAMBLE_PAGE,
    article_heading,
    article_page,
    citation_parts,
    commentary_locator,
    in_text_order,
    instrument_page,
    is_editors,
    note_page,
)
from .nodes import (
    Alternative,
    ArticlePage,
    BlacklineUnit,
    Byline,
    Comparison,
    Counterparts,
    CrossRef,
    FrontPage,
    Header,
    Marker,
    NoteNode,
    OverviewPage,
    Proponent,
    ProposalEntry,
    ProposalViews,
    ProposedUnit,
    Prose,
    ReferredBy,
    Related,
    Source,
    Text,
    TextUnit,
)
from .prose import ProseBuilder
from .structure import TextStructure


@dataclass
class DocumentStats:
    """What building the tree found and cost, for the build report."""

    cross_references_text: int = 0
    cross_references_commentary: int = 0
    comparisons: int = 0
    xref_index_seconds: float = 0.0
    comparison_seconds: float = 0.0
    seconds: float = 0.0


@dataclass
class Documents:
    project: Project
    analysis: Analysis
    references: ReferenceIndex
    comparisons: ComparisonIndex
    stats: DocumentStats = field(default_factory=DocumentStats)
    _structures: dict[str, TextStructure] = field(default_factory=dict)
    _articles: dict[tuple[str, str], ArticlePage] = field(default_factory=dict)
    _overviews: dict[str, OverviewPage] = field(default_factory=dict)
    _fronts: dict[str, FrontPage] = field(default_factory=dict)
    _proposal_ids: dict[str, str] | None = None
    _prose: dict[tuple[str, str], Prose] = field(default_factory=dict)

    @classmethod
    def build(cls, project: Project, analysis: Analysis) -> Documents:
        """The tree of a build: the indexes every page needs are made here, the pages when asked for. The word-level
        comparisons of the texts are kept between builds in the project's cache (``load.cache.ComparisonStore``); a
        cache folder that cannot be written is the one thing reported here (about the machine, not the inputs)."""
        references = ReferenceIndex.build(project.instruments, project.notes)
        store = ComparisonStore(project.cache_dir / "comparisons") if project.cache_dir is not None else None
        comparisons = ComparisonIndex.build(project, store)
        if store is not None and store.refused:
            project.report.add(problems.CACHE_NOT_PRIVATE, f"the comparisons' cache was not used: {store.refused}", Location(shown(store.folder)))
        if store is not None and store.error:
            project.report.add(problems.CACHE_UNWRITABLE, f"the comparisons of the texts are not kept for the next build: the folder cannot be written ({store.error})",
                               Location(shown(store.folder)))
        stats = DocumentStats(
            cross_references_text=references.found_in_text,
            comparisons=comparisons.compared,
            xref_index_seconds=references.seconds,
            comparison_seconds=comparisons.seconds,
        )
        return cls(project, analysis, references, comparisons, stats)

    # ------------------------------------------------------------------ lookups
    def structure(self, instrument: Instrument) -> TextStructure:
        found = self._structures.get(instrument.id)
        if found is None:
            found = self._structures[instrument.id] = TextStructure.build(instrument, self.project.concordances.values())
        return found

    def note_page(self, note: Note) -> str:
        return note_page(self.project, note)

    def proposal_note_page(self, proposal: Proposal) -> str:
        assert proposal.note is not None, "a loaded proposal always belongs to its note"
        return self.note_page(proposal.note)

    @property
    def proposal_ids(self) -> dict[str, str]:
        if self._proposal_ids is None:
            self._proposal_ids = nameable_proposal_ids(self.project)
        return self._proposal_ids

    def proponent(self, proposal: Proposal) -> Proponent:
        """Who proposes ``proposal``, as every output names them (``Proponent``)."""
        return proponent(proposal, self.project)

    def proposal(self, proposal_id: str) -> Proposal | None:
        for note in self.project.notes:
            for proposal in note.proposals:
                if proposal.id == proposal_id:
                    return proposal
        return None

    # ------------------------------------------------------------------ pages
    def article(self, instrument: Instrument, article: Article) -> ArticlePage:
        key = (instrument.id, article.id)
        page = self._articles.get(key)
        if page is None:
            started = time.perf_counter()
            page = self._articles[key] = self._article(instrument, article)
            self.stats.seconds += time.perf_counter() - started
        return page

    def articles(self, instrument: Instrument) -> list[ArticlePage]:
        return [self.article(instrument, article) for article in instrument.articles.values()]

    def overview(self, instrument: Instrument) -> OverviewPage:
        page = self._overviews.get(instrument.id)
        if page is None:
            notes = in_text_order(self.project.overview_notes(instrument.id), self.structure(instrument).unit_position)
            locator = commentary_locator(instrument, None)
            page = self._overviews[instrument.id] = OverviewPage(
                instrument, instrument_page(instrument, OVERVIEW_PAGE), "Overview",
                tuple(self._note(note, instrument, locator) for note in notes))
        return page

    def front(self, instrument: Instrument) -> FrontPage:
        page = self._fronts.get(instrument.id)
        if page is None:
            page = self._fronts[instrument.id] = FrontPage(
                instrument, instrument_page(instrument, PREAMBLE_PAGE),
                tuple(self._text_unit(instrument, unit, {}) for unit in instrument.preamble),
                tuple(self._text_unit(instrument, unit, {}) for unit in instrument.final_clauses),
                tuple(instrument.footnotes))
        return page

    # ------------------------------------------------------------------ prose
    def prose(self, note: Note, proposal: Proposal | None = None) -> Prose:
        """A note's body (numbered paragraphs) or a proposal's rationale, from the tokens the check stage kept; converted once."""
        key = (note.id, proposal.id if proposal is not None else "")
        done = self._prose.get(key)
        if done is not None:
            return done
        tokens = self.analysis.prose.get(key)
        if tokens is None:
            # Not parsed by the check stage: an analysis made without it (some tests), or a text whose parsing
            # failed there, which the check reported at its file (C070); such a text is shown without its body.
            text, first_line = (proposal.rationale, proposal.rationale_line or 1) if proposal is not None else (note.body, note.body_line)
            try:
                tokens = self.parse(text, note.instrument_id, note.article_id, note.path, first_line)
            except Exception:  # noqa: BLE001 - any failure of a parser on untrusted input; already reported
                tokens = []
        builder = ProseBuilder(note.instrument_id, self.proposal_ids)
        # A note's own paragraphs are numbered, from 1 in each note; a rationale's are not.
        blocks = builder.blocks(tokens, number_paragraphs=proposal is None)
        self.stats.cross_references_commentary += builder.cross_references
        prose = self._prose[key] = Prose(blocks, note.path)
        return prose

    def markdown(self, text: str, path: str) -> Prose:
        """The edition's own Markdown (who the editors are, the method), in the default text's terms."""
        instrument = self.project.default_instrument
        tokens = self.parse(text, instrument.id, None, path, 1)
        return Prose(ProseBuilder(instrument.id).blocks(tokens), path)

    def parse(self, text: str, instrument_id: str, article_id: str | None, path: str, first_line: int) -> list[Token]:
        instrument = self.project.instruments[instrument_id]
        env = MarkdownEnv(
            instrument=instrument,
            current_article=instrument.articles.get(article_id) if article_id else None,
            footnotes=FootnoteSequence(self.project.bibliography, None),
            bibliography=self.project.bibliography,
            report=None,
            path=path,
            first_line=first_line,
        )
        return parse_markdown(text, env)

    # ------------------------------------------------------------------ an article
    def _article(self, instrument: Instrument, article: Article) -> ArticlePage:
        project, anchored = self.project, self.analysis.proposals
        structure = self.structure(instrument)
        notes = project.notes_by_article(instrument.id).get(article.id, [])
        takes_proposals = article.instrument is not None and instrument.takes_proposals
        proposals = anchored.on_article(instrument.id, article.id) if takes_proposals else []
        # Which proposals change each paragraph (in the order they come), for the views and the markers.
        affected: dict[str, list[tuple[Proposal, ProposalResult]]] = {}
        for proposal in proposals:
            result = anchored.results[proposal.id]
            for unit_result in result.units:
                pairs = affected.setdefault(provision(instrument, unit_result.target).top.id, [])
                if (proposal, result) not in pairs:
                    pairs.append((proposal, result))
        markers = _markers(article, notes, affected)
        views = iter(range(1, 10_000))
        text = []
        for paragraph in article.paragraphs:
            changed = affected.get(paragraph.id)
            unit = self._text_unit(instrument, paragraph, markers)
            if changed:
                alternatives = tuple(_alternative(paragraph, proposal, result, project) for proposal, result in changed)
                unit = _with_views(unit, ProposalViews(next(views), alternatives))
            text.append(unit)
        own = {p.id for n in notes for p in n.proposals}
        entries = []
        for proposal in proposals:
            result = anchored.results[proposal.id]
            full = proposal.id in own
            assert proposal.note is not None, "a loaded proposal always belongs to its note"
            entries.append(ProposalEntry(proposal, proponent(proposal, project), full, tuple(proposal_changes(instrument, proposal)), not result.ok,
                                         self.prose(proposal.note, proposal) if full else None))
        locator = commentary_locator(instrument, article)
        edition = project.edition.texts.get(instrument.id)
        header = Header(instrument, article, structure.division_of(article), citation(instrument, article),
                        edition.official if edition is not None and edition.unofficial else None)
        text_file = f"{instrument.directory}/text/articles/"
        return ArticlePage(
            instrument=instrument,
            article=article,
            path=article_page(instrument, article),
            title=article_heading(article),
            header=header,
            text=tuple(text),
            interpretative_notes=tuple(structure.interpretative.get(article.id, [])),
            proposals=tuple(entries),
            notes=tuple(self._note(note, instrument, locator) for note in in_text_order(notes, structure.unit_position)),
            comparisons=self._comparisons(instrument, article),
            counterparts=self._counterparts(instrument, article),
            related=self._related(instrument, article),
            takes_proposals=takes_proposals,
            sources=tuple(n.path for n in notes) + (text_file,),
        )

    def _text_unit(self, instrument: Instrument, unit: Provision, markers: dict[str, Marker]) -> TextUnit:
        return TextUnit(
            unit=unit,
            words=self._words(instrument, unit, "text") if unit.text else (),
            tail=self._words(instrument, unit, "tail") if unit.tail else (),
            children=tuple(self._text_unit(instrument, child, markers) for child in unit.children),
            pinpoint=pinpoint(unit) if unit.num else None,
            citation=citation(instrument, unit) if unit.num else None,
            marker=markers.get(unit.id),
        )

    def _words(self, instrument: Instrument, unit: Provision, field_name: str) -> tuple[Text | CrossRef, ...]:
        """A run of the text's wording, split where it names a provision (found once per build), never changed."""
        words = unit.tail if field_name == "tail" else unit.text
        references = self.references.in_text.get((instrument.id, unit.id, field_name), [])
        if not references:
            return (Text(words),)
        return tuple(Text(piece) if unit_id is None else CrossRef(instrument.id, unit_id, (Text(piece),))
                     for piece, unit_id in split_at_references(words, references))

    def _note(self, note: Note, instrument: Instrument, locator: str) -> NoteNode:
        project = self.project
        if note.target == "overview":
            label, unit_id = "the treaty as a whole", None
        else:
            label, unit_id = pinpoint(citable(instrument, note.target)), note.target
        stem, tail = citation_parts(note, project.edition, locator)
        return NoteNode(
            note=note,
            target_label=label,
            target_unit=unit_id,
            byline=byline(note, project),
            themes=tuple((theme, project.themes[theme].label) for theme in note.themes if theme in project.themes),
            body=self.prose(note),
            citation_stem=stem,
            citation_tail=tail,
        )

    def _comparisons(self, instrument: Instrument, article: Article) -> tuple[Comparison, ...]:
        by_text: dict[str, list[Group]] = {}
        for group in self.comparisons.by_from_article.get((instrument.id, article.id), []):
            by_text.setdefault(group.to_text.id, []).append(group)
        return tuple(Comparison(groups[0].to_text, groups[0].from_text, tuple(groups)) for groups in by_text.values())

    def _counterparts(self, instrument: Instrument, article: Article) -> tuple[Counterparts, ...]:
        by_text: dict[str, list[Group]] = {}
        for group in self.comparisons.by_to_article.get((instrument.id, article.id), []):
            by_text.setdefault(group.from_text.id, []).append(group)
        return tuple(Counterparts(groups[0].from_text, groups[0].to_text, tuple(groups)) for groups in by_text.values())

    def _related(self, instrument: Instrument, article: Article) -> Related:
        by_article: dict[str, list[str]] = {}
        for source_id, kind in self.references.referred_by.get((instrument.id, article.id), set()):
            by_article.setdefault(source_id, []).append(kind)
        structure = self.structure(instrument)
        referred_by = []
        for source_id in sorted(by_article, key=structure.position.__getitem__):
            kinds = " and ".join("its text" if k == "text" else "commentary" for k in sorted(set(by_article[source_id]), reverse=True))
            referred_by.append(ReferredBy(instrument.articles[source_id], kinds))
        return Related(tuple(referred_by), tuple(structure.drafts.get(article.id, [])))


# --------------------------------------------------------------------------- helpers


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


def byline(note: Note, project: Project) -> Byline:
    """Who wrote the note and what it rests on, honestly: the authors as the note names them, and each
    source it is based on as "based on <short title>, <pages>", never as an author."""
    edition = project.edition
    editors = bool(note.authors) and all(is_editors(a.name, edition) for a in note.authors)
    sources = []
    for based in note.based_on:
        entry = project.bibliography.get(based.source)
        label = (entry.short_title or entry.title) if entry is not None else based.source
        sources.append(Source(based.source, label, based.pinpoint, entry is not None))
    return Byline(editors, tuple(note.authors), tuple(sources))


def _markers(article: Article, notes: list[Note], affected: dict[str, list[tuple[Proposal, ProposalResult]]]) -> dict[str, Marker]:
    """Top-level paragraph id -> what its marker says ("2 notes · 1 proposal") and what it leads to: the
    first note on that paragraph, or the first proposal when it has no note. Notes on the article as a
    whole get no marker."""
    notes_on: dict[str, list[Note]] = {}
    for note in notes:
        unit = article.instrument.index.get(note.target) if article.instrument else None
        if isinstance(unit, Provision) and unit.article is article:
            notes_on.setdefault(unit.top.id, []).append(note)
    markers = {}
    for paragraph in article.paragraphs:
        on = notes_on.get(paragraph.id, [])
        proposed = list({proposal.id: proposal for proposal, _result in affected.get(paragraph.id, [])}.values())
        if not on and not proposed:
            continue
        parts = []
        if on:
            parts.append(f"{len(on)} note" + ("s" if len(on) > 1 else ""))
        if proposed:
            parts.append(f"{len(proposed)} proposal" + ("s" if len(proposed) > 1 else ""))
        markers[paragraph.id] = Marker(" · ".join(parts), pinpoint(paragraph), on[0] if on else None, None if on else proposed[0])
    return markers


def _with_views(unit: TextUnit, views: ProposalViews) -> TextUnit:
    return TextUnit(unit.unit, unit.words, unit.tail, unit.children, unit.pinpoint, unit.citation, unit.marker, views)


def proponent(proposal: Proposal, project: Project) -> Proponent:
    """Who proposes ``proposal``, with where they made it: a bibliography entry by its short title, or a document symbol."""
    editors = is_editors(proposal.proponent, project.edition)
    author = not editors and proposal.by_its_author
    where = proposal.proposed_in
    entry = project.bibliography.get(where.source) if where is not None else None
    # A source that is neither in the bibliography nor a document symbol (C085) sources nothing, in a build that goes on.
    if where is None or (entry is None and not DOCUMENT_SYMBOL.fullmatch(where.source)):
        return Proponent(proposal.proponent, editors or author, None, None, author, editors)
    label = (entry.short_title or entry.title) if entry is not None else where.source
    return Proponent(proposal.proponent, editors or author, label + (f", {where.pinpoint}" if where.pinpoint else ""),
                     where.source if entry is not None else None, author, editors)


def _alternative(paragraph: Provision, proposal: Proposal, result: ProposalResult, project: Project) -> Alternative:
    outcomes = {u.target: u for u in result.units}
    return Alternative(proposal, proponent(proposal, project), tuple(_blackline(paragraph, outcomes, 0)), tuple(_proposed(paragraph, outcomes, 0)))


def _blackline(unit: Provision, outcomes: dict[str, UnitResult], depth: int) -> list[BlacklineUnit]:
    """The unit as the proposal leaves it, marked, then any units the proposal adds after it."""
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        return [BlacklineUnit(unit.kind, depth, unit.id, "deleted", unit.num, tuple(result.segments), "",
                              tuple(_struck(child, depth + 1) for child in unit.children), None)]
    children = tuple(b for child in unit.children for b in _blackline(child, outcomes, depth + 1))
    segments = tuple(result.segments) if result is not None else None
    units = [BlacklineUnit(unit.kind, depth, unit.id, None, unit.num, segments, unit.text, children, unit.tail)]
    if result is not None:
        for added in result.outcomes[1:]:
            # Label and wording form one insertion, so print shows a single "[+ (e) …]" mark.
            words = f"{added.num} {added.proposed}" if added.num else added.proposed
            units.append(BlacklineUnit(unit.kind, depth, None, "added", None, (Segment("ins", words),), "", (), None, added.num or None))
    return units


def _struck(unit: Provision, depth: int) -> BlacklineUnit:
    segments = (Segment("del", unit.text),) if unit.text else ()
    return BlacklineUnit(unit.kind, depth, unit.id, "deleted", unit.num, segments, "", tuple(_struck(c, depth + 1) for c in unit.children), None)


def _proposed(unit: Provision, outcomes: dict[str, UnitResult], depth: int) -> list[ProposedUnit]:
    """The unit as it would read with the proposal accepted (nothing when it deletes it), then the units it adds."""
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        return []
    words = result.accepted if result is not None and result.accepted is not None else unit.text
    children = tuple(p for child in unit.children for p in _proposed(child, outcomes, depth + 1))
    units = [ProposedUnit(unit.kind, depth, unit.id, unit.num, words, children, unit.tail)]
    if result is not None:
        units.extend(ProposedUnit(unit.kind, depth, None, added.num, added.proposed, (), None) for added in result.outcomes[1:])
    return units
