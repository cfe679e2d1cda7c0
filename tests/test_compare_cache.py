"""The on-disk comparison cache gives exactly what a fresh comparison gives, and never a stale result."""

from __future__ import annotations

import json

from commentary_build.transform.compare import ComparisonCache, compare_words


def test_a_cached_comparison_equals_a_fresh_one(tmp_path):
    path = tmp_path / "comparisons.json"
    first = ComparisonCache(path)
    fresh = first.compare("Each Party shall adopt", "Each State Party shall adopt")
    first.save()
    again = ComparisonCache(path).compare("Each Party shall adopt", "Each State Party shall adopt")
    assert again == fresh == compare_words("Each Party shall adopt", "Each State Party shall adopt")


def test_changed_text_is_compared_again_and_unused_entries_are_dropped(tmp_path):
    path = tmp_path / "comparisons.json"
    cache = ComparisonCache(path)
    cache.compare("old wording", "new wording")
    cache.save()
    cache = ComparisonCache(path)
    segments = cache.compare("old wording", "newer wording")
    assert "".join(s.text for s in segments if s.kind != "del") == "newer wording"
    cache.save()
    stored = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert len(stored) == 1, "the entry for the text that no longer exists is gone"


def test_an_unreadable_or_foreign_cache_is_ignored(tmp_path):
    path = tmp_path / "comparisons.json"
    path.write_text("{not json", encoding="utf-8")
    assert ComparisonCache(path).compare("a b", "a c") == compare_words("a b", "a c")
    path.write_text(json.dumps({"version": "another", "entries": {"x": [["ins", "forged"]]}}), encoding="utf-8")
    cache = ComparisonCache(path)
    assert cache.compare("a b", "a c") == compare_words("a b", "a c")
