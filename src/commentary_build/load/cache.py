"""Where build caches live, and how an entry is written and read back without being trusted.

Caches (the word-level comparisons of two texts, the PDF layouts) hold work a build can
always redo. They live **outside the checkout**, in the user's cache folder, so nothing a
pull request commits can be read back as a cached result and published: the folder is
``$TREATY_COMMENTARY_CACHE`` when set (``commentary --cache-dir`` sets it), else the
``cache_dir`` option of the MkDocs plugin, else ``$XDG_CACHE_HOME/treaty-commentary``, else
``~/.cache/treaty-commentary``. ``$TREATY_COMMENTARY_PDF_CACHE``, the older name, still
names the folder of the PDF layouts alone.

An entry is keyed by its full input and by the version of the code that made it (the
package's version and a hash of the modules' source), and it is verified when read: it
carries the key it was made for and a SHA-256 of each of its parts, so a truncated, mixed
or corrupt file reads as a miss and is made again. Writes go to a temporary file renamed
into place, so builds sharing the folder (several worktrees, ``pytest -n 2``) see an entry
whole or not at all. Only the user (or a process running as the user) may be able to write the
folder; that, not the digests, is what keeps a forged entry out, so every cache (parsed inputs,
comparisons, PDF layouts) reads and writes nothing in a folder ``not_private`` refuses (W084),
and a CI cache must never be shared from jobs that build untrusted pull requests into jobs that publish.

The pure transformations never touch the disk: ``ComparisonStore`` reads and writes what
``transform.compare.ComparisonCache`` keeps, and the exports use the entry functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from .. import package_version

ENVIRONMENT_VARIABLE = "TREATY_COMMENTARY_CACHE"
PDF_ENVIRONMENT_VARIABLE = "TREATY_COMMENTARY_PDF_CACHE"
FOLDER_NAME = "treaty-commentary"
# Folder names that hold caches wherever they sit in a project: a file git tracks under one is an error (C080).
CACHE_FOLDER_NAMES = (".cache", ".pytest_cache")

_MAGIC = b"treaty-commentary cache entry 1\n"


def cache_root(configured: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder build caches live in (see the module's text); None when none can be named (no home folder).
    ``configured``: the plugin's ``cache_dir``; the environment (and ``--cache-dir``, which sets it) overrides it,
    as a machine's setting overrides a project's."""
    named = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser().absolute()
    if configured:
        return Path(configured).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative value is invalid and ignored
        return Path(xdg) / FOLDER_NAME
    try:
        return Path.home() / ".cache" / FOLDER_NAME
    except RuntimeError:  # no HOME and no password entry: build without caches
        return None


def pdf_cache_folder(root: Path | None) -> Path | None:
    """The PDF layouts' folder: ``$TREATY_COMMENTARY_PDF_CACHE`` when set, else ``pdf/`` under ``root``."""
    named = os.environ.get(PDF_ENVIRONMENT_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser().absolute()
    return root / "pdf" if root is not None else None


def code_version(*sources: str | os.PathLike[str]) -> str:
    """The package's version and a hash of the given source files: what an entry made by that code is keyed with."""
    package = package_version()
    digest = hashlib.sha256(package.encode("utf-8") + b"\0")
    for source in sources:
        digest.update(Path(source).read_bytes())
        digest.update(b"\0")
    return f"{package}+{digest.hexdigest()[:16]}"


def shown(path: Path) -> str:
    """A cache path as messages print it: the home folder as "~", so a build log or report names no user."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


def not_private(folder: Path) -> str | None:
    """Why entries in ``folder`` could have been written by another user, or None: it, or the cache folder holding it,
    belongs to someone else or can be written by others (or by a group other than the user's own). The digests of an
    entry find damage, not forgery: whoever can write the folder can write a well-formed entry, so only the user's own
    folder is read. A folder not made yet is passed over (the build makes it, as the user)."""
    if not hasattr(os, "getuid"):  # no POSIX owners (Windows): the user's profile folder is private by default
        return None
    user = os.getuid()
    for path in (folder, folder.parent):
        try:
            status = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):  # not made yet, or a file in its way (writing says so: W074)
            continue
        except OSError as exc:
            return f"{shown(path)} cannot be examined ({exc.strerror or exc})"
        if status.st_uid != user:
            return f"{shown(path)} belongs to another user"
        # Group write counts only for a group other than the user's own: with one group per user (Debian's and
        # Ubuntu's default, umask 002) a folder the user made is group-writable and still private.
        if status.st_mode & 0o002 or (status.st_mode & 0o020 and status.st_gid != os.getgid()):
            return f"{shown(path)} can be written by other users"
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file renamed into place; raises OSError (read-only folder, disk full)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def pack_entry(key: str, header: dict[str, Any], parts: list[bytes]) -> bytes:
    """One entry as bytes: a header naming its key and each part's size and SHA-256, the header's own SHA-256, then the parts."""
    meta = {**header, "key": key, "parts": [[len(part), hashlib.sha256(part).hexdigest()] for part in parts]}
    text = json.dumps(meta, sort_keys=True, ensure_ascii=True, allow_nan=False).encode("ascii")
    return _MAGIC + text + b"\n" + hashlib.sha256(text).hexdigest().encode("ascii") + b"\n" + b"".join(parts)


def unpack_entry(data: bytes, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
    """The header and parts of an entry made for ``key``, or None when it is for another key, cut short or altered."""
    if not data.startswith(_MAGIC):
        return None
    end = data.find(b"\n", len(_MAGIC))
    check_end = data.find(b"\n", end + 1) if end >= 0 else -1
    if check_end < 0:
        return None
    text = data[len(_MAGIC) : end]
    if hashlib.sha256(text).hexdigest().encode("ascii") != data[end + 1 : check_end]:
        return None
    try:
        meta = json.loads(text)
    except ValueError:
        return None
    if not isinstance(meta, dict) or meta.get("key") != key or not isinstance(meta.get("parts"), list):
        return None
    parts: list[bytes] = []
    position = check_end + 1
    for item in meta["parts"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], int) and item[0] >= 0 and isinstance(item[1], str)):
            return None
        size, digest = item
        part = data[position : position + size]
        if len(part) != size or hashlib.sha256(part).hexdigest() != digest:
            return None
        parts.append(part)
        position += size
    if position != len(data):
        return None
    return meta, parts


def read_entry(path: Path, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
    """``unpack_entry`` of the file at ``path``; None when it is missing or unreadable too."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return unpack_entry(data, key)


def touch(path: Path) -> None:
    """Mark an entry as used (pruning keeps recently used ones); a read-only cache stays as it is."""
    try:
        os.utime(path)
    except OSError:
        pass


class ComparisonStore:
    """The comparison files (``transform.compare``) in one folder: JSON read and written whole. A folder someone
    else could write (``not_private``) is neither read nor written: a stored comparison is checked to spell its two
    texts, but a forged one could still mark unchanged words as deleted and inserted again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.error: str | None = None  # why the last write failed
        self.refused = not_private(folder)  # why the folder is not used at all

    def load(self, name: str) -> Any:
        """The stored data of ``name``, or None when missing or unreadable (half-written by a crashed build, not JSON)."""
        if self.refused:
            return None
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, name: str, data: Any) -> None:
        if self.refused:
            return
        try:
            write_atomic(self.folder / name, json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8"))
        except OSError as exc:
            self.error = exc.strerror or str(exc)
            return
        prune(self.folder, "*", _COMPARISON_FILE)

    def used(self, name: str) -> None:
        if not self.refused:
            touch(self.folder / name)


_COMPARISON_FILE = re.compile(r"[0-9a-f]{32}\.json")
# Entries unused this long are removed (a text no longer built, a layout of an older version).
MAX_AGE_SECONDS = 30 * 24 * 3600


def prune(folder: Path, pattern: str, name: re.Pattern[str], max_bytes: int | None = None) -> None:
    """Remove the entries under ``folder`` (``pattern``, and only files whose name ``name`` matches, so a folder
    named by mistake loses nothing else) unused for 30 days, and the least recently used beyond ``max_bytes``;
    and temporary files that a crashed build left behind."""
    found = []
    now = time.time()
    try:
        for path in folder.glob(pattern):
            try:
                stat = path.stat()
            except OSError:  # removed or replaced by another build meanwhile
                continue
            if name.fullmatch(path.name):
                found.append((stat.st_mtime, stat.st_size, path))
            elif _TEMPORARY.fullmatch(path.name) and now - stat.st_mtime > _TEMPORARY_AGE_SECONDS:
                _remove(path)
    except OSError:
        return
    found.sort(reverse=True)
    total = 0
    for mtime, size, path in found:
        total += size
        if now - mtime > MAX_AGE_SECONDS or (max_bytes is not None and total > max_bytes):
            _remove(path)


# What ``write_atomic`` names a file while writing it; one older than an hour belongs to a build that died.
_TEMPORARY = re.compile(r"\..+\.tmp")
_TEMPORARY_AGE_SECONDS = 3600


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
