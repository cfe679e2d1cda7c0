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
        assert isinstance(project.bibliography[source.entry].data["status"], dict)
        assert source.status_register is not None and source.status_register.url.startswith("https://")
    # The Budapest text is reproduced from an unofficial mirror; the UN text from the official document.
    assert edition.texts["budapest"].unofficial and not edition.texts["uncc"].unofficial
    assert not [p for p in project.report.problems if p.location.path == EDITION]


def test_an_unofficial_copy_without_its_official_source_is_an_error(project_copy):
    path = project_copy / EDITION
    text = path.read_text(encoding="utf-8")
    official = (
        "    official:\n"
        "      label: Convention on Cybercrime (ETS No. 185), Council of Europe Treaty Office\n"
        "      url: https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum=185\n"
    )
    assert official in text
    path.write_text(text.replace(official, ""), encoding="utf-8")
    project, _ = load_and_check(project_copy)
    (problem,) = [p for p in project.report.problems if p.location.path == EDITION]
    assert problem.code == d.DATA_STRUCTURE and "texts.budapest" in problem.message and "official" in problem.message


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
    text = path.read_text(encoding="utf-8").replace("    entry: budapest-convention-2001", "    entry: no-such-entry").replace("  uncc:\n", "  uncx:\n")
    path.write_text(text, encoding="utf-8")
    project, _ = load_and_check(project_copy)
    codes = sorted(p.code for p in project.report.problems if p.location.path == EDITION)
    # uncx names no text; budapest names no entry the bibliography holds; uncc, renamed away, has no entry at all.
    assert codes == sorted([d.INSTRUMENT_UNKNOWN, d.CITATION_UNKNOWN, d.TEXT_WITHOUT_ENTRY])


def test_no_edition_file_gives_a_bare_default(project_copy):
    (project_copy / EDITION).unlink()
    project, _ = load_and_check(project_copy)
    assert project.edition.title and not project.edition.contributors
    assert not project.report.errors
