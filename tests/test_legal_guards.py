"""Guards that keep the commentary true: a citation's page exists in its source, and a concordance
never calls two articles equivalent while pairing their paragraphs as only partly so."""

from __future__ import annotations

from pathlib import Path

import yaml

from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check

CONCORDANCE = Path("content/uncc/instrument-concordances/budapest.yml")
NOTE = """---
title: A page the report does not have
target: art-40
authors:
  - name: Test Author
date: 2025-01-01
themes: [scope]
---
The report says so [@gitoc-roundtable-2023, p 6], and also [@gitoc-roundtable-2023, pp 8–12].
"""


def _problems(root: Path, code: str):
    project, _analysis = load_and_check(root)
    return [p for p in project.report.problems if p.code == code]


def test_shipped_project_passes_both_guards():
    root = Path(__file__).resolve().parent.parent
    assert _problems(root, d.PINPOINT_OUTSIDE) == []
    assert _problems(root, d.CONCORDANCE_KIND) == []


def test_a_page_outside_the_source_is_an_error_at_its_line(project_copy):
    path = project_copy / "commentary/uncc/art-40/outside.md"
    path.write_text(NOTE, encoding="utf-8")
    (problem,) = _problems(project_copy, d.PINPOINT_OUTSIDE)
    assert problem.location.path == "commentary/uncc/art-40/outside.md" and problem.location.line == 9
    assert "pp 8–12" in problem.message and "p 1 to p 9" in problem.message


def test_an_equivalent_article_pair_over_a_partly_equivalent_paragraph_pair_is_an_error(project_copy):
    path = project_copy / CONCORDANCE
    text = path.read_text(encoding="utf-8")
    changed = text.replace("  - {uncc: art-23-2, budapest: art-14-2, kind: equivalent, certainty: certain}",
                           "  - {uncc: art-23-2, budapest: art-14-2, kind: partly-equivalent, certainty: certain}")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    (problem,) = _problems(project_copy, d.CONCORDANCE_KIND)
    assert problem.location.path == CONCORDANCE.as_posix()
    assert problem.location.line == text.splitlines().index("  - {uncc: art-23, budapest: art-14, kind: equivalent, certainty: certain}") + 1
    assert "art-23-2 ↔ art-14-2 is 'partly-equivalent'" in problem.message


def test_a_remark_saying_why_is_accepted(project_copy):
    path = project_copy / CONCORDANCE
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - {uncc: art-23-2, budapest: art-14-2, kind: equivalent, certainty: certain}",
                        "  - {uncc: art-23-2, budapest: art-14-2, kind: partly-equivalent, certainty: certain}")
    text = text.replace("  - {uncc: art-23, budapest: art-14, kind: equivalent, certainty: certain}",
                        "  - {uncc: art-23, budapest: art-14, kind: equivalent, certainty: certain, remark: \"Equivalent as wholes; paragraph 2 differs in one respect.\"}")
    path.write_text(text, encoding="utf-8")
    assert _problems(project_copy, d.CONCORDANCE_KIND) == []


BASED_ON = """---
title: A note resting on the report
target: art-40
authors:
  - name: Test Author
date: 2025-01-01
based_on:
  - source: gitoc-roundtable-2023
  - source: no-such-source
    pinpoint: p 3
themes: [scope]
---
Body.
"""


def test_a_note_based_on_a_report_names_its_pages_and_a_known_source(project_copy):
    (project_copy / "commentary/uncc/art-40/based.md").write_text(BASED_ON, encoding="utf-8")
    project, _analysis = load_and_check(project_copy)
    found = sorted((p.code, p.location.line) for p in project.report.problems if p.location.path.endswith("based.md"))
    # each at the line of its based_on entry
    assert found == sorted([(d.BASED_ON_PINPOINT, 8), (d.CITATION_UNKNOWN, 9)])
    note = next(n for n in project.notes if n.path.endswith("based.md"))
    assert [b.source for b in note.based_on] == ["gitoc-roundtable-2023", "no-such-source"]


def test_a_treaty_status_without_its_source_or_with_an_unknown_state_is_an_error_not_silence(project_copy):
    path = project_copy / "commentary/bibliography.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The first status's own state (indented as a field of `status`, not of one of its facts).
    index = next(i for i, line in enumerate(lines) if line.startswith("    state: "))
    lines[index] = "    state: pending"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project, _analysis = load_and_check(project_copy)
    problems = [p for p in project.report.problems if p.location.path == "commentary/bibliography.yaml"]
    assert problems and all(p.code == d.BIBLIOGRAPHY_ENTRY for p in problems), [p.format() for p in problems]
    assert any("state" in p.message and p.location.line == index + 1 for p in problems)


def test_the_status_is_read_by_the_loader_and_cited(project_copy):
    raw = next(item for item in yaml.safe_load((project_copy / "commentary/bibliography.yaml").read_text(encoding="utf-8"))
               if item["id"] == "un-cybercrime-convention-2024")["status"]
    project, _analysis = load_and_check(project_copy)
    status = project.bibliography["un-cybercrime-convention-2024"].status
    assert status is not None and status.state == raw["state"] and status.as_of == tuple(int(x) for x in raw["as-of"].split("-"))
    assert status.source == " ".join(raw["source"].split())
    # Its dated facts come with it, in date order, each with its source.
    assert [(f.date, f.source) for f in status.facts] == sorted(
        (tuple(int(x) for x in f["date"].split("-")), " ".join(f["source"].split())) for f in raw.get("facts", []))
