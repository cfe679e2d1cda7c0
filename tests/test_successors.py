"""The site built by the successors of MkDocs 1: ProperDocs (the maintained fork, running the same plugin) and
Zensical (which runs no third-party plugin, so `commentary write-docs` writes the engine's pages for it).

Both builds run in a subprocess: ProperDocs replaces the ``mkdocs`` modules of the process it runs in. The
Zensical build runs when `make site-zensical` has installed it (.venv-zensical); the docs folder it reads is
tested either way.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from commentary_build.cli import main
from conftest import ROOT, read_page

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


def _pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


@pytest.fixture(scope="module")
def written_docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("write-docs") / "zensical"
    assert main(["--root", str(ROOT), "write-docs", str(folder)]) == 0
    return folder


def test_write_docs_writes_every_page_with_its_front_matter_and_a_config(written_docs, built_site):
    docs = written_docs / "docs"
    generated = {p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")}
    built = {"index" if page == "." else page for page in _pages(built_site)}
    assert built <= {g.removesuffix("/index") for g in generated} | {"index"}
    matter = _front_matter(docs / "budapest" / "art-25.md")
    # The browser's title names the article first, as on the MkDocs site; the citation tags name the text first.
    assert matter["title"] == "Art 25 — General principles relating to mutual assistance · Budapest Convention"
    assert 'content="Budapest Convention, Article 25: General principles relating to mutual assistance"' in matter["tc_head"]
    assert "unofficial copy" in matter["description"] and 'name="citation_title"' in matter["tc_head"]
    article = _front_matter(docs / "uncc" / "art-40.md")
    assert article["tc_edit_url"].startswith("https://github.com/") and "Z3988" in article["tc_body"]
    assert (docs / "data" / "index.json").is_file() and (docs / "robots.txt").is_file()
    assert (docs / "assets" / "treaty-commentary" / "commentary.css").is_file() and (docs / "format" / "text.md").is_file()
    # Search works there too: its script and the index of the engine's records (Pagefind's fragments read back).
    from search_support import fragments

    assert (docs / "assets" / "treaty-commentary" / "search.js").is_file()
    records = fragments(docs)
    assert {record["meta"]["kind"] for record in records} == {"text", "commentary", "proposal", "tracker"}
    assert any(record["page"] == "uncc/art-40/" and "dual criminality" in record["content"] for record in records)
    config = yaml.safe_load((written_docs / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "assets/treaty-commentary/search.js" in config["extra_javascript"]
    assert Path(config["INHERIT"]) == ROOT / "mkdocs.yml" and config["plugins"] == ["search"]
    assert config["nav"][-2:] == [{"The text format": "format/text.md"}, {"Open data": "format/open-data.md"}]
    # Written again over itself; a folder it did not write is left alone.
    assert main(["--root", str(ROOT), "write-docs", str(written_docs)]) == 0
    assert main(["--root", str(ROOT), "write-docs", str(written_docs / "docs" / "uncc")]) == 1


def test_a_description_is_escaped_once_for_zensical_which_escapes_it_itself():
    from commentary_build.render import handoff

    matter = yaml.safe_load(handoff.front_matter({"title": "A & <b>", "description": "A & <b>"}, handoff.ZENSICAL_FRONT_MATTER)[4:-4])
    assert matter == {"title": "A &amp; &lt;b&gt;", "description": "A & <b>"}
    mkdocs = yaml.safe_load(handoff.front_matter({"description": "A & <b>"})[4:-4])
    assert mkdocs == {"description": "A &amp; &lt;b&gt;"}


@pytest.mark.skipif(not ZENSICAL.exists(), reason="Zensical is installed by `make site-zensical` (.venv-zensical)")
def test_zensical_builds_the_same_pages_with_their_citation_tags(written_docs, built_site):
    done = subprocess.run([str(ZENSICAL), "build", "--clean", "-f", str(written_docs / "mkdocs.yml")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    site = written_docs / "site"
    assert _pages(site) == _pages(built_site)
    html = read_page(site, "uncc/art-40")
    head = lxml.html.fromstring(html).find("head")
    assert [m.get("content") for m in head.iter("meta") if m.get("name") == "citation_title"] == \
        ["UN Convention against Cybercrime, Article 40: General principles and procedures relating to mutual legal assistance"]
    assert "&amp;amp;" not in html and len(re.findall('class="Z3988"', html)) > 1
    assert (site / "data" / "index.json").is_file() and "Sitemap:" in (site / "robots.txt").read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind.js").is_file() and "search.js" in html


def test_properdocs_builds_the_same_pages_with_the_same_plugin(project_copy, tmp_path, built_site):
    pytest.importorskip("properdocs")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdf: true", "pdf: false"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "--site-dir", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=600, env=env, cwd=project_copy)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _pages(tmp_path / "site") == _pages(built_site)
    assert 'name="citation_title"' in read_page(tmp_path / "site", "uncc/art-40")
