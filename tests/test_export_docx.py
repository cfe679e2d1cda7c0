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
from commentary_build.document import Documents
from commentary_build.export.docx import build_docx, word_author
from commentary_build.export.selection import select_all, select_articles
from commentary_build.load.project import load_project
from commentary_build.transform import oscola
from commentary_build.transform.pinpoints import places_pinpoint, proposal_changes
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
def documents(project, analysis):
    return Documents.build(project, analysis)


def author_of(documents, proposal) -> str:
    return word_author(proposal, documents.proponent(proposal), documents.project.default_instrument)


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


def test_every_change_is_tracked_with_the_proponent_and_a_date(project, documents, docx):
    _, document = docx
    marks = list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del"))
    changes = [m for m in marks if m.find(f"{W}r") is not None]
    assert changes
    authors = {author_of(documents, p) for n in project.notes for p in n.proposals}
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


def test_authors_differ_per_proposal_and_name_it(project, documents, docx):
    _, document = docx
    by_author: dict[str, int] = {}
    for mark in list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del")):
        by_author[mark.get(f"{W}author")] = by_author.get(mark.get(f"{W}author"), 0) + 1
    proposals = proposals_on(project)
    assert len(by_author) == len(proposals) >= 5
    author = author_of(documents, next(p for p in proposals if p.id == "gitoc-hr-refusal-mla"))
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


@pytest.fixture(scope="module")
def table_docx(project, analysis, tmp_path_factory):
    path = tmp_path_factory.mktemp("table") / "table.docx"
    path.write_bytes(build_docx(project, analysis, select_all(project), layout="table"))
    return path, part(path, "word/document.xml")


def cell_paragraphs(cell: ET.Element, view: str) -> list[str]:
    return [paragraph_text(p, view) for p in cell.iter(f"{W}p") if paragraph_survives(p, view)]


def test_table_has_a_row_per_proposal_with_rationale_not_commentary(project, table_docx):
    path, document = table_docx
    assert document.find(f"{W}body/{W}sectPr/{W}pgSz").get(f"{W}orient") == "landscape"
    tables = document.findall(f"{W}body/{W}tbl")
    rows = [row for table in tables for row in table.findall(f"{W}tr")[1:]]
    header = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in tables[0].find(f"{W}tr").findall(f"{W}tc")]
    assert header == ["Adopted text", "Proposal (blackline), proponent and date", "Rationale"]
    assert tables[0].find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    # Titled as the PDF's table is: the proposals it reproduces, not "Full commentary".
    [title] = [p for p in document.iter(f"{W}p") if (p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Title")]
    title_text = "".join(t.text or "" for t in title.iter(f"{W}t"))
    assert title_text == f"{project.default_instrument.short_title} \u2014 Compilation table of drafting proposals", title_text
    proposals = [p for n in project.notes if n.instrument_id == project.default_instrument.id for p in n.proposals]
    # One row per proposal, and nothing else: no paragraph of commentary without a proposal, no "no proposal" rows.
    assert len(rows) == len(proposals) == 13
    first_cells = ["".join(t.text or "" for t in row.findall(f"{W}tc")[0].iter(f"{W}t")) for row in rows]
    # A proposal over two paragraphs is one row, with its deletion and its insertion.
    spanning = next(row for row, first in zip(rows, first_cells) if first.startswith("art 42(4)\u2013(5)"))
    assert spanning.findall(f"{W}tc")[1].find(f".//{W}ins") is not None and spanning.findall(f"{W}tc")[1].find(f".//{W}del") is not None
    row = next(row for row, first in zip(rows, first_cells) if first.startswith("art 40(21)"))
    cells = row.findall(f"{W}tc")
    rationale = " ".join(cell_paragraphs(cells[2], "accept"))
    assert rationale.rstrip().split("\n")[-1].startswith("Commentary: \u2018") or "Commentary: \u2018" in rationale
    assert re.search(r"paras 1\u2013\d+\.", rationale)
    assert cells[2].find(f".//{W}footnoteReference") is not None  # the rationale's citations stay footnotes
    heads = cell_paragraphs(cells[1], "accept")
    assert heads[0] == "NOT ADOPTED \u00b7 PROPOSAL" and heads[2].startswith("Proposed by the editors \u00b7 ")
    # Chapters without proposals are one line each, with ranges.
    lines = texts(document, "accept")
    assert "Chapter II: Criminalization \u2014 arts 7\u201321" in lines


def test_table_reject_all_gives_the_adopted_text_and_accept_all_the_proposed_text(project, analysis, table_docx):
    _, document = table_docx
    instrument = project.default_instrument
    rows = [row for table in document.findall(f"{W}body/{W}tbl") for row in table.findall(f"{W}tr")[1:]]
    by_title = {}
    for row in rows:
        cells = row.findall(f"{W}tc")
        by_title[cell_paragraphs(cells[1], "accept")[1]] = cells
    for note in project.notes:
        for proposal in note.proposals:
            cells = by_title[proposal.title]
            adopted = cell_paragraphs(cells[0], "reject")[1:]
            rejected = cell_paragraphs(cells[1], "reject")[3:]
            accepted = cell_paragraphs(cells[1], "accept")[3:]
            assert rejected == adopted, proposal.id  # the blackline, every change rejected, is the adopted column
            result = analysis.proposals.results[proposal.id]
            for unit_result in result.units:
                unit = instrument.index[unit_result.target]
                for index, outcome in enumerate(unit_result.outcomes):
                    num = outcome.num or (unit.num if index == 0 else None)
                    if outcome.kind != "deleted":
                        # An added unit's label is part of its one insertion ("(p) …"), as the PDF prints it.
                        expected = f"{num}{chr(9) if index == 0 else ' '}{outcome.proposed}" if num else outcome.proposed
                        assert expected in accepted, (proposal.id, expected)
                if unit_result.deleted:
                    assert not any(unit.text in line for line in accepted), proposal.id
    # And the adopted column is the treaty's wording, word for word.
    for cells in by_title.values():
        for line in cell_paragraphs(cells[0], "reject")[1:]:
            if not line.startswith("["):
                words = line.split("\t", 1)[-1]
                assert any(words == unit.text or words == unit.tail for unit in instrument.index.values() if hasattr(unit, "tail")), line


def test_table_without_a_selection_is_the_whole_text_as_in_the_pdf_command(tmp_path):
    from commentary_build.cli import main

    out = tmp_path / "table.docx"
    assert main(["--root", str(ROOT), "docx", "--layout", "table", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    assert main(["--root", str(ROOT), "docx", "--articles", "40", "--all-paragraphs", "-o", str(tmp_path / "x.docx")]) == 2


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed (CI installs libreoffice-writer-nogui)")
def test_libreoffice_opens_it_and_shows_both_sides_of_the_changes(docx, tmp_path):
    path, _ = docx
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "on the ground of absence of dual criminality" in flat
    assert "only where the conduct underlying the offence" in flat


def test_change_authors_name_every_provision_changed_and_the_comment_has_the_full_title(project, documents, docx):
    # "The editors — 40(21)(d) Refusal where execution is likely" named (d) alone for a proposal that adds (e)
    # too, and cut the title with nothing to say it was cut.
    path, document = docx
    instrument = project.default_instrument
    comments = part(path, "word/comments.xml")
    authors = {m.get(f"{W}author") for m in list(document.iter(f"{W}ins")) + list(document.iter(f"{W}del"))}
    for proposal in proposals_on(project):
        author = author_of(documents, proposal)
        assert author in authors
        assert len(author) <= 60 and "..." not in author, author
        places = [change.pinpoint for change in proposal_changes(instrument, proposal)]
        head = f"{proposal.proponent} — {places_pinpoint(places).removeprefix('art ')} "
        assert author.startswith(head), (author, head)
        for place in places:  # every provision, by its last label at least
            assert "(" + place.rsplit("(", 1)[-1] in head, (place, author)
        short = author[len(head):]
        if proposal.short_title:
            assert short == proposal.short_title
        elif short.endswith("\u2026"):  # cut between whole words, and said to be cut
            short = short[:-1]
            assert short and proposal.title.startswith(short) and proposal.title[len(short):][:1] in (" ", ","), (author, proposal.title)
            assert short.split()[-1].lower() not in {"of", "for", "and", "to", "the", "a", "in", "on", "where"}, author
        else:
            assert short == proposal.title, author
        comment = next(c for c in comments if c.get(f"{W}author") == author)
        assert "".join(t.text or "" for t in comment.iter(f"{W}t")).startswith(proposal.title)
        assert comment.get(f"{W}date") == f"{proposal.date.isoformat()}T12:00:00Z"
    assert "The editors \u2014 40(21)(d)\u2013(e) " in " ".join(sorted(authors))
    assert any(author.startswith("The editors \u2014 42(4)\u2013(5) ") for author in authors)


def test_pinpoints_of_several_provisions():
    assert places_pinpoint(["art 40(21)(d)", "art 40(21)(e)"]) == "art 40(21)(d)\u2013(e)"
    assert places_pinpoint(["art 36(1)(c)", "art 36(1)(d)", "art 36(4)"]) == "art 36(1)(c)\u2013(d), (4)"
    assert places_pinpoint(["art 2(2)(a)", "art 2(2)(c)", "art 2(2)(a)"]) == "art 2(2)(a), (c)"
    assert places_pinpoint(["art 40(8)"]) == "art 40(8)" and places_pinpoint([]) == ""


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


def test_table_options_add_a_clean_column_or_every_paragraph(project, analysis, tmp_path):
    from commentary_build.export.compilation import TableOptions

    path = tmp_path / "clean.docx"
    path.write_bytes(build_docx(project, analysis, select_articles(project, ["42"]), layout="table", table=TableOptions(proposed_text=True)))
    table = part(path, "word/document.xml").find(f"{W}body/{W}tbl")
    rows = table.findall(f"{W}tr")
    assert ["".join(t.text or "" for t in c.iter(f"{W}t")) for c in rows[0].findall(f"{W}tc")][-1] == "Proposed text (clean)"
    clean = rows[1].findall(f"{W}tc")[3]
    assert clean.find(f".//{W}ins") is None and clean.find(f".//{W}del") is None  # clean text: no marks to accept
    assert cell_paragraphs(clean, "accept")[0] == "NOT ADOPTED \u00b7 PROPOSED TEXT"  # and never taken for the treaty
    accepted = [p.replace("\t", " ") for p in cell_paragraphs(rows[1].findall(f"{W}tc")[1], "accept")[3:] if not p.startswith("[")]
    assert [p.replace("\t", " ") for p in cell_paragraphs(clean, "accept")[1:]] == accepted  # the blackline, every change accepted
    # Every paragraph: the rows of commentary without a proposal, and the line for the rest, with ranges.
    path = tmp_path / "all.docx"
    path.write_bytes(build_docx(project, analysis, select_articles(project, ["42"]), layout="table", table=TableOptions(all_paragraphs=True)))
    lines = texts(part(path, "word/document.xml"), "accept")
    assert "art 42(1)\u2013(3), (7)\u2013(9): no proposal or commentary; the adopted text stands." in lines
    assert any(line.endswith("Compilation table of drafting proposals and commentary \u2014 Article 42") for line in lines), lines[:3]


def _style(paragraph: ET.Element) -> str | None:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else None


def test_every_tracked_paragraph_follows_a_not_adopted_label_that_reject_all_removes(project, documents, docx):
    # In "No Markup" (or printed without markup) the proposed wording read as the Convention's: the changes are
    # now under a label, itself inserted by the proposal, so every view says which words are a proposal's.
    _, document = docx
    labels = [p for p in document.iter(f"{W}p") if _style(p) == "ProposalLabel"]
    by_author = {author_of(documents, p): p for p in proposals_on(project)}
    assert {next(p.iter(f"{W}ins")).get(f"{W}author") for p in labels} == set(by_author)
    for label in labels:
        author = label.find(f"{W}pPr/{W}rPr/{W}ins").get(f"{W}author")  # the paragraph mark inserted: rejecting removes it
        assert all(mark.get(f"{W}author") == author for mark in label.iter(f"{W}ins"))
        assert not [r for r in label.findall(f"{W}r")]  # every run inside the insertion
        assert not paragraph_survives(label, "reject")
        shown = paragraph_text(label, "accept")
        proposal = by_author[author]
        assert shown.startswith("NOT ADOPTED \u00b7 Proposal by the editors (") and f"\u2018{proposal.title}\u2019" in shown
    assert any("its changes to art 40(21)(d)\u2013(e) are tracked below" in paragraph_text(p, "accept") for p in labels)
    # Each paragraph with a change comes after a label of that change's proposal, under the same heading.
    authors_above: set[str] = set()
    checked = 0
    for paragraph in document.iter(f"{W}p"):
        style = _style(paragraph)
        if style and style.startswith("Heading"):
            authors_above = set()
        elif style == "ProposalLabel":
            authors_above.add(paragraph.find(f"{W}pPr/{W}rPr/{W}ins").get(f"{W}author"))
        else:
            marks = [m for m in paragraph.iter() if m.tag in (f"{W}ins", f"{W}del")]
            for mark in marks:
                assert mark.get(f"{W}author") in authors_above, paragraph_text(paragraph, "accept")
            checked += bool(marks)
    assert checked > 5
    # Reject all: no label and no proposed word is left (the adopted text itself is test_reject_all_…).
    assert not any(line.startswith("NOT ADOPTED") for line in texts(document, "reject"))


def test_the_text_is_headed_as_the_adopted_text_with_proposals_as_tracked_changes(docx):
    _, document = docx
    paragraphs = list(document.iter(f"{W}p"))
    lines = [paragraph_text(p, "accept") for p in paragraphs]
    heading = "Adopted text (A/RES/79/243), with drafting proposals as tracked changes"
    assert lines.count(heading) == 3  # Articles 40, 42 and 43 each carry a tracked proposal
    first = lines.index(heading)
    assert _style(paragraphs[first]) == "Heading2" and lines[first - 1].startswith("How to cite this article: ")
    assert "Reject All" in lines[first + 1] and "not adopted" in lines[first + 1]
    assert lines[first + 2].startswith("1.\t")


def test_word_says_the_editors_mid_sentence_and_dates_in_words(docx):
    path, document = docx
    text = "".join(document.itertext())
    comments = "".join(part(path, "word/comments.xml").itertext())
    assert "Proposed by the editors" in text and "Proposed by the editors on " in comments
    for words in (text, comments):
        assert "by The editors" not in words
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", words)  # "7 December 2026", never "2026-12-07"
    assert re.search(r"Proposed by the editors on \d{1,2} [A-Z][a-z]+ \d{4}\.", comments)


def test_table_row_label_covers_a_paragraph_the_proposal_adds(table_docx):
    _, document = table_docx
    labels = [paragraph_text(row.findall(f"{W}tc")[0].find(f"{W}p"), "accept") for row in document.iter(f"{W}tr")]
    assert "art 35(3)\u2013(4)" in labels and "art 35(3)" not in labels
    assert "art 54(10)\u2013(11)" in labels and "art 2(o)\u2013(p)" in labels
