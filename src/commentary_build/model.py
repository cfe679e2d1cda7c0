"""The data model shared by loaders, checks, transforms and renderers.

Nothing here knows about files, MkDocs or HTML: loaders build these objects,
checks read them, renderers turn them into pages. Every object that came from a
file carries a ``Location`` so a problem can always name file and line.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class Location:
    """Where something was written: a path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


# --------------------------------------------------------------------------- treaty text


@dataclass
class Provision:
    """A unit of treaty text that carries wording: a paragraph, a subparagraph or a recital.

    ``num`` is the label exactly as printed ("1.", "(a)", "a)", "(ii)") or None for an
    unnumbered block. ``text`` is the wording before any sub-units, ``tail`` the wording
    that follows them and governs the whole list (rare; kept so the text stays verbatim).
    """

    id: str
    kind: str  # "paragraph" | "subparagraph" | "recital" | "clause"
    num: str | None
    text: str
    children: list["Provision"] = field(default_factory=list)
    tail: str = ""
    location: Location | None = None
    parent: "Provision | None" = field(default=None, repr=False, compare=False)
    article: "Article | None" = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator["Provision"]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def short_num(self) -> str | None:
        """The label without punctuation: "21" for "21.", "b" for "(b)" or "b)"."""
        if self.num is None:
            return None
        return self.num.strip().strip("().").strip()


@dataclass
class Article:
    id: str  # "art-40"
    number: str  # "40"
    label: str  # as printed: "Article 40", "Article 13."
    title: str
    paragraphs: list[Provision] = field(default_factory=list)
    division_id: str | None = None  # the chapter (or section/title) that holds it
    location: Location | None = None
    instrument: "Instrument | None" = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator[Provision]:
        for paragraph in self.paragraphs:
            yield from paragraph.walk()


@dataclass
class Division:
    """A chapter, section or title: a heading that groups articles or further divisions."""

    id: str  # "chp-5", "chp-2-sec-1"
    kind: str  # "chapter" | "section" | "title"
    number: str  # "V", "1"
    label: str  # as printed: "Chapter V", "CHAPTER II"
    title: str
    children: list["Division"] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    location: Location | None = None

    def walk(self) -> Iterator["Division"]:
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
    location: Location | None = None


@dataclass
class Footnote:
    id: str
    marker: str
    text: str
    anchor_id: str  # the unit whose wording carries the marker
    location: Location | None = None


@dataclass
class Instrument:
    """One treaty text (adopted convention, negotiating draft, protocol, another treaty)."""

    id: str  # "uncc"
    title: str
    short_title: str
    symbol: str | None
    adopted: _dt.date | None
    metadata: dict
    directory: str  # relative to the project root
    preamble: list[Provision] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)  # in document order
    final_clauses: list[Provision] = field(default_factory=list)
    notes: list[InterpretativeNote] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    # Every id in the text (articles, paragraphs, subparagraphs, recitals, notes) to its unit.
    index: dict[str, object] = field(default_factory=dict)

    @property
    def is_default(self) -> bool:
        return bool(self.metadata.get("default"))

    def article_of(self, unit_id: str) -> Article | None:
        unit = self.index.get(unit_id)
        if isinstance(unit, Article):
            return unit
        if isinstance(unit, Provision):
            return unit.article
        return None

    def chapters(self) -> list[Division]:
        return [d for d in self.divisions if d.kind == "chapter"] or self.divisions


# --------------------------------------------------------------------------- commentary


@dataclass
class Author:
    name: str
    organisation: str | None = None


@dataclass
class Edit:
    """One drafting change proposed to a unit of the text."""

    op: str  # insert-before | insert-after | delete | replace | add-after | delete-unit
    target: str  # id of the paragraph or subparagraph it changes
    quote: str | None = None
    text: str | None = None
    occurrence: int | None = None
    num: str | None = None  # label of a new unit added with add-after
    location: Location | None = None


@dataclass
class Proposal:
    """A set of edits from one proponent, accepted or rejected together."""

    id: str
    title: str
    proponent: str
    date: _dt.date | None
    rationale: str  # Markdown
    edits: list[Edit]
    citations: list[str] = field(default_factory=list)
    label: str | None = None  # e.g. "Illustrative drafting based on ..."
    location: Location | None = None
    note: "Note | None" = field(default=None, repr=False, compare=False)
    rationale_line: int = 0  # line of the rationale's first line, so its problems point there


@dataclass
class Note:
    """One commentary file: front matter plus a Markdown body."""

    id: str  # derived from the path: "uncc/art-40/refusal-human-rights"
    path: str  # relative to the project root
    title: str
    instrument_id: str
    target: str  # resolved unit id ("art-40-21") or "overview"
    target_as_written: str
    draft: str | None
    authors: list[Author]
    date: _dt.date | None
    themes: list[str]
    body: str  # Markdown
    body_line: int  # line of the body's first line in the file
    article_id: str | None = None  # the article page the note appears on; None for the overview
    proposals: list[Proposal] = field(default_factory=list)
    concordance_entry: object | None = None
    front_matter: dict = field(default_factory=dict)
    location: Location | None = None

# --------------------------------------------------------------------------- concordance


@dataclass
class ConcordanceEntry:
    """A draft provision and what became of it in an adopted text."""

    draft_ref: str  # "61", "58(15)"
    draft_title: str | None
    target: str | None  # adopted unit id, or None when there is no counterpart
    targets: list[str]
    certainty: str  # certain | probable | uncertain
    kind: str  # equivalent | partly-equivalent | related | no-counterpart
    remark: str | None
    location: Location | None = None


@dataclass
class Concordance:
    id: str  # "cnd-2023"
    title: str
    from_document: str
    to_instrument: str
    entries: list[ConcordanceEntry]
    location: Location | None = None

    def lookup(self, draft_ref: str) -> ConcordanceEntry | None:
        wanted = draft_ref.replace(" ", "").lower()
        for entry in self.entries:
            if entry.draft_ref.replace(" ", "").lower() == wanted:
                return entry
        return None
