"""Everything a site is made of, loaded once: texts, concordances, themes, sources, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import Entry
from .commentary import Note, Theme
from .concordance import Concordance, InstrumentConcordance
from .edition import Edition, default_edition
from .problems import Report
from .text import Instrument
from .tracker import RecommendationSet


@dataclass
class _NoteIndexes:
    key: tuple[int, int]
    by_article: dict[str, dict[str, list[Note]]]
    by_id: dict[str, Note]


@dataclass
class Project:
    root: Path
    instruments: dict[str, Instrument]
    concordances: dict[str, Concordance]
    themes: dict[str, Theme]
    bibliography: dict[str, Entry]
    notes: list[Note]
    recommendations: list[RecommendationSet]
    report: Report = field(default_factory=Report)
    instrument_concordances: list[InstrumentConcordance] = field(default_factory=list)
    edition: Edition = field(default_factory=default_edition)
    # Lookups every page needs, built on first use: rebuilding them per page made a
    # build quadratic in the number of notes. Keyed by the notes list and its length so
    # a caller that swaps or extends ``notes`` never reads a stale index.
    _note_indexes: _NoteIndexes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def default_instrument(self) -> Instrument:
        for instrument in self.instruments.values():
            if instrument.is_default:
                return instrument
        return next(iter(self.instruments.values()))

    def _indexes(self) -> _NoteIndexes:
        key = (id(self.notes), len(self.notes))
        if self._note_indexes is None or self._note_indexes.key != key:
            by_article: dict[str, dict[str, list[Note]]] = {}
            by_id: dict[str, Note] = {}
            for note in self.notes:
                if note.article_id:
                    by_article.setdefault(note.instrument_id, {}).setdefault(note.article_id, []).append(note)
                by_id.setdefault(note.id, note)
            self._note_indexes = _NoteIndexes(key, by_article, by_id)
        return self._note_indexes

    def notes_by_article(self, instrument_id: str) -> dict[str, list[Note]]:
        return self._indexes().by_article.get(instrument_id, {})

    def overview_notes(self, instrument_id: str) -> list[Note]:
        return [n for n in self.notes if n.instrument_id == instrument_id and n.target == "overview"]

    def note(self, note_id: str) -> Note | None:
        return self._indexes().by_id.get(note_id)
