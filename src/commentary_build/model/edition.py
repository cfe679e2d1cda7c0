"""The edition: who edits the site, under which licence, how to reach them, and where each text comes from.

Configured once (``commentary/edition.yml``) and shown on the About page, in the footer,
in the citation of the commentary and in the exports.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .location import NOWHERE, Location


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Contributor:
    """A person named as a contributor: git identities appear on pages only through this mapping."""

    name: str
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSource:
    """Where a text of the site comes from officially, its bibliography entry (its citation form and its
    status on a date), where its current status is kept, and whether the copy reproduced is an unofficial one."""

    official: Link | None = None
    entry: str | None = None  # the bibliography key of the text: how it is cited, and its sourced status
    status_register: Link | None = None  # where the current status is kept (the depositary's register)
    unofficial: bool = False  # the copy reproduced is not the official document: pages say so, with `official`


@dataclass(frozen=True)
class EditionReview:
    """A review of the commentary as a whole: when, by whom, what was read against what, and what is left."""

    date: _dt.date
    by: str
    scope: str  # what was read against which text
    left: str = ""  # what the review did not cover, or found and left open


# How old (in days, before the edition's date) a treaty status that time can change may be before
# `commentary check` warns (W075): half a year, about the rhythm of signatures and ratifications.
DEFAULT_STATUS_MAX_AGE_DAYS = 180


@dataclass
class Edition:
    title: str
    subtitle: str = ""
    editors: str = ""  # who edits the site, as readers should cite them ("The editors of …")
    editors_description: str = ""  # Markdown: who they are
    method: str = ""  # Markdown: how the commentary is made
    licence: Link | None = None  # the commentary's licence
    texts_licence: str = ""  # the status of the treaty texts reproduced
    contact: Link | None = None
    texts: dict[str, TextSource] = field(default_factory=dict)  # instrument id -> its sources
    contributors: list[Contributor] = field(default_factory=list)
    date: _dt.date | None = None  # the date as at which the edition states the texts' status and the commentary
    status_max_age_days: int = DEFAULT_STATUS_MAX_AGE_DAYS
    reviews: list[EditionReview] = field(default_factory=list)
    location: Location = NOWHERE

    def contributor_for(self, email: str) -> Contributor | None:
        wanted = email.strip().lower()
        for contributor in self.contributors:
            if wanted in (e.lower() for e in contributor.emails):
                return contributor
        return None


def is_editors(name: str, edition: Edition) -> bool:
    """Whether ``name`` is the edition's editors ("The editors", "editors" or the edition's own name for them)."""
    wanted = " ".join(name.lower().split())
    return wanted in {"the editors", "editors", " ".join(edition.editors.lower().split())} if wanted else False


def default_edition() -> Edition:
    """The edition of a project without commentary/edition.yml: a title and nothing it cannot support."""
    return Edition(title="Treaty commentary")
