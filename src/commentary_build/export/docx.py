"""Word export: chosen articles with each drafting proposal as a real tracked change.

WordprocessingML is written directly (zipfile + ElementTree, no extra dependency):
python-docx has no tracked-changes API, and pandoc would be a 100 MB binary for four XML
parts. Every changed passage of a proposal is a ``w:ins`` or ``w:del`` whose ``w:author``
is the proponent and whose ``w:date`` is the proposal's date, so a negotiator accepts or
rejects it in Word or LibreOffice; a unit a proposal adds is an inserted paragraph, a unit
it strikes a deleted one. Unchanged wording stays in plain runs, and every ``w:t`` and
``w:delText`` keeps its spaces (``xml:space="preserve"``), so accepting or rejecting
never glues two words together.

Choices:
- Commentary is text after each article (the note's title, authors and date, then its
  paragraphs, with citations as numbered notes listed after it), not Word comments: a
  comment is anchored to a range and notes here concern whole provisions or articles.
- Alternative proposals on the same provision cannot all be tracked in one paragraph
  (each is drafted against the adopted text). The earliest (by date, then id) is tracked
  in the text; each other alternative follows the commentary as its proposed wording, so
  "reject all" still gives the adopted text and "accept all" gives one coherent version.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from html import unescape
from xml.etree import ElementTree as ET

from ..check import Analysis
from ..model import Article, Project, Proposal, Provision
from ..transform.redline import ProposalResult, Segment, UnitOutcome, UnitResult
from .selection import Selection

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ET.register_namespace("w", W)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def build_docx(project: Project, analysis: Analysis, selection: Selection, title: str | None = None) -> bytes:
    """The .docx file of ``selection`` as bytes."""
    writer = _DocumentWriter(project, analysis, selection)
    writer.heading(title or f"{selection.instrument.short_title} — {selection.title}", 0)
    writer.paragraph(
        f"{selection.instrument.title} ({selection.instrument.symbol or ''}). Drafting proposals are tracked changes, "
        "with the proponent as author: accept or reject them with Review > Accept/Reject."
    )
    for article in selection.articles():
        writer.article(article)
    return _package(writer.body)


class _DocumentWriter:
    def __init__(self, project: Project, analysis: Analysis, selection: Selection):
        self.project = project
        self.analysis = analysis
        self.instrument = selection.instrument
        self.body = ET.Element(w("body"))
        self._revision = 0
        self.tracked: dict[str, tuple[Proposal, UnitResult]] = {}  # unit id -> the proposal tracked in it
        self.alternatives: dict[str, list[tuple[Proposal, ProposalResult]]] = {}  # article id -> untracked alternatives
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
    def heading(self, text: str, level: int) -> None:
        paragraph = self._paragraph(style="Title" if level == 0 else f"Heading{level}")
        self._run(paragraph, text)

    def paragraph(self, text: str, style: str | None = None, bold_prefix: str = "") -> ET.Element:
        paragraph = self._paragraph(style=style)
        if bold_prefix:
            self._run(paragraph, bold_prefix, bold=True)
        self._run(paragraph, text)
        return paragraph

    def article(self, article: Article) -> None:
        self.heading(f"{article.label.rstrip('.')}: {article.title}", 1)
        for paragraph in article.paragraphs:
            self._unit(paragraph, 0)
        self._commentary(article)

    def _unit(self, unit: Provision, depth: int) -> None:
        tracked = self.tracked.get(unit.id)
        paragraph = self._paragraph(indent=depth)
        if tracked is None:
            self._label(paragraph, unit.num)
            if unit.text:
                self._run(paragraph, unit.text)
        else:
            proposal, result = tracked
            if result.deleted:
                self._mark_paragraph(paragraph, "del", proposal)
            self._label(paragraph, unit.num, proposal if result.deleted else None)
            self._segments(paragraph, result.segments, proposal)
        for child in unit.children:
            self._unit(child, depth + 1)
        if unit.tail:
            self._run(self._paragraph(indent=depth), unit.tail)
        if tracked is not None:
            for added in tracked[1].outcomes[1:]:
                self._added_unit(added, tracked[0], depth)

    def _added_unit(self, outcome: UnitOutcome, proposal: Proposal, depth: int) -> None:
        paragraph = self._paragraph(indent=depth)
        self._mark_paragraph(paragraph, "ins", proposal)
        segments = ((Segment("ins", f"{outcome.num}\t"),) if outcome.num else ()) + tuple(outcome.segments)
        self._segments(paragraph, segments, proposal)

    def _commentary(self, article: Article) -> None:
        notes = self.project.notes_by_article(self.instrument.id).get(article.id, [])
        alternatives = self.alternatives.get(article.id, [])
        if not notes and not alternatives:
            return
        self.heading("Commentary", 2)
        for note in sorted(notes, key=lambda n: (n.target, n.date or _dt.date.min, n.title)):
            self.heading(note.title, 3)
            authors = "; ".join(a.name + (f" ({a.organisation})" if a.organisation else "") for a in note.authors)
            self.paragraph(f"{authors} · {note.date.isoformat() if note.date else 'undated'}", style="Meta")
            for block in _plain_blocks(note.body):
                self.paragraph(block)
        for proposal, result in alternatives:
            self.heading(f"Alternative proposal: {proposal.title}", 3)
            self.paragraph(f"Proposed by {proposal.proponent}{' on ' + proposal.date.isoformat() if proposal.date else ''}. Proposed wording:", style="Meta")
            for unit_result in result.units:
                for outcome in unit_result.outcomes:
                    if outcome.kind != "deleted":
                        self.paragraph(outcome.proposed, bold_prefix=f"{outcome.num} " if outcome.num else "")

    # ------------------------------------------------------------------ runs
    def _paragraph(self, style: str | None = None, indent: int = 0) -> ET.Element:
        paragraph = ET.SubElement(self.body, w("p"))
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
        for segment in segments:
            if segment.kind == "same":
                self._run(paragraph, segment.text)
            else:
                mark = ET.SubElement(paragraph, w(segment.kind), self._revision_attributes(proposal))
                self._run(mark, segment.text, deleted=segment.kind == "del")

    def _mark_paragraph(self, paragraph: ET.Element, kind: str, proposal: Proposal) -> None:
        # The paragraph mark itself is inserted or deleted, so accepting removes or keeps the whole paragraph.
        properties = paragraph.find(w("pPr"))
        assert properties is not None, "_paragraph always writes pPr"
        run_properties = ET.SubElement(properties, w("rPr"))
        ET.SubElement(run_properties, w(kind), self._revision_attributes(proposal))

    def _revision_attributes(self, proposal: Proposal) -> dict[str, str]:
        self._revision += 1
        attributes = {w("id"): str(self._revision), w("author"): proposal.proponent}
        if proposal.date:
            attributes[w("date")] = f"{proposal.date.isoformat()}T00:00:00Z"
        return attributes

    def _run(self, parent: ET.Element, text: str, bold: bool = False, deleted: bool = False) -> None:
        run = ET.SubElement(parent, w("r"))
        if bold:
            ET.SubElement(ET.SubElement(run, w("rPr")), w("b"))
        for index, piece in enumerate(text.split("\t")):
            if index:
                ET.SubElement(run, w("tab"))
            if piece:
                element = ET.SubElement(run, w("delText" if deleted else "t"))
                element.text = piece
                element.set(XML_SPACE, "preserve")


_CITATION = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def _plain_blocks(markdown: str) -> list[str]:
    """The note's paragraphs as plain text: links keep their words, citation brackets are dropped."""
    blocks = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        text = " ".join(line.strip().lstrip("#>").strip() for line in block.splitlines())
        text = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", _CITATION.sub("", text)))
        if text:
            blocks.append(unescape(text))
    return blocks


# ---------------------------------------------------------------------------- package


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>"""
# trackRevisions: the negotiator's own edits are tracked too, as they expect in a shared draft.
_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:trackRevisions/></w:settings>"""


def _style(style_id: str, name: str, size: int, bold: bool, based_on: str | None = "Normal") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>'
        + f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr></w:style>'
    )


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/>'
    '<w:sz w:val="22"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    + _style("Title", "Title", 36, True)
    + _style("Heading1", "heading 1", 30, True)
    + _style("Heading2", "heading 2", 26, True)
    + _style("Heading3", "heading 3", 23, True)
    + '<w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/><w:rPr><w:i/><w:sz w:val="18"/></w:rPr></w:style>'
    + "</w:styles>"
)


def _package(body: ET.Element) -> bytes:
    document = ET.Element(w("document"))
    document.append(body)
    ET.SubElement(body, w("sectPr"))
    xml = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/document.xml", xml)
        archive.writestr("word/styles.xml", _STYLES)
        archive.writestr("word/settings.xml", _SETTINGS)
    return buffer.getvalue()
