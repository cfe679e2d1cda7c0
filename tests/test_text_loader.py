"""Bad text files give problems with code, file and line; the loader never raises on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commentary_build.load.texts import load_instrument, load_instruments
from commentary_build.model import problems as d
from commentary_build.model.problems import Report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def edit(root: Path, relative: str, old: str, new: str) -> int:
    """Replace ``old`` once in a file; return the 1-based line where it was."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems(root: Path, instrument_id: str = "uncc"):
    report = Report()
    instrument = load_instrument(root, root / "content" / instrument_id, report)
    return instrument, [(p.code, p.location.path, p.location.line) for p in report.problems], report


def test_the_committed_texts_load_without_problems():
    report = Report()
    assert set(load_instruments(ROOT, report)) == {"uncc", "budapest"}
    assert report.problems == []


def test_duplicate_id_names_file_and_line(content):
    path = "content/uncc/text/articles/art-041.yml"
    line = edit(content, path, "- id: art-41-2\n", "- id: art-41-1\n")
    instrument, found, report = problems(content)
    assert found == [(d.DUPLICATE_ID, path, line)]
    assert "art-041.yml:" in report.problems[0].message  # points back at the first use
    assert instrument is not None and "art-41-3" in instrument.index


def test_duplicate_id_across_files(content):
    path = "content/uncc/text/final.yml"
    line = edit(content, path, "- id: final-1\n", "- id: art-40-21-b\n")
    _, found, _ = problems(content)
    assert (d.DUPLICATE_ID, path, line) in found


def test_unit_without_id_is_a_structure_problem(content):
    path = "content/uncc/text/articles/art-010.yml"
    line = edit(content, path, "- id: art-10-u1\n", "- ident: art-10-u1\n")
    instrument, found, _ = problems(content)
    assert (d.TEXT_STRUCTURE, path, line) in found
    assert {code for code, _, _ in found} == {d.TEXT_STRUCTURE}
    assert "art-10-u1" not in instrument.index and "art-11" in instrument.articles


def test_wrong_type_is_reported_at_its_line(content):
    path = "content/uncc/text/articles/art-005.yml"
    line = edit(content, path, "paragraphs:\n", "paragraphs: not a list\nignored:\n")
    instrument, found, _ = problems(content)
    assert (d.TEXT_STRUCTURE, path, line) in found
    assert instrument.articles["art-5"].paragraphs == []


def test_yaml_syntax_error_names_file_and_line(content):
    path = "content/uncc/text/articles/art-007.yml"
    line = edit(content, path, "title: Illegal access\n", "title: [Illegal access\n")
    instrument, found, _ = problems(content)
    assert [(code, where) for code, where, _ in found] == [(d.YAML_SYNTAX, path)]
    assert found[0][2] >= line
    assert "art-7" not in instrument.articles and "art-8" in instrument.articles


def test_division_listing_an_unknown_article(content):
    path = "content/uncc/text/divisions.yml"
    line = edit(content, path, "  - art-68\n", "  - art-86\n")
    _, found, _ = problems(content)
    assert (d.TEXT_STRUCTURE, path, line) in found
    # art-68 is now in no division, which is reported at the article's file.
    assert (d.TEXT_STRUCTURE, "content/uncc/text/articles/art-068.yml", 3) in found


def test_note_and_footnote_pointing_nowhere(content):
    notes_line = edit(content, "content/uncc/text/notes.yml", "  - art-17\n", "  - art-170\n")
    anchor_line = edit(content, "content/uncc/text/final.yml", "  anchor: final-1\n", "  anchor: final-9\n")
    instrument, found, _ = problems(content)
    assert (d.TEXT_STRUCTURE, "content/uncc/text/notes.yml", notes_line) in found
    assert (d.TEXT_STRUCTURE, "content/uncc/text/final.yml", anchor_line) in found
    assert instrument.footnotes == []


def test_missing_files_are_problems_not_exceptions(content):
    (content / "content/budapest/text/front.yml").unlink()
    shutil.rmtree(content / "content/budapest/text/articles")
    instrument, found, _ = problems(content, "budapest")
    assert (d.TEXT_STRUCTURE, "content/budapest/text/front.yml", 1) in found
    assert instrument is not None and instrument.articles == {}


def test_unreadable_instrument_is_skipped_and_the_others_load(content):
    (content / "content/budapest/instrument.yml").write_text("id: [budapest\n", encoding="utf-8")
    report = Report()
    loaded = load_instruments(content, report)
    assert list(loaded) == ["uncc"]
    assert [(p.code, p.location.path) for p in report.problems] == [(d.YAML_SYNTAX, "content/budapest/instrument.yml")]
