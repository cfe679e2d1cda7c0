"""OSCOLA forms of a bibliography entry: full note, short note, pinpoint, bibliography entry.

Written here rather than taken from citeproc-py because OSCOLA's later-note form
"Short (n 3) 6" needs the number of the footnote that first cited the source, which
citeproc-py never computes; the numbering lives in ``citations.FootnoteSequence``.

Every function that returns a citation returns a ``Cited``: the citation as pieces of plain
text, titles in italics (OSCOLA: reports and books; treaties and legislation are roman) and
the number of an earlier footnote ("(n 3)"). A writer makes what it needs of them: the site
escaped HTML (``Cited.html``, ``<i>`` for a title), Word runs and renumbered footnotes, the
JSON plain text. The pieces are never HTML, so no writer has to read markup back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Entry, Name


@dataclass(frozen=True, slots=True)
class Italic:
    """A title set in italics (a report's, a book's)."""

    text: str


@dataclass(frozen=True, slots=True)
class NoteNumber:
    """The number of the footnote that first cited a source, in a later citation's "(n 3)"."""

    number: int


Piece = str | Italic | NoteNumber


@dataclass(frozen=True, slots=True)
class Cited:
    """A citation (or any OSCOLA text) as pieces: plain text, italic titles, footnote numbers."""

    pieces: tuple[Piece, ...] = ()

    @classmethod
    def of(cls, *parts: Cited | Piece) -> Cited:
        pieces: list[Piece] = []
        for part in parts:
            for piece in part.pieces if isinstance(part, Cited) else (part,):
                if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
                    pieces[-1] += piece
                elif piece != "":
                    pieces.append(piece)
        return cls(tuple(pieces))

    def __add__(self, other: Cited | Piece) -> Cited:
        return Cited.of(self, other)

    def __bool__(self) -> bool:
        return bool(self.pieces)

    def html(self, note_number=str) -> Markup:
        """Escaped HTML: a title in ``<i>``; ``note_number(n)`` writes an earlier footnote's number."""
        parts = []
        for piece in self.pieces:
            if isinstance(piece, Italic):
                parts.append(Markup("<i>{}</i>").format(piece.text))
            elif isinstance(piece, NoteNumber):
                parts.append(escape(note_number(piece.number)))
            else:
                parts.append(escape(piece))
        return Markup("").join(parts)

    def text(self, note_number=str) -> str:
        return "".join(piece.text if isinstance(piece, Italic) else note_number(piece.number) if isinstance(piece, NoteNumber) else piece
                       for piece in self.pieces)

    def startswith(self, text: str) -> bool:
        return bool(self.pieces) and isinstance(self.pieces[0], str) and self.pieces[0].startswith(text)

    def as_sentence(self) -> Cited:
        """OSCOLA footnotes end with a full stop and start with a capital, except "ibid", which stays lower case."""
        pieces = list(self.pieces)
        if pieces and isinstance(pieces[0], str) and not pieces[0].startswith("ibid") and pieces[0][:1].islower():
            pieces[0] = pieces[0][0].upper() + pieces[0][1:]
        last = pieces[-1] if pieces else None
        if not (isinstance(last, str) and last.endswith(".")):
            pieces.append(".")
        return Cited.of(*pieces)

    @staticmethod
    def join(separator: str, items: list[Cited]) -> Cited:
        parts: list[Cited | Piece] = []
        for index, item in enumerate(items):
            if index:
                parts.append(separator)
            parts.append(item)
        return Cited.of(*parts)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# OSCOLA drops "p"/"pp" before page numbers; every other label (s, art, para, n, ch) stays.
_PAGE_LABEL = re.compile(r"^(?:pp?\.?|pages?)\s+(?=\S)", re.IGNORECASE)

# Bibliography sections in the order OSCOLA lists them: primary sources before secondary ones.
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("treaties", "Treaties and other international instruments", ("treaty",)),
    ("legislation", "Legislation", ("legislation",)),
    ("secondary", "Secondary sources", ("report", "book", "document")),
)


def pinpoint(locator: str | None) -> str | None:
    """"p 6" → "6", "pp 3–4" → "3–4"; "s 2", "art 17" and "para 5" are kept as written."""
    if not locator or not locator.strip():
        return None
    text = " ".join(locator.split())
    return _PAGE_LABEL.sub("", text)


_PAGES = re.compile(r"^(?:pp?\.?|pages?)\s*(\d+)(?:\s*[-–]\s*(\d+))?$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")


def cited_pages(locator: str | None) -> tuple[int, int] | None:
    """"p 6" → (6, 6), "pp 6–7" → (6, 7); None for a locator that is not a page ("art 17", "para 5")."""
    match = _PAGES.match(" ".join((locator or "").split()))
    if match is None:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def text_pages(entry: Entry) -> tuple[int, int] | None:
    """The pages that carry a source's text, from the bibliography's "text-pages" ("1-9"), if recorded."""
    match = _RANGE.match(str(entry.data.get("text-pages") or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def full_note(entry: Entry, locator: str | None = None) -> Cited:
    """The form of a source's first citation in a page's footnotes."""
    # OSCOLA gives the short form in brackets at first citation when later notes will use it:
    # after the treaty reference and before the article ("... 999 UNTS 171 (ICCPR) art 17"),
    # after the pinpoint of a secondary source ("... (GI-TOC 2023) 6 (GI-TOC Roundtable Report)").
    abbreviation = Cited.of(f" ({entry.short_title})") if entry.short_title and entry.short_title != entry.title else Cited()
    if entry.type in ("treaty", "legislation"):
        return _join_pin(_primary(entry) + abbreviation, pinpoint(locator))
    return _join_pin(_secondary(entry), pinpoint(locator)) + abbreviation


def short_note(entry: Entry, first_note: int, locator: str | None = None) -> Cited:
    """A later citation: "ICCPR (n 3) art 17", "GI-TOC Roundtable Report (n 1) 6"."""
    return _join_pin(Cited.of(f"{short_name(entry)} (n ", NoteNumber(first_note), ")"), pinpoint(locator))


def ibid(locator: str | None = None) -> Cited:
    return _join_pin(Cited.of("ibid"), pinpoint(locator))


def short_name(entry: Entry) -> str:
    """The words that stand for a source after its first citation: its short title, else its authors' surnames."""
    if entry.short_title:
        return entry.short_title
    if entry.authors:
        return _name_list([Name(literal=n.family or n.literal) for n in entry.authors])
    return entry.title


def bibliography_entry(entry: Entry) -> Cited:
    """The form in a bibliography: primary sources as in a note; secondary ones surname first, no pinpoint."""
    if entry.type in ("treaty", "legislation"):
        return _primary(entry)
    return _secondary(entry, authors=_name_list([Name(literal=n.sort_form) for n in entry.authors]))


def category_of(entry: Entry) -> str:
    for key, _title, types in CATEGORIES:
        if entry.type in types:
            return key
    return CATEGORIES[-1][0]


def sort_key(entry: Entry) -> tuple:
    """OSCOLA sorts each section alphabetically: primary sources by title, secondary ones by first author."""
    category = [key for key, _t, _types in CATEGORIES].index(category_of(entry))
    if entry.type in ("treaty", "legislation") or not entry.authors:
        words = entry.title
    else:
        words = entry.authors[0].sort_form
    words = re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.IGNORECASE)
    return (category, words.casefold(), entry.year or 0, entry.id)


def format_date(parts: tuple[int, ...]) -> str:
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else ""


def _primary(entry: Entry) -> Cited:
    if entry.type == "legislation":
        # EU legislation: Title [year] OJ L119/1
        journal = series_reference(entry, eu_journal=True)
        return Cited.of((f"{entry.title} [{entry.year}] {journal}" if entry.year else f"{entry.title} {journal}").rstrip())
    event = entry.field("issued-event") or "adopted"
    text = entry.title
    if entry.issued:
        # OSCOLA: "(adopted 16 December 1966, entered into force 23 March 1976)"; the second
        # date only where the bibliography records it.
        text += f" ({event} {format_date(entry.issued)}{_force(entry)})"
    series = series_reference(entry)
    return Cited.of(f"{text} {series}" if series else text)


def _force(entry: Entry) -> str:
    """", entered into force 23 March 1976", or for a treaty recorded as not in force, when that was
    last known ("not yet in force as at 24 December 2024"): a status is never stated without its date."""
    if entry.in_force:
        return f", entered into force {format_date(entry.in_force)}"
    # Not in force on the latest date a source records it so: the status itself, or (when the status on the
    # edition's date is not known) the last dated fact that establishes it.
    last = entry.status.last_known("not-in-force") if entry.status is not None else None
    if last is not None:
        return f", not yet in force as at {format_date(last)}"
    return ""


def series_reference(entry: Entry, eu_journal: bool = False) -> str:
    """Plain text (the caller escapes it)."""
    container = entry.field("container-title")
    volume, page, number = entry.field("volume"), entry.field("page"), entry.field("number")
    if eu_journal and container and volume and page:
        return f"{container}{volume}/{page}"
    if container and volume and page:
        return f"{volume} {container} {page}"
    if container and number:
        return f"{container} No {number}"
    if number:
        # A treaty adopted as the annex of a resolution: "UN Doc A/RES/79/243, annex".
        section = entry.field("section")
        return f"UN Doc {number}, {section}" if section else f"UN Doc {number}"
    return ""


def _secondary(entry: Entry, authors: str | None = None) -> Cited:
    if authors is None:
        authors = _name_list(list(entry.authors))
    title = Cited.of(Italic(entry.title))
    details: list[str] = []
    genre = entry.field("genre")
    if entry.contributors:
        drafted = f"drafted by {_name_list(list(entry.contributors))}"
        details.append(f"{genre} {drafted}" if genre else drafted)
    elif genre:
        details.append(genre)
    publisher_and_year = " ".join(part for part in (entry.field("publisher") or "", str(entry.year or "")) if part)
    if publisher_and_year:
        details.append(publisher_and_year)
    text = Cited.of(f"{authors}, ", title) if authors else title
    return Cited.of(text, f" ({', '.join(details)})") if details else text


def _name_list(names: list[Name]) -> str:
    shown = [n.display for n in names]
    if len(shown) > 3:  # OSCOLA: more than three authors → first author "and others"
        return f"{shown[0]} and others"
    if len(shown) <= 2:
        return " and ".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _join_pin(text: Cited, pin: str | None) -> Cited:
    return Cited.of(text, f" {pin}") if pin else text
