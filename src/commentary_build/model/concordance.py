"""Concordances: a draft's numbering onto an adopted text, and one instrument onto another."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from .location import NOWHERE, Location

Certainty = Literal["certain", "probable", "uncertain"]
# A draft provision and the adopted text: "equivalent", "partly-equivalent" and "related" compare content
# (equivalent: the same obligation in adapted wording, so the draft's wording must be held);
# "successor": the adopted provision took the draft provision's place, its wording not compared (the
# draft is known only from a report); "no-counterpart": nothing in the adopted text took its place.
DraftKind = Literal["equivalent", "partly-equivalent", "related", "successor", "no-counterpart"]
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
    basis: str | None = None  # what the mapping rests on: draft-text | report-numbering | report-description

    @property
    def draft_pinpoint(self) -> str:
        """"art 61", or "" for a part of the draft the source names without a number (an id such as "mechanism",
        which is the file's key, not the draft's)."""
        return f"art {self.draft_ref}" if self.draft_ref[:1].isdigit() else ""

    def reference(self, from_document: str) -> str:
        """"CND (April 2023), art 61: Title", or "CND (April 2023): Mechanism of implementation" without a number."""
        named = f"{from_document}, {self.draft_pinpoint}" if self.draft_pinpoint else from_document
        return f"{named}: {self.draft_title}" if self.draft_title else named


@dataclass
class Concordance:
    id: str  # "cnd-2023"
    title: str
    from_document: str
    to_instrument: str
    entries: list[ConcordanceEntry]
    location: Location = NOWHERE
    document_symbol: str | None = None  # the draft's UN symbol, once its text is held and the symbol verified
    source: str | None = None  # bibliography key of the report the mappings rest on

    @property
    def draft_held(self) -> bool:
        """A copy of the draft is held only when some mapping was checked against its text."""
        return any(entry.basis == "draft-text" for entry in self.entries)

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


@dataclass(frozen=True)
class Review:
    """Who read an instrument concordance against both texts, when, how, and how far."""

    by: str
    date: _dt.date
    method: str
    scope: str = ""


@dataclass
class InstrumentConcordance:
    id: str
    title: str
    from_instrument: str
    to_instrument: str
    pairs: list[InstrumentPair] = field(default_factory=list)
    location: Location = NOWHERE
    review: Review | None = None

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(PAIR_KINDS, 0)
        for pair in self.pairs:
            counts[pair.kind] += 1
        return counts
