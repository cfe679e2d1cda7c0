"""Word export: chosen articles with each drafting proposal as tracked changes a negotiator can work with.

A visitor over the document tree (``document``), in the order and with the sections of the
printed article: the article's page template (``templates/page/article.html``) is drawn in the
"word" medium, which records the sections it asks for instead of HTML (``Outline``), so a
project that reorders, drops or renames a section of the article page in its template folder
changes Word as it changes the site and the PDF. The element templates (HTML) do not reach
Word: each node kind is written as Word's own markup here, and a section a project's template
adds with its own HTML has no Word form and is left out (the page says so in a comment).

WordprocessingML is written directly (zipfile + ElementTree, no extra dependency):
python-docx has no tracked-changes, footnote or comment API, and pandoc would be a 100 MB
binary for a handful of XML parts.

What the document holds:

- the page size of ``--paper`` (A4 or US Letter), a header with the document's title and the
  text's symbol, a footer with the page number and the edition's version, and the version and
  the commit in ``docProps/core.xml``;
- per article, as the PDF prints it: where it is and how to cite it, the treaty text (headed as the adopted
  text with proposals as tracked changes) with each proposal's changes as ``w:ins``/``w:del`` whose author
  names the proposal ("The editors — 40(21)(d)–(e) Refusal where execution…": proponent, every provision
  it changes, and its short title or its title cut between words with an ellipsis, the full title being in
  the comment), dated with the proposal (at noon UTC: w:date must hold a time, and noon keeps the day in
  every time zone); a unit a proposal adds is an inserted paragraph, a unit it strikes a deleted one. Over
  each paragraph a proposal changes, a "NOT ADOPTED · Proposal by …" label inserted by that proposal, so no
  view of the file (No Markup, printed) shows proposed wording unlabelled where the treaty is expected. Changes are
  narrowed to what changes (``transform.redline.refine_segments``): "to be granted." →
  "to be granted;" marks the full stop, not three words; then the interpretative notes, the
  drafting proposals (title, proponent, what it changes, rationale), the commentary (each note
  under its title with the web's byline, its paragraphs numbered as on the site and in the PDF
  margin), the comparison with the other text (``--no-comparison`` leaves it out), the related
  provisions, and at the end the bibliography of the sources cited (``--no-bibliography``);
- one Word comment per proposal (``word/comments.xml``), anchored from its first change to
  its last, carrying the title, proponent, date and rationale (citations written out, as a
  comment cannot hold footnotes);
- every citation a real footnote (``word/footnotes.xml``) in the site's OSCOLA form; Word
  numbers footnotes through the document, so "(n 3)" in a later citation is written with
  Word's number of that footnote;
- headings in Word's built-in heading styles with outline levels, so the navigation pane
  lists articles, notes and proposals;
- ``layout="table"``: the compilation table (the rows of ``export.compilation``, as the PDF prints them) as
  landscape Word tables, the proposals' changes tracked in their cells.

Unchanged wording stays in plain runs, and every ``w:t`` and ``w:delText`` keeps its spaces
(``xml:space="preserve"``): accept-all gives the proposed text (each paragraph under its proposal's
label), reject-all exactly the adopted text (the labels are rejected with their proposals).
A comparison with another treaty is not a proposal: its marks are formatting (underline,
strike-through, with [+ …]/[− …]), never tracked changes, so accept-all cannot bring another
treaty's wording into the text.

The tracked changes of the text are written from the document tree, as the table's are: each
paragraph's blackline versions (``Alternative``), one walker over the adopted units. Proposals on
one paragraph are drafted each against the adopted text, so two of them can be tracked together
only where they do not meet: the walker merges the versions that change different units of the
paragraph (one changes (a), another adds (e) after (d): both tracked, each change with its own
author), and accepting all then gives each proposal's wording. Proposals that meet (both change
or delete one unit, both add after one unit, one adds after a unit the other deletes) are
alternatives: the earliest (by date, then id) is tracked, in all the paragraphs it changes, and
each other follows the proposals with its proposed wording as clean text under "Alternative
proposal: …", naming the proposal tracked instead, with its own comment; so accept-all never mixes
two alternatives, and reject-all is the adopted text.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from markupsafe import escape

from ..check import Analysis
from ..document import Documents
from ..document.naming import long_date, nav_title
from ..document.nodes import (
    Alternative,
    ArticlePage,
    BlacklineUnit,
    Block,
    Citation,
    Code,
    CodeBlock,
    CrossRef,
    Emphasis,
    HardBreak,
    Heading,
    Inline,
    Link,
    ListBlock,
    NoteNode,
    Paragraph,
    Proponent,
    ProposalMention,
    ProposedUnit,
    Prose,
    Quote,
    Rule,
    SoftBreak,
    Strikethrough,
    Strong,
    Table,
    Text,
    TextUnit,
)
from ..model import Article, Instrument, Project, Proposal
from ..model.location import NOWHERE
from ..model.settings import Settings
from ..render.templates import Templates, default_templates
from ..transform.citations import CitationIndex, FootnoteSequence, bibliography_sections
from ..transform.oscola import Cited, Italic, NoteNumber
from ..transform.pinpoints import pinpoint, places_pinpoint, proposal_changes
from ..transform.redline import Segment, refine_segments
from .compilation import (
    ArticleTable,
    ProposalRow,
    TableOptions,
    chapter_line,
    column_headings,
    compilation,
    proposed_by,
    quiet_line,
    shown_children,
    table_title,
    touched_units,
    without_proposals,
)
from .print_comparison import comparison_label, comparison_rows
from .selection import Selection
from .typography import typeset

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ET.register_namespace("w", W)
ET.register_namespace("r", R)

# Page sizes and margins in twentieths of a point (Word's "dxa").
PAPER = {"a4": (11906, 16838), "letter": (12240, 15840)}
MARGIN = 1134  # 2 cm


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class WordOptions:
    """What a Word export holds and how it is labelled: its title, the edition's name, the version and the
    project's templates come from the build's settings (``project.settings``), as the PDF's do."""

    settings: Settings = field(default_factory=Settings)
    paper: str = "a4"
    comparison: bool = True  # the comparison with the other text, after the commentary, as the PDF prints it
    bibliography: bool = True  # the sources cited, at the end
    title: str | None = None
    line_numbers: bool = False  # Word's own line numbers in the margin, from 1 on each page ("page 3, line 12")

    @property
    def site_title(self) -> str:
        return self.settings.title

    @property
    def version(self) -> str:
        """ "Version of 1 December 2026": the footer of every page; docProps/core.xml has the whole version line."""
        return self.settings.revision.version_label

    @property
    def revision(self) -> str:
        """The commit as the PDF's metadata prints it, for docProps/core.xml's keywords."""
        return self.settings.revision.short or "unknown"

    @property
    def templates(self) -> Templates:
        """The project's templates (their page templates decide the order of an article's sections)."""
        return Templates(self.settings.template_dirs) if self.settings.template_dirs else default_templates()


def build_docx(project: Project, analysis: Analysis, selection: Selection, title: str | None = None, layout: str = "document",
               options: WordOptions | None = None, documents: Documents | None = None, table: TableOptions | None = None) -> bytes:
    """The .docx file of ``selection`` as bytes; ``table``: what a compilation table holds beyond its default (the PDF's options)."""
    options = options or WordOptions(project.settings)
    if options.paper not in PAPER:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {options.paper!r}")
    documents = documents if documents is not None else Documents.build(project, analysis)
    writer = _DocumentWriter(project, analysis, selection, documents, options)
    # The table is titled as the PDF's is (it reproduces proposals, not the whole commentary).
    what = table_title(selection, table or TableOptions()) if layout == "table" else selection.title
    heading = title or options.title or f"{selection.instrument.short_title} — {what}"
    writer.heading(heading, 0)
    if layout == "table":
        writer.paragraph(
            f"{selection.instrument.title} ({selection.instrument.symbol or ''}). A row per drafting proposal: the adopted text, the proposal as "
            "tracked changes (the author names the proposal; accept all gives the proposed text, reject all the adopted text), and its rationale"
            + (" and the commentary in full." if (table or TableOptions()).all_paragraphs else ", with the commentary cited by note and paragraph.")
        )
        writer.compilation_table(selection, table or TableOptions())
    else:
        writer.paragraph(
            f"{selection.instrument.title} ({selection.instrument.symbol or ''}). Drafting proposals are tracked changes; each change's author "
            "names its proposal, and a comment on it gives the proposal's title and rationale. Accept or reject them with Review > Accept/Reject."
        )
        for article in selection.articles():
            writer.article(article)
    if options.bibliography:
        writer.bibliography()
    writer.finish_comments()
    return _package(writer, heading, options, landscape=layout == "table")


# ---------------------------------------------------------------------------- the article page's sections, as its template orders them


@dataclass
class Outline:
    """Stands in for the page writer (``render.write.PageWriter``) when an article's page template is drawn
    in the "word" medium: each section the template asks for is recorded, in order, and nothing is drawn."""

    sections: list[tuple] = field(default_factory=list)
    download = None
    running = None
    part = None
    section = ""
    outside = None

    def heading(self, level: int, title: str, anchor: str, css: str | None = None) -> str:
        self.sections.append(("heading", level, title, anchor))
        return ""

    def block(self, html: str) -> str:
        return ""

    def _record(self, name: str, *values) -> str:
        self.sections.append((name, *values))
        return ""

    def header(self, page) -> str:
        return self._record("header")

    def legend(self) -> str:
        return ""

    def text(self, page) -> str:
        return self._record("text")

    def interpretative_notes(self, page) -> str:
        return self._record("interpretative_notes")

    def proposals(self, page) -> str:
        return self._record("proposals")

    def provenance(self, page) -> str:
        return self._record("provenance")

    def note(self, node) -> str:
        return self._record("note", node)

    def no_commentary(self, page) -> str:
        return self._record("no_commentary")

    def print_comparisons(self, page) -> str:
        return self._record("comparisons")

    def comparison_intro(self, comparison) -> str:
        return ""

    def comparison_title(self, group) -> str:
        return ""

    def comparison_group(self, comparison, group, number) -> str:
        return ""

    def counterparts(self, page, index) -> str:
        return ""

    def related(self, page) -> str:
        return self._record("related")

    def footnote_list(self) -> str:
        return ""

    def copy_note(self, instrument) -> str:
        return ""

    def render(self, template: str, /, **values) -> str:
        return self._record("html", template)

    def units(self, nodes, css_class: str = "", article: object = None) -> str:
        return self._record("units", css_class)


def article_outline(page: ArticlePage, templates: Templates) -> list[tuple]:
    """The sections of an article, in the order its page template gives them (on paper: the print branch)."""
    outline = Outline()
    templates.render("page/article.html", page=page, w=outline, heading=outline.heading, block=outline.block, medium="word")
    return outline.sections


# ---------------------------------------------------------------------------- the writer


class _DocumentWriter:
    def __init__(self, project: Project, analysis: Analysis, selection: Selection, documents: Documents, options: WordOptions):
        self.project = project
        self.analysis = analysis
        self.documents = documents
        self.options = options
        self.templates = options.templates
        self.instrument: Instrument = selection.instrument
        self.selected = set(selection.article_ids)
        self.body = ET.Element(w("body"))
        self._revision = 0
        self.tracked: dict[str, list[Alternative]] = {}  # paragraph id -> the versions tracked in it, merged
        # article id -> the proposals shown as alternatives (their versions, and what is tracked instead)
        self.alternatives: dict[str, list[tuple[Proposal, list[Alternative], list[Proposal]]]] = {}
        # Each page's footnotes are numbered and formed as on the page (one sequence per article); Word numbers
        # them through the document, so each page's number n is Word's footnote number[(page, n)].
        self.footnotes: FootnoteSequence = FootnoteSequence(project.bibliography, None)
        self.page_key = ""
        self.word_number: dict[tuple[str, int], int] = {}
        self.footnote_parts: dict[int, ET.Element] = {}
        self.cited: list[str] = []  # bibliography keys, in the order first cited
        self.comments: dict[str, tuple[int, ET.Element]] = {}  # proposal id -> (comment id, comment element)
        self.comment_ends: dict[str, tuple[ET.Element, ET.Element]] = {}  # proposal id -> (parent, last change element)
        self.comment_started: set[str] = set()
        self._resolve(selection)

    def _resolve(self, selection: Selection) -> None:
        """Which versions of the selected paragraphs are tracked, from the tree: a proposal is tracked in every
        paragraph it changes unless it meets one tracked before it (earliest first), else it is an alternative."""
        versions: dict[str, list[tuple[str, Alternative]]] = {}  # proposal id -> (paragraph id, its version)
        proposals: dict[str, Proposal] = {}
        for article_id in selection.article_ids:
            page = self.documents.article(self.instrument, self.instrument.articles[article_id])
            for node in page.text:
                for alternative in node.proposals.alternatives if node.proposals is not None else ():
                    versions.setdefault(alternative.proposal.id, []).append((node.id, alternative))
                    proposals[alternative.proposal.id] = alternative.proposal
        claimed: dict[str, list[tuple[Proposal, _Claims]]] = {}  # paragraph id -> what the tracked versions change
        for proposal in sorted(proposals.values(), key=lambda p: (p.date or _dt.date.min, p.id)):
            mine = [(paragraph_id, alternative, _Claims.of(alternative)) for paragraph_id, alternative in versions[proposal.id]]
            met = [other for paragraph_id, _alternative, claims in mine for other, theirs in claimed.get(paragraph_id, []) if claims.meets(theirs)]
            if met:
                for article_id in dict.fromkeys(a for paragraph_id, _alternative, _claims in mine if (a := self._article_id(paragraph_id)) is not None):
                    ours = [alternative for paragraph_id, alternative, _claims in mine if self._article_id(paragraph_id) == article_id]
                    self.alternatives.setdefault(article_id, []).append((proposal, ours, list({other.id: other for other in met}.values())))
                continue
            for paragraph_id, alternative, claims in mine:
                self.tracked.setdefault(paragraph_id, []).append(alternative)
                claimed.setdefault(paragraph_id, []).append((proposal, claims))

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

    def _new_page(self, key: str) -> None:
        """The footnotes of a new page of the tree: numbered and formed from 1, as the page and its PDF have them."""
        self.page_key = key
        self.footnotes = FootnoteSequence(self.project.bibliography, None)

    # ------------------------------------------------------------------ an article, section by section
    def article(self, article: Article) -> None:
        page = self.documents.article(self.instrument, article)
        self._new_page(page.path)
        self.heading(page.title, 1)
        for section in article_outline(page, self.templates):
            kind = section[0]
            if kind == "heading":
                _kind, level, title, _anchor = section
                if not (title == "Drafting proposals" and not page.proposals and not self.alternatives.get(article.id)):
                    self.heading(title, min(int(level), 3))
            elif kind == "header":
                self._header(page)
            elif kind == "text":
                self._text_heading(page)
                for node in page.text:
                    self._text(node)
            elif kind == "interpretative_notes":
                for note in page.interpretative_notes:
                    self.paragraph(f" {note.text}", style="Quote", bold_prefix=f"Interpretative note {note.num.rstrip('.')} (annex, {note.heading}):")
            elif kind == "proposals":
                self._proposals(page)
            elif kind == "provenance":
                continue  # the repository's history of the page: a screen's link, not the document's
            elif kind == "note":
                self._note(section[1])
            elif kind == "no_commentary":
                self.paragraph("No commentary on this article.", style="Meta")
            elif kind == "comparisons" and self.options.comparison:
                self._comparisons(page)
            elif kind == "related":
                self._related(page)
            elif kind == "html":
                self._comment_only(f"The page template draws {section[1]} here, which has no Word form; see the site or the PDF.")
        if not page.proposals and self.alternatives.get(article.id):
            self.heading("Drafting proposals", 2)
            self._alternatives(article)

    def _header(self, page: ArticlePage) -> None:
        division = page.header.division
        if division is not None:
            self.paragraph(f"{division.label}: {division.title}", style="Meta")  # type: ignore[attr-defined]
        if page.header.unofficial_copy is not None:
            copy = page.header.unofficial_copy
            self.paragraph(f"Reproduced from an unofficial copy; check against the official text: {copy.label} <{copy.url}>", style="Meta")  # type: ignore[attr-defined]
        self.paragraph(page.header.citation, style="Meta", bold_prefix="How to cite this article: ")

    def _proposals(self, page: ArticlePage) -> None:
        for entry in page.proposals:
            proposal = entry.proposal
            if not entry.full:
                note = proposal.note
                where = "" if note is None or note.article_id in self.selected else f"; not in this document, see {nav_title(self.instrument.articles[note.article_id])}" if note.article_id else ""
                self.paragraph(f"{proposal.title} (proposed by {entry.proponent.in_sentence}; its rationale is with {('its note' if not where else 'its article')}{where})", style="Meta")
                continue
            self.heading(proposal.title, 3)
            changes = ", ".join(f"{change.verb} {change.pinpoint}" for change in entry.changes)
            when = f" · {long_date(proposal.date)}" if proposal.date else ""
            self.paragraph(f"Proposed by {entry.proponent.in_sentence}{when} · {changes[:1].upper() + changes[1:]}" + (f" · {proposal.label}" if proposal.label else ""), style="Meta")
            if entry.broken:
                self.paragraph("Some edits of this proposal no longer match the text and are not shown.", style="Meta")
            self.paragraph("Rationale", style="Meta")
            if entry.rationale is not None:
                self.footnotes.begin_part()
                self._prose(entry.rationale)
        self._alternatives(page.article)

    def _alternatives(self, article: Article) -> None:
        for proposal, versions, instead in self.alternatives.get(article.id, []):
            heading = self.heading(f"Alternative proposal: {proposal.title}", 3)
            self._comment_around(proposal, heading, [heading[-1]])
            others = "; ".join(f"\u2018{other.title}\u2019" for other in instead)
            self.paragraph(f"Proposed by {self.documents.proponent(proposal).in_sentence}{' on ' + long_date(proposal.date) if proposal.date else ''}. "
                           f"Not adopted. Its wording is not tracked in the text, where {others} is tracked instead, as it changes the same words; "
                           "the paragraph as this proposal would have it:", style="Meta")
            for version in versions:
                for unit in version.proposed:
                    self._table_proposed(unit, 1, self.body)  # indented under its label: never read as the treaty's paragraph
                if not version.proposed:
                    self.paragraph("(the paragraph deleted)", style="Meta")

    def _note(self, node: NoteNode) -> None:
        self.paragraph(f"On {node.target_label} · {self._byline(node)}", style="Meta")
        self.footnotes.begin_part()
        self._prose(node.body)

    def _byline(self, node: NoteNode) -> str:
        """The web page's byline (templates/note.html) as text: who wrote the note, what it is "based on
        <short title>, <pages>", its date and the draft it was written on."""
        line = node.byline
        if line.editors:
            who = "Editors' analysis" if line.based_on else "The editors"
        else:
            who = "; ".join(a.name + (f" ({a.organisation})" if a.organisation else "") for a in line.authors)
        if line.based_on:
            who += ", based on " + "; ".join(s.label + (f", {s.pinpoint}" if s.pinpoint else "") for s in line.based_on)
        parts = [who, long_date(node.note.date) or "undated"]
        if node.note.draft:
            parts.append(f"Written on the draft {node.note.draft}")
        return " · ".join(parts)

    def _related(self, page: ArticlePage) -> None:
        related = page.related
        if related.referred_by:
            self.paragraph("Referred to by", style="Meta")
            for item in related.referred_by:
                outside = "" if item.article.id in self.selected else "; not in this document"
                self.paragraph(f"• {nav_title(item.article)} ({item.kinds}{outside})")
        if related.drafts:
            self.paragraph("Drafting history", style="Meta")
            for concordance, entry in related.drafts:
                kind = entry.kind.replace("-", " ")  # type: ignore[attr-defined]
                self.paragraph(f"• {entry.reference(concordance.from_document)} ({kind}, {entry.certainty})")  # type: ignore[attr-defined]

    def _comparisons(self, page: ArticlePage) -> None:
        """The condensed comparison the PDF prints: matched paragraphs word by word, marked by formatting (not tracked changes)."""
        for comparison in page.comparisons:
            to_text, from_text = comparison.to_text, comparison.from_text
            self.heading(f"Compared with the {to_text.label}", 2)
            self.paragraph(f"The {to_text.label} ({to_text.symbol or to_text.short_title}) is a different treaty. Struck-through words [− …] are in the "
                           f"{to_text.label} only, underlined words [+ …] in the {from_text.label} only. These marks are differences between two "
                           "instruments, not proposals.", style="Meta")
            for group in comparison.groups:
                other = group.to_article
                self.heading(f"{to_text.label}, {other.label.rstrip('.')}: {other.title}", 3)
                self.paragraph(comparison_label(to_text), style="Label")
                for label, lines, rest in comparison_rows(group):
                    if label:
                        self.paragraph(label, style="Label")
                    for line in lines:
                        paragraph = self._paragraph()
                        for segment in line:
                            marker = {"ins": "[+\u00a0", "del": "[\u2212\u00a0"}.get(segment.kind)
                            if marker:
                                self._run(paragraph, marker, bold=True)
                            self._run(paragraph, segment.text, underline=segment.kind == "ins", strike=segment.kind == "del")
                            if marker:
                                self._run(paragraph, "]", bold=True)
                    if rest:
                        self.paragraph(rest, style="Meta")

    def _comment_only(self, text: str) -> None:
        """A note to the reader of the Word file, as a Word comment on an empty paragraph."""
        paragraph = self._paragraph(style="Meta")
        number = len(self.comments)
        comment = ET.Element(w("comment"), {w("id"): str(number), w("author"): self.options.site_title or "treaty-commentary", w("initials"): "TC"})
        self.paragraph(text, parent=comment)
        self.comments[f"\0note-{number}"] = (number, comment)
        paragraph.append(ET.Element(w("commentRangeStart"), {w("id"): str(number)}))
        paragraph.append(ET.Element(w("commentRangeEnd"), {w("id"): str(number)}))
        reference = ET.SubElement(paragraph, w("r"))
        ET.SubElement(ET.SubElement(reference, w("rPr")), w("rStyle"), {w("val"): "CommentReference"})
        ET.SubElement(reference, w("commentReference"), {w("id"): str(number)})

    # ------------------------------------------------------------------ the treaty text, with the tracked proposals
    def _text_heading(self, page: ArticlePage) -> None:
        """What the text below is: the adopted text, and, where proposals are tracked in it, that they are proposals
        (the treaty's words must never be taken for a proposal's, nor a proposal's for the treaty's)."""
        adopted = f"Adopted text ({self.instrument.symbol})" if self.instrument.symbol else "Adopted text"
        if not any(self.tracked.get(node.id) for node in page.text):
            self.heading(adopted, 2)
            return
        self.heading(f"{adopted}, with drafting proposals as tracked changes", 2)
        self.paragraph("The proposals are not adopted. Each paragraph a proposal changes follows a NOT ADOPTED label, itself part of the "
                       "proposal's tracked changes: Reject All (or the Original view) gives the adopted text alone; Accept All, or a view "
                       "without markup, gives each proposal's wording under its label.", style="Meta")

    def _text(self, node: TextUnit) -> None:
        """A paragraph of the adopted text, with the versions tracked in it merged unit by unit (``_resolve``), after a
        NOT ADOPTED label per proposal tracked in it."""
        changed: dict[str, tuple[Proposal, BlacklineUnit]] = {}  # unit id -> the version that changes or deletes it
        added: dict[str, list[tuple[Proposal, BlacklineUnit]]] = {}  # unit id -> the units versions add after it
        tracked = self.tracked.get(node.id, [])
        for proposal in {alternative.proposal.id: alternative.proposal for alternative in tracked}.values():
            self._proposal_label(proposal, node)
        for alternative in tracked:
            _index_version(alternative.proposal, alternative.blackline, node.id, changed, added)
        self._merged(node, 0, changed, added)

    def _proposal_label(self, proposal: Proposal, node: TextUnit) -> None:
        """The label over a paragraph a proposal changes, as an insertion by the proposal: in every view of the
        file (with markup, without, printed) the proposed wording is said to be a proposal; rejecting the proposal
        removes its label with its changes, so Reject All gives exactly the adopted text, while Accept All keeps
        the label over the wording it accepted."""
        inside = {unit.id for unit in node.unit.walk()}
        where = places_pinpoint([change.pinpoint for change in proposal_changes(self.instrument, proposal) if change.unit_id in inside])
        when = f" ({long_date(proposal.date)})" if proposal.date else ""
        paragraph = self._paragraph(style="ProposalLabel")
        self._mark_paragraph(paragraph, "ins", proposal)
        mark = ET.SubElement(paragraph, w("ins"), self._revision_attributes(proposal))
        self._run(mark, "NOT ADOPTED \u00b7 ", bold=True)
        self._run(mark, f"Proposal by {self.documents.proponent(proposal).in_sentence}{when}, \u2018{proposal.title}\u2019: its changes to "
                        f"{where or pinpoint(node.unit)} are tracked below. With them accepted, the words below are the proposal's, not the "
                        "treaty's; reject them to read the adopted text.")

    def _merged(self, node: TextUnit, depth: int, changed: dict[str, tuple[Proposal, BlacklineUnit]],
                added: dict[str, list[tuple[Proposal, BlacklineUnit]]]) -> None:
        version = changed.get(node.id)
        if version is not None and version[1].state == "deleted":
            self._version_unit(version[1], version[0], depth)  # struck with everything in it
        else:
            paragraph = self._paragraph(indent=depth)
            self._label(paragraph, node.unit.num)
            if version is not None and version[1].segments is not None:
                self._segments(paragraph, refine_segments(version[1].segments), version[0])
            elif node.unit.text:
                self._run(paragraph, node.unit.text)
            for child in node.children:
                self._merged(child, depth + 1, changed, added)
            if node.unit.tail:
                self._run(self._paragraph(indent=depth), node.unit.tail)
        for proposal, unit in added.get(node.id, []):
            self._version_unit(unit, proposal, depth)

    def _version_unit(self, unit: BlacklineUnit, proposal: Proposal, depth: int) -> None:
        """A unit of one proposal's version, whole: struck or inserted paragraphs, or its marked words."""
        paragraph = self._paragraph(indent=depth)
        if unit.state in ("deleted", "added"):
            self._mark_paragraph(paragraph, "del" if unit.state == "deleted" else "ins", proposal)
        self._label(paragraph, unit.num, proposal if unit.state == "deleted" else None)
        segments = unit.segments
        if unit.added_num and segments and segments[0].text.startswith(f"{unit.added_num} "):
            segments = (Segment("ins", f"{unit.added_num}\t"), Segment(segments[0].kind, segments[0].text[len(unit.added_num) + 1 :]), *segments[1:])
        if segments is None:
            self._run(paragraph, unit.words)
        else:
            self._segments(paragraph, refine_segments(segments), proposal)
        for child in unit.children:
            self._version_unit(child, proposal, depth + 1)
        if unit.tail:
            self._run(self._paragraph(indent=depth), unit.tail)

    # ------------------------------------------------------------------ the compilation table
    def compilation_table(self, selection: Selection, table: TableOptions) -> None:
        """The rows of ``export.table`` (the PDF's), article by article, then the articles without proposals by chapter."""
        tables = compilation(self.documents, self.instrument, selection.articles(), table)
        for each in tables:
            self.table_article(each, table)
        if not tables:
            self.paragraph("No drafting proposal changes the articles chosen.", style="Meta")
        rest = without_proposals(selection, {each.article.id for each in tables})
        if rest:
            self.heading("No proposal or commentary" if table.all_paragraphs else "Articles without proposals", 1)
            self.paragraph("The adopted text stands; not in this table.", style="Meta")
            for chapter, members in rest:
                self.paragraph(chapter_line(chapter, members))

    def table_article(self, each: ArticleTable, options: TableOptions) -> None:
        article = each.article
        self._new_page(each.page.path)
        self.heading(f"{article.label.rstrip('.')}: {article.title}", 1)
        columns = column_headings(options)
        table = ET.SubElement(self.body, w("tbl"))
        properties = ET.SubElement(table, w("tblPr"))
        ET.SubElement(properties, w("tblStyle"), {w("val"): "TableGrid"})
        ET.SubElement(properties, w("tblW"), {w("w"): "5000", w("type"): "pct"})
        ET.SubElement(properties, w("tblLayout"), {w("type"): "fixed"})
        borders = ET.SubElement(properties, w("tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            ET.SubElement(borders, w(side), {w("val"): "single", w("sz"): "4", w("space"): "0", w("color"): "666666"})
        grid = ET.SubElement(table, w("tblGrid"))
        widths = (3600, 4100, 5100) if len(columns) == 3 else (2900, 3300, 3800, 2800)
        scale = (max(PAPER[self.options.paper]) - 2 * MARGIN) / sum(widths)  # landscape: the text is as wide as the paper is long
        for width in widths:
            ET.SubElement(grid, w("gridCol"), {w("w"): str(int(width * scale))})
        header = self._row(table, header=True)
        for label in columns:
            self.paragraph(label, style="CellHeading", parent=self._cell(header))
        for row in each.rows:
            table_row = self._row(table)
            cells = [self._cell(table_row) for _ in columns]
            self.paragraph(row.pinpoint, style="CellHeading", parent=cells[0])
            if isinstance(row, ProposalRow):
                self._proposal_row(row, cells, options)
            else:
                if row.paragraph is None:
                    self.paragraph("The article as a whole.", style="Meta", parent=cells[0])
                else:
                    self._table_adopted(row.paragraph, 0, cells[0], {})
                for node in row.notes:
                    self._table_note(node, cells[2])
            for cell in cells:
                if len(cell) == 1:  # a cell must hold a paragraph
                    self.paragraph("\u2014", parent=cell)
        if each.quiet:
            self.paragraph(quiet_line(article, each.quiet), style="Meta")

    def _proposal_row(self, row: ProposalRow, cells: list[ET.Element], options: TableOptions) -> None:
        proposal = row.proposal
        touched = touched_units(row)
        for paragraph in row.paragraphs:
            self._table_adopted(paragraph, 0, cells[0], touched)
        self.paragraph("NOT ADOPTED \u00b7 PROPOSAL", style="CellHeading", parent=cells[1])
        self.paragraph(proposal.title, style="CellHeading", parent=cells[1])
        changes = ", ".join(change.text for change in row.changes)
        self.paragraph(proposed_by(row) + (f" \u00b7 {changes[:1].upper() + changes[1:]}" if changes else ""), style="Meta", parent=cells[1])
        for alternative in row.alternatives:
            for marked in alternative.blackline:
                self._table_blackline(marked, proposal, 0, cells[1], touched)
        self._prose(row.rationale, cells[2])
        if options.all_paragraphs:
            for pointer in row.commentary:
                self._table_note(pointer.node, cells[2])
        elif row.commentary:
            self.paragraph("Commentary: " + "; ".join(pointer.label for pointer in row.commentary) + ".", style="Meta", parent=cells[2])
        if options.proposed_text:
            self.paragraph("NOT ADOPTED \u00b7 PROPOSED TEXT", style="CellHeading", parent=cells[3])
            for alternative in row.alternatives:
                for clean in alternative.proposed:
                    self._table_proposed(clean, 0, cells[3])
            if len(cells[3]) == 2:
                self.paragraph("(deleted)", style="Meta", parent=cells[3])

    def _table_note(self, node: NoteNode, cell: ET.Element) -> None:
        self.paragraph(node.note.title, style="CellHeading", parent=cell)
        self.paragraph(self._byline(node), style="Meta", parent=cell)
        self._prose(node.body, cell)

    def _elision(self, first: str | None, last: str | None, depth: int, cell: ET.Element) -> None:
        span = first if first == last else f"{first}\u2013{last}"
        self._run(self._paragraph(style="Meta", indent=depth, parent=cell), f"[{span} unchanged, not shown]")

    def _table_adopted(self, unit: TextUnit, depth: int, cell: ET.Element, touched: dict[str, bool]) -> None:
        paragraph = self._paragraph(indent=depth, parent=cell)
        self._label(paragraph, unit.unit.num)
        self._run(paragraph, unit.unit.text)
        children = unit.children
        for item in shown_children([c.id for c in children], set(), touched):
            if isinstance(item, tuple):
                self._elision(children[item[0]].unit.num, children[item[1]].unit.num, depth + 1, cell)
            else:
                self._table_adopted(children[item], depth + 1, cell, touched)
        if unit.unit.tail:
            self._run(self._paragraph(indent=depth, parent=cell), unit.unit.tail)

    def _table_blackline(self, unit: BlacklineUnit, proposal: Proposal, depth: int, cell: ET.Element, touched: dict[str, bool]) -> None:
        """A unit of the proposal's blackline (the document tree's) as tracked changes: accept all gives the
        proposed text, reject all the adopted text."""
        paragraph = self._paragraph(indent=depth, parent=cell)
        if unit.state in ("deleted", "added"):
            self._mark_paragraph(paragraph, "del" if unit.state == "deleted" else "ins", proposal)
        self._label(paragraph, unit.num, proposal if unit.state == "deleted" else None)
        if unit.segments is None:
            self._run(paragraph, unit.words)
        else:
            self._segments(paragraph, refine_segments(unit.segments), proposal)
        children = unit.children
        for item in shown_children([c.unit_id for c in children], set(), touched):
            if isinstance(item, tuple):
                self._elision(children[item[0]].num, children[item[1]].num, depth + 1, cell)
            else:
                self._table_blackline(children[item], proposal, depth + 1, cell, touched)
        if unit.tail:
            self._run(self._paragraph(indent=depth, parent=cell), unit.tail)

    def _table_proposed(self, unit: ProposedUnit, depth: int, cell: ET.Element) -> None:
        paragraph = self._paragraph(indent=depth, parent=cell)
        self._label(paragraph, unit.num)
        self._run(paragraph, unit.words)
        for child in unit.children:
            self._table_proposed(child, depth + 1, cell)
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

    # ------------------------------------------------------------------ the bibliography
    def bibliography(self) -> None:
        cited = {key: self.project.bibliography[key] for key in self.cited if key in self.project.bibliography}
        if not cited:
            return
        self.heading("Bibliography", 1)
        for section in bibliography_sections(cited, CitationIndex()):
            self.heading(section.heading, 2)
            for item in section.items:
                paragraph = self._paragraph(style="Bibliography")
                self._cited(paragraph, item.cited)

    # ------------------------------------------------------------------ prose: notes and rationales, citations as footnotes
    def _prose(self, prose: Prose, parent: ET.Element | None = None, inline_notes: FootnoteSequence | None = None) -> None:
        # OSCOLA in Word as on paper: calls after the punctuation, single quotation marks (export.typography).
        for block in typeset(prose).blocks:
            self._block(block, parent, inline_notes, style=None, depth=0)

    def _block(self, block: Block, parent: ET.Element | None, inline_notes: FootnoteSequence | None, style: str | None, depth: int,
               prefix: str = "") -> None:
        if isinstance(block, Paragraph):
            if block.number is not None and inline_notes is None:
                paragraph = self._paragraph(style="Commentary", parent=parent)
                self._run(paragraph, f"{block.number}\t", bold=True)
            else:
                paragraph = self._paragraph(style=style, indent=depth, parent=parent)
            if prefix:
                self._run(paragraph, prefix)
            self._inline(paragraph, block.children, inline_notes)
        elif isinstance(block, Heading):
            paragraph = self._paragraph(style="NoteHeading", parent=parent)
            self._inline(paragraph, block.children, inline_notes)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, block.start or 1):
                mark = f"{number}. " if block.ordered else "• "
                for index, inner in enumerate(item.blocks):
                    self._block(inner, parent, inline_notes, style, depth + 1, prefix=mark if index == 0 else "")
        elif isinstance(block, Quote):
            for inner in block.blocks:
                self._block(inner, parent, inline_notes, "Quote", depth)
        elif isinstance(block, CodeBlock):
            for line in block.text.rstrip("\n").split("\n"):
                self._run(self._paragraph(style="Code", indent=depth, parent=parent), line)
        elif isinstance(block, Table):
            self._table(block, parent, inline_notes)
        elif isinstance(block, Rule):
            self._paragraph(style="Rule", parent=parent)

    def _table(self, block: Table, parent: ET.Element | None, inline_notes: FootnoteSequence | None) -> None:
        table = ET.SubElement(self.body if parent is None else parent, w("tbl"))
        properties = ET.SubElement(table, w("tblPr"))
        ET.SubElement(properties, w("tblStyle"), {w("val"): "TableGrid"})
        ET.SubElement(properties, w("tblW"), {w("w"): "0", w("type"): "auto"})
        for index, cells in enumerate((*block.head, *block.body)):
            row = self._row(table, header=index < len(block.head))
            for cell in cells:
                element = self._cell(row)
                paragraph = self._paragraph(parent=element)
                if cell.align in ("center", "right"):
                    ET.SubElement(paragraph.find(w("pPr")), w("jc"), {w("val"): "center" if cell.align == "center" else "right"})  # type: ignore[arg-type]
                self._inline(paragraph, cell.children, inline_notes, bold=cell.header)
        if parent is not None and parent.tag == w("tc"):
            self._paragraph(parent=parent)  # a cell ends with a paragraph

    def _inline(self, paragraph: ET.Element, nodes: Iterable[Inline], inline_notes: FootnoteSequence | None,
                bold: bool = False, italic: bool = False, strike: bool = False) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self._run(paragraph, node.text, bold=bold, italic=italic, strike=strike)
            elif isinstance(node, SoftBreak):
                self._run(paragraph, " ", bold=bold, italic=italic, strike=strike)
            elif isinstance(node, HardBreak):
                ET.SubElement(ET.SubElement(paragraph, w("r")), w("br"))
            elif isinstance(node, Emphasis):
                self._inline(paragraph, node.children, inline_notes, bold, True, strike)
            elif isinstance(node, Strong):
                self._inline(paragraph, node.children, inline_notes, True, italic, strike)
            elif isinstance(node, Strikethrough):
                self._inline(paragraph, node.children, inline_notes, bold, italic, True)
            elif isinstance(node, Code):
                self._run(paragraph, node.text, bold=bold, italic=italic, strike=strike, code=True)
            elif isinstance(node, (Link, CrossRef)):
                self._inline(paragraph, node.children, inline_notes, bold, italic, strike)
            elif isinstance(node, ProposalMention):
                self._run(paragraph, self._mention(node), bold=bold, italic=italic, strike=strike)
            elif isinstance(node, Citation):
                if inline_notes is not None:
                    number = inline_notes.cite(node.cluster, NOWHERE)
                    self._run(paragraph, f" ({inline_notes.note(number).cited.text().rstrip('.')})")
                else:
                    self._footnote_reference(paragraph, node)

    def _mention(self, node: ProposalMention) -> str:
        """A proposal named by its id: its title (as print names it), since a reader of the document meets the title."""
        proposal = self.documents.proposal(node.proposal_id)
        return f"{node.proposal_id} (\u201c{proposal.title}\u201d)" if proposal is not None else node.proposal_id

    def _footnote_reference(self, paragraph: ET.Element, node: Citation) -> None:
        number = self.footnotes.cite(node.cluster, NOWHERE)
        self.footnotes.refer(number)
        word = self.word_number[(self.page_key, number)] = len(self.word_number) + 1
        self.cited.extend(item.key for item in node.cluster.items if item.key not in self.cited)
        run = ET.SubElement(paragraph, w("r"))
        ET.SubElement(ET.SubElement(run, w("rPr")), w("rStyle"), {w("val"): "FootnoteReference"})
        ET.SubElement(run, w("footnoteReference"), {w("id"): str(word)})
        footnote = ET.Element(w("footnote"), {w("id"): str(word)})
        note_paragraph = ET.SubElement(footnote, w("p"))
        ET.SubElement(ET.SubElement(note_paragraph, w("pPr")), w("pStyle"), {w("val"): "FootnoteText"})
        mark = ET.SubElement(note_paragraph, w("r"))
        ET.SubElement(ET.SubElement(mark, w("rPr")), w("rStyle"), {w("val"): "FootnoteReference"})
        ET.SubElement(mark, w("footnoteRef"))
        self._run(note_paragraph, " ")
        self._cited(note_paragraph, self.footnotes.note(number).cited)
        self.footnote_parts[word] = footnote

    def _cited(self, paragraph: ET.Element, cited: Cited) -> None:
        """OSCOLA text as runs: titles in italics, an earlier footnote by Word's number of it."""
        for piece in cited.pieces:
            if isinstance(piece, Italic):
                self._run(paragraph, piece.text, italic=True)
            elif isinstance(piece, NoteNumber):
                self._run(paragraph, str(self.word_number.get((self.page_key, piece.number), piece.number)))
            else:
                self._run(paragraph, piece)

    # ------------------------------------------------------------------ comments: one per proposal
    def _comment(self, proposal: Proposal) -> int:
        found = self.comments.get(proposal.id)
        if found is not None:
            return found[0]
        number = len(self.comments)
        attributes = {w("id"): str(number), w("author"): self._author(proposal), w("initials"): _initials(proposal.proponent)}
        if proposal.date:
            attributes[w("date")] = revision_date(proposal.date)
        comment = ET.Element(w("comment"), attributes)
        first = ET.SubElement(comment, w("p"))
        ET.SubElement(ET.SubElement(first, w("pPr")), w("pStyle"), {w("val"): "CommentText"})
        mark = ET.SubElement(first, w("r"))
        ET.SubElement(ET.SubElement(mark, w("rPr")), w("rStyle"), {w("val"): "CommentReference"})
        ET.SubElement(mark, w("annotationRef"))
        self._run(first, proposal.title, bold=True)
        when = f" on {long_date(proposal.date)}" if proposal.date else ""
        self.paragraph(f"Proposed by {self.documents.proponent(proposal).in_sentence}{when}.", parent=comment)
        if proposal.note is not None:
            # A comment cannot hold footnotes: its citations are written out in brackets.
            self._prose(self.documents.prose(proposal.note, proposal), comment, inline_notes=FootnoteSequence(self.project.bibliography, None))
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

    def _author(self, proposal: Proposal) -> str:
        return word_author(proposal, self.documents.proponent(proposal), self.instrument)

    def _revision_attributes(self, proposal: Proposal) -> dict[str, str]:
        self._revision += 1
        attributes = {w("id"): str(self._revision), w("author"): self._author(proposal)}
        if proposal.date:
            attributes[w("date")] = revision_date(proposal.date)
        return attributes

    def _run(self, parent: ET.Element, text: str, bold: bool = False, deleted: bool = False, italic: bool = False, strike: bool = False,
             underline: bool = False, code: bool = False) -> None:
        if not text:
            return
        run = ET.SubElement(parent, w("r"))
        if bold or italic or strike or underline or code:
            properties = ET.SubElement(run, w("rPr"))
            if code:
                ET.SubElement(properties, w("rStyle"), {w("val"): "CodeChar"})
            if bold:
                ET.SubElement(properties, w("b"))
            if italic:
                ET.SubElement(properties, w("i"))
            if strike:
                ET.SubElement(properties, w("strike"))
            if underline:
                ET.SubElement(properties, w("u"), {w("val"): "single"})
        for index, piece in enumerate(text.split("\t")):
            if index:
                ET.SubElement(run, w("tab"))
            if piece:
                element = ET.SubElement(run, w("delText" if deleted else "t"))
                element.text = piece
                element.set(XML_SPACE, "preserve")


@dataclass(frozen=True)
class _Claims:
    """What one proposal's version of a paragraph changes: units whose words it marks or that it deletes, and
    the units after which it adds one. Two versions can be tracked in one paragraph only where they do not meet."""

    changed: frozenset[str]
    deleted: frozenset[str]
    anchors: frozenset[str]

    @classmethod
    def of(cls, alternative: Alternative) -> _Claims:
        changed: dict[str, tuple[Proposal, BlacklineUnit]] = {}
        added: dict[str, list[tuple[Proposal, BlacklineUnit]]] = {}
        paragraph_id = alternative.blackline[0].unit_id or "" if alternative.blackline else ""
        _index_version(alternative.proposal, alternative.blackline, paragraph_id, changed, added)
        deleted = {unit_id for unit_id, (_p, unit) in changed.items() if unit.state == "deleted"}
        for _p, unit in [changed[u] for u in deleted]:
            deleted |= {child.unit_id for child in _walk(unit) if child.unit_id}
        return cls(frozenset(changed), frozenset(deleted), frozenset(added))

    def meets(self, other: _Claims) -> bool:
        return bool(self.changed & other.changed or self.anchors & other.anchors or self.anchors & other.deleted or other.anchors & self.deleted
                    or self.deleted & other.changed or other.deleted & self.changed)


def _walk(unit: BlacklineUnit) -> Iterable[BlacklineUnit]:
    for child in unit.children:
        yield child
        yield from _walk(child)


def _index_version(proposal: Proposal, units: Iterable[BlacklineUnit], anchor: str, changed: dict[str, tuple[Proposal, BlacklineUnit]],
                   added: dict[str, list[tuple[Proposal, BlacklineUnit]]]) -> None:
    """Index one version of a paragraph by the adopted units it touches: a unit whose words it marks or that it deletes
    (``changed``), and each unit it adds, under the adopted unit it follows (``added``)."""
    previous = anchor
    for unit in units:
        if unit.state == "added":
            added.setdefault(previous, []).append((proposal, unit))
            continue
        if unit.unit_id is None:
            continue
        previous = unit.unit_id
        if unit.state == "deleted" or unit.segments is not None:
            changed[unit.unit_id] = (proposal, unit)
        if unit.state != "deleted":
            _index_version(proposal, unit.children, unit.unit_id, changed, added)


# Word shows a change's author in a narrow reviewing pane: the proponent and a title that fits it.
AUTHOR_LIMIT = 60
PROPONENT_LIMIT = 60
TITLE_AT_LEAST = 24
# A shortened title is cut before a word that opens a phrase, so what is left is one ("Dual criminality
# as a condition", not "Dual criminality as a condition of"), and never ends on a function word.
_CUT_BEFORE = frozenset("of to for and or nor but in on at by with where when which that as from into".split())
_FUNCTION_WORDS = _CUT_BEFORE | frozenset("a an the is are be its their".split())


def short_title(title: str, budget: int) -> str:
    """``title`` in at most ``budget`` characters, cut between words and before a function word."""
    words = title.split()
    if len(title) <= budget:
        return title
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > budget:
            break
        kept.append(word)
    # Cut before the last function word, if that leaves a phrase of two words or more.
    cut = max((i for i, word in enumerate(kept) if word.lower().strip(",;:") in _CUT_BEFORE and i >= 2), default=len(kept))
    kept = kept[:cut]
    while kept and kept[-1].lower().strip(",;:") in _FUNCTION_WORDS:
        kept.pop()
    return " ".join(kept).rstrip(",;:—–-")


def word_author(proposal: Proposal, proponent: Proponent, instrument: Instrument) -> str:
    """Who a change belongs to in Word's reviewing pane: "<proponent> — <where> <short title>". Where: every
    provision the proposal changes, adds or deletes ("40(21)(d)–(e)", not the first alone, which would name a
    paragraph it leaves whole). The title: the proposal's ``short_title``, else its title cut between words to
    fit AUTHOR_LIMIT with an ellipsis, so a cut title never reads as a whole one ("Refusal where execution is
    likely…"); the full title opens the proposal's comment. A proponent's name is kept whole up to
    PROPONENT_LIMIT characters, a longer one cut between words with an ellipsis; an unsourced attribution (C084)
    says so."""
    name = proponent.name
    if len(name) > PROPONENT_LIMIT:
        name = name[: PROPONENT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "\u2026"
    if proponent.author:
        name += " (note's author)"  # their own drafting, as the site says "(author of this note)"
    elif not proponent.sourced:
        name += " (not sourced)"
    where = places_pinpoint([change.pinpoint for change in proposal_changes(instrument, proposal)]).removeprefix("art ")
    head = f"{name} — {where}".strip()
    title = proposal.short_title
    if not title:
        # A long name leaves the title a few words at least: without them two proposals by one delegation look alike.
        budget = max(AUTHOR_LIMIT - len(head) - 2, TITLE_AT_LEAST)
        title = short_title(proposal.title, budget)
        if title != proposal.title:
            title += "\u2026"
    return f"{head} {title}".strip()


def revision_date(day: _dt.date) -> str:
    """A proposal's date as Word's w:date, which must be an xsd:dateTime (a date alone is invalid): noon UTC,
    not midnight, so the day Word shows is the proposal's own in every time zone from UTC-11 to UTC+11
    (midnight UTC is the evening before in the Americas)."""
    return f"{day.isoformat()}T12:00:00Z"


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name)
    return "".join(word[0].upper() for word in words[:3]) or "P"


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
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
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
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
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
    # A numbered paragraph of commentary: its number (note_paragraph.html's) in the margin, the text indented past it.
    + '<w:style w:type="paragraph" w:styleId="Commentary"><w:name w:val="Commentary"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:tabs><w:tab w:val="left" w:pos="567"/></w:tabs><w:ind w:left="567" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="NoteHeading"><w:name w:val="Note Heading"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr>'
    '<w:rPr><w:b/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Code"><w:name w:val="Code"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono" w:cs="Liberation Mono"/><w:sz w:val="19"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="CodeChar"><w:name w:val="Code Char"/><w:rPr><w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono" w:cs="Liberation Mono"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Rule"><w:name w:val="Rule"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="666666"/></w:pBdr></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Bibliography"><w:name w:val="Bibliography"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/><w:sz w:val="16"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/><w:sz w:val="16"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567"/></w:pPr></w:style>'
    # A cell's heading is not kept with the next paragraph: LibreOffice then moves a whole table to the next page,
    # leaving the article's heading alone (23 landscape pages for the table against 11). A label over lines outside a table is.
    + '<w:style w:type="paragraph" w:styleId="CellHeading"><w:name w:val="Cell Heading"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:b/><w:sz w:val="18"/></w:rPr></w:style>'
    # The NOT ADOPTED label over a paragraph with a proposal's tracked changes: shaded and kept with the text it labels.
    + '<w:style w:type="paragraph" w:styleId="ProposalLabel"><w:name w:val="Proposal Label"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:keepNext/><w:pBdr><w:left w:val="single" w:sz="18" w:space="4" w:color="A61C1C"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="F8E8E8"/>'
    '<w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Label"><w:name w:val="Label"/><w:basedOn w:val="CellHeading"/><w:pPr><w:keepNext/></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
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


def _core_xml(title: str, options: WordOptions) -> str:
    """Title, author, language, and the version: the whole version line, "Version of … (commit …)" (cp:version),
    and the commit as the PDF's keywords give it. No dates: two exports of the same commit are the same bytes."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title>"
        + f"<dc:creator>{escape(options.site_title)}</dc:creator>"
        + f"<cp:keywords>source revision {escape(options.revision)}</cp:keywords>"
        + "<dc:language>en</dc:language>"
        + f"<cp:version>{escape(options.settings.revision.version_line)}</cp:version>"
        + "</cp:coreProperties>"
    )


def _header_xml(title: str, symbol: str, text_width: int) -> bytes:
    """Every page's header: the document's title, and at the right margin the symbol of the text."""
    root = ET.Element(w("hdr"))
    paragraph = ET.SubElement(root, w("p"))
    properties = ET.SubElement(paragraph, w("pPr"))
    ET.SubElement(properties, w("pStyle"), {w("val"): "Header"})
    ET.SubElement(ET.SubElement(properties, w("tabs")), w("tab"), {w("val"): "right", w("pos"): str(text_width)})
    for text, tab in ((title, False), (symbol, True)):
        run = ET.SubElement(paragraph, w("r"))
        if tab:
            ET.SubElement(run, w("tab"))
        element = ET.SubElement(run, w("t"))
        element.text = text
        element.set(XML_SPACE, "preserve")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _footer_xml(version: str) -> bytes:
    """Every page's footer: "Page 3 of 12 · Version of 1 December 2026", the numbers as Word fields (PAGE, NUMPAGES)."""
    root = ET.Element(w("ftr"))
    paragraph = ET.SubElement(root, w("p"))
    ET.SubElement(ET.SubElement(paragraph, w("pPr")), w("pStyle"), {w("val"): "Footer"})

    def text(value: str) -> None:
        element = ET.SubElement(ET.SubElement(paragraph, w("r")), w("t"))
        element.text = value
        element.set(XML_SPACE, "preserve")

    def field(code: str, shown: str) -> None:
        simple = ET.SubElement(paragraph, w("fldSimple"), {w("instr"): f" {code} "})
        shown_text = ET.SubElement(ET.SubElement(simple, w("r")), w("t"))
        shown_text.text = shown

    text("Page ")
    field("PAGE", "1")
    text(" of ")
    field("NUMPAGES", "1")
    if version:
        text(f" \u00b7 {version}")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _package(writer: _DocumentWriter, title: str, options: WordOptions, landscape: bool = False) -> bytes:
    document = ET.Element(w("document"))
    body = writer.body
    document.append(body)
    section = ET.SubElement(body, w("sectPr"))
    ET.SubElement(section, w("headerReference"), {w("type"): "default", f"{{{R}}}id": "rId5"})
    ET.SubElement(section, w("footerReference"), {w("type"): "default", f"{{{R}}}id": "rId6"})
    width, height = PAPER[options.paper]
    if landscape:
        ET.SubElement(section, w("pgSz"), {w("w"): str(height), w("h"): str(width), w("orient"): "landscape"})
    else:
        ET.SubElement(section, w("pgSz"), {w("w"): str(width), w("h"): str(height)})
    margin = str(MARGIN)
    ET.SubElement(section, w("pgMar"), {w("top"): margin, w("right"): margin, w("bottom"): margin, w("left"): margin,
                                        w("header"): "567", w("footer"): "567", w("gutter"): "0"})
    if options.line_numbers:
        # Word's (and LibreOffice's) native numbering: every line of body text, restarting on each page, 0.5 cm
        # left of the text; headers, footers, footnotes and tables are not counted.
        ET.SubElement(section, w("lnNumType"), {w("countBy"): "1", w("distance"): "283", w("restart"): "newPage"})
    xml = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _core_xml(title, options)),
            ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
            ("word/document.xml", xml),
            ("word/styles.xml", _STYLES),
            ("word/settings.xml", _SETTINGS),
            ("word/footnotes.xml", _footnotes_xml(writer)),
            ("word/comments.xml", _comments_xml(writer)),
            ("word/header1.xml", _header_xml(title, writer.instrument.symbol or writer.instrument.short_title,
                                             (height if landscape else width) - 2 * MARGIN)),
            ("word/footer1.xml", _footer_xml(options.version)),
        ):
            # A fixed timestamp: zip entries otherwise carry the clock.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
