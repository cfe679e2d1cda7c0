"""The Budapest Convention on the built site: its pages, the comparison on UN pages, the concordance page, citations."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from commentary_build.load.bibliography import load_bibliography
from commentary_build.load.project import load_project
from commentary_build.model.problems import Report
from commentary_build.transform.oscola import bibliography_entry
from commentary_build.transform.pinpoints import citation, pinpoint
from conftest import page, words

ROOT = Path(__file__).resolve().parent.parent
# Each text is cited as its bibliography entry says (OSCOLA), the one place the form is written.
_BIBLIOGRAPHY = load_bibliography(ROOT, Report())
UN_CITE = " ".join(bibliography_entry(_BIBLIOGRAPHY["un-cybercrime-convention-2024"]).text().split())
BUDAPEST_CITE = " ".join(bibliography_entry(_BIBLIOGRAPHY["budapest-convention-2001"]).text().split())


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def visible_words(element) -> str:
    """Text as a sighted reader sees it: without the spoken-only "inserted text:" prefixes."""
    clone = lxml.html.fromstring(lxml.html.tostring(element))
    for hidden in clone.cssselect(".visually-hidden"):
        hidden.drop_tree()
    return words(clone)


def test_budapest_article_pages_exist_with_anchors(built_site):
    articles = {p.name for p in (built_site / "budapest").iterdir() if p.name.startswith("art-")}
    assert articles == {f"art-{n}" for n in range(1, 49)}
    doc = page(built_site, "budapest/art-15")
    assert "Conditions and safeguards" in doc.cssselect("h1")[0].text_content()
    for number in (1, 2, 3):
        unit = doc.get_element_by_id(f"art-15-{number}")
        permalink = unit.cssselect("a.tc-num")[0]
        assert permalink.get("href") == f"#art-15-{number}"
        assert permalink.get("data-cite") == f"{BUDAPEST_CITE}, art 15({number})"
    definitions = page(built_site, "budapest/art-1")
    assert definitions.get_element_by_id("art-1-c-ii").cssselect("a.tc-num")[0].get("data-cite") == f"{BUDAPEST_CITE}, art 1(c)(ii)"


def test_un_article_24_compares_with_budapest_article_15(built_site, project):
    doc = page(built_site, "uncc/art-24")
    section = doc.get_element_by_id("compared-budapest")
    assert section.text_content().strip().startswith("Compared with the Budapest Convention")
    (view,) = doc.cssselect('.tc-comparison[data-compare="budapest:art-15"]')
    budapest_text = view.cssselect(".tc-other-instrument")[0]
    for unit in project.instruments["budapest"].articles["art-15"].paragraphs:
        assert unit.text in words(budapest_text)
    deleted = [words(d) for d in view.cssselect("del.tc-del")]
    inserted = [words(i) for i in view.cssselect("ins.tc-ins")]
    assert any("1950 Council of Europe Convention" in d for d in deleted)
    assert any("effective remedy" in i for i in inserted)
    # The UN-only paragraphs 4 and 5 are one insertion each, not missing.
    labels = [words(label) for label in view.cssselect(".tc-comparison-label")]
    assert "Art. 24(1) ↔ Budapest Convention, art 15(1)" in labels[0]
    assert any(label.startswith("Art. 24(4): only in the UN Convention") for label in labels)
    # Read without the marks' spoken prefixes, the first row says exactly the UN paragraph and the Budapest one.
    first_row = view.cssselect(".tc-comparison-row")[0]
    line = first_row.cssselect(".tc-comparison-line")[0]
    old = lxml.html.fromstring(lxml.html.tostring(line))
    for mark in old.cssselect("ins"):
        mark.drop_tree()
    assert visible_words(old) == "1. " + " ".join(project.instruments["budapest"].index["art-15-1"].text.split())


def test_comparison_legend_says_the_marks_are_not_proposals(built_site):
    doc = page(built_site, "uncc/art-24")
    legends = [words(legend) for legend in doc.cssselect(".tc-redline-legend")]
    assert any("differences between two instruments, not proposals" in legend for legend in legends)


def test_comparison_intro_says_numbering_is_marked_as_it_is(built_site):
    """Labels are written in one style ("(a)" for "a)"), but a paragraph numbered differently is marked
    ("5" struck, "8" added): the introduction says both, not that "only wording" is marked."""
    doc = page(built_site, "uncc/art-40")
    (intro,) = doc.cssselect(".tc-comparison-intro")
    assert "so that only differences of wording and numbering are marked" in words(intro)
    assert "only wording is marked" not in words(intro)
    row = next(r for r in doc.cssselect(".tc-comparison-row") if words(r).startswith("Art. 40(8) ↔"))
    line = row.cssselect(".tc-comparison-line")[0]
    marks = [(m.tag, words(m).split(": ", 1)[1]) for m in line.cssselect("del, ins")[:2]]  # after "deleted text: "
    assert marks == [("del", "5"), ("ins", "8")]


def test_budapest_page_links_back_to_its_un_counterpart(built_site):
    doc = page(built_site, "budapest/art-15")
    section = doc.get_element_by_id("compared-uncc")
    assert "Compared with the UN Convention against Cybercrime" in section.text_content()
    links = [a.get("href") for a in doc.cssselect(".tc-counterparts a")]
    assert "../../uncc/art-24/#compared-budapest-art-15" in links


def test_concordance_page_lists_every_pair_with_links_to_both_sides(built_site, project):
    (concordance,) = project.instrument_concordances
    doc = page(built_site, "concordance")
    rows = doc.cssselect("table.tc-concordance tbody tr")
    assert {row.get("data-pair") for row in rows} == {f"{p.from_unit}:{p.to_unit}" for p in concordance.pairs}
    assert len(rows) == len(concordance.pairs)
    row = doc.cssselect('tr[data-pair="art-24:art-15"]')[0]
    hrefs = [a.get("href") for a in row.cssselect("a")]
    assert hrefs == ["../uncc/art-24/", "../budapest/art-15/"]
    paragraph_row = doc.cssselect('tr[data-pair="art-2-f:art-18-3"]')[0]
    assert [a.get("href") for a in paragraph_row.cssselect("a")] == ["../uncc/art-2/#art-2-f", "../budapest/art-18/#art-18-3"]
    counts = concordance.counts_by_kind()
    summary = words(doc.cssselect(".tc-counts")[0])
    assert f"{len(concordance.pairs)} pairs" in summary
    assert f"partly equivalent: {counts['partly-equivalent']}" in summary
    nav = [words(a) for a in doc.cssselect("nav a")]
    assert "Concordance" in nav


def test_citation_strings_in_oscola_form(project):
    uncc, budapest = project.instruments["uncc"], project.instruments["budapest"]
    # The UN Convention is the annex of a resolution, and not in force when last recorded: its citation says both.
    assert "UN Doc A/RES/79/243, annex" in UN_CITE and "not yet in force as at" in UN_CITE
    assert "(opened for signature 23 November 2001, entered into force 1 July 2004) ETS No 185" in BUDAPEST_CITE
    assert citation(uncc, uncc.index["art-40-21"]) == f"{UN_CITE}, art 40(21)"
    assert citation(uncc, uncc.index["art-2-e-ii"]) == f"{UN_CITE}, art 2(e)(ii)"
    assert citation(uncc, uncc.articles["art-24"]) == f"{UN_CITE}, art 24"
    assert citation(budapest, budapest.index["art-15-1"]) == f"{BUDAPEST_CITE}, art 15(1)"
    assert citation(budapest, budapest.index["art-1-c-i"]) == f"{BUDAPEST_CITE}, art 1(c)(i)"
    assert citation(budapest, budapest.articles["art-35"]) == f"{BUDAPEST_CITE}, art 35"
    # A dash item has no label of its own: the pinpoint stops at the paragraph that lists it.
    dash = next(u for u in budapest.articles["art-39"].walk() if u.num == "–")
    assert pinpoint(dash) == "art 39(1)"


def test_every_article_page_says_how_to_cite_it(built_site):
    for path, expected, title in (("uncc/art-24", f"{UN_CITE}, art 24", "UN Convention against Cybercrime, Article 24: Conditions and safeguards"),
                                  ("budapest/art-15", f"{BUDAPEST_CITE}, art 15", "Budapest Convention, Article 15: Conditions and safeguards")):
        doc = page(built_site, path)
        # Folded under "Cite this article" (closed): the provision as a treaty is cited, and the page as a web page is.
        (fold,) = doc.cssselect("details.tc-how-to-cite")
        assert fold.get("open") is None and words(fold.cssselect("summary")[0]) == "Cite this article"
        provision, this_page = fold.cssselect("p")[:2]
        assert words(provision) == f"The provision: {expected}"
        # OSCOLA's web page: who, 'title' in the edition (its version) <address> accessed (the reader's date, which the script writes).
        assert re.fullmatch(rf"This page: The editors of treaty-commentary, ‘{title}’ in Cybercrime conventions, annotated "
                            rf"\(version of \d{{1,2}} [A-Z][a-z]+ 20\d\d\) <\S*{path}/> accessed \[the date you consulted it\]", words(this_page)), words(this_page)


def test_comparisons_are_computed_once_per_build(project):
    from commentary_build.check import check_project
    from commentary_build.render.site import build_site

    stats = build_site(project, check_project(project)).stats
    assert stats.comparisons >= len(project.instrument_concordances[0].pairs) // 2
    assert re.fullmatch(r"\d+\.\d+|\d+", str(stats.comparison_seconds))


def test_search_finds_budapest_wording_on_budapest_pages_only(built_site):
    from search_support import fragments

    hits = {record["page"] for record in fragments(built_site) if "1950 Council of Europe Convention" in record["content"]}
    assert "budapest/art-15/" in hits
    assert not [hit for hit in hits if hit.startswith("uncc/")]


def test_every_page_of_an_unofficial_copy_says_so_and_links_the_official_text(built_site, project):
    """The Budapest text comes from an unofficial mirror (edition: unofficial), so each of its pages
    (articles, preamble, chapters, sections, titles) says so once, in its header, with the official
    text; the UN text, taken from the official document, says nothing of the kind."""
    official = project.edition.texts["budapest"].official
    pages = sorted((built_site / "budapest").rglob("index.html"))
    assert len(pages) > 48
    for path in pages:
        doc = lxml.html.parse(str(path)).getroot()
        (line,) = doc.cssselect(".md-content .tc-copy-note")
        assert words(line) == f"Reproduced from an unofficial copy; check against the official text: {official.label}", path
        assert [a.get("href") for a in line.cssselect("a")] == [official.url]
        assert line.get("data-search-exclude") is not None
    # On an article page it sits in the header, before how to cite the article and the text.
    header = page(built_site, "budapest/art-15").cssselect(".tc-copy-note + .tc-how-to-cite")
    assert header, "the line is in the article header"
    for path in (built_site / "uncc").rglob("index.html"):
        assert "tc-copy-note" not in path.read_text(encoding="utf-8"), path
