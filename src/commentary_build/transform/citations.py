"""Citations in commentary: pandoc's ``[@key, p 6]`` syntax, per-page OSCOLA footnotes, and the
index of where each source is cited (for the bibliography page).

OSCOLA footnotes depend on what came before on the same page (full form first, then
"ibid" or "Short (n X)"), so each page gets one ``FootnoteSequence`` and cites in reading
order. The forms themselves come from ``oscola``.

Only inline markup is made here, with markupsafe (the footnote marker the Markdown renderer
puts in the text, and each footnote's text); the list of a page's footnotes and the
bibliography page are drawn by templates (``footnotes.html``, ``bibliography.html``) from
the data this module gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Entry, Location
from ..model.problems import CITATION_UNKNOWN, Report
from . import oscola

# A bracket whose content has an "@" at the start of a word: "[@a]", "[see @a, p 6; @b]".
# An e-mail address ("[write to a@b.org]") has its "@" inside a word and is not a citation.
_BRACKET = re.compile(r"\[([^\[\]]*?(?<=[\[\s;])@[^\[\]]*)\](?![(\[])")
_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
_ITEM = re.compile(
    rf"^\s*(?:(?P<prefix>[^@;]*?)\s+)?@(?P<key>{_KEY})\s*(?:,\s*(?P<locator>[^@;]*?))?\s*$"
)


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


def parse_cluster(body: str) -> Cluster | None:
    """The cluster in a bracket's content ("see @a, p 6; @b"), or None if an item is malformed."""
    items = []
    for part in body.split(";"):
        match = _ITEM.match(part)
        if not match:
            return None
        prefix = match.group("prefix")
        locator = match.group("locator")
        items.append(CiteItem(match.group("key"), " ".join(locator.split()) if locator else None,
                              " ".join(prefix.split()) if prefix else None))
    return Cluster(tuple(items))


def find_citations(text: str) -> list[CitationMatch]:
    """Every citation bracket in ``text`` (a run of prose; code is excluded by the caller)."""
    found = []
    for match in _BRACKET.finditer(text):
        cluster = parse_cluster(match.group(1))
        error = None if cluster else f"cannot read the citation '{match.group(0)}'"
        found.append(CitationMatch(match.start(), match.end(), cluster, error))
    return found


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

    def record(self, key: str, page_url: str, page_title: str, note_number: int) -> None:
        place = CitedOn(page_url, page_title, note_number)
        if (key, place) not in self._seen:
            self._seen.add((key, place))
            self._by_key.setdefault(key, []).append(place)

    def cited_on(self, key: str) -> list[CitedOn]:
        return list(self._by_key.get(key, ()))

    def keys(self) -> list[str]:
        return list(self._by_key)


# --------------------------------------------------------------------------- footnotes of one page


@dataclass
class Footnote:
    number: int
    cluster: Cluster
    html: Markup
    references: int = 0  # how many markers in the text point at this note

    @property
    def backrefs(self) -> list[str]:
        """The ids of the markers that point at this note, in the order they appear."""
        return [_ref_id(self.number, occurrence) for occurrence in range(1, self.references + 1)]


class FootnoteSequence:
    """The footnotes of one page, numbered from 1 in the order sources are cited."""

    def __init__(self, bibliography: Mapping[str, Entry], report: Report | None, *,
                 index: CitationIndex | None = None, page_url: str = "", page_title: str = ""):
        self.bibliography = bibliography
        self.report = report
        self.index = index
        self.page_url = page_url
        self.page_title = page_title
        self._notes: list[Footnote] = []
        self._first_full_note: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._notes)

    def cite(self, cluster: Cluster, location: Location) -> int:
        """Add a footnote for ``cluster`` and return its number; unknown keys are reported at ``location``."""
        number = len(self._notes) + 1
        previous = self._notes[-1].cluster if self._notes else None
        parts = [self._format_item(item, number, previous if len(cluster.items) == 1 else None, location)
                 for item in cluster.items]
        self._notes.append(Footnote(number, cluster, _as_sentence(Markup("; ").join(parts))))
        return number

    def notes(self) -> list[Footnote]:
        """The page's footnotes in order, for the template that lists them (``footnotes.html``)."""
        return list(self._notes)

    def note_html(self, number: int) -> Markup:
        return self._notes[number - 1].html

    def reference_html(self, number: int) -> Markup:
        """The marker in the text; each call is one more reference, and gets its own back-link target."""
        note = self._notes[number - 1]
        note.references += 1
        return _MARKER.format(_ref_id(number, note.references), number, number)

    def _format_item(self, item: CiteItem, number: int, previous: Cluster | None, location: Location) -> Markup:
        entry = self.bibliography.get(item.key)
        if entry is None:
            if self.report is not None:
                self.report.add(CITATION_UNKNOWN, f"no source with key '{item.key}' in the bibliography", location)
            text = Markup("[unknown source: {}]").format(item.key)
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
        return Markup("{} {}").format(item.prefix, text) if item.prefix else text


# The footnote marker the Markdown renderer puts in the text (the PDF export finds it by this form).
_MARKER = Markup('<sup class="footnote-ref" id="{}"><a href="#fn-{}">{}</a></sup>')


def _ref_id(number: int, occurrence: int) -> str:
    return f"fnref-{number}" if occurrence == 1 else f"fnref-{number}-{occurrence}"


def _as_sentence(html: Markup) -> Markup:
    """OSCOLA footnotes end with a full stop and start with a capital, except "ibid", which stays lower case."""
    if not html.startswith("ibid") and html[:1].islower():
        # Markup.replace keeps the markup safe; the first occurrence of the first character is that character.
        html = html.replace(html[0], html[0].upper(), 1)
    return html if html.endswith(".") else html + "."


# --------------------------------------------------------------------------- bibliography page


@dataclass(frozen=True)
class BibliographyItem:
    entry: Entry
    html: Markup  # the entry in OSCOLA bibliography form
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
