"""Budgets: how much one note, and one page, may give print and the site to lay out.

The input limits (``load.inputs``, ``load.notes``) bound what reading a file costs; they
do not bound what it makes. A 36 KB note that is one table of 6,000 columns, or 512 KiB of
one-word paragraphs, checks in half a second but took WeasyPrint 12 s and 47 s (and up to
1 GB) to lay out, and a browser a long time to draw. So what a note makes is counted as its
Markdown is parsed (``transform.markdown``: blocks, headings, table cells and columns,
nesting, cross-references, footnotes, characters), the paragraphs its proposals print in
their blackline and proposed views are added, and the totals are held to the budgets below,
per note and per page (an article page, or a text's overview).

A note over a budget is an error (C077, or C078 for a page) and is *refused*: it leaves the
project like a note that could not be read (``project.unavailable.notes``), with its
proposals, so the site, the PDFs, the Word file and the data leave it out and nothing lays it
out; everything else still builds. Renderers need do nothing: the note is simply not there.
A table that does not fit the printed page's width is a warning (W071): print would cut off
its last columns.

The limits were chosen from the shipped commentary (the largest note is estimated at 3.6 printed
pages with its proposals' paragraphs; at most 5 blocks, 8 formatted spans, 40 cross-references and
4 footnotes a note; the fullest page, Art. 40, 5 pages with 76 cross-references and 8 footnotes)
with room for notes many times larger, and from what WeasyPrint lays out per unit (about 12 ms
per 1,000 characters, 2-4 ms per paragraph, list item or heading, about 1 ms per table cell,
formatted span or cross-reference, 19 ms per footnote): a one-article PDF of Art. 40 with a note
at every per-note budget at once costs 1.5 to 1.7 times the CPU of the PDF without it. ``make
bench-worst`` measures it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Instrument, Location, Note, Project, Provision
from ..model import problems as d
from ..model.commentary import Extent, MarkdownShape
from ..transform.markdown import TABLE_COLUMNS
from .proposals import AnchoredProposals

# How many characters of a table's longest words fit side by side across the printed page
# (A4 or letter, the 9 pt table type of print.css): a wider table has its last columns cut off.
PRINT_TABLE_CHARACTERS = 115
# How much fits on a printed page (10.5 pt type on A4), for the estimate of pages: characters of
# running text, and blocks (paragraphs, list items, headings, table rows, footnotes) of one line.
PAGE_CHARACTERS = 5_000
PAGE_BLOCKS = 40


def printed_pages(shape: MarkdownShape) -> float:
    """About how many pages ``shape`` prints: its text, and the space each block and footnote takes.

    Deliberately generous, since the budget in pages is also the budget of layout time: a page of
    one-word paragraphs (the most work per page) counts as a page, and so does the text of a table
    of n columns once it fills a page n times over (12 columns of 200 characters a cell, 33 rows,
    print on 23 pages, in 7.7 s, and count as 184)."""
    return shape.characters / PAGE_CHARACTERS + (shape.blocks + shape.treaty_units + shape.headings + shape.footnotes) / PAGE_BLOCKS


@dataclass(frozen=True)
class Limit:
    """A budget on one quantity: at most ``per_note`` in a note, at most ``per_page`` on a page (None: no page budget).

    The message reads "<subject> <verb> <what>; <subjects> may <verb> at most <limit>": "this note
    has 75 footnotes (citations); a note may have at most 50"."""

    name: str  # short, for ``Budgets.refused``
    label: str  # for the table of budgets in the format reference
    what: str  # the quantity in the message, "{n}" standing for the amount
    count: Callable[[MarkdownShape], float]
    per_note: int
    per_page: int | None
    advice: str  # what to do, in the message
    verb: tuple[str, str, str] = ("has", "have", "would have")  # for a note, after "may", for a page
    subject: tuple[str, str] = ("this note", "a note")
    line: Callable[[MarkdownShape], int] | None = None  # where in the file it is, for the largest-one quantities
    unit: str = ""  # after the limit in the message, when the verb does not say it (" characters")

    def amount(self, value: float) -> str:
        if self.name == "cross-references" and value > REFERENCE_LIMIT:
            return self.what.format(n=f"more than {REFERENCE_LIMIT:,}")  # the scanner stopped counting there
        # An estimate is rounded up, so that one over its budget never reads as the budget itself.
        return self.what.format(n=f"{math.ceil(value):,}")


REFERENCE_LIMIT = 500
WORD_CHARACTERS = 100

LIMITS: tuple[Limit, ...] = (
    Limit("printed pages", "Printed pages, estimated from the text (in a table, by the lines its columns make), its paragraphs, headings and footnotes, and the treaty paragraphs its proposals print",
          "about {n} pages (an estimate from its text, its paragraphs, headings, footnotes and table columns, and the treaty paragraphs its proposals print)",
          printed_pages, 20, 50, "split the commentary into several notes, or shorten it", verb=("would print", "print", "would print")),
    Limit("paragraphs", "Paragraphs, list items, headings, table rows, lines of code and line breaks",
          "{n} paragraphs, list items, headings, table rows, lines of code and line breaks",
          lambda s: s.blocks, 300, None, "join short paragraphs and lines, or split the commentary into several notes"),
    Limit("headings", "Headings", "{n} headings", lambda s: s.headings, 50, None, "use fewer headings, or split the commentary into several notes"),
    Limit("table columns", "Columns of one table", "{n} columns", lambda s: s.widest_table.size, TABLE_COLUMNS, None,
          "split the table into narrower ones, or turn it round (rows for columns)",
          subject=("this table", "a table"), line=lambda s: s.widest_table.line),
    Limit("table cells", "Table cells, in all tables", "{n} table cells", lambda s: s.table_cells, 400, None,
          "shorten the tables, or split them over several notes"),
    Limit("nesting", "Levels of lists and quotes nested in each other", "{n} levels deep", lambda s: s.depth.size, 8, None,
          "nest lists and quotes less deeply (from the tenth level of lists on, the Markdown parser stops reading the note)",
          verb=("are nested", "be nested", "would be nested"), subject=("lists and quotes here", "lists and quotes"), line=lambda s: s.depth.line),
    Limit("formatting", "Emphasis, bold, struck-through text, code and links", "{n} emphasised, bold, struck-through, code or linked spans",
          lambda s: s.spans, 500, None, "format less (a label in bold is enough), or split the commentary into several notes"),
    # The scanner stops reading cross-references one past this budget (``MarkdownEnv.reference_limit``):
    # the note is refused anyway, and a list of 100,000 references costs no more than its first 501.
    Limit("cross-references", "Provisions named (cross-references)", "{n} provisions (cross-references)", lambda s: s.references, REFERENCE_LIMIT, 1_000,
          "name fewer provisions, or split the commentary into several notes", verb=("names", "name", "would name")),
    # The shipped commentary's longest word is 54 characters (a note's path); an address longer than
    # this belongs in a link with words ([the register](https://…)), whose address is not printed in the text.
    Limit("word length", "Characters of the longest word (a run without a space), in the text and in wording a proposal adds",
          "a word of {n} characters", lambda s: s.longest_word.size, WORD_CHARACTERS, None,
          "break the word with spaces, or put a long address in a link with words ([the register](https://…))",
          subject=("this note", "a word"), verb=("has", "have", "would have"), line=lambda s: s.longest_word.line, unit=" characters"),
    Limit("footnotes", "Footnotes (citations)", "{n} footnotes (citations)", lambda s: s.footnotes, 50, 120,
          "cite several sources in one bracket ([@a; @b]), or split the commentary into several notes"),
)

Page = tuple[str, str]  # (text id, article id, "overview" or "preamble"): a page of the site, and of print


@dataclass
class Budgets:
    """What each note makes (body, rationales, and its proposals' printed views), and the notes refused."""

    shapes: dict[str, MarkdownShape] = field(default_factory=dict)  # note id -> what it makes
    refused: dict[str, str] = field(default_factory=dict)  # note id -> the budget it went over


def check_budgets(project: Project, proposals: AnchoredProposals, markdown: dict[str, MarkdownShape]) -> Budgets:
    """Hold every note, then every page, to its budgets; refuse (and report) the notes over one.

    ``markdown`` is what ``check_commentary`` counted in each note's Markdown (body and rationales)."""
    budgets = Budgets()
    parts: dict[str, dict[Page, MarkdownShape]] = {}  # note id -> what it prints on each page
    for note in project.notes:
        parts[note.id] = _parts(project.instruments[note.instrument_id], proposals, note, markdown.get(note.id, MarkdownShape()))
        whole = budgets.shapes[note.id] = MarkdownShape()
        for part in parts[note.id].values():
            whole.add(part)
        over = _over_note_budget(project.report, note, whole)
        if over:
            budgets.refused[note.id] = over
        else:
            _warn_wide_table(project.report, note, whole)
    _check_pages(project, parts, budgets)
    _refuse(project, proposals, budgets.refused)
    return budgets


def _parts(instrument: Instrument, proposals: AnchoredProposals, note: Note, markdown: MarkdownShape) -> dict[Page, MarkdownShape]:
    """What ``note`` prints on each page: its Markdown on its own page, each proposal's views on the articles it changes."""
    by_page: dict[Page, MarkdownShape] = {(note.instrument_id, note.article_id or "overview"): MarkdownShape()}
    next(iter(by_page.values())).add(markdown)
    for proposal in note.proposals:
        for page, views in _views_by_page(instrument, proposals, proposal.id).items():
            by_page.setdefault(page, MarkdownShape()).add(views)
    return by_page


def _over_note_budget(report: d.Report, note: Note, shape: MarkdownShape) -> str | None:
    """Report every per-note budget ``shape`` exceeds (C077); the first one's name, or None."""
    first = None
    for limit in LIMITS:
        value = limit.count(shape)
        if value <= limit.per_note:
            continue
        line = (limit.line(shape) if limit.line else 0) or note.body_line
        report.add(d.NOTE_OVER_BUDGET,
                   f"{limit.subject[0]} {limit.verb[0]} {limit.amount(value)}; {limit.subject[1]} may {limit.verb[1]} at most {limit.per_note:,}{limit.unit}, "
                   "so the note is left out of the site and the PDFs",
                   Location(note.path, line), hint=f"To publish it, {limit.advice}.")
        first = first or limit.name
    return first


def _warn_wide_table(report: d.Report, note: Note, shape: MarkdownShape) -> None:
    width = shape.table_width
    if width.size > PRINT_TABLE_CHARACTERS:
        report.add(d.TABLE_TOO_WIDE,
                   f"this table needs {width.size} characters side by side for its longest words; a printed page holds about "
                   f"{PRINT_TABLE_CHARACTERS}, so print would cut off its last columns",
                   Location(note.path, width.line or note.body_line),
                   hint="Use fewer columns or shorter words in them, or turn the table round (rows for columns).")


def _check_pages(project: Project, parts: dict[str, dict[Page, MarkdownShape]], budgets: Budgets) -> None:
    """Sum what lands on each page, note by note in file order; a note that takes a page over a budget is refused."""
    totals: dict[Page, MarkdownShape] = {}
    for note in project.notes:
        if note.id in budgets.refused:
            continue
        for page, part in parts[note.id].items():
            trial = MarkdownShape()
            trial.add(totals.get(page, MarkdownShape()))
            trial.add(part)
            over = next((limit for limit in LIMITS if limit.per_page is not None and limit.count(trial) > limit.per_page), None)
            if over is not None:
                where = _page_name(project.instruments[page[0]], page[1])
                project.report.add(
                    d.PAGE_OVER_BUDGET,
                    f"with this note, the page of {where} {over.verb[2]} {over.amount(over.count(trial))}; a page may {over.verb[1]} at most "
                    f"{over.per_page:,}, so this note is left out of the site and the PDFs",
                    Location(note.path, 1),
                    hint=f"To publish it, shorten it or the other notes on {where}, or move part of the commentary to a note on another article.")
                budgets.refused[note.id] = over.name
                break
        else:
            for page, part in parts[note.id].items():
                totals.setdefault(page, MarkdownShape()).add(part)


def _views_by_page(instrument: Instrument, proposals: AnchoredProposals, proposal_id: str) -> dict[Page, MarkdownShape]:
    """What a proposal prints on each page it changes: every paragraph it touches twice (blackline and
    proposed text, with all its subparagraphs), and the wording it adds."""
    result = proposals.results.get(proposal_id)
    if result is None:
        return {}
    by_page: dict[Page, MarkdownShape] = {}
    seen: set[str] = set()
    for unit in result.units:
        found = instrument.index.get(unit.target)
        if not isinstance(found, Provision):
            continue
        article = instrument.article_of(found.id)
        shape = by_page.setdefault((instrument.id, article.id if article else "preamble"), MarkdownShape())
        shape.characters += sum(len(outcome.proposed) for outcome in unit.outcomes)
        added = max((len(word) for outcome in unit.outcomes for word in outcome.proposed.split()), default=0)
        shape.longest_word = max(shape.longest_word, Extent(added, 0))
        top = found.top
        if top.id in seen:
            continue
        seen.add(top.id)
        for part in top.walk():
            shape.characters += 2 * (len(part.text) + len(part.tail))
            shape.treaty_units += 2
    return by_page


def _page_name(instrument: Instrument, page_id: str) -> str:
    """"Article 30 of the UN Convention against Cybercrime", "the overview of the Budapest Convention"."""
    article = instrument.articles.get(page_id)
    return f"{article.label if article else 'the ' + page_id} of the {instrument.label}"


def _refuse(project: Project, proposals: AnchoredProposals, refused: dict[str, str]) -> None:
    """Take the refused notes (and their proposals) out of the project, as notes that could not be read."""
    if not refused:
        return
    gone = {p.id for note in project.notes if note.id in refused for p in note.proposals}
    project.notes = [note for note in project.notes if note.id not in refused]
    project.unavailable.notes.update(refused)
    for proposal_id in gone:
        proposals.results.pop(proposal_id, None)
    for key, on_article in list(proposals.by_article.items()):
        kept = [p for p in on_article if p.id not in gone]
        if kept:
            proposals.by_article[key] = kept
        else:
            del proposals.by_article[key]
