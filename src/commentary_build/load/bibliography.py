"""The bibliography: commentary/bibliography.yaml, a list of CSL items, loaded with line numbers.

CSL-YAML is what pandoc, Zotero and citeproc read, so the file stays usable outside
this project; only the fields the OSCOLA formatter needs are checked here.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..model.bibliography import Entry, Name
from ..model.location import Location
from ..model.problems import BIBLIOGRAPHY_ENTRY, DUPLICATE_ID, FILE_NOT_UTF8, YAML_SYNTAX, Report
from .yamlio import YamlError, load_yaml

BIBLIOGRAPHY_PATH = "commentary/bibliography.yaml"

# CSL types the formatter knows, each with the fields a citation of that type cannot do without.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "treaty": ("title", "issued"),
    "legislation": ("title", "issued"),
    "report": ("title", "author", "issued"),
    "book": ("title", "author", "issued"),
    "document": ("title", "author"),
}

_SCALAR_FIELDS = ("title", "short-title", "genre", "publisher", "publisher-place", "container-title",
                  "volume", "page", "number", "issued-event", "authority", "URL")
_NAME_FIELDS = ("author", "contributor", "editor")
_DATE_FIELDS = ("issued", "in-force")


def load_bibliography(root: Path, report: Report) -> dict[str, Entry]:
    """Read commentary/bibliography.yaml; malformed entries are reported and left out."""
    path = Path(root) / BIBLIOGRAPHY_PATH
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        report.add(FILE_NOT_UTF8, "the bibliography is not UTF-8", Location(BIBLIOGRAPHY_PATH))
        return {}
    return parse_bibliography(text, report, BIBLIOGRAPHY_PATH)


def parse_bibliography(text: str, report: Report, path: str = BIBLIOGRAPHY_PATH) -> dict[str, Entry]:
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        report.add(YAML_SYNTAX, exc.message, Location(path, exc.line, exc.column))
        return {}
    if doc.data is None:
        return {}
    if not isinstance(doc.data, list):
        report.add(BIBLIOGRAPHY_ENTRY, "the bibliography must be a list of entries (each starting with '- id:')",
                   Location(path, doc.line_of()))
        return {}
    entries: dict[str, Entry] = {}
    for index, item in enumerate(doc.data):
        location = Location(path, doc.line_of(index))
        entry = _entry_from_item(item, location, report, lambda *keys, i=index: Location(path, doc.line_of(i, *keys)))
        if entry is None:
            continue
        if entry.id in entries:
            first = entries[entry.id].location
            report.add(DUPLICATE_ID, f"bibliography id '{entry.id}' is already used at line {first.line}", location)
            continue
        entries[entry.id] = entry
    return entries


def _entry_from_item(item, location: Location, report: Report, location_of) -> Entry | None:
    if not isinstance(item, dict):
        report.add(BIBLIOGRAPHY_ENTRY, "a bibliography entry must be a mapping of CSL fields", location)
        return None
    entry_id = item.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        report.add(BIBLIOGRAPHY_ENTRY, "entry has no 'id' (the key used in citations)", location)
        return None
    entry_type = item.get("type")
    if entry_type not in REQUIRED_FIELDS:
        report.add(BIBLIOGRAPHY_ENTRY, f"entry '{entry_id}': 'type' must be one of {', '.join(REQUIRED_FIELDS)}",
                   location_of("type"))
        return None
    missing = [name for name in REQUIRED_FIELDS[entry_type] if not item.get(name)]
    if missing:
        report.add(BIBLIOGRAPHY_ENTRY, f"entry '{entry_id}' ({entry_type}) lacks {', '.join(missing)}", location)
        return None
    for name in _SCALAR_FIELDS:
        if name in item and not isinstance(item[name], (str, int)):
            report.add(BIBLIOGRAPHY_ENTRY, f"entry '{entry_id}': '{name}' must be a single value", location_of(name))
            return None
    names: dict[str, tuple[Name, ...]] = {}
    for name in _NAME_FIELDS:
        parsed = _names(item.get(name, []))
        if parsed is None:
            report.add(BIBLIOGRAPHY_ENTRY,
                       f"entry '{entry_id}': '{name}' must be a list of {{family, given}} or {{literal}} names",
                       location_of(name))
            return None
        names[name] = parsed
    dates: dict[str, tuple[int, ...]] = {}
    for name in _DATE_FIELDS:
        if name not in item:
            dates[name] = ()
            continue
        parsed_date = _date_parts(item[name])
        if parsed_date is None:
            report.add(BIBLIOGRAPHY_ENTRY,
                       f"entry '{entry_id}': '{name}' must be {{date-parts: [[year, month, day]]}} or YYYY-MM-DD",
                       location_of(name))
            return None
        dates[name] = parsed_date
    short_title = item.get("short-title")
    return Entry(
        id=entry_id.strip(),
        type=entry_type,
        title=" ".join(str(item["title"]).split()),
        data=item,
        location=location,
        short_title=str(short_title).strip() if short_title else None,
        authors=names["author"],
        contributors=names["contributor"],
        issued=dates["issued"],
        in_force=dates["in-force"],
    )


def _names(value) -> tuple[Name, ...] | None:
    if not isinstance(value, list):
        return None
    names = []
    for raw in value:
        if not isinstance(raw, dict):
            return None
        name = Name(family=_text(raw.get("family")), given=_text(raw.get("given")), literal=_text(raw.get("literal")))
        if not (name.family or name.literal):
            return None
        names.append(name)
    return tuple(names)


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
    elif isinstance(value, (str, int)):
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
    except (ValueError, TypeError):
        return None
    return numbers
