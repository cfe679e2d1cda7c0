"""The edition file: read once, validated with file and line, and checked against the texts and the bibliography."""

from __future__ import annotations

from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check

EDITION = "commentary/edition.yml"


def test_shipped_edition_loads_with_its_sources_and_statuses():
    from conftest import ROOT

    project, _ = load_and_check(ROOT)
    edition = project.edition
    assert edition.title and edition.editors and edition.licence and edition.contact
    assert set(edition.texts) == set(project.instruments)
    for source in edition.texts.values():
        assert source.official is not None and source.official.url.startswith("https://")
        assert isinstance(project.bibliography[source.status_entry].data["status"], dict)
    assert not [p for p in project.report.problems if p.location.path == EDITION]


def test_a_wrong_type_is_reported_at_its_line_and_the_rest_builds(project_copy):
    path = project_copy / EDITION
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("contributors: []") + 1
    path.write_text(text.replace("contributors: []", "contributors: Ada"), encoding="utf-8")
    project, _ = load_and_check(project_copy)
    (problem,) = [p for p in project.report.problems if p.location.path == EDITION]
    assert problem.code == d.DATA_STRUCTURE and problem.location.line == line
    assert project.notes, "the commentary still loads"


def test_unknown_text_and_missing_status_are_errors(project_copy):
    path = project_copy / EDITION
    text = path.read_text(encoding="utf-8").replace("    status: budapest-convention-2001", "    status: no-such-entry").replace("  uncc:\n", "  uncx:\n")
    path.write_text(text, encoding="utf-8")
    project, _ = load_and_check(project_copy)
    codes = sorted(p.code for p in project.report.problems if p.location.path == EDITION)
    assert codes == sorted([d.INSTRUMENT_UNKNOWN, d.CITATION_UNKNOWN])


def test_no_edition_file_gives_a_bare_default(project_copy):
    (project_copy / EDITION).unlink()
    project, _ = load_and_check(project_copy)
    assert project.edition.title and not project.edition.contributors
    assert not project.report.errors
