"""The engine on a tiny project of its own (tests/fixtures/tiny): two invented texts, one note with a proposal
and citations, built as a fork would build it. Every expectation is read from the fixture's files, so these
tests hold for any treaty; the shipped commentary has tests of its own."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import lxml.html
import pytest
import yaml

from commentary_build.cli import main
from commentary_build.load.importer import import_instrument
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from conftest import ROOT, build_with_mkdocs

FIXTURE = Path(__file__).parent / "fixtures" / "tiny"
NOTE = FIXTURE / "commentary" / "model" / "art-2" / "sovereignty-refusal.md"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def text_of(html_file: Path, selector: str) -> list[str]:
    tree = lxml.html.parse(str(html_file))
    return [" ".join(element.text_content().split()) for element in tree.getroot().cssselect(selector)]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A copy of the fixture with the shipped theme, under git as a contributor's clone is."""
    root = tmp_path_factory.mktemp("tiny") / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_AUTHOR_DATE": "2021-07-01T10:00:00+00:00",
           "GIT_COMMITTER_DATE": "2021-07-01T10:00:00+00:00", "PATH": "/usr/bin:/bin"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "The fixture"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    return root


@pytest.fixture(scope="module")
def tiny_site(tiny, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny-site")
    build_with_mkdocs(tiny, site, strict=True)
    return site


def test_the_fixture_checks_clean_and_its_texts_are_their_sources(tiny, tmp_path):
    project, analysis = load_and_check(tiny)
    assert [str(p) for p in project.report.problems] == []
    assert set(project.instruments) == {"model", "protocol"} and project.default_instrument.id == "model"
    assert [n.id for n in project.notes] and all(n.proposals for n in project.notes)
    # The texts under text/ are what `commentary import` makes of the sources, word for word.
    for instrument in ("model", "protocol"):
        again = tmp_path / instrument
        import_instrument(tiny / "content" / instrument, again)
        for made in again.rglob("*.yml"):
            assert made.read_text(encoding="utf-8") == (tiny / "content" / instrument / "text" / made.relative_to(again)).read_text(encoding="utf-8")


def test_every_article_of_both_texts_has_its_page_with_its_words(tiny, tiny_site):
    for instrument in ("model", "protocol"):
        for article_file in sorted((FIXTURE / "content" / instrument / "text" / "articles").glob("*.yml")):
            article = yaml.safe_load(article_file.read_text(encoding="utf-8"))
            page = tiny_site / instrument / article["id"] / "index.html"
            assert page.is_file(), f"no page for {instrument} {article['id']}"
            shown = " ".join(text_of(page, ".tc-text"))
            for paragraph in article["paragraphs"]:
                assert paragraph["text"] in shown
                for item in paragraph.get("items", []):
                    assert item["text"] in shown


def test_the_note_its_proposal_and_its_citations_reach_the_article_page(tiny_site):
    note = front_matter(NOTE)
    proposal = note["proposals"][0]
    page = tiny_site / "model" / "art-2" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert note["title"] in " ".join(text_of(page, "h2, h3"))
    # The proposal is marked as one wherever its wording is shown, and the adopted view comes first.
    bands = text_of(page, ".tc-proposal-band")
    assert bands and all("NOT ADOPTED" in band.upper() and proposal["proponent"].lower() in band.lower() for band in bands)
    inserted = proposal["edits"][1]["text"]
    assert inserted in " ".join(text_of(page, "ins"))
    assert html.index("art-2-2-b") < html.index(inserted)
    # Its citations are footnotes numbered through the page, in the order they are called.
    calls = [int(n) for n in re.findall(r'class="footnote-ref"[^>]*><a [^>]*>(\d+)<', html)]
    assert calls == sorted(calls) and calls[:1] == [1] and len(calls) >= 3
    # A stable anchor for each paragraph of the note.
    assert re.search(r'id="note-sovereignty-refusal-para-1"', html)


def test_a_paragraph_a_proposal_deletes_is_struck_in_the_blackline_and_gone_from_the_proposed_text(tiny, tmp_path):
    # The shipped commentary deletes no paragraph whole, so this note is added to a copy of the fixture.
    note = Path(__file__).parent / "fixtures" / "notes" / "delete-unit-requesting-state.md"
    root = tmp_path / "project"
    shutil.copytree(tiny, root)
    (root / "commentary" / "model" / "art-1").mkdir()
    shutil.copy(note, root / "commentary" / "model" / "art-1" / "requesting-state.md")
    site = tmp_path / "site"
    build_with_mkdocs(root, site, strict=True)
    [edit] = front_matter(note)["proposals"][0]["edits"]
    assert edit["op"] == "delete-unit"
    adopted = yaml.safe_load((FIXTURE / "content" / "model" / "text" / "articles" / "art-001.yml").read_text(encoding="utf-8"))
    wording = next(item["text"] for p in adopted["paragraphs"] for item in p.get("items", []) if item["id"] == edit["target"])
    doc = lxml.html.fromstring((site / "model" / "art-1" / "index.html").read_text(encoding="utf-8"))
    [block] = [b for b in doc.cssselect(".tc-redline-views") if wording in b.text_content()]
    views = {b.get("data-view"): b for b in block.cssselect(".tabbed-block")}
    struck = views["blackline"].cssselect(".tc-unit-deleted del")
    assert struck and wording in " ".join(struck[0].text_content().split())
    assert wording not in views["proposed"].text_content() and wording in views["adopted"].text_content()


def test_the_theme_the_concordance_and_the_second_text_are_linked(tiny_site):
    themes = yaml.safe_load((FIXTURE / "commentary" / "themes.yml").read_text(encoding="utf-8"))["themes"]
    note_themes = front_matter(NOTE)["themes"]
    for theme in themes:
        listed = " ".join(text_of(tiny_site / "themes" / theme["id"] / "index.html", "article"))
        assert (front_matter(NOTE)["title"] in listed) == (theme["id"] in note_themes)
    concordance = yaml.safe_load((FIXTURE / "content" / "model" / "instrument-concordances" / "protocol.yml").read_text(encoding="utf-8"))
    pair = concordance["pairs"][0]
    page = (tiny_site / "model" / pair["model"] / "index.html").read_text(encoding="utf-8")
    assert f"protocol/{pair['protocol']}/" in page


def test_the_open_data_and_akoma_ntoso_say_what_the_site_says(tiny, tiny_site):
    article = json.loads((tiny_site / "data" / "articles" / "model" / "art-2.json").read_text(encoding="utf-8"))
    note = front_matter(NOTE)
    [written] = [n for n in article["notes"] if n["title"] == note["title"]]
    assert written["proposals"] == [note["proposals"][0]["id"]] == [p["id"] for p in article["proposals"]]
    texts = [unit["text"] for unit in article["units"] if unit.get("text")]
    adopted = yaml.safe_load((FIXTURE / "content" / "model" / "text" / "articles" / "art-002.yml").read_text(encoding="utf-8"))
    assert adopted["paragraphs"][0]["text"] in texts
    for instrument in ("model", "protocol"):
        akn = ET.parse(tiny_site / "data" / f"{instrument}.akn.xml").getroot()
        words = " ".join(" ".join(element.itertext()) for element in akn.iter() if element.tag.endswith("}content"))
        assert "stored data" in words or "urgent request" in words


def test_word_tracks_the_proposal_and_keeps_the_adopted_text(tiny, tmp_path):
    output = tmp_path / "art-2.docx"
    assert main(["--root", str(tiny), "docx", "--articles", "art-2", "-o", str(output)]) == 0
    body = ET.fromstring(zipfile.ZipFile(output).read("word/document.xml"))
    proposal = front_matter(NOTE)["proposals"][0]
    inserted = "".join(t.text or "" for ins in body.iter(f"{WORD}ins") for t in ins.iter(f"{WORD}t"))
    deleted = "".join(t.text or "" for de in body.iter(f"{WORD}del") for t in de.iter(f"{WORD}delText"))
    assert proposal["edits"][1]["text"] in inserted and proposal["edits"][0]["quote"].strip() in deleted
    authors = {element.get(f"{WORD}author") for element in body.iter() if element.tag in (f"{WORD}ins", f"{WORD}del")}
    assert authors and all(proposal["proponent"] in (author or "") for author in authors)


def test_an_undivided_text_is_refused_not_left_out(tiny, tmp_path):
    """A text whose articles no division lists would have no pages at all: check says so."""
    root = tmp_path / "project"
    shutil.copytree(tiny, root, ignore=shutil.ignore_patterns(".git"))
    (root / "content" / "protocol" / "text" / "divisions.yml").write_text("[]\n", encoding="utf-8")
    project, _ = load_and_check(root)
    [problem] = [p for p in project.report.errors if p.code == d.TEXT_STRUCTURE]
    assert problem.location.path == "content/protocol/text/divisions.yml" and "no division" in problem.message


@pytest.mark.parametrize("settings", ["import: {}\n", "import: [1, 2]\n", "import:\n  preamble_heading: '(['\n"])
def test_import_settings_that_cannot_work_are_named_not_a_traceback(tiny, tmp_path, capsys, settings):
    root = tmp_path / "project"
    shutil.copytree(tiny, root, ignore=shutil.ignore_patterns(".git"))
    instrument = root / "content" / "protocol" / "instrument.yml"
    kept = instrument.read_text(encoding="utf-8").split("import:")[0]
    instrument.write_text(kept + settings, encoding="utf-8")
    assert main(["--root", str(root), "import", "protocol"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("content/protocol/instrument.yml: 'import'") and "Traceback" not in error


def test_a_pull_request_cannot_take_a_page_an_address_or_reverse_proposed_words(tiny, tmp_path):
    """What a hostile contributor tried: a theme named after the themes' index page, a javascript: address
    for a source, a right-to-left override in a proposal's new words, and a note named like another
    note's paragraph anchor."""
    root = tmp_path / "project"
    shutil.copytree(tiny, root, ignore=shutil.ignore_patterns(".git"))
    themes = root / "commentary" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("id: dual-criminality", "id: index"), encoding="utf-8")
    bibliography = root / "commentary" / "bibliography.yaml"
    bibliography.write_text(bibliography.read_text(encoding="utf-8") + '  URL: "javascript:alert(1)"\n', encoding="utf-8")
    inserted = front_matter(NOTE)["proposals"][0]["edits"][1]["text"]
    note = root / NOTE.relative_to(FIXTURE)
    note.write_text(note.read_text(encoding="utf-8").replace(inserted, inserted.replace("expose", "\u202etolla ton\u202c expose")), encoding="utf-8")
    (note.parent / f"{note.stem}-para-1.md").write_text(note.read_text(encoding="utf-8"), encoding="utf-8")
    project, _ = load_and_check(root)
    found = {(p.location.path, p.code) for p in project.report.problems}
    assert ("commentary/themes.yml", d.DATA_STRUCTURE) in found
    assert ("commentary/bibliography.yaml", "C041") in found
    assert (note.relative_to(root).as_posix(), d.INVISIBLE_CHARACTER) in found
    assert (f"commentary/model/art-2/{note.stem}-para-1.md", d.UNSAFE_NAME) in found
