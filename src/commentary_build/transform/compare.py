"""Word-level comparison of two texts, as blackline segments.

diff-match-patch compares the texts with each word, run of spaces and punctuation
mark standing for one character (its "line mode" trick applied to words): a treaty
article of 17,000 characters has about 3,000 such tokens, which keeps a whole build's
comparisons well under a second where a character diff took half a minute. Its
semantic cleanup then merges the scattered small matches that make a legal blackline
unreadable ("the" kept between two rewritten clauses). Any change that still ends
inside a word is widened to the whole word: a reader of a blackline compares words,
and a mark that splits one hides what changed. The result uses the redline engine's
``Segment`` so ``render.blackline`` draws comparisons and proposals alike.

The same function serves any pair of texts: two instruments today, a draft and the
adopted text tomorrow.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from diff_match_patch import diff_match_patch

from .. import package_version
from .redline import Segment

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD_CHARACTER = re.compile(r"\w")
_LEADING_WORD = re.compile(r"^\w+")
_TRAILING_WORD = re.compile(r"\w+$")


def _new_differ() -> diff_match_patch:
    differ = diff_match_patch()
    # No time limit: with one, a slow machine would give a different (coarser) blackline
    # than a fast one, and the site would change between two builds of the same text.
    differ.Diff_Timeout = 0
    return differ


_DIFFER = _new_differ()


@dataclass
class _Equal:
    text: str


@dataclass
class _Change:
    deleted: str
    inserted: str


def compare_words(old: str, new: str) -> list[Segment]:
    """Segments that turn ``old`` into ``new``: "same" and "del" spell ``old``, "same" and "ins" spell ``new``.

    No "ins" or "del" segment begins or ends inside a word of either text. Where a
    passage is replaced, its deletion comes before its insertion.
    """
    return list(_compare_cached(old, new))


# Treaty texts rarely change between two builds in one process (a `serve` session, a
# test run): remembering results by their two texts makes every rebuild after the first
# skip the diff, which is most of the engine's time. Segments are immutable, so sharing is safe.
@functools.lru_cache(maxsize=8192)
def _compare_cached(old: str, new: str) -> tuple[Segment, ...]:
    diffs = _diff_tokens(old, new)
    _DIFFER.diff_cleanupSemantic(diffs)
    runs = _group(diffs)
    runs = _snap_to_words(runs)
    return tuple(_segments(runs))


def _diff_tokens(old: str, new: str) -> list[tuple[int, str]]:
    tokens: list[str] = []
    codes: dict[str, str] = {}

    def encode(text: str) -> str:
        encoded = []
        for token in _TOKEN.findall(text):
            code = codes.get(token)
            if code is None:
                code = codes[token] = _symbol(len(tokens))
                tokens.append(token)
            encoded.append(code)
        return "".join(encoded)

    encoded_old, encoded_new = encode(old), encode(new)
    decode = {code: token for token, code in codes.items()}
    return [(operation, "".join(decode[c] for c in text)) for operation, text in _DIFFER.diff_main(encoded_old, encoded_new, False)]


def _symbol(number: int) -> str:
    # Any code point will do as long as it is not a surrogate, which Python strings
    # allow but which would make the symbols unequal in length after encoding.
    point = number + 0x100
    return chr(point if point < 0xD800 else point + 0x800)


def _group(diffs) -> list[_Equal | _Change]:
    runs: list[_Equal | _Change] = []
    for operation, text in diffs:
        if operation == 0:
            runs.append(_Equal(text))
            continue
        change = runs[-1] if runs else None
        if not isinstance(change, _Change):
            change = _Change("", "")
            runs.append(change)
        if operation < 0:
            change.deleted += text
        else:
            change.inserted += text
    return runs


def _is_word(character: str) -> bool:
    return bool(character) and _WORD_CHARACTER.match(character) is not None


def _splits_word(before: str, after: str) -> bool:
    return _is_word(before[-1:]) and _is_word(after[:1])


def _snap_to_words(runs: list[_Equal | _Change]) -> list[_Equal | _Change]:
    # Widening a change can swallow a whole equal run between two changes, which
    # merges them and may expose a new split: repeat until nothing moves.
    while True:
        moved = False
        for index, run in enumerate(runs):
            if not isinstance(run, _Change):
                continue
            before = _equal_at(runs, index - 1)
            after = _equal_at(runs, index + 1)
            if before is not None and before.text:
                next_old = run.deleted + (after.text if after else "")
                next_new = run.inserted + (after.text if after else "")
                if _splits_word(before.text, next_old) or _splits_word(before.text, next_new):
                    stub = _word_at(_TRAILING_WORD, before.text)
                    before.text = before.text[: -len(stub)]
                    run.deleted, run.inserted = stub + run.deleted, stub + run.inserted
                    moved = True
            if after is not None and after.text:
                last_old = (before.text if before else "") + run.deleted
                last_new = (before.text if before else "") + run.inserted
                if _splits_word(last_old, after.text) or _splits_word(last_new, after.text):
                    stub = _word_at(_LEADING_WORD, after.text)
                    after.text = after.text[len(stub):]
                    run.deleted, run.inserted = run.deleted + stub, run.inserted + stub
                    moved = True
        runs = _merge(runs)
        if not moved:
            return runs


def _equal_at(runs: list[_Equal | _Change], index: int) -> _Equal | None:
    run = runs[index] if 0 <= index < len(runs) else None
    return run if isinstance(run, _Equal) else None


def _word_at(pattern: re.Pattern[str], text: str) -> str:
    # Only called where _splits_word saw a word character at that end.
    match = pattern.search(text)
    return match.group() if match else ""


def _merge(runs: list[_Equal | _Change]) -> list[_Equal | _Change]:
    merged: list[_Equal | _Change] = []
    for run in runs:
        if isinstance(run, _Equal) and not run.text:
            continue
        previous = merged[-1] if merged else None
        if isinstance(run, _Change) and isinstance(previous, _Change):
            previous.deleted += run.deleted
            previous.inserted += run.inserted
        elif isinstance(run, _Equal) and isinstance(previous, _Equal):
            previous.text += run.text
        else:
            merged.append(run)
    return merged


def _segments(runs: list[_Equal | _Change]) -> list[Segment]:
    segments: list[Segment] = []
    for run in runs:
        if isinstance(run, _Equal):
            segments.append(Segment("same", run.text))
            continue
        if run.deleted == run.inserted:  # widened into identical words on both sides
            segments.append(Segment("same", run.deleted))
            continue
        if run.deleted:
            segments.append(Segment("del", run.deleted))
        if run.inserted:
            segments.append(Segment("ins", run.inserted))
    return segments


class ComparisonCache:
    """Comparisons kept between builds, for one pair of texts (``load.cache.ComparisonStore`` keeps them on disk).

    The treaty texts almost never change, yet every fresh process (`commentary check`,
    a CI build, `mkdocs build`) would diff them all again: most of the engine's cold
    time. What is kept is named by the two texts (``file_name``) and the version of this
    code (the package's version, this module's source and the diff library's version),
    and within it each comparison is keyed by a hash of its two strings.

    Nothing read back is trusted: a stored comparison is used only if its segments spell
    both strings exactly ("same" and "del" give the old, "same" and "ins" the new), so no
    entry, whoever wrote it, can put into a page words that the texts do not have; any
    other is compared again. Entries other builds stored meanwhile are merged in before
    writing (``merged``), so builds that share the folder do not undo each other's work.
    """

    def __init__(self, stored: object = None):
        self._entries = _entries_of(stored)
        self.added = False  # something was compared that was not stored
        self.rejected = 0  # stored comparisons that did not spell their texts and were made again

    def compare(self, old: str, new: str) -> list[Segment]:
        key = _key(old, new)
        stored = self._entries.get(key)
        if stored is not None:
            segments = _verified(stored, old, new)
            if segments is not None:
                return segments
            self.rejected += 1
        segments = compare_words(old, new)
        self._entries[key] = [[s.kind, s.text] for s in segments]
        self.added = True
        return segments

    def merged(self, stored: object = None) -> dict[str, object]:
        """What to store: the entries of ``stored`` (what is on disk now) with this build's, which win."""
        entries = {**_entries_of(stored), **self._entries}
        return {"version": _CACHE_VERSION, "entries": dict(sorted(entries.items()))}

    @staticmethod
    def file_name(old_text: Iterable[str], new_text: Iterable[str]) -> str:
        """The name of what is kept for comparing one text's wording with another's: a hash of both and of this code's version."""
        digest = hashlib.sha256(_CACHE_VERSION.encode("utf-8"))
        for side in (old_text, new_text):
            for piece in side:
                digest.update(piece.encode("utf-8"))
                digest.update(b"\0")
            digest.update(b"\1")
        return f"{digest.hexdigest()[:32]}.json"


def _entries_of(stored: object) -> dict[str, object]:
    if not isinstance(stored, dict) or stored.get("version") != _CACHE_VERSION or not isinstance(stored.get("entries"), dict):
        return {}  # missing, foreign, or made by another version of this code
    return dict(stored["entries"])


def _key(old: str, new: str) -> str:
    return hashlib.sha256(f"{len(old)}:{old}\x00{new}".encode()).hexdigest()


_KINDS = ("same", "del", "ins")


def _verified(stored: object, old: str, new: str) -> list[Segment] | None:
    """The stored segments if they are well formed and spell ``old`` and ``new`` exactly, else None."""
    if not isinstance(stored, list):
        return None
    segments: list[Segment] = []
    for item in stored:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in _KINDS and isinstance(item[1], str) and item[1]):
            return None
        segments.append(Segment(item[0], item[1]))
    if "".join(s.text for s in segments if s.kind != "ins") != old or "".join(s.text for s in segments if s.kind != "del") != new:
        return None
    return segments


def _cache_version() -> str:
    import diff_match_patch as library

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{package_version()}+{source}+dmp-{getattr(library, '__version__', '')}"


_CACHE_VERSION = _cache_version()
