"""The structured text says exactly what the source says, word for word.

The source side is read here with its own simple rules (strip the provenance header,
cut at heading lines, lift the footnote block) rather than with the importer, so an
importer bug cannot hide itself by making both sides wrong in the same way.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from commentary_build.load.texts import load_instrument
from commentary_build.load.yamlio import load_yaml
from commentary_build.model.problems import Report
from commentary_build.transform.flatten import flatten, printed_blocks

ROOT = Path(__file__).resolve().parents[1]

# Where each treaty starts in its source file (the UN text is preceded by the GA resolution).
TREATY_START = {"uncc": "Annex", "budapest": None}
ARTICLE_HEADING = re.compile(r"^Article (\d+)\.?$")
DIVISION_HEADING = re.compile(r"^(Chapter|CHAPTER|SECTION|TITLE) [IVXL\d]+$")
FINAL_CLAUSES = "IN WITNESS WHEREOF"
NOTES_ANNEX = "Annex"


@dataclass
class SourceParts:
    front: list[str]
    articles: dict[str, list[str]]  # "40" -> its lines, up to the next article or division heading
    body: list[str]  # everything from the first division or article heading to the final clauses
    final: list[str]
    notes: list[str]
    footnotes: list[str]

    def document(self) -> list[str]:
        return self.front + self.body + self.final + self.notes + self.footnotes


def read_source(root: Path, instrument_id: str) -> SourceParts:
    instrument_dir = root / "content" / instrument_id
    metadata = load_yaml((instrument_dir / "instrument.yml").read_text(encoding="utf-8")).data
    lines = (instrument_dir / "source" / metadata["source"]).read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in lines[lines.index("==== END OF SOURCE HEADER ====") + 1:] if line.strip()]
    if TREATY_START[instrument_id]:
        lines = lines[lines.index(TREATY_START[instrument_id]) + 1:]

    # The footnote is printed after a rule where its page broke; the text resumes after it.
    footnotes: list[str] = []
    kept: list[str] = []
    after_rule = False
    for line in lines:
        if set(line) == {"_"}:
            after_rule = True
            continue
        if after_rule and re.match(r"^\d+ ", line):
            footnotes.append(line)
            continue
        after_rule = False
        kept.append(line)

    body_start = next(i for i, line in enumerate(kept) if ARTICLE_HEADING.match(line) or DIVISION_HEADING.match(line))
    final_start = next(i for i, line in enumerate(kept) if line.startswith(FINAL_CLAUSES))
    notes_start = next((i for i, line in enumerate(kept) if i > final_start and line == NOTES_ANNEX), len(kept))
    body = kept[body_start:final_start]

    articles: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body:
        heading = ARTICLE_HEADING.match(line)
        if heading:
            current = articles.setdefault(heading.group(1), [])
        elif DIVISION_HEADING.match(line):
            current = None  # a division heading and the title line after it belong to no article
            continue
        if current is not None:
            current.append(line)

    return SourceParts(kept[:body_start], articles, body, kept[final_start:notes_start], kept[notes_start:], footnotes)


def words(lines) -> list[str]:
    return " ".join(lines).split()


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    """None when equal, else where the two word streams part, with context."""
    if expected == actual:
        return None
    index = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    return (
        f"word {index}: source has {' '.join(expected[max(0, index - 8):index + 8])!r}\n"
        f"        structured text has {' '.join(actual[max(0, index - 8):index + 8])!r}"
    )


def fidelity_failures(root: Path, instrument_id: str) -> list[str]:
    """Every part of the instrument whose flattened text differs from the source."""
    report = Report()
    instrument = load_instrument(root, root / "content" / instrument_id, report)
    assert instrument is not None and not report.problems, [p.format() for p in report.problems]
    source = read_source(root, instrument_id)
    failures = []

    def compare(name, expected_lines, actual_words):
        difference = first_difference(words(expected_lines), list(actual_words))
        if difference:
            failures.append(f"{name}: {difference}")

    if set(source.articles) != {a.number for a in instrument.articles.values()}:
        failures.append(f"article numbers differ: source {sorted(source.articles, key=int)}, text {[a.number for a in instrument.articles.values()]}")
    for article in instrument.articles.values():
        compare(article.id, source.articles.get(article.number, []), flatten(article))
    blocks = list(printed_blocks(instrument))

    def by_kind(*kinds):
        return words(block.text for block in blocks if block.kind in kinds)

    compare("preamble", source.front, by_kind("title", "preamble-heading", "recital"))
    compare("final clauses", source.final, by_kind("clause"))
    compare("interpretative notes", source.notes, by_kind("notes-label", "notes-title", "note-heading", "note"))
    compare("footnotes", source.footnotes, by_kind("footnote"))
    compare("whole document", source.document(), flatten(instrument))
    return failures


def article_numbers(instrument_id: str) -> list[str]:
    return list(read_source(ROOT, instrument_id).articles)


@pytest.mark.parametrize(
    "instrument_id, number",
    [("uncc", n) for n in article_numbers("uncc")] + [("budapest", n) for n in article_numbers("budapest")],
)
def test_each_article_matches_the_source(instrument_id, number):
    report = Report()
    instrument = load_instrument(ROOT, ROOT / "content" / instrument_id, report)
    source = read_source(ROOT, instrument_id)
    article = instrument.articles[f"art-{number}"]
    assert first_difference(words(source.articles[number]), list(flatten(article))) is None, f"{instrument_id} art-{number}"


@pytest.mark.parametrize("instrument_id", ["uncc", "budapest"])
def test_whole_instrument_matches_the_source(instrument_id):
    assert fidelity_failures(ROOT, instrument_id) == []


def test_source_parts_cover_what_the_test_expects():
    # Guards the test's own reading of the sources: an empty part would compare trivially equal.
    uncc, budapest = read_source(ROOT, "uncc"), read_source(ROOT, "budapest")
    assert len(uncc.articles) == 68 and len(budapest.articles) == 48
    assert uncc.front[0] == "United Nations Convention against Cybercrime;" and uncc.front[-1] == "Have agreed as follows:"
    assert uncc.final == ["IN WITNESS WHEREOF, the undersigned plenipotentiaries, being duly authorized thereto by their respective Governments, have signed this Convention.1"]
    assert uncc.notes[0] == "Annex" and len(uncc.notes) == 2 + 4 + 5
    assert len(uncc.footnotes) == 1 and uncc.footnotes[0].startswith("1 It is noted")
    assert budapest.final[-1].startswith("DONE at Budapest") and budapest.notes == [] and budapest.footnotes == []


def test_footnote_marker_is_detached_from_the_wording_and_printed_again():
    report = Report()
    instrument = load_instrument(ROOT, ROOT / "content" / "uncc", report)
    clause = instrument.final_clauses[0]
    assert clause.text.endswith("have signed this Convention.")
    footnote = instrument.footnotes[0]
    assert (footnote.marker, footnote.anchor_id) == ("1", clause.id)
    printed = [b.text for b in printed_blocks(instrument) if b.unit_id == clause.id]
    assert printed == [clause.text + "1"]


@pytest.mark.parametrize(
    "relative, old, new, failing_part",
    [
        ("content/uncc/text/articles/art-040.yml", "Mutual legal assistance may be refused:", "Mutual legal assistance shall be refused:", "art-40"),
        ("content/budapest/text/articles/art-006.yml", "with intent that it be used for the purpose", "with intent that it is used for the purpose", "art-6"),
        ("content/uncc/text/notes.yml", "persons who merely use the service", "persons who only use the service", "interpretative notes"),
    ],
)
def test_changing_one_word_breaks_fidelity(tmp_path, relative, old, new, failing_part):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    target = tmp_path / relative
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    instrument_id = relative.split("/")[1]
    failures = fidelity_failures(tmp_path, instrument_id)
    failing = [failure.split(":", 1)[0] for failure in failures]
    assert failing == [failing_part, "whole document"]
