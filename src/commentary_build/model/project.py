"""Everything a site is made of, loaded once: texts, concordances, themes, sources, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import Entry
from .commentary import Note, Theme
from .concordance import Concordance, InstrumentConcordance
from .edition import Edition, default_edition
from .gitlog import GitLog, no_history
from .problems import Report
from .settings import Settings
from .text import Instrument
from .tracker import RecommendationSet


@dataclass
class Unavailable:
    """Inputs that failed to load. Their own problem was reported once; the checks that only
    follow from it (an unknown theme in every note when themes.yml is broken) stay silent."""

    instruments: set[str] = field(default_factory=set)  # folders under content/ whose instrument.yml did not load
    articles: dict[str, set[str]] = field(default_factory=dict)  # text id -> ids of articles whose file did not load
    divisions: set[str] = field(default_factory=set)  # texts whose divisions.yml did not load
    concordances: set[str] = field(default_factory=set)  # ids (file names) of concordances that did not load
    units: dict[str, set[str]] = field(default_factory=dict)  # text id -> ids of units skipped for a problem (and so their parts)
    concordance_entries: set[tuple[str, str]] = field(default_factory=set)  # (concordance id, draft number) of entries that did not load
    themes: bool = False
    theme_ids: set[str] = field(default_factory=set)  # themes in themes.yml that did not load
    bibliography: bool = False
    bibliography_keys: set[str] = field(default_factory=set)  # entries that are in the file but did not load
    notes: set[str] = field(default_factory=set)  # ids of note files that did not load

    def article(self, instrument_id: str, unit_id: str) -> bool:
        """True when ``unit_id`` lies in an article of ``instrument_id`` whose file did not load,
        or is (or lies in) a unit that was skipped for a problem reported at it."""
        broken = self.articles.get(instrument_id, set()) | self.units.get(instrument_id, set())
        return any(unit_id == unit or unit_id.startswith(unit + "-") for unit in broken)

    def theme(self, theme_id: str) -> bool:
        """True when the theme cannot be known because themes.yml (or its entry) did not load."""
        return self.themes or theme_id in self.theme_ids


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
    unavailable: Unavailable = field(default_factory=Unavailable)
    # The build's one reading of git, and the settings every output takes its title, addresses and version from.
    git: GitLog = field(default_factory=lambda: no_history("not read"))
    settings: Settings = field(default_factory=Settings)
    # Where build caches live (``load.cache``: the user's cache folder, never the checkout); None builds without them.
    cache_dir: Path | None = None
    # Inputs whose parse and whose schema verdict were reused from an earlier build (``load.parsed``), for the build report.
    inputs_reused: tuple[int, int] = (0, 0)
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
