"""Properties of the redline engine over random paragraphs and random edits.

The oracles here are written independently of the engine (regular expressions,
string slicing from the right) so a shared mistake cannot make both agree.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from commentary_build.model import Edit
from commentary_build.transform.redline import Change, Span, accept, blackline, locate, reject, resolve

EQUIVALENTS = ['"\u201c\u201d\u201e\u2033', "'\u2018\u2019\u2032", "-\u2013\u2014\u2011\u2212"]
CANONICAL = {char: group[0] for group in EQUIVALENTS for char in group}
WHITESPACE = " \n\t\u00a0"
# Few letters so that quotes repeat and occurrences matter.
ALPHABET = "ab" + WHITESPACE + "".join(EQUIVALENTS)

PLACEHOLDER = Edit(op="replace", target="art-1-1", quote="x", text="y")

paragraphs = st.text(alphabet=ALPHABET, max_size=120)
new_wording = st.text(alphabet="xyz \u201c\u2019-", min_size=1, max_size=8).filter(str.strip)


def oracle_normalise(text: str) -> str:
    collapsed = re.sub(r"\s+", " ", text).strip()
    return "".join(CANONICAL.get(char, char) for char in collapsed)


def apply_from_the_right(text: str, changes: list[Change]) -> str:
    for change in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        text = text[: change.start] + change.inserted + text[change.end :]
    return text


def altered(draw, passage: str) -> str:
    """The passage as a contributor might paste it: other quotes, dashes and whitespace."""
    pieces = []
    for run in re.findall(r"\s+|\S", passage):
        if run.isspace():
            pieces.append(draw(st.text(alphabet=WHITESPACE, min_size=1, max_size=3)))
        elif run in CANONICAL:
            group = next(g for g in EQUIVALENTS if run in g)
            pieces.append(draw(st.sampled_from(group)))
        else:
            pieces.append(run)
    return "".join(pieces)


@st.composite
def paragraph_with_changes(draw):
    """A paragraph and changes that obey the overlap rule, including the allowed contacts:
    deletions that touch, and an insertion at the start or end of a deletion."""
    text = draw(paragraphs)
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10, unique=True)))
    changes = []
    index = 0
    must_be_range = False
    while index < len(points):
        has_end = index + 1 < len(points)
        kind = draw(st.sampled_from(["insert", "delete", "replace"])) if has_end else "insert"
        if must_be_range and not has_end:
            break
        if must_be_range and kind == "insert":
            kind = "delete"
        start = points[index]
        if kind == "insert":
            changes.append(Change(start, start, draw(new_wording), PLACEHOLDER))
            keep_point = has_end and draw(st.booleans())
            must_be_range = keep_point
            index += 0 if keep_point else 1
            continue
        inserted = "" if kind == "delete" else draw(new_wording)
        changes.append(Change(start, points[index + 1], inserted, PLACEHOLDER))
        must_be_range = False
        index += 1 if draw(st.booleans()) else 2  # reuse the end point: touching edits
    return text, draw(st.permutations(changes))


@settings(max_examples=2000, deadline=None)
@given(paragraph_with_changes())
def test_accept_reject_and_blackline_account_for_every_character(case):
    text, changes = case
    accepted = accept(text, changes)
    assert accepted == apply_from_the_right(text, changes)
    assert reject(text, changes) == text
    segments = blackline(text, changes)
    assert "".join(s.text for s in segments if s.kind in ("same", "del")) == text
    assert "".join(s.text for s in segments if s.kind in ("same", "ins")) == accepted
    assert all(segment.text for segment in segments)
    assert all(a.kind != b.kind for a, b in zip(segments, segments[1:]))
    # Inserted and deleted text in the blackline is exactly what the changes carry.
    assert sum(len(s.text) for s in segments if s.kind == "ins") == sum(len(c.inserted) for c in changes)
    assert sum(len(s.text) for s in segments if s.kind == "del") == sum(c.end - c.start for c in changes)


@st.composite
def paragraph_with_quote(draw):
    text = draw(paragraphs.filter(lambda t: t.strip()))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        start, end = 0, len(text)
    return text, start, end, altered(draw, text[start:end].strip())


@settings(max_examples=2000, deadline=None)
@given(paragraph_with_quote())
def test_locate_finds_the_original_span_of_a_pasted_quote(case):
    text, start, end = case[:3]
    quote = case[3]
    # The passage without its edge whitespace, in original offsets.
    first = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    stop = end - (len(text[start:end]) - len(text[start:end].rstrip()))
    wanted = oracle_normalise(quote)
    haystack = oracle_normalise(text)
    prefix = text[:first]
    position = len(oracle_normalise(prefix)) + (1 if prefix.strip() and prefix[-1].isspace() else 0)
    assert haystack[position : position + len(wanted)] == wanted
    earlier = sum(1 for i in range(position) if haystack.startswith(wanted, i))
    assert locate(text, quote, occurrence=earlier + 1) == Span(first, stop)


@st.composite
def paragraph_with_edits(draw):
    """Unique tokens ("w3x" cannot occur inside "w13x"), dressed in typography, separated
    by whitespace runs; edits quote disjoint runs of tokens in pasted form."""
    count = draw(st.integers(1, 25))
    tokens = [
        draw(st.sampled_from(["", "\u201c", "\u2018", "("])) + f"w{i}x" + draw(st.sampled_from(["", "\u201d", "\u2019s", "\u2014", ","]))
        for i in range(count)
    ]
    separators = [draw(st.text(alphabet=WHITESPACE, min_size=1, max_size=3)) for _ in range(count - 1)]
    text, offsets = "", []
    for i, token in enumerate(tokens):
        offsets.append((len(text), len(text) + len(token)))
        text += token + (separators[i] if i < len(separators) else "")
    cuts = sorted(draw(st.lists(st.integers(0, count), min_size=2, max_size=12, unique=True)))
    ranges = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])]
    edits, expected = [], []
    for first_token, stop_token in ranges:
        start, end = offsets[first_token][0], offsets[stop_token - 1][1]
        op = draw(st.sampled_from(["insert-before", "insert-after", "delete", "replace"]))
        wording = draw(new_wording)
        edits.append(Edit(op=op, target="art-1-1", quote=altered(draw, text[start:end]), text=None if op == "delete" else wording))
        if op == "insert-before":
            expected.append(Change(start, start, wording, PLACEHOLDER))
        elif op == "insert-after":
            expected.append(Change(end, end, wording, PLACEHOLDER))
        else:
            expected.append(Change(start, end, "" if op == "delete" else wording, PLACEHOLDER))
    return text, draw(st.permutations(edits)), expected


@settings(max_examples=1000, deadline=None)
@given(paragraph_with_edits())
def test_resolved_quote_edits_apply_to_the_original_text(case):
    text, edits, expected = case
    changes = resolve(text, edits)
    assert [(c.start, c.end, c.inserted) for c in changes] == sorted((c.start, c.end, c.inserted) for c in expected)
    assert accept(text, changes) == apply_from_the_right(text, expected)
