"""Bad commentary gives a message with file and line; strict builds fail, plain builds list it and go on."""

from __future__ import annotations

import textwrap

import pytest
from mkdocs.exceptions import Abort

from commentary_build.check import check_project
from commentary_build.load.project import load_project
from commentary_build.model import problems as d
from commentary_build.render.site import build_site
from conftest import ROOT, build_with_mkdocs

GOOD_HEAD = """---
title: A test note
target: {target}
authors:
  - name: Test Author
date: 2025-01-01
themes: [scope]
---
Body.
"""


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_for(root, path_fragment):
    project = load_project(root)
    build_site(project, check_project(project))
    return [p for p in project.report.problems if path_fragment in p.location.path], project


CASES = {
    "malformed-front-matter": (
        "---\ntitle: [unclosed\ntarget: art-40\n---\nBody\n",
        d.YAML_SYNTAX,
        3,
    ),
    "unknown-target": (GOOD_HEAD.format(target="art-40-99"), d.TARGET_UNKNOWN, 3),
    "unknown-cnd-number": (GOOD_HEAD.format(target="cnd-2023:999"), d.CONCORDANCE_UNKNOWN, 3),
    "cnd-without-counterpart": (GOOD_HEAD.format(target="cnd-2023:78"), d.NO_COUNTERPART, 3),
    "missing-field": ("---\ntitle: No date\ntarget: art-40\nauthors: [{name: A}]\nthemes: [scope]\n---\nBody\n", d.FIELD_MISSING, 2),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_note_names_file_line_and_fix(project_copy, name):
    text, code, line = CASES[name]
    write(project_copy, f"commentary/uncc/art-40/{name}.md", text)
    found, project = problems_for(project_copy, name)
    assert [p.code for p in found] == [code], [p.format() for p in found]
    assert found[0].location.line == line
    assert found[0].location.path == f"commentary/uncc/art-40/{name}.md"
    assert found[0].fix, "every problem says what to do"
    # Everything else still loads: every shipped note, and nothing from the bad file.
    assert len(project.notes) == len(list((ROOT / "commentary").rglob("*.md")))


def test_cnd_number_resolves_through_the_concordance(project_copy):
    write(project_copy, "commentary/uncc/art-40/via-cnd.md", GOOD_HEAD.format(target="cnd-2023:61"))
    project = load_project(project_copy)
    note = next(n for n in project.notes if n.path.endswith("via-cnd.md"))
    assert note.target == "art-40" and note.article_id == "art-40"
    assert note.concordance_entry.draft_ref == "61"


def test_duplicate_proposal_id_is_reported_at_the_second_one(project_copy):
    proposal = """proposals:
  - id: same-id
    title: A proposal
    proponent: Someone
    date: 2025-01-01
    rationale: Why.
    edits:
      - target: art-40-25
        op: insert-after
        quote: "Reasons shall be given"
        text: " in writing"
"""
    for name in ("first", "second"):
        write(project_copy, f"commentary/uncc/art-40/{name}.md", GOOD_HEAD.format(target="art-40-25").replace("---\nBody", proposal + "---\nBody"))
    project = load_project(project_copy)
    duplicates = [p for p in project.report.problems if p.code == d.DUPLICATE_ID]
    assert len(duplicates) == 1
    assert duplicates[0].location.path.endswith("second.md")
    assert "first.md" in duplicates[0].message


def test_strict_build_fails_and_plain_build_renders_the_rest(project_copy, tmp_path, caplog):
    write(project_copy, "commentary/uncc/art-40/broken.md", GOOD_HEAD.format(target="art-40-99"))
    with pytest.raises(Abort):
        build_with_mkdocs(project_copy, tmp_path / "strict", strict=True)
    site = tmp_path / "plain"
    build_with_mkdocs(project_copy, site, strict=False)
    assert (site / "uncc" / "art-40" / "index.html").exists()
    html = (site / "uncc" / "art-40" / "index.html").read_text(encoding="utf-8")
    assert "tc-note" in html, "the shipped notes still render"
    assert "commentary/uncc/art-40/broken.md:3" in caplog.text
    assert "C010" in caplog.text


def test_a_file_no_build_reads_is_reported_not_dropped(project_copy):
    write(project_copy, "commentary/uncc/art-40/forgotten.markdown", GOOD_HEAD.format(target="art-40"))
    write(project_copy, "commentary/uncc/art-40/.gitkeep", "")
    project = load_project(project_copy)
    found = [p for p in project.report.problems if p.code == d.FILE_IGNORED]
    assert [(p.location.path, p.severity) for p in found] == [("commentary/uncc/art-40/forgotten.markdown", "warning")]
    assert not [p for p in project.report.problems if p.severity == "error"]


def test_a_warning_about_the_inputs_fails_a_strict_build(project_copy, tmp_path, caplog):
    """W062 (a file no build reads) fails --strict, as the README says; W061 alone does not (tested in provenance)."""
    write(project_copy, "commentary/uncc/art-40/forgotten.markdown", GOOD_HEAD.format(target="art-40"))
    with pytest.raises(Abort):
        build_with_mkdocs(project_copy, tmp_path / "strict", strict=True)
    assert "W062" in caplog.text
