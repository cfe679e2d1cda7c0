"""The article page as readers meet it, read from the built site with lxml: which text it is, commentary
in the order of the text and numbered, an honest byline, markers on annotated paragraphs, a comparison
that sums up what has no counterpart, interpretative notes as such, an empty state without repository
paths, previous/next inside one text, and search snippets that start with words."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import pytest
from markupsafe import Markup

from commentary_build.document.build import byline
from commentary_build.document.naming import commentary_citation, in_text_order
from commentary_build.document.prose import ProseBuilder
from commentary_build.load.project import load_project
from commentary_build.model import Author, BasedOn, Note
from commentary_build.model.edition import Edition
from commentary_build.render.templates import default_templates
from conftest import ROOT, page, words
from search_support import fragments

UN = "UN Convention against Cybercrime"
EDITORS = "The editors of treaty-commentary"
SITE = "Cybercrime conventions, annotated"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def text_records(site) -> list[dict]:
    """The search records of the texts' pages (search_support.fragments)."""
    return [record for record in fragments(site) if record["page"].startswith(("uncc/", "budapest/"))]


# --------------------------------------------------------------------------- which text


@pytest.mark.parametrize("path,name,detail,title,browser_title", [
    ("budapest/art-15", "Budapest Convention", "Council of Europe, ETS No. 185", "Article 15: Conditions and safeguards", "Art 15 — Conditions and safeguards"),
    ("uncc/art-15", UN, "United Nations, A/RES/79/243", "Article 15: Solicitation or grooming", "Art 15 — Solicitation or grooming for the purpose of committing a sexual offence against a child"),
    ("uncc/art-40", UN, "United Nations, A/RES/79/243", "Article 40: General principles", "Art 40 — General principles and procedures relating to mutual legal assistance"),
    ("budapest/preamble", "Budapest Convention", "Council of Europe, ETS No. 185", "Preamble", "Preamble"),
    ("uncc/chp-5", UN, "United Nations, A/RES/79/243", "Chapter V: International cooperation", "Chapter V: International cooperation"),
])
def test_every_page_of_a_text_names_it_in_the_heading_and_the_browser_title(built_site, path, name, detail, title, browser_title):
    doc = page(built_site, path)
    (h1,) = doc.cssselect("h1")
    assert words(h1.cssselect(".tc-instrument-name")[0]) == name
    assert words(h1.cssselect(".tc-instrument-detail")[0]) == detail
    assert words(h1.cssselect(".tc-page-title")[0]).startswith(title)
    assert h1.cssselect(".tc-instrument-name")[0].get("data-mark") in ("UN", "CoE")
    # Spoken as one sentence: the hidden separators sit between name, detail and title.
    assert words(h1).replace("¶", "").strip().startswith(f"{name}, {detail}. {title}")
    # The browser's title starts with what the page is (a phone's header and a row of tabs show only the start), then the text.
    assert doc.findtext(".//title") == f"{browser_title} · {name} - {SITE}"


def test_the_two_article_15s_are_told_apart_in_search(built_site):
    records = text_records(built_site)
    names = {(r["page"], r["meta"]["text"]) : r["meta"]["name"] for r in records if r["meta"]["kind"] == "text" and r["meta"]["anchors"] == "{}"}
    assert names[("budapest/art-15/", "Budapest Convention")] == "Art 15 — Conditions and safeguards"
    assert names[("uncc/art-15/", UN)] == "Art 15 — Solicitation or grooming for the purpose of committing a sexual offence against a child"
    # Every record of a text's page names the text it belongs to, as a filter and in what a result shows.
    for record in records:
        text = "Budapest Convention" if record["page"].startswith("budapest/") else UN
        assert record["meta"]["text"] == text and record["filters"]["text"] == [text], record["page"]


def test_the_site_is_named_by_the_edition(built_site, project):
    assert project.edition.title == SITE
    doc = page(built_site, "")
    assert SITE in words(doc.cssselect(".md-header__topic")[0])


# --------------------------------------------------------------------------- commentary where it applies


def test_notes_follow_the_text_and_their_paragraphs_are_numbered_within_each_note(built_site):
    doc = page(built_site, "uncc/art-40")
    assert [n.get("data-note") for n in doc.cssselect(".tc-note")] == [
        "uncc/art-40/dual-criminality", "uncc/art-40/user-notice", "uncc/art-40/human-rights-refusal", "uncc/art-40/grounds-across-the-chapter",
    ]
    through_page = 0
    for note in doc.cssselect(".tc-note"):
        paragraphs = note.cssselect(".tc-note-body > p")
        # Every paragraph at the top of a note's body is numbered, from 1 in each note (print.css: .tc-note-body > p),
        # with an id made of the note's: adding or moving another note changes neither.
        assert paragraphs and all("tc-para" in p.get("class", "") for p in paragraphs)
        note_id = paragraphs[0].get("id").rsplit("-para-", 1)[0]
        assert note_id.startswith("note-") and note.getprevious().get("id") == note_id  # the note's heading
        assert [p.get("id") for p in paragraphs] == [f"{note_id}-para-{n}" for n in range(1, len(paragraphs) + 1)]
        for number, paragraph in enumerate(paragraphs, 1):
            link = paragraph.cssselect("a.tc-para-num")[0]
            assert link.get("href") == f"#{note_id}-para-{number}" and link.text_content() == str(number)
            assert link.get("data-search-exclude") is not None
            # The old anchor, numbered through the page, still arrives at the paragraph (for this edition).
            through_page += 1
            assert paragraph.cssselect("span")[0].get("id") == f"commentary-{through_page}"


def test_a_commentary_paragraph_cites_author_title_site_article_paragraph_and_date(built_site):
    doc = page(built_site, "uncc/art-40")
    first = doc.get_element_by_id("note-dual-criminality-para-1").cssselect("a.tc-para-num")[0]
    assert first.get("data-cite") == (
        f"{EDITORS}, 'Dual criminality as a condition of mutual legal assistance', para 1, in {SITE}, "
        f"commentary on {UN} art 40 (29 November 2026)"
    )
    second = doc.get_element_by_id("commentary-5").getparent()  # the old anchor of the second note's second paragraph
    assert second.get("id") == "note-user-notice-para-2" and "', para 2, in " in \
        second.cssselect("a.tc-para-num")[0].get("data-cite")
    overview = page(built_site, "uncc/overview").cssselect(".tc-note-body > p.tc-para")[1].cssselect("a.tc-para-num")[0]
    assert f", para 2, in {SITE}, commentary on {UN}, overview (" in overview.get("data-cite")


def test_the_byline_names_the_authors_and_what_the_note_is_based_on(built_site):
    doc = page(built_site, "uncc/art-40")
    meta = doc.cssselect('.tc-note[data-note="uncc/art-40/dual-criminality"] .tc-note-meta')[0]
    assert words(meta.cssselect(".tc-byline")[0]) == "Editors' analysis, based on GI-TOC Roundtable Report, pp 5–6"
    source = meta.cssselect(".tc-based-on a")[0]
    assert source.get("href") == "../../bibliography/#bib-gitoc-roundtable-2023"
    assert source.cssselect("cite")[0].text_content() == "GI-TOC Roundtable Report"
    assert "29 November 2026" in words(meta) and meta.cssselect("time")[0].get("datetime") == "2026-11-29"


def _note(**changes) -> Note:
    values = dict(id="uncc/art-40/x", path="commentary/uncc/art-40/x.md", title="A point", instrument_id="uncc", target="art-40-8",
                  target_as_written="art-40-8", draft=None, authors=[Author("The editors")], date=dt.date(2026, 12, 1), themes=[],
                  body="", body_line=1, article_id="art-40")
    values.update(changes)
    return Note(**values)


def _byline_html(note: Note, project) -> str:
    found = byline(note, project)
    values = {"editors": found.editors, "authors": found.authors,
              "based_on": [{"label": s.label, "pinpoint": s.pinpoint, "href": f"bibliography.md#bib-{s.key}" if s.known else None} for s in found.based_on]}
    html = default_templates().render("note.html", note=note, target={"label": "art 40(8)", "href": None}, byline=values,
                                      date=None, date_text="1 December 2026", themes=[], body=Markup(""))
    return words(lxml.html.fromstring(html).cssselect(".tc-byline")[0])


def test_bylines_never_make_a_source_an_author(project):
    assert _byline_html(_note(), project) == "The editors"
    people = _note(authors=[Author("Ana Lima", "Example Institute"), Author("Ben Ode")], based_on=[BasedOn("gitoc-roundtable-2023", "p 6")])
    assert _byline_html(people, project) == "Ana Lima (Example Institute); Ben Ode, based on GI-TOC Roundtable Report, p 6"
    no_pages = _note(based_on=[BasedOn("gitoc-roundtable-2023")])
    assert _byline_html(no_pages, project) == "Editors' analysis, based on GI-TOC Roundtable Report"


def test_citation_authors_are_the_editors_named_by_the_edition():
    edition = Edition(title=SITE, editors=EDITORS)
    note = _note(authors=[Author("The editors"), Author("Ana Lima")])
    assert commentary_citation(note, edition, "commentary on X art 1", 3) == f"{EDITORS} and Ana Lima, 'A point', para 3, in {SITE}, commentary on X art 1 (1 December 2026)"
    assert commentary_citation(_note(date=None), edition, "commentary on X art 1", 1) == f"{EDITORS}, 'A point', para 1, in {SITE}, commentary on X art 1"


def test_paragraph_numbers_skip_nested_paragraphs():
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse('One [l](x "a>b")\n\n- nested\n\n  loose\n\n> quoted\n\nTwo  \nmore')
    blocks = ProseBuilder("uncc").blocks(tokens, number_paragraphs=True)
    numbered = [(type(b).__name__, getattr(b, "number", None)) for b in blocks]
    assert numbered == [("Paragraph", 1), ("ListBlock", None), ("Quote", None), ("Paragraph", 2)]
    assert all(p.number is None for item in blocks[1].items for p in item.blocks) and blocks[2].blocks[0].number is None


def test_notes_on_the_article_come_before_notes_on_its_paragraphs():
    position = {"art-40": 0, "art-40-8": 9, "art-40-21": 30, "art-40-21-b": 32}
    notes = [_note(target="art-40-21-b", title="b"), _note(target="art-40-8", title="8"), _note(target="art-40", title="all"), _note(target="art-40-21", title="21")]
    assert [n.title for n in in_text_order(notes, position)] == ["all", "8", "21", "b"]


def test_annotated_paragraphs_carry_one_marker_that_leads_to_their_notes(built_site):
    doc = page(built_site, "uncc/art-40")
    markers = {m.getparent().getparent().get("data-unit") or m.getparent().getparent().get("id"): m for m in doc.cssselect(".md-content a.tc-marker")}
    assert set(markers) == {"art-40-8", "art-40-20", "art-40-21", "art-40-22"}
    marker = markers["art-40-21"]
    assert words(marker) == "1 note · 1 proposal on art 40(21)"
    assert marker.cssselect(".visually-hidden")[0].text_content() == " on art 40(21)"
    assert marker.get("href") == "#note-human-rights-refusal"
    assert doc.get_element_by_id("note-human-rights-refusal") is not None
    assert words(markers["art-40-22"]) == "1 note on art 40(22)"
    # The marker of a paragraph with proposals sits in the caption that names the proposal above its tabs.
    caption = doc.cssselect('.tc-redline-views[data-unit="art-40-21"] .tc-views-caption')[0]
    assert words(caption).startswith("Proposal on art 40(21): Refusal where execution is likely to violate fundamental human rights")
    views = doc.cssselect('.tc-redline-views[data-unit="art-40-21"]')[0]
    assert views.get("role") == "group" and doc.get_element_by_id(views.get("aria-labelledby")) is not None


def test_a_deletion_and_the_insertion_after_it_are_two_words(built_site):
    doc = page(built_site, "uncc/art-40")
    html = lxml.html.tostring(doc.cssselect('.tc-redline-views[data-unit="art-40-8"] .tabbed-block[data-view="blackline"]')[0], encoding="unicode")
    assert re.search(r'State Party\.</del><ins class="tc-ins tc-after-mark"', html), "the inserted sentence is not set apart from the struck one"


# --------------------------------------------------------------------------- a comparison you can read


def test_the_comparison_sums_up_paragraphs_without_counterpart_in_one_line(built_site):
    doc = page(built_site, "uncc/art-40")
    (group,) = doc.cssselect('.tc-comparison[data-compare="budapest:art-25"]')
    blackline = group.cssselect('.tabbed-block[data-view="comparison"]')[0]
    summaries = [words(s) for s in blackline.cssselect("details.tc-unmatched > summary")]
    assert summaries == [
        "Paragraphs 2–3, 9–11, 15–16, 18, 22, 24 and 29–32 of Art. 40: no counterpart in the Budapest Convention (show all 14)",
        "Paragraph 2 of Budapest Convention art 25: no counterpart in the UN Convention against Cybercrime (show it)",
    ]
    folded = blackline.cssselect("details.tc-unmatched")[0]
    assert len(folded.cssselect(".tc-comparison-row")) == 14 and folded.get("open") is None
    # Only the matched paragraphs are shown in full outside it.
    shown = [words(r.cssselect(".tc-comparison-label")[0]).split(" ↔")[0] for r in blackline.cssselect(":scope > .tc-comparison-row")]
    assert shown == ["Art. 40(1)", "Art. 40(8)", "Art. 40(13)", "Art. 40(14)", "Art. 40(21)", "Art. 40(23)"]


def test_a_paragraph_compared_elsewhere_points_there_instead_of_saying_only_in(built_site):
    doc = page(built_site, "uncc/art-40")
    (group,) = doc.cssselect('.tc-comparison[data-compare="budapest:art-25"]')
    pointers = {words(p).split(":")[0]: p for p in group.cssselect('.tabbed-block[data-view="comparison"] .tc-comparison-pointer')}
    assert words(pointers["Art. 40(4)"]) == "Art. 40(4): compared with Budapest Convention art 26(1) below"
    assert [a.get("href") for a in pointers["Art. 40(4)"].cssselect("a")] == ["#compared-budapest-art-26"]
    assert doc.get_element_by_id("compared-budapest-art-26") is not None
    assert words(pointers["Art. 40(7)"]) == "Art. 40(7): compared with Budapest Convention art 27(1) and art 28(1) below"
    labels = [words(label) for label in group.cssselect(".tc-comparison-label")]
    assert not [label for label in labels if label.startswith("Art. 40(4)") and "only in" in label]


def test_the_comparison_offers_a_side_by_side_view(built_site):
    doc = page(built_site, "uncc/art-24")
    (group,) = doc.cssselect('.tc-comparison[data-compare="budapest:art-15"]')
    assert [words(label) for label in group.cssselect(".tabbed-labels label")] == ["Comparison", "Side by side", "Budapest Convention text"]
    first = group.cssselect('.tabbed-block[data-view="side-by-side"] .tc-side-row')[0]
    left, right = first.cssselect(".tc-side-from")[0], first.cssselect(".tc-side-to")[0]
    assert words(left.cssselect(".tc-side-label")[0]) == f"{UN}, art 24(1)"
    assert words(right.cssselect(".tc-side-label")[0]).startswith("Budapest Convention, art 15(1)")
    # Each column holds only its own text's words: UN-only words underlined on the left, Budapest-only struck on the right.
    assert left.cssselect("ins") and not left.cssselect("del")
    assert right.cssselect("del") and not right.cssselect("ins")


# --------------------------------------------------------------------------- getting around


def test_interpretative_notes_are_labelled_boxes_beside_their_article(built_site):
    doc = page(built_site, "uncc/art-35")
    labels = [words(label) for label in doc.cssselect(".tc-interpretative-box .tc-interpretative-label")]
    assert labels and all(re.fullmatch(r"Interpretative note \d+ \(annex, .+\)", label) for label in labels), labels
    assert [a.get("href") for a in doc.cssselect(".tc-interpretative-label a")][0].startswith("../interpretative-notes/#note-")
    # Not paragraphs of the article: no paragraph number, outside the article's text.
    assert not doc.cssselect(".tc-text[data-article] .tc-interpretative-box")


def _visible_text(doc) -> str:
    content = doc.cssselect(".md-content")[0]
    return " ".join(content.text_content().split())


def test_an_empty_article_says_so_and_shows_no_repository_path(built_site, project):
    doc = page(built_site, "uncc/art-1")
    assert words(doc.cssselect(".tc-empty")[0]) == "No commentary on this article yet."
    assert doc.cssselect(".tc-contribute a")[0].get("href") == "../../contributing/"
    for instrument in project.instruments.values():
        for article in instrument.articles.values():
            text = _visible_text(page(built_site, f"{instrument.id}/{article.id}"))
            # (Not the site's own address in "Cite this article", whose path may hold "treaty-commentary/uncc/".)
            assert not re.search(r"(?<![\w-])(commentary|content)/[a-z]+/", text), f"{instrument.id}/{article.id} shows a repository path"


def _footer(doc) -> tuple[str | None, str | None]:
    prev = doc.cssselect("a.md-footer__link--prev")
    nxt = doc.cssselect("a.md-footer__link--next")
    return (prev[0].get("href") if prev else None, nxt[0].get("href") if nxt else None)


def test_previous_and_next_go_article_to_article_and_stay_in_one_text(built_site, project):
    assert _footer(page(built_site, "budapest/art-15")) == ("../art-14/", "../art-16/")
    # Across a chapter without stopping at the chapter's page; from the first article back to the preamble.
    assert _footer(page(built_site, "uncc/art-6")) == ("../art-5/", "../art-7/")
    assert _footer(page(built_site, "uncc/art-1"))[0] == "../preamble/"
    last_un = list(project.instruments["uncc"].articles)[-1]
    assert _footer(page(built_site, f"uncc/{last_un}"))[1] == "../interpretative-notes/"
    last_budapest = list(project.instruments["budapest"].articles)[-1]
    assert _footer(page(built_site, f"budapest/{last_budapest}"))[1] is None
    assert _footer(page(built_site, "uncc/interpretative-notes"))[1] is None
    assert _footer(page(built_site, "budapest/preamble"))[0] is None
    for path in ("proposals", "concordance"):
        assert not [href for href in _footer(page(built_site, path)) if href and ("uncc/" in href or "budapest/" in href)]
    label = page(built_site, "budapest/art-15").cssselect("a.md-footer__link--next")[0].get("aria-label")
    assert label == "Next: Art. 16 Expedited preservation of stored computer data"


# --------------------------------------------------------------------------- search snippets


def test_search_snippets_start_with_words_not_citations_dates_or_labels(built_site):
    records = text_records(built_site)
    assert records
    for record in records:
        text = record["content"]
        assert "How to cite" not in text, record["page"]
        assert "Adopted textBlackline" not in text and "How to read the blackline" not in text and "Download PDF" not in text, record["page"]
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), f"a date line in {record['page']}"
        assert not re.search(r"[a-z.)][A-Z][a-z]", text), f"words run together in {record['page']}: {text[:200]}"
    # A note's words follow its title, with no byline, date or themes between them.
    (note,) = [r for r in records if r["meta"]["kind"] == "commentary" and '"note-dual-criminality"' in r["meta"]["anchors"]]
    assert note["content"].removeprefix(note["meta"]["name"]).lstrip(". ").startswith("What the report records.")
    # A paragraph of the treaty is its own record, its words as the text has them.
    (paragraph,) = [r for r in records if r["meta"]["anchors"] == '{"art-40-8": "Art 40(8)"}']
    assert paragraph["content"].startswith("8. States Parties may decline to render assistance")


def test_a_site_name_other_than_the_editions_title_is_reported(project_copy, tmp_path, caplog):
    from conftest import build_with_mkdocs

    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_name: {SITE}", "site_name: Something else"), encoding="utf-8")
    with caplog.at_level("WARNING"):
        build_with_mkdocs(project_copy, tmp_path / "site")
    assert any("site_name in mkdocs.yml ('Something else') differs from the edition's title" in r.getMessage() for r in caplog.records)
