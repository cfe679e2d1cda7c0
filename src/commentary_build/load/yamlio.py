"""YAML with line numbers, reduced to the plain data a contributor can mean.

PyYAML's libyaml-backed composer is fast and keeps every node's position; walking
the node graph ourselves gives plain Python values plus a map from each value's
path to its line, so a checker can point at the exact line of a bad field.

Contributor files are untrusted, so the walk accepts only what plain data needs
and refuses the rest with a ``YamlError`` at its line (never another exception):

* aliases (``*name``) and merge keys (``<<``): an alias makes one node appear in
  several places, which is how a few hundred bytes expand to gigabytes (nested
  aliases) or to a value that contains itself; written-out values cost nothing;
* tags other than the core ones (``!x``, ``!!binary``, ``!!set``, ``!!timestamp``);
* nesting deeper than ``MAX_DEPTH`` levels;
* a scalar its constructor cannot build (a number of thousands of digits);
* NaN and infinities (``.nan``, ``.inf``, ``1.0e+999``): no field means one, and JSON has none.

Dates stay text (``2023-02-30`` is the string "2023-02-30"): the schemas check them
with the ``date`` format and say what is wrong, instead of the YAML constructor
raising ``ValueError`` halfway through the file. Keys are the text as written, so
``1:``, ``yes:`` and ``null:`` are the names "1", "yes" and "null".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.characters import describe, find_control

# libyaml is ten times faster; fall back quietly where it is not compiled in.
_Base: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Deeper than any file of the format needs (a note is 5 levels, divisions about 8).
MAX_DEPTH = 50

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_TAG}timestamp"
_MERGE = f"{_TAG}merge"

Path = tuple


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """The safe loader without the implicit timestamp: an unquoted date is text for the schema to check."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    """YAML that cannot be read, or uses a feature plain data does not need (``refused``)."""

    def __init__(self, message: str, line: int, column: int = 0, refused: bool = False, too_many: bool = False, control: bool = False, not_finite: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.refused = refused
        self.too_many = too_many
        self.control = control  # a control character written as an escape ("\x0b", "\0", "\e")
        self.not_finite = not_finite


@dataclass
class YamlDoc:
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, int, int]] = field(default_factory=list)

    def line_of(self, *path: Any) -> int:
        return self.position_of(*path)[0]

    def position_of(self, *path: Any) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), (1, 1))


def load_yaml(text: str, line_offset: int = 0, max_nodes: int | None = None) -> YamlDoc:
    """Parse one YAML document. ``line_offset`` shifts lines when the YAML sits inside a larger file;
    past ``max_nodes`` values it stops with a ``YamlError`` (``too_many``)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        column = (mark.column + 1) if mark else 0
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}: {problem}"
        raise YamlError(_plain_words(problem, text, mark), line, column) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports most errors as marked
        raise YamlError(str(exc), line_offset + 1) from None
    finally:
        loader.dispose()
    doc = YamlDoc(data=None)
    if node is None:
        return doc
    builder = _Builder(loader, doc, line_offset, text, max_nodes)
    doc.data = builder.build(node, (), 0)
    return doc


def _plain_words(problem: str, text: str, mark) -> str:
    """libyaml's message, with the two causes a contributor cannot see named: a tab, and a stray character."""
    if mark is None:
        return problem
    index = getattr(mark, "index", None)
    lines = text.split("\n")
    line_text = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    at = text[index] if isinstance(index, int) and 0 <= index < len(text) else (line_text[mark.column : mark.column + 1] if mark.column < len(line_text) else "")
    if at == "\t" or ("tab" in problem and "\t" in line_text):
        return "a tab character: YAML is indented with spaces, never tabs (replace the tab with spaces)"
    if "\t" in line_text:
        return f"{problem} (this line contains a tab character; YAML is indented with spaces, never tabs)"
    return problem


class _Builder:
    def __init__(self, loader, doc: YamlDoc, line_offset: int, text: str, max_nodes: int | None = None):
        self.loader = loader
        self.doc = doc
        self.line_offset = line_offset
        self.text = text
        self.seen: set[int] = set()
        self.max_nodes = max_nodes

    def position(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def refuse(self, message: str, node) -> YamlError:
        line, column = self.position(node)
        return YamlError(message, line, column, refused=True)

    def build(self, node, path: Path, depth: int):
        if id(node) in self.seen:
            raise self.alias_error(node)
        self.seen.add(id(node))
        if self.max_nodes is not None and len(self.seen) > self.max_nodes:
            line, column = self.position(node)
            raise YamlError(f"more than {self.max_nodes:,} values (the limit is reached here); no file of this kind needs that many", line, column, too_many=True)
        if depth > MAX_DEPTH:
            raise self.refuse(f"the data is nested more than {MAX_DEPTH} levels deep; no field of the format needs that", node)
        self.doc.positions[path] = self.position(node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_TAG}map":
                raise self.refuse(f"the YAML tag {_show_tag(node.tag)} is not allowed; write a plain mapping", node)
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.key(key_node)
                if key in result:
                    self.doc.duplicate_keys.append((path + (key,), *self.position(key_node)))
                result[key] = self.build(value_node, path + (key,), depth + 1)
                # A key's own line is the best place to point at when its value is wrong or missing.
                self.doc.positions.setdefault(path + (key, "__key__"), self.position(key_node))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self.refuse(f"the YAML tag {_show_tag(node.tag)} is not allowed; write a plain list", node)
            return [self.build(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def key(self, node) -> str:
        if id(node) in self.seen:
            raise self.alias_error(node)
        self.seen.add(id(node))
        if node.tag == _MERGE:
            raise self.refuse("merge keys ('<<') are not allowed; write the fields out", node)
        if not isinstance(node, yaml.ScalarNode):
            raise self.refuse("a key must be a plain name, not a list or a mapping", node)
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(f"the YAML tag {_show_tag(node.tag)} is not allowed on a key", node)
        return self.no_control(str(node.value), node)

    def scalar(self, node):
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(f"the YAML tag {_show_tag(node.tag)} is not allowed; write a plain value (quote it if it is text)", node)
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception as exc:  # a number too long to convert, a malformed float …
            reason = "a number of thousands of digits" if "digits" in str(exc) else str(exc).split("\n")[0][:80]
            raise self.refuse(f"the value {_show_value(node.value)} cannot be read ({reason}); quote it if it is text", node) from None
        if isinstance(value, float) and not math.isfinite(value):
            # NaN and infinities mean nothing in any field, and JSON cannot carry them (``allow_nan=False`` everywhere).
            line, column = self.position(node)
            kind = "NaN (not a number)" if math.isnan(value) else "an infinity"
            raise YamlError(f"the value {_show_value(node.value)} is {kind}; write a finite number, or quote it if it is text", line, column, not_finite=True)
        return self.no_control(value, node) if isinstance(value, str) else value

    def no_control(self, value: str, node):
        """``value``, unless an escape in it wrote a character no input may hold (a raw one never gets this far)."""
        found = find_control(value)
        if found is None:
            return value
        line, column = self.position(node)
        raise YamlError(f"control character {describe(found.group(0))} in this value, written as an escape (such as \"\\x0b\", \"\\0\" or \"\\e\"), "
                        "is not allowed; the file is not read", line, column, control=True)

    def alias_error(self, node) -> YamlError:
        line, column = self._first_alias() or self.position(node)
        return YamlError(
            "YAML aliases ('*name') are not allowed: write the value out in full where it is needed",
            line, column, refused=True,
        )

    def _first_alias(self) -> tuple[int, int] | None:
        # Only on the error path: where the first alias is written, which the node graph no longer knows.
        try:
            for event in yaml.parse(self.text, Loader=_Loader):
                mark = event.start_mark if isinstance(event, yaml.AliasEvent) else None
                if mark is not None:
                    return mark.line + 1 + self.line_offset, mark.column + 1
        except yaml.YAMLError:
            return None
        return None


def _show_tag(tag: str) -> str:
    return f"'!!{tag[len(_TAG):]}'" if tag.startswith(_TAG) else f"'{tag[:60]}'"


def _show_value(value: str) -> str:
    return repr(value) if len(value) <= 40 else repr(value[:20] + "…" + value[-10:])


def dump_yaml(data: Any) -> str:
    """Stable, readable YAML for files the tools write (imported text, scaffolds)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        # The loader refuses aliases, so what the tools write never uses them: a value that
        # appears twice (the same list in two places) is written out twice.
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str):
    # Long wording reads best folded; short values stay plain so the files diff cleanly.
    style = None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
