"""The redline engine: where a proposal's edits land in the treaty text, and what they make of it.

Contributors anchor edits by quoting the passage they change. They copy that passage
from a web page, a PDF or a word processor, so it rarely matches byte for byte:
curly quotes become straight, dashes change, line breaks become spaces. Matching
therefore happens on a normalised form of both sides, while every offset is mapped
back to the original string so the edits apply to the real, verbatim wording.

Overlap rule for the edits of one unit (one proposal):

* two deletions or replacements conflict when their ranges share a character;
* two insertions conflict when they are at the same point (their order would be a guess);
* an insertion conflicts with a deletion or replacement when it falls strictly inside it;
* an insertion exactly at the start or end of a deletion or replacement does not
  conflict: it stays outside the removed passage, before it or after it.

Nothing here knows about MkDocs or HTML; renderers take the segments and outcomes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Edit, Proposal
from ..model import problems as dx

TEXT_OPS = frozenset({"insert-before", "insert-after", "delete", "replace"})
UNIT_OPS = frozenset({"add-after", "delete-unit"})
OPS = TEXT_OPS | UNIT_OPS
_OPS_NEEDING_TEXT = frozenset({"insert-before", "insert-after", "replace", "add-after"})

_EQUIVALENT_CHARACTERS = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),  # “ ” „ ‟ ″
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),  # ‘ ’ ‚ ‛ ′
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),  # ‐ ‑ ‒ – — −
}

# Messages quote passages back to the contributor; beyond this they stop being readable.
_MESSAGE_PASSAGE_LIMIT = 120
# Quotes of this many words or more are first placed by comparing words, not characters.
_WORD_LEVEL_FROM_WORDS = 12


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Span:
    """A range of the original text, ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Change:
    """An edit resolved to original offsets: ``text[start:end]`` becomes ``inserted``.

    An insertion has ``start == end``; a deletion has ``inserted == ""``.
    """

    start: int
    end: int
    inserted: str
    edit: Edit

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Segment:
    kind: str  # "same" | "ins" | "del"
    text: str


@dataclass(frozen=True)
class UnitOutcome:
    """What a proposal makes of one unit in a sequence of sibling units.

    ``kind`` is "same" for a unit that stays (its wording may still carry ``changes``),
    "deleted" for a unit struck as a whole and "added" for a new unit (``id`` is None).
    ``segments`` is the blackline of the unit: a deleted unit is one "del" segment, an
    added unit one "ins" segment.
    """

    kind: str
    id: str | None
    num: str | None
    original: str
    proposed: str
    changes: tuple[Change, ...] = ()
    segments: tuple[Segment, ...] = ()
    edit: Edit | None = None  # the add-after or delete-unit behind an added or deleted unit


@dataclass
class UnitResult:
    """One target unit of a proposal: its text before and after, and the units around it."""

    target: str
    original: str
    changes: list[Change]
    outcomes: list[UnitOutcome]  # the target itself first, then any units added after it

    @property
    def deleted(self) -> bool:
        return self.outcomes[0].kind == "deleted"

    @property
    def accepted(self) -> str | None:
        """The proposed wording of the target, or None when the proposal deletes it."""
        return None if self.deleted else self.outcomes[0].proposed

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.outcomes[0].segments


@dataclass
class ProposalResult:
    proposal: Proposal
    units: list[UnitResult] = field(default_factory=list)  # only targets without problems
    problems: list[dx.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every edit resolved, so the blackline shows the whole proposal."""
        return not self.problems


# --------------------------------------------------------------------------- errors


class RedlineError(Exception):
    """An edit that cannot be applied; ``edit`` is set once the failing edit is known."""

    code = ""

    def __init__(self, message: str, edit: Edit | None = None):
        super().__init__(message)
        self.message = message
        self.edit = edit


class AnchorNotFound(RedlineError):
    code = dx.ANCHOR_NOT_FOUND

    def __init__(self, quote: str, closest: str, similarity: float, reason: str | None = None, edit: Edit | None = None, searched: bool = True):
        self.quote = quote
        self.closest = closest
        self.similarity = similarity
        self.reason = reason
        self.searched = searched  # False when the search budget of the file was spent: no closest passage
        message = reason or (f"quote {_show(quote)} not found; closest passage: {_show(closest)}" if searched else f"quote {_show(quote)} not found")
        super().__init__(message, edit)


class AmbiguousAnchor(RedlineError):
    code = dx.ANCHOR_AMBIGUOUS

    def __init__(self, quote: str, count: int, edit: Edit | None = None):
        self.quote = quote
        self.count = count
        super().__init__(f"quote {_show(quote)} occurs {count} times; add 'occurrence: N' to choose one", edit)


class OverlappingEdits(RedlineError):
    code = dx.EDITS_OVERLAP

    def __init__(self, edit_a: Edit, edit_b: Edit):
        self.edit_a = edit_a
        self.edit_b = edit_b
        super().__init__(f"{_describe(edit_a)} and {_describe(edit_b)} change the same text", edit_b)


class InvalidEdit(RedlineError):
    """An edit that is malformed in itself: unknown op, no quote, no text."""

    def __init__(self, code: str, message: str, edit: Edit):
        self.code = code
        super().__init__(message, edit)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Normalised:
    """A normalised string and, for each of its characters, the original range it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> Span:
        return Span(self.starts[start], self.ends[end - 1])


def _normalise(text: str) -> _Normalised:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            run_end = index + 1
            while run_end < length and text[run_end].isspace():
                run_end += 1
            if chars and run_end < length:  # trimmed at both ends
                chars.append(" ")
                starts.append(index)
                ends.append(run_end)
            index = run_end
            continue
        chars.append(_EQUIVALENT_CHARACTERS.get(char, char))
        starts.append(index)
        ends.append(index + 1)
        index += 1
    return _Normalised("".join(chars), tuple(starts), tuple(ends))


def normalise(text: str) -> str:
    """The form quotes are compared in: whitespace runs as one space, trimmed, straight quotes, hyphens."""
    return _normalise(text).text


def _occurrences(haystack: str, needle: str) -> list[int]:
    # Overlapping occurrences count: in "aaa" the quote "aa" is ambiguous.
    found = []
    position = haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


@dataclass
class SearchBudget:
    """How many closest-passage searches are left for one file.

    Each search compares the quote with every window of the paragraph (a few milliseconds for
    a long paragraph), so a note of a thousand unmatched quotes would take seconds; after the
    first ``remaining`` a quote that is not found is reported without the closest passage.
    """

    remaining: int = 20

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


def locate(text: str, quote: str, occurrence: int | None = None, budget: SearchBudget | None = None) -> Span:
    """The span of ``text`` that ``quote`` designates, in original offsets.

    A quote that begins or ends with whitespace also takes the whitespace next to the
    passage, so deleting "word " removes the space too.

    Raises AnchorNotFound (with the closest passage), AmbiguousAnchor when the quote
    occurs more than once and no ``occurrence`` is given, ValueError for an empty quote
    or an occurrence below 1.
    """
    target = normalise(quote)
    if not target:
        raise ValueError("the quote is empty")
    if occurrence is not None and occurrence < 1:
        raise ValueError(f"occurrence must be 1 or more, not {occurrence}")
    normalised = _normalise(text)
    found = _occurrences(normalised.text, target)
    if not found:
        if budget is not None and not budget.take():
            raise AnchorNotFound(quote, "", 0.0, searched=False)
        closest, similarity = closest_passage(text, quote)
        raise AnchorNotFound(quote, closest, similarity)
    if occurrence is None:
        if len(found) > 1:
            raise AmbiguousAnchor(quote, len(found))
        occurrence = 1
    if occurrence > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        raise AnchorNotFound(
            quote,
            closest=_show_original(text, normalised.original_span(found[-1], found[-1] + len(target))),
            similarity=1.0,
            reason=f"quote {_show(quote)} occurs {times}, so there is no occurrence {occurrence}",
        )
    start = found[occurrence - 1]
    span = normalised.original_span(start, start + len(target))
    return _extend_over_quoted_whitespace(text, quote, span)


def _extend_over_quoted_whitespace(text: str, quote: str, span: Span) -> Span:
    # Normalising trims the quote, but "delete: 'substantial '" means the space too;
    # otherwise deleting a word would leave two spaces in the proposed text.
    start, end = span.start, span.end
    if quote[:1].isspace():
        while start > 0 and text[start - 1].isspace():
            start -= 1
    if quote[-1:].isspace():
        while end < len(text) and text[end].isspace():
            end += 1
    return Span(start, end)


def closest_passage(text: str, quote: str) -> tuple[str, float]:
    """The passage of ``text`` most like ``quote`` and their similarity (0 to 1).

    Candidates are word-aligned windows of about the quote's length. Comparing every
    window character by character costs the product of the lengths per window, too
    slow for long quotes in long paragraphs, so a long quote is first placed by
    comparing word sequences (at a stride of a tenth of the quote, then at every word
    near the best few). A short quote is placed by characters, because a typo leaves
    it few whole words in common with the text. Then characters decide the exact start
    and length around that place.
    """
    normalised = _normalise(text)
    haystack = normalised.text
    wanted = normalise(quote)
    if not haystack or not wanted:
        return "", 0.0
    words = _word_spans(haystack)
    quote_words = wanted.split(" ")
    size = len(quote_words)
    last_start = max(0, len(words) - size)

    by_characters = difflib.SequenceMatcher(None, autojunk=False)
    by_characters.set_seq2(wanted)

    def window(first: int, count: int) -> tuple[int, int]:
        last = min(first + count, len(words)) - 1
        return words[first][0], words[last][1]

    def passage(first: int, count: int) -> str:
        start, end = window(first, count)
        return haystack[start:end]

    if size < _WORD_LEVEL_FROM_WORDS:
        best_first = _most_similar(by_characters, {first: passage(first, size) for first in range(last_start + 1)}, 1)[0]
    else:
        text_words = [haystack[start:end] for start, end in words]
        by_words = difflib.SequenceMatcher(None, autojunk=False)
        by_words.set_seq2(quote_words)
        stride = max(1, size // 10)
        coarse = _most_similar(by_words, {first: text_words[first : first + size] for first in range(0, last_start + 1, stride)}, 3)
        near_firsts = {first for candidate in coarse for first in range(max(0, candidate - stride), min(last_start, candidate + stride) + 1)}
        placed = _most_similar(by_words, {first: text_words[first : first + size] for first in sorted(near_firsts)}, 1)[0]
        nearby_starts = range(max(0, placed - 2), min(len(words) - 1, placed + 2) + 1)
        best_first = _most_similar(by_characters, {first: passage(first, size) for first in nearby_starts}, 1)[0]
    nearby_lengths = range(max(1, size - 2), size + 3)
    best_count = _most_similar(by_characters, {count: passage(best_first, count) for count in nearby_lengths}, 1)[0]
    by_characters.set_seq1(passage(best_first, best_count))
    return _show_original(text, normalised.original_span(*window(best_first, best_count)), limit=None), by_characters.ratio()


def _most_similar(matcher: difflib.SequenceMatcher, candidates: dict, keep: int) -> list:
    """The keys of the ``keep`` candidates most similar to the matcher's second sequence, best first.

    The cheap upper bounds (real_quick_ratio, quick_ratio) skip candidates that cannot
    beat the worst one kept, which is most of them once a good match is found.
    """
    kept: list[tuple[float, int, object]] = []
    for order, (key, candidate) in enumerate(candidates.items()):
        matcher.set_seq1(candidate)
        if len(kept) == keep and (matcher.real_quick_ratio() <= kept[-1][0] or matcher.quick_ratio() <= kept[-1][0]):
            continue
        kept.append((matcher.ratio(), -order, key))
        kept.sort(reverse=True)
        del kept[keep:]
    return [key for _, _, key in kept]


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for word in text.split(" "):
        spans.append((position, position + len(word)))
        position += len(word) + 1
    return spans


# --------------------------------------------------------------------------- text edits


def validate_edit(edit: Edit) -> InvalidEdit | None:
    """The reason an edit cannot be applied whatever the text, or None."""
    if edit.op not in OPS:
        return InvalidEdit(dx.EDIT_OP_UNKNOWN, f"unknown operation {edit.op!r}; use one of {', '.join(sorted(OPS))}", edit)
    if edit.op in TEXT_OPS and not (edit.quote and edit.quote.strip()):
        return InvalidEdit(dx.EDIT_QUOTE_MISSING, f"'{edit.op}' needs 'quote:' with the passage it is anchored to", edit)
    if edit.op in _OPS_NEEDING_TEXT and not (edit.text and edit.text.strip()):
        return InvalidEdit(dx.EDIT_TEXT_EMPTY, f"'{edit.op}' needs 'text:' with the new wording", edit)
    if edit.occurrence is not None and (isinstance(edit.occurrence, bool) or not isinstance(edit.occurrence, int) or edit.occurrence < 1):
        return InvalidEdit(dx.FIELD_TYPE, f"'occurrence' must be a whole number from 1 (the first), not {edit.occurrence!r}", edit)
    return None


def _change_for(text: str, edit: Edit, budget: SearchBudget | None = None) -> Change:
    span = locate(text, edit.quote or "", edit.occurrence, budget)
    if edit.op == "insert-before":
        return Change(span.start, span.start, edit.text or "", edit)
    if edit.op == "insert-after":
        return Change(span.end, span.end, edit.text or "", edit)
    if edit.op == "delete":
        return Change(span.start, span.end, "", edit)
    return Change(span.start, span.end, edit.text or "", edit)


def _conflict(a: Change, b: Change) -> bool:
    if a.is_insertion and b.is_insertion:
        return a.start == b.start
    if a.is_insertion:
        return b.start < a.start < b.end
    if b.is_insertion:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _resolve_all(text: str, edits: Iterable[Edit], budget: SearchBudget | None = None) -> tuple[list[Change], list[RedlineError]]:
    """Every change that resolves, and every error, so a checker can report them all at once.

    Of two overlapping edits the later one is left out, so each conflict is reported
    once and the remaining changes are still consistent.
    """
    changes: list[Change] = []
    errors: list[RedlineError] = []
    for edit in edits:
        if edit.op in UNIT_OPS:
            continue
        invalid = validate_edit(edit)
        if invalid is not None:
            errors.append(invalid)
            continue
        try:
            change = _change_for(text, edit, budget)
        except RedlineError as error:
            error.edit = edit
            errors.append(error)
            continue
        clash = next((earlier for earlier in changes if _conflict(earlier, change)), None)
        if clash is not None:
            errors.append(OverlappingEdits(clash.edit, edit))
            continue
        changes.append(change)
    changes.sort(key=lambda change: (change.start, change.end))
    return changes, errors


def resolve(text: str, edits: Iterable[Edit]) -> list[Change]:
    """The changes the text edits of one unit make, in text order.

    Unit edits (add-after, delete-unit) are skipped: ``restructure`` handles them.
    Raises the first problem met: AnchorNotFound, AmbiguousAnchor, OverlappingEdits or
    InvalidEdit, each carrying the Edit (and so its location).
    """
    changes, errors = _resolve_all(text, edits)
    if errors:
        raise errors[0]
    return changes


def accept(text: str, changes: Sequence[Change]) -> str:
    """The text as the proposal would have it."""
    return "".join(segment.text for segment in blackline(text, changes) if segment.kind != "del")


def reject(text: str, changes: Sequence[Change]) -> str:
    """The text as it stands; the blackline's unchanged and deleted parts, in order."""
    return "".join(segment.text for segment in blackline(text, changes) if segment.kind != "ins")


def blackline(text: str, changes: Sequence[Change]) -> list[Segment]:
    """The text with its changes marked: a replacement is a deletion followed by an insertion."""
    segments: list[Segment] = []

    def emit(kind: str, part: str) -> None:
        if not part:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + part)
        else:
            segments.append(Segment(kind, part))

    position = 0
    for change in sorted(changes, key=lambda change: (change.start, change.end)):
        if change.start < position or change.end > len(text):
            raise ValueError(f"change {change.start}:{change.end} overlaps another or lies outside the text")
        emit("same", text[position : change.start])
        emit("del", text[change.start : change.end])
        emit("ins", change.inserted)
        position = change.end
    emit("same", text[position:])
    return segments


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def refine_segments(segments: Sequence[Segment]) -> list[Segment]:
    """The blackline with each replacement narrowed to what really changes.

    An edit replaces the passage it quotes, so replacing "to be granted." by "to be
    granted;" deletes and re-inserts three words to change one full stop. Here a
    deletion next to an insertion loses the tokens (words, runs of space, single
    punctuation marks) the two share at their start and their end; those become
    unchanged text. Only common ends are taken, never matches in the middle, so a
    rewrite is never shredded into scattered marks, and whole words stay whole.
    Accepting or rejecting the result gives exactly what the original segments give.
    """
    out: list[Segment] = []

    def emit(kind: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1] = Segment(kind, out[-1].text + text)
        else:
            out.append(Segment(kind, text))

    index = 0
    while index < len(segments):
        segment = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else None
        if following is not None and {segment.kind, following.kind} == {"del", "ins"}:
            old = segment.text if segment.kind == "del" else following.text
            new = following.text if segment.kind == "del" else segment.text
            old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
            start = 0
            while start < min(len(old_tokens), len(new_tokens)) and old_tokens[start] == new_tokens[start]:
                start += 1
            end = 0
            while end < min(len(old_tokens), len(new_tokens)) - start and old_tokens[-1 - end] == new_tokens[-1 - end]:
                end += 1
            emit("same", "".join(old_tokens[:start]))
            emit("del", "".join(old_tokens[start : len(old_tokens) - end]))
            emit("ins", "".join(new_tokens[start : len(new_tokens) - end]))
            emit("same", "".join(old_tokens[len(old_tokens) - end :]))
            index += 2
            continue
        emit(segment.kind, segment.text)
        index += 1
    return out


# --------------------------------------------------------------------------- unit edits


def _unit_conflicts(edits: Sequence[Edit], changes: Mapping[str, Sequence[Change]]) -> list[OverlappingEdits]:
    """A unit deleted twice, or deleted while its wording is also edited."""
    conflicts = []
    deleting: dict[str, Edit] = {}
    for edit in edits:
        if edit.op != "delete-unit":
            continue
        if edit.target in deleting:
            conflicts.append(OverlappingEdits(deleting[edit.target], edit))
            continue
        deleting[edit.target] = edit
        for change in changes.get(edit.target, ()):
            conflicts.append(OverlappingEdits(change.edit, edit))
    return conflicts


def restructure(
    units: Sequence[tuple[str, str | None, str]],
    edits: Sequence[Edit],
    changes: Mapping[str, Sequence[Change]] | None = None,
) -> list[UnitOutcome]:
    """The sibling units (id, num, text), in document order, after a proposal's unit edits.

    ``edits`` may be all of a proposal's edits; only add-after and delete-unit act
    here, and wording changes come from ``changes`` (per unit id, from ``resolve``).
    Units added after the same target follow it in the order the edits are written.
    Raises KeyError for an edit whose target is not among ``units`` and
    OverlappingEdits for a unit deleted twice or both deleted and reworded.
    """
    changes = changes or {}
    unit_edits = [edit for edit in edits if edit.op in UNIT_OPS]
    known = {unit_id for unit_id, _, _ in units}
    for edit in unit_edits:
        if edit.target not in known:
            raise KeyError(edit.target)
    conflicts = _unit_conflicts(unit_edits, changes)
    if conflicts:
        raise conflicts[0]
    deleted_by = {edit.target: edit for edit in unit_edits if edit.op == "delete-unit"}
    outcomes: list[UnitOutcome] = []
    for unit_id, num, text in units:
        if unit_id in deleted_by:
            outcomes.append(UnitOutcome("deleted", unit_id, num, text, "", (), (Segment("del", text),), deleted_by[unit_id]))
        else:
            unit_changes = tuple(changes.get(unit_id, ()))
            outcomes.append(
                UnitOutcome("same", unit_id, num, text, accept(text, unit_changes), unit_changes, tuple(blackline(text, unit_changes)))
            )
        for edit in unit_edits:
            if edit.op == "add-after" and edit.target == unit_id:
                added = edit.text or ""
                outcomes.append(UnitOutcome("added", None, edit.num, "", added, (), (Segment("ins", added),), edit))
    return outcomes


# --------------------------------------------------------------------------- proposals


def apply_proposal(proposal: Proposal, lookup_text: Callable[[str], str | None], budget: SearchBudget | None = None) -> ProposalResult:
    """Resolve every edit of one proposal, grouped per target unit, without raising.

    ``lookup_text`` gives a unit's current wording, or None for an id that does not
    exist. Problems are returned, not raised; a target with any problem gets no
    UnitResult, so a partial blackline is never mistaken for the proposal.
    """
    result = ProposalResult(proposal)
    by_target: dict[str, list[Edit]] = {}
    for edit in proposal.edits:
        by_target.setdefault(edit.target, []).append(edit)

    def report(code: str, message: str, edit: Edit | None) -> None:
        location = edit.location if edit is not None and edit.location.path else proposal.location
        result.problems.append(dx.Problem(code, message, location))

    for target, edits in by_target.items():
        text = lookup_text(target)
        if text is None:
            for edit in edits:
                report(dx.TARGET_UNKNOWN, f"edit target {target!r} does not exist in the text", edit)
            continue
        problems_before = len(result.problems)
        unit_edits = []
        for edit in edits:
            if edit.op in UNIT_OPS:
                invalid = validate_edit(edit)
                if invalid is None:
                    unit_edits.append(edit)
                else:
                    report(invalid.code, invalid.message, edit)
        changes, errors = _resolve_all(text, edits, budget)
        errors.extend(_unit_conflicts(unit_edits, {target: changes}))
        for error in errors:
            report(error.code, _message_for(error, target), error.edit)
        if len(result.problems) > problems_before:
            continue
        outcomes = restructure([(target, None, text)], unit_edits, {target: changes})
        result.units.append(UnitResult(target, text, changes, outcomes))
    return result


def _message_for(error: RedlineError, target: str) -> str:
    if isinstance(error, AnchorNotFound):
        if error.reason:
            return f"{error.reason} in {target}"
        if not error.searched:
            return f"quote {_show(error.quote)} not found in {target} (no closest passage: it is searched for the first quotes of a file that are not found only)"
        return f"quote {_show(error.quote)} not found in {target}; closest passage: {_show(error.closest)}"
    if isinstance(error, AmbiguousAnchor):
        return f"quote {_show(error.quote)} occurs {error.count} times in {target}; add 'occurrence: N' (1 = first)"
    if isinstance(error, OverlappingEdits):
        return f"in {target}, {_describe(error.edit_a)} and {_describe(error.edit_b)} change the same text"
    return error.message


# --------------------------------------------------------------------------- wording of messages


def _show(passage: str, limit: int | None = _MESSAGE_PASSAGE_LIMIT) -> str:
    shown = " ".join(passage.split())
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1].rstrip() + "…"
    return f'"{shown}"'


def _show_original(text: str, span: Span, limit: int | None = _MESSAGE_PASSAGE_LIMIT) -> str:
    """The original wording of a span, whitespace collapsed, without surrounding quotes."""
    return _show(text[span.start : span.end], limit)[1:-1]


def _describe(edit: Edit) -> str:
    what = f"{edit.op} {_show(edit.quote)}" if edit.quote else edit.op
    return f"{what} ({edit.location})" if edit.location.path else what


# --------------------------------------------------------------------------- typographic warnings


@dataclass(frozen=True)
class Junction:
    """A place in the proposed wording where a change meets the text beside it."""

    offset: int  # in the proposed wording
    before: str  # the character before the junction
    after: str  # the character after it
    edit: Edit


def joined_words(text: str, changes: Sequence[Change]) -> list[Junction]:
    """Junctions where a change glues two words ("networkand") or a word to punctuation ("network.Such").

    A junction is suspect when the character before it is sentence punctuation and the one
    after it a letter or digit, or when both are letters or digits and the change spans more
    than one word (so it is not an edit inside a word: "State" + "s" is fine).
    """
    found: list[Junction] = []
    proposed = ""
    position = 0
    for change in sorted(changes, key=lambda change: (change.start, change.end)):
        proposed += text[position : change.start]
        several_words = any(c.isspace() for c in change.inserted) or any(c.isspace() for c in text[change.start : change.end])
        starts = len(proposed)
        proposed += change.inserted
        position = change.end
        ends = len(proposed)
        # The text after the change is needed for its right-hand junction.
        after = text[position : position + 1]
        junctions = [(starts, proposed[starts - 1 : starts], (change.inserted or after)[:1])]
        if change.inserted:  # a deletion has one junction, an insertion two
            junctions.append((ends, proposed[ends - 1 : ends], after))
        for offset, before_char, after_char in junctions:
            if _suspect(before_char, after_char, several_words):
                found.append(Junction(offset, before_char, after_char, change.edit))
    unique: dict[int, Junction] = {}
    for junction in found:
        unique.setdefault(junction.offset, junction)
    return list(unique.values())


def _suspect(before: str, after: str, several_words: bool) -> bool:
    if not before or not after or before.isspace() or after.isspace():
        return False
    if before in ".;:!?," and after.isalnum():
        return True
    return before.isalnum() and after.isalnum() and several_words
