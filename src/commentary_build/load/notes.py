"""Commentary notes: Markdown files with YAML front matter under commentary/<instrument>/.

The front matter is validated against ``schema/note.schema.yml`` (the same schema the
format reference is generated from); every problem names file, line and column.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema

from ..model import Author, Concordance, Edit, Instrument, Location, Note, Proposal
from ..model import problems as d
from .yamlio import YamlDoc, YamlError, load_yaml

MAX_NOTE_BYTES = 512 * 1024
FRONT_MATTER_FENCE = "---"


@functools.lru_cache(maxsize=1)
def note_schema() -> dict:
    text = resources.files("commentary_build").joinpath("load/schemas/note.schema.yml").read_text(encoding="utf-8")
    return load_yaml(text).data


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(note_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@dataclass
class Targets:
    """Resolves what a note or edit points at: unit ids, "overview", or draft numbers through a concordance."""

    instruments: dict[str, Instrument]
    concordances: dict[str, Concordance]


# Files under commentary/ that are data, not notes; everything else that is not .md is reported.
DATA_FILES = ("bibliography.yaml", "themes.yml", "edition.yml")
DATA_FOLDERS = ("recommendations",)


def discover_note_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "commentary").rglob("*.md") if p.is_file())


def report_unread_files(root: Path, report: d.Report) -> None:
    """A note saved as .markdown or .txt would otherwise vanish from the site without a word."""
    folder = root / "commentary"
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name.startswith("."):
            continue
        rel = path.relative_to(folder)
        if rel.as_posix() in DATA_FILES or (rel.parts[0] in DATA_FOLDERS and path.suffix == ".yml"):
            continue
        report.add(d.FILE_IGNORED, "not a note (.md) or a commentary data file; no build reads it", Location(path.relative_to(root).as_posix()))


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml, body, body_first_line) or None when the text has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in (FRONT_MATTER_FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def load_notes(root: Path, targets: Targets, themes: set[str], report: d.Report) -> list[Note]:
    notes: list[Note] = []
    seen_proposals: dict[str, Location] = {}
    report_unread_files(root, report)
    for path in discover_note_files(root):
        note = load_note(root, path, targets, themes, report)
        if note is None:
            continue
        for proposal in note.proposals:
            if proposal.id in seen_proposals:
                report.add(d.DUPLICATE_ID, f"proposal id '{proposal.id}' is also used at {seen_proposals[proposal.id]}", proposal.location)
            else:
                seen_proposals[proposal.id] = proposal.location
        notes.append(note)
    return notes


def load_note(root: Path, path: Path, targets: Targets, themes: set[str], report: d.Report) -> Note | None:
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        report.add(d.PATH_OUTSIDE, f"{path} is outside the project", Location(str(path)))
        return None
    parts = rel.split("/")
    if parts[0] != "commentary" or len(parts) < 3:
        report.add(d.PATH_OUTSIDE, "commentary notes live at commentary/<instrument>/<article or overview>/<name>.md", Location(rel))
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_NOTE_BYTES:
        report.add(d.FILE_TOO_LARGE, f"{len(raw) // 1024} KiB is over the {MAX_NOTE_BYTES // 1024} KiB limit for one note", Location(rel, 1))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(d.FILE_NOT_UTF8, f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8", Location(rel, line))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        report.add(d.FILE_EMPTY, "the file is empty", Location(rel, 1))
        return None
    split = split_front_matter(text)
    if split is None:
        report.add(d.FRONT_MATTER_MISSING, "no front matter: the first line must be '---' and the front matter must end with '---'", Location(rel, 1))
        return None
    yaml_text, body, body_line = split
    try:
        doc = load_yaml(yaml_text, line_offset=1)
    except YamlError as exc:
        report.add(d.YAML_SYNTAX, exc.message, Location(rel, exc.line, exc.column))
        return None
    if not isinstance(doc.data, dict):
        report.add(d.FIELD_TYPE, "the front matter must be a mapping of fields (name: value)", Location(rel, 2))
        return None
    for key_path, line, column in doc.duplicate_keys:
        report.add(d.YAML_SYNTAX, f"'{key_path[-1]}' appears twice; the second value would silently win", Location(rel, line, column))
    data = _dates_to_text(doc.data)
    if not _validate(data, doc, rel, report):
        return None

    note_id = rel.removeprefix("commentary/").removesuffix(".md")
    instrument_id = data.get("instrument") or parts[1]
    instrument = targets.instruments.get(instrument_id)
    if instrument is None:
        report.add(d.INSTRUMENT_UNKNOWN, f"no text '{instrument_id}' under content/ (known: {', '.join(targets.instruments)})", Location(rel, doc.line_of("instrument") if "instrument" in data else 1))
        return None
    target_line = doc.line_of("target")
    resolved = resolve_target(data["target"], instrument, targets, Location(rel, target_line), report)
    if resolved is None:
        return None
    target, entry = resolved
    unknown_themes = [t for t in data["themes"] if t not in themes]
    for theme in unknown_themes:
        index = data["themes"].index(theme)
        report.add(d.THEME_UNKNOWN, f"theme '{theme}' is not in the vocabulary ({', '.join(sorted(themes))})", Location(rel, *doc.position_of("themes", index)))
    note = Note(
        id=note_id,
        path=rel,
        title=data["title"],
        instrument_id=instrument.id,
        target=target,
        target_as_written=data["target"],
        draft=data.get("draft"),
        authors=[Author(a["name"], a.get("organisation")) for a in data["authors"]],
        date=dt.date.fromisoformat(data["date"]),
        themes=[t for t in data["themes"] if t not in unknown_themes],
        body=body,
        body_line=body_line,
        article_id=None if target == "overview" else _article_id(instrument, target),
        concordance_entry=entry,
        front_matter=data,
        location=Location(rel, 1),
    )
    yaml_lines = yaml_text.split("\n")
    note.proposals = [_proposal(raw, index, note, doc, rel, yaml_lines) for index, raw in enumerate(data.get("proposals") or [])]
    return note


def resolve_target(written: str, instrument: Instrument, targets: Targets, location: Location, report: d.Report):
    """(unit id or "overview", concordance entry or None), or None after reporting why not."""
    if written == "overview":
        return "overview", None
    if ":" in written:
        concordance_id, draft_ref = written.split(":", 1)
        concordance = targets.concordances.get(concordance_id)
        if concordance is None:
            report.add(d.CONCORDANCE_UNKNOWN, f"no concordance '{concordance_id}' (known: {', '.join(targets.concordances) or 'none'})", location)
            return None
        entry = concordance.lookup(draft_ref)
        if entry is None:
            known = ", ".join(e.draft_ref for e in concordance.entries)
            report.add(d.CONCORDANCE_UNKNOWN, f"{concordance.from_document} art {draft_ref} is not in the concordance (known: {known})", location)
            return None
        if entry.target is None:
            report.add(d.NO_COUNTERPART, f"{concordance.from_document} art {draft_ref} ({entry.draft_title}) has no counterpart in the adopted text", location)
            return None
        return entry.target, entry
    if written not in instrument.index:
        report.add(d.TARGET_UNKNOWN, f"'{written}' is not a provision of {instrument.short_title}", location, hint=_suggest(written, instrument))
        return None
    return written, None


def _suggest(written: str, instrument: Instrument) -> str:
    prefix = written
    while prefix and prefix not in instrument.index:
        prefix = prefix.rpartition("-")[0]
    if prefix:
        children = [k for k in instrument.index if k.startswith(prefix + "-") and k.count("-") == prefix.count("-") + 1]
        if children:
            shown = ", ".join(children[:12]) + (" …" if len(children) > 12 else "")
            return f"'{prefix}' exists; its parts are: {shown}"
        return f"did you mean '{prefix}'?"
    return d.CODES[d.TARGET_UNKNOWN].fix


def _article_id(instrument: Instrument, unit_id: str) -> str | None:
    article = instrument.article_of(unit_id)
    return article.id if article else None


def _proposal(raw: dict, index: int, note: Note, doc: YamlDoc, rel: str, yaml_lines: list[str]) -> Proposal:
    where = ("proposals", index)
    edits = [
        Edit(
            op=e["op"],
            target=e["target"],
            quote=e.get("quote"),
            text=e.get("text"),
            occurrence=e.get("occurrence"),
            num=e.get("num"),
            location=Location(rel, *doc.position_of(*where, "edits", edit_index)),
        )
        for edit_index, e in enumerate(raw["edits"])
    ]
    return Proposal(
        id=raw["id"],
        title=raw["title"],
        proponent=raw["proponent"],
        date=dt.date.fromisoformat(raw["date"]),
        rationale=raw["rationale"],
        edits=edits,
        label=raw.get("label"),
        location=Location(rel, *doc.position_of(*where)),
        note=note,
        rationale_line=_text_first_line(yaml_lines, doc.position_of(*where, "rationale")),
    )


def _text_first_line(yaml_lines: list[str], position: tuple[int, int]) -> int:
    """The file line where a scalar's text starts: the next line after a '|' or '>' block indicator."""
    line, column = position
    indicator = yaml_lines[line - 2][column - 1 : column] if 2 <= line <= len(yaml_lines) + 1 else ""
    return line + 1 if indicator in ("|", ">") else line


def _dates_to_text(value):
    # YAML turns 2023-05-01 into a date; the schema speaks JSON, where dates are strings.
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def _validate(data: dict, doc: YamlDoc, rel: str, report: d.Report) -> bool:
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            report.add(d.FIELD_MISSING, f"'{missing}' is required{_where(path)}", Location(rel, *doc.position_of(*path)) if path else Location(rel, 2))
        elif error.validator == "additionalProperties":
            for key in _unexpected_keys(error):
                report.add(d.FIELD_UNKNOWN, f"'{key}' is not a field of the format{_where(path)}", Location(rel, *doc.position_of(*path, key, "__key__")))
        elif error.validator == "enum" and path and path[-1] == "op":
            report.add(d.EDIT_OP_UNKNOWN, f"op '{error.instance}' is not one of {', '.join(error.validator_value)}", Location(rel, *doc.position_of(*path)))
        else:
            report.add(d.FIELD_TYPE, f"{_field_name(path)}: {_explain(error)}", Location(rel, *doc.position_of(*path)))
    return not errors


def _unexpected_keys(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [k for k in error.instance if k not in allowed]


def _where(path: tuple) -> str:
    return f" in {_field_name(path)}" if path else ""


def _field_name(path: tuple) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "front matter"


def _explain(error) -> str:
    if error.validator == "type":
        return f"expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    if error.validator == "format":
        return f"{error.instance!r} is not a valid {error.validator_value} (write YYYY-MM-DD)"
    if error.validator == "minItems":
        return "must have at least one entry"
    if error.validator == "pattern":
        return f"{error.instance!r} is not in the expected form"
    return error.message
