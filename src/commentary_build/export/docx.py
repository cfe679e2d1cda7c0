"""Word export: chosen articles with each drafting proposal as tracked changes a negotiator can work with.

WordprocessingML is written directly (zipfile + ElementTree, no extra dependency):
python-docx has no tracked-changes, footnote or comment API, and pandoc would be a 100 MB
binary for a handful of XML parts.

What the document holds:

- the treaty text, each proposal's changes as ``w:ins``/``w:del`` whose author names the
  proposal ("The editors — 40(21)(d) Refusal where execution is likely": proponent, where,
  and the title shortened between words to at most 60 characters, the full title being in
  the comment), so Word's reviewing pane tells the proposals apart, with the proposal's date
  (at noon UTC: w:date must hold a time, and noon keeps the day in every time zone); a unit
  a proposal adds is an inserted paragraph, a unit it strikes a deleted one. Changes are narrowed to what changes (``transform.redline.refine_segments``):
  "to be granted." → "to be granted;" marks the full stop, not three words;
- one Word comment per proposal (``word/comments.xml``), anchored from its first change to
  its last, carrying the title, proponent, date and rationale (citations written out, as a
  comment cannot hold footnotes);
- after each article, its commentary, in the order of the text as on the article page, each
  note under its title with the web's byline ("Editors' analysis, based on <short title>, p 6 ·
  29 November 2026"), and then its proposals (title, proponent, what it changes, rationale), with every citation a real footnote (``word/footnotes.xml``) in the
  site's OSCOLA form, numbered through the document (so "ibid" and "(n 3)" refer to Word's
  own numbers);
- headings in Word's built-in heading styles with outline levels, so the navigation pane
  lists articles, notes and proposals;
- ``layout="table"``: the compilation table (``export.table``) as a landscape Word table.

Unchanged wording stays in plain runs, and every ``w:t`` and ``w:delText`` keeps its spaces
(``xml:space="preserve"``): accept-all gives the proposed text, reject-all the adopted text.

Alternative proposals on the same provision cannot all be tracked in one paragraph (each
is drafted against the adopted text). The earliest (by date, then id) is tracked; each
other alternative follows the commentary as its proposed wording, with its own comment.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from markupsafe import escape

from ..check import Analysis
from ..model import Article, Instrument, Note, Project, Proposal, Provision
from ..render.notes import byline, in_text_order, long_date
from ..render.urls import SiteUrls
from ..transform.citations import FootnoteSequence
from ..transform.markdown import MarkdownEnv, render_markdown
from ..transform.pinpoints import pinpoint
from ..transform.redline import ProposalResult, Segment, UnitOutcome, UnitResult, refine_segments
from .selection import Selection
from .table import proposal_author, table_rows

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ET.register_namespace("w", W)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def build_docx(project: Project, analysis: Analysis, selection: Selection, title: str | None = None, layout: str = "document") -> bytes:
    """The .docx file of ``selection`` as bytes."""
    writer = _DocumentWriter(project, analysis, selection)
    heading = title or f"{selection.instrument.short_title} — {selection.title}" + (" — compilation table" if layout == "table" else "")
    writer.heading(heading, 0)
    if layout == "table":
        writer.paragraph(
            f"{selection.instrument.title} ({selection.instrument.symbol or ''}). Per paragraph: the adopted text, each drafting proposal as "
            "tracked changes (the author names the proposal), and the rationale and commentary. Accept or reject with Review > Accept/Reject."
        )
        for article in selection.articles():
            writer.table_article(article)
    else:
        writer.paragraph(
            f"{selection.instrument.title} ({selection.instrument.symbol or ''}). Drafting proposals are tracked changes; each change's author "
            "names its proposal, and a comment on it gives the proposal's title and rationale. Accept or reject them with Review > Accept/Reject."
        )
        for article in selection.articles():
            writer.article(article)
    writer.finish_comments()
    return _package(writer, heading, landscape=layout == "table")


class _DocumentWriter:
    def __init__(self, project: Project, analysis: Analysis, selection: Selection):
        self.project = project
        self.analysis = analysis
        self.instrument: Instrument = selection.instrument
        self.body = ET.Element(w("body"))
        self._revision = 0
        self.tracked: dict[str, tuple[Proposal, UnitResult]] = {}  # unit id -> the proposal tracked in it
        self.alternatives: dict[str, list[tuple[Proposal, ProposalResult]]] = {}  # article id -> untracked alternatives
        self.urls = SiteUrls(directory_urls=True)
        for each in project.instruments.values():
            self.urls.register_instrument(each)
        # One sequence for the whole document: Word numbers footnotes through the document, and
        # "ibid" / "(n 3)" must refer to those numbers.
        self.footnotes = FootnoteSequence(project.bibliography, None)
        self.footnote_parts: dict[int, ET.Element] = {}
        self.comments: dict[str, tuple[int, ET.Element]] = {}  # proposal id -> (comment id, comment element)
        self.comment_ends: dict[str, tuple[ET.Element, ET.Element]] = {}  # proposal id -> (parent, last change element)
        self.comment_started: set[str] = set()
        # Each unit's place in the text (article, then its paragraphs as they run), to order notes as the web does.
        self.unit_position: dict[str, int] = {}
        for text_article in self.instrument.articles.values():
            self.unit_position[text_article.id] = len(self.unit_position)
            for unit in text_article.walk():
                self.unit_position.setdefault(unit.id, len(self.unit_position))
        self._resolve(selection)

    def _resolve(self, selection: Selection) -> None:
        wanted = set(selection.article_ids)
        proposals = [p for n in self.project.notes if n.instrument_id == self.instrument.id for p in n.proposals]
        for proposal in sorted(proposals, key=lambda p: (p.date or _dt.date.min, p.id)):
            result = self.analysis.proposals.results[proposal.id]
            units = [u for u in result.units if self._article_id(u.target) in wanted]
            if not units:
                continue
            if any(u.target in self.tracked for u in units):
                for article_id in sorted({a for u in units if (a := self._article_id(u.target)) is not None}):
                    self.alternatives.setdefault(article_id, []).append((proposal, result))
                continue
            for unit_result in units:
                self.tracked[unit_result.target] = (proposal, unit_result)

    def _article_id(self, unit_id: str) -> str | None:
        article = self.instrument.article_of(unit_id)
        return article.id if article else None

    # ------------------------------------------------------------------ blocks
    def heading(self, text: str, level: int, parent: ET.Element | None = None) -> ET.Element:
        paragraph = self._paragraph(style="Title" if level == 0 else f"Heading{level}", parent=parent)
        self._run(paragraph, text)
        return paragraph

    def paragraph(self, text: str, style: str | None = None, bold_prefix: str = "", parent: ET.Element | None = None) -> ET.Element:
        paragraph = self._paragraph(style=style, parent=parent)
        if bold_prefix:
            self._run(paragraph, bold_prefix, bold=True)
        self._run(paragraph, text)
        return paragraph

    def article(self, article: Article) -> None:
        self.heading(f"{article.label.rstrip('.')}: {article.title}", 1)
        for paragraph in article.paragraphs:
            self._unit(paragraph, 0)
        self._commentary(article)

    def _unit(self, unit: Provision, depth: int, parent: ET.Element | None = None) -> None:
        tracked = self.tracked.get(unit.id)
        paragraph = self._paragraph(indent=depth, parent=parent)
        if tracked is None:
            self._label(paragraph, unit.num)
            if unit.text:
                self._run(paragraph, unit.text)
        else:
            proposal, result = tracked
            if result.deleted:
                self._mark_paragraph(paragraph, "del", proposal)
            self._label(paragraph, unit.num, proposal if result.deleted else None)
            self._segments(paragraph, refine_segments(result.segments), proposal)
        for child in unit.children:
            self._unit(child, depth + 1, parent)
        if unit.tail:
            self._run(self._paragraph(indent=depth, parent=parent), unit.tail)
        if tracked is not None:
            for added in tracked[1].outcomes[1:]:
                self._added_unit(added, tracked[0], depth, parent)

    def _added_unit(self, outcome: UnitOutcome, proposal: Proposal, depth: int, parent: ET.Element | None = None) -> None:
        paragraph = self._paragraph(indent=depth, parent=parent)
        self._mark_paragraph(paragraph, "ins", proposal)
        segments = ((Segment("ins", f"{outcome.num}\t"),) if outcome.num else ()) + tuple(outcome.segments)
        self._segments(paragraph, segments, proposal)

    def _commentary(self, article: Article) -> None:
        notes = self.project.notes_by_article(self.instrument.id).get(article.id, [])
        alternatives = self.alternatives.get(article.id, [])
        own = [p for n in notes for p in n.proposals]
        if not notes and not alternatives:
            return
        if notes:
            self.heading("Commentary", 2)
        page = self.urls.article_page(self.instrument, article)
        # In the order of the text, as the article page has them (the article as a whole, then 40(8), 40(20), 40(21)).
        for note in in_text_order(notes, self.unit_position):
            self.heading(note.title, 3)
            target = "the article as a whole" if note.target == article.id else pinpoint(self.instrument.index[note.target])  # type: ignore[arg-type]
            self.paragraph(f"On {target} · {self._byline(note)}", style="Meta")
            self._html_blocks(self._render(note.body, note, page, note.body_line))
        if own:
            self.heading("Drafting proposals", 2)
            for proposal in own:
                self._proposal_entry(proposal, page)
        for proposal, result in alternatives:
            heading = self.heading(f"Alternative proposal: {proposal.title}", 3)
            self._comment_around(proposal, heading, [heading[-1]])
            self.paragraph(f"Proposed by {proposal.proponent}{' on ' + proposal.date.isoformat() if proposal.date else ''}. Proposed wording:", style="Meta")
            for unit_result in result.units:
                for outcome in unit_result.outcomes:
                    if outcome.kind != "deleted":
                        self.paragraph(outcome.proposed, bold_prefix=f"{outcome.num} " if outcome.num else "")

    def _byline(self, note: Note) -> str:
        """The web page's byline (render.notes.byline, templates/note.html) as text: who wrote the note, what it
        is "based on <short title>, <pages>", its date and the draft it was written on."""
        line = byline(note, self.project.edition, self.project.bibliography, lambda _page, _anchor: "")
        if line["editors"]:
            who = "Editors' analysis" if line["based_on"] else "The editors"
        else:
            who = "; ".join(a.name + (f" ({a.organisation})" if a.organisation else "") for a in line["authors"])
        if line["based_on"]:
            who += ", based on " + "; ".join(s["label"] + (f", {s['pinpoint']}" if s["pinpoint"] else "") for s in line["based_on"])
        parts = [who, long_date(note.date) or "undated"]
        if note.draft:
            parts.append(f"Written on: {note.draft}")
        return " · ".join(parts)

    def _proposal_entry(self, proposal: Proposal, page: str, parent: ET.Element | None = None, level: int = 3) -> None:
        if parent is None:
            self.heading(proposal.title, level)
        else:
            self.paragraph(proposal.title, style="CellHeading", parent=parent)
        targets = ", ".join(pinpoint(self.instrument.index[t]) for t in dict.fromkeys(e.target for e in proposal.edits) if t in self.instrument.index)  # type: ignore[arg-type]
        when = f" · {proposal.date.isoformat()}" if proposal.date else ""
        self.paragraph(f"Proposed by {proposal.proponent}{when} · changes {targets}" + (f" · {proposal.label}" if proposal.label else ""), style="Meta", parent=parent)
        if parent is None:
            self.paragraph("Rationale", style="Meta")
        assert proposal.note is not None, "a loaded proposal always belongs to its note"
        self._html_blocks(self._render(proposal.rationale, proposal.note, page, proposal.rationale_line or 1), parent)

    # ------------------------------------------------------------------ the compilation table
    def table_article(self, article: Article) -> None:
        self.heading(f"{article.label.rstrip('.')}: {article.title}", 1)
        rows = table_rows(self.project, self.analysis, self.instrument, article)
        shown = [row for row in rows if row.proposals or row.notes]
        page = self.urls.article_page(self.instrument, article)
        table = ET.SubElement(self.body, w("tbl"))
        properties = ET.SubElement(table, w("tblPr"))
        ET.SubElement(properties, w("tblStyle"), {w("val"): "TableGrid"})
        ET.SubElement(properties, w("tblW"), {w("w"): "5000", w("type"): "pct"})
        ET.SubElement(properties, w("tblLayout"), {w("type"): "fixed"})
        borders = ET.SubElement(properties, w("tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            ET.SubElement(borders, w(side), {w("val"): "single", w("sz"): "4", w("space"): "0", w("color"): "666666"})
        grid = ET.SubElement(table, w("tblGrid"))
        for width in (4300, 5000, 5000):
            ET.SubElement(grid, w("gridCol"), {w("w"): str(width)})
        header = self._row(table, header=True)
        for label in ("Adopted text", "Proposals (tracked changes, with proponent)", "Rationale and commentary"):
            self.paragraph(label, style="CellHeading", parent=self._cell(header))
        for row in shown:
            table_row = self._row(table)
            cells = [self._cell(table_row) for _ in range(3)]
            self.paragraph(row.citation, style="CellHeading", parent=cells[0])
            if isinstance(row.unit, Article):
                self.paragraph("The article as a whole.", style="Meta", parent=cells[0])
            else:
                self._plain_unit(row.unit, 0, cells[0])
            outcomes = row.outcomes
            for proposal, _result in row.proposals:
                self.paragraph(f"{proposal.title} ({proposal.proponent})", style="CellHeading", parent=cells[1])
                assert isinstance(row.unit, Provision)
                self._table_blackline(row.unit, outcomes[proposal.id], proposal, 0, cells[1])
            for proposal, _result in row.proposals:
                self._proposal_entry(proposal, page, parent=cells[2])
            for note in row.notes:
                self.paragraph(note.title, style="CellHeading", parent=cells[2])
                self.paragraph(self._byline(note), style="Meta", parent=cells[2])
                self._html_blocks(self._render(note.body, note, page, note.body_line), cells[2])
            for cell in cells:
                if len(cell) == 1:  # a cell must hold a paragraph
                    self.paragraph("—", parent=cell)
        quiet = [row.citation for row in rows if not (row.proposals or row.notes) and isinstance(row.unit, Provision)]
        if quiet:
            self.paragraph(f"No proposal or commentary on {', '.join(quiet)}: the adopted text stands.", style="Meta")

    def _table_blackline(self, unit: Provision, outcomes: dict[str, UnitResult], proposal: Proposal, depth: int, cell: ET.Element) -> None:
        result = outcomes.get(unit.id)
        paragraph = self._paragraph(indent=depth, parent=cell)
        if result is None:
            self._label(paragraph, unit.num)
            self._run(paragraph, unit.text)
        else:
            if result.deleted:
                self._mark_paragraph(paragraph, "del", proposal)
            self._label(paragraph, unit.num, proposal if result.deleted else None)
            self._segments(paragraph, refine_segments(result.segments), proposal)
        for child in unit.children:
            self._table_blackline(child, outcomes, proposal, depth + 1, cell)
        if unit.tail:
            self._run(self._paragraph(indent=depth, parent=cell), unit.tail)
        if result is not None:
            for added in result.outcomes[1:]:
                self._added_unit(added, proposal, depth, cell)

    def _plain_unit(self, unit: Provision, depth: int, cell: ET.Element) -> None:
        paragraph = self._paragraph(indent=depth, parent=cell)
        self._label(paragraph, unit.num)
        self._run(paragraph, unit.text)
        for child in unit.children:
            self._plain_unit(child, depth + 1, cell)
        if unit.tail:
            self._run(self._paragraph(indent=depth, parent=cell), unit.tail)

    def _row(self, table: ET.Element, header: bool = False) -> ET.Element:
        row = ET.SubElement(table, w("tr"))
        properties = ET.SubElement(row, w("trPr"))
        if header:
            ET.SubElement(properties, w("tblHeader"))
        return row

    def _cell(self, row: ET.Element) -> ET.Element:
        cell = ET.SubElement(row, w("tc"))
        ET.SubElement(ET.SubElement(cell, w("tcPr")), w("tcW"), {w("w"): "0", w("type"): "auto"})
        return cell

    # ------------------------------------------------------------------ commentary as Word text, citations as footnotes
    def _render(self, markdown: str, note: Note, page: str, first_line: int, footnotes: FootnoteSequence | None = None) -> str:
        instrument = self.project.instruments[note.instrument_id]
        env = MarkdownEnv(
            instrument=instrument,
            current_article=instrument.articles.get(note.article_id) if note.article_id else None,
            footnotes=footnotes if footnotes is not None else self.footnotes,
            url_for=lambda unit_id: "#" + unit_id,
            bibliography=self.project.bibliography,
            report=None,
            path=note.path,
            first_line=first_line,
        )
        return render_markdown(markdown, env)

    def _html_blocks(self, html: str, parent: ET.Element | None = None, inline_notes: FootnoteSequence | None = None) -> None:
        for style, runs in _HtmlBlocks.parse(html):
            paragraph = self._paragraph(style=style, parent=parent)
            for run in runs:
                if run.footnote is not None:
                    if inline_notes is not None:
                        self._run(paragraph, f" ({_plain(inline_notes.note_html(run.footnote)).rstrip('.')})")
                    else:
                        self._footnote_reference(paragraph, run.footnote)
                else:
                    self._run(paragraph, run.text, bold=run.bold, italic=run.italic, strike=run.strike)

    def _footnote_reference(self, paragraph: ET.Element, number: int) -> None:
        run = ET.SubElement(paragraph, w("r"))
        ET.SubElement(ET.SubElement(run, w("rPr")), w("rStyle"), {w("val"): "FootnoteReference"})
        ET.SubElement(run, w("footnoteReference"), {w("id"): str(number)})
        if number not in self.footnote_parts:
            footnote = ET.Element(w("footnote"), {w("id"): str(number)})
            note_paragraph = ET.SubElement(footnote, w("p"))
            ET.SubElement(ET.SubElement(note_paragraph, w("pPr")), w("pStyle"), {w("val"): "FootnoteText"})
            mark = ET.SubElement(note_paragraph, w("r"))
            ET.SubElement(ET.SubElement(mark, w("rPr")), w("rStyle"), {w("val"): "FootnoteReference"})
            ET.SubElement(mark, w("footnoteRef"))
            self._run(note_paragraph, " ")
            for _style, runs in _HtmlBlocks.parse(f"<p>{self.footnotes.note_html(number)}</p>"):
                for piece in runs:
                    self._run(note_paragraph, piece.text, bold=piece.bold, italic=piece.italic)
            self.footnote_parts[number] = footnote

    # ------------------------------------------------------------------ comments: one per proposal
    def _comment(self, proposal: Proposal) -> int:
        found = self.comments.get(proposal.id)
        if found is not None:
            return found[0]
        number = len(self.comments)
        attributes = {w("id"): str(number), w("author"): proposal_author(proposal, self.instrument), w("initials"): _initials(proposal.proponent)}
        if proposal.date:
            attributes[w("date")] = revision_date(proposal.date)
        comment = ET.Element(w("comment"), attributes)
        first = ET.SubElement(comment, w("p"))
        ET.SubElement(ET.SubElement(first, w("pPr")), w("pStyle"), {w("val"): "CommentText"})
        mark = ET.SubElement(first, w("r"))
        ET.SubElement(ET.SubElement(mark, w("rPr")), w("rStyle"), {w("val"): "CommentReference"})
        ET.SubElement(mark, w("annotationRef"))
        self._run(first, proposal.title, bold=True)
        when = f" on {proposal.date.isoformat()}" if proposal.date else ""
        self.paragraph(f"Proposed by {proposal.proponent}{when}.", parent=comment)
        if proposal.note is not None:
            # A comment cannot hold footnotes: its citations are written out in brackets.
            own_notes = FootnoteSequence(self.project.bibliography, None)
            html = self._render(proposal.rationale, proposal.note, "", proposal.rationale_line or 1, own_notes)
            self._html_blocks(html, comment, inline_notes=own_notes)
        self.comments[proposal.id] = (number, comment)
        return number

    def _comment_around(self, proposal: Proposal, paragraph: ET.Element, elements: list[ET.Element]) -> None:
        """Start the proposal's comment before the first of ``elements`` (once) and move its end after the last."""
        number = self._comment(proposal)
        if proposal.id not in self.comment_started:
            self.comment_started.add(proposal.id)
            position = list(paragraph).index(elements[0])
            paragraph.insert(position, ET.Element(w("commentRangeStart"), {w("id"): str(number)}))
        self.comment_ends[proposal.id] = (paragraph, elements[-1])

    def finish_comments(self) -> None:
        for proposal_id, (paragraph, last) in self.comment_ends.items():
            number = self.comments[proposal_id][0]
            position = list(paragraph).index(last) + 1
            paragraph.insert(position, ET.Element(w("commentRangeEnd"), {w("id"): str(number)}))
            reference = ET.Element(w("r"))
            ET.SubElement(ET.SubElement(reference, w("rPr")), w("rStyle"), {w("val"): "CommentReference"})
            ET.SubElement(reference, w("commentReference"), {w("id"): str(number)})
            paragraph.insert(position + 1, reference)

    # ------------------------------------------------------------------ runs
    def _paragraph(self, style: str | None = None, indent: int = 0, parent: ET.Element | None = None) -> ET.Element:
        paragraph = ET.SubElement(self.body if parent is None else parent, w("p"))
        properties = ET.SubElement(paragraph, w("pPr"))
        if style:
            ET.SubElement(properties, w("pStyle"), {w("val"): style})
        if indent:
            ET.SubElement(properties, w("ind"), {w("left"): str(567 * indent)})
        return paragraph

    def _label(self, paragraph: ET.Element, num: str | None, deleted_by: Proposal | None = None) -> None:
        if not num:
            return
        if deleted_by is None:
            self._run(paragraph, f"{num}\t", bold=True)
        else:
            self._segments(paragraph, (Segment("del", f"{num}\t"),), deleted_by)

    def _segments(self, paragraph: ET.Element, segments, proposal: Proposal) -> None:
        marks = []
        for segment in segments:
            if segment.kind == "same":
                self._run(paragraph, segment.text)
            else:
                mark = ET.SubElement(paragraph, w(segment.kind), self._revision_attributes(proposal))
                self._run(mark, segment.text, deleted=segment.kind == "del")
                marks.append(mark)
        if marks:
            self._comment_around(proposal, paragraph, marks)

    def _mark_paragraph(self, paragraph: ET.Element, kind: str, proposal: Proposal) -> None:
        # The paragraph mark itself is inserted or deleted, so accepting removes or keeps the whole paragraph.
        properties = paragraph.find(w("pPr"))
        assert properties is not None, "_paragraph always writes pPr"
        run_properties = ET.SubElement(properties, w("rPr"))
        ET.SubElement(run_properties, w(kind), self._revision_attributes(proposal))

    def _revision_attributes(self, proposal: Proposal) -> dict[str, str]:
        self._revision += 1
        attributes = {w("id"): str(self._revision), w("author"): proposal_author(proposal, self.instrument)}
        if proposal.date:
            attributes[w("date")] = revision_date(proposal.date)
        return attributes

    def _run(self, parent: ET.Element, text: str, bold: bool = False, deleted: bool = False, italic: bool = False, strike: bool = False) -> None:
        if not text:
            return
        run = ET.SubElement(parent, w("r"))
        if bold or italic or strike:
            properties = ET.SubElement(run, w("rPr"))
            if bold:
                ET.SubElement(properties, w("b"))
            if italic:
                ET.SubElement(properties, w("i"))
            if strike:
                ET.SubElement(properties, w("strike"))
        for index, piece in enumerate(text.split("\t")):
            if index:
                ET.SubElement(run, w("tab"))
            if piece:
                element = ET.SubElement(run, w("delText" if deleted else "t"))
                element.text = piece
                element.set(XML_SPACE, "preserve")


def revision_date(day: _dt.date) -> str:
    """A proposal's date as Word's w:date, which must be an xsd:dateTime (a date alone is invalid): noon UTC,
    not midnight, so the day Word shows is the proposal's own in every time zone from UTC-11 to UTC+11
    (midnight UTC is the evening before in the Americas)."""
    return f"{day.isoformat()}T12:00:00Z"


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name)
    return "".join(word[0].upper() for word in words[:3]) or "P"


def _plain(html: str) -> str:
    return "".join(run.text for _style, runs in _HtmlBlocks.parse(f"<p>{html}</p>") for run in runs)


# ---------------------------------------------------------------------------- safe HTML (notes) to paragraphs and runs


class _Run:
    __slots__ = ("text", "bold", "italic", "strike", "footnote")

    def __init__(self, text: str, bold: bool = False, italic: bool = False, strike: bool = False, footnote: int | None = None):
        self.text, self.bold, self.italic, self.strike, self.footnote = text, bold, italic, strike, footnote


class _HtmlBlocks(HTMLParser):
    """The rendered note (markdown.py's allow-listed HTML) as (paragraph style, runs); footnote markers become numbers."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str | None, list[_Run]]] = []
        self.runs: list[_Run] | None = None
        self.style: str | None = None
        self.bold = self.italic = self.strike = 0
        self.lists: list[list[int]] = []  # per open list: [ordered, counter]
        self.in_footnote = False
        self.quote = 0

    @classmethod
    def parse(cls, html: str) -> list[tuple[str | None, list[_Run]]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser._end_block()
        return [(style, runs) for style, runs in parser.blocks if any(r.text.strip() or r.footnote for r in runs)]

    def _end_block(self) -> None:
        if self.runs is not None:
            self.blocks.append((self.style, self.runs))
        self.runs = None

    def _start_block(self, style: str | None) -> None:
        self._end_block()
        self.runs = []
        self.style = style

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        elif tag in self.BLOCKS:
            style = "Quote" if self.quote else None
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                style = "Meta"
            self._start_block(style)
            if tag == "li" and self.lists:
                self.lists[-1][1] += 1
                assert self.runs is not None
                self.runs.append(_Run(f"{self.lists[-1][1]}. " if self.lists[-1][0] else "• "))
            if tag == "blockquote":
                self.quote += 1
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag in ("s", "del"):
            self.strike += 1
        elif tag == "sup" and "footnote-ref" in (attributes.get("class") or ""):
            self.in_footnote = True
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in self.BLOCKS:
            self._end_block()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag in ("s", "del"):
            self.strike -= 1
        elif tag == "sup" and self.in_footnote:
            self.in_footnote = False

    def handle_data(self, data: str) -> None:
        if self.in_footnote:
            if data.strip().isdigit():
                if self.runs is None:
                    self._start_block(None)
                assert self.runs is not None
                self.runs.append(_Run("", footnote=int(data.strip())))
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self.runs is None:
            if not data.strip():
                return
            self._start_block(None)
        assert self.runs is not None
        self.runs.append(_Run(" ".join(data.split("\n")) if data != "\n" else " ", self.bold > 0, self.italic > 0, self.strike > 0))


# ---------------------------------------------------------------------------- package


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
</Relationships>"""
# trackRevisions: the negotiator's own edits are tracked too, as they expect in a shared draft.
_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:trackRevisions/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr></w:settings>"""


def _style(style_id: str, name: str, size: int, bold: bool, outline: int | None, based_on: str | None = "Normal") -> str:
    # An outline level is what puts a heading in Word's navigation pane.
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + '<w:next w:val="Normal"/><w:qFormat/>'
        + f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>{level}</w:pPr>'
        + f'<w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr></w:style>'
    )


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/>'
    '<w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    + _style("Title", "Title", 36, True, None)
    + _style("Heading1", "heading 1", 30, True, 0)
    + _style("Heading2", "heading 2", 26, True, 1)
    + _style("Heading3", "heading 3", 23, True, 2)
    + '<w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/><w:rPr><w:i/><w:sz w:val="18"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567"/></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="CellHeading"><w:name w:val="Cell Heading"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="18"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
    + "</w:styles>"
)


def _footnotes_xml(writer: _DocumentWriter) -> bytes:
    root = ET.Element(w("footnotes"))
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        footnote = ET.SubElement(root, w("footnote"), {w("type"): kind, w("id"): str(number)})
        ET.SubElement(ET.SubElement(ET.SubElement(footnote, w("p")), w("r")), w(kind))
    for number in sorted(writer.footnote_parts):
        root.append(writer.footnote_parts[number])
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _comments_xml(writer: _DocumentWriter) -> bytes:
    root = ET.Element(w("comments"))
    for _number, comment in sorted(writer.comments.values(), key=lambda item: item[0]):
        root.append(comment)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _core_xml(title: str) -> str:
    # No dates: two exports of the same commit are the same bytes.
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>' + str(escape(title)) + "</dc:title><dc:language>en</dc:language></cp:coreProperties>"
    )


def _package(writer: _DocumentWriter, title: str, landscape: bool = False) -> bytes:
    document = ET.Element(w("document"))
    body = writer.body
    document.append(body)
    section = ET.SubElement(body, w("sectPr"))
    if landscape:
        ET.SubElement(section, w("pgSz"), {w("w"): "16838", w("h"): "11906", w("orient"): "landscape"})
        ET.SubElement(section, w("pgMar"), {w("top"): "1134", w("right"): "1134", w("bottom"): "1134", w("left"): "1134",
                                            w("header"): "567", w("footer"): "567", w("gutter"): "0"})
    xml = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _core_xml(title)),
            ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
            ("word/document.xml", xml),
            ("word/styles.xml", _STYLES),
            ("word/settings.xml", _SETTINGS),
            ("word/footnotes.xml", _footnotes_xml(writer)),
            ("word/comments.xml", _comments_xml(writer)),
        ):
            # A fixed timestamp: zip entries otherwise carry the clock.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
