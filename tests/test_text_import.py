"""The importer is deterministic, reproduces the committed text, and is driven by the profile alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commentary_build.cli import main
from commentary_build.load.importer import SourceFormatError, import_instrument
from commentary_build.load.texts import load_instrument
from commentary_build.model.problems import Report
from commentary_build.transform.flatten import flatten

ROOT = Path(__file__).resolve().parents[1]


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*.yml"))}


@pytest.mark.parametrize("instrument_id", ["uncc", "budapest"])
def test_import_is_deterministic_and_reproduces_the_committed_files(tmp_path, instrument_id):
    instrument_dir = ROOT / "content" / instrument_id
    first = import_instrument(instrument_dir, tmp_path / "first")
    import_instrument(instrument_dir, tmp_path / "second")
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    committed = tree(instrument_dir / "text")
    assert tree(tmp_path / "first") == committed
    assert len(first) == len(committed)


def test_reimport_overwrites_and_removes_stale_files(tmp_path):
    shutil.copytree(ROOT / "content" / "budapest", tmp_path / "budapest")
    text_dir = tmp_path / "budapest" / "text"
    (text_dir / "articles" / "art-099.yml").write_text("id: art-99\n", encoding="utf-8")
    (text_dir / "articles" / "art-001.yml").write_text("id: art-1\n", encoding="utf-8")
    import_instrument(tmp_path / "budapest")
    assert not (text_dir / "articles" / "art-099.yml").exists()
    assert tree(text_dir) == tree(ROOT / "content" / "budapest" / "text")


def test_import_command_prints_what_it_wrote(tmp_path, capsys):
    shutil.copytree(ROOT / "content" / "budapest", tmp_path / "content" / "budapest")
    assert main(["--root", str(tmp_path), "import", "budapest"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "content/budapest/text/articles/art-048.yml" in printed
    assert len(printed) == 1 + 1 + 48 + 1  # front, divisions, articles, final
    assert main(["--root", str(tmp_path), "import", "nosuch"]) == 2


# A treaty printed in yet another way: "Art. 1" headings, "§ 1" paragraphs, "1)" items,
# PART headings and no preamble heading words in common with the two real texts.
OTHER_PROFILE = """\
id: other
title: Other Treaty
source: other.txt
import:
  start_after: '^TEXT$'
  preamble_heading: '^Recitals$'
  divisions:
    - kind: part
      heading: '^PART (?P<number>\\d+)$'
      id: prt
      numerals: arabic
  article_heading: '^Art\\. (?P<number>\\d+)$'
  levels:
    - label: '^(?P<num>§ (?P<key>\\d+))\\s+'
      sequence: arabic
    - label: '^(?P<num>(?P<key>\\d+)\\))\\s+'
      sequence: arabic
  final_clauses: '^Signed at'
"""

OTHER_SOURCE = """\
==== SOURCE HEADER (provenance note; not part of the document) ====
Made up for a test.
==== END OF SOURCE HEADER ====
A cover page that is not part of the treaty.
TEXT
Other Treaty
Recitals
The Parties,
Have agreed as follows:
PART 1
Beginnings
Art. 1
Scope
§ 1 This treaty covers:
1) apples;
2) pears,
in all seasons.
§ 2 Nothing else.
PART 2
Endings
Art. 2
Entry into force
It enters into force at once.
Signed at Nowhere.
"""


def make_other(tmp_path: Path, source: str = OTHER_SOURCE) -> Path:
    instrument_dir = tmp_path / "content" / "other"
    (instrument_dir / "source").mkdir(parents=True)
    (instrument_dir / "instrument.yml").write_text(OTHER_PROFILE, encoding="utf-8")
    (instrument_dir / "source" / "other.txt").write_text(source, encoding="utf-8")
    return instrument_dir


def test_a_differently_printed_treaty_imports_from_its_profile_alone(tmp_path):
    instrument_dir = make_other(tmp_path)
    import_instrument(instrument_dir)
    report = Report()
    other = load_instrument(tmp_path, instrument_dir, report)
    assert report.problems == []
    assert [d.id for d in other.divisions] == ["prt-1", "prt-2"]
    assert other.index["art-1-1"].num == "§ 1"
    assert [c.id for c in other.index["art-1-1"].children] == ["art-1-1-1", "art-1-1-2"]
    assert other.index["art-1-1"].tail == "in all seasons."
    assert other.index["art-2-u1"].text == "It enters into force at once."
    assert [c.text for c in other.final_clauses] == ["Signed at Nowhere."]
    expected = OTHER_SOURCE.split("TEXT\n", 1)[1].split()
    assert list(flatten(other)) == expected


def test_a_label_out_of_sequence_is_reported_with_its_line(tmp_path):
    instrument_dir = make_other(tmp_path, OTHER_SOURCE.replace("2) pears,", "3) pears,"))
    with pytest.raises(SourceFormatError, match=r"label '3\)' does not continue any list open at art-1-1-1") as error:
        import_instrument(instrument_dir)
    assert error.value.line == 16


def test_a_missing_start_line_is_reported(tmp_path):
    instrument_dir = make_other(tmp_path, OTHER_SOURCE.replace("TEXT\n", ""))
    with pytest.raises(SourceFormatError, match="start_after"):
        import_instrument(instrument_dir)
