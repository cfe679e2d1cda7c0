"""The corpus of bad inputs: each file reports its code at its line, and nothing else changes.

Every case is dropped into a fresh copy of the project, which is then loaded and
rendered by the engine the build and `commentary check` share. The new problems must be
exactly the expected ones, all in the dropped file, and the shipped notes must all
still load: one bad file never hides or breaks the rest. Data files are dropped where
they belong (``path``) or appended to a shipped one (``append_to``), symbolic links made
(``link_to``); see the header of expectations.yml.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from commentary_build.check import check_project
from commentary_build.cli import main
from commentary_build.load.project import load_project
from commentary_build.model import problems as d
from commentary_build.render.site import build_site
from conftest import ROOT

CORPUS = Path(__file__).parent / "bad_inputs"
CASES: dict = yaml.safe_load((CORPUS / "expectations.yml").read_text(encoding="utf-8"))
DEFAULT_PLACE = "commentary/uncc/art-40"


def engine_problems(root: Path, render: bool = True):
    report = d.Report()
    project = load_project(root, report)
    analysis = check_project(project)
    if render:
        build_site(project, analysis)
    return project, report.problems


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("baseline")
    for part in ("content", "commentary"):
        shutil.copytree(ROOT / part, root / part)
    project, problems = engine_problems(root)
    assert [p for p in problems if p.severity == "error"] == [], "the shipped content must check clean"
    return len(project.notes), set(problems)


def drop(project_dir: Path, name: str, data: bytes, place: str = DEFAULT_PLACE) -> str:
    rel = f"{place}/{name}"
    (project_dir / rel).write_bytes(data)
    return rel


def place_case(project_dir: Path, name: str, case: dict) -> tuple[str, int]:
    """Put the corpus file where its case says; its path in the project and the line offset of its lines."""
    data = (CORPUS / name).read_bytes()
    if "append_to" in case:
        rel = case["append_to"]
        target = project_dir / rel
        original = target.read_bytes()
        target.write_bytes(original + data)
        return rel, original.count(b"\n")
    rel = case.get("path") or f"{case.get('place', DEFAULT_PLACE)}/{name}"
    target = project_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if "link_to" in case:
        os.symlink(os.path.relpath(project_dir / case["link_to"], target.parent), target)
    else:
        target.write_bytes(data)
    return rel, 0


def assert_only(problems, baseline_problems, rel: str, expected: list, warnings: list | None = None, offset: int = 0) -> None:
    new = [p for p in problems if p not in baseline_problems]
    assert {p.location.path for p in new} <= {rel}, [p.format() for p in new]
    for severity, wanted_list in (("error", expected), ("warning", warnings or [])):
        found = sorted((p.code, p.location.line, p.location.column) for p in new if p.severity == severity)
        wanted = sorted((e[0], e[1] + offset, *e[2:]) for e in wanted_list)
        # A column is asserted where the expectation gives one (a field's value); lines always.
        got = [f[: len(w)] for f, w in zip(found, wanted)] if len(found) == len(wanted) else found
        assert got == wanted, [p.format() for p in new]


def test_the_corpus_is_large_enough_and_every_file_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.name != "expectations.yml" and not p.name.startswith(".")}
    assert files == set(CASES)
    assert len(files) + 1 >= 30  # +1: the large file is generated


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(project_copy, baseline, name):
    case = CASES[name]
    shipped_notes, baseline_problems = baseline
    rel, offset = place_case(project_copy, name, case)
    # A file the loader rejects never reaches the renderer, so loading is the whole check;
    # a loaded one is rendered with everything else, where its redlines and citations resolve.
    project, problems = engine_problems(project_copy, render=case.get("loaded", False) or "path" in case or "append_to" in case)
    assert_only(problems, baseline_problems, rel, case["problems"], case.get("warnings"), offset)
    if "message" in case:
        assert any(case["message"] in p.message for p in problems if p.location.path == rel), [p.format() for p in problems if p.location.path == rel]
    assert len(project.notes) == shipped_notes + case.get("notes", 1 if case.get("loaded") else 0)
    if "anchor" in case:
        assert [n.anchor for n in project.notes if n.path == rel] == [case["anchor"]]


def test_a_very_large_file_is_refused(project_copy, baseline):
    shipped_notes, baseline_problems = baseline
    valid = (CORPUS / "bom-crlf-valid.md").read_bytes()
    body = b"A paragraph of commentary that goes on and on.\n\n" * 12_000
    rel = drop(project_copy, "very-large.md", valid + body)
    assert (project_copy / rel).stat().st_size > 512 * 1024
    project, problems = engine_problems(project_copy, render=False)
    assert_only(problems, baseline_problems, rel, [["C008", 1]])
    assert len(project.notes) == shipped_notes


def test_a_missing_title_in_the_bibliography_is_one_problem_not_one_per_citing_note(project_copy, baseline):
    """Generated from the shipped bibliography: the most cited entry loses its title."""
    shipped_notes, baseline_problems = baseline
    path = project_copy / "commentary/bibliography.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("- id: gitoc-roundtable-2023")
    title = next(i for i in range(start, len(lines)) if lines[i].startswith("  title:"))
    del lines[title]
    path.write_text("\n".join(lines), encoding="utf-8")
    project, problems = engine_problems(project_copy)
    new = [p for p in problems if p not in baseline_problems]
    assert [(p.code, p.location.path, p.location.line) for p in new] == [(d.BIBLIOGRAPHY_ENTRY, "commentary/bibliography.yaml", start + 1)], [p.format() for p in new]
    assert "'title' is required" in new[0].message
    assert len(project.notes) == shipped_notes


# --------------------------------------------------------------------------- the CLI on a few of them


def run_check(root: Path, capsys, *argv) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "check", *argv])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", ["stale-quote.md", "typo-tittle.md", "not-utf8.md"])
def test_check_json_names_code_file_and_line(project_copy, capsys, name):
    rel = drop(project_copy, name, (CORPUS / name).read_bytes())
    code, out = run_check(project_copy, capsys, "--format", "json")
    assert code == 1
    report = json.loads(out)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert report["errors"] == len(errors)
    expected = sorted((c[0], c[1]) for c in CASES[name]["problems"])
    assert sorted((p["code"], p["line"]) for p in errors) == expected
    assert {p["path"] for p in errors} == {rel}
    assert all(p["help"] == d.CODES[p["code"]].fix or p["help"] for p in errors)


def test_check_github_annotations(project_copy, capsys):
    rel = drop(project_copy, "stale-quote.md", (CORPUS / "stale-quote.md").read_bytes())
    code, out = run_check(project_copy, capsys, "--format", "github")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert errors == [errors[0]] and errors[0].startswith(f"::error file={rel},line=16,col=9,title=C030 quoted anchor not found::quote ")
    assert "closest passage" in errors[0] and "\n" not in errors[0]
    assert all(line.startswith(("::error ", "::warning ")) for line in out.splitlines())


def test_check_of_a_valid_bom_crlf_file_passes(project_copy, capsys):
    rel = drop(project_copy, "bom-crlf-valid.md", (CORPUS / "bom-crlf-valid.md").read_bytes())
    code, out = run_check(project_copy, capsys, "--format", "json", str(project_copy / rel))
    assert code == 0 and json.loads(out)["errors"] == 0


def test_check_of_a_file_outside_the_folders(project_copy, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "note.md"
    elsewhere.write_bytes((CORPUS / "bom-crlf-valid.md").read_bytes())
    inside_but_wrong = project_copy / "docs" / "note.md"
    inside_but_wrong.write_bytes(elsewhere.read_bytes())
    code, out = run_check(project_copy, capsys, "--format", "json", str(elsewhere), str(inside_but_wrong))
    assert code == 1
    problems = json.loads(out)["problems"]
    assert sorted((p["code"], p["path"]) for p in problems) == sorted([("C009", str(elsewhere)), ("C009", "docs/note.md")])
