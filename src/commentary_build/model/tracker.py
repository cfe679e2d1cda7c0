"""Recommendations of a report, each with its status against the adopted text."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from .location import Location

Status = Literal["reflected", "partly-reflected", "not-reflected", "no-counterpart"]
STATUSES: tuple[Status, ...] = get_args(Status)
# What the row records: a recommendation the report makes, or a concern it reports without recommending
# anything (its status then says how far the adopted text answers the concern).
Kind = Literal["recommendation", "concern"]


@dataclass
class Recommendation:
    id: str
    summary: str
    locator: str | None
    draft_provision: str | None
    provisions: list[str]
    status: Status
    assessment: str
    note_id: str | None
    themes: list[str]
    source_key: str
    source_title: str
    location: Location
    assessment_location: Location | None = None  # the line of its assessment, where a problem in it is reported
    kind: Kind = "recommendation"


@dataclass(frozen=True)
class Assessment:
    """Who assessed a report's statuses, when, and against which text: a status holds for that day."""

    by: str
    date: _dt.date
    against: str


@dataclass
class RecommendationSet:
    source_key: str
    title: str
    recommendations: list[Recommendation] = field(default_factory=list)
    assessment: Assessment | None = None  # None when the file records none (the tracker says so)
