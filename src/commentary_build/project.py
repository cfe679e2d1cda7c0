"""Load everything a site is made of, once: texts, concordances, themes, bibliography, notes.

Both the MkDocs build and `commentary check` start here, so they see the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import diagnostics as d
from .commentary_loader import Targets, load_notes
from .datafiles import RecommendationSet, Theme, load_concordances, load_recommendations, load_themes
from .instrument_concordance import InstrumentConcordance, load_instrument_concordances
from .model import Concordance, Instrument, Note


@dataclass
class Project:
    root: Path
    instruments: dict[str, Instrument]
    concordances: dict[str, Concordance]
    themes: dict[str, Theme]
    bibliography: dict
    notes: list[Note]
    recommendations: list[RecommendationSet]
    report: d.Report = field(default_factory=d.Report)
    instrument_concordances: list[InstrumentConcordance] = field(default_factory=list)
    # Lookups every page needs, built on first use: rebuilding them per page made a
    # build quadratic in the number of notes. Keyed by the notes list and its length so
    # a caller that swaps or extends ``notes`` never reads a stale index.
    _note_indexes: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def default_instrument(self) -> Instrument:
        for instrument in self.instruments.values():
            if instrument.is_default:
                return instrument
        return next(iter(self.instruments.values()))

    def _indexes(self) -> dict:
        key = (id(self.notes), len(self.notes))
        if self._note_indexes.get("key") != key:
            by_article: dict[str, dict[str, list[Note]]] = {}
            for note in self.notes:
                if note.article_id:
                    by_article.setdefault(note.instrument_id, {}).setdefault(note.article_id, []).append(note)
            by_id: dict[str, Note] = {}
            for note in self.notes:
                by_id.setdefault(note.id, note)
            self._note_indexes.clear()
            self._note_indexes.update(key=key, by_article=by_article, by_id=by_id)
        return self._note_indexes

    def notes_by_article(self, instrument_id: str) -> dict[str, list[Note]]:
        return self._indexes()["by_article"].get(instrument_id, {})

    def overview_notes(self, instrument_id: str) -> list[Note]:
        return [n for n in self.notes if n.instrument_id == instrument_id and n.target == "overview"]

    def note(self, note_id: str) -> Note | None:
        return self._indexes()["by_id"].get(note_id)


def load_project(root: Path, report: d.Report | None = None) -> Project:
    from .bibliography import load_bibliography
    from .text_loader import load_instruments

    report = report if report is not None else d.Report()
    root = root.resolve()
    instruments = load_instruments(root, report)
    concordances: dict[str, Concordance] = {}
    for instrument in instruments.values():
        concordances.update(load_concordances(root, root / instrument.directory, report))
    _check_concordances(concordances, instruments, report)
    themes = load_themes(root, report)
    bibliography = load_bibliography(root, report)
    notes = load_notes(root, Targets(instruments, concordances), set(themes), report)
    recommendations = load_recommendations(root, report)
    project = Project(root, instruments, concordances, themes, bibliography, notes, recommendations, report)
    project.instrument_concordances = load_instrument_concordances(root, instruments, report)
    _check_recommendations(project)
    return project


def _check_concordances(concordances: dict[str, Concordance], instruments: dict[str, Instrument], report: d.Report) -> None:
    for concordance in concordances.values():
        instrument = instruments.get(concordance.to_instrument)
        if instrument is None:
            report.add(d.INSTRUMENT_UNKNOWN, f"concordance '{concordance.id}' maps to unknown text '{concordance.to_instrument}'", concordance.location)
            continue
        for entry in concordance.entries:
            for target in entry.targets:
                if target not in instrument.index:
                    report.add(d.TARGET_UNKNOWN, f"concordance entry {entry.draft_ref} maps to '{target}', which is not a provision of {instrument.short_title}", entry.location)


def _check_recommendations(project: Project) -> None:
    instrument = project.default_instrument
    note_ids = {n.id for n in project.notes}
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            for provision in rec.provisions:
                if provision not in instrument.index:
                    project.report.add(d.TARGET_UNKNOWN, f"recommendation {rec.id} concerns '{provision}', which does not exist", rec.location)
            if not rec.note_id or rec.note_id not in note_ids:
                project.report.add(d.RECOMMENDATION_NOTE, f"recommendation {rec.id}: backing note '{rec.note_id}' does not exist", rec.location)
            for theme in rec.themes:
                if theme not in project.themes:
                    project.report.add(d.THEME_UNKNOWN, f"recommendation {rec.id}: theme '{theme}' is not in the vocabulary", rec.location)
