"""The concordance between the UN Convention and the Budapest Convention as data: loaded, checked, reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentary_build.cli import main as commentary
from commentary_build.load.project import load_project
from commentary_build.model import problems as d
from commentary_build.model.concordance import PAIR_KINDS
from commentary_build.pipeline import load_and_check

ROOT = Path(__file__).resolve().parent.parent
CONCORDANCE = Path("content/uncc/instrument-concordances/budapest.yml")


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _pairs(project):
    (concordance,) = project.instrument_concordances
    return concordance


def test_the_shipped_concordance_loads_without_problems(project):
    concordance = _pairs(project)
    assert (concordance.from_instrument, concordance.to_instrument) == ("uncc", "budapest")
    own = [p for p in project.report.problems if p.location.path == CONCORDANCE.as_posix()]
    assert own == []
    assert sum(concordance.counts_by_kind().values()) == len(concordance.pairs)
    assert {p.kind for p in concordance.pairs} <= set(PAIR_KINDS)


def test_the_clear_cases_are_recorded_as_certain(project):
    pairs = {(p.from_unit, p.to_unit): p for p in _pairs(project).pairs}
    clear = [(7, 2), (8, 3), (9, 4), (10, 5), (11, 6), (12, 7), (13, 8), (14, 9), (24, 15)]
    clear += [(25, 16), (26, 17), (27, 18), (28, 19), (29, 20), (30, 21), (41, 35)]
    clear += [(42, 29), (43, 30), (44, 31), (45, 33), (46, 34)]
    for un, budapest in clear:
        pair = pairs[(f"art-{un}", f"art-{budapest}")]
        assert pair.certainty == "certain", (un, budapest)
    # Budapest art 32 (trans-border access) has no UN counterpart: the run 42-46 ↔ 29-34 skips it.
    assert not [p for p in pairs.values() if p.to_unit.startswith("art-32")]


def test_every_pair_names_units_of_both_texts(project):
    uncc, budapest = project.instruments["uncc"], project.instruments["budapest"]
    for pair in _pairs(project).pairs:
        assert uncc.article_of(pair.from_unit) is not None
        assert budapest.article_of(pair.to_unit) is not None


def _append(project_dir: Path, text: str) -> int:
    """Append pair lines to the concordance; return the line number of the first one."""
    path = project_dir / CONCORDANCE
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines) + "\n" + text, encoding="utf-8")
    return len(lines) + 1


def test_an_invented_pair_is_an_error_with_file_and_line(project_copy):
    line = _append(project_copy, "  - uncc: art-99\n    budapest: art-15\n    kind: equivalent\n    certainty: certain\n")
    report = d.Report()
    load_and_check(project_copy, report)
    problems = [p for p in report.errors if p.code == d.TARGET_UNKNOWN and p.location.path == CONCORDANCE.as_posix()]
    assert len(problems) == 1
    assert problems[0].location.line == line
    assert "art-99" in problems[0].message


def test_an_unknown_budapest_paragraph_points_at_its_own_line(project_copy):
    line = _append(project_copy, "  - uncc: art-24-1\n    budapest: art-15-9\n    kind: equivalent\n    certainty: certain\n")
    report = d.Report()
    load_and_check(project_copy, report)
    (problem,) = [p for p in report.errors if p.location.path == CONCORDANCE.as_posix()]
    assert problem.code == d.TARGET_UNKNOWN
    assert problem.location.line == line + 1
    assert "Convention on Cybercrime" in problem.message


def test_bad_kind_and_certainty_are_reported(project_copy):
    line = _append(project_copy, "  - {uncc: art-24, budapest: art-14, kind: same, certainty: sure}\n")
    report = d.Report()
    load_and_check(project_copy, report)
    problems = [p for p in report.errors if p.location.path == CONCORDANCE.as_posix()]
    assert {p.code for p in problems} == {d.DATA_STRUCTURE}
    assert {p.location.line for p in problems} == {line}
    assert len(problems) == 2


def test_commentary_check_reports_the_invented_pair(project_copy, capsys):
    line = _append(project_copy, "  - {uncc: art-99, budapest: art-15, kind: equivalent, certainty: certain}\n")
    status = commentary(["--root", str(project_copy), "check", "--format", "github"])
    out = capsys.readouterr().out
    assert status == 1
    assert f"file={CONCORDANCE.as_posix()},line={line}" in out
    assert "C010" in out
