"""The project's git history as one build reads it: one `git log`, and which inputs differ from the last commit.

``load.git.read_git_log`` fills it once per build (``Project.git``); the contributors and
dates of pages (``load.history``), the dates of notes and proposals in the feeds
(``load.changes``) and the revision of the build (``load.settings``) are all derived from
it, so no other module runs `git log`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Commit:
    hash: str
    author_email: str
    author_date: _dt.datetime
    committer_date: _dt.datetime  # with its offset
    files: tuple[str, ...]  # paths under the project root that the commit changed (content/ and commentary/ only)


@dataclass(frozen=True)
class GitLog:
    available: bool
    reason: str = ""  # why it is not available (outside git, shallow clone, git failed)
    head: str | None = None  # full hash of HEAD, also in a shallow clone (where only the history is incomplete)
    head_time: _dt.datetime | None = None  # HEAD's committer time (UTC)
    commits: tuple[Commit, ...] = ()  # newest first, only those that changed content/ or commentary/
    dirty: frozenset[str] = frozenset()  # paths under content/ and commentary/ with uncommitted changes (or untracked)
    seconds: float = field(default=0.0, compare=False)  # how long reading it took, for the build report
    # Dates of commits that were out of range (a wrong clock) and were brought into it:
    # (hash, "author" or "committer", the date as git gave it, why).
    implausible: tuple[tuple[str, str, str, str], ...] = ()


def no_history(reason: str) -> GitLog:
    return GitLog(False, reason)
