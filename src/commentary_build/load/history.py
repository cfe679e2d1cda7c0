"""Who contributed a page's commentary and when it last changed, from the git history.

A generated page must never show the build time as its date, so the only source is
git. The whole commentary folder is read with one `git log` per build (plus one call
for the repository's state and one for uncommitted files), never one process per page:
the cost stays flat however many articles there are. In a shallow clone the oldest
commits are missing, so names and dates would be wrong; there, and outside git, the
history is reported as unavailable rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .git import run_git

UNKNOWN_DATE = "Date of last change unknown (no full git history)"
_FIELD = "\x1f"  # cannot occur in a name or a date
_COMMIT = "\x1e"


@dataclass(frozen=True)
class FileHistory:
    # Commit authors' addresses, earliest contribution first. Only addresses: a commit's name
    # is whatever the committer's git was set to, and pages name people only through the
    # edition's list of contributors.
    authors: tuple[str, ...]
    last_changed: dt.date | None


@dataclass(frozen=True)
class PageProvenance:
    authors: tuple[str, ...]  # names of listed contributors only
    last_changed: dt.date | None
    uncommitted: bool  # some of the page's files differ from the last commit or were never committed
    available: bool  # False outside git or in a shallow clone


@dataclass
class History:
    available: bool
    reason: str = ""  # why it is not available
    files: dict[str, FileHistory] = field(default_factory=dict)  # path relative to the project root
    dirty: frozenset[str] = frozenset()  # paths with uncommitted changes (or untracked)
    seconds: float = 0.0  # how long reading it took, for the build report

    def of(self, paths: Iterable[str], name_of: Callable[[str], str | None] = lambda email: None) -> PageProvenance:
        """The provenance of a page made from ``paths``; ``name_of`` maps an author's address to a
        published name, and authors it does not know are left out."""
        paths = list(paths)
        if not self.available:
            return PageProvenance((), None, False, False)
        authors: list[str] = []
        dates = []
        for path in paths:
            record = self.files.get(path)
            if record is None:
                continue
            for email in record.authors:
                name = name_of(email)
                if name and name not in authors:
                    authors.append(name)
            if record.last_changed:
                dates.append(record.last_changed)
        uncommitted = any(p in self.dirty or p not in self.files for p in paths)
        return PageProvenance(tuple(authors), max(dates) if dates else None, uncommitted, True)


def read_history(root: Path, folder: str = "commentary") -> History:
    """The history of every file under ``root/folder``, from a single `git log`."""
    state = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if state is None:
        return History(False, "not a git repository, or git is not installed")
    shallow, _, prefix = state.partition("\n")
    if shallow.strip() == "true":
        return History(False, "shallow clone")
    log = run_git(root, "-c", "core.quotePath=false", "log", "--relative", "--name-only", "--no-renames", f"--format={_COMMIT}%ae{_FIELD}%aI", "--", folder)
    if log is None:
        return History(False, "git log failed")
    status = run_git(root, "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--no-renames", "--", folder)
    return History(True, files=_parse_log(log), dirty=_parse_status(status or "", prefix.strip()))


def _parse_log(log: str) -> dict[str, FileHistory]:
    # Newest commit first, so a file's first date is its last change and authors are reversed at the end.
    authors: dict[str, list[str]] = {}
    last: dict[str, dt.date] = {}
    for block in log.split(_COMMIT)[1:]:
        header, _, names = block.partition("\n")
        author, _, stamp = header.partition(_FIELD)
        when = dt.datetime.fromisoformat(stamp.strip()).date()
        for name in filter(None, (n.strip() for n in names.splitlines())):
            seen = authors.setdefault(name, [])
            if author not in seen:
                seen.append(author)
            if name not in last or when > last[name]:
                last[name] = when
    return {name: FileHistory(tuple(reversed(names)), last.get(name)) for name, names in authors.items()}


def _parse_status(status: str, prefix: str) -> frozenset[str]:
    # Porcelain paths are relative to the repository's top, not to the project folder.
    return frozenset(line[3:].strip().strip('"').removeprefix(prefix) for line in status.splitlines() if line.strip())

