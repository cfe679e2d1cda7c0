"""The one place the engine asks git something: subprocesses that never raise and never hang.

Builds run outside git too (an unpacked release, a shallow CI clone), so every answer may
be None and the callers say what that means for readers.

A build reads git once (``read_git_log``): one `git rev-parse` for the repository's state,
one `git log` for the whole history (names of the files each commit changed under
content/ and commentary/, and HEAD's time even when HEAD changed neither), and one `git
status` for what differs from the last commit. The cost stays flat however many pages
there are. The contributors and dates of pages, the dates of the feeds and the build's
revision are all derived from that one reading (``model.gitlog.GitLog``).
"""

from __future__ import annotations

import datetime as _dt
import subprocess
import time
from pathlib import Path

from ..model.gitlog import Commit, GitLog, no_history
from .revision import out_of_range, plausible_time

INPUT_FOLDERS = ("content", "commentary")
_FIELD = "\x1f"  # cannot occur in an address, a hash or a date
_COMMIT = "\x1e"


def run_git(root: Path, *args: str, timeout: float = 60) -> str | None:
    """Standard output of `git -C root args…`, or None when git is missing, fails or times out."""
    try:
        # UTF-8 whatever the locale, and a name that is not UTF-8 (git prints it raw) never raises: it reads with U+FFFD.
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_git_log(root: Path) -> GitLog:
    """The history of the project at ``root`` (relative paths), HEAD, and the inputs that differ from it."""
    started = time.perf_counter()
    log = _read(root)
    return GitLog(log.available, log.reason, log.head, log.head_time, log.commits, log.dirty, round(time.perf_counter() - started, 4), log.implausible)


def _read(root: Path) -> GitLog:
    state = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix", timeout=10)
    if state is None:
        return no_history("not a git repository, or git is not installed")
    shallow, _, prefix = state.partition("\n")
    # --relative: names relative to the project folder, which may lie inside a larger repository.
    # No pathspec, so that HEAD is the first entry even when it changed no input.
    log = run_git(root, "-c", "core.quotePath=false", "log", "--relative", "--name-only", "--no-renames",
                  f"--format={_COMMIT}%H{_FIELD}%ae{_FIELD}%aI{_FIELD}%cI")
    if log is None:
        return no_history("git log failed (a repository without commits?)")
    implausible: list[tuple[str, str, str, str]] = []
    commits = _parse_log(log, implausible)
    if not commits:
        return no_history("git log failed (a repository without commits?)")
    head, head_time = commits[0].hash, commits[0].committer_date.astimezone(_dt.UTC)
    status = run_git(root, "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--no-renames", "--", *INPUT_FOLDERS)
    dirty = _parse_status(status or "", prefix.strip())
    if shallow.strip() == "true":
        return GitLog(False, "shallow clone: the first commits of the history are missing (git fetch --unshallow)", head, head_time, (), dirty,
                      implausible=tuple(item for item in implausible if item[0] == head))
    inputs = tuple(commit for commit in commits if commit.files)
    return GitLog(True, "", head, head_time, inputs, dirty, implausible=tuple(implausible))


def _parse_log(log: str, implausible: list[tuple[str, str, str, str]]) -> list[Commit]:
    """The commits, each date brought into 1980–2099 and to no later than tomorrow (``revision.plausible_time``);
    ``implausible`` receives (hash, "author" or "committer", the date as git gave it, why) of each date that was not."""
    commits = []
    now = _dt.datetime.now(_dt.UTC)
    for block in log.split(_COMMIT)[1:]:
        header, _, names = block.partition("\n")
        commit_hash, email, authored, committed = (part.strip() for part in (header.split(_FIELD) + ["", "", ""])[:4])
        if not commit_hash:
            continue
        dates = []
        for kind, stamp in (("author", authored), ("committer", committed)):
            try:  # git writes any number a commit holds: year 31690708 is not a date Python can read
                given: _dt.datetime | None = _dt.datetime.fromisoformat(stamp)
            except ValueError:
                given = None
            reason = out_of_range(given, now)
            if reason is not None:
                implausible.append((commit_hash, kind, stamp[:40], reason))
            dates.append(plausible_time(given, now))
        files = tuple(name for name in (n.strip() for n in names.splitlines()) if name.split("/", 1)[0] in INPUT_FOLDERS)
        commits.append(Commit(commit_hash, email, dates[0], dates[1], files))
    return commits


def _parse_status(status: str, prefix: str) -> frozenset[str]:
    # Porcelain paths are relative to the repository's top, not to the project folder.
    return frozenset(line[3:].strip().strip('"').removeprefix(prefix) for line in status.splitlines() if line.strip())
