"""The compilation table as PDF: the rows of ``export.compilation``, landscape, one cached part per article.

Columns: the adopted text with its pinpoint | the proposal as a blackline, with its proponent and date |
its rationale, with a pointer to the commentary (by default) or the commentary itself
(``--all-paragraphs``); optionally the proposed text, clean (``--proposed-text``). Pages are numbered by
article as in the briefs ("40-1"); the cover and contents (i, ii) list each row with its page and, by
chapter, the articles without proposals.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from ..check import Analysis
from ..document import Documents, naming
from ..document.naming import article_heading, nav_title
from ..document.nodes import BlacklineUnit, CrossRef, NoteNode, ProposedUnit, TextUnit
from ..model import Project, Provision
from ..render.blackline import render_segments
from ..render.urls import SiteUrls
from .compilation import (
    ArticleTable,
    CommentaryPointer,
    CommentaryRow,
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
from .layout import FOOTNOTE_CALL_TAG
from .print_document import (
    Book,
    BookDocument,
    PrintOptions,
    PrintPart,
    SectionRenderer,
    brief_articles,
    contents_html,
    cover_html,
    css_string,
    document_html,
    footnote_id,
    full_title,
)
from .selection import Selection

# ---------------------------------------------------------------------------- PDF (HTML for WeasyPrint)


TABLE = "table.pdf"


def plan_table(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions, documents: Documents | None = None,
               table: TableOptions | None = None) -> Book:
    """The compilation table as a book, like a brief: one landscape part per article, numbered by article
    ("40-1" is page 1 of Article 40's table, as in the briefs), then the bibliography ("B-1"); its cover and
    contents (numbered i, ii) list each row with its page and the articles left out, by chapter."""
    instrument = selection.instrument
    table = table or TableOptions()
    if table.all_paragraphs:
        candidates, left_out = brief_articles(project, analysis, selection, options)
    else:
        candidates, left_out = selection.articles(), []
    documents = documents if documents is not None else Documents.build(project, analysis)
    tables = compilation(documents, instrument, candidates, table)
    articles = [t.article for t in tables]
    renderer = SectionRenderer(project, analysis, instrument, articles, False, options, documents, {a.id: a.id for a in articles})
    header = instrument.symbol or instrument.short_title
    title = table_title(selection, table)
    body: list[PrintPart] = []
    toc: list[tuple[str, str, int]] = []
    by_article = {t.article.id: t for t in tables}
    for chapter, members in selection.chapters():
        shown = [by_article[a.id] for a in members if a.id in by_article]
        if not shown:
            continue
        toc.append(("", f"{chapter.label}: {chapter.title}", 1))
        for each in shown:
            article = each.article
            prefix = f"{article.number}-"
            html = article_table_html(each, renderer, table, options)
            body.append(PrintPart(article.id, _document(article_heading(article), html, options, header, f'"{css_string(prefix)}" counter(page)'), prefix, "D"))
            toc.append((article.id, article_heading(article), 2))
            toc += [(row.anchor, f"{row.pinpoint} \u2014 {row.proposal.title}", 3) for row in each.proposal_rows]
    if not body:
        empty = f'<section class="tc-table-article" id="empty"><p class="tc-empty">No drafting proposal changes {escape(_which(selection))}.</p></section>'
        body.append(PrintPart("empty", _document("No proposals", empty, options, header, '"T-" counter(page)'), "T-", "D"))
    bibliography = renderer.bibliography("bibliography")
    body.append(PrintPart("bibliography", _document("Bibliography", bibliography.html, options, header, '"B-" counter(page)'), "B-", "D"))
    toc.append(("bibliography", "Bibliography", 1))
    rest = without_proposals(selection, {a.id for a in articles} | {a.id for a in left_out})
    count = sum(len(t.proposal_rows) for t in tables)
    rest_ids = [a for _chapter, members in rest for a in members]

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        if table.all_paragraphs:
            note = ("Every paragraph of the articles chosen, with its proposals and commentary. "
                    "Pages are numbered by article, as in the briefs: 40-3 is page 3 of Article 40's table; B-1 is the bibliography.")
        else:
            omitted = len(rest_ids)
            note = (f"{count} drafting proposal{'s' if count != 1 else ''}, one row each, on the {len(articles)} article{'s' if len(articles) != 1 else ''} "
                    "they change" + (f"; the other {omitted} article{'s' if omitted != 1 else ''}, without proposals, {'are' if omitted != 1 else 'is'} listed in the contents"
                                          if omitted else "")
                    + ". The commentary is cited by note and paragraph, not reproduced. "
                    "Pages are numbered by article, as in the briefs (40-1); B-1 is the bibliography.")
        cover = cover_html(title, instrument, options, len(articles), left_out, note)
        quiet = ""
        if rest:
            lines = "".join(f"<li>{escape(chapter_line(chapter, members))}</li>" for chapter, members in rest)
            quiet = ('<section class="tc-table-quiet" id="without-proposals"><h2 class="tc-table-quiet-title">'
                     f'{"No proposal or commentary" if table.all_paragraphs else "Articles without proposals"}</h2>'
                     f'<p class="tc-meta">The adopted text stands; not in this table.</p><ul>{lines}</ul></section>')
        contents = contents_html(toc, labels).replace("</ul></nav>", "</ul>" + quiet + "</nav>", 1)
        return [PrintPart("front", _document("Contents", cover + contents, options, header, "counter(page, lower-roman)"), "", "r")]

    return Book(instrument, body, finish, [BookDocument(TABLE, full_title(title, options), ["front", *[part.name for part in body]])], {},
                renderer.urls.across)


def _which(selection: Selection) -> str:
    articles = selection.articles()
    return "the article chosen" if len(articles) == 1 else "the articles chosen"


def _document(title: str, body: str, options: PrintOptions, header: str, footer: str | None) -> str:
    return document_html(title, body, options, header=header, footer=footer, landscape=True, body_class="tc-landscape")


def article_table_html(each: ArticleTable, renderer: SectionRenderer, table: TableOptions, options: PrintOptions) -> str:
    """One article's table: a row per proposal (and, with every paragraph, per paragraph with commentary)."""
    article = each.article
    instrument = renderer.instrument
    writer = renderer.writer(naming.article_page(instrument, article), article.label, article.id, article.id)
    shown = {unit.id: row.anchor for row in each.rows for unit in (row.paragraphs if isinstance(row, ProposalRow) else (row.paragraph,) if row.paragraph else ())}
    general = writer.link_cross_ref

    # A provision named in a rationale leads to its row in this table, or to the article's table.
    def cross_ref(node: CrossRef) -> str | None:
        unit = instrument.index.get(node.unit_id) if node.instrument_id == instrument.id else None
        if isinstance(unit, Provision) and unit.article is not None and unit.article.id in renderer.included_articles:
            top = unit.top.id
            return renderer.urls.inside(shown.get(top, unit.article.id), unit.article.id)
        return general(node)

    writer.cross_ref = cross_ref
    notes = _CellNotes(article.id)
    writer.footnote_mark = notes.mark
    site = SiteUrls(directory_urls=True)
    base = options.site_url.rstrip("/") + "/" if options.site_url else None

    def pointer_html(pointer: CommentaryPointer) -> str:
        label = escape(pointer.label)
        if base is None:
            return str(label)
        href = f"{base}{site.url(pointer.page)}#{pointer.node.paragraph_anchor(1) if pointer.paragraphs else pointer.node.note.anchor}"
        return f'<a href="{escape(href)}">{label}</a>'

    columns = column_headings(table)
    body = []
    for row in each.rows:
        if isinstance(row, ProposalRow):
            body.append(_proposal_row(row, writer, table, pointer_html, notes))
        else:
            body.append(_commentary_row(row, writer, table, notes))
    if each.quiet:
        body.append(f'<tr class="tc-row-rest"><td colspan="{len(columns)}">{escape(quiet_line(article, each.quiet))}</td></tr>')
    heading = article_heading(article)
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in columns)
    return (
        f'<section class="tc-table-article" id="{escape(article.id)}">'
        f'<h1 class="tc-section-title" data-running="{escape(nav_title(article))}">{escape(heading)}</h1>'
        f'<table class="tc-compilation tc-columns-{len(columns)}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></section>'
    )


class _CellNotes:
    """A table's footnotes print at the end of the cell that cites them, not at the foot of the page: WeasyPrint lays
    out a row's cells one after the other, so a note floated from the third cell shrinks the page after the first
    two were fitted to it, and their last lines printed over the notes (Article 36's table), or the whole row was
    pushed to the next page, leaving the article's heading alone. Numbered through the article, as footnotes are;
    the note is tagged a Note and its call a Reference (``export.layout``), as a footnote's are."""

    def __init__(self, section: str):
        self.section = section
        self.pending: list[str] = []

    def mark(self, footnotes, number: int, occurrence: int) -> str:
        target = escape(footnote_id(self.section, number))
        if occurrence == 1:
            self.pending.append(f'<tc-note class="tc-cell-footnote" id="{target}" data-number="{number}">'
                                f'<span class="tc-cell-footnote-number">{number}.</span> {footnotes.note(number).cited.html()}</tc-note>')
        return f'<sup class="tc-footnote-again"><{FOOTNOTE_CALL_TAG}><a href="#{target}">{number}</a></{FOOTNOTE_CALL_TAG}></sup>'

    def cell(self, html: str) -> str:
        """``html`` followed by the notes it cited."""
        if not self.pending:
            return html
        listed, self.pending = "".join(self.pending), []
        return f'{html}<div class="tc-cell-footnotes">{listed}</div>'


def _proposal_row(row: ProposalRow, writer, table: TableOptions, pointer_html, notes: _CellNotes) -> str:
    proposal = row.proposal
    cite = f'<p class="tc-cell-cite">{escape(row.pinpoint)}</p>'
    touched = touched_units(row)
    adopted = notes.cell(cite + "".join(_adopted_html(unit, writer, touched, 0) for unit in row.paragraphs))
    changes = ", ".join(change.text for change in row.changes)
    head = (f'<p class="tc-table-band">Not adopted \u00b7 proposal</p><p class="tc-cell-head">{escape(proposal.title)}</p>'
            f'<p class="tc-meta">{escape(proposed_by(row))}' + (f' \u00b7 {escape(changes[:1].upper() + changes[1:])}' if changes else "") + "</p>")
    blackline = "".join(_blackline_html(unit, touched, 0) for alternative in row.alternatives for unit in alternative.blackline)
    proposed_cell = notes.cell(f'<div class="tc-cell-proposal tc-has-changes">{head}{blackline}</div>')
    rationale = str(writer.prose(row.rationale))
    comments = f'<div class="tc-cell-rationale">{rationale}</div>'
    if table.all_paragraphs:
        for pointer in row.commentary:
            comments += _note_html(pointer.node, writer)
    elif row.commentary:
        items = "; ".join(pointer_html(pointer) for pointer in row.commentary)
        comments += f'<p class="tc-cell-pointer">Commentary: {items}.</p>'
    cells = [f'<td class="tc-cell-adopted">{adopted}</td>', f'<td class="tc-cell-proposals">{proposed_cell}</td>', f'<td class="tc-cell-comment">{notes.cell(comments)}</td>']
    if table.proposed_text:
        clean = "".join(_blackline_html(unit, touched, 0) for alternative in row.alternatives for unit in alternative.proposed) or '<p class="tc-meta">(deleted)</p>'
        band = '<p class="tc-table-band">Not adopted \u00b7 proposed text</p>'
        cells.append(f'<td class="tc-cell-clean">{notes.cell(band + clean)}</td>')
    return f'<tr id="{escape(row.anchor)}" class="tc-row-proposal">{"".join(cells)}</tr>'


def _elided(first: str | None, last: str | None) -> str:
    span = first if first == last else f"{first}–{last}"
    return f'<p class="tc-elided">[{escape(span)} unchanged, not shown]</p>'


def _adopted_html(unit: TextUnit, writer, touched: dict[str, bool], depth: int) -> str:
    num = f'<span class="tc-num">{escape(unit.unit.num)}</span> ' if unit.unit.num else ""
    html = f'<div class="tc-unit tc-depth-{depth}"><p>{num}{writer.words(unit.words) if unit.words else ""}</p>'
    children = unit.children
    for item in shown_children([c.id for c in children], set(), touched):
        if isinstance(item, tuple):
            html += _elided(children[item[0]].unit.num, children[item[1]].unit.num)
        else:
            html += _adopted_html(children[item], writer, touched, depth + 1)
    if unit.tail:
        html += f'<p class="tc-tail">{writer.words(unit.tail)}</p>'
    return html + "</div>"


def _blackline_html(unit: BlacklineUnit | ProposedUnit, touched: dict[str, bool], depth: int) -> str:
    """A paragraph as a proposal changes it (blackline) or as it would read (ProposedUnit, clean), with the same
    runs of unchanged subparagraphs left out as in the adopted column: all of Article 2's definitions printed clean
    once filled four pages beside empty cells."""
    num = f'<span class="tc-num">{escape(unit.num)}</span> ' if unit.num else ""
    segments = unit.segments if isinstance(unit, BlacklineUnit) else None
    words = render_segments(segments, medium="print") if segments is not None else escape(unit.words)
    state = f" tc-unit-{unit.state}" if isinstance(unit, BlacklineUnit) and unit.state else ""
    html = f'<div class="tc-unit tc-depth-{depth}{state}"><p>{num}{words}</p>'
    children = unit.children
    for item in shown_children([c.unit_id for c in children], set(), touched):
        if isinstance(item, tuple):
            html += _elided(children[item[0]].num, children[item[1]].num)
        else:
            html += _blackline_html(children[item], touched, depth + 1)
    if unit.tail:
        html += f'<p class="tc-tail">{escape(unit.tail)}</p>'
    return html + "</div>"


def _commentary_row(row: CommentaryRow, writer, table: TableOptions, notes: _CellNotes) -> str:
    cite = f'<p class="tc-cell-cite">{escape(row.pinpoint)}</p>'
    adopted = notes.cell(cite + (str(writer.unit(row.paragraph, markers=False)) if row.paragraph is not None else '<p class="tc-meta">The article as a whole.</p>'))
    comments = notes.cell("".join(_note_html(node, writer) for node in row.notes))
    empty = '<td><p class="tc-meta">\u2014</p></td>'
    return (f'<tr id="{escape(row.anchor)}"><td class="tc-cell-adopted">{adopted}</td>{empty}'
            f'<td class="tc-cell-comment">{comments}</td>{empty if table.proposed_text else ""}</tr>')


def _note_html(node: NoteNode, writer) -> str:
    authors = "; ".join(a.name for a in node.note.authors)
    return (f'<div class="tc-cell-note"><p class="tc-cell-head">{escape(node.note.title)} <span class="tc-meta">({escape(authors)})</span></p>'
            f"{writer.prose(node.body)}</div>")


__all__: Sequence[str] = ["TABLE", "TableOptions", "article_table_html", "plan_table"]
