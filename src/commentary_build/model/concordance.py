"""Concordances: a draft's numbering onto an adopted text, and one instrument onto another."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from .location import NOWHERE, Location

Certainty = Literal["certain", "probable", "uncertain"]
DraftKind = Literal["equivalent", "partly-equivalent", "related", "no-counterpart"]
PairKind = Literal["equivalent", "partly-equivalent", "related"]

CERTAINTIES: tuple[Certainty, ...] = get_args(Certainty)
CONCORDANCE_KINDS: tuple[DraftKind, ...] = get_args(DraftKind)
PAIR_KINDS: tuple[PairKind, ...] = get_args(PairKind)


@dataclass
class ConcordanceEntry:
    """A draft provision and what became of it in an adopted text."""

    draft_ref: str  # "61", "58(15)"
    draft_title: str | None
    target: str | None  # adopted unit id, or None when there is no counterpart
    targets: list[str]
    certainty: str  # one of CERTAINTIES (checked by the loader)
    kind: str  # one of CONCORDANCE_KINDS
    remark: str | None
    location: Location = NOWHERE


@dataclass
class Concordance:
    id: str  # "cnd-2023"
    title: str
    from_document: str
    to_instrument: str
    entries: list[ConcordanceEntry]
    location: Location = NOWHERE

    def lookup(self, draft_ref: str) -> ConcordanceEntry | None:
        wanted = draft_ref.replace(" ", "").lower()
        for entry in self.entries:
            if entry.draft_ref.replace(" ", "").lower() == wanted:
                return entry
        return None


@dataclass(frozen=True)
class InstrumentPair:
    """One unit of the ``from`` text and its counterpart in the ``to`` text (articles or paragraphs)."""

    from_unit: str
    to_unit: str
    kind: PairKind
    certainty: Certainty
    remark: str | None
    location: Location


@dataclass
class InstrumentConcordance:
    id: str
    title: str
    from_instrument: str
    to_instrument: str
    pairs: list[InstrumentPair] = field(default_factory=list)
    location: Location = NOWHERE

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(PAIR_KINDS, 0)
        for pair in self.pairs:
            counts[pair.kind] += 1
        return counts
