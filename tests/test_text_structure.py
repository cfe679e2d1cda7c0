"""The imported texts have the structure the treaties print: articles, chapters, labels, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentary_build.load.texts import load_instruments
from commentary_build.model import Article, Provision
from commentary_build.model.problems import Report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def instruments():
    report = Report()
    loaded = load_instruments(ROOT, report)
    assert report.problems == []
    return loaded


@pytest.fixture(scope="module")
def uncc(instruments):
    return instruments["uncc"]


@pytest.fixture(scope="module")
def budapest(instruments):
    return instruments["budapest"]


def nums(unit) -> list[str]:
    children = unit.paragraphs if isinstance(unit, Article) else unit.children
    return [child.num for child in children]


def test_default_instrument_comes_first(instruments):
    assert list(instruments) == ["uncc", "budapest"]
    assert instruments["uncc"].is_default and not instruments["budapest"].is_default


def test_metadata(uncc, budapest):
    assert (uncc.symbol, str(uncc.adopted), uncc.metadata["label"]) == ("A/RES/79/243", "2024-12-24", "UN Convention against Cybercrime")
    assert (budapest.symbol, str(budapest.adopted), budapest.metadata["label"]) == ("ETS No. 185", "2001-11-23", "Budapest Convention")
    # A text's citation form is its bibliography entry's (edition texts.<id>.entry), never written a second time here.
    assert "citation" not in uncc.metadata and "citation" not in budapest.metadata


def test_uncc_has_68_articles_in_9_chapters(uncc):
    assert [a.number for a in uncc.articles.values()] == [str(n) for n in range(1, 69)]
    assert [a.id for a in uncc.articles.values()] == [f"art-{n}" for n in range(1, 69)]
    assert [c.label for c in uncc.chapters()] == [f"Chapter {r}" for r in "I II III IV V VI VII VIII IX".split()]
    assert uncc.divisions[4].id == "chp-5" and uncc.divisions[4].title == "International cooperation"
    assert uncc.divisions[4].article_ids == [f"art-{n}" for n in range(35, 53)]
    assert uncc.articles["art-40"].division_id == "chp-5"


def test_uncc_article_40(uncc):
    article = uncc.articles["art-40"]
    assert nums(article) == [f"{n}." for n in range(1, 33)]
    assert nums(uncc.index["art-40-21"]) == ["(a)", "(b)", "(c)", "(d)"]
    assert [c.id for c in uncc.index["art-40-21"].children] == [f"art-40-21-{k}" for k in "abcd"]
    # Paragraph 12 starts directly with its first subparagraph: "12. (a) Each State Party ..."
    assert uncc.index["art-40-12"].text == "" and uncc.index["art-40-12-a"].text.startswith("Each State Party shall designate")
    # Printed without a closing semicolon; kept as printed.
    assert uncc.index["art-40-3-k"].text == "Facilitating the voluntary appearance of persons in the requesting State Party"


def test_uncc_article_2_items(uncc):
    assert uncc.index["art-2-u1"].num is None
    assert nums(uncc.index["art-2-e"]) == ["(i)", "(ii)"]
    assert nums(uncc.index["art-2-f"]) == ["(i)", "(ii)", "(iii)"]
    # After (h), "(i)" is the next letter, not a numeral opening a list.
    assert uncc.index["art-2-i"].text.startswith("“Property”")
    assert uncc.index["art-2-e-ii"].parent is uncc.index["art-2-e"]
    assert uncc.index["art-2-e-ii"].article is uncc.articles["art-2"]
    # Items of an unnumbered block hang off the block in the tree, off the article in their ids.
    assert uncc.index["art-2-e"].parent is uncc.index["art-2-u1"]
    assert uncc.index["art-2-u1"].parent is None


def test_uncc_quirks_kept_as_printed(uncc):
    assert uncc.articles["art-13"].label == "Article 13."
    assert uncc.articles["art-12"].label == "Article 12"
    assert nums(uncc.index["art-17-1-a"]) == ["(i)", "(ii)"] and uncc.index["art-17-1-a"].text == ""
    assert "“" in uncc.index["art-2-a"].text  # typographic quotes


def test_uncc_preamble_and_final(uncc):
    assert uncc.preamble[0].text == "The States Parties to the present Convention,"
    assert uncc.preamble[-1].text == "Have agreed as follows:"
    assert [r.id for r in uncc.preamble] == [f"pre-{n}" for n in range(1, len(uncc.preamble) + 1)]
    assert uncc.metadata["printed"]["title"][0] == "United Nations Convention against Cybercrime;"
    assert [c.id for c in uncc.final_clauses] == ["final-1"]


def test_uncc_interpretative_notes(uncc):
    assert [(n.id, n.num, n.article_ids) for n in uncc.notes] == [
        ("note-1", "1.", ["art-2"]),
        ("note-2", "2.", ["art-2"]),
        ("note-3", "3.", ["art-17"]),
        ("note-4", "4.", ["art-23", "art-35"]),
        ("note-5", "5.", ["art-35"]),
    ]
    assert uncc.notes[3].heading == "Articles 23 and 35, with regard to the term “investigation”"


def test_budapest_structure(budapest):
    assert [a.number for a in budapest.articles.values()] == [str(n) for n in range(1, 49)]
    assert [c.label for c in budapest.chapters()] == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
    chapter_2 = budapest.divisions[1]
    assert [s.id for s in chapter_2.children] == ["chp-2-sec-1", "chp-2-sec-2", "chp-2-sec-3"]
    title = budapest.index["chp-2-sec-1-tit-1"]
    assert (title.kind, title.label, title.article_ids) == ("title", "TITLE 1", ["art-2", "art-3", "art-4", "art-5", "art-6"])
    assert budapest.articles["art-6"].division_id == "chp-2-sec-1-tit-1"
    assert budapest.articles["art-1"].division_id == "chp-1"
    assert chapter_2.all_article_ids() == [f"art-{n}" for n in range(2, 23)]


def test_budapest_labels_and_ids(budapest):
    assert nums(budapest.index["art-1-c"]) == ["(i)", "(ii)"]
    assert [c.id for c in budapest.index["art-1-c"].children] == ["art-1-c-i", "art-1-c-ii"]
    assert budapest.index["art-6-1-a-i"].num == "(i)" and budapest.index["art-6-1-a"].num == "a)"
    # "3. a) ..." is paragraph 3 with no wording of its own, opening with subparagraph a).
    assert budapest.index["art-14-3"].text == "" and nums(budapest.index["art-14-3"]) == ["a)", "b)"]
    assert nums(budapest.index["art-39-1"]) == ["–", "–", "–"]
    assert [c.id for c in budapest.index["art-39-1"].children] == ["art-39-1-d1", "art-39-1-d2", "art-39-1-d3"]


def test_budapest_closing_words_are_tails_of_the_list_they_close(budapest):
    assert budapest.index["art-6-1-a"].tail.startswith("with intent that it be used")
    assert budapest.index["art-8-u1"].tail.startswith("with fraudulent or dishonest intent")
    assert budapest.index["art-14-3-b"].tail.startswith("that Party may reserve")
    # These govern both a) and b), so they close the paragraph, not item b).
    assert budapest.index["art-20-1"].tail.startswith("traffic data, in real-time,")
    assert budapest.index["art-21-1"].tail.startswith("content data, in real-time,")
    assert budapest.index["art-20-1-b"].tail == ""


def test_index_and_locations(uncc):
    unit = uncc.index["art-40-21-b"]
    assert isinstance(unit, Provision)
    assert unit.location.path == "content/uncc/text/articles/art-040.yml"
    lines = (ROOT / unit.location.path).read_text(encoding="utf-8").splitlines()
    assert lines[unit.location.line - 1].strip() == "- id: art-40-21-b"
    assert uncc.article_of("art-40-21-b") is uncc.articles["art-40"]
    assert all(u.location and u.location.line > 0 for u in uncc.index.values())
    assert uncc.articles["art-40"].instrument is uncc
