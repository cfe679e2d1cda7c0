"""Citations in commentary: pandoc's ``[@key, p 6]`` syntax, per-page OSCOLA footnotes, and the
index of where each source is cited (for the bibliography page).

OSCOLA footnotes depend on what came before on the same page (full form first, then
"ibid" or "Short (n X)"), so each page gets one ``FootnoteSequence`` and cites in reading
order. Each note starts a part (``begin_part``): within it the first citation of a source is
in full, and nothing refers back past its start, so a reader who jumps to one note can read
its footnotes. The forms themselves come from ``oscola``.

No markup is made here: a footnote is an ``oscola.Cited`` (plain text, italic titles, the
numbers of earlier footnotes), and the writers of each output draw it (the site's
``footnotes.html`` and ``bibliography.html``, print, Word, the JSON).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Entry, Location
from ..model.problems import CITATION_UNKNOWN, Report
from . import oscola

# Citations are found by a hand-written scanner, in one pass: contributor text is untrusted,
# and the regular expressions this replaces backtracked quadratically ("[" and many " @a"
# took 27 s for 96 KB). Every loop below moves forward through the text.
#
# A citation bracket: "[", content without brackets that has an "@" at the start of a word
# (first, or after whitespace or ";"), "]" not followed by "(" or "[" (that would be a link).
# An e-mail address ("[write to a@b.org]") has its "@" inside a word and is not a citation.
# Inside the bracket, items are separated by ";": "[see @a, p 6; @b]", each an optional
# prefix, "@key", and an optional ", locator". A key starts with a letter, digit or "_"
# and ends with a letter, digit or "_"; it may contain ":.#$%&+?<>~/-" in between.
_KEY_START = re.compile(r"[A-Za-z0-9_]")
_KEY_BODY = re.compile(r"[\w:.#$%&+?<>~/-]*")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str | None = None  # as written: "p 6", "s 2", "art 17"
    prefix: str | None = None  # a signal written before the key: "see", "cf"


@dataclass(frozen=True)
class Cluster:
    """The sources cited together in one bracket; they share one footnote."""

    items: tuple[CiteItem, ...]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


@dataclass(frozen=True)
class CitationMatch:
    start: int  # offsets of the whole bracket in the text
    end: int
    cluster: Cluster | None
    error: str | None = None  # set when the bracket looks like a citation but cannot be read


def _parse_item(part: str) -> CiteItem | None:
    """One item ("see @a, p 6"), or None when it is not prefix, @key, locator."""
    at = part.find("@")
    if at < 0 or (part[:at].strip() and not part[at - 1].isspace()):
        return None  # no key, or an "@" inside a word ("a@b")
    prefix = " ".join(part[:at].split()) or None
    if not _KEY_START.match(part, at + 1):
        return None
    body = _KEY_BODY.match(part, at + 2)  # matches the empty string at worst
    body_end = body.end() if body else at + 2
    key_end = body_end
    while key_end > at + 2 and not _WORD.match(part[key_end - 1]):
        key_end -= 1  # the key ends with a word character: "@key." is "key" and a "."
    key = part[at + 1 : key_end]
    rest = part[key_end:].strip()
    if not rest:
        return CiteItem(key, None, prefix)
    if not rest.startswith(",") or "@" in rest:
        return None
    locator = " ".join(rest[1:].split())
    return CiteItem(key, locator or None, prefix)


def parse_cluster(body: str) -> Cluster | None:
    """The cluster in a bracket's content ("see @a, p 6; @b"), or None if an item is malformed."""
    items = []
    for part in body.split(";"):
        item = _parse_item(part)
        if item is None:
            return None
        items.append(item)
    return Cluster(tuple(items))


def _has_citation_at(content: str) -> bool:
    """True when an "@" starts the content or follows whitespace or ";"."""
    position = content.find("@")
    while position >= 0:
        if position == 0 or content[position - 1].isspace() or content[position - 1] == ";":
            return True
        position = content.find("@", position + 1)
    return False


def find_citations(text: str) -> list[CitationMatch]:
    """Every citation bracket in ``text`` (a run of prose; code is excluded by the caller), in linear time."""
    found = []
    length = len(text)
    position = text.find("[")
    while position >= 0:
        # The content ends at the next bracket of either kind; each character is looked at once.
        close = position + 1
        while close < length and text[close] not in "[]":
            close += 1
        if close >= length:
            break
        if text[close] == "[":
            position = close  # an inner "[" starts the next candidate
            continue
        end = close + 1
        content = text[position + 1 : close]
        if _has_citation_at(content) and (end >= length or text[end] not in "(["):
            cluster = parse_cluster(content)
            error = None if cluster else f"cannot read the citation '{_shorten(text[position:end])}'"
            found.append(CitationMatch(position, end, cluster, error))
        position = text.find("[", end)
    return found


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 12] + " … " + text[-9:]


class LineCounter:
    """File lines of offsets in one text, in O(log n) each (counting newlines per citation was quadratic)."""

    def __init__(self, text: str, first_line: int):
        self.first_line = first_line
        self.newlines = [index for index, char in enumerate(text) if char == "\n"] if "\n" in text else []

    def line(self, offset: int) -> int:
        return self.first_line + bisect.bisect_left(self.newlines, offset)


def line_of_offset(text: str, offset: int, first_line: int) -> int:
    """The file line of ``text[offset]`` when ``text`` starts on ``first_line``."""
    return first_line + text.count("\n", 0, offset)


# --------------------------------------------------------------------------- index of citing pages


@dataclass(frozen=True)
class CitedOn:
    page_url: str
    page_title: str
    note_number: int


@dataclass
class CitationIndex:
    """Where each source is cited, for the "cited on" links of the bibliography page."""

    _by_key: dict[str, list[CitedOn]] = field(default_factory=dict)
    # A set beside the ordered lists: testing membership in a list made recording
    # quadratic in the citations of a much-cited source.
    _seen: set[tuple[str, CitedOn]] = field(default_factory=set)
    # Every place as it was recorded, in order: what one page added can be kept and recorded again
    # when a later build reuses that page (the preview, render/site.py).
    recorded: list[tuple[str, CitedOn]] = field(default_factory=list)

    def record(self, key: str, page_url: str, page_title: str, note_number: int) -> None:
        place = CitedOn(page_url, page_title, note_number)
        if (key, place) not in self._seen:
            self._seen.add((key, place))
            self._by_key.setdefault(key, []).append(place)
            self.recorded.append((key, place))

    def cited_on(self, key: str) -> list[CitedOn]:
        return list(self._by_key.get(key, ()))

    def keys(self) -> list[str]:
        return list(self._by_key)


# --------------------------------------------------------------------------- footnotes of one page


@dataclass
class Footnote:
    number: int
    cluster: Cluster
    cited: oscola.Cited  # the footnote's text in OSCOLA form
    references: int = 0  # how many markers in the text point at this note


class FootnoteSequence:
    """The footnotes of one page, numbered from 1 in the order sources are cited."""

    def __init__(self, bibliography: Mapping[str, Entry], report: Report | None, *,
                 index: CitationIndex | None = None, page_url: str = "", page_title: str = "",
                 unreported: Callable[[str], bool] | None = None):
        self.bibliography = bibliography
        self.report = report
        # Keys not to report as unknown: their bibliography entry (or the whole file) failed to
        # load, which was reported once where it is, at the entry.
        self.unreported = unreported
        self.index = index
        self.page_url = page_url
        self.page_title = page_title
        self._notes: list[Footnote] = []
        self._first_full_note: dict[str, int] = {}
        # Where the current part (a note, a proposal's rationale) starts: "ibid" and "(n X)" never reach before it.
        self._part_start = 0

    def __len__(self) -> int:
        return len(self._notes)

    def begin_part(self) -> None:
        """A new note (or rationale) starts: a reader may arrive at it from a link and read only it, so its first
        citation of a source is in full again and "ibid" never points into the note before it."""
        self._part_start = len(self._notes)
        self._first_full_note = {}

    def cite(self, cluster: Cluster, location: Location) -> int:
        """Add a footnote for ``cluster`` and return its number; unknown keys are reported at ``location``."""
        number = len(self._notes) + 1
        previous = self._notes[-1].cluster if len(self._notes) > self._part_start else None
        parts = [self._format_item(item, number, previous if len(cluster.items) == 1 else None, location)
                 for item in cluster.items]
        self._notes.append(Footnote(number, cluster, oscola.Cited.join("; ", parts).as_sentence()))
        return number

    def notes(self) -> list[Footnote]:
        """The page's footnotes in order, for the template that lists them (``footnotes.html``)."""
        return list(self._notes)

    def note(self, number: int) -> Footnote:
        return self._notes[number - 1]

    def refer(self, number: int) -> int:
        """One more reference in the text to footnote ``number``; returns which one it is (1 for the first)."""
        note = self._notes[number - 1]
        note.references += 1
        return note.references

    def _format_item(self, item: CiteItem, number: int, previous: Cluster | None, location: Location) -> oscola.Cited:
        entry = self.bibliography.get(item.key)
        if entry is None:
            if self.report is not None and not (self.unreported and self.unreported(item.key)):
                self.report.add(CITATION_UNKNOWN, f"no source with key '{item.key}' in the bibliography", location)
            text = oscola.Cited.of(f"[unknown source: {item.key}]")
        else:
            if self.index is not None:
                self.index.record(item.key, self.page_url, self.page_title, number)
            if previous is not None and len(previous.items) == 1 and previous.items[0].key == item.key:
                text = oscola.ibid(None if item.locator == previous.items[0].locator else item.locator)
            elif item.key in self._first_full_note:
                text = oscola.short_note(entry, self._first_full_note[item.key], item.locator)
            else:
                self._first_full_note[item.key] = number
                text = oscola.full_note(entry, item.locator)
        return oscola.Cited.of(f"{item.prefix} ", text) if item.prefix else text


# --------------------------------------------------------------------------- bibliography page


@dataclass(frozen=True)
class BibliographyItem:
    entry: Entry
    cited: oscola.Cited  # the entry in OSCOLA bibliography form
    cited_on: list[CitedOn]


@dataclass(frozen=True)
class BibliographySection:
    category: str  # "treaties", "legislation", "secondary"
    heading: str
    items: list[BibliographyItem]


def bibliography_sections(entries: Mapping[str, Entry] | Iterable[Entry], index: CitationIndex) -> list[BibliographySection]:
    """Every source in OSCOLA bibliography form, grouped as OSCOLA groups them (treaties, legislation,
    secondary sources) and alphabetical within each group, with the footnotes that cite it.
    Groups without a source are left out. The page itself is drawn by ``bibliography.html``.
    """
    values = list(entries.values()) if isinstance(entries, Mapping) else list(entries)
    sections = []
    for category, heading, _types in oscola.CATEGORIES:
        members = sorted((e for e in values if oscola.category_of(e) == category), key=oscola.sort_key)
        if members:
            items = [BibliographyItem(entry, oscola.bibliography_entry(entry), index.cited_on(entry.id)) for entry in members]
            sections.append(BibliographySection(category, heading, items))
    return sections
