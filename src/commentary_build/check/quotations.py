"""Quotations of a treaty that leave out words limiting what they quote (W076).

Note bodies, proposal rationales and the assessments of the recommendations tracker quote the text
they discuss; ``transform.quotations`` decides what counts as a quotation of the text and when a cut
drops limiting words. This pass reports each such cut at the line of the quotation.
"""

from __future__ import annotations

from functools import partial

from ..load.inputs import guard
from ..model import Location, Note, Project
from ..model import problems as d
from ..transform.pinpoints import pinpoint
from ..transform.quotations import Cut, QuotedText

_REPORTED_PER_TEXT = 20


def check_quotations(project: Project) -> None:
    prepared: dict[str, QuotedText] = {}

    def text_of(instrument_id: str) -> QuotedText:
        if instrument_id not in prepared:
            prepared[instrument_id] = QuotedText(project.instruments[instrument_id])
        return prepared[instrument_id]

    for note in project.notes:
        if note.instrument_id in project.instruments:
            guard(project.report, note.path, partial(_check_note, project, note, text_of(note.instrument_id)), None)
    if not project.instruments:
        return
    default = project.default_instrument
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            where = rec.assessment_location or rec.location
            guard(project.report, where.path, partial(_report, project, text_of(default.id), rec.assessment, lambda offset, w=where: w), None)


def _check_note(project: Project, note: Note, quoted: QuotedText) -> None:
    _report(project, quoted, note.body, lambda offset: Location(note.path, note.body_line + note.body.count("\n", 0, offset)))
    for proposal in note.proposals:
        first = proposal.rationale_line or proposal.location.line or 1
        _report(project, quoted, proposal.rationale, lambda offset, first=first, text=proposal.rationale: Location(note.path, first + text.count("\n", 0, offset)))


def _report(project: Project, quoted: QuotedText, text: str, location_at) -> None:
    if not text:
        return
    for count, cut in enumerate(quoted.cuts(text)):
        if count >= _REPORTED_PER_TEXT:
            return
        project.report.add(d.QUOTATION_CUT, _message(quoted, cut), location_at(cut.quotation.start))


def _message(quoted: QuotedText, cut: Cut) -> str:
    words = " ".join(cut.quotation.text.split())
    shown = words if len(words) <= 60 else words[:57].rstrip() + "…"
    left_out = []
    if cut.before:
        left_out.append(f"before it, '{cut.before}'")
    if cut.after:
        left_out.append(f"after it, '{cut.after}'")
    return f"the quotation \"{shown}\" of {_place(quoted, cut)} leaves out of its sentence {' and '.join(left_out)}, without marking the cut"


def _place(quoted: QuotedText, cut: Cut) -> str:
    unit = cut.unit
    if isinstance(unit, str):
        return f"interpretative note {unit.removeprefix('note-')}" if unit.startswith("note-") else unit
    if unit.article is not None:
        return pinpoint(unit)
    if unit in quoted.instrument.preamble or unit.top in quoted.instrument.preamble:
        return "the preamble"
    return "the final clause"
