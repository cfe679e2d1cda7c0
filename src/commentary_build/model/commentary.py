"""Commentary: notes, the drafting proposals they carry, and the theme vocabulary."""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from .concordance import ConcordanceEntry
from .location import NOWHERE, Location

EditOp = Literal["insert-before", "insert-after", "delete", "replace", "add-after", "delete-unit"]


@dataclass
class Author:
    name: str
    organisation: str | None = None


@dataclass
class Edit:
    """One drafting change proposed to a unit of the text."""

    op: EditOp
    target: str  # id of the paragraph or subparagraph it changes
    quote: str | None = None
    text: str | None = None
    occurrence: int | None = None
    num: str | None = None  # label of a new unit added with add-after
    location: Location = NOWHERE


# Who proposes when a proposal names no one: the editors, as every proposal said before proponents were sourced.
EDITORS_PROPONENT = "The editors"


@dataclass(frozen=True)
class ProposedIn:
    """Where a proponent other than the editors made a proposal: a bibliography key or a document symbol, with a pinpoint."""

    source: str  # a key in the bibliography, or a document symbol ("A/AC.291/CRP.10")
    pinpoint: str | None = None  # "para 12", "p 4"
    location: Location = NOWHERE


@dataclass
class Proposal:
    """A set of edits from one proponent, accepted or rejected together."""

    id: str
    title: str
    proponent: str  # as written; EDITORS_PROPONENT when the front matter names none
    date: _dt.date | None
    rationale: str  # Markdown
    edits: list[Edit]
    citations: list[str] = field(default_factory=list)
    label: str | None = None  # e.g. "Illustrative drafting based on ..."
    location: Location = NOWHERE
    note: Note | None = field(default=None, repr=False, compare=False)
    rationale_line: int = 0  # line of the rationale's first line, so its problems point there
    short_title: str | None = None  # where the title does not fit (Word's change author)
    proposed_in: ProposedIn | None = None  # where a proponent other than the editors made it
    proponent_location: Location = NOWHERE  # the 'proponent' line, or the proposal's when it is absent

    @property
    def by_its_author(self) -> bool:
        """Whether the proponent is one of the note's authors: the note is where they make the proposal."""
        wanted = " ".join(self.proponent.casefold().split())
        return self.note is not None and any(" ".join(author.name.casefold().split()) == wanted for author in self.note.authors)


@dataclass(frozen=True)
class BasedOn:
    """A source a note is based on, with the pages used: shown as "based on …" beside its authors."""

    source: str  # a bibliography key
    pinpoint: str | None = None  # "p 6", "pp 6–7"
    location: Location = NOWHERE


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
    concordance_entry: ConcordanceEntry | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    location: Location = NOWHERE
    based_on: list[BasedOn] = field(default_factory=list)  # the sources the note rests on, with pages
    short_title: str | None = None  # where the title does not fit (the compilation table's pointer)
    # The note's HTML id on its page ("note-refusal-human-rights"): a slug of the file name,
    # [a-z0-9-] only, unique on the page (the loader makes it so and reports a collision).
    anchor: str = ""

    @property
    def slug(self) -> str:
        """The anchor without its "note-" prefix: a safe form of the file name, unique on the note's page."""
        if self.anchor:
            return self.anchor.removeprefix("note-")
        return anchor_slug(self.id.rsplit("/", 1)[-1])


@dataclass(frozen=True, order=True)
class Extent:
    """The size of the largest one of something (a table, a nesting of lists) and the file line where it is."""

    size: int = 0
    line: int = 0


@dataclass
class MarkdownShape:
    """What a text's Markdown makes on a page, counted while it is parsed (``transform.markdown``).

    These are the quantities that laying out a page costs (in the browser, and far more in
    print, where WeasyPrint lays out every box on one core): the check stage adds up a
    note's (body and rationales) and a page's, and bounds them (``check.budgets``).
    """

    # Of text: in paragraphs, headings, list items and code, and in table cells as many times as their
    # table has columns (set in narrower lines, the same text takes that many more lines to print).
    characters: int = 0
    # Paragraphs, headings, list items, table rows, quotes, rules, and every line of code and every
    # line break (each a line of its own, as a one-line paragraph).
    blocks: int = 0
    headings: int = 0
    spans: int = 0  # emphasis, bold, struck-through text, code spans and links within the text
    table_cells: int = 0  # in all its tables
    references: int = 0  # provisions named (cross-references, each a link unless it names nothing)
    footnotes: int = 0  # citations (each a footnote)
    widest_table: Extent = Extent()  # in columns
    # The widest table in characters: the longest word of each column side by side (plus room
    # for the cell's padding), which is as narrow as print can set it without cutting words.
    table_width: Extent = Extent()
    depth: Extent = Extent()  # the deepest nesting of lists and quotes
    # The longest run of characters without a space, in the text or in wording a proposal adds: print
    # hyphenates such a run, at a cost that grows with about the cube of its length (a word of
    # 4,000 letters took 17 s of CPU to lay out, one of 12,000 did not finish).
    longest_word: Extent = Extent()
    # Paragraphs and subparagraphs of the treaty that a note's proposals print (in the blackline and
    # in the proposed text), their wording counted in ``characters``: added by the check, not parsed.
    treaty_units: int = 0

    def add(self, other: MarkdownShape) -> None:
        """Count ``other`` in too (a note is its body and its rationales; a page, its notes)."""
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            setattr(self, f.name, max(mine, theirs) if isinstance(mine, Extent) else mine + theirs)


def anchor_slug(name: str) -> str:
    """A file name as an HTML id fragment: ASCII lower-case letters, digits and single hyphens ("note" if none)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())
    return slug or "note"


@dataclass
class Theme:
    id: str
    label: str
    description: str
    location: Location
