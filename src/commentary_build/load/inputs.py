"""Every input file is read here, inside one boundary: whatever happens, the build goes on.

Contributor files are untrusted, so reading one is total and bounded:

* ``guard`` is the boundary. Each file is loaded inside it; an ``InputFailure`` (the
  readers' own, with its code, line and column) and any other exception whatsoever
  become a problem at that file, and the loader gets a default instead. No exception
  type is special-cased away, and nothing escapes to abort the build.
* ``read_text`` refuses symbolic links and files over the size limit of their kind
  (before reading them), names the byte that is not UTF-8, and normalises a BOM and
  CRLF or CR line endings (YAML and CommonMark both read a lone CR as a line break).
  It refuses a file holding a control character (C074, at its line and column;
  ``model/characters.py`` says which), and ``parse_yaml`` one whose YAML writes one as an
  escape ("\\x0b", "\\0", "\\e").
* ``read_yaml`` parses with ``yamlio`` (no aliases, tags or deep nesting).
* ``validate`` checks data against its JSON Schema (``load/schemas/<kind>.schema.yml``)
  and turns each jsonschema error into a problem at the value's line and column, in
  plain words ("expected a list of provision ids, got the string 'art-3'"), at most
  ``MAX_SCHEMA_PROBLEMS`` per file. A ``pattern`` is an ECMA-262 expression, as JSON
  Schema defines it, run by ``regress``: its "$" is the end of the value, where Python's
  also accepts a final line feed ("nl-id\\n"). A one-line field (``format: single-line``:
  titles, names, labels) holding an invisible character is a warning (W069).
* ``list_files``, ``walk_files`` and ``report_links`` never follow a link: a link under
  content/ or commentary/ could publish a file from outside the project, or a note twice.
* Names: every file and folder under content/ and commentary/ is named as ``name_problem``
  says (lower-case letters, digits and hyphens, and an extension), because names become
  addresses, anchors and links. ``report_names`` reports each other name once (C075, with
  the name to use) and the listings leave such files and folders unread. A name starting
  with "." is hidden (a draft): never read, and reported where it would have been (W063).
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..model import problems as d
from ..model.characters import count_control, find_control
from ..model.characters import describe as describe_character
from ..model.gcpause import paused_gc
from ..model.location import Location
from . import parsed
from .schema_files import _DATE, INVISIBLE, _short, _show
from .yamlio import YamlDoc, YamlError, load_yaml

T = TypeVar("T")

KiB = 1024
MAX_NOTE_BYTES = 512 * KiB
MAX_DATA_BYTES = 512 * KiB
# Values (YAML nodes) one file may hold: 20x the largest shipped file of any kind, far above what the
# schemas allow in a note; the bound keeps validation (jsonschema, about 20 µs a value) under a second.
MAX_NOTE_NODES = 10_000
MAX_DATA_NODES = 20_000
# jsonschema errors looked at per file: enough to report MAX_SCHEMA_PROBLEMS in the file's order.
MAX_SCHEMA_ERRORS = 500
MAX_SCHEMA_PROBLEMS = 30
SOURCE_FOLDERS = ("content", "commentary")


class InputFailure(Exception):
    """A file that cannot be used, with the problem to report; raised by the readers, caught by ``guard``."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 0, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


class AlreadyReported(InputFailure):
    """A file that cannot be used, whose problems are already reported (by ``validate``): ``guard`` adds none."""

    def __init__(self) -> None:
        super().__init__("", "")


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the project root, in the form every problem uses."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- the boundary


def guard(report: d.Report, rel: str, work: Callable[[], T], default: T) -> T:
    """Run ``work`` (the loading of the file ``rel``); any failure is a problem there, and ``default`` is returned.

    This is the one place an exception from reading an input stops: an ``InputFailure``
    carries its own code and position, any other exception is reported as C070 with
    its type and message, at the line the exception names (a YAML mark) or line 1.
    """
    try:
        with paused_gc():
            return work()
    except InputFailure as failure:
        if failure.code:
            report.add(failure.code, failure.message, Location(rel, failure.line, failure.column), hint=failure.hint)
    except Exception as exc:  # noqa: BLE001 - the boundary: every failure of one file becomes a problem in it
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (getattr(mark, "line", 0) or 0) + 1 if mark is not None else 1
        detail = str(exc).split("\n")[0][:200] or "no message"
        report.add(d.INPUT_UNREADABLE, f"this file could not be read ({type(exc).__name__}: {detail}); everything else was read", Location(rel, line))
    return default


# --------------------------------------------------------------------------- links and listings


def _link_in_path(root: Path, path: Path) -> Path | None:
    """The first symbolic link among ``path`` and its folders below ``root``, or None."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _link_problem(root: Path, link: Path) -> InputFailure:
    try:
        points_to = os.readlink(link)
    except OSError:
        points_to = "?"
    return InputFailure(d.SYMLINK, f"symbolic link to '{points_to}': links are never followed, so this is not read", 1)


def report_links(root: Path, report: d.Report) -> set[str]:
    """Report every symbolic link under content/ and commentary/ (once each); their relative paths."""
    found: set[str] = set()
    for folder in SOURCE_FOLDERS:
        base = root / folder
        if base.is_symlink():
            found.add(folder)
            failure = _link_problem(root, base)
            report.add(failure.code, failure.message, Location(folder, 1))
            continue
        for directory, subdirs, names in os.walk(base, followlinks=False):
            for name in sorted(subdirs + names):
                path = Path(directory) / name
                if path.is_symlink():
                    rel = relative(root, path)
                    found.add(rel)
                    failure = _link_problem(root, path)
                    report.add(failure.code, failure.message, Location(rel, 1))
    return found


def list_files(directory: Path, suffix: str) -> list[Path]:
    """The regular files directly in ``directory`` whose name ends with ``suffix``, sorted; links, hidden
    files and files whose name is not allowed (``report_names`` reports them) are left out."""
    if directory.is_symlink() or not directory.is_dir():
        return []
    with os.scandir(directory) as entries:
        return sorted(Path(entry.path) for entry in entries
                      if entry.name.endswith(suffix) and not entry.name.startswith(".") and _allowed(entry.path, False)
                      and entry.is_file(follow_symlinks=False))


def walk_files(directory: Path) -> Iterable[Path]:
    """Every regular file under ``directory``, in a stable order, without entering linked folders, and leaving out
    files and folders whose name is not allowed (``report_names`` reports them). Hidden ones are listed (see notes)."""
    if directory.is_symlink() or not directory.is_dir():
        return
    for folder, subdirs, names in os.walk(directory, followlinks=False):
        # Inside a hidden folder (a draft) names are not checked: nothing there is read (see notes: W063).
        drafts = any(part.startswith(".") for part in Path(folder).relative_to(directory).parts)
        subdirs[:] = sorted(name for name in subdirs if drafts or _allowed(os.path.join(folder, name), True))
        for name in sorted(names):
            path = Path(folder) / name
            if (drafts or _allowed(str(path), False)) and not path.is_symlink() and path.is_file():
                yield path


# --------------------------------------------------------------------------- names

# Lower-case letters and digits in words joined by single hyphens: "art-40", "human-rights-refusal".
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_FOLDER_NAME = re.compile(SLUG)
# A file: a slug and one extension (which files are read is decided by the loaders: .md notes, .yml data;
# a file with another extension under commentary/ is reported as not read, W062).
_FILE_NAME = re.compile(SLUG + r"\.[a-z0-9]+")
# The source file of a text keeps the name its issuer gave it (A_RES_79_243_…_EN.txt); it never reaches a page.
_SOURCE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
NAME_RULE = "lower-case letters, digits and single hyphens, then .md for a note or .yml for a data or text file"


def name_problem(rel: str, is_folder: bool) -> str | None:
    """Why the file or folder at ``rel`` (relative to the project root, under content/ or commentary/) may not
    be named so, or None when its name is allowed or hidden (a name starting with "." is a draft, never read)."""
    parts = rel.split("/")
    name = parts[-1]
    if name.startswith(".") or len(parts) < 2:
        return None
    if is_folder:
        return None if _FOLDER_NAME.fullmatch(name) else f"folder name {name!r} is not allowed: use {NAME_RULE.split(',')[0]}"
    if len(parts) == 4 and parts[0] == "content" and parts[2] == "source":
        if _SOURCE_FILE_NAME.fullmatch(name):
            return None
        return f"source file name {name!r} is not allowed: use letters, digits, '.', '_' and '-'"
    if not _FILE_NAME.fullmatch(name):
        return f"file name {name!r} is not allowed: use {NAME_RULE}"
    if parts[0] == "commentary" and _PARAGRAPH_SUFFIX.search(name):
        # A note's paragraphs are anchored "note-<name>-para-N": a note named "x-para-1" would take the
        # address of paragraph 1 of note "x" on the same page, and every link to it.
        return f"file name {name!r} is not allowed: a note's name may not end in '-para-' and a number"
    return None


_PARAGRAPH_SUFFIX = re.compile(r"-para-[0-9]+\.[a-z0-9]+\Z")


def suggest_name(name: str, is_folder: bool) -> str:
    """A name the rule allows, as close to ``name`` as possible: "My Note (draft).MD" -> "my-note-draft.md"."""
    stem, dot, extension = name.rpartition(".") if not is_folder and "." in name.lstrip(".") else (name, "", "")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-") or ("folder" if is_folder else "note")
    extension = re.sub(r"[^a-z0-9]+", "", extension.lower())
    slug = re.sub(r"-para-([0-9]+)\Z", r"-paragraph-\1", slug)
    return f"{slug}.{extension}" if dot and extension else slug if is_folder else f"{slug}.md"


def _allowed(path: str, is_folder: bool) -> bool:
    """Whether a listing may read the file or folder at ``path`` (absolute): its name is allowed (checked from content/ or commentary/ down)."""
    parts = Path(path).parts
    for index in range(len(parts) - 1, 0, -1):
        if parts[index] in SOURCE_FOLDERS:
            return name_problem("/".join(parts[index:]), is_folder) is None
    return True


def report_names(root: Path, report: d.Report) -> None:
    """Report every file and folder under content/ and commentary/ whose name is not allowed (C075, with the
    name to use; a folder once, not its files) and every hidden data file or folder of a text (W063). Hidden
    folders are drafts: nothing in them is read, so their names are not checked (hidden notes are reported
    where the notes are listed)."""
    for folder in SOURCE_FOLDERS:
        base = root / folder
        if base.is_symlink() or not base.is_dir():
            continue
        for directory, subdirs, names in os.walk(base, followlinks=False):
            keep = []
            for name in sorted(subdirs):
                rel = relative(root, Path(directory) / name)
                problem = name_problem(rel, True)
                if problem:
                    report.add(d.UNSAFE_NAME, f"{problem}; nothing in it is read", Location(rel, 1), hint=f"Rename the folder to '{suggest_name(name, True)}'.")
                elif name.startswith("."):
                    if folder == "content":
                        report.add(d.HIDDEN_FILE, "hidden (a name starting with '.'), so nothing in it is read", Location(rel, 1))
                else:
                    keep.append(name)
            subdirs[:] = keep
            for name in sorted(names):
                rel = relative(root, Path(directory) / name)
                problem = name_problem(rel, False)
                if problem:
                    report.add(d.UNSAFE_NAME, f"{problem}; the file is not read", Location(rel, 1), hint=f"Rename the file to '{suggest_name(name, False)}'.")
                elif name.startswith(".") and name.endswith(".yml"):
                    report.add(d.HIDDEN_FILE, "hidden (a name starting with '.'), so it is not read", Location(rel, 1))


# --------------------------------------------------------------------------- reading


def read_text(root: Path, path: Path, limit: int, kind: str = "file") -> str:
    """The file's text: UTF-8 without BOM, with LF line endings. Raises ``InputFailure``."""
    link = _link_in_path(root, path)
    if link is not None:
        failure = _link_problem(root, link)
        if link != path:
            failure.message = f"inside the linked folder {relative(root, link)}: links are never followed, so this is not read"
        raise failure
    if not path.is_file():
        raise InputFailure(d.INPUT_UNREADABLE, "not a regular file", 1)
    size = path.stat().st_size
    if size > limit:
        raise InputFailure(d.FILE_TOO_LARGE, f"{size // KiB} KiB is over the {limit // KiB} KiB limit for {kind}", 1)
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew while we looked
        raise InputFailure(d.FILE_TOO_LARGE, f"over the {limit // KiB} KiB limit for {kind}", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFailure(d.FILE_NOT_UTF8, f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8", line) from None
    text = normalise_text(text)
    refuse_control_characters(text)
    return text


def refuse_control_characters(text: str, line_offset: int = 0) -> None:
    """Raise ``InputFailure`` (C074) at the first character of ``text`` that no input may hold (``model/characters.py``)."""
    found = find_control(text)
    if found is None:
        return
    start = found.start()
    line = text.count("\n", 0, start) + 1 + line_offset
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    others = count_control(text) - 1
    more = f" (and {others} more in this file)" if others else ""
    raise InputFailure(d.CONTROL_CHARACTER, f"control character {describe_character(found.group(0))} is not allowed{more}; the file is not read", line, column)


def normalise_text(text: str) -> str:
    """Drop a byte-order mark; CRLF and lone CR become LF (so lines count as an editor shows them)."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_yaml(text: str, line_offset: int = 0, max_nodes: int = MAX_DATA_NODES) -> YamlDoc:
    """``load_yaml`` whose errors are ``InputFailure``: C072 for a refused feature, C081 for NaN or an infinity,
    C008 for too many values, C004 for bad syntax. Inside ``parsed.remembering`` a text parsed before is not parsed again."""
    remembered = parsed.active()
    if remembered is not None:
        return remembered.parse(text, line_offset, max_nodes, lambda: _parse_yaml(text, line_offset, max_nodes))
    return _parse_yaml(text, line_offset, max_nodes)


def _parse_yaml(text: str, line_offset: int, max_nodes: int) -> YamlDoc:
    try:
        return load_yaml(text, line_offset=line_offset, max_nodes=max_nodes)
    except YamlError as exc:
        code = d.FILE_TOO_LARGE if exc.too_many else d.CONTROL_CHARACTER if exc.control else d.NOT_FINITE if exc.not_finite else (d.YAML_REFUSED if exc.refused else d.YAML_SYNTAX)
        raise InputFailure(code, exc.message, exc.line, exc.column) from None


def read_yaml(root: Path, path: Path, limit: int = MAX_DATA_BYTES, kind: str = "a data file") -> YamlDoc:
    return parse_yaml(read_text(root, path, limit, kind))


def report_duplicate_keys(doc: YamlDoc, rel: str, report: d.Report, code: str = d.YAML_SYNTAX) -> None:
    for key_path, line, column in doc.duplicate_keys:
        report.add(code, f"'{key_path[-1]}' appears twice; the second value would silently win", Location(rel, line, column))


# --------------------------------------------------------------------------- schemas




def validator(kind: str):
    """The schema validator of ``kind`` (``load/schema_rules.py``), imported when first needed: jsonschema and its
    libraries take about 50 ms to import, which a build whose inputs were all found valid before never needs."""
    from .schema_rules import validator as made

    return made(kind)


@dataclass(frozen=True)
class Codes:
    """Which problem code a kind of file uses for a missing field, an unknown field and any other error."""

    missing: str
    unknown: str
    wrong: str
    enum_by_field: dict[str, str] = field(default_factory=dict)


NOTE_CODES = Codes(d.FIELD_MISSING, d.FIELD_UNKNOWN, d.FIELD_TYPE, {"op": d.EDIT_OP_UNKNOWN})
DATA_CODES = Codes(d.DATA_STRUCTURE, d.FIELD_UNKNOWN, d.DATA_STRUCTURE)
TEXT_CODES = Codes(d.TEXT_STRUCTURE, d.TEXT_STRUCTURE, d.TEXT_STRUCTURE)
BIBLIOGRAPHY_CODES = Codes(d.BIBLIOGRAPHY_ENTRY, d.BIBLIOGRAPHY_ENTRY, d.BIBLIOGRAPHY_ENTRY)


@dataclass
class Validation:
    """The paths of the values that failed (and which keyword failed); a loader leaves out what they touch."""

    failed: list[tuple] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def bad(self, *prefix: Any) -> bool:
        """True when a value at ``prefix`` or inside it failed, or a value containing it has the wrong type.

        An unknown field is reported but spoils nothing: it does not make its container (or the
        container's other values) bad."""
        for path, keyword in zip(self.failed, self.keywords):
            if keyword == "additionalProperties" and len(path) <= len(prefix):
                continue
            if path[: len(prefix)] == prefix or prefix[: len(path)] == path:
                return True
        return False

    def unusable(self, path: tuple, fields: Iterable[str] = ()) -> bool:
        """True when the object at ``path`` cannot be used: it (or a value containing it) has the wrong type or
        lacks a required field, or one of ``fields`` (the ones the loader needs) failed. An unknown field beside
        good ones does not make it unusable."""
        needed = [path + (name,) for name in fields]
        for failed, keyword in zip(self.failed, self.keywords):
            if path[: len(failed)] == failed and keyword != "additionalProperties":
                return True
            if any(failed[: len(field_path)] == field_path for field_path in needed):
                return True
        return False


def validate(data: Any, doc: YamlDoc, kind: str, rel: str, report: d.Report, codes: Codes, what: str | None = None) -> Validation:
    """Check ``data`` against the schema of ``kind``; report each error once, in plain words, at its position.
    Inside ``parsed.remembering``, data found valid before (with nothing to report) is not validated again."""
    remembered = parsed.active()
    key = parsed.verdict_key(kind, data) if remembered is not None else None
    if remembered is not None and key is not None and remembered.valid(key):
        return Validation()
    errors = list(itertools.islice(validator(kind).iter_errors(data), MAX_SCHEMA_ERRORS))
    if remembered is not None and key is not None and not errors:
        remembered.keep_valid(key)
    failures = [error for error in errors if error.validator != INVISIBLE]
    result = Validation([tuple(error.absolute_path) for error in failures], [str(error.validator) for error in failures])
    problems: list[tuple[tuple[int, int], str, str]] = []
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == INVISIBLE:
            problems.append((doc.position_of(*path), d.INVISIBLE_CHARACTER, f"{field_name(path, what)}: {error.message}"))
        elif error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            position = doc.position_of(*path)
            problems.append((position, codes.missing, f"'{missing}' is required{_where(path, what)}"))
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            for key in _unexpected_keys(error):
                problems.append((doc.position_of(*path, key, "__key__"), codes.unknown, f"'{_short(key)}' is not a field of {_container(path, what)}"))
        elif error.validator == "enum" and path and str(path[-1]) in codes.enum_by_field:
            problems.append((doc.position_of(*path), codes.enum_by_field[str(path[-1])], f"{path[-1]} {_show(error.instance)} is not one of {', '.join(map(str, error.validator_value))}"))
        else:
            problems.append((doc.position_of(*path), codes.wrong, f"{field_name(path, what)}: {explain(error)}"))
    problems.sort(key=lambda problem: problem[0])
    for position, code, message in problems[:MAX_SCHEMA_PROBLEMS]:
        report.add(code, message, Location(rel, *position))
    if len(problems) > MAX_SCHEMA_PROBLEMS:
        position = problems[MAX_SCHEMA_PROBLEMS][0]
        more = f"{len(problems) - MAX_SCHEMA_PROBLEMS}{' or more' if len(errors) == MAX_SCHEMA_ERRORS else ''}"
        report.add(codes.wrong, f"… and {more} more problems of the same kinds in this file, not listed; fix the first ones and check again", Location(rel, *position))
    return result


def _unexpected_keys(error) -> list[str]:
    from .schema_rules import _ecma

    allowed = set(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    return [k for k in error.instance if k not in allowed and not any(_ecma(p).find(str(k)) is not None for p in patterns)]


def _where(path: tuple, what: str | None) -> str:
    return f" in {field_name(path, what)}" if path else ""


def _container(path: tuple, what: str | None) -> str:
    return field_name(path, what) if path else (what or "the format")


def field_name(path: tuple, what: str | None = None) -> str:
    """``proposals[1].edits[2].op``: how a message names a value (1-based, as people count)."""
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part + 1}]" if name else f"entry {part + 1}"
        else:
            name += f".{_short(str(part))}" if name else _short(str(part))
    return name or what or "front matter"


# --------------------------------------------------------------------------- plain words


def describe(value: Any) -> str:
    """What a value is, for "expected …, got …": "the string 'art-3'", "the number 5", "a list of 3 entries"."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {_short(repr(value))}"
    if isinstance(value, str):
        return f"the string {_show(value)}" if value.strip() else "an empty string"
    if isinstance(value, list):
        return f"a list of {len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    if isinstance(value, dict):
        return "a mapping (name: value)"
    return type(value).__name__


def expected(schema: dict) -> str:
    """What a schema asks for, in words: "a list of provision ids", "text", "a whole number"."""
    if "title" in schema and schema.get("type") != "array" and "$schema" not in schema:  # a file's own title names the file, not a value
        return str(schema["title"])
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return " or ".join(expected({**schema, "type": kind}) for kind in kinds)
    if kinds == "array":
        items = schema.get("items", {})
        noun = items.get("title") if isinstance(items, dict) else None
        return f"a list of {plural_noun(noun)}" if noun else "a list"
    return {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "object": "a mapping of fields (name: value)",
        "null": "nothing",
    }.get(str(kinds), str(schema.get("description", "a value")))


def plural_noun(title: str) -> str:
    """ "theme id" -> "theme ids"; "an author ({name, organisation})" -> "authors ({name, organisation})"."""
    title = title.removeprefix("a ").removeprefix("an ")
    noun, bracket, rest = title.partition(" (")
    if noun.endswith(("s", "x")):
        noun += "es"
    elif noun.endswith("y") and noun[-2:-1] not in "aeiou":
        noun = noun[:-1] + "ies"
    else:
        noun += "s"
    return noun + bracket + rest


def explain(error) -> str:
    """One jsonschema error in plain words, never quoting more than a few dozen characters of the value."""
    kind = error.validator
    instance = error.instance
    if kind == "type":
        hint = ""
        if isinstance(instance, (bool, int, float)) and "string" in str(error.validator_value):
            hint = ' (put it in quotes: "…")'
        return f"expected {expected(error.schema)}, got {describe(instance)}{hint}"
    if kind == "format":
        if error.validator_value == "date":
            if isinstance(instance, str) and _DATE.fullmatch(instance):
                return f"{_show(instance)} is not a date in the calendar (YYYY-MM-DD: check the month and the day)"
            return f"{_show(instance)} is not a date in the form YYYY-MM-DD"
        if error.validator_value == "single-line":
            return "must be one line of text, not blank" if isinstance(instance, str) and instance.strip() else "must not be empty or blank"
        if error.validator_value == "text":
            return "must not be empty or blank"
    if kind == "minItems":
        return "must have at least one entry" if error.validator_value == 1 else f"must have at least {error.validator_value} entries"
    if kind == "maxItems":
        return f"{len(instance)} entries, over the limit of {error.validator_value}"
    if kind == "minLength":
        return "must not be empty" if error.validator_value <= 1 else f"must be at least {error.validator_value} characters long"
    if kind in ("maxLength", "uniqueItems"):
        return str(error.message)
    if kind == "enum":
        return f"{_show(instance)} is not one of {', '.join(map(str, error.validator_value))}"
    if kind == "const":
        return f"must be {error.validator_value!r}"
    if kind == "pattern":
        return f"{_show(instance)} is not {error.schema.get('title') or 'in the expected form'}"
    if kind == "minimum":
        return f"{_show(instance)} is below the minimum, {error.validator_value}"
    if kind == "maximum":
        return f"{_show(instance)} is above the maximum, {error.validator_value}"
    if kind in ("anyOf", "oneOf"):
        # When one alternative has the value's type, what is wrong inside it says more than "none matched".
        deeper = [e for e in error.context or () if e.validator != "type" and e.relative_path]
        if deeper:
            from jsonschema.exceptions import best_match

            best = best_match(deeper)
            if best is not None:
                return f"{field_name(tuple(best.relative_path), '')}: {explain(best)}"
        return f"expected {error.schema.get('title') or 'a value of the documented form'}, got {describe(instance)}"
    if kind == "not":
        return f"{_show(instance)} is not allowed here"
    return _short(str(error.message), 200)
