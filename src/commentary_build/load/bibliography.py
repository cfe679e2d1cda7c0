"""The bibliography: commentary/bibliography.yaml, a list of CSL items, loaded with line numbers.

CSL-YAML is what pandoc, Zotero and citeproc read, so the file stays usable outside
this project. The file is read inside the input boundary and validated against
``schemas/bibliography.schema.yml`` (the fields the OSCOLA formatter needs, per type);
an entry with a problem is reported and left out, and its key is remembered in
``Unavailable.bibliography_keys`` so a citation of it is not reported a second time.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..model.bibliography import Entry, Name, StatusFact, TreatyStatus
from ..model.location import Location
from ..model.problems import BIBLIOGRAPHY_ENTRY, DUPLICATE_ID, Report
from ..model.project import Unavailable
from .inputs import BIBLIOGRAPHY_CODES, MAX_DATA_BYTES, AlreadyReported, guard, parse_yaml, read_text, report_duplicate_keys, validate

BIBLIOGRAPHY_PATH = "commentary/bibliography.yaml"

# CSL types the formatter knows, each with the fields a citation of that type cannot do without
# (the schema requires the same; kept here for the exports that read it).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "treaty": ("title", "issued"),
    "legislation": ("title", "issued"),
    "report": ("title", "author", "issued"),
    "book": ("title", "author", "issued"),
    "document": ("title", "author"),
}

_NAME_FIELDS = ("author", "contributor", "editor")
_DATE_FIELDS = ("issued", "in-force")


def load_bibliography(root: Path, report: Report, unavailable: Unavailable | None = None) -> dict[str, Entry]:
    """Read commentary/bibliography.yaml; malformed entries are reported and left out."""
    path = Path(root) / BIBLIOGRAPHY_PATH
    if not path.exists() and not path.is_symlink():
        return {}
    unavailable = unavailable if unavailable is not None else Unavailable()
    entries = guard(report, BIBLIOGRAPHY_PATH, lambda: _parse(read_text(Path(root), path, MAX_DATA_BYTES, "a data file"), report, BIBLIOGRAPHY_PATH, unavailable), None)
    if entries is None:
        unavailable.bibliography = True
        return {}
    return entries


def parse_bibliography(text: str, report: Report, path: str = BIBLIOGRAPHY_PATH, unavailable: Unavailable | None = None) -> dict[str, Entry]:
    """The entries of a bibliography file's text; a file that cannot be read is a problem and no entries."""
    found = guard(report, path, lambda: _parse(text, report, path, unavailable if unavailable is not None else Unavailable()), None)
    return found or {}


def _parse(text: str, report: Report, path: str, unavailable: Unavailable) -> dict[str, Entry]:
    doc = parse_yaml(text)
    if doc.data is None:
        return {}
    report_duplicate_keys(doc, path, report, BIBLIOGRAPHY_ENTRY)
    if not isinstance(doc.data, list):
        report.add(BIBLIOGRAPHY_ENTRY, "the bibliography must be a list of entries (each starting with '- id:')", Location(path, doc.line_of()))
        raise AlreadyReported()
    validation = validate(doc.data, doc, "bibliography", path, report, BIBLIOGRAPHY_CODES, what="the bibliography")
    if validation.unusable(()):  # over the limit of entries: the file as a whole is not used
        raise AlreadyReported()
    entries: dict[str, Entry] = {}
    for index, item in enumerate(doc.data):
        location = Location(path, doc.line_of(index))
        key = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        if validation.bad(index):
            if key:
                unavailable.bibliography_keys.add(key.strip())
            continue
        entry = _entry_from_item(item, location, report, lambda *keys, i=index: Location(path, doc.line_of(i, *keys)))
        if entry is None:
            if key:
                unavailable.bibliography_keys.add(key.strip())
            continue
        if entry.id in entries:
            first = entries[entry.id].location
            report.add(DUPLICATE_ID, f"bibliography id '{entry.id}' is already used at line {first.line}", location)
            continue
        entries[entry.id] = entry
    return entries


def _entry_from_item(item: dict, location: Location, report: Report, location_of) -> Entry | None:
    """An entry the schema accepted; the calendar (30 February) is the one thing left to check."""
    entry_id = item["id"].strip()
    dates: dict[str, tuple[int, ...]] = {}
    for name in _DATE_FIELDS:
        if name not in item:
            dates[name] = ()
            continue
        parsed_date = _date_parts(item[name])
        if parsed_date is None:
            report.add(BIBLIOGRAPHY_ENTRY,
                       f"entry '{entry_id}': '{name}' is not a date in the calendar (check the month and the day)",
                       location_of(name))
            return None
        dates[name] = parsed_date
    status = None
    if isinstance(item.get("status"), dict):  # the schema has checked its fields; the calendar is left
        raw = item["status"]
        as_of = _date_parts(raw["as-of"])
        if as_of is None or len(as_of) != 3:
            report.add(BIBLIOGRAPHY_ENTRY, f"entry '{entry_id}': 'status.as-of' is not a date in the calendar", location_of("status", "as-of"))
            return None
        facts = []
        for number, fact in enumerate(raw.get("facts") or []):
            day = _date_parts(fact["date"])
            if day is None or len(day) != 3:
                report.add(BIBLIOGRAPHY_ENTRY, f"entry '{entry_id}': 'status.facts' date is not a date in the calendar", location_of("status", "facts", number, "date"))
                return None
            facts.append(StatusFact((day[0], day[1], day[2]), " ".join(str(fact["fact"]).split()), " ".join(str(fact["source"]).split()),
                                    fact.get("url"), fact.get("state")))
        status = TreatyStatus(raw["state"], (as_of[0], as_of[1], as_of[2]), " ".join(str(raw["source"]).split()), raw.get("url"),
                              tuple(sorted(facts, key=lambda f: f.date)), location_of("status", "as-of"))
    names = {name: tuple(Name(family=_text(n.get("family")), given=_text(n.get("given")), literal=_text(n.get("literal")))
                         for n in item.get(name, [])) for name in _NAME_FIELDS}
    short_title = item.get("short-title")
    return Entry(
        id=entry_id,
        type=item["type"],
        title=" ".join(str(item["title"]).split()),
        data=item,
        location=location,
        short_title=str(short_title).strip() if short_title else None,
        authors=names["author"],
        contributors=names["contributor"],
        issued=dates["issued"],
        in_force=dates["in-force"],
        status=status,
    )


def _text(value) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _date_parts(value) -> tuple[int, ...] | None:
    """Accept CSL's {date-parts: [[y, m, d]]} and pandoc's plain ISO dates; reject impossible dates."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and 1 <= len(parts[0]) <= 3):
            return None
        try:
            numbers = tuple(int(p) for p in parts[0])
        except (TypeError, ValueError):
            return None
    elif isinstance(value, _dt.date):
        numbers = (value.year, value.month, value.day)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            numbers = tuple(int(p) for p in str(value).split("-"))
        except ValueError:
            return None
        if not 1 <= len(numbers) <= 3:
            return None
    else:
        return None
    try:
        _dt.date(numbers[0], *(numbers[1:] + (1,) * (3 - len(numbers))))
    except (ValueError, TypeError, OverflowError):
        return None
    return numbers
