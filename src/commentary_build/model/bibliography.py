"""Sources the commentary cites: one CSL item each, with the fields the OSCOLA formatter reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .location import NOWHERE, Location


@dataclass(frozen=True)
class Name:
    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @property
    def display(self) -> str:
        """The name as written in a footnote: "Ana Paula Oliveira", or the organisation."""
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)

    @property
    def sort_form(self) -> str:
        """The name as a bibliography lists it: surname first, then initials ("Oliveira AP")."""
        if self.literal:
            return self.literal
        initials = "".join(word[0] for word in (self.given or "").replace("-", " ").split())
        return " ".join(part for part in (self.family, initials) if part)


@dataclass(frozen=True)
class StatusFact:
    """One dated fact about a treaty's life (opened for signature, signature closes, entered into force), with its source."""

    date: tuple[int, int, int]
    fact: str
    source: str
    url: str | None = None  # where the source can be read
    state: str | None = None  # the treaty's state on that date, where the fact establishes it


@dataclass(frozen=True)
class TreatyStatus:
    """Whether a treaty is in force, as at a date, on a source (the extension field "status"), with the
    dated facts that support it."""

    state: str  # in-force | not-in-force | unknown
    as_of: tuple[int, int, int]
    source: str
    url: str | None = None  # the source's official page
    facts: tuple[StatusFact, ...] = ()
    location: Location = NOWHERE  # the line of its as-of date


    def last_known(self, state: str) -> tuple[int, int, int] | None:
        """The latest date on which the treaty is recorded in ``state``: the status itself, or a fact."""
        dates = [fact.date for fact in self.facts if fact.state == state]
        if self.state == state:
            dates.append(self.as_of)
        return max(dates) if dates else None


@dataclass(frozen=True)
class Entry:
    """One source. ``data`` keeps the CSL item as written, for exports that want every field."""

    id: str
    type: str
    title: str
    data: dict[str, Any]
    location: Location
    short_title: str | None = None
    authors: tuple[Name, ...] = ()
    contributors: tuple[Name, ...] = ()
    issued: tuple[int, ...] = ()  # (year,), (year, month) or (year, month, day)
    in_force: tuple[int, ...] = ()  # a treaty's entry into force (extension field "in-force")
    status: TreatyStatus | None = None

    def field(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None else str(value).strip()

    @property
    def year(self) -> int | None:
        return self.issued[0] if self.issued else None
