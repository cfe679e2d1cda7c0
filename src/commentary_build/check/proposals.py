"""Anchor every drafting proposal in the text it changes, once per build.

The results (where each edit lands, the blackline, the proposed wording) are what the
renderers and exports draw; the problems (a stale quote, an ambiguous one, overlapping
edits) are reported here and nowhere else, with three warnings about the wording a
proposal would produce: words glued together by an insertion (W065), a new unit with a
number already in use (W066), and a unit whose every word is deleted (W067). Each note's
proposals are checked inside the input boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from ..load.inputs import guard
from ..model import Instrument, Note, Project, Proposal, Provision
from ..model import problems as d
from ..model.location import Location
from ..transform.redline import ProposalResult, SearchBudget, apply_proposal, joined_words


@dataclass
class AnchoredProposals:
    results: dict[str, ProposalResult] = field(default_factory=dict)  # proposal id -> where its edits land
    by_article: dict[tuple[str, str], list[Proposal]] = field(default_factory=dict)  # (text, article id) -> proposals changing it

    def on_article(self, instrument_id: str, article_id: str) -> list[Proposal]:
        return self.by_article.get((instrument_id, article_id), [])


def check_proposals(project: Project) -> AnchoredProposals:
    """Every proposal anchored; each problem is added to the project's report."""
    anchored = AnchoredProposals()
    for note in project.notes:
        guard(project.report, note.path, partial(_check_note, project, note, anchored), None)
    return anchored


def _check_note(project: Project, note: Note, anchored: AnchoredProposals) -> None:
    instrument = project.instruments[note.instrument_id]
    budget = SearchBudget()  # closest-passage searches for this file
    for proposal in note.proposals:
        result = apply_proposal(proposal, instrument.wording, budget)
        # An edit of a unit whose article file did not load: reported at that file, not here again.
        result.problems = [p for p in result.problems if not (p.code == d.TARGET_UNKNOWN and _in_unavailable(project, instrument, proposal, p))]
        project.report.extend(result.problems)
        _warn(project.report, instrument, proposal, result)
        anchored.results[proposal.id] = result
        articles = {article.id for edit in proposal.edits if (article := instrument.article_of(edit.target)) is not None}
        for article_id in sorted(articles):
            anchored.by_article.setdefault((instrument.id, article_id), []).append(proposal)


def _in_unavailable(project: Project, instrument: Instrument, proposal: Proposal, problem: d.Problem) -> bool:
    return any(edit.location == problem.location and project.unavailable.article(instrument.id, edit.target) for edit in proposal.edits)


def _warn(report: d.Report, instrument: Instrument, proposal: Proposal, result: ProposalResult) -> None:
    for unit in result.units:
        for junction in joined_words(unit.original, unit.changes):
            report.add(d.WORDS_JOINED, f"the proposed text of {unit.target} reads {_around(unit.accepted or '', junction.offset)}: "
                       f"'{junction.before}' and '{junction.after}' meet without a space", _where(junction.edit.location, proposal))
        provision = instrument.provision(unit.target)
        if not unit.deleted and unit.original.strip() and not (unit.accepted or "").strip() and provision is not None and not provision.children:
            edit = unit.changes[0].edit if unit.changes else None
            report.add(d.UNIT_EMPTIED, f"the edits delete every word of {unit.target} but not the unit, which would leave {_label(provision)} alone",
                       _where(edit.location if edit else proposal.location, proposal))
    _warn_numbers(report, instrument, proposal)


def _warn_numbers(report: d.Report, instrument: Instrument, proposal: Proposal) -> None:
    added: dict[tuple[str, str], str] = {}
    # A unit the same proposal deletes frees its number: deleting 42(5) and adding a new "5." replaces it.
    deleted = {edit.target for edit in proposal.edits if edit.op == "delete-unit"}
    for edit in proposal.edits:
        if edit.op != "add-after" or not edit.num:
            continue
        target = instrument.provision(edit.target)
        if target is None:
            continue
        siblings = target.parent.children if target.parent is not None else (target.article.paragraphs if target.article is not None else [])
        number = _number(edit.num)
        parent = target.parent.id if target.parent is not None else (target.article.id if target.article is not None else "")
        clash = next((s for s in siblings if s.num and _number(s.num) == number and s.id not in deleted), None)
        if clash is not None:
            report.add(d.NUMBER_REPEATED, f"the new unit '{edit.num}' has the number of {clash.id} ({clash.num})", _where(edit.location, proposal))
        elif (parent, number) in added:
            report.add(d.NUMBER_REPEATED, f"the new unit '{edit.num}' has the number of another unit this proposal adds ({added[(parent, number)]})", _where(edit.location, proposal))
        added.setdefault((parent, number), edit.num)


def _number(num: str) -> str:
    return num.strip().strip("().").strip().lower()


def _label(provision: Provision) -> str:
    return f"its number '{provision.num}'" if provision.num else "an empty paragraph"


def _around(text: str, offset: int, width: int = 20) -> str:
    start, end = max(0, offset - width), min(len(text), offset + width)
    return f'"{"…" if start else ""}{" ".join(text[start:end].split())}{"…" if end < len(text) else ""}"'


def _where(location: Location, proposal: Proposal) -> Location:
    return location if location.path else proposal.location
