"""Cross-checks between data files: concordances and recommendations against the texts and notes.

A check that depends on a file that did not load (its problem is reported at that file)
stays silent, so one broken file is one message.
"""

from __future__ import annotations

from ..model import Concordance, Instrument, Project
from ..model import problems as d
from ..model.project import Unavailable


def check_data_files(project: Project) -> None:
    _check_concordances(project.concordances, project.instruments, project.report, project.unavailable)
    _check_recommendations(project)


def _check_concordances(concordances: dict[str, Concordance], instruments: dict[str, Instrument], report: d.Report, unavailable: Unavailable) -> None:
    for concordance in concordances.values():
        instrument = instruments.get(concordance.to_instrument)
        if instrument is None:
            if concordance.to_instrument not in unavailable.instruments:
                report.add(d.INSTRUMENT_UNKNOWN, f"concordance '{concordance.id}' maps to unknown text '{concordance.to_instrument}'", concordance.location)
            continue
        for entry in concordance.entries:
            for target in entry.targets:
                if target not in instrument.index and not unavailable.article(instrument.id, target):
                    report.add(d.TARGET_UNKNOWN, f"concordance entry {entry.draft_ref} maps to '{target}', which is not a provision of {instrument.short_title}", entry.location)


def _check_recommendations(project: Project) -> None:
    if not project.instruments:
        return
    instrument = project.default_instrument
    unavailable = project.unavailable
    note_ids = {n.id for n in project.notes}
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            for provision in rec.provisions:
                if provision not in instrument.index and not unavailable.article(instrument.id, provision):
                    project.report.add(d.TARGET_UNKNOWN, f"recommendation {rec.id} concerns '{provision}', which does not exist", rec.location)
            if (not rec.note_id or rec.note_id not in note_ids) and rec.note_id not in unavailable.notes:
                project.report.add(d.RECOMMENDATION_NOTE, f"recommendation {rec.id}: backing note '{rec.note_id}' does not exist", rec.location)
            for theme in rec.themes:
                if theme not in project.themes and not unavailable.theme(theme):
                    project.report.add(d.THEME_UNKNOWN, f"recommendation {rec.id}: theme '{theme}' is not in the vocabulary", rec.location)
