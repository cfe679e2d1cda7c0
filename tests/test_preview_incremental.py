"""The incremental preview is never stale: after every kind of save, the pages the preview cache
hands over are exactly those of a build from scratch of the same sources.

The preview (``pipeline.PreviewCache``) draws again only the article pages a note-only save can
reach and takes the others from the previous build; any other save draws every page. Each test
walks through saves on one cache and compares every page (Markdown and title), the navigation, the
footer and the data files with a fresh build after each save, then checks what a reader would look
for on the pages themselves.
"""

from __future__ import annotations

import re

from commentary_build.pipeline import PreviewCache

NOTE = "commentary/uncc/art-40/dual-criminality.md"
NOTE_PAGE = "uncc/art-40.md"
OTHER_PAGE = "uncc/art-12.md"  # an article the note does not name


def _save(path, text):
    """Write ``text``, with a later modification time than before even on a coarse clock."""
    import os

    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def _pages(site):
    return {page.src_uri: (page.title, page.markdown) for page in site.pages}


def _assert_same_as_fresh(cache: PreviewCache, site, previous_pages):
    """``site`` (the cache's latest build) equals a build from scratch, and ``cache.changed`` names every page that differs
    from ``previous_pages``."""
    fresh = PreviewCache(cache.root, cache.template_dirs).build()
    built, expected = _pages(site), _pages(fresh)
    assert built.keys() == expected.keys()
    stale = sorted(uri for uri in expected if built[uri] != expected[uri])
    assert not stale, f"pages differ from a fresh build: {stale[:10]}"
    assert site.nav == fresh.nav and site.footer == fresh.footer and site.files == fresh.files
    assert site.report.problems == fresh.report.problems
    moved = {uri for uri in expected if previous_pages.get(uri) != expected[uri]}
    assert moved <= cache.changed, f"changed but not handed to the generator: {sorted(moved - cache.changed)[:10]}"


def test_note_saves_redraw_their_article_and_what_they_reach(project_copy):
    cache = PreviewCache(project_copy)
    before = _pages(cache.build())
    note = project_copy / NOTE
    original = note.read_text(encoding="utf-8")

    # A sentence naming another article: that article's "Related provisions" now lists Article 40.
    _save(note, original + "\n\nThe same test is described in Article 12 for forgery.\n")
    site = cache.build()
    assert cache.drew_all == ""  # the incremental path ran
    assert "The same test is described in" in _pages(site)[NOTE_PAGE][1]
    assert OTHER_PAGE in cache.changed
    assert "art-40" in _pages(site)[OTHER_PAGE][1] and "art-40" not in before[OTHER_PAGE][1].split("Related provisions")[-1]
    _assert_same_as_fresh(cache, site, before)

    # The sentence taken out again: Article 12 no longer lists the note's article.
    before = _pages(site)
    _save(note, original)
    site = cache.build()
    assert cache.drew_all == "" and OTHER_PAGE in cache.changed
    _assert_same_as_fresh(cache, site, before)

    # A note broken by the save is left out (and reported); its article's page no longer shows it.
    before = _pages(site)
    _save(note, original.replace("themes: [dual-criminality", "themes: [[dual-criminality", 1))
    site = cache.build()
    assert "Dual criminality as a condition of mutual legal assistance" not in _pages(site)[NOTE_PAGE][1]
    _assert_same_as_fresh(cache, site, before)

    # A note deleted, then one added to another article.
    before = _pages(site)
    note.unlink()
    added = project_copy / "commentary" / "uncc" / "art-12" / "added.md"
    added.parent.mkdir(exist_ok=True)
    _save(added, original.replace("target: art-40-8", "target: art-12").split("proposals:")[0] + "---\nA note added during the preview.\n")
    site = cache.build()
    assert "A note added during the preview." in _pages(site)[OTHER_PAGE][1]
    _assert_same_as_fresh(cache, site, before)


def test_a_theme_label_reaches_every_page_that_shows_it(project_copy):
    cache = PreviewCache(project_copy)
    before = _pages(cache.build())
    # The label as drawn (a theme chip, a matrix row, a heading), not the words inside a note's title.
    showing = {uri for uri, (_title, markdown) in before.items() if re.search(r">Dual criminality<|^# Dual criminality$", markdown, re.M)}
    assert {NOTE_PAGE, "matrix.md", "themes/dual-criminality.md"} <= showing

    themes = project_copy / "commentary" / "themes.yml"
    _save(themes, themes.read_text(encoding="utf-8").replace("label: Dual criminality", "label: Double criminality renamed", 1))
    site = cache.build()
    assert cache.drew_all  # not a note: every page drawn
    after = _pages(site)
    for uri in showing:
        assert "Double criminality renamed" in after[uri][1] and ">Dual criminality<" not in after[uri][1], uri
        assert uri in cache.changed
    _assert_same_as_fresh(cache, site, before)


def test_a_concordance_change_reaches_every_page_that_shows_it(project_copy):
    cache = PreviewCache(project_copy)
    before = _pages(cache.build())
    concordance = project_copy / "content" / "uncc" / "concordances" / "cnd-2023.yml"
    text = concordance.read_text(encoding="utf-8")
    old = "General principles and procedures relating to mutual legal assistance"
    assert old in text
    _save(concordance, text.replace(f"title: {old}", "title: Principles of mutual assistance renamed in a preview", 1))
    site = cache.build()
    after = _pages(site)
    showing = {uri for uri, (_title, markdown) in after.items() if "Principles of mutual assistance renamed in a preview" in markdown}
    assert {"concordance.md", NOTE_PAGE} <= showing  # the concordance's page and the article the draft article became
    assert showing <= cache.changed
    _assert_same_as_fresh(cache, site, before)

    # The draft article now mapped to another adopted article: the note written against it moves with it.
    before = after
    mapped = re.sub(r'(draft: "61"\n(?:    .*\n)*?    adopted: )art-40', r"\1art-42", concordance.read_text(encoding="utf-8"), count=1)
    assert mapped != concordance.read_text(encoding="utf-8")
    _save(concordance, mapped)
    site = cache.build()
    _assert_same_as_fresh(cache, site, before)
