"""`commentary new`: templates that report exactly their placeholders, pass once they are replaced,
and show on their page after a build."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter

import lxml.html
import pytest

from commentary_build.cli import main
from commentary_build.load.notes import (
    PLACEHOLDER_AUTHOR,
    PLACEHOLDER_BODY,
    PLACEHOLDER_NEW_NUMBER,
    PLACEHOLDER_NEW_WORDING,
    PLACEHOLDER_NOTE_TITLE,
    PLACEHOLDER_PROPOSAL_TITLE,
    PLACEHOLDER_RATIONALE,
)
from conftest import ROOT, build_with_mkdocs, read_page

# What a contributor writes in place of each placeholder.
REPLACEMENTS = {
    PLACEHOLDER_BODY: "Article 40(21)(b) is read narrowly by the roundtable.",
    PLACEHOLDER_RATIONALE: "The ground is too broad.",
    PLACEHOLDER_NOTE_TITLE: "A narrower ground for refusal",
    PLACEHOLDER_PROPOSAL_TITLE: "Narrow the ground",
    PLACEHOLDER_NEW_WORDING: "essential interests",
    PLACEHOLDER_AUTHOR: "Ana Example",
    f'"{PLACEHOLDER_NEW_NUMBER}"': '"(e)"',
}


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory):
    """One copy for the tests that must not write anything (each asserts that it did not)."""
    root = tmp_path_factory.mktemp("new-shared")
    for part in ("content", "commentary"):
        shutil.copytree(ROOT / part, root / part)
    return root


def new(root, *argv):
    return main(["--root", str(root), "new", *argv])


def check_json(root, capsys, *argv) -> dict:
    capsys.readouterr()
    code = main(["--root", str(root), "check", "--format", "json", *argv])
    report = json.loads(capsys.readouterr().out)
    report["exit"] = code
    return report


def test_new_scaffolds_report_exactly_their_placeholders_and_pass_once_replaced(project_copy, tmp_path_factory, capsys):
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

    # Untouched, every scaffold fails the check: one C017 per placeholder, at its field, and nothing else.
    report = check_json(project_copy, capsys)
    assert report["exit"] == 1
    found = Counter((p["path"].rsplit("/", 1)[-1], p["code"]) for p in report["problems"] if p["severity"] == "error")
    assert found == Counter({
        ("my-point.md", "C017"): 2,  # the author's name and the body (the title was given)
        ("narrow-interests.md", "C017"): 7,  # title, name, proposal title, proponent, rationale, wording, body
        ("new-ground.md", "C017"): 8,  # the same and the new unit's number
        ("drop-the.md", "C017"): 6,  # a deletion has no new wording
    }), report["problems"]
    messages = {p["message"] for p in report["problems"]}
    assert "authors[1].name still holds the template text 'Your Name'" in messages
    assert "proposals[1].edits[1].num still holds the template text '(new)'" in messages

    # Replaced, they pass: the check (strict too) and a strict build, and they show on their page.
    for name in ("my-point", "narrow-interests", "new-ground", "drop-the"):
        path = project_copy / f"commentary/uncc/art-40/{name}.md"
        text = path.read_text(encoding="utf-8")
        for placeholder, words in REPLACEMENTS.items():
            text = text.replace(placeholder, words)
        path.write_text(text, encoding="utf-8")
    report = check_json(project_copy, capsys, "--strict")
    assert report["exit"] == 0 and report["errors"] == 0, report["problems"]

    site = tmp_path_factory.mktemp("new-note-site")
    build_with_mkdocs(project_copy, site, strict=True)
    doc = lxml.html.fromstring(read_page(site, "uncc/art-40"))
    assert "Essential interests, read narrowly" in doc.get_element_by_id("note-my-point").text_content()
    body = doc.cssselect('.tc-note[data-note="uncc/art-40/my-point"]')[0]
    assert "Ana Example" in body.text_content() and "read narrowly by the roundtable" in body.text_content()
    for proposal_id in ("narrow-interests", "new-ground", "drop-the"):
        assert doc.get_element_by_id(f"proposal-{proposal_id}") is not None
    assert any("essential interests" in ins.text_content() for ins in doc.cssselect("ins"))


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
