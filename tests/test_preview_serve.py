"""The README's preview command (`mkdocs serve --dirtyreload`, which renders again only the pages the plugin
marks as changed) never serves a stale page: a theme label saved reaches every page that shows it, and a
note saved reaches its article and the article it starts naming. A real server on a copy of the project,
every wait bounded (bench/serve_probe.py); the figures of how fast are in the bench, not here."""

from __future__ import annotations

import re
import time

from bench.serve_probe import fetch, serving, wait_for
from tests.conftest import copy_project

NOTE = "commentary/uncc/art-40/dual-criminality.md"


def _referred_by(html: str | None) -> str:
    """The "Referred to by" list of an article page (the navigation links every article, so only this list tells)."""
    found = re.search(r'<ul class="tc-referred-by">(.*?)</ul>', html or "", re.S)
    return found.group(1) if found else ""


def test_dirtyreload_serves_every_page_a_save_reaches(tmp_path):
    root = copy_project(tmp_path / "project")
    with serving(root, "--dirtyreload") as (base, _server):
        pages_with_label = ("uncc/art-40/", "uncc/art-35/", "matrix/", "themes/dual-criminality/")
        for url in pages_with_label:
            assert ">Dual criminality<" in (fetch(base + url) or "")

        themes = root / "commentary" / "themes.yml"
        themes.write_text(themes.read_text(encoding="utf-8").replace("label: Dual criminality", "label: Double criminality renamed", 1), encoding="utf-8")
        for url in pages_with_label:
            assert wait_for(base + url, ">Double criminality renamed<", timeout=60) is not None, url
            assert ">Dual criminality<" not in (fetch(base + url) or "")

        assert "art-40/" not in _referred_by(fetch(base + "uncc/art-12/"))
        note = root / NOTE
        note.write_text(note.read_text(encoding="utf-8") + "\n\nServe marker: the same test is described in Article 12.\n", encoding="utf-8")
        assert wait_for(base + "uncc/art-40/", "Serve marker: the same test", timeout=60) is not None
        # Article 12 is now referred to by Article 40's commentary: its page is rendered again, not left as it was.
        deadline = time.monotonic() + 30
        while "art-40/" not in _referred_by(fetch(base + "uncc/art-12/")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "art-40/" in _referred_by(fetch(base + "uncc/art-12/"))
