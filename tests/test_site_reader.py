"""Citations, cross-references, back-links, the matrix and the tracker on the built site."""

from __future__ import annotations

import re

import pytest

from commentary_build.load.project import load_project
from conftest import ROOT, page


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def footnotes(doc):
    return [(li.get("id"), re.sub(r"\s*↩\s*$", "", li.text_content()).strip()) for li in doc.cssselect("section.footnotes li")]


def test_footnotes_are_numbered_per_page_with_ibid_and_back_references(built_site):
    art37 = footnotes(page(built_site, "uncc/art-37"))
    assert [fid for fid, _ in art37] == [f"fn-{n}" for n in range(1, len(art37) + 1)]
    first = art37[0][1]
    assert first.startswith("Global Initiative Against Transnational Organized Crime, UN 'Cybercrime Treaty'")
    assert "(GI-TOC Roundtable Report)" in first, "the first citation is full and names its short form"
    art40 = footnotes(page(built_site, "uncc/art-40"))
    assert art40[0][0] == "fn-1" and art40[0][1].startswith("Global Initiative"), "numbering restarts on each page"
    assert any(text.startswith("ibid") for _, text in art40[1:])


def _footnote_parts(doc) -> dict[int, str]:
    """Each footnote's number and the part of the page (a note, a proposal) that cites it first."""
    parts: dict[int, str] = {}
    for ref in doc.cssselect("sup.footnote-ref"):
        number = int(ref.cssselect("a")[0].text_content())
        part = next((a for a in ref.iterancestors() if {"tc-note", "tc-proposal"} & set((a.get("class") or "").split())), None)
        assert part is not None, f"footnote {number} is cited outside a note or a proposal"
        parts.setdefault(number, part.getroottree().getpath(part))
    return parts


def test_no_footnote_leans_on_a_footnote_of_another_note(built_site):
    """A reader who jumps to one note reads its footnotes: "ibid" and "(n X)" point only within the note, and
    each note cites a source in full the first time (issue 22: no "ibid." across notes)."""
    for path in ("uncc/art-40", "uncc/art-37", "uncc/art-42"):
        doc = page(built_site, path)
        texts = dict((int(fid.removeprefix("fn-")), text) for fid, text in footnotes(doc))
        parts = _footnote_parts(doc)
        assert set(parts) == set(texts), path
        full_in: set[str] = set()
        for number, text in sorted(texts.items()):
            part = parts[number]
            if text.startswith("ibid"):
                assert parts[number - 1] == part, f"{path}: footnote {number} ({text}) refers into another note"
            for earlier in re.findall(r"\(n (\d+)\)", text):
                assert parts[int(earlier)] == part, f"{path}: footnote {number} ({text}) refers into another note"
            if text.startswith("Global Initiative"):
                full_in.add(part)
        if path == "uncc/art-40":
            assert len(full_in) >= 3, "each note of Art 40 that cites the report names it in full once"


def test_footnote_references_and_back_links_pair_up(built_site):
    doc = page(built_site, "uncc/art-40")
    ids = set(doc.xpath("//@id"))
    for ref in doc.cssselect("sup.footnote-ref"):
        href = ref.cssselect("a")[0].get("href")
        assert href.lstrip("#") in ids
        assert ref.get("id") in ids
    for back in doc.cssselect("a.footnote-backref"):
        assert back.get("href").lstrip("#") in ids


def test_bibliography_lists_every_source_with_cited_on_links(built_site, project):
    doc = page(built_site, "bibliography")
    entries = doc.cssselect("li[id^='bib-']")
    assert {e.get("id")[4:] for e in entries} == set(project.bibliography)
    report = doc.get_element_by_id("bib-gitoc-roundtable-2023")
    links = report.cssselect("a[href*='#fn-']")
    assert len(links) >= 10
    for link in links[:5]:
        target, anchor = link.get("href").split("#")
        resolved = (built_site / "bibliography" / target).resolve()
        assert f'id="{anchor}"' in (resolved / "index.html").read_text(encoding="utf-8")


def test_cross_references_in_commentary_link_to_the_paragraph(built_site):
    doc = page(built_site, "uncc/art-37")
    links = {a.text_content(): a.get("href") for a in doc.cssselect(".tc-note-body a.xref")}
    assert links["Article 37(15)"] == "#art-37-15"
    assert links["Article 6(1)"] == "../art-6/#art-6-1"


def test_treaty_text_references_are_links_and_the_wording_is_unchanged(built_site, project):
    doc = page(built_site, "uncc/art-42")
    unit = doc.get_element_by_id("art-42-6")
    words = unit.cssselect(".tc-words")[0]
    assert words.text_content() == project.default_instrument.index["art-42-6"].text
    hrefs = [a.get("href") for a in words.cssselect("a")]
    assert hrefs == ["../art-40/#art-40-21-b", "../art-40/#art-40-21-c", "../art-40/#art-40-22"]


def test_referred_to_by_lists_text_and_commentary_sources(built_site):
    doc = page(built_site, "uncc/art-40")
    items = [li.text_content() for li in doc.cssselect("ul.tc-referred-by li")]
    assert any(item.startswith("Art. 42 ") and "its text" in item for item in items)
    assert any(item.startswith("Art. 43 ") for item in items)


def test_matrix_cells_link_to_every_note_on_each_theme(built_site, project):
    doc = page(built_site, "matrix")
    rows = {row.cssselect("th")[0].text_content(): row for row in doc.cssselect("table.tc-matrix tbody tr")}
    assert set(rows) == {t.label for t in project.themes.values()}
    linked = sum(len(cell.cssselect("a")) for row in rows.values() for cell in row.cssselect("td"))
    assert linked == sum(len(n.themes) for n in project.notes)
    grounds = rows["Grounds for refusal"]
    titles = {a.text_content() for a in grounds.cssselect("td a")}  # each note by its visible title, not a number
    assert titles == {n.title for n in project.notes if "grounds-for-refusal" in n.themes}


def test_tracker_lists_every_recommendation_with_status_and_backing_note(built_site, project):
    doc = page(built_site, "recommendations")
    recommendations = [r for s in project.recommendations for r in s.recommendations]
    rows = doc.cssselect("table.tc-tracker tbody tr")
    assert len(rows) == len(recommendations) >= 20
    statuses = {row.cssselect(".tc-status")[0].text_content() for row in rows}
    assert statuses <= {"Reflected", "Partly reflected", "Not reflected", "No counterpart"}
    for row, rec in zip(rows, recommendations):
        assert row.get("id") == rec.id
        note_link = row.cssselect("td:last-child a")[-1].get("href")
        path, anchor = note_link.split("#")
        target = (built_site / "recommendations" / path / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), note_link
