"""Word export read back: tracked insertions and deletions labelled per proposal, with dates; one comment
per proposal anchored to its changes; citations as footnotes; punctuation changes marked alone;
heading styles for the navigation pane; accept-all and reject-all giving the proposed and the adopted
wording, spaces kept; the compilation table; LibreOffice opening the file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from commentary_build.check import check_project
from commentary_build.export.docx import build_docx
from commentary_build.export.selection import select_articles
from commentary_build.export.table import proposal_author
from commentary_build.load.project import load_project
from commentary_build.transform import oscola
from commentary_build.transform.redline import apply_proposal

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def analysis(project):
    return check_project(project)


@pytest.fixture(scope="module")
def docx(project, analysis, tmp_path_factory):
    data = build_docx(project, analysis, select_articles(project, ["40", "42", "43"]))
    path = tmp_path_factory.mktemp("docx") / "brief.docx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        document = ET.fromstring(archive.read("word/document.xml"))
    return path, document


def part(path: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read(name))


def proposals_on(project, articles=("art-40", "art-42", "art-43")):
    instrument = project.default_instrument
    return [p for n in project.notes for p in n.proposals if any(instrument.article_of(e.target).id in articles for e in p.edits)]


def paragraph_text(paragraph: ET.Element, view: str) -> str:
    """The paragraph's text after accepting ("accept") or rejecting ("reject") every change."""
    parts = []

    def visit(element: ET.Element, inside: str | None) -> None:
        for child in element:
            tag = child.tag.removeprefix(W)
            if tag in ("ins", "del"):
                visit(child, tag)
            elif tag == "r":
                keep = inside is None or (inside == "ins" and view == "accept") or (inside == "del" and view == "reject")
                if keep:
                    for piece in child:
                        name = piece.tag.removeprefix(W)
                        if name in ("t", "delText"):
                            parts.append(piece.text or "")
                        elif name == "tab":
                            parts.append("\t")

    visit(paragraph, None)
    return "".join(parts)


def paragraph_survives(paragraph: ET.Element, view: str) -> bool:
    mark = paragraph.find(f"{W}pPr/{W}rPr")
    if mark is None:
        return True
    if mark.find(f"{W}ins") is not None:
        return view == "accept"
    if mark.find(f"{W}del") is not None:
        return view == "reject"
    return True


def texts(document: ET.Element, view: str) -> list[str]:
    return [paragraph_text(p, view) for p in document.iter(f"{W}p") if paragraph_survives(p, view)]


def test_every_change_is_tracked_with_the_proponent_and_a_date(project, docx):
    _, document = docx
    marks = list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del"))
    changes = [m for m in marks if m.find(f"{W}r") is not None]
    assert changes
    authors = {proposal_author(p, project.default_instrument) for n in project.notes for p in n.proposals}
    for mark in changes:
        assert mark.get(f"{W}author") in authors
        # w:date must be a dateTime: the proposal's day at noon UTC, which is that day in every time zone
        # from UTC-11 to UTC+11 (midnight UTC showed the evening before in the Americas).
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T12:00:00Z", mark.get(f"{W}date"))
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    deleted = "".join(t.text for t in document.iter(f"{W}delText"))
    assert "on the ground of absence of dual criminality" in deleted
    inserted = "".join(t.text or "" for m in document.iter(f"{W}ins") for t in m.iter(f"{W}t"))
    assert "only where the conduct underlying the offence" in inserted


def test_reject_all_gives_the_adopted_text_and_accept_all_the_proposal(project, docx):
    _, document = docx
    instrument = project.default_instrument
    rejected = texts(document, "reject")
    accepted = texts(document, "accept")
    # Every provision of the three articles, verbatim, after rejecting every change.
    for article_id in ("art-40", "art-42", "art-43"):
        for unit in instrument.articles[article_id].walk():
            expected = f"{unit.num}\t{unit.text}" if unit.num else unit.text
            assert expected in rejected, unit.id
    proposal = next(p for n in project.notes for p in n.proposals if p.id == "gitoc-dual-criminality-mla")
    result = apply_proposal(proposal, lambda unit_id: instrument.index[unit_id].text)
    unit_result = result.units[0]
    assert f"{instrument.index[unit_result.target].num}\t{unit_result.accepted}" in accepted
    assert f"8.\t{instrument.index['art-40-8'].text}" not in accepted


def test_added_provisions_are_inserted_paragraphs(docx):
    _, document = docx
    added = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    assert added
    for paragraph in added:
        assert paragraph_text(paragraph, "reject") == ""
        assert paragraph_text(paragraph, "accept").strip()


def test_spaces_stay_outside_the_marks(project, docx):
    _, document = docx
    for element in list(document.iter(f"{W}t")) + list(document.iter(f"{W}delText")):
        assert element.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    # Exact equality with the redline engine's wording: a lost or doubled space at a mark's edge fails it.
    instrument = project.default_instrument
    accepted = set(texts(document, "accept"))
    matched = 0
    for proposal in (p for n in project.notes for p in n.proposals):
        result = apply_proposal(proposal, lambda unit_id: getattr(instrument.index.get(unit_id), "text", None))
        for unit_result in result.units:
            unit = instrument.index[unit_result.target]
            if instrument.article_of(unit.id).id in ("art-40", "art-42", "art-43") and not unit_result.deleted:
                matched += f"{unit.num}\t{unit_result.accepted}" in accepted
    assert matched >= 3


def test_authors_differ_per_proposal_and_name_it(project, docx):
    _, document = docx
    by_author: dict[str, int] = {}
    for mark in list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del")):
        by_author[mark.get(f"{W}author")] = by_author.get(mark.get(f"{W}author"), 0) + 1
    proposals = proposals_on(project)
    assert len(by_author) == len(proposals) >= 5
    author = proposal_author(next(p for p in proposals if p.id == "gitoc-hr-refusal-mla"), project.default_instrument)
    assert author in by_author and "40(21)(d)" in author and "Refusal where execution" in author


def test_one_comment_per_proposal_anchored_to_its_changes(project, docx):
    path, document = docx
    comments = part(path, "word/comments.xml")
    proposals = proposals_on(project)
    assert len(comments) == len(proposals)
    titles = {"".join(t.text or "" for t in comment.iter(f"{W}t")) for comment in comments}
    for proposal in proposals:
        text = next(t for t in titles if t.startswith(proposal.title))
        assert "Proposed by" in text and proposal.rationale.split()[2] in text
    starts = [e.get(f"{W}id") for e in document.iter(f"{W}commentRangeStart")]
    ends = [e.get(f"{W}id") for e in document.iter(f"{W}commentRangeEnd")]
    references = [e.get(f"{W}id") for e in document.iter(f"{W}commentReference")]
    assert sorted(starts) == sorted(ends) == sorted(references) == sorted(c.get(f"{W}id") for c in comments)
    # The comment on the human-rights ground starts at (d)'s change and ends after the new (e).
    paragraphs = list(document.iter(f"{W}p"))
    comment_id = next(c.get(f"{W}id") for c in comments if "".join(t.text or "" for t in c.iter(f"{W}t")).startswith("Refusal where execution"))
    start = next(i for i, p in enumerate(paragraphs) if any(e.get(f"{W}id") == comment_id for e in p.iter(f"{W}commentRangeStart")))
    end = next(i for i, p in enumerate(paragraphs) if any(e.get(f"{W}id") == comment_id for e in p.iter(f"{W}commentRangeEnd")))
    assert paragraph_text(paragraphs[start], "reject").startswith("(d)")
    assert paragraph_text(paragraphs[end], "accept").startswith("(e)")


def test_punctuation_change_marks_only_the_punctuation(docx):
    _, document = docx
    paragraph = next(p for p in document.iter(f"{W}p") if paragraph_text(p, "reject").startswith("(d)\tIf it would be contrary to the legal system"))
    deleted = ["".join(t.text or "" for t in m.iter(f"{W}delText")) for m in paragraph.iter(f"{W}del")]
    inserted = ["".join(t.text or "" for t in m.iter(f"{W}t")) for m in paragraph.iter(f"{W}ins")]
    assert deleted == ["."] and inserted == [";"]
    assert paragraph_text(paragraph, "reject").endswith("for the request to be granted.")
    assert paragraph_text(paragraph, "accept").endswith("for the request to be granted;")


def test_citations_are_footnotes_in_oscola_form(project, docx):
    path, document = docx
    footnotes = part(path, "word/footnotes.xml")
    notes = {f.get(f"{W}id"): "".join(t.text or "" for t in f.iter(f"{W}t")).strip() for f in footnotes if f.get(f"{W}type") is None}
    references = [r.get(f"{W}id") for r in document.iter(f"{W}footnoteReference")]
    # One footnote per citation in the notes and rationales of the three articles, numbered in order.
    citations = 0
    for note in project.notes:
        if note.article_id in ("art-40", "art-42", "art-43"):
            citations += len(re.findall(r"\[[^\]]*@", note.body)) + sum(len(re.findall(r"\[[^\]]*@", p.rationale)) for p in note.proposals)
    assert len(references) == citations == len(notes) > 5
    assert references == [str(n) for n in range(1, len(references) + 1)]
    entry = project.bibliography["gitoc-roundtable-2023"]
    full = oscola.full_note(entry, None).text()
    assert any(text.startswith(full[:60]) for text in notes.values())
    assert any(text.startswith("ibid") for text in notes.values())


def test_headings_use_word_heading_styles_with_outline_levels(docx):
    path, document = docx
    styles = part(path, "word/styles.xml")
    heading = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    assert heading.find(f"{W}name").get(f"{W}val") == "heading 1"
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "0"
    headings = [paragraph_text(p, "accept") for p in document.iter(f"{W}p") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == "Heading1"]
    assert headings[0].startswith("Article 40:") and len([h for h in headings if h.startswith("Article ")]) == 3 and headings[-1] == "Bibliography"


def test_table_layout_has_the_three_columns_for_art_40_21(project, analysis, tmp_path):
    path = tmp_path / "table.docx"
    path.write_bytes(build_docx(project, analysis, select_articles(project, ["40"]), layout="table"))
    document = part(path, "word/document.xml")
    assert document.find(f"{W}body/{W}sectPr/{W}pgSz").get(f"{W}orient") == "landscape"
    table = document.find(f"{W}body/{W}tbl")
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    header = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in rows[0].findall(f"{W}tc")]
    assert header == ["Adopted text", "Proposals (tracked changes, with proponent)", "Rationale and commentary"]
    row = next(r for r in rows if "".join(t.text or "" for t in r.findall(f"{W}tc")[0].iter(f"{W}t")).startswith("art 40(21)"))
    cells = row.findall(f"{W}tc")
    assert len(cells) == 3
    on_21 = [p for n in project.notes for p in n.proposals if any(e.target.startswith("art-40-21") for e in p.edits)]
    assert on_21 and all(p.title in "".join(t.text or "" for t in cells[1].iter(f"{W}t")) for p in on_21)
    assert cells[1].find(f".//{W}ins") is not None
    assert cells[2].find(f".//{W}footnoteReference") is not None


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed (CI installs libreoffice-writer-nogui)")
def test_libreoffice_opens_it_and_shows_both_sides_of_the_changes(docx, tmp_path):
    path, _ = docx
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "on the ground of absence of dual criminality" in flat
    assert "only where the conduct underlying the offence" in flat


def test_change_authors_are_short_whole_words_and_the_comment_has_the_full_title(project, docx):
    # "The editors — 42(4) Dual criminality as a condition of …" was cut with an ellipsis after six words.
    path, document = docx
    instrument = project.default_instrument
    comments = part(path, "word/comments.xml")
    authors = {m.get(f"{W}author") for m in list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del"))}
    for proposal in proposals_on(project):
        author = proposal_author(proposal, instrument)
        assert author in authors
        assert len(author) <= 60 and "…" not in author and "..." not in author, author
        first = next(e.target for e in proposal.edits if e.target in instrument.index)
        head = f"{proposal.proponent} — {oscola_pinpoint(instrument, first)} "
        assert author.startswith(head), (author, head)
        short = author[len(head):]
        # Whole words of the title, not ending on one that needs a next ("of", "for", "and").
        assert short and proposal.title.startswith(short) and proposal.title[len(short):][:1] in ("", " ", ","), (author, proposal.title)
        assert short.split()[-1].lower() not in {"of", "for", "and", "to", "the", "a", "in", "on", "where"}, author
        comment = next(c for c in comments if c.get(f"{W}author") == author)
        assert "".join(t.text or "" for t in comment.iter(f"{W}t")).startswith(proposal.title)
        assert comment.get(f"{W}date") == f"{proposal.date.isoformat()}T12:00:00Z"


def oscola_pinpoint(instrument, unit_id: str) -> str:
    from commentary_build.transform.pinpoints import pinpoint

    return pinpoint(instrument.index[unit_id]).removeprefix("art ")


def note_blocks(document: ET.Element) -> list[tuple[str, str]]:
    """(note title, the line under it) for every note heading (Heading3 followed by a Meta line "On …")."""
    paragraphs = list(document.iter(f"{W}p"))
    style = [(s.get(f"{W}val") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None else None) for p in paragraphs]
    found = []
    for index, paragraph in enumerate(paragraphs[:-1]):
        following = paragraph_text(paragraphs[index + 1], "accept")
        if style[index] == "Heading3" and style[index + 1] == "Meta" and following.startswith("On "):
            found.append((paragraph_text(paragraph, "accept"), following))
    return found


def test_note_headings_carry_the_web_byline_and_follow_the_text(project, docx):
    from commentary_build.document.naming import long_date

    _, document = docx
    blocks = note_blocks(document)
    instrument = project.default_instrument
    notes = {n.title: n for n in project.notes if n.instrument_id == instrument.id}
    assert len(blocks) >= 4
    for title, line in blocks:
        note = notes[title]
        # "Editors' analysis, based on GI-TOC Roundtable Report, p 6 · 29 November 2026", as the web page's byline.
        for based in note.based_on:
            entry = project.bibliography[based.source]
            expected = f"based on {entry.short_title or entry.title}" + (f", {based.pinpoint}" if based.pinpoint else "")
            assert expected in line, (title, line)
        assert long_date(note.date) in line
    assert any("based on" in line for _, line in blocks)
    # Within each article, in the order of the text: 40(8), 40(20), 40(21), not 40(20), 40(21), 40(22), 40(8).
    order = list(instrument.index)
    positions = [order.index(notes[title].target) for title, _ in blocks]
    articles = [instrument.article_of(notes[title].target).number for title, _ in blocks]
    for number in set(articles):
        mine = [p for p, a in zip(positions, articles) if a == number]
        assert mine == sorted(mine), number
