"""Treaty texts: instruments, their divisions, articles and units of wording.

Nothing here knows about files, MkDocs or HTML: loaders build these objects, checks
read them, renderers turn them into pages. Every object that came from a file carries
a ``Location`` so a problem can always name file and line.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from .bibliography import Entry
from .location import NOWHERE, Location

ProvisionKind = Literal["paragraph", "subparagraph", "recital", "clause"]
DivisionKind = Literal["chapter", "section", "title"]


@dataclass
class Provision:
    """A unit of treaty text that carries wording: a paragraph, a subparagraph or a recital.

    ``num`` is the label exactly as printed ("1.", "(a)", "a)", "(ii)") or None for an
    unnumbered block. ``text`` is the wording before any sub-units, ``tail`` the wording
    that follows them and governs the whole list (rare; kept so the text stays verbatim).
    """

    id: str
    kind: ProvisionKind
    num: str | None
    text: str
    children: list[Provision] = field(default_factory=list)
    tail: str = ""
    location: Location = NOWHERE
    parent: Provision | None = field(default=None, repr=False, compare=False)
    article: Article | None = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator[Provision]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def short_num(self) -> str | None:
        """The label without punctuation: "21" for "21.", "b" for "(b)" or "b)"."""
        if self.num is None:
            return None
        return self.num.strip().strip("().").strip()

    @property
    def top(self) -> Provision:
        """The paragraph (or recital) this unit belongs to: itself when it has no parent."""
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit


@dataclass
class Article:
    id: str  # "art-40"
    number: str  # "40"
    label: str  # as printed: "Article 40", "Article 13."
    title: str
    paragraphs: list[Provision] = field(default_factory=list)
    division_id: str | None = None  # the chapter (or section/title) that holds it
    location: Location = NOWHERE
    instrument: Instrument | None = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator[Provision]:
        for paragraph in self.paragraphs:
            yield from paragraph.walk()


@dataclass
class Division:
    """A chapter, section or title: a heading that groups articles or further divisions."""

    id: str  # "chp-5", "chp-2-sec-1"
    kind: DivisionKind
    number: str  # "V", "1"
    label: str  # as printed: "Chapter V", "CHAPTER II"
    title: str
    children: list[Division] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    location: Location = NOWHERE

    def walk(self) -> Iterator[Division]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_article_ids(self) -> list[str]:
        ids = list(self.article_ids)
        for child in self.children:
            ids.extend(child.all_article_ids())
        return ids


@dataclass
class InterpretativeNote:
    """A note from an annex of interpretative notes, linked to the articles it interprets."""

    id: str  # "note-1"
    num: str  # "1."
    heading: str  # as printed: "Article 2", "Articles 23 and 35, with regard to ..."
    text: str
    article_ids: list[str] = field(default_factory=list)
    location: Location = NOWHERE


@dataclass
class Footnote:
    id: str
    marker: str
    text: str
    anchor_id: str  # the unit whose wording carries the marker
    location: Location = NOWHERE


# Anything an id of a text can name.
Unit = Provision | Article | Division | InterpretativeNote | Footnote


@dataclass
class Instrument:
    """One treaty text (adopted convention, negotiating draft, protocol, another treaty)."""

    id: str  # "uncc"
    title: str
    short_title: str
    symbol: str | None
    adopted: _dt.date | None
    metadata: dict[str, Any]
    directory: str  # relative to the project root
    preamble: list[Provision] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)  # in document order
    final_clauses: list[Provision] = field(default_factory=list)
    notes: list[InterpretativeNote] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    # Every id in the text (articles, paragraphs, subparagraphs, recitals, notes) to its unit.
    index: dict[str, Unit] = field(default_factory=dict)
    # The text's bibliography entry (edition ``texts.<id>.entry``), set when the project is loaded: the one
    # place its citation form comes from. None when the edition names none.
    bibliography_entry: Entry | None = field(default=None, repr=False, compare=False)

    @property
    def is_default(self) -> bool:
        return bool(self.metadata.get("default"))

    @property
    def takes_proposals(self) -> bool:
        """Whether notes on this text may carry drafting proposals: ``proposals:`` in instrument.yml, else only the default text.

        Its article pages are where proposals are drawn; a text whose pages do not draw them
        must refuse them, or they would pass the checks and vanish from the site.
        """
        value = self.metadata.get("proposals")
        return self.is_default if value is None else bool(value)

    @property
    def label(self) -> str:
        """How pages name this text beside another ("Budapest Convention")."""
        return str(self.metadata.get("label") or self.short_title)

    def article_of(self, unit_id: str) -> Article | None:
        unit = self.index.get(unit_id)
        if isinstance(unit, Article):
            return unit
        if isinstance(unit, Provision):
            return unit.article
        return None

    def provision(self, unit_id: str) -> Provision | None:
        unit = self.index.get(unit_id)
        return unit if isinstance(unit, Provision) else None

    def wording(self, unit_id: str) -> str | None:
        """The wording a redline edit anchors to: a provision's own text, or None for anything else."""
        provision = self.provision(unit_id)
        return provision.text if provision is not None else None

    def chapters(self) -> list[Division]:
        return [d for d in self.divisions if d.kind == "chapter"] or self.divisions
