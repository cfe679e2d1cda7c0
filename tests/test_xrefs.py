"""Cross-references: every written form resolves to the right unit with exact spans."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentary_build.model import Article, Instrument, Provision
from commentary_build.transform.xrefs import find_references, split_at_references

ROOT = Path(__file__).resolve().parent.parent

UNITS = [
    "art-2-e", "art-12-2", "art-12-2-a", "art-12-2-b", "art-12-2-c", "art-12-4", "art-12-9", "art-12-10",
    "art-17-1", "art-17-1-a", "art-17-1-a-i", "art-17-1-a-ii", "art-17-1-b", "art-17-1-b-i", "art-17-1-b-ii",
    "art-37-15", "art-40-21", "art-40-21-a", "art-40-21-b", "art-40-21-c", "art-40-22", "art-57-5", "art-57-5-g",
]


def small_instrument() -> Instrument:
    instrument = Instrument(id="uncc", title="United Nations Convention against Cybercrime",
                            short_title="UN Cybercrime Convention", symbol="A/RES/79/243", adopted=None,
                            metadata={}, directory="content/uncc")
    for number in range(1, 69):
        article = Article(id=f"art-{number}", number=str(number), label=f"Article {number}", title="")
        instrument.articles[article.id] = article
        instrument.index[article.id] = article
    for unit_id in UNITS:
        article = instrument.articles["art-" + unit_id.split("-")[1]]
        instrument.index[unit_id] = Provision(id=unit_id, kind="paragraph", num=None, text="", article=article)
    return instrument


INSTRUMENT = small_instrument()


def refs(text: str, mode: str = "commentary", article: str | None = None) -> list[tuple[str, str | None]]:
    current = INSTRUMENT.articles[article] if article else None
    found = find_references(text, instrument=INSTRUMENT, current_article=current, mode=mode)
    return [(text[r.start:r.end], r.unit_id) for r in found]


@pytest.mark.parametrize("text, expected", [
    ("Article 40", [("Article 40", "art-40")]),
    ("see article 40 here", [("article 40", "art-40")]),
    ("art 40", [("art 40", "art-40")]),
    ("Art. 40", [("Art. 40", "art-40")]),
    ("arts 42 and 43", [("arts 42", "art-42"), ("43", "art-43")]),
    ("articles 42 and 43", [("articles 42", "art-42"), ("43", "art-43")]),
    ("Arts 57–58", [("Arts 57", "art-57"), ("58", "art-58")]),
    ("articles 57 to 58", [("articles 57", "art-57"), ("58", "art-58")]),
    ("art 40(21)(b)", [("art 40(21)(b)", "art-40-21-b")]),
    ("Article 40(21)", [("Article 40(21)", "art-40-21")]),
    ("Art. 37, para. 15", [("Art. 37, para. 15", "art-37-15")]),
    ("article 40, paragraph 21 (b) and (c), and paragraph 22",
     [("article 40, paragraph 21 (b)", "art-40-21-b"), ("(c)", "art-40-21-c"), ("paragraph 22", "art-40-22")]),
    ("article 2 (e)", [("article 2 (e)", "art-2-e")]),
    ("articles 7 to 16 of this Convention", [("articles 7", "art-7"), ("16", "art-16")]),
    ("article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention",
     [("article 17, paragraph 1 (a) (i)", "art-17-1-a-i"), ("(ii)", "art-17-1-a-ii"), ("(b) (i)", "art-17-1-b-i")]),
    ("articles 57, paragraph 5 (g), 61 and 62 of the Convention",
     [("articles 57, paragraph 5 (g)", "art-57-5-g"), ("61", "art-61"), ("62", "art-62")]),
    ("The UN Cybercrime Convention art 40 applies", [("art 40", "art-40")]),
])
def test_reference_forms_resolve_with_exact_spans(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("paragraph 4 of this article", [("paragraph 4", "art-12-4")]),
    ("paragraphs 9 and 10 of this article", [("paragraphs 9", "art-12-9"), ("10", "art-12-10")]),
    ("paragraph 2 (a) to (c) of this article", [("paragraph 2 (a)", "art-12-2-a"), ("(c)", "art-12-2-c")]),
    ("paragraph 2 of the resolution", []),
])
def test_treaty_text_paragraphs_of_this_article(text, expected):
    assert refs(text, mode="treaty", article="art-12") == expected
    # In commentary "this article" may be the author's own essay: never linked there.
    assert refs(text, mode="commentary", article="art-12") == []


@pytest.mark.parametrize("text", [
    "CND art 61", "CND article 58(15)", "draft article 61", "Draft articles 57 and 58",
    "adds the proposed Article 40(21)(e) to the list",
    "article 8 of the ECHR", "article 5 of Convention 108", "article 2 of the Convention on the Rights of the Child",
    "ICCPR art 17", "art 17 ICCPR", "Budapest Convention, article 15", "Convention 108+ art 5",
])
def test_draft_numbering_and_other_instruments_are_not_linked(text):
    assert refs(text) == []


def test_mixed_sentence_links_only_this_convention():
    text = "CND art 61 became article 47, unlike ICCPR art 17 and article 8 of the ECHR."
    assert refs(text) == [("article 47", "art-47")]


def test_nonexistent_provisions_carry_a_problem():
    missing_article = find_references("Article 99", instrument=INSTRUMENT, current_article=None)
    assert missing_article[0].unit_id is None and "art 99" in missing_article[0].problem
    missing_paragraph = find_references("art 40(99)", instrument=INSTRUMENT, current_article=None)
    assert missing_paragraph[0].unit_id == "art-40"  # nearest existing unit
    assert "art 40(99)" in missing_paragraph[0].problem
    assert find_references("art 40(21)", instrument=INSTRUMENT, current_article=None)[0].problem is None


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_treaty_wording_is_split_at_its_references_without_changing_a_character():
    text = 'Under article 40, paragraph 21 (b) & "article 99" <b>, and CND art 61.'
    found = find_references(text, instrument=INSTRUMENT, current_article=None)
    pieces = split_at_references(text, found)
    assert [unit for _words, unit in pieces if unit] == ["art-40-21-b"]  # article 99 does not exist, CND is a draft
    assert ("article 40, paragraph 21 (b)", "art-40-21-b") in pieces
    assert "".join(words for words, _unit in pieces) == text


@given(st.text(alphabet=st.sampled_from(list("art Article paragraph()0123456789,;–-andorto&<>\"' CNDbciv.")),
               max_size=80))
def test_splitting_at_references_never_changes_a_character(text):
    found = find_references(text, instrument=INSTRUMENT, current_article=INSTRUMENT.articles["art-12"], mode="treaty")
    for reference in found:
        assert 0 <= reference.start < reference.end <= len(text)
    assert "".join(words for words, _unit in split_at_references(text, found)) == text


def test_every_reference_in_the_adopted_text_resolves():
    """The shipped Convention names only provisions it has; this would catch a regression in the grammar."""
    from commentary_build.load.texts import load_instruments
    from commentary_build.model.problems import Report

    report = Report()
    instruments = load_instruments(ROOT, report)
    convention = instruments["uncc"]
    found, problems = 0, []
    for article in convention.articles.values():
        for provision in article.walk():
            for reference in find_references(provision.text, instrument=convention, current_article=article,
                                             mode="treaty"):
                found += 1
                if reference.problem:
                    problems.append((provision.id, reference.problem))
    assert problems == []
    assert found > 150
