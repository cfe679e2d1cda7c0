"""The compilation table: the format negotiators work in, written from the document tree.

By default a row per drafting proposal, on the articles the selection holds: the adopted text
of the paragraphs it changes, with their OSCOLA pinpoint ("art 42(4)–(5)": a proposal that
spans paragraphs is one row) | the proposal as a blackline, with its proponent and date |
its rationale, and a pointer to the commentary on those paragraphs ("Commentary: 'Dual
criminality …', paras 1–4") instead of the commentary itself; optionally a fourth column
with the proposed text, clean. Articles without a proposal are one line per chapter with
ranges on the contents page ("Chapter I: General provisions — arts 1–6").

``TableOptions.all_paragraphs`` keeps the former layout for those who want the commentary in the
table: every article chosen, a row per proposal as above and a row per paragraph (or for the
article as a whole) with commentary but no proposal, the commentary in full, and one line for the
paragraphs with neither.

``compilation`` gathers the rows from the document tree (``document.nodes``: the adopted
``TextUnit``s, each proposal's ``Alternative``, rationales and notes as ``Prose``); the PDF
(``plan_table``, landscape, one cached part per article, numbered by article "40-1" as in the
briefs) and Word (``export.docx``) write the same rows.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence

from markupsafe import escape

from ..check import Analysis
from ..document import Documents, naming
from ..document.naming import article_heading, long_date, nav_title
from ..document.nodes import Alternative, ArticlePage, BlacklineUnit, CrossRef, NoteNode, Paragraph, Prose, TextUnit
from ..model import Article, Division, Instrument, Project, Proposal, Provision
from ..render.blackline import render_segments
from ..render.urls import SiteUrls
from ..transform.pinpoints import ProvisionChange, pinpoint, proposal_changes
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
    full_title,
)
from .selection import Selection


@dataclasses.dataclass(frozen=True)
class TableOptions:
    """What the table holds beyond its default (a row per proposal, the commentary cited, not printed)."""

    all_paragraphs: bool = False  # every paragraph of every article chosen, the commentary in full (the former layout)
    proposed_text: bool = False  # a fourth column: the proposed text, clean


@dataclasses.dataclass(frozen=True)
class CommentaryPointer:
    """Where the commentary on a row is: a note and how many numbered paragraphs it has ("paras 1–4")."""

    node: NoteNode
    paragraphs: int
    page: str  # the page the note is on ("uncc/art-40.md")

    @property
    def label(self) -> str:
        title = f"\u2018{self.node.note.title}\u2019"
        if self.paragraphs <= 0:
            return title
        return f"{title}, para 1" if self.paragraphs == 1 else f"{title}, paras 1\u2013{self.paragraphs}"


@dataclasses.dataclass(frozen=True)
class ProposalRow:
    """One proposal: the adopted paragraphs it changes, its version of each, its rationale, the commentary on them."""

    proposal: Proposal
    paragraphs: tuple[TextUnit, ...]  # the adopted text, in text order
    alternatives: tuple[Alternative, ...]  # the proposal's version of each paragraph
    pinpoint: str  # "art 42(4)–(5)"
    changes: tuple[ProvisionChange, ...]  # "amends art 42(4)", "deletes art 42(5)"
    rationale: Prose
    commentary: tuple[CommentaryPointer, ...]  # the proposal's own note first, then notes on its paragraphs

    @property
    def anchor(self) -> str:
        return f"row-{self.proposal.id}"


@dataclasses.dataclass(frozen=True)
class CommentaryRow:
    """(--all-paragraphs) A paragraph, or the article as a whole, with commentary but no proposal."""

    pinpoint: str
    paragraph: TextUnit | None  # None: the article as a whole
    notes: tuple[NoteNode, ...]

    @property
    def anchor(self) -> str:
        return f"row-{self.paragraph.id if self.paragraph is not None else 'whole-' + self.pinpoint.replace(' ', '-')}"


Row = ProposalRow | CommentaryRow


@dataclasses.dataclass(frozen=True)
class ArticleTable:
    page: ArticlePage
    rows: tuple[Row, ...]
    quiet: tuple[TextUnit, ...]  # (--all-paragraphs) paragraphs with neither a proposal nor commentary

    @property
    def article(self) -> Article:
        return self.page.article

    @property
    def proposal_rows(self) -> list[ProposalRow]:
        return [row for row in self.rows if isinstance(row, ProposalRow)]


def compilation(documents: Documents, instrument: Instrument, articles: Sequence[Article], options: TableOptions = TableOptions()) -> list[ArticleTable]:
    """The table of ``articles``: by default only those a proposal changes, with a row per proposal."""
    tables = []
    for article in articles:
        table = article_table(documents, instrument, article, options)
        if table.rows or options.all_paragraphs:
            tables.append(table)
    return tables


def article_table(documents: Documents, instrument: Instrument, article: Article, options: TableOptions = TableOptions()) -> ArticleTable:
    page = documents.article(instrument, article)
    position = {unit.id: index for index, unit in enumerate(page.text)}
    # A proposal's versions of the paragraphs it changes, gathered from every paragraph's views into one row.
    found: dict[str, tuple[Proposal, list[TextUnit], list[Alternative]]] = {}
    for unit in page.text:
        if unit.proposals is None:
            continue
        for alternative in unit.proposals.alternatives:
            proposal, units, alternatives = found.setdefault(alternative.proposal.id, (alternative.proposal, [], []))
            units.append(unit)
            alternatives.append(alternative)
    rows: list[tuple[tuple[int, int, str], Row]] = []
    commented: set[str] = set()
    for proposal, units, alternatives in found.values():
        inside = {u.id for unit in units for u in unit.unit.walk()}
        pointers = _pointers(documents, instrument, proposal, page, inside)
        commented |= {unit.id for unit in units}
        assert proposal.note is not None, "a loaded proposal always belongs to its note"
        changes = tuple(proposal_changes(instrument, proposal))
        where = paragraphs_pinpoint(article, [u.unit for u in units])
        if where == pinpoint(article) and changes:  # an article of one unnumbered paragraph (Article 2): name what changes
            where = ", ".join(dict.fromkeys(change.pinpoint for change in changes))
        row = ProposalRow(proposal, tuple(units), tuple(alternatives), where, changes, documents.prose(proposal.note, proposal), pointers)
        rows.append(((position[units[0].id], 1, (proposal.date or _dt.date.min).isoformat() + proposal.id), row))
    quiet: list[TextUnit] = []
    if options.all_paragraphs:
        whole = tuple(node for node in page.notes if node.target_unit == article.id)
        if whole:
            rows.append(((-1, 0, ""), CommentaryRow(pinpoint(article), None, whole)))
        for unit in page.text:
            inside = {u.id for u in unit.unit.walk()}
            notes = tuple(node for node in page.notes if node.target_unit in inside)
            if unit.id in commented:
                continue
            if notes:
                rows.append(((position[unit.id], 0, ""), CommentaryRow(unit.pinpoint or pinpoint(unit.unit), unit, notes)))
            elif unit.unit.kind == "paragraph" or unit.unit.num:
                quiet.append(unit)
    rows.sort(key=lambda pair: pair[0])
    return ArticleTable(page, tuple(row for _key, row in rows), tuple(quiet))


def _pointers(documents: Documents, instrument: Instrument, proposal: Proposal, page: ArticlePage, inside: set[str]) -> tuple[CommentaryPointer, ...]:
    """The proposal's own note, then the other notes on the paragraphs it changes, each with its paragraph count."""
    nodes: list[NoteNode] = []
    own = proposal.note
    if own is not None:
        if own.article_id and own.article_id in instrument.articles and own.instrument_id == instrument.id:
            holder = documents.article(instrument, instrument.articles[own.article_id]).notes
        else:
            holder = documents.overview(instrument).notes if own.instrument_id == instrument.id else ()
        nodes += [node for node in holder if node.note.id == own.id]
    nodes += [node for node in page.notes if node.target_unit in inside and node not in nodes]
    return tuple(CommentaryPointer(node, sum(1 for block in node.body.blocks if isinstance(block, Paragraph) and block.number is not None),
                                   documents.note_page(node.note)) for node in nodes)


def paragraphs_pinpoint(article: Article, paragraphs: Sequence[Provision]) -> str:
    """"art 42(4)–(5)", "art 36(1), (3)": consecutive paragraphs as a range, the others listed."""
    order = {p.id: index for index, p in enumerate(article.paragraphs)}
    chosen = sorted(paragraphs, key=lambda p: order.get(p.id, 0))
    if not chosen:
        return pinpoint(article)
    runs: list[list[Provision]] = []
    for paragraph in chosen:
        if runs and order.get(paragraph.id, -2) == order.get(runs[-1][-1].id, -9) + 1:
            runs[-1].append(paragraph)
        else:
            runs.append([paragraph])
    labels = [(pinpoint(run[0]).removeprefix(pinpoint(article)), pinpoint(run[-1]).removeprefix(pinpoint(article))) for run in runs]
    items = [first if first == last else f"{first}\u2013{last}" for first, last in labels]
    return pinpoint(article) + ", ".join(items)


def number_ranges(numbers: Sequence[str]) -> str:
    """"1–6, 8, 10–12" from article (or paragraph) numbers in text order; numbers that are not digits are listed as they are."""
    items: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            items.append(str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}")
            run.clear()

    for number in numbers:
        if number.isdigit() and run and int(number) == run[-1] + 1:
            run.append(int(number))
        else:
            close()
            if number.isdigit():
                run.append(int(number))
            else:
                items.append(number)
    close()
    return ", ".join(items)


def without_proposals(selection: Selection, shown: set[str]) -> list[tuple[Division, list[Article]]]:
    """Per chapter of the selection, its articles not in the table (in text order)."""
    return [(chapter, rest) for chapter, members in selection.chapters() if (rest := [a for a in members if a.id not in shown])]


def chapter_line(chapter: Division, articles: Sequence[Article]) -> str:
    """"Chapter I: General provisions — arts 1–6" (one article: "art 7")."""
    numbers = number_ranges([a.number for a in articles])
    return f"{chapter.label}: {chapter.title} \u2014 art{'s' if len(articles) > 1 else ''} {numbers}"


def quiet_line(article: Article, units: Sequence[TextUnit]) -> str:
    """"art 40(1)–(7), (9)–(20): no proposal or commentary; the adopted text stands." """
    numbers = [u.unit.short_num or u.unit.num or "" for u in units]
    ranges = number_ranges([n for n in numbers if n])
    items = ", ".join(f"({item})" if "\u2013" not in item else "({})\u2013({})".format(*item.split("\u2013")) for item in ranges.split(", ")) if ranges else ""
    return f"art {article.number}{items}: no proposal or commentary; the adopted text stands."


# A run of at least this many sub-units that no proposal of the row touches is left out of both columns and
# named instead ("(a)–(n) unchanged"), so a change to 2(o) does not print the whole of Article 2 twice.
ELIDE_RUN = 3


def changed_units(row: ProposalRow) -> set[str]:
    """The ids of the adopted units a row's proposal changes or deletes, or after which it adds one."""
    ids: set[str] = set()

    def visit(unit: BlacklineUnit, parent: str | None) -> None:
        if unit.unit_id is not None and (unit.segments is not None or unit.state):
            ids.add(unit.unit_id)
        if unit.unit_id is None and parent is not None:
            ids.add(parent)
        for child in unit.children:
            visit(child, unit.unit_id)

    for alternative in row.alternatives:
        previous: str | None = None
        for unit in alternative.blackline:
            visit(unit, previous)
            previous = unit.unit_id or previous
    return ids


def shown_children(ids: Sequence[str | None], keep: set[str], depth_keep: dict[str, bool]) -> list[tuple[int, int] | int]:
    """Which children to show: an index to show, or (first, last) for a run of ELIDE_RUN or more unchanged ones."""
    out: list[tuple[int, int] | int] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= ELIDE_RUN:
            out.append((run[0], run[-1]))
        else:
            out.extend(run)
        run.clear()

    for index, unit_id in enumerate(ids):
        if unit_id is None or unit_id in keep or depth_keep.get(unit_id, False):
            close()
            out.append(index)
        else:
            run.append(index)
    close()
    return out


def proposed_by(proposal: Proposal) -> str:
    """"Proposed by The editors · 7 December 2026"."""
    when = f" \u00b7 {long_date(proposal.date)}" if proposal.date else ""
    return f"Proposed by {proposal.proponent}{when}"


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


# ---------------------------------------------------------------------------- PDF (HTML for WeasyPrint)


TABLE = "table.pdf"
HEADINGS = ("Adopted text", "Proposal (blackline), proponent and date", "Rationale")
HEADINGS_ALL = ("Adopted text", "Proposal (blackline), proponent and date", "Rationale and commentary")
PROPOSED_HEADING = "Proposed text (clean)"


def column_headings(options: TableOptions) -> tuple[str, ...]:
    return (HEADINGS_ALL if options.all_paragraphs else HEADINGS) + ((PROPOSED_HEADING,) if options.proposed_text else ())


def plan_table(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions, documents: Documents | None = None,
               table: TableOptions = TableOptions()) -> Book:
    """The compilation table as a book, like a brief: one landscape part per article, numbered by article
    ("40-1" is page 1 of Article 40's table, as in the briefs), then the bibliography ("B-1"); its cover and
    contents (numbered i, ii) list each row with its page and the articles left out, by chapter."""
    instrument = selection.instrument
    if table.all_paragraphs:
        candidates, left_out = brief_articles(project, analysis, selection, options)
    else:
        candidates, left_out = selection.articles(), []
    documents = documents if documents is not None else Documents.build(project, analysis)
    tables = compilation(documents, instrument, candidates, table)
    articles = [t.article for t in tables]
    renderer = SectionRenderer(project, analysis, instrument, articles, False, options, documents, {a.id: a.id for a in articles})
    header = instrument.symbol or instrument.short_title
    title = f"{selection.title} \u2014 compilation table"
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

    def finish(labels: dict[str, str]) -> list[PrintPart]:
        if table.all_paragraphs:
            note = ("Every paragraph of the articles chosen, with its proposals and commentary. "
                    "Pages are numbered by article, as in the briefs: 40-3 is page 3 of Article 40's table; B-1 is the bibliography.")
        else:
            note = (f"{count} drafting proposal{'s' if count != 1 else ''}, one row each; the commentary is cited by note and paragraph, "
                    "not reproduced. Pages are numbered by article, as in the briefs (40-1); B-1 is the bibliography.")
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
            body.append(_proposal_row(row, writer, table, pointer_html))
        else:
            body.append(_commentary_row(row, writer, table))
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


def _proposal_row(row: ProposalRow, writer, table: TableOptions, pointer_html) -> str:
    proposal = row.proposal
    cite = f'<p class="tc-cell-cite">{escape(row.pinpoint)}</p>'
    touched = touched_units(row)
    adopted = cite + "".join(_adopted_html(unit, writer, touched, 0) for unit in row.paragraphs)
    changes = ", ".join(change.text for change in row.changes)
    head = (f'<p class="tc-table-band">Not adopted \u00b7 proposal</p><p class="tc-cell-head">{escape(proposal.title)}</p>'
            f'<p class="tc-meta">{escape(proposed_by(proposal))}' + (f' \u00b7 {escape(changes[:1].upper() + changes[1:])}' if changes else "") + "</p>")
    blackline = "".join(_blackline_html(unit, touched, 0) for alternative in row.alternatives for unit in alternative.blackline)
    proposed_cell = f'<div class="tc-cell-proposal tc-has-changes">{head}{blackline}</div>'
    rationale = str(writer.prose(row.rationale))
    comments = f'<div class="tc-cell-rationale">{rationale}</div>'
    if table.all_paragraphs:
        for pointer in row.commentary:
            comments += _note_html(pointer.node, writer)
    elif row.commentary:
        items = "; ".join(pointer_html(pointer) for pointer in row.commentary)
        comments += f'<p class="tc-cell-pointer">Commentary: {items}.</p>'
    cells = [f'<td class="tc-cell-adopted">{adopted}</td>', f'<td class="tc-cell-proposals">{proposed_cell}</td>', f'<td class="tc-cell-comment">{comments}</td>']
    if table.proposed_text:
        clean = "".join(str(writer.proposed(unit)) for alternative in row.alternatives for unit in alternative.proposed) or '<p class="tc-meta">(deleted)</p>'
        cells.append(f'<td class="tc-cell-clean"><p class="tc-table-band">Not adopted \u00b7 proposed text</p>{clean}</td>')
    return f'<tr id="{escape(row.anchor)}" class="tc-row-proposal">{"".join(cells)}</tr>'


def touched_units(row: ProposalRow) -> dict[str, bool]:
    """adopted unit id -> whether the row's proposal changes it or a unit inside it (what both columns show)."""
    return _touched(row.paragraphs, changed_units(row))


def _touched(paragraphs: Sequence[TextUnit], keep: set[str]) -> dict[str, bool]:
    """unit id -> whether it or a unit inside it is changed (those are shown; runs of the others are named)."""
    touched: dict[str, bool] = {}

    def visit(unit: TextUnit) -> bool:
        inside = [visit(child) for child in unit.children]
        touched[unit.id] = unit.id in keep or any(inside)
        return touched[unit.id]

    for paragraph in paragraphs:
        visit(paragraph)
    return touched


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


def _blackline_html(unit: BlacklineUnit, touched: dict[str, bool], depth: int) -> str:
    num = f'<span class="tc-num">{escape(unit.num)}</span> ' if unit.num else ""
    words = render_segments(unit.segments, medium="print") if unit.segments is not None else escape(unit.words)
    state = f" tc-unit-{unit.state}" if unit.state else ""
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


def _commentary_row(row: CommentaryRow, writer, table: TableOptions) -> str:
    cite = f'<p class="tc-cell-cite">{escape(row.pinpoint)}</p>'
    adopted = cite + (str(writer.unit(row.paragraph, markers=False)) if row.paragraph is not None else '<p class="tc-meta">The article as a whole.</p>')
    comments = "".join(_note_html(node, writer) for node in row.notes)
    empty = '<td><p class="tc-meta">\u2014</p></td>'
    return (f'<tr id="{escape(row.anchor)}"><td class="tc-cell-adopted">{adopted}</td>{empty}'
            f'<td class="tc-cell-comment">{comments}</td>{empty if table.proposed_text else ""}</tr>')


def _note_html(node: NoteNode, writer) -> str:
    authors = "; ".join(a.name for a in node.note.authors)
    return (f'<div class="tc-cell-note"><p class="tc-cell-head">{escape(node.note.title)} <span class="tc-meta">({escape(authors)})</span></p>'
            f"{writer.prose(node.body)}</div>")


__all__: Sequence[str] = ["AUTHOR_LIMIT", "TABLE", "ArticleTable", "CommentaryPointer", "CommentaryRow", "ProposalRow", "TableOptions",
                          "article_table", "chapter_line", "column_headings", "compilation", "number_ranges", "paragraphs_pinpoint", "plan_table",
                          "proposal_author", "proposed_by", "quiet_line", "short_title", "shown_children", "touched_units", "without_proposals"]
