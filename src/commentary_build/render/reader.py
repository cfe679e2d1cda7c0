"""Pages that cut across articles: proposals, themes, the safeguards matrix, the
recommendations tracker, the bibliography and the contributor's format reference.

All of them read indexes built once per build; none walks the whole project per cell.
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import escape

from ..model import Instrument, Note
from ..transform.citations import render_bibliography_html
from ..transform.pinpoints import pinpoint
from .comparison import concordance_page
from .context import RenderContext, iso
from .contributing import contributing_page
from .navigation import BIBLIOGRAPHY_PAGE, MATRIX_PAGE, PROPOSALS_PAGE, THEMES_PAGE, TRACKER_PAGE, nav_title, theme_path
from .page import SitePage, html_block, make_page, md_escape

STATUS_LABELS = {
    "reflected": "Reflected",
    "partly-reflected": "Partly reflected",
    "not-reflected": "Not reflected",
    "no-counterpart": "No counterpart",
}


def reader_pages(context: RenderContext) -> list[SitePage]:
    pages = [proposals_page(context), matrix_page(context), recommendations_page(context), themes_index_page(context)]
    pages.extend(theme_page(context, theme_id) for theme_id in context.project.themes)
    pages.append(concordance_page(context))
    pages.append(contributing_page(context))
    # Last: the bibliography lists where each source was cited, so every other page must be rendered first.
    pages.append(bibliography_page(context))
    return pages


def _note_place(context: RenderContext, note) -> str:
    instrument = context.project.instruments[note.instrument_id]
    if note.target == "overview":
        return "Overview"
    return pinpoint(instrument.index[note.target]).replace("art ", "Art. ")


def proposals_page(context: RenderContext) -> SitePage:
    here = PROPOSALS_PAGE
    project = context.project
    rows_by_article: dict[str, list[str]] = defaultdict(list)
    proponents: set[str] = set()
    total = 0
    for note in project.notes:
        instrument = project.instruments[note.instrument_id]
        for proposal in note.proposals:
            total += 1
            proponents.add(proposal.proponent)
            result = context.analysis.proposals.results.get(proposal.id)
            status = "" if result is None or result.ok else ' <span class="tc-warning">(stale anchors)</span>'
            changes = []
            for target in dict.fromkeys(e.target for e in proposal.edits):
                href = context.urls.unit_href(here, instrument.id, target)
                label = pinpoint(instrument.index[target]) if target in instrument.index else target
                changes.append(f'<a href="{escape(href)}">{escape(label)}</a>' if href else escape(label))
            article_key = note.article_id or "overview"
            link = context.proposal_href(here, note, proposal.id)
            rows_by_article[article_key].append(
                f'<tr><td><a href="{escape(link)}">{escape(proposal.title)}</a>{status}</td><td>{escape(proposal.proponent)}</td>'
                f'<td>{escape(iso(proposal.date))}</td><td>{", ".join(changes)}</td></tr>'
            )
    instrument = project.default_instrument
    body = html_block(
        f'<p class="tc-counts">{total} proposal{"s" if total != 1 else ""} from {len(proponents)} proponent{"s" if len(proponents) != 1 else ""}.</p>'
        '<p>Each proposal is shown on the page of every article it changes, as a blackline and as clean text. Proposals are not adopted text.</p>'
    )
    if not total:
        body += html_block('<p class="tc-empty">No drafting proposals yet.</p>')
    order = {article_id: position for position, article_id in enumerate([*instrument.articles, "overview"])}
    for article_id in sorted(rows_by_article, key=lambda a: order.get(a, len(order))):
        title = nav_title(instrument.articles[article_id]) if article_id in instrument.articles else "Overview"
        body += f"\n## {md_escape(title)} {{#{article_id}}}\n" + html_block(
            '<table class="tc-proposals"><thead><tr><th>Proposal</th><th>Proponent</th><th>Date</th><th>Changes</th></tr></thead><tbody>'
            + "".join(rows_by_article[article_id])
            + "</tbody></table>"
        )
    return make_page(here, "Drafting proposals", body, kind="proposals")


def matrix_page(context: RenderContext) -> SitePage:
    here = MATRIX_PAGE
    project = context.project
    instrument = project.default_instrument
    cells: dict[tuple[str, str], list] = defaultdict(list)
    seen_columns: dict[str, None] = {}
    for note in project.notes:
        if note.instrument_id != instrument.id:
            continue
        column = note.article_id or "overview"
        seen_columns.setdefault(column)
        for theme in note.themes:
            cells[(theme, column)].append(note)
    order = {column: position for position, column in enumerate(["overview", *instrument.articles])}
    columns = sorted(seen_columns, key=order.__getitem__)
    head = "".join(
        f'<th scope="col"><a href="{escape(_column_href(context, here, instrument, c))}">{"Overview" if c == "overview" else "Art. " + escape(instrument.articles[c].number)}</a></th>'
        for c in columns
    )
    rows = []
    for theme in project.themes.values():
        row = [f'<th scope="row"><a href="{escape(context.urls.href(here, theme_path(theme.id)))}">{escape(theme.label)}</a></th>']
        for column in columns:
            notes = cells.get((theme.id, column), [])
            if notes:
                links = " ".join(f'<a href="{escape(context.note_href(here, n))}" title="{escape(n.title)}">{i}</a>' for i, n in enumerate(notes, 1))
                row.append(f'<td class="tc-cell-yes"><span class="visually-hidden">{len(notes)} note{"s" if len(notes) > 1 else ""}: </span>● {links}</td>')
            else:
                row.append('<td class="tc-cell-no"><span aria-hidden="true">·</span><span class="visually-hidden">none</span></td>')
        rows.append("<tr>" + "".join(row) + "</tr>")
    table = f'<div class="tc-matrix-wrap"><table class="tc-matrix"><thead><tr><th scope="col">Theme</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    intro = html_block(
        '<p>Where each safeguard and theme is discussed. Rows are themes, columns are the articles that carry commentary; '
        "a filled cell links to each note (numbered), an empty cell means no note on that theme there yet.</p>"
    )
    return make_page(here, "Safeguards matrix", intro + html_block(table), kind="matrix")


def _column_href(context, here, instrument, column):
    if column == "overview":
        return context.urls.href(here, context.urls.instrument_page(instrument, "overview"))
    return context.urls.href(here, context.urls.article_page(instrument, instrument.articles[column]))


def recommendations_page(context: RenderContext) -> SitePage:
    here = TRACKER_PAGE
    project = context.project
    instrument = project.default_instrument
    body = ""
    if not project.recommendations:
        body = html_block('<p class="tc-empty">No recommendations recorded yet. Add a file under <code>commentary/recommendations/</code>.</p>')
    for rec_set in project.recommendations:
        counts = defaultdict(int)
        for rec in rec_set.recommendations:
            counts[rec.status] += 1
        summary = " · ".join(f"{STATUS_LABELS[s]}: {counts[s]}" for s in STATUS_LABELS if counts[s])
        rows = []
        for rec in rec_set.recommendations:
            provisions = ", ".join(
                f'<a href="{escape(context.urls.unit_href(here, instrument.id, p) or "#")}">{escape(pinpoint(instrument.index[p]))}</a>'
                for p in rec.provisions
                if p in instrument.index
            ) or "—"
            note = project.note(rec.note_id) if rec.note_id else None
            backing = f'<a href="{escape(context.note_href(here, note))}">{escape(note.title)}</a>' if note else ""
            rows.append(
                f'<tr id="{escape(rec.id)}"><td>{escape(rec.summary)}<br><span class="tc-meta">{escape(rec.locator or "")}</span></td>'
                f'<td>{escape(rec.draft_provision or "—")}</td><td>{provisions}</td>'
                f'<td><span class="tc-status tc-status-{escape(rec.status)}">{STATUS_LABELS[rec.status]}</span></td>'
                f"<td>{escape(rec.assessment)} {backing}</td></tr>"
            )
        body += f"\n## {md_escape(rec_set.title)} {{#{rec_set.source_key}}}\n" + html_block(
            f'<p class="tc-counts">{len(rec_set.recommendations)} recommendations · {summary}</p>'
            '<table class="tc-tracker"><thead><tr><th>Recommendation</th><th>Draft provision</th><th>Adopted provision</th><th>Status</th><th>Assessment and note</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
    return make_page(here, "Recommendations tracker", body, kind="tracker")


def themes_index_page(context: RenderContext) -> SitePage:
    here = THEMES_PAGE
    counts = defaultdict(int)
    for note in context.project.notes:
        for theme in note.themes:
            counts[theme] += 1
    items = "".join(
        f'<li><a href="{escape(context.urls.href(here, theme_path(t.id)))}">{escape(t.label)}</a> ({counts[t.id]}): {escape(t.description)}</li>'
        for t in context.project.themes.values()
    )
    return make_page(here, "Themes", html_block(f'<ul class="tc-themes-list">{items}</ul>'), kind="themes")


def theme_page(context: RenderContext, theme_id: str) -> SitePage:
    here = theme_path(theme_id)
    theme = context.project.themes[theme_id]
    notes = [n for n in context.project.notes if theme_id in n.themes]
    items = "".join(
        f'<li><a href="{escape(context.note_href(here, n))}">{escape(n.title)}</a> <span class="tc-meta">({escape(_note_place(context, n))})</span></li>'
        for n in notes
    )
    body = html_block(f"<p>{escape(theme.description)}</p>")
    body += html_block(f'<ul class="tc-theme-notes">{items}</ul>' if items else '<p class="tc-empty">No notes on this theme yet.</p>')
    return make_page(here, theme.label, body, kind="theme")


def bibliography_page(context: RenderContext) -> SitePage:
    here = BIBLIOGRAPHY_PAGE
    html = render_bibliography_html(context.project.bibliography, context.citation_index, lambda src_uri: context.urls.href(here, src_uri))
    return make_page(here, "Bibliography", html_block(html), kind="bibliography")
