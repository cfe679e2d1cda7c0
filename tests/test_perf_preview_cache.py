"""The preview cache behind `make serve`: reused only while no source changed, never stale.

Each test walks through several saves on one cache, because every rebuild of the
shipped project costs a full engine run.
"""

from __future__ import annotations

import os

from commentary_build.pipeline import PreviewCache

NOTE = "commentary/uncc/art-40/dual-criminality.md"
NOTE_PAGE = "uncc/art-40.md"
TEXT_FILE = "content/uncc/text/articles/art-012.yml"
TEXT_PAGE = "uncc/art-12.md"


def _page(site, src_uri):
    return next(page for page in site.pages if page.src_uri == src_uri)


def test_first_build_lists_every_page_and_unchanged_sources_reuse_it(project_copy):
    cache = PreviewCache(project_copy)
    first = cache.build()
    assert not cache.reused
    assert cache.changed == {page.src_uri for page in first.pages}
    (project_copy / "docs" / "format" / "text.md").write_text("edited outside the engine's sources\n", encoding="utf-8")
    assert cache.build() is first
    assert cache.reused and cache.changed == set()


def test_every_save_shows_at_once_and_only_affected_pages_change(project_copy):
    cache = PreviewCache(project_copy)
    cache.build()

    with open(project_copy / NOTE, "a", encoding="utf-8") as note:
        note.write("\n\nA sentence added while previewing.\n")
    site = cache.build()
    assert not cache.reused
    assert "A sentence added while previewing." in _page(site, NOTE_PAGE).markdown
    assert NOTE_PAGE in cache.changed
    assert TEXT_PAGE not in cache.changed  # an article the note does not touch is left alone
    assert len(cache.changed) < len(site.pages) / 4

    # Same size, and a clock too coarse could give the same mtime: force a later one.
    path = project_copy / NOTE
    text = path.read_text(encoding="utf-8")
    assert "necessary requirement" in text
    before = path.stat()
    path.write_text(text.replace("necessary requirement", "necessary Requirement", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    site = cache.build()
    assert "necessary Requirement" in _page(site, NOTE_PAGE).markdown
    assert NOTE_PAGE in cache.changed

    text_path = project_copy / TEXT_FILE
    old_title = "title: Information and communications technology system-related forgery"
    text_path.write_text(text_path.read_text(encoding="utf-8").replace(old_title, "title: Forgery renamed in a preview"), encoding="utf-8")
    site = cache.build()
    assert "Forgery renamed in a preview" in _page(site, TEXT_PAGE).markdown
    assert TEXT_PAGE in cache.changed


def test_saving_an_override_template_rebuilds_the_pages_that_draw_it(project_copy):
    folder = project_copy / "overrides" / "commentary"
    folder.mkdir(parents=True)
    cache = PreviewCache(project_copy, (folder,))
    cache.build()
    (folder / "note.html").write_text('<div class="fork-note">{{ note.title }}</div>\n', encoding="utf-8")
    site = cache.build()
    assert not cache.reused
    assert NOTE_PAGE in cache.changed and TEXT_PAGE not in cache.changed
    assert '<div class="fork-note">' in _page(site, NOTE_PAGE).markdown
