"""Who contributed a page's commentary and when it last changed, from the git history.

A generated page must never show the build time as its date, so the only source is
git: the build's one reading of it (``load.git.read_git_log``), never one process per
page, so the cost stays flat however many articles there are. In a shallow clone the oldest
commits are missing, so names and dates would be wrong; there, and outside git, the
history is reported as unavailable rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model.gitlog import GitLog

UNKNOWN_DATE = "Date of last change unknown (no full git history)"


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


def history_from(log: GitLog, folder: str = "commentary") -> History:
    """The history of every file under ``folder``, from the build's one reading of git."""
    if not log.available:
        return History(False, log.reason, seconds=log.seconds)
    prefix = folder.rstrip("/") + "/"
    authors: dict[str, list[str]] = {}
    last: dict[str, dt.date] = {}
    # Newest commit first, so a file's first date is its last change and authors are reversed at the end.
    for commit in log.commits:
        when = commit.author_date.date()
        for name in commit.files:
            if not name.startswith(prefix):
                continue
            seen = authors.setdefault(name, [])
            if commit.author_email not in seen:
                seen.append(commit.author_email)
            if name not in last or when > last[name]:
                last[name] = when
    files = {name: FileHistory(tuple(reversed(names)), last.get(name)) for name, names in authors.items()}
    dirty = frozenset(path for path in log.dirty if path.startswith(prefix))
    return History(True, files=files, dirty=dirty, seconds=log.seconds)
