"""Bibliography loading, citation parsing, per-page OSCOLA footnotes and the bibliography page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from commentary_build.load.bibliography import load_bibliography, parse_bibliography
from commentary_build.model import Location
from commentary_build.model.problems import BIBLIOGRAPHY_ENTRY, CITATION_UNKNOWN, DUPLICATE_ID, Report
from commentary_build.render.bibliography import render_bibliography_html
from commentary_build.render.footnotes import footnotes_html
from commentary_build.transform.citations import (
    CitationIndex,
    CiteItem,
    Cluster,
    FootnoteSequence,
    find_citations,
    parse_cluster,
)
from commentary_build.transform.oscola import format_date

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_KEYS = {
    "gitoc-roundtable-2023", "un-cybercrime-convention-2024", "unodc-model-law-extradition-2004",
    "coe-convention-108", "coe-protocol-108-plus", "gdpr-2016", "budapest-convention-2001", "untoc-2000",
    "uncac-2003", "iccpr-1966",
}
HERE = Location("commentary/uncc/art-40/note.md", 12)


@pytest.fixture(scope="module")
def bibliography():
    report = Report()
    entries = load_bibliography(ROOT, report)
    assert report.problems == []
    return entries


def cluster(*items: tuple) -> Cluster:
    return Cluster(tuple(CiteItem(*item) for item in items))


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def notes_of(sequence: FootnoteSequence) -> list[str]:
    return [plain(sequence.note(n).cited.html()) for n in range(1, len(sequence) + 1)]


# --------------------------------------------------------------------------- bibliography file


def test_shipped_bibliography_has_the_agreed_keys(bibliography):
    assert set(bibliography) == EXPECTED_KEYS
    assert bibliography["iccpr-1966"].short_title == "ICCPR"
    assert bibliography["iccpr-1966"].issued == (1966, 12, 16)
    assert bibliography["gitoc-roundtable-2023"].location.line > 1


def test_malformed_entries_and_duplicates_are_reported_at_their_lines():
    text = (
        "- id: good\n  type: book\n  title: A Book\n  author: [{literal: Someone}]\n  issued: 2001\n"
        "- id: no-type\n  title: X\n"
        "- id: good\n  type: book\n  title: Again\n  author: [{literal: Else}]\n  issued: 2002\n"
        "- id: bad-date\n  type: treaty\n  title: T\n  issued: {date-parts: [[2001, 13, 1]]}\n"
    )
    report = Report()
    entries = parse_bibliography(text, report)
    assert list(entries) == ["good"]
    found = [(p.code, p.location.line) for p in report.problems]
    assert (BIBLIOGRAPHY_ENTRY, 6) in found
    assert (DUPLICATE_ID, 8) in found
    assert (BIBLIOGRAPHY_ENTRY, 16) in found  # the 'issued' line of the treaty


# --------------------------------------------------------------------------- parsing


def test_parse_cluster_with_prefix_locators_and_several_sources():
    assert parse_cluster("see @a, p 6; @b, pp 3–4") == cluster(("a", "p 6", "see"), ("b", "pp 3–4"))
    assert parse_cluster("@a") == cluster(("a",))
    assert parse_cluster("@a; junk") is None


def test_find_citations_skips_email_addresses_and_links():
    text = "Write to [info a@b.org], see [a link](x) and [@gdpr-2016, art 6] or [@x](http://y)."
    found = find_citations(text)
    assert [text[m.start:m.end] for m in found] == ["[@gdpr-2016, art 6]"]


# --------------------------------------------------------------------------- footnotes


def test_first_citation_is_full_then_ibid_then_ibid_with_new_pinpoint(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    assert notes.cite(cluster(("gitoc-roundtable-2023", "p 6")), HERE) == 1
    assert notes.cite(cluster(("gitoc-roundtable-2023", "p 6")), HERE) == 2
    assert notes.cite(cluster(("gitoc-roundtable-2023", "p 7")), HERE) == 3
    first, second, third = notes_of(notes)
    assert first.startswith("Global Initiative Against Transnational Organized Crime, UN 'Cybercrime Treaty'")
    assert "(meeting report drafted by Ana Paula Oliveira and Summer Walker, GI-TOC 2023) 6" in first
    assert "<i>UN &#39;Cybercrime Treaty&#39;" in notes.note(1).cited.html()  # markupsafe's escape of '
    assert second == "ibid."
    assert third == "ibid 7."


def test_later_citation_points_to_the_first_full_note_after_another_source(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    notes.cite(cluster(("gitoc-roundtable-2023", "p 5")), HERE)
    notes.cite(cluster(("budapest-convention-2001",)), HERE)
    notes.cite(cluster(("iccpr-1966", "art 17")), HERE)
    notes.cite(cluster(("gitoc-roundtable-2023", "p 6")), HERE)
    notes.cite(cluster(("iccpr-1966", "art 19")), HERE)
    texts = notes_of(notes)
    assert texts[1] == ("Convention on Cybercrime (opened for signature 23 November 2001, entered into force 1 July 2004) "
                        "ETS No 185 (Budapest Convention).")
    assert texts[2] == ("International Covenant on Civil and Political Rights (adopted 16 December 1966, "
                        "entered into force 23 March 1976) 999 UNTS 171 (ICCPR) art 17.")
    assert texts[3] == "GI-TOC Roundtable Report (n 1) 6."
    assert texts[4] == "ICCPR (n 3) art 19."
    # The number of the earlier footnote is a piece of its own, which a writer that numbers footnotes
    # otherwise (Word, through the document) writes with its own number.
    assert notes.note(5).cited.text(lambda n: f"<{n}>") == "ICCPR (n <3>) art 19."


def test_a_cluster_is_one_footnote_and_breaks_ibid(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    number = notes.cite(cluster(("untoc-2000", "art 18", "see"), ("uncac-2003", "art 46")), HERE)
    assert number == 1
    notes.cite(cluster(("uncac-2003", "art 46")), HERE)
    first, second = notes_of(notes)
    assert first.startswith("See United Nations Convention against Transnational Organized Crime")
    assert ("; United Nations Convention against Corruption (adopted 31 October 2003, entered into force "
            "14 December 2005) 2349 UNTS 41 (UNCAC) art 46") in first
    # The previous footnote cited two sources, so this is not "ibid" (OSCOLA).
    assert second == "UNCAC (n 1) art 46."


def test_two_pages_are_numbered_independently(bibliography):
    index = CitationIndex()
    page_one = FootnoteSequence(bibliography, Report(), index=index, page_url="uncc/art-40/", page_title="Article 40")
    page_two = FootnoteSequence(bibliography, Report(), index=index, page_url="uncc/art-41/", page_title="Article 41")
    page_one.cite(cluster(("gdpr-2016",)), HERE)
    page_one.cite(cluster(("iccpr-1966",)), HERE)
    assert page_two.cite(cluster(("iccpr-1966", "art 17")), HERE) == 1
    assert notes_of(page_two)[0].startswith("International Covenant")  # full again on a new page
    assert [(c.page_url, c.note_number) for c in index.cited_on("iccpr-1966")] == [("uncc/art-40/", 2), ("uncc/art-41/", 1)]


def test_unknown_key_is_reported_and_rendered_visibly(bibliography):
    report = Report()
    notes = FootnoteSequence(bibliography, report)
    notes.cite(cluster(("no-such-source", "p 2")), Location("commentary/x.md", 17))
    assert [(p.code, p.location.path, p.location.line) for p in report.problems] == [(CITATION_UNKNOWN, "commentary/x.md", 17)]
    assert "[unknown source: no-such-source]" in notes_of(notes)[0]


def test_footnote_list_markup_and_backrefs(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    number = notes.cite(cluster(("gdpr-2016", "art 6")), HERE)
    assert notes.refer(number) == 1  # the first mark in the text that cites it (its id: fnref-1)
    rendered = footnotes_html(notes)
    assert rendered.startswith('<section class="footnotes" id="footnotes"><ol><li id="fn-1">')
    assert rendered.count('class="footnote-backref"') == 1
    assert '<a href="#fnref-1" class="footnote-backref" aria-label="Back to reference 1">↩</a></li>' in rendered
    assert footnotes_html(FootnoteSequence(bibliography, Report())) == ""


def test_bibliography_page_sorted_by_category_with_cited_on_links(bibliography):
    index = CitationIndex()
    page = FootnoteSequence(bibliography, Report(), index=index, page_url="uncc/art-40/", page_title="Article 40")
    page.cite(cluster(("iccpr-1966",)), HERE)
    page.cite(cluster(("gitoc-roundtable-2023", "p 6")), HERE)
    rendered = render_bibliography_html(bibliography, index, lambda place: f"../{place.page_url}#fn-{place.note_number}")
    ids = re.findall(r'<li id="bib-([^"]+)"', rendered)
    treaties = ids[:7]
    assert set(treaties) == {"un-cybercrime-convention-2024", "coe-convention-108", "coe-protocol-108-plus",
                             "budapest-convention-2001", "untoc-2000", "uncac-2003", "iccpr-1966"}
    assert treaties[:2] == ["coe-convention-108", "budapest-convention-2001"]  # "Convention for…" < "Convention on…"
    assert ids[7] == "gdpr-2016"
    assert ids[8:] == ["gitoc-roundtable-2023", "unodc-model-law-extradition-2004"]
    assert rendered.index("Treaties") < rendered.index("Legislation") < rendered.index("Secondary sources")
    iccpr = re.search(r'<li id="bib-iccpr-1966">.*?</li>', rendered).group(0)
    assert '<a href="../uncc/art-40/#fn-1">Article 40, n 1</a>' in iccpr
    gitoc = re.search(r'<li id="bib-gitoc-roundtable-2023">.*?</li>', rendered).group(0)
    assert "#fn-2" in gitoc
    uncac = re.search(r'<li id="bib-uncac-2003">.*?</li>', rendered).group(0)
    assert "not cited" in uncac


def test_entry_into_force_is_cited_where_the_bibliography_records_it(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    notes.cite(cluster(("budapest-convention-2001", "art 15")), HERE)
    notes.cite(cluster(("iccpr-1966", "art 17")), HERE)
    notes.cite(cluster(("un-cybercrime-convention-2024", "art 6")), HERE)
    budapest, iccpr, uncc = notes_of(notes)
    assert "(opened for signature 23 November 2001, entered into force 1 July 2004) ETS No 185" in budapest
    assert "(adopted 16 December 1966, entered into force 23 March 1976) 999 UNTS 171" in iccpr
    # Not in force when last known, and the citation says as at when (the bibliography's status or, when the
    # status on the edition's date is not known, its last dated fact); the Convention is the resolution's annex.
    last = bibliography["un-cybercrime-convention-2024"].status.last_known("not-in-force")
    assert last is not None
    assert f"(adopted 24 December 2024, not yet in force as at {format_date(last)}) UN Doc A/RES/79/243, annex" in uncc
    assert "entered into force" not in uncc


def test_malformed_entry_into_force_is_reported_at_its_line():
    report = Report()
    entries = parse_bibliography(
        "- id: t\n  type: treaty\n  title: A Treaty\n  issued: {date-parts: [[2001, 1, 1]]}\n  in-force: soon\n", report
    )
    assert "t" not in entries
    assert [(p.code, p.location.line) for p in report.problems] == [(BIBLIOGRAPHY_ENTRY, 5)]


def test_a_new_part_cites_in_full_again_and_never_says_ibid_across_it(bibliography):
    notes = FootnoteSequence(bibliography, Report())
    notes.cite(cluster(("gitoc-roundtable-2023", "p 5")), HERE)
    notes.cite(cluster(("iccpr-1966", "art 17")), HERE)
    notes.begin_part()  # the next note on the page: a reader may jump straight to it
    notes.cite(cluster(("iccpr-1966", "art 17")), HERE)
    notes.cite(cluster(("iccpr-1966", "art 19")), HERE)
    notes.cite(cluster(("gitoc-roundtable-2023", "p 6")), HERE)
    notes.cite(cluster(("iccpr-1966", "art 2")), HERE)
    texts = notes_of(notes)
    assert texts[2].startswith("International Covenant on Civil and Political Rights"), "not 'ibid' across the start of a note"
    assert texts[3] == "ibid art 19."
    assert texts[4].startswith("Global Initiative Against Transnational Organized Crime"), "in full again, not '(n 1)'"
    assert texts[5] == "ICCPR (n 3) art 2.", "points to the full form inside the note"
