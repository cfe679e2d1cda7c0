"""When each note and each drafting proposal first appeared and last changed, from the git history.

The change feeds need dates that never come from the clock: a note's dates are those of
the commits that added and last changed its file; a proposal's are those of the commits
where its entry in the front matter first appeared and last differed. Two processes are
run however long the history is: one `git log` for the commits that touched notes, and
one `git cat-file --batch` for the versions of the files (read only when a file holds
proposals). Dates are committer dates: when the change entered the history the site is
built from. In a shallow clone the first commits are missing and outside git there is
no history, so the answer says it is unavailable and why, instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .git import run_git

_FIELD = "\x1f"
_COMMIT = "\x1e"
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Commit:
    hash: str
    date: dt.datetime  # committer date, with its offset


@dataclass(frozen=True)
class Dates:
    """When something was first committed and last changed."""

    published: Commit
    updated: Commit


@dataclass
class Changes:
    available: bool
    reason: str = ""
    notes: dict[str, Dates] = field(default_factory=dict)  # note file path -> dates of the file
    proposals: dict[str, Dates] = field(default_factory=dict)  # proposal id -> dates of its front-matter entry


def read_changes(root: Path, note_paths: Iterable[str], folder: str = "commentary") -> Changes:
    """The dates of every note file in ``note_paths`` (relative to ``root``) and of the proposals they hold."""
    state = run_git(root, "rev-parse", "--is-shallow-repository")
    if state is None:
        return Changes(False, "not a git repository, or git is not installed")
    if state.strip() == "true":
        return Changes(False, "shallow clone: the first commits of the history are missing (git fetch --unshallow)")
    log = run_git(root, "-c", "core.quotePath=false", "log", "--relative", "--name-only", "--no-renames", f"--format={_COMMIT}%H{_FIELD}%cI", "--", folder)
    if log is None:
        return Changes(False, "git log failed")
    wanted = set(note_paths)
    versions: dict[str, list[Commit]] = {}  # newest first
    for block in log.split(_COMMIT)[1:]:
        header, _, names = block.partition("\n")
        commit_hash, _, stamp = header.partition(_FIELD)
        commit = Commit(commit_hash.strip(), dt.datetime.fromisoformat(stamp.strip()))
        for name in filter(None, (n.strip() for n in names.splitlines())):
            if name in wanted:
                versions.setdefault(name, []).append(commit)
    changes = Changes(True)
    for path, commits in versions.items():
        changes.notes[path] = Dates(commits[-1], commits[0])
    _proposal_dates(root, versions, changes)
    return changes


def _proposal_dates(root: Path, versions: dict[str, list[Commit]], changes: Changes) -> None:
    # Only files whose current version holds proposals need their history read.
    with_proposals = [path for path in versions if "proposals:" in _read(root / path)]
    requests = [(path, commit) for path in with_proposals for commit in reversed(versions[path])]  # oldest first
    if not requests:
        return
    contents = _cat_files(root, [f"{commit.hash}:./{path}" for path, commit in requests])
    if contents is None:
        return
    fingerprints: dict[str, str] = {}
    for (_path, commit), text in zip(requests, contents):
        for proposal_id, fingerprint in _proposals_in(text).items():
            dates = changes.proposals.get(proposal_id)
            if dates is None:
                changes.proposals[proposal_id] = Dates(commit, commit)
            elif fingerprints.get(proposal_id) != fingerprint:
                changes.proposals[proposal_id] = Dates(dates.published, commit)
            fingerprints[proposal_id] = fingerprint


def _cat_files(root: Path, objects: list[str]) -> list[str] | None:
    """The contents of ``commit:./path`` objects through one `git cat-file --batch` (a missing one reads as "")."""
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=("\n".join(objects) + "\n").encode("utf-8"),
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    out: bytes = done.stdout
    results: list[str] = []
    position = 0
    for _ in objects:
        line_end = out.index(b"\n", position)
        header = out[position:line_end].split()
        position = line_end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            results.append(out[position:position + size].decode("utf-8", errors="replace"))
            position += size + 1
        else:
            results.append("")
    return results


def _proposals_in(text: str) -> dict[str, str]:
    """Each proposal of a note file's front matter, by id, with a fingerprint of everything it says."""
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data: Any = yaml.load(text[3:end], Loader=_Loader)
    except yaml.YAMLError:
        return {}
    proposals = data.get("proposals") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for proposal in proposals if isinstance(proposals, list) else []:
        if isinstance(proposal, dict) and isinstance(proposal.get("id"), str):
            canonical = json.dumps(proposal, sort_keys=True, default=str, ensure_ascii=False)
            found[proposal["id"]] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
