"""The compilation table's rows, from the document tree: what the PDF (``export.table``), Word
(``export.docx``) and a brief's "proposals at a glance" (``export.print_document``) write.

By default a row per drafting proposal, on the articles chosen: the adopted text of the paragraphs it
changes, with their OSCOLA pinpoint ("art 42(4)–(5)": a proposal that spans paragraphs is one row), the
proposal's version of each (``Alternative``: blackline and clean text), its rationale, and pointers to the
commentary on those paragraphs (note and paragraphs, "'Dual criminality …', paras 1–4"). With
``TableOptions.all_paragraphs`` also a row per paragraph (or for the article as a whole) with commentary but
no proposal, and the paragraphs with neither, for one line. Runs of sub-units a proposal leaves alone can be
named instead of printed (``shown_children``): a change to 2(o) need not print the whole of Article 2 twice.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence

from ..document import Documents
from ..document.naming import long_date
from ..document.nodes import Alternative, ArticlePage, BlacklineUnit, NoteNode, Paragraph, Proponent, Prose, TextUnit
from ..model import Article, Division, Instrument, Proposal, Provision
from ..transform.pinpoints import ProvisionChange, pinpoint, places_pinpoint, proposal_changes
from .selection import Selection

HEADINGS = ("Adopted text", "Proposal (blackline), proponent and date", "Rationale")
HEADINGS_ALL = ("Adopted text", "Proposal (blackline), proponent and date", "Rationale and commentary")
PROPOSED_HEADING = "Proposed text (clean)"


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
        # A note's short title where it has one: the pointer sits in a narrow column beside the rationale.
        title = f"\u2018{self.node.note.short_title or self.node.note.title}\u2019"
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

    @property
    def proponent(self) -> Proponent:
        return self.alternatives[0].proponent


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
            where = places_pinpoint([change.pinpoint for change in changes])
        else:  # a paragraph the proposal adds is in no adopted paragraph: "art 35(3)–(4)", not "art 35(3)"
            held = [pinpoint(u.unit) for u in units]
            new = [c.pinpoint for c in changes if c.verb == "adds" and not any(c.pinpoint.startswith(p + "(") for p in held)]
            if new:
                where = places_pinpoint(held + new)
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


def proposed_by(row: ProposalRow, lead: str = "Proposed by ") -> str:
    """"Proposed by the editors · 7 December 2026", "Proposed by Delegation of Examplia (A/AC.291/CRP.10, para 12) · …";
    with no ``lead`` the proponent opens the line: "The editors · 7 December 2026"."""
    when = f" \u00b7 {long_date(row.proposal.date)}" if row.proposal.date else ""
    return f"{lead}{row.proponent.in_sentence if lead else row.proponent.line}{when}"


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


def column_headings(options: TableOptions) -> tuple[str, ...]:
    return (HEADINGS_ALL if options.all_paragraphs else HEADINGS) + ((PROPOSED_HEADING,) if options.proposed_text else ())


def table_title(selection: Selection, table: TableOptions) -> str:
    """What the table is, for the PDF's cover and metadata and Word's heading: it reproduces proposals (and, with every paragraph, the
    commentary), never the whole commentary, so it is not titled as one ("Full commentary — compilation table").
    The selection follows unless it is the whole text: "Compilation table of drafting proposals — Articles 40, 42".
    """
    what = "Compilation table of drafting proposals and commentary" if table.all_paragraphs else "Compilation table of drafting proposals"
    if selection.is_full:
        return what
    return f"{what} \u2014 {selection.title.removeprefix('Brief: ')}"
