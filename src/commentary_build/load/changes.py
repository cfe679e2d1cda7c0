"""When each note and each drafting proposal first appeared and last changed, from the git history.

The change feeds need dates that never come from the clock: a note's dates are those of
the commits that added and last changed its file; a proposal's are those of the commits
where its entry in the front matter first appeared and last differed. The commits come
from the build's one `git log` (``Project.git``); the past versions of the files that
hold proposals are read through one `git cat-file --batch-check` (their sizes) and one
`git cat-file --batch`. Dates are committer dates: when the change entered the history
the site is built from. In a shallow clone the first commits are missing and outside git
there is no history, so the answer says it is unavailable and why, instead of guessing.

A past version is as untrusted as the current file (a branch's old commit may hold
anything): it is read within the current file's limits (size, then ``yamlio`` with its
node limit and without aliases, tags or deep nesting) inside ``inputs.guard``. A version
that cannot be read dates nothing; it is counted in ``Changes.unreadable`` and reported
nowhere else, because the problem is in the history, not in a file a contributor can fix.
"""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import problems as d
from ..model.gitlog import Commit, GitLog
from .inputs import MAX_NOTE_BYTES, MAX_NOTE_NODES, InputFailure, guard, normalise_text, parse_yaml, read_text
from .notes import split_front_matter


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
    unreadable: int = 0  # past versions of notes that could not be read (too large, bad or refused YAML)


def changes_from(log: GitLog, root: Path, note_paths: Iterable[str]) -> Changes:
    """The dates of every note file in ``note_paths`` (relative to ``root``) and of the proposals they hold."""
    if not log.available:
        return Changes(False, log.reason)
    wanted = set(note_paths)
    versions: dict[str, list[Commit]] = {}  # newest first
    for commit in log.commits:
        for name in commit.files:
            if name in wanted:
                versions.setdefault(name, []).append(commit)
    changes = Changes(True)
    for path, commits in versions.items():
        changes.notes[path] = Dates(commits[-1], commits[0])
    _proposal_dates(root, versions, changes)
    return changes


def _proposal_dates(root: Path, versions: dict[str, list[Commit]], changes: Changes) -> None:
    # Only files whose current version holds proposals need their history read.
    with_proposals = [path for path in versions if "proposals:" in _read(root, root / path)]
    requests = [(path, commit) for path in with_proposals for commit in reversed(versions[path])]  # oldest first
    if not requests:
        return
    found = _past_proposals(root, [(path, f"{commit.hash}:./{path}") for path, commit in requests])
    if found is None:
        return
    fingerprints: dict[str, str] = {}
    for (_path, commit), version in zip(requests, found):
        if version is None or version[1]:  # over the size limit, or a past version the guard refused
            changes.unreadable += 1
        for proposal_id, fingerprint in (version[0] if version is not None else {}).items():
            dates = changes.proposals.get(proposal_id)
            if dates is None:
                changes.proposals[proposal_id] = Dates(commit, commit)
            elif fingerprints.get(proposal_id) != fingerprint:
                changes.proposals[proposal_id] = Dates(dates.published, commit)
            fingerprints[proposal_id] = fingerprint


# The proposals of past versions of notes, by repository and "commit:./path": what a commit holds never changes, so a
# `serve` session reads and parses each once instead of running git and the parser again on every save. A version is
# (fingerprint by proposal id, whether the guard refused it) or None (over the size limit). At most _MAX_PAST kept.
_PAST: OrderedDict[tuple[str, str], tuple[dict[str, str], bool] | None] = OrderedDict()
_MAX_PAST = 100_000


def _past_proposals(root: Path, objects: list[tuple[str, str]]) -> list[tuple[dict[str, str], bool] | None] | None:
    """For each (path, ``commit:./path``), the proposals of that version (see ``_PAST``); None when git fails."""
    keys = [(str(root), obj) for _path, obj in objects]
    missing = [(path, obj) for key, (path, obj) in zip(keys, objects) if key not in _PAST]
    found = {key: _PAST[key] for key in keys if key in _PAST}
    if missing:
        texts = cat_files(root, [obj for _path, obj in missing], MAX_NOTE_BYTES)
        if texts is None:
            return None
        for (path, obj), text in zip(missing, texts):
            found[(str(root), obj)] = None if text is None else _proposals_of(path, text)
    for key in keys:
        _PAST[key] = found[key]
        _PAST.move_to_end(key)
    while len(_PAST) > _MAX_PAST:
        _PAST.popitem(last=False)
    return [found[key] for key in keys]


def _proposals_of(path: str, text: str) -> tuple[dict[str, str], bool]:
    scratch = d.Report()  # the guard's problems about a past version: counted, not reported
    empty: dict[str, str] = {}
    found = guard(scratch, path, functools.partial(_proposals_in, text), empty)
    return found, bool(scratch.problems)


def cat_files(root: Path, objects: list[str], limit: int) -> list[str | None] | None:
    """The text of each ``commit:./path`` object ("" when missing, None when over ``limit`` bytes), or None when git fails.

    Sizes are asked first, so an object over the limit is never read: an old commit may hold a file of any size."""
    sizes = _git_batch(root, "--batch-check", objects)
    if sizes is None:
        return None
    readable: list[str] = []
    size_of: list[int | None] = []
    for line in sizes.decode("utf-8", errors="replace").splitlines()[: len(objects)]:
        header = line.split()
        size = int(header[2]) if len(header) == 3 and header[1] == "blob" and header[2].isdigit() else None
        size_of.append(size)
    size_of += [None] * (len(objects) - len(size_of))
    readable = [obj for obj, size in zip(objects, size_of) if size is not None and size <= limit]
    blobs = _parse_batch(_git_batch(root, "--batch", readable) or b"", len(readable)) if readable else []
    texts = iter(blobs)
    results: list[str | None] = []
    for size in size_of:
        if size is None:
            results.append("")
        elif size > limit:
            results.append(None)
        else:
            results.append(next(texts, ""))
    return results


def _git_batch(root: Path, mode: str, objects: list[str]) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", mode], input=("\n".join(objects) + "\n").encode("utf-8"),
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _parse_batch(out: bytes, count: int) -> list[str]:
    results: list[str] = []
    position = 0
    for _ in range(count):
        line_end = out.find(b"\n", position)
        if line_end < 0:
            break
        header = out[position:line_end].split()
        position = line_end + 1
        if len(header) == 3 and header[1] == b"blob" and header[2].isdigit():
            size = int(header[2])
            results.append(out[position:position + size].decode("utf-8", errors="replace"))
            position += size + 1
        else:
            results.append("")
    return results


def _proposals_in(text: str) -> dict[str, str]:
    """Each proposal of a note file's front matter, by id, with a fingerprint of everything it says."""
    split = split_front_matter(normalise_text(text))
    if split is None:
        return {}
    doc = parse_yaml(split[0], line_offset=1, max_nodes=MAX_NOTE_NODES)
    data: Any = doc.data
    if data is not None and not isinstance(data, dict):
        raise InputFailure(d.INPUT_UNREADABLE, "the front matter is not a mapping")
    proposals = data.get("proposals") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for proposal in proposals if isinstance(proposals, list) else []:
        if isinstance(proposal, dict) and isinstance(proposal.get("id"), str):
            try:
                canonical = json.dumps(proposal, sort_keys=True, ensure_ascii=False, allow_nan=False)
            except ValueError:  # a NaN in an old version of the file: its text still fingerprints it
                canonical = repr(sorted(proposal.items(), key=lambda item: str(item[0])))
            found[proposal["id"]] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return found


def _read(root: Path, path: Path) -> str:
    try:
        return read_text(root, path, MAX_NOTE_BYTES, "one note")
    except (InputFailure, OSError):
        return ""  # the note loader reported why
