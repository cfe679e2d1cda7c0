"""The format reference, generated from the same schemas the checker validates with.

``format_rows(kind)`` turns the schema of one kind of input into the rows of a table
(field, type, required, meaning, example), one per field at every level, so a page can
show every format and never drift from the checks. ``INPUT_FORMATS`` lists the kinds,
with where their files live, in the order a contributor meets them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .inputs import plural_noun
from .schema_files import schema


@dataclass(frozen=True)
class InputFormat:
    kind: str  # the schema's name: load/schemas/<kind>.schema.yml
    title: str
    files: str  # where files of this kind live


@dataclass(frozen=True)
class FormatRow:
    field: str  # "proposals[].edits[].op"; "<text id>" for a key the file chooses
    type: str  # "text", "list of theme ids", "one of: a, b", "date (YYYY-MM-DD)"
    required: bool
    meaning: str
    example: str | None  # the first example, as JSON (which is also valid YAML)


INPUT_FORMATS: tuple[InputFormat, ...] = (
    InputFormat("note", "Commentary note (front matter)", "commentary/<text>/<article id or overview>/<name>.md"),
    InputFormat("themes", "Theme vocabulary", "commentary/themes.yml"),
    InputFormat("bibliography", "Bibliography (CSL-YAML)", "commentary/bibliography.yaml"),
    InputFormat("edition", "The edition: title, editors, licence, sources", "commentary/edition.yml"),
    InputFormat("recommendations", "Recommendations of a report", "commentary/recommendations/<source>.yml"),
    InputFormat("concordance", "Draft concordance", "content/<text>/concordances/<id>.yml"),
    InputFormat("instrument-concordance", "Concordance between two texts", "content/<text>/instrument-concordances/<id>.yml"),
    InputFormat("instrument", "Text metadata and import profile", "content/<text>/instrument.yml"),
    InputFormat("text-front", "Title and preamble of a text", "content/<text>/text/front.yml"),
    InputFormat("text-divisions", "Chapters, sections and titles", "content/<text>/text/divisions.yml"),
    InputFormat("text-article", "An article", "content/<text>/text/articles/art-NNN.yml"),
    InputFormat("text-final", "Final clauses and footnotes", "content/<text>/text/final.yml"),
    InputFormat("text-notes", "Interpretative notes", "content/<text>/text/notes.yml"),
)


def format_rows(kind: str) -> list[FormatRow]:
    """Every field of the input ``kind`` (a name from ``INPUT_FORMATS``), depth first, in schema order."""
    root = schema(kind)
    rows: list[FormatRow] = []
    _walk(root, root, "", rows, frozenset())
    return rows


def _resolve(root: dict, node: dict) -> tuple[dict, str | None, dict]:
    """Follow a local or sibling-file $ref (keeping the referring node's own description).

    Returns the node, the reference as an absolute key (file and pointer) or None, and the
    schema the node belongs to (where its own local references resolve).
    """
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not ref:
        return node, None, root
    file_part, _, pointer = str(ref).partition("#")
    new_root = schema(file_part.removesuffix(".schema.yml")) if file_part else root
    target: Any = new_root
    for part in [p for p in pointer.split("/") if p]:
        target = target[part]
    key = f"{new_root.get('$id', '')}#{pointer}"
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}, key, new_root


def _walk(root: dict, node: dict, prefix: str, rows: list[FormatRow], expanding: frozenset[str]) -> None:
    """Rows for the fields inside ``node`` (an object, or a list of objects); a recursive $ref is described once."""
    node, ref, root = _resolve(root, node)
    if ref in expanding:
        return
    expanding = expanding | ({ref} if ref else set())
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        _walk(root, node["items"], prefix + "[]", rows, expanding)
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", []))
        for name, raw in properties.items():
            spec, _, spec_root = _resolve(root, raw)
            if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
                spec = {**spec, "items": _resolve(spec_root, spec["items"])[0]}
            path = f"{prefix}.{name}" if prefix else name
            rows.append(_row(path, spec, name in required))
            _walk(root, raw, path, rows, expanding)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        name = f"<{_key_name(extra)}>"
        rows.append(_row(f"{prefix}.{name}" if prefix else name, extra, False))


def _key_name(spec: dict) -> str:
    title = str(spec.get("title", "key"))
    return "text id" if "unit id" in title else title


def _row(path: str, spec: dict, required: bool) -> FormatRow:
    examples = spec.get("examples")
    example = json.dumps(examples[0], ensure_ascii=False, allow_nan=False) if isinstance(examples, list) and examples else None
    return FormatRow(path, type_of(spec), required, " ".join(str(spec.get("description", "")).split()), example)


def type_of(spec: dict) -> str:
    """A schema's type in the words of the format reference."""
    if "enum" in spec:
        return "one of: " + ", ".join(map(str, spec["enum"]))
    if "anyOf" in spec or "oneOf" in spec:
        return str(spec.get("title", "see meaning"))
    kind = spec.get("type", "")
    if isinstance(kind, list):
        return " or ".join(type_of({**spec, "type": k}) for k in kind if k != "null") + (" (or null)" if "null" in kind else "")
    if kind == "array":
        item = spec.get("items", {})
        if isinstance(item, dict) and item.get("title"):
            return f"list of {plural_noun(str(item['title']))}"
        inner = "object" if isinstance(item, dict) and ("$ref" in item or item.get("type") == "object") else (item.get("type", "value") if isinstance(item, dict) else "value")
        return f"list of {inner}s"
    if spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    words = {"string": "text", "integer": "whole number", "boolean": "true or false", "object": "mapping", "number": "number"}.get(str(kind), str(kind) or "value")
    if kind == "string" and spec.get("format") == "single-line":
        words = "one line of text"
    if kind == "string" and "maxLength" in spec:
        words += f" (at most {spec['maxLength']} characters)"
    return words
