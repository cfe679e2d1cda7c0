"""The comparison cache gives exactly what a fresh comparison gives, and never a stale or forged result."""

from __future__ import annotations

import json

from commentary_build.load.cache import ComparisonStore
from commentary_build.transform.compare import ComparisonCache, compare_words


def test_a_cached_comparison_equals_a_fresh_one(tmp_path):
    store = ComparisonStore(tmp_path)
    first = ComparisonCache()
    fresh = first.compare("Each Party shall adopt", "Each State Party shall adopt")
    store.save("pair.json", first.merged(store.load("pair.json")))
    again = ComparisonCache(store.load("pair.json"))
    assert again.compare("Each Party shall adopt", "Each State Party shall adopt") == fresh == compare_words("Each Party shall adopt", "Each State Party shall adopt")
    assert not again.added and not again.rejected, "the stored comparison was used"


def test_builds_sharing_a_file_keep_each_others_comparisons(tmp_path):
    store = ComparisonStore(tmp_path)
    one, two = ComparisonCache(store.load("pair.json")), ComparisonCache(store.load("pair.json"))
    one.compare("old wording", "new wording")
    two.compare("other wording", "another wording")
    store.save("pair.json", one.merged(store.load("pair.json")))
    store.save("pair.json", two.merged(store.load("pair.json")))
    stored = json.loads((tmp_path / "pair.json").read_text(encoding="utf-8"))["entries"]
    assert len(stored) == 2, "the second build merged the first one's entry instead of dropping it"


def test_an_unreadable_or_foreign_cache_is_ignored(tmp_path):
    path = tmp_path / "pair.json"
    path.write_text("{not json", encoding="utf-8")
    assert ComparisonCache(ComparisonStore(tmp_path).load("pair.json")).compare("a b", "a c") == compare_words("a b", "a c")
    path.write_text(json.dumps({"version": "another", "entries": {"x": [["ins", "forged"]]}}), encoding="utf-8")
    assert ComparisonCache(ComparisonStore(tmp_path).load("pair.json")).compare("a b", "a c") == compare_words("a b", "a c")


def test_a_stored_comparison_that_changes_the_wording_is_not_used(tmp_path):
    # Whoever writes the file (a bug, a disk error, someone with access to the folder), an entry is used only
    # if it spells both texts exactly: it can mark changes differently, never put other words on a page.
    store = ComparisonStore(tmp_path)
    cache = ComparisonCache()
    cache.compare("Each Party shall adopt", "Each State Party shall adopt")
    data = cache.merged()
    for key, segments in data["entries"].items():  # type: ignore[union-attr]
        data["entries"][key] = [[kind, text.replace("Party", "Government")] for kind, text in segments]  # type: ignore[index]
    store.save("pair.json", data)
    reread = ComparisonCache(store.load("pair.json"))
    segments = reread.compare("Each Party shall adopt", "Each State Party shall adopt")
    assert segments == compare_words("Each Party shall adopt", "Each State Party shall adopt")
    assert "Government" not in "".join(s.text for s in segments)
    assert reread.rejected == 1 and reread.added, "the forged entry was rejected and is written again"
    for malformed in ([["same"]], [["weird", "Each Party shall adopt"]], "text", [["same", ""]]):
        data["entries"] = {key: malformed for key in data["entries"]}  # type: ignore[union-attr]
        assert ComparisonCache(data).compare("Each Party shall adopt", "Each State Party shall adopt") == segments


def test_a_half_written_file_reads_as_empty(tmp_path):
    store = ComparisonStore(tmp_path)
    cache = ComparisonCache()
    cache.compare("a b c", "a x c")
    store.save("pair.json", cache.merged())
    whole = (tmp_path / "pair.json").read_bytes()
    (tmp_path / "pair.json").write_bytes(whole[: len(whole) // 2])
    reread = ComparisonCache(store.load("pair.json"))
    assert reread.compare("a b c", "a x c") == compare_words("a b c", "a x c") and reread.added
