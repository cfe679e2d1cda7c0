"""Sources the commentary cites: one CSL item each, with the fields the OSCOLA formatter reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .location import Location


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
class TreatyStatus:
    """Whether a treaty is in force, as at a date, on a source (the extension field "status")."""

    state: str  # in-force | not-in-force | unknown
    as_of: tuple[int, int, int]
    source: str


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
