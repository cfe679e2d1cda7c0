"""The real site, built with MkDocs into a temporary folder, read as a reader would get it."""

from __future__ import annotations

import re

import lxml.html
import pytest
from mkdocs.exceptions import PluginError

from commentary_build.load.project import load_project
from conftest import ROOT, build_report, page


def test_every_article_has_a_page(built_site):
    articles = sorted(p.name for p in (built_site / "uncc").iterdir() if p.name.startswith("art-"))
    assert len(articles) == 68
    assert {f"art-{n}" for n in range(1, 69)} == set(articles)
    for extra in ("preamble", "overview", "interpretative-notes"):
        assert (built_site / "uncc" / extra / "index.html").exists(), extra
    chapters = [p for p in (built_site / "uncc").iterdir() if p.name.startswith("chp-")]
    assert len(chapters) == 9
    assert (built_site / "index.html").exists()


def test_article_40_paragraphs_and_subparagraphs_have_anchors(built_site):
    doc = page(built_site, "uncc/art-40")
    ids = set(doc.xpath("//@id"))
    for number in range(1, 33):
        assert f"art-40-{number}" in ids, number
    for letter in "abcd":
        unit = doc.get_element_by_id(f"art-40-21-{letter}")
        permalink = unit.cssselect("a.tc-num")[0]
        assert permalink.get("href") == f"#art-40-21-{letter}"
        assert permalink.text_content() == f"({letter})"
        assert permalink.get("data-cite").endswith(f"art 40(21)({letter})")
    assert "art-40-21-e" not in ids
    title = doc.cssselect("h1")[0].text_content()
    assert "Article 40" in title and "mutual legal assistance" in title


def test_article_text_matches_the_loaded_text(built_site):
    from pathlib import Path

    from commentary_build.load.texts import load_instruments
    from commentary_build.model.problems import Report

    instrument = load_instruments(Path(__file__).resolve().parent.parent, Report())["uncc"]
    doc = page(built_site, "uncc/art-40")
    paragraph = doc.get_element_by_id("art-40-8")
    words = paragraph.cssselect(".tc-words")[0].text_content()
    assert words == instrument.index["art-40-8"].text


@pytest.mark.parametrize("article", [36, 37, 40, 42, 43, 46, 54, 57])
def test_roundtable_commentary_is_on_the_articles_it_concerns(built_site, article):
    doc = page(built_site, f"uncc/art-{article}")
    notes = doc.cssselect(".tc-note")
    assert notes, f"no commentary on art {article}"
    authors = " ".join(n.cssselect(".tc-authors")[0].text_content() for n in notes)
    # The editors wrote the notes; the roundtable report is their source ("based on"), cited in footnotes.
    assert "Editors' analysis" in authors and "roundtable" not in authors.lower()
    for note in notes:
        based_on = note.cssselect(".tc-based-on")[0].text_content()
        assert based_on.startswith(", based on GI-TOC Roundtable Report, p"), based_on
    assert doc.cssselect("#notes .footnotes, section.footnotes"), "the commentary cites its source"


def test_search_index_holds_treaty_text_and_commentary(built_site):
    from search_support import fragments

    records = fragments(built_site)
    art40 = [r for r in records if r["page"] == "uncc/art-40/"]
    assert {r["meta"]["kind"] for r in art40 if "dual criminality" in r["content"]} == {"text", "commentary", "proposal"}
    overview = [r for r in records if r["page"] == "uncc/overview/"]
    assert any("roundtable" in r["content"].lower() for r in overview)
    # Material's own index is not published: nothing would read it.
    assert not (built_site / "search" / "search_index.json").exists()


def test_edit_link_opens_the_commentary_source_not_a_generated_file(built_site):
    doc = page(built_site, "uncc/art-40")
    edit = doc.cssselect('a[title="Edit this page"]')[0].get("href")
    assert "/commentary/uncc/art-40/" in edit
    assert "/docs/" not in edit
    lonely = page(built_site, "uncc/art-1")
    add = lonely.cssselect('a[title="Edit this page"]')[0].get("href")
    assert re.search(r"/new/main/commentary/uncc/art-1/$", add), add
    # An article with one note opens that note in the repository's editor.
    single = page(built_site, "uncc/art-24").cssselect('a[title="Edit this page"]')[0].get("href")
    assert re.search(r"/treaty-commentary/edit/main/commentary/uncc/art-24/[^/]+\.md$", single), single


def test_navigation_is_grouped_by_chapter(built_site):
    doc = page(built_site, "uncc/art-40")
    nav_text = doc.cssselect("nav.md-nav--primary")[0].text_content()
    assert "Chapter V" in nav_text
    # navigation.prune: other chapters' articles are not rendered on this page
    assert "Art. 7 Illegal access" not in nav_text


def test_interpretative_notes_on_their_articles(built_site):
    doc = page(built_site, "uncc/art-2")
    section = doc.get_element_by_id("interpretative-notes")
    assert section is not None
    assert "service provider" in doc.text_content()
    notes_page = page(built_site, "uncc/interpretative-notes")
    assert len(notes_page.cssselect(".tc-interpretative-note")) == 5


def test_build_report_written(built_site):
    report = build_report(built_site)
    assert report["counts"]["errors"] == 0
    project = load_project(ROOT)
    assert report["pages_by_kind"]["article"] == sum(len(i.articles) for i in project.instruments.values())
    assert report["counts"]["notes"] == len(project.notes) > 0


def test_the_build_report_is_written_beside_the_site_never_in_it(built_site, tmp_path):
    # It lists the checkout's files and problems: for contributors and CI, not for readers.
    assert not list(built_site.rglob("*report*.json"))
    from treaty_commentary_mkdocs.plugin import report_path

    site = tmp_path / "site"
    assert report_path(tmp_path, site, "build/report.json") == tmp_path / "build" / "report.json"
    for inside in ("site/build-report.json", "site", "build/../site/x.json", str(site / "r.json")):
        with pytest.raises(PluginError, match="inside the site folder"):
            report_path(tmp_path, site, inside)


def test_build_report_counts_the_links_the_pages_carry(built_site):
    report = build_report(built_site)["counts"]
    commentary_links = 0
    for html_file in built_site.rglob("index.html"):
        doc = lxml.html.fromstring(html_file.read_text(encoding="utf-8"))
        commentary_links += len(doc.cssselect(".tc-note-body a.xref, .tc-rationale a.xref"))
    assert commentary_links == report["cross_references_commentary"] > 0
    assert report["cross_references"] == report["cross_references_text"] + report["cross_references_commentary"]
