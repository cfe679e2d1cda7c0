"""Pages that cut across articles: proposals, themes, the safeguards matrix, the
recommendations tracker, the bibliography and the contributor's format reference.

All of them read indexes built once per build; none walks the whole project per cell.
Their HTML is drawn by templates named after the page (``proposals/``, ``matrix/``,
``tracker/``, ``themes.html``, ``theme/``, ``bibliography.html``).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..document.naming import long_date
from ..document.nodes import ListBlock, Paragraph, SoftBreak, Strong
from ..document.prose import inline_text
from ..model import Instrument, Note
from ..transform.pinpoints import pinpoint, proposal_changes
from .about import about_page
from .bibliography import Reproduced, render_bibliography_html
from .comparison import concordance_page
from .context import RenderContext, citable, iso
from .contributing import contributing_page
from .navigation import BIBLIOGRAPHY_PAGE, MATRIX_PAGE, PROPOSALS_PAGE, THEMES_PAGE, TRACKER_PAGE, nav_title, theme_path
from .page import SitePage, heading, html_block, make_page

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
    pages.append(about_page(context))
    # Last: the bibliography lists where each source was cited, so every other page must be rendered first.
    pages.append(bibliography_page(context))
    return pages


def _note_place(context: RenderContext, note: Note) -> str:
    instrument = context.project.instruments[note.instrument_id]
    if note.target == "overview":
        return "Overview"
    return pinpoint(citable(instrument, note.target)).replace("art ", "Art. ")


def proposals_page(context: RenderContext) -> SitePage:
    here = PROPOSALS_PAGE
    project = context.project
    # Keyed by text and article: a proposal on Budapest Art 15 is not one on UN Art 15.
    rows_by_article: dict[tuple[str, str], list[dict]] = defaultdict(list)
    proponents: set[str] = set()
    total = 0
    for note in project.notes:
        instrument = project.instruments[note.instrument_id]
        for proposal in note.proposals:
            total += 1
            proponents.add(proposal.proponent)
            result = context.analysis.proposals.results.get(proposal.id)
            changes = [
                {"verb": change.verb, "label": change.pinpoint, "href": context.urls.unit_href(here, instrument.id, change.unit_id)}
                for change in proposal_changes(instrument, proposal)
            ]
            rows_by_article[(instrument.id, note.article_id or "overview")].append({
                "proposal": proposal,
                "proponent": context.documents.proponent(proposal),
                "href": context.proposal_href(here, note, proposal.id),
                "stale": result is not None and not result.ok,
                "date": iso(proposal.date),
                "changes": changes,
            })
    body = html_block(context.html("proposals/summary.html", total=total, proponents=len(proponents)))
    if not total:
        body += html_block(context.html("proposals/none.html"))
    texts = list(project.instruments)
    order = {(i.id, a): n for i in project.instruments.values() for n, a in enumerate([*i.articles, "overview"])}
    for key in sorted(rows_by_article, key=lambda k: (texts.index(k[0]), order.get(k, len(order)))):
        instrument = project.instruments[key[0]]
        article_id = key[1]
        title = nav_title(instrument.articles[article_id]) if article_id in instrument.articles else "Overview"
        if not instrument.is_default:
            title = f"{instrument.label}, {title}"
        anchor = article_id if instrument.is_default else f"{instrument.id}-{article_id}"
        body += heading(2, title, anchor) + html_block(context.html("proposals/table.html", rows=rows_by_article[key]))
    return make_page(here, "Drafting proposals", body, kind="proposals")


def matrix_page(context: RenderContext) -> SitePage:
    here = MATRIX_PAGE
    project = context.project
    instrument = project.default_instrument
    cells: dict[tuple[str, str], list[Note]] = defaultdict(list)
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
    heads = [
        {"href": _column_href(context, here, instrument, c), "label": "Overview" if c == "overview" else "Art. " + instrument.articles[c].number}
        for c in columns
    ]
    rows = [
        {
            "theme": theme,
            "href": context.urls.href(here, theme_path(theme.id)),
            "cells": [[{"href": context.note_href(here, n), "title": n.title} for n in cells.get((theme.id, column), [])] for column in columns],
        }
        for theme in project.themes.values()
    ]
    body = html_block(context.html("matrix/intro.html")) + html_block(context.html("matrix/table.html", columns=heads, rows=rows))
    return _without_toc(make_page(here, "Safeguards matrix", body, kind="matrix"))


def _without_toc(page: SitePage) -> SitePage:
    """A page whose table needs the width: Material's "hide: toc" front matter gives it the right sidebar's room."""
    page.markdown = "---\nhide:\n  - toc\n---\n" + page.markdown
    return page


def _column_href(context: RenderContext, here: str, instrument: Instrument, column: str) -> str:
    if column == "overview":
        return context.urls.href(here, context.urls.instrument_page(instrument, "overview"))
    return context.urls.href(here, context.urls.article_page(instrument, instrument.articles[column]))


def recommendations_page(context: RenderContext) -> SitePage:
    here = TRACKER_PAGE
    project = context.project
    instrument = project.default_instrument
    body = ""
    if not project.recommendations:
        body = html_block(context.html("tracker/none.html"))
    totals: dict[str, int] = defaultdict(int)
    for rec_set in project.recommendations:
        counts: dict[str, int] = defaultdict(int)
        for rec in rec_set.recommendations:
            counts[rec.status] += 1
            totals[rec.status] += 1
        summary = " · ".join(f"{STATUS_LABELS[s]}: {counts[s]}" for s in STATUS_LABELS if counts[s])
        rows = []
        for rec in rec_set.recommendations:
            provisions = [
                {"href": context.urls.unit_href(here, instrument.id, p) or "#", "label": pinpoint(citable(instrument, p))}
                for p in rec.provisions
                if p in instrument.index
            ]
            note = project.note(rec.note_id) if rec.note_id else None
            rows.append({"rec": rec, "provisions": provisions, "note": note, "note_href": context.note_href(here, note) if note else None})
        report = project.bibliography.get(rec_set.source_key)
        assessed = rec_set.assessment
        table = context.html(
            "tracker/set.html",
            rec_set=rec_set,
            assessment={
                "by": assessed.by,
                "against": assessed.against,
                "date_text": long_date(assessed.date),
                "date_iso": assessed.date.isoformat(),
            } if assessed is not None else None,
            summary=summary,
            status_labels=STATUS_LABELS,
            rows=rows,
            report=(report.short_title or report.title) if report is not None else "report",
            report_href=context.urls.href(here, BIBLIOGRAPHY_PAGE, f"bib-{report.id}") if report is not None else None,
        )
        body += heading(2, rec_set.title, rec_set.source_key) + html_block(table)
    if sum(totals.values()) > 1:
        statuses = [{"id": s, "label": STATUS_LABELS[s], "count": totals[s]} for s in STATUS_LABELS if totals[s]]
        body = html_block(context.html("tracker/filter.html", statuses=statuses, total=sum(totals.values()))) + body
    if project.recommendations:
        body = html_block(context.html("tracker/statuses.html")) + body
    return _without_toc(make_page(here, "Recommendations tracker", body, kind="tracker"))


def themes_index_page(context: RenderContext) -> SitePage:
    here = THEMES_PAGE
    project = context.project
    notes: dict[str, int] = defaultdict(int)
    proposals: dict[str, int] = defaultdict(int)
    for note in project.notes:
        for theme in note.themes:
            notes[theme] += 1
            proposals[theme] += len(note.proposals)
    recommendations: dict[str, int] = defaultdict(int)
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            for theme in rec.themes:
                recommendations[theme] += 1
    themes = [
        {"theme": t, "href": context.urls.href(here, theme_path(t.id)), "count": notes[t.id], "proposals": proposals[t.id], "recommendations": recommendations[t.id]}
        for t in project.themes.values()
    ]
    return make_page(here, "Themes", html_block(context.html("themes.html", themes=themes)), kind="themes")


def theme_page(context: RenderContext, theme_id: str) -> SitePage:
    """A theme: its notes (where, by whom, when, and their opening words), the drafting proposals those
    notes carry, and the tracker's recommendations on the theme."""
    here = theme_path(theme_id)
    project = context.project
    theme = project.themes[theme_id]
    theme_notes = [n for n in project.notes if theme_id in n.themes]
    notes = []
    for note in theme_notes:
        label, summary = note_summary(context, note)
        notes.append({
            "href": context.note_href(here, note),
            "title": note.title,
            "place": _note_place(context, note),
            "text": project.instruments[note.instrument_id].label,
            "authors": note.authors,
            "date": iso(note.date),
            "summary_label": label,
            "summary": summary,
        })
    proposals = []
    for note in theme_notes:
        instrument = project.instruments[note.instrument_id]
        for proposal in note.proposals:
            changes = [pinpoint(citable(instrument, t)).replace("art ", "Art. ", 1) for t in dict.fromkeys(e.target for e in proposal.edits) if t in instrument.index]
            proposals.append({
                "proposal": proposal,
                "proponent": context.documents.proponent(proposal),
                "href": context.proposal_href(here, note, proposal.id),
                "date": iso(proposal.date),
                "changes": changes,
                "note_title": note.title,
            })
    recommendations = []
    for rec_set in project.recommendations:
        report = project.bibliography.get(rec_set.source_key)
        for rec in rec_set.recommendations:
            if theme_id not in rec.themes:
                continue
            recommendations.append({
                "rec": rec,
                "href": context.urls.href(here, TRACKER_PAGE, rec.id),
                "status": STATUS_LABELS[rec.status],
                "report": (report.short_title or report.title) if report is not None else rec_set.title,
            })
    counts = {"notes": len(notes), "proposals": len(proposals), "recommendations": len(recommendations)}
    body = html_block(context.html("theme/description.html", theme=theme, counts=counts))
    body += heading(2, "Notes", "notes") + html_block(context.html("theme/notes.html", notes=notes))
    body += heading(2, "Drafting proposals", "proposals") + html_block(context.html("theme/proposals.html", proposals=proposals))
    body += heading(2, "Recommendations", "recommendations") + html_block(context.html("theme/recommendations.html", recommendations=recommendations))
    return make_page(here, theme.label, body, kind="theme")


_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:)])")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[A-Z“\"(])")
SUMMARY_LENGTH = 240


def note_summary(context: RenderContext, note: Note) -> tuple[str, str]:
    """(lead-in label, opening words) of a note's first paragraph, as plain text for a listing.

    The paragraph is the note's own (the document tree's), read without its citations (a listing
    has no footnotes). A bold run-in label ("**What the report records.**") is kept apart, so the
    listing can say whose words follow. The text stops after the sentence that passes 120
    characters, or at a word before SUMMARY_LENGTH.
    """
    body = context.documents.prose(note)
    first = next((block for block in body.blocks if isinstance(block, (Paragraph, ListBlock))), None)
    if first is None:
        return "", ""
    nodes = list(first.children) if isinstance(first, Paragraph) else [node for item in first.items for b in item.blocks
                                                                          if isinstance(b, Paragraph) for node in (*b.children, SoftBreak())]
    label = ""
    if nodes and isinstance(nodes[0], Strong) and 0 < len(lead := inline_text(nodes[0].children)) <= 80 and "\n" not in lead:
        label = " ".join(lead.split()).rstrip(".:")
        nodes = nodes[1:]
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(inline_text(nodes).split()))
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > SUMMARY_LENGTH:
            break
        summary = candidate
        if len(summary) >= 120:
            break
    if not summary:
        cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:—–- ")
        summary = cut + "…"
    return label, summary


def bibliography_page(context: RenderContext) -> SitePage:
    here = BIBLIOGRAPHY_PAGE
    project = context.project
    reproduced = {
        instrument.bibliography_entry.id: Reproduced(
            context.urls.href(here, context.urls.instrument_page(instrument, "preamble")),
            sum(1 for note in project.notes if note.instrument_id == instrument.id),
        )
        for instrument in project.instruments.values() if instrument.bibliography_entry is not None
    }
    html = render_bibliography_html(project.bibliography, context.citation_index, lambda place: context.urls.href(here, place.page_url, f"fn-{place.note_number}"),
                                    context.templates, reproduced)
    return make_page(here, "Bibliography", html_block(html), kind="bibliography")
