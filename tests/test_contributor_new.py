"""`commentary new`: templates that pass the checker as written and show on their page after a build."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import lxml.html
import pytest

from commentary_build.cli import main
from conftest import ROOT, build_with_mkdocs, read_page


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory):
    """One copy for the tests that must not write anything (each asserts that it did not)."""
    root = tmp_path_factory.mktemp("new-shared")
    for part in ("content", "commentary"):
        shutil.copytree(ROOT / part, root / part)
    return root


def new(root, *argv):
    return main(["--root", str(root), "new", *argv])


def check_json(root, capsys) -> dict:
    capsys.readouterr()
    code = main(["--root", str(root), "check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    report["exit"] = code
    return report


def test_new_note_and_redlines_pass_check_and_show_on_the_article_page(project_copy, tmp_path_factory, capsys):
    assert new(project_copy, "note", "--article", "40", "--paragraph", "21", "--subparagraph", "(b)", "--slug", "my-point", "--title", "Essential interests, read narrowly") == 0
    printed = capsys.readouterr().out.strip()
    assert printed == "commentary/uncc/art-40/my-point.md"
    text = (project_copy / printed).read_text(encoding="utf-8")
    assert 'target: "art-40-21-b"' in text and f"date: {dt.date.today().isoformat()}" in text
    assert "# The provision the note annotates" in text  # commented from the schema's descriptions

    assert new(project_copy, "redline", "--target", "art-40-21-b", "--quote", "sovereignty, security, ordre public", "--slug", "narrow-interests") == 0
    assert capsys.readouterr().out.strip() == "commentary/uncc/art-40/narrow-interests.md"
    assert new(project_copy, "redline", "--target", "art-40-21-d", "--op", "add-after", "--slug", "new-ground") == 0
    assert new(project_copy, "redline", "--target", "art-40-21-b", "--quote", "the", "--occurrence", "2", "--op", "delete", "--slug", "drop-the") == 0

    report = check_json(project_copy, capsys)
    assert report["exit"] == 0 and report["errors"] == 0, report["problems"]

    site = tmp_path_factory.mktemp("new-note-site")
    build_with_mkdocs(project_copy, site, strict=True)
    doc = lxml.html.fromstring(read_page(site, "uncc/art-40"))
    assert "Essential interests, read narrowly" in doc.get_element_by_id("note-my-point").text_content()
    body = doc.cssselect('.tc-note[data-note="uncc/art-40/my-point"]')[0]
    assert "Your Name" in body.text_content() and "Replace this paragraph" in body.text_content()
    for proposal_id in ("narrow-interests", "new-ground", "drop-the"):
        assert doc.get_element_by_id(f"proposal-{proposal_id}") is not None
    assert any("Your new wording" in ins.text_content() for ins in doc.cssselect("ins"))


def test_new_refuses_to_overwrite(project_copy, capsys):
    existing = project_copy / "commentary/uncc/art-40/dual-criminality.md"
    before = existing.read_bytes()
    assert new(project_copy, "note", "--article", "40", "--slug", "dual-criminality") == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["note", "--article", "40", "--paragraph", "33"], "C010", "'art-40' exists; its parts are: art-40-1"),
        (["note", "--article", "69"], "C010", "'art-69' is not a provision"),
        (["note", "--target", "cnd-2023:78"], "C012", "has no counterpart"),
        (["note", "--target", "cnd-2023:999"], "C011", "is not in the concordance"),
        (["note", "--article", "40", "--theme", "no-such-theme"], "C015", "'no-such-theme' is not in the vocabulary"),
        (["redline", "--target", "art-40-21-b", "--quote", "sovereignty, securty, ordre public"], "C030", 'closest passage: "sovereignty, security, ordre public'),
        (["redline", "--target", "art-40-21-b", "--quote", "the"], "C031", "occurs"),
        (["redline", "--target", "art-40-21-b"], "C035", "needs 'quote:'"),
        (["redline", "--target", "art-40-99", "--quote", "x"], "C010", "'art-40-99' is not a provision"),
    ],
)
def test_new_validates_before_writing(shared_copy, capsys, argv, code, message):
    before = sorted(p for p in (shared_copy / "commentary").rglob("*.md"))
    assert new(shared_copy, *argv) == 2
    err = capsys.readouterr().err
    assert f"error[{code}]" in err and message in err, err
    assert sorted(p for p in (shared_copy / "commentary").rglob("*.md")) == before
