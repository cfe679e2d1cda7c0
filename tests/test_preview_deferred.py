"""What a preview leaves until after the page is served still ends up as a fresh build makes it.

Under `mkdocs serve` the plugin makes the open data no page shows (Akoma Ntoso, the JSON API) after
the build, keeps the theme's environment and its list of static files between saves, and keeps
Material's search plugin from indexing pages for an index that is deleted. After a note save and
a treaty-text save in one session, data/ and the pages must be byte for byte those of a new session
started on the saved sources. Each session runs in its own process, as `mkdocs serve` does (MkDocs
keeps plugin instances for the whole process).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_project

NOTE = "commentary/uncc/art-40/dual-criminality.md"
TEXT_FILE = "content/uncc/text/articles/art-012.yml"

# One serve session, as mkdocs' serve command builds: on_startup once, then a build per save, each from a new
# configuration, into one kept site folder (--dirtyreload). Saves are given as "path" arguments: each appends or
# edits the file the way the test below does, then the session builds again.
_SESSION = r"""
import os, re, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
root, site_dir, saves = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
URL = "http://127.0.0.1:8000/"
def config():
    made = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir)
    made.site_url = URL
    return made
first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=URL, dirty=True)
for path in saves:
    target = root / path
    text = target.read_text(encoding="utf-8")
    if path.endswith(".md"):
        text += "\n\nDeferred marker: the same test is described in Article 12.\n"
    else:
        text = re.sub(r"(?m)^title: .*$", "title: Deferred title", text, count=1)
    target.write_text(text, encoding="utf-8")
    build(config(), serve_url=URL, dirty=True)
first.plugins.on_shutdown()
"""


def _session(root: Path, site: Path, *saves: str) -> None:
    done = subprocess.run([sys.executable, "-c", _SESSION, str(root), str(site), *saves], capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


def _files(site: Path, under: str) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / under).rglob("*")) if path.is_file()}


def test_a_previews_deferred_work_equals_a_new_session_on_the_saved_sources(tmp_path):
    edited = copy_project(tmp_path / "edited")
    _session(edited, tmp_path / "site-edited", NOTE, TEXT_FILE)
    # A new session on the sources as saved (the edited copy itself: the same paths, so the same addresses in the data).
    fresh = tmp_path / "site-fresh"
    _session(edited, fresh)
    served = tmp_path / "site-edited"

    data = _files(served, "data")
    assert data == _files(fresh, "data"), "data/ after the saves differs from a new session's"
    assert any(b"Deferred marker" in content for path, content in data.items() if path.startswith("data/articles/")), "the note's save reached the JSON API"
    assert any(b"Deferred title" in content for path, content in data.items() if path.endswith(".akn.xml") or "/akn/" in path), "the text's save reached Akoma Ntoso"
    for page in ("uncc/art-40/index.html", "uncc/art-12/index.html", "index.html"):
        assert (served / page).read_bytes() == (fresh / page).read_bytes(), page
    assert "Deferred marker" in (served / "uncc/art-40/index.html").read_text(encoding="utf-8")
    # The theme's static files are all there (the kept list), and Material's own index is not.
    assert _files(served, "assets") == _files(fresh, "assets") and _files(served, "assets")
    assert not (served / "search" / "search_index.json").exists()
