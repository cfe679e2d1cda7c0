"""Parsing and schema validation, remembered by content: an unchanged input costs neither again.

Every build reads every input, and nearly all of them are the bytes of the last build. Parsing
(YAML with the position of every value) and validation against the JSON Schemas (jsonschema, in
pure Python) are most of what loading costs, so while a ``remembering`` block is active (``load_project``
opens one) ``inputs.parse_yaml`` and ``inputs.validate`` keep what they found, keyed by exactly
what decides it:

- a **parse** by the SHA-256 of the text, the line offset and node limit it was parsed with, and the
  parser's version (the source of ``yamlio.py``, ``inputs.py`` and ``model/characters.py``, PyYAML's
  version and whether libyaml did the work). Only a parse that succeeded is kept: a file with a
  YAML error is parsed again on every build, so its message is always the parser's own.
- a **validation** by the SHA-256 of the data (JSON, which keeps a number, a string and a boolean
  apart; anything but plain YAML values is never remembered), the kind of input, every schema file
  and the validator's version (the same sources, and jsonschema's, referencing's and regress's
  versions). Only the verdict "valid, nothing to say" is kept. Data with an error or a warning is
  validated again on every build, so a remembered verdict never stands in for a message, and no
  change to a file, a schema or the validator can make a verdict made for other content apply.

What is kept lives in memory for the process (``mkdocs serve`` rebuilds after every save; a bounded
store of text, decoded afresh on each use, so no build can alter what the next one gets) and in
``inputs/`` of the build cache folder (``load/cache.py``: the user's cache, outside the checkout,
each entry carrying its key and the SHA-256 of its content, verified when read). A cache folder
inside the project is never read from here, whatever named it: the checkout decides nothing. Nor
is a folder another user can write (``not_private``, W084): an entry's digests find damage, not forgery.
Entries are pruned 30 days after they were written (an unchanged file is then parsed once more)
and beyond ``MAX_FOLDER_BYTES``.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from .cache import code_version as _code_version
from .cache import not_private, pack_entry, prune, read_entry, write_atomic
from .yamlio import YamlDoc

FOLDER_NAME = "inputs"
# The parses of the shipped project take about 1 MB of JSON, those of 1000 articles about 6 MB.
MAX_FOLDER_BYTES = 256 * 1024 * 1024
# What the process keeps in memory: the characters of the encoded parses, and verdicts.
MAX_MEMORY_CHARACTERS = 64 * 1024 * 1024
MAX_VERDICTS = 200_000

_ENTRY_NAME = re.compile(r"[0-9a-f]{64}")
_VERDICTS_NAME = re.compile(r"valid-[0-9a-f]{16}")
_HERE = Path(__file__).resolve().parent


@functools.cache
def parser_version() -> str:
    """What a remembered parse is keyed with besides its text: the code that parses, and the library under it."""
    engine = "libyaml" if getattr(yaml, "CSafeLoader", None) is not None else "pure-python"
    return f"{_code_version(_HERE / 'yamlio.py', _HERE / 'inputs.py', _HERE.parent / 'model' / 'characters.py')}+pyyaml-{yaml.__version__}-{engine}"


@functools.cache
def validator_version() -> str:
    """What a remembered verdict is keyed with besides the data: every schema, the code that validates, its libraries."""
    schemas = sorted((_HERE / "schemas").glob("*.schema.yml"))
    libraries = "+".join(f"{name}-{_library_version(name)}" for name in ("jsonschema", "referencing", "regress"))
    return f"{_code_version(_HERE / 'inputs.py', _HERE.parent / 'model' / 'characters.py', *schemas)}+{libraries}"


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def parse_key(text: str, line_offset: int, max_nodes: int | None) -> str:
    digest = hashlib.sha256(f"parse\0{parser_version()}\0{line_offset}\0{max_nodes}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def verdict_key(kind: str, data: Any) -> str | None:
    """The key of "``data`` is valid as ``kind``", or None for data that is not plain YAML values (never remembered)."""
    if not _plain(data):
        return None
    try:
        encoded = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    digest = hashlib.sha256(f"valid\0{validator_version()}\0{kind}\0".encode())
    digest.update(encoded.encode("ascii"))
    return digest.hexdigest()


_SCALARS = (str, int, float, bool, type(None))


def _plain(data: Any) -> bool:
    """True when ``data`` holds only what the YAML reader makes (exact types: a tuple or a ``str`` subclass would
    encode like a list or a string in JSON yet validate differently)."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    return False
                stack.append(item)
        elif kind is list:
            stack.extend(value)
        elif kind not in _SCALARS:
            return False
    return True


# --------------------------------------------------------------------------- encoding a parse


def encode(doc: YamlDoc) -> str | None:
    """A parse as JSON text, or None when it holds something JSON cannot keep exactly (never the case for YAML's values)."""
    if not _plain(doc.data):
        return None
    try:
        return json.dumps(
            {
                "data": doc.data,
                "positions": [[list(path), line, column] for path, (line, column) in doc.positions.items()],
                "duplicates": [[list(path), line, column] for path, line, column in doc.duplicate_keys],
            },
            ensure_ascii=True, allow_nan=False, separators=(",", ":"),
        )
    except (TypeError, ValueError, RecursionError):
        return None


def decode(text: str) -> YamlDoc | None:
    """A fresh ``YamlDoc`` from ``encode``'s text (new objects every time), or None when the text is not one."""
    try:
        raw = json.loads(text)
        positions = {tuple(path): (line, column) for path, line, column in raw["positions"]}
        duplicates = [(tuple(path), line, column) for path, line, column in raw["duplicates"]]
        return YamlDoc(raw["data"], positions, duplicates)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


# --------------------------------------------------------------------------- the process's memory


class _Memory:
    """Encoded parses (least recently used dropped first) and valid verdicts, shared by every build of the process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.parses: OrderedDict[str, str] = OrderedDict()
        self.characters = 0
        self.verdicts: set[str] = set()

    def parse(self, key: str) -> str | None:
        with self.lock:
            text = self.parses.get(key)
            if text is not None:
                self.parses.move_to_end(key)
            return text

    def keep_parse(self, key: str, text: str) -> None:
        with self.lock:
            if key in self.parses:
                return
            self.parses[key] = text
            self.characters += len(text)
            while self.characters > MAX_MEMORY_CHARACTERS and len(self.parses) > 1:
                _key, dropped = self.parses.popitem(last=False)
                self.characters -= len(dropped)

    def keep_verdicts(self, keys: Iterator[str] | set[str] | list[str]) -> None:
        with self.lock:
            if len(self.verdicts) > MAX_VERDICTS:
                self.verdicts.clear()
            self.verdicts.update(keys)

    def clear(self) -> None:
        with self.lock:
            self.parses.clear()
            self.characters = 0
            self.verdicts.clear()


MEMORY = _Memory()


# --------------------------------------------------------------------------- one build's view


@dataclass
class Remembered:
    """What one build (one ``remembering`` block) reused and made; ``folder`` is None without a cache folder on disk."""

    folder: Path | None
    parses_reused: int = 0
    parses_made: int = 0
    verdicts_reused: int = 0
    verdicts_made: int = 0
    error: str | None = None  # why the folder could not be written
    refused: str | None = None  # why the folder was not used at all (someone else could write it)
    _disk_verdicts: set[str] | None = None
    _new_verdicts: list[str] = field(default_factory=list)
    _wrote: bool = False

    # -- parses
    def parse(self, text: str, line_offset: int, max_nodes: int | None, parse: Callable[[], YamlDoc]) -> YamlDoc:
        """The parse of ``text``: remembered, or made by ``parse`` (whose exceptions pass through, remembering nothing)."""
        key = parse_key(text, line_offset, max_nodes)
        encoded = MEMORY.parse(key)
        if encoded is None:
            encoded = self._read_parse(key)
            if encoded is not None:
                MEMORY.keep_parse(key, encoded)
        if encoded is not None:
            doc = decode(encoded)
            if doc is not None:
                self.parses_reused += 1
                return doc
        doc = parse()
        encoded = encode(doc)
        if encoded is not None:
            self.parses_made += 1
            MEMORY.keep_parse(key, encoded)
            self._write(key, encoded.encode("ascii"))
        return doc

    def _read_parse(self, key: str) -> str | None:
        if self.folder is None:
            return None
        entry = read_entry(self.folder / key, key)
        if entry is None:
            return None
        try:
            return entry[1][0].decode("ascii")
        except (IndexError, UnicodeDecodeError):
            return None

    # -- verdicts
    def valid(self, key: str) -> bool:
        if key in MEMORY.verdicts:
            self.verdicts_reused += 1
            return True
        if self._disk_verdicts is None:
            self._disk_verdicts = self._read_verdicts()
            MEMORY.keep_verdicts(self._disk_verdicts)
            if key in MEMORY.verdicts:
                self.verdicts_reused += 1
                return True
        return False

    def keep_valid(self, key: str) -> None:
        self.verdicts_made += 1
        MEMORY.keep_verdicts([key])
        self._new_verdicts.append(key)

    def _verdicts_path(self) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"valid-{hashlib.sha256(validator_version().encode()).hexdigest()[:16]}"

    def _verdicts_key(self) -> str:
        return f"verdicts\0{validator_version()}"

    def _read_verdicts(self) -> set[str]:
        path = self._verdicts_path()
        entry = read_entry(path, self._verdicts_key()) if path is not None else None
        if entry is None:
            return set()
        try:
            keys = entry[1][0].decode("ascii").split()
        except (IndexError, UnicodeDecodeError):
            return set()
        return {key for key in keys if _ENTRY_NAME.fullmatch(key)}

    # -- the folder
    def _write(self, name: str, part: bytes) -> None:
        if self.folder is None or self.error is not None:
            return
        try:
            write_atomic(self.folder / name, pack_entry(name, {"kind": "parse"}, [part]))
        except OSError as exc:
            self.error = exc.strerror or str(exc)
        else:
            self._wrote = True

    def finish(self) -> None:
        """Write the verdicts made in this build beside those already on disk (the newest kept), then prune once in a while."""
        path = self._verdicts_path()
        if path is not None and self._new_verdicts and self.error is None:
            # Read again: another build may have added some meanwhile (a verdict lost to a race is only validated again).
            keys = list(dict.fromkeys([*sorted(self._read_verdicts()), *self._new_verdicts]))[-MAX_VERDICTS:]
            try:
                write_atomic(path, pack_entry(self._verdicts_key(), {"kind": "verdicts"}, ["\n".join(keys).encode("ascii")]))
            except OSError as exc:
                self.error = exc.strerror or str(exc)
            else:
                self._wrote = True
        if self._wrote and self.folder is not None:
            _prune_once(self.folder)


@functools.cache
def _prune_once(folder: Path) -> None:
    """Pruning walks the whole folder: once per process is enough (a `serve` session writes an entry per save)."""
    prune(folder, "*", _ENTRY_NAME, max_bytes=MAX_FOLDER_BYTES)
    prune(folder, "valid-*", _VERDICTS_NAME)


_ACTIVE: contextvars.ContextVar[Remembered | None] = contextvars.ContextVar("treaty_commentary_remembered", default=None)


def active() -> Remembered | None:
    """The ``Remembered`` of the block the caller runs in, or None (then nothing is remembered or reused)."""
    return _ACTIVE.get()


def input_folder(cache_root: Path | None, project_root: Path) -> Path | None:
    """``inputs/`` under the build cache folder, or None when there is none or it lies inside the project
    (a folder in the checkout could hold entries a pull request committed)."""
    if cache_root is None:
        return None
    try:
        resolved = cache_root.resolve()
        root = project_root.resolve()
    except OSError:
        return None
    if resolved == root or root in resolved.parents:
        return None
    return resolved / FOLDER_NAME


@contextmanager
def remembering(folder: Path | None) -> Iterator[Remembered]:
    """Parses and verdicts inside the block are remembered and reused (in memory, and in ``folder`` when given and private)."""
    refused = not_private(folder) if folder is not None else None
    remembered = Remembered(None if refused else folder, refused=refused)
    token = _ACTIVE.set(remembered)
    try:
        yield remembered
    finally:
        _ACTIVE.reset(token)
        remembered.finish()
