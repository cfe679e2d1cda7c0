"""Nothing lost between the sources and the site: every note and every redline proposal is on
exactly one page, its own, and the build report's counts equal what was loaded."""

from __future__ import annotations

import subprocess
from collections import Counter

import lxml.html
import pytest

from commentary_build.check import check_project
from commentary_build.load.project import load_project
from commentary_build.render.site import build_site
from commentary_build.transform.citations import find_citations
from conftest import ROOT, build_report


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def site_elements(built_site):
    """(note id -> pages that show it, proposal id -> pages with its full entry, footnotes per page)."""
    notes, proposals, footnotes = {}, {}, Counter()
    for path in sorted(built_site.rglob("index.html")):
        page = path.parent.relative_to(built_site).as_posix()
        root = lxml.html.parse(str(path)).getroot()
        for element in root.cssselect(".md-content .tc-note[data-note]"):
            notes.setdefault(element.get("data-note"), []).append(page)
        for element in root.cssselect(".md-content [id^='proposal-']"):
            proposals.setdefault(element.get("id").removeprefix("proposal-"), []).append(page)
        footnotes[page] = len(root.cssselect(".md-content section.footnotes li[id^='fn-']"))
    return notes, proposals, footnotes


def _home_page(project, note) -> str:
    instrument = project.instruments[note.instrument_id]
    return f"{instrument.id}/{note.article_id}" if note.article_id else f"{instrument.id}/overview"


def test_every_note_is_on_exactly_its_own_page(project, site_elements):
    shown, _, _ = site_elements
    assert project.notes, "no notes loaded"
    for note in project.notes:
        assert shown.get(note.id) == [_home_page(project, note)], f"{note.id} ({note.path}) shown on {shown.get(note.id)}"
    assert set(shown) == {note.id for note in project.notes}, "a note on the site that was not loaded"


def test_every_proposal_is_on_exactly_its_notes_page(project, site_elements):
    _, shown, _ = site_elements
    loaded = [(proposal, note) for note in project.notes for proposal in note.proposals]
    assert loaded, "no proposals loaded"
    for proposal, note in loaded:
        assert shown.get(proposal.id) == [_home_page(project, note)], f"proposal {proposal.id} shown on {shown.get(proposal.id)}"
    assert set(shown) == {proposal.id for proposal, _ in loaded}


def test_build_report_counts_what_was_loaded_and_rendered(project, built_site, site_elements):
    _, _, footnotes = site_elements
    report = build_report(built_site)
    counts = report["counts"]
    assert counts["notes"] == len(project.notes)
    assert counts["proposals"] == sum(len(note.proposals) for note in project.notes)
    cited = sum(len(find_citations(text)) for note in project.notes
                for text in (note.body, *(proposal.rationale for proposal in note.proposals)))
    assert cited > 0
    # One footnote per citation, each rendered once, on the page of the note that makes it.
    assert counts["citations"] == cited == sum(footnotes.values())
    assert counts["errors"] == 0 and report["problems"] == []
    generated = build_site(project, check_project(project)).pages
    assert counts["pages"] == len(generated)
    unbuilt = [page.src_uri for page in generated if not (built_site / _built_path(page.src_uri)).is_file()]
    assert unbuilt == []


def _built_path(src_uri: str) -> str:
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def test_full_pdf_holds_every_note_title(project, built_site_with_pdfs):
    pdf = pytest.importorskip("commentary_build.export.pdf", reason="no PDF export in this checkout")
    full = built_site_with_pdfs / pdf.FULL_PDF
    assert full.is_file(), "the site build did not publish the full PDF"
    text = subprocess.run(["pdftotext", "-layout", str(full), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.replace("\u00ad", "").split())
    missing = [note.title for note in project.notes if " ".join(note.title.split()) not in flat]
    assert missing == []
