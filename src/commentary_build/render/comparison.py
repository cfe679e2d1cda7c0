"""Reading one instrument beside another: word-level comparisons on article pages, links back, the concordance page.

The ``from`` article page carries the comparison (``transform.alignment`` lines the
two texts up): the ``to`` text struck through where only it has the words, the
``from`` text underlined where only it has them. The ``to`` article page links back.
The markup is in ``templates/comparison/`` and ``templates/concordance/``.
"""

from __future__ import annotations

from typing import Protocol

from markupsafe import Markup

from ..document import naming
from ..document.nodes import Comparison, Counterparts
from ..model import Article, Instrument, Provision
from ..model.concordance import PAIR_KINDS, Concordance
from ..transform.alignment import Group, Row
from ..transform.pinpoints import citation, pinpoint
from ..transform.redline import Segment
from .blackline import render_segments
from .context import RenderContext, citable, provision
from .navigation import BIBLIOGRAPHY_PAGE, CONCORDANCE_PAGE, nav_title
from .page import SitePage, heading, html_block, make_page
from .sourced import certainty_in_words, concordance_review, draft_facts


class PageWriter(Protocol):
    """What the comparison sections need of the page's writer (``render.write.PageWriter``)."""

    context: RenderContext
    here: str

    def href(self, page: str, anchor: str | None = None) -> str: ...

    def render(self, template: str, /, **values) -> Markup: ...

KIND_LABELS = {"equivalent": "equivalent", "partly-equivalent": "partly equivalent", "related": "related"}


# --------------------------------------------------------------------------- article pages


def comparison_intro(comparison: Comparison, w: PageWriter) -> Markup:
    """The opening of a "Compared with the …" section of an article page, with the key to its marks."""
    return w.render("comparison/intro.html", to_text=comparison.to_text, from_text=comparison.from_text, concordance_href=w.href(CONCORDANCE_PAGE))


def group_html(comparison: Comparison, group: Group, number: int, w: PageWriter) -> Markup:
    """One counterpart article: the rows that pair provisions in full; a one-line pointer for a paragraph paired
    with another article; and, folded into one line each (a native <details>), the paragraphs that neither
    article pair has a counterpart for. The same in the blackline and side by side."""
    order = {other.to_article.id: n for n, other in enumerate(comparison.groups)}
    to_href = w.href(naming.article_page(group.to_text, group.to_article))
    context, page_uri = w.context, w.here
    shown = [row for row in group.rows if not row.only_in_one_text]
    unmatched = [
        summed
        for from_side in (True, False)
        if (summed := _unmatched(group, [row for row in group.rows if row.only_in_one_text and (row.from_unit is not None) == from_side], from_side)) is not None
    ]
    blackline = [_pointer_html(row, group, page_uri, context, order) if row.elsewhere else _row_html(row, group, context) for row in shown]
    blackline += [context.html("comparison/unmatched.html", summary=u["summary"], count=u["count"], rows=[_row_html(r, group, context) for r in u["rows"]]) for u in unmatched]
    side = [_pointer_html(row, group, page_uri, context, order) if row.elsewhere else _side_row_html(row, group, context) for row in shown]
    side += [context.html("comparison/unmatched.html", summary=u["summary"], count=u["count"], rows=[_side_row_html(r, group, context) for r in u["rows"]]) for u in unmatched]
    original = _to_text_html(group, page_uri, context)
    return context.html("comparison/group.html", group=group, to_href=to_href, number=number, rows=blackline, side_by_side=side,
                        original=original, kind_labels=KIND_LABELS)


def _row_html(row: Row, group: Group, context: RenderContext) -> Markup:
    lines = [render_segments(line, templates=context.templates) for line in _lines(row.segments)]
    return context.html(
        "comparison/row.html",
        row=row,
        group=group,
        from_pin=_pin(row.from_unit, capital=True) if row.from_unit is not None else None,
        to_pin=_pin(row.to_unit) if row.to_unit is not None else None,
        changed=any(s.kind != "same" for s in row.segments),
        lines=lines,
        kind_labels=KIND_LABELS,
    )


def _side_row_html(row: Row, group: Group, context: RenderContext) -> Markup:
    """A row in two columns: the words of this text (with what only it has underlined) beside the
    other text's (with what only that one has struck through), as the legend reads."""
    def side(unit: Provision | Article | None, hidden: str) -> list[Markup]:
        if unit is None:
            return []
        return [render_segments(line, templates=context.templates) for line in _lines([s for s in row.segments if s.kind != hidden])]

    return context.html(
        "comparison/side_row.html",
        row=row,
        group=group,
        from_pin=pinpoint(row.from_unit) if row.from_unit is not None else None,
        to_pin=pinpoint(row.to_unit) if row.to_unit is not None else None,
        from_lines=side(row.from_unit, "del"),
        to_lines=side(row.to_unit, "ins"),
        changed=any(s.kind != "same" for s in row.segments),
        kind_labels=KIND_LABELS,
    )


def _pointer_html(row: Row, group: Group, page_uri: str, context: RenderContext, order: dict[str, int]) -> Markup:
    """A paragraph without a counterpart in this article pair but paired with another article: where that comparison is."""
    urls = context.urls
    targets = []
    for pair in row.elsewhere:
        if row.from_unit is not None:  # this page's paragraph, compared with another article of the other text below or above
            to_article = group.to_text.article_of(pair.to_unit)
            assert to_article is not None, "the concordance pairs units of articles"
            anchor = f"compared-{group.to_text.id}-{to_article.id}"
            where = "below" if order.get(to_article.id, 0) > order.get(group.to_article.id, 0) else "above"
            targets.append({"label": pinpoint(citable(group.to_text, pair.to_unit)), "href": f"#{anchor}", "where": where})
        else:  # the other text's paragraph, compared on the page of another article of this text
            from_article = group.from_text.article_of(pair.from_unit)
            assert from_article is not None, "the concordance pairs units of articles"
            href = urls.href(page_uri, urls.article_page(group.from_text, from_article), f"compared-{group.to_text.id}-{group.to_article.id}")
            targets.append({"label": pinpoint(citable(group.from_text, pair.from_unit)), "href": href, "where": "on that article's page"})
    unit = row.from_unit if row.from_unit is not None else row.to_unit
    assert unit is not None
    wheres = {target["where"] for target in targets}
    return context.html(
        "comparison/pointer.html",
        group=group,
        from_side=row.from_unit is not None,
        pin=_pin(unit, capital=True) if row.from_unit is not None else pinpoint(unit),
        targets=targets,
        where=wheres.pop() if len(wheres) == 1 else None,
    )


def _unmatched(group: Group, rows: list[Row], from_side: bool) -> dict | None:
    """The paragraphs of one side that have no counterpart anywhere in the other text, summed up in one line:
    "Paragraphs 2–3, 9–11 and 15 of Art. 40: no counterpart in the Budapest Convention"."""
    if not rows:
        return None
    article = group.from_article if from_side else group.to_article
    units = [row.from_unit if from_side else row.to_unit for row in rows]
    position = {paragraph.id: n for n, paragraph in enumerate(article.paragraphs)}
    runs: list[list[Provision]] = []
    for unit in units:
        assert isinstance(unit, Provision), "an unmatched row holds one paragraph"
        if runs and position.get(unit.id, -2) == position.get(runs[-1][-1].id, -9) + 1:
            runs[-1].append(unit)
        else:
            runs.append([unit])
    spans = [f"{run[0].short_num or run[0].num}–{run[-1].short_num or run[-1].num}" if len(run) > 1 else f"{run[0].short_num or run[0].num}" for run in runs]
    listed = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]
    noun = "Paragraph" if len(units) == 1 else "Paragraphs"
    text, other = (group.from_text, group.to_text) if from_side else (group.to_text, group.from_text)
    where = article.label.rstrip(".").replace("Article", "Art.", 1) if from_side else f"{text.label} {pinpoint(article)}"
    return {"summary": f"{noun} {listed} of {where}: no counterpart in the {other.label}", "count": len(units), "rows": rows}


def _pin(unit: Provision | Article, capital: bool = False) -> str:
    text = pinpoint(unit)
    return text.replace("art ", "Art. ", 1) if capital else text


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Split at line breaks, so each unit is its own paragraph and no mark runs across two."""
    lines: list[list[Segment]] = [[]]
    for segment in segments:
        pieces = segment.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append([])
            if piece:
                lines[-1].append(Segment(segment.kind, piece))
    return [line for line in lines if line]


def _to_text_html(group: Group, page_uri: str, context: RenderContext) -> Markup:
    """The counterpart's verbatim text, linked to its own page; no ids, which belong to that page."""
    if group.article_pair is not None or not group.paragraph_pairs:
        units = group.to_article.paragraphs
    else:
        units = [provision(group.to_text, unit_id) for unit_id in dict.fromkeys(p.to_unit for p in group.paragraph_pairs)]
    page = context.urls.article_page(group.to_text, group.to_article)
    return context.html("comparison/other_text.html", units=[_unit_html(unit, group.to_text, page_uri, page, context, 0) for unit in units])


def _unit_html(unit: Provision, instrument: Instrument, page_uri: str, page: str, context: RenderContext, depth: int) -> Markup:
    return context.html(
        "comparison/other_unit.html",
        unit=unit,
        depth=depth,
        instrument=instrument,
        href=context.urls.href(page_uri, page, unit.id) if unit.num else None,
        pinpoint=pinpoint(unit) if unit.num else None,
        cite=citation(instrument, unit) if unit.num else None,
        children=[_unit_html(child, instrument, page_uri, page, context, depth + 1) for child in unit.children],
    )


def counterparts_html(counterparts: Counterparts, w: PageWriter) -> Markup:
    """On an article another text's articles are compared with: links to those comparisons."""
    from_text, to_text = counterparts.from_text, counterparts.to_text
    items = []
    for group in counterparts.groups:
        pairs = [group.article_pair] if group.article_pair else group.paragraph_pairs
        items.append({
            "href": w.href(naming.article_page(from_text, group.from_article), group.anchor),
            "title": nav_title(group.from_article),
            "pairs": [{"from_pin": pinpoint(citable(from_text, p.from_unit)), "to_pin": pinpoint(citable(to_text, p.to_unit)), "pair": p} for p in pairs],
        })
    return w.render("comparison/counterparts.html", from_text=from_text, items=items, kind_labels=KIND_LABELS)


# --------------------------------------------------------------------------- concordance page


def concordance_page(context: RenderContext) -> SitePage:
    here = CONCORDANCE_PAGE
    project = context.project
    concordances = project.instrument_concordances
    body = html_block(context.html("concordance/intro.html"))
    if not concordances and not project.concordances:
        body += html_block(context.html("concordance/none.html"))
    for concordance in concordances:
        from_text = project.instruments[concordance.from_instrument]
        to_text = project.instruments[concordance.to_instrument]
        counts = concordance.counts_by_kind()
        summary = " · ".join(f"{KIND_LABELS[kind]}: {counts[kind]}" for kind in PAIR_KINDS)
        positions = {unit_id: n for n, unit_id in enumerate(from_text.index)}
        rows = [
            {"pair": pair, "from_link": _unit_link(from_text, pair.from_unit, here, context), "to_link": _unit_link(to_text, pair.to_unit, here, context)}
            for pair in sorted(concordance.pairs, key=lambda p: positions[p.from_unit])
        ]
        review = concordance_review(project, concordance)
        table = context.html("concordance/table.html", concordance=concordance, from_text=from_text, to_text=to_text, summary=summary, rows=rows, kind_labels=KIND_LABELS)
        body += heading(2, concordance.title, concordance.id)
        body += html_block(context.html("concordance/review.html", review=review) + table)
    for draft in project.concordances.values():
        body += _draft_section(draft, here, context)
    paths = [c.location.path for c in concordances] + [c.location.path for c in project.concordances.values()]
    sources = tuple(path for path in paths if path)
    return make_page(here, "Concordance", body, kind="concordance", sources=sources)


DRAFT_KIND_LABELS = {"equivalent": "equivalent", "partly-equivalent": "partly equivalent", "related": "related",
                     "successor": "successor (wording not compared)", "no-counterpart": "no counterpart"}


def _draft_section(concordance: Concordance, here: str, context: RenderContext) -> str:
    """A negotiating draft's numbering onto the adopted text: each mapping with what it rests on and how sure it is."""
    project = context.project
    instrument = project.instruments.get(concordance.to_instrument)
    if instrument is None:
        return ""
    facts = draft_facts(project, concordance)
    report = project.bibliography.get(facts.source_key) if facts.source_key else None
    rows = []
    for entry in concordance.entries:
        links = [_unit_link(instrument, target, here, context) for target in entry.targets if target in instrument.index]
        main = links[:1] if entry.target else []
        rows.append({
            "entry": entry,
            "draft": f"Art. {entry.draft_ref}" if entry.draft_ref[:1].isdigit() else None,
            "adopted": main,
            "see_also": links[len(main):],
            "kind": DRAFT_KIND_LABELS.get(entry.kind, entry.kind),
            "certainty": certainty_in_words(entry.certainty, facts.basis.get(entry.draft_ref), facts.draft_held),
        })
    intro = context.html(
        "concordance/draft_intro.html",
        concordance=concordance,
        instrument=instrument,
        facts=facts,
        report=(report.short_title or report.title) if report is not None else None,
        report_href=context.urls.href(here, BIBLIOGRAPHY_PAGE, f"bib-{report.id}") if report is not None else None,
    )
    title = f"Draft numbering: {concordance.from_document} to the {instrument.label}"
    return heading(2, title, concordance.id) + html_block(intro + context.html("concordance/drafts.html", rows=rows, concordance=concordance, instrument=instrument))


def _unit_link(instrument: Instrument, unit_id: str, here: str, context: RenderContext) -> dict:
    unit = citable(instrument, unit_id)
    return {
        "href": context.urls.unit_href(here, instrument.id, unit_id),
        "label": pinpoint(unit).replace("art ", "Art. ", 1),
        "title": f": {unit.title}" if isinstance(unit, Article) else "",
    }
