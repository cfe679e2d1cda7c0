"""The compilation table: the format negotiators work in.

Per paragraph of each chosen article, one row of three columns: the adopted text (with
the paragraph's OSCOLA pinpoint, "art 40(21)", at the top of the first cell) | each
drafting proposal on that paragraph as a blackline, with its proponent | the proposals'
rationales and the commentary on that paragraph. Commentary on the article as a whole
gets a row of its own before the first paragraph. ``table_rows`` is the model the PDF
(``plan_table``, landscape, laid out and numbered by article like a brief) and the Word table
(``export.docx``) share.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence

from markupsafe import escape

from ..check import Analysis
from ..document import Documents, naming
from ..document.naming import article_heading
from ..document.nodes import CrossRef
from ..model import Article, Instrument, Note, Project, Proposal, Provision
from ..render.blackline import render_segments
from ..transform.pinpoints import pinpoint
from ..transform.redline import ProposalResult, Segment, UnitResult
from .print_document import Book, BookDocument, PrintOptions, PrintPart, PrintWriter, SectionRenderer, brief_articles, cover_html, css_string, document_html, full_title
from .selection import Selection


@dataclasses.dataclass
class TableRow:
    unit: Provision | Article  # the paragraph, or the article for commentary on it as a whole
    citation: str  # OSCOLA pinpoint: "art 40(21)"
    proposals: list[tuple[Proposal, ProposalResult]]
    notes: list[Note]

    @property
    def outcomes(self) -> dict[str, dict[str, UnitResult]]:
        """proposal id -> (unit id -> its result), for the units of this row."""
        units = {u.id for u in self.unit.walk()} if isinstance(self.unit, Provision) else set()
        return {p.id: {r.target: r for r in result.units if r.target in units} for p, result in self.proposals}


def table_rows(project: Project, analysis: Analysis, instrument: Instrument, article: Article) -> list[TableRow]:
    """The rows of one article: the article as a whole (only when commentary is on it), then every paragraph."""
    anchored = analysis.proposals
    notes = project.notes_by_article(instrument.id).get(article.id, [])
    ordered_notes = sorted(notes, key=lambda n: (n.date or _MIN_DATE, n.title))
    rows: list[TableRow] = []
    whole = [n for n in ordered_notes if n.target == article.id]
    if whole:
        rows.append(TableRow(article, pinpoint(article), [], whole))
    proposals = [(p, anchored.results[p.id]) for p in anchored.on_article(instrument.id, article.id) if anchored.results[p.id].units]
    for paragraph in article.paragraphs:
        inside = {u.id for u in paragraph.walk()}
        row_proposals = [(p, r) for p, r in proposals if any(u.target in inside for u in r.units)]
        row_notes = [n for n in ordered_notes if n.target in inside]
        rows.append(TableRow(paragraph, pinpoint(paragraph), row_proposals, row_notes))
    return rows


AUTHOR_LIMIT = 60
# A shortened title is cut before a word that opens a phrase, so what is left is one ("Dual criminality
# as a condition", not "Dual criminality as a condition of"), and never ends on a function word.
_CUT_BEFORE = frozenset("of to for and or nor but in on at by with where when which that as from into".split())
_FUNCTION_WORDS = _CUT_BEFORE | frozenset("a an the is are be its their".split())


def proposal_author(proposal: Proposal, instrument: Instrument) -> str:
    """Who a change belongs to in Word's reviewing pane: "<proponent> — <pinpoint> <short title>", at most
    AUTHOR_LIMIT characters, the title cut between words (never inside one) and before a word like "of" or
    "and", with no ellipsis: "The editors — 40(21)(d) Refusal where execution is likely". The full title is
    the first line of the proposal's comment."""
    proponent = proposal.proponent.split(",")[0].strip()
    first = next((e.target for e in proposal.edits if e.target in instrument.index), None)
    where = pinpoint(instrument.index[first]).removeprefix("art ") if first is not None else ""  # type: ignore[arg-type]
    head = f"{proponent} — {where}".strip()
    return f"{head} {short_title(proposal.title, AUTHOR_LIMIT - len(head) - 1)}".strip()


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


_MIN_DATE = _dt.date.min


# ---------------------------------------------------------------------------- PDF (HTML for WeasyPrint)


TABLE = "table.pdf"


def plan_table(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions, documents: Documents | None = None) -> Book:
    """The compilation table as a book, like a brief: one landscape part per article, numbered by article
    ("40-3" is page 3 of Article 40's table, as in the briefs), then the bibliography ("B-1") and the cover."""
    instrument = selection.instrument
    articles, left_out = brief_articles(project, analysis, selection, options)
    renderer = SectionRenderer(project, analysis, instrument, articles, False, options, documents, {a.id: a.id for a in articles})
    header = instrument.symbol or instrument.short_title
    title = f"{selection.title} — compilation table"
    body: list[PrintPart] = []
    for article in articles:
        prefix = f"{article.number}-"
        html = article_table_html(project, analysis, instrument, article, renderer)
        body.append(PrintPart(article.id, _document(article_heading(article), html, options, header, f'"{css_string(prefix)}" counter(page)'), prefix, "D"))
    bibliography = renderer.bibliography("bibliography")
    body.append(PrintPart("bibliography", _document("Bibliography", bibliography.html, options, header, '"B-" counter(page)'), "B-", "D"))

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        note = "Pages are numbered by article, as in the briefs: 40-3 is page 3 of Article 40's table; B-1 is the bibliography."
        cover = cover_html(title, instrument, options, len(articles), left_out, note)
        return [PrintPart("front", _document("Cover", cover, options, header, None), "Cover", "")]

    return Book(instrument, body, finish, [BookDocument(TABLE, full_title(title, options), ["front", *[part.name for part in body]])], {},
                renderer.urls.across)


def _document(title: str, body: str, options: PrintOptions, header: str, footer: str | None) -> str:
    return document_html(title, body, options, header=header, footer=footer, landscape=True, body_class="tc-landscape")


def article_table_html(project: Project, analysis: Analysis, instrument: Instrument, article: Article, renderer: SectionRenderer) -> str:
    """One article's table: a row per paragraph with a proposal or commentary, one line for the others."""
    rows = table_rows(project, analysis, instrument, article)
    shown = {row.unit.id for row in rows if row.proposals or row.notes}
    writer = renderer.writer(naming.article_page(instrument, article), article.label, article.id, article.id)
    # A cross-reference in the commentary leads to the row of the paragraph it names, or to the article's table.
    general = writer.link_cross_ref

    def cross_ref(node: CrossRef) -> str | None:
        unit = instrument.index.get(node.unit_id) if node.instrument_id == instrument.id else None
        if isinstance(unit, Provision) and unit.article is not None and unit.article.id in renderer.included_articles:
            top = unit.top.id
            return renderer.urls.inside("row-" + top if top in shown else unit.article.id, unit.article.id)
        return general(node)

    writer.cross_ref = cross_ref
    body = [_row_html(row, writer, renderer.documents) for row in rows if row.proposals or row.notes]
    quiet = [row.unit for row in rows if not (row.proposals or row.notes) and isinstance(row.unit, Provision)]
    if quiet:
        body.append(f'<tr class="tc-row-rest"><td colspan="3">{escape(_rest(article, quiet))}</td></tr>')
    heading = f"{article.label.rstrip('.')}: {article.title}"
    return (
        f'<section class="tc-table-article" id="{escape(article.id)}">'
        f'<h2 class="tc-section-title" data-running="{escape("Art. " + article.number + " " + article.title)}">{escape(heading)}</h2>'
        '<table class="tc-compilation">'
        '<thead><tr><th scope="col">Adopted text</th><th scope="col">Proposals (blackline, with proponent)</th><th scope="col">Rationale and commentary</th></tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></section>'
    )


def _row_html(row: TableRow, writer: PrintWriter, documents: Documents) -> str:
    cite = f'<p class="tc-cell-cite">{escape(row.citation)}</p>'
    if isinstance(row.unit, Article):
        adopted = cite + '<p class="tc-meta">The article as a whole.</p>'
    else:
        adopted = cite + _plain_unit(row.unit, 0)
    proposals = []
    outcomes = row.outcomes
    for proposal, _result in row.proposals:
        head = f'<p class="tc-cell-head">{escape(proposal.title)} <span class="tc-meta">({escape(proposal.proponent)}{", " + proposal.date.isoformat() if proposal.date else ""})</span></p>'
        assert isinstance(row.unit, Provision)
        proposals.append(f'<div class="tc-cell-proposal tc-has-changes">{head}{blackline_unit(row.unit, outcomes[proposal.id], 0)}</div>')
    comments = []
    for proposal, _result in row.proposals:
        assert proposal.note is not None
        rationale = writer.prose(documents.prose(proposal.note, proposal))
        comments.append(f'<div class="tc-cell-rationale"><p class="tc-cell-head">Rationale: {escape(proposal.title)}</p>{rationale}</div>')
    for note in row.notes:
        authors = "; ".join(a.name for a in note.authors)
        body = writer.prose(documents.prose(note))
        comments.append(f'<div class="tc-cell-note"><p class="tc-cell-head">{escape(note.title)} <span class="tc-meta">({escape(authors)})</span></p>{body}</div>')
    empty = '<p class="tc-meta">—</p>'
    unit_id = row.unit.id
    return (
        f'<tr id="row-{escape(unit_id)}" data-unit="{escape(unit_id)}"><td class="tc-cell-adopted">{adopted}</td>'
        f'<td class="tc-cell-proposals">{"".join(proposals) or empty}</td><td class="tc-cell-comment">{"".join(comments) or empty}</td></tr>'
    )


def _rest(article: Article, units: list[Provision]) -> str:
    """"art 40(1)–(7), (9)–(20), (22)–(31): no proposal or commentary." """
    numbers = [int(u.short_num) for u in units if u.short_num and u.short_num.isdigit()]
    others = [u.short_num or u.num or "" for u in units if not (u.short_num and u.short_num.isdigit())]
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and ranges[-1][-1] == number - 1:
            ranges[-1].append(number)
        else:
            ranges.append([number])
    items = [f"({r[0]})" if len(r) == 1 else f"({r[0]})–({r[-1]})" for r in ranges] + [f"({o})" for o in others if o]
    return f"art {article.number}{', '.join(items)}: no proposal or commentary; the adopted text stands."


def _plain_unit(unit: Provision, depth: int) -> str:
    html = f'<div class="tc-unit tc-depth-{depth}"><p>{_num(unit)}{escape(unit.text)}</p>'
    html += "".join(_plain_unit(child, depth + 1) for child in unit.children)
    if unit.tail:
        html += f'<p class="tc-tail">{escape(unit.tail)}</p>'
    return html + "</div>"


def blackline_unit(unit: Provision, outcomes: dict[str, UnitResult], depth: int) -> str:
    """One paragraph with a proposal's changes marked, its sub-units included (the site's blackline, condensed)."""
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        return f'<div class="tc-unit tc-depth-{depth}"><p>{_num(unit)}{render_segments(result.segments, medium="print")}</p>' + "".join(
            f'<div class="tc-unit tc-depth-{depth + 1}"><p>{_num(c)}{render_segments([Segment("del", c.text)], medium="print")}</p></div>'
            for c in unit.children) + "</div>"
    words = render_segments(result.segments, medium="print") if result is not None else escape(unit.text)
    html = f'<div class="tc-unit tc-depth-{depth}"><p>{_num(unit)}{words}</p>'
    html += "".join(blackline_unit(child, outcomes, depth + 1) for child in unit.children)
    if unit.tail:
        html += f'<p class="tc-tail">{escape(unit.tail)}</p>'
    html += "</div>"
    if result is not None:
        for added in result.outcomes[1:]:
            text = f"{added.num} {added.proposed}" if added.num else added.proposed
            html += f'<div class="tc-unit tc-depth-{depth}"><p>{render_segments([Segment("ins", text)], medium="print")}</p></div>'
    return html


def _num(unit: Provision) -> str:
    return f'<span class="tc-num">{escape(unit.num)}</span> ' if unit.num else ""


__all__: Sequence[str] = ["AUTHOR_LIMIT", "TABLE", "TableRow", "article_table_html", "blackline_unit", "plan_table", "proposal_author", "short_title",
                          "table_rows"]
