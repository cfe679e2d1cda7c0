"""The word-level comparison engine: it accounts for every character and never splits a word."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from commentary_build.transform.compare import compare_words

WORD = re.compile(r"\w")

# Small alphabets make shared words and partial-word matches likely, which is where
# a character diff would otherwise cut through words.
words = st.text(alphabet="abcdé1-", min_size=1, max_size=6)
separators = st.sampled_from([" ", " ", ", ", "; ", "\n", "("])
texts = st.lists(st.tuples(words, separators), max_size=12).map(lambda parts: "".join(w + s for w, s in parts))


def _side(segments, keep: str) -> str:
    return "".join(s.text for s in segments if s.kind in ("same", keep))


def _mark_boundaries(segments, keep: str) -> tuple[str, list[int]]:
    """The text of one side and every offset in it where a mark begins or ends."""
    text, boundaries = "", []
    for segment in segments:
        if segment.kind == "same":
            text += segment.text
        elif segment.kind == keep:
            boundaries.append(len(text))
            text += segment.text
            boundaries.append(len(text))
        else:  # the other side's mark sits at a point of this side
            boundaries.append(len(text))
    return text, boundaries


def _inside_word(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and bool(WORD.match(text[offset - 1])) and bool(WORD.match(text[offset]))


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_same_and_del_spell_the_old_text_same_and_ins_the_new(old, new):
    segments = compare_words(old, new)
    assert _side(segments, "del") == old
    assert _side(segments, "ins") == new
    assert all(s.text for s in segments)
    assert {s.kind for s in segments} <= {"same", "ins", "del"}


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_no_mark_begins_or_ends_inside_a_word(old, new):
    segments = compare_words(old, new)
    for keep in ("del", "ins"):
        text, boundaries = _mark_boundaries(segments, keep)
        assert not [b for b in boundaries if _inside_word(text, b)], (text, segments)


def test_identical_texts_have_no_marks():
    assert [s.kind for s in compare_words("Each Party shall adopt", "Each Party shall adopt")] == ["same"]


def test_a_changed_suffix_marks_the_whole_word():
    segments = compare_words("stored computer data", "stored electronic data")
    assert [(s.kind, s.text) for s in segments] == [("same", "stored "), ("del", "computer"), ("ins", "electronic"), ("same", " data")]


def test_an_inserted_word_is_marked_alone():
    segments = compare_words("Each Party shall", "Each State Party shall")
    assert [(s.kind, s.text) for s in segments] == [("same", "Each "), ("ins", "State "), ("same", "Party shall")]


def test_a_hyphen_removed_inside_a_word_marks_the_word_on_both_sides():
    segments = compare_words("to co-operate and", "to cooperate and")
    assert ("del", "co-operate") in [(s.kind, s.text) for s in segments]
    assert ("ins", "cooperate") in [(s.kind, s.text) for s in segments]
