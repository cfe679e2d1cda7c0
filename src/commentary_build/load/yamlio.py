"""YAML with line numbers.

PyYAML's libyaml-backed composer is fast and keeps every node's position; walking
the node graph ourselves gives plain Python values plus a map from each value's
path to its line, so a checker can point at the exact line of a bad field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml is ten times faster; fall back quietly where it is not compiled in.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


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


def load_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document. ``line_offset`` shifts lines when the YAML sits inside a larger file."""
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
        raise YamlError(problem, line, column) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports most errors as marked
        raise YamlError(str(exc), line_offset + 1) from None
    finally:
        loader.dispose()
    doc = YamlDoc(data=None)
    if node is None:
        return doc
    builder = _Builder(loader, doc, line_offset)
    doc.data = builder.build(node, ())
    return doc


class _Builder:
    def __init__(self, loader, doc: YamlDoc, line_offset: int):
        self.loader = loader
        self.doc = doc
        self.line_offset = line_offset

    def build(self, node, path: Path):
        self.doc.positions[path] = (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    key = str(key)
                if key in result:
                    self.doc.duplicate_keys.append((path + (key,), key_node.start_mark.line + 1 + self.line_offset, key_node.start_mark.column + 1))
                result[key] = self.build(value_node, path + (key,))
                # A key's own line is the best place to point at when its value is wrong or missing.
                self.doc.positions.setdefault(path + (key, "__key__"), (key_node.start_mark.line + 1 + self.line_offset, key_node.start_mark.column + 1))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def dump_yaml(data: Any) -> str:
    """Stable, readable YAML for files the tools write (imported text, scaffolds)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str):
    # Long wording reads best folded; short values stay plain so the files diff cleanly.
    style = None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
