"""Citations and cross-references in every note body and proposal rationale.

The same Markdown rule that later renders them finds them here (``transform.markdown``),
so a citation the build would print is exactly a citation checked: unknown keys,
unreadable brackets, references to provisions that do not exist, pandoc footnotes. It also
finds a proposal named by its id in reader text (W068): an id is an anchor, not words.
Rendering reports nothing; every problem comes from this pass. Each note is checked
inside the input boundary, so a failure in one never stops the others. The tokens of each
body and rationale are kept (``ParsedProse``): the document layer builds its tree from
them, so a note is parsed once per build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial

from markdown_it.token import Token

from ..load.inputs import guard
from ..model import Location, Note, Project
from ..model import problems as d
from ..model.commentary import MarkdownShape
from ..model.edition import is_editors
from ..transform.citations import Cluster, FootnoteSequence
from ..transform.markdown import MarkdownEnv, parse_markdown
from ..transform.oscola import cited_pages, text_pages
from .budgets import REFERENCE_LIMIT


class _CheckedFootnotes(FootnoteSequence):
    """The footnotes of one note, checking each citation's page against the pages of its source."""

    def cite(self, cluster: Cluster, location: Location) -> int:
        for item in cluster.items:
            entry = self.bibliography.get(item.key)
            pages = cited_pages(item.locator)
            bounds = text_pages(entry) if entry is not None else None
            if pages and bounds and not (bounds[0] <= pages[0] <= pages[1] <= bounds[1]) and self.report is not None:
                self.report.add(d.PINPOINT_OUTSIDE, f"'{item.locator}' of {item.key}: its text runs from p {bounds[0]} to p {bounds[1]}", location)
        return super().cite(cluster, location)


# Sources cited by page: a note that rests on one names the pages (a treaty is cited by article in the text itself).
_PAGED_TYPES = ("report", "book", "document")


def _check_based_on(project: Project, note: Note) -> None:
    """What a note rests on must exist, be pinpointed when it is paged, and the pages must be the source's."""
    for basis in note.based_on:
        entry = project.bibliography.get(basis.source)
        if entry is None:
            if not (project.unavailable.bibliography or basis.source in project.unavailable.bibliography_keys):
                project.report.add(d.CITATION_UNKNOWN, f"based_on: no source with key '{basis.source}' in the bibliography", basis.location)
            continue
        if entry.type in _PAGED_TYPES and not basis.pinpoint:
            project.report.add(d.BASED_ON_PINPOINT, f"based_on: '{basis.source}' ({entry.type}) without the pages the note relies on", basis.location)
            continue
        pages = cited_pages(basis.pinpoint)
        bounds = text_pages(entry)
        if pages and bounds and not (bounds[0] <= pages[0] <= pages[1] <= bounds[1]):
            project.report.add(d.PINPOINT_OUTSIDE, f"based_on: '{basis.pinpoint}' of {basis.source}: its text runs from p {bounds[0]} to p {bounds[1]}", basis.location)


# A UN document symbol as printed on the document: series and body letters, then parts separated by '/'
# (A/AC.291/CRP.10, A/RES/79/243, E/CN.15/2019/L.3, CTOC/COP/2020/3). Bibliography keys are lower-case.
DOCUMENT_SYMBOL = re.compile(r"[A-Z][A-Z0-9]*(?:/[A-Z0-9][A-Za-z0-9.()\-]*)+")


def _check_proponents(project: Project, note: Note) -> None:
    """A proponent other than the editors or the note's own author is published as a fact ("Proposal by …"): it
    must say where the proponent made the proposal (C084), in a source that exists (C085) and that the proposal
    does not predate (W081)."""
    for proposal in note.proposals:
        source = proposal.proposed_in
        if source is None:
            if not (is_editors(proposal.proponent, project.edition) or proposal.by_its_author):
                project.report.add(d.PROPONENT_UNSOURCED, f"proposal '{proposal.id}' is attributed to '{proposal.proponent}' without saying where they made it (proposed_in)",
                                   proposal.proponent_location)
            continue
        entry = project.bibliography.get(source.source)
        if entry is None:
            if not DOCUMENT_SYMBOL.fullmatch(source.source) and not (project.unavailable.bibliography or source.source in project.unavailable.bibliography_keys):
                project.report.add(d.PROPOSED_IN_UNKNOWN, f"proposed_in: '{source.source}' is neither a key in the bibliography nor a document symbol", source.location)
            continue
        issued = entry.issued
        if proposal.date is not None and issued and tuple(issued) > (proposal.date.year, proposal.date.month, proposal.date.day)[: len(issued)]:
            written = "-".join(f"{part:02d}" for part in issued)
            project.report.add(d.PROPOSED_BEFORE_SOURCE, f"proposal '{proposal.id}' is dated {proposal.date.isoformat()}, before {source.source} ({written}) where it says it was made", source.location)


# (note id, "" for its body or the id of one of its proposals for that rationale) -> the Markdown's tokens.
ParsedProse = dict[tuple[str, str], list[Token]]


def check_commentary(project: Project) -> tuple[ParsedProse, dict[str, MarkdownShape]]:
    """Check every note; the tokens of each body and rationale that could be read (for the document layer),
    and what each note makes (note id -> its body's and rationales' shape, for the budgets)."""
    proposal_ids = nameable_proposal_ids(project)
    parsed: ParsedProse = {}
    shapes: dict[str, MarkdownShape] = {}
    for note in project.notes:
        shape = guard(project.report, note.path, partial(_check_note, project, note, proposal_ids, parsed), None)
        if shape is not None:
            shapes[note.id] = shape
    return parsed, shapes


def _check_note(project: Project, note: Note, proposal_ids: Mapping[str, str], parsed: ParsedProse) -> MarkdownShape:
    _check_based_on(project, note)
    _check_proponents(project, note)
    parsed[(note.id, "")], shape = _scan(project, note, note.body, note.body_line)
    _check_proposal_ids(project, note, note.body, note.body_line, proposal_ids)
    for proposal in note.proposals:
        first_line = proposal.rationale_line or proposal.location.line or 1
        parsed[(note.id, proposal.id)], rationale_shape = _scan(project, note, proposal.rationale, first_line)
        shape.add(rationale_shape)
        _check_proposal_ids(project, note, proposal.rationale, first_line, proposal_ids)
    return shape


# A run of the characters an id is made of; the character before it tells a word of the text
# ("see hr-refusal-mla") from part of a link or anchor ("#proposal-hr-refusal-mla", "../x/")
# or a citation key ("@key"). One pass over the text, then a set lookup per run: linear.
_ID_RUN = re.compile(r"[\w-]+")
_NOT_A_WORD_AFTER = frozenset("@#/=")
_REPORTED_PER_TEXT = 20


def nameable_proposal_ids(project: Project) -> dict[str, str]:
    """id -> title of the proposals whose id a reader could meet as if it were words: ids of two
    words or more (a one-word id such as "scope" cannot be told from the word in a sentence)."""
    return {p.id: p.title for n in project.notes for p in n.proposals if "-" in p.id.strip("-")}


def _check_proposal_ids(project: Project, note: Note, text: str, first_line: int, proposal_ids: Mapping[str, str]) -> None:
    if not proposal_ids or not text:
        return
    reported = 0
    for match in _ID_RUN.finditer(text):
        word = match.group().strip("-")
        if word not in proposal_ids:
            continue
        start = match.start() + match.group().index(word)
        if start and text[start - 1] in _NOT_A_WORD_AFTER:
            continue
        line = first_line + text.count("\n", 0, start)
        project.report.add(d.PROPOSAL_ID_IN_TEXT, f"'{word}' is the id of a proposal; readers see it as it is written", Location(note.path, line),
                           hint=f"Name the proposal by its title, *{proposal_ids[word]}*, with the article it is on; the id stays in its 'id:' field.")
        reported += 1
        if reported >= _REPORTED_PER_TEXT:
            return


def _scan(project: Project, note: Note, text: str, first_line: int) -> tuple[list[Token], MarkdownShape]:
    instrument = project.instruments[note.instrument_id]
    unavailable = project.unavailable
    env = MarkdownEnv(
        instrument=instrument,
        current_article=instrument.articles.get(note.article_id) if note.article_id else None,
        footnotes=_CheckedFootnotes(
            project.bibliography, project.report,
            unreported=lambda key: unavailable.bibliography or key in unavailable.bibliography_keys,
        ),
        bibliography=project.bibliography,
        report=project.report,
        path=note.path,
        first_line=first_line,
        unreported_unit=lambda unit_id: unavailable.article(instrument.id, unit_id),
        # One past the budget is enough to refuse the note; a list of 100,000 references stops there.
        reference_limit=REFERENCE_LIMIT + 1,
    )
    return parse_markdown(text, env), env.shape
