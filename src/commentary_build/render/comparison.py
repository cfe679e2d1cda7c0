"""Reading one instrument beside another: word-level comparisons on article pages, links back, the concordance page.

The ``from`` article page carries the comparison (``transform.alignment`` lines the
two texts up): the ``to`` text struck through where only it has the words, the
``from`` text underlined where only it has them. The ``to`` article page links back.
The markup is in ``templates/comparison/`` and ``templates/concordance/``.
"""

from __future__ import annotations

from markupsafe import Markup

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

KIND_LABELS = {"equivalent": "equivalent", "partly-equivalent": "partly equivalent", "related": "related"}


# --------------------------------------------------------------------------- article pages


def article_sections(instrument: Instrument, article: Article, page_uri: str, context: RenderContext) -> str:
    """The Markdown sections an article page gets from every concordance it is part of."""
    index = context.comparisons
    body = ""
    from_groups = index.by_from_article.get((instrument.id, article.id), [])
    by_text: dict[str, list[Group]] = {}
    for group in from_groups:
        by_text.setdefault(group.to_text.id, []).append(group)
    for groups in by_text.values():
        body += _comparison_section(groups, page_uri, context)
    to_groups = index.by_to_article.get((instrument.id, article.id), [])
    by_text = {}
    for group in to_groups:
        by_text.setdefault(group.from_text.id, []).append(group)
    for groups in by_text.values():
        body += _counterparts_section(groups, page_uri, context)
    return body


def _comparison_section(groups: list[Group], page_uri: str, context: RenderContext) -> str:
    to_text, from_text = groups[0].to_text, groups[0].from_text
    intro = context.html("comparison/intro.html", to_text=to_text, from_text=from_text, concordance_href=context.urls.href(page_uri, CONCORDANCE_PAGE))
    body = heading(2, f"Compared with the {to_text.label}", f"compared-{to_text.id}") + html_block(intro)
    for number, group in enumerate(groups, 1):
        to_href = context.urls.href(page_uri, context.urls.article_page(to_text, group.to_article))
        title = f"{to_text.label}, {group.to_article.label.rstrip('.')}: {group.to_article.title}"
        body += heading(3, title, group.anchor) + html_block(_group_html(group, to_href, page_uri, context, number))
    return body


def _group_html(group: Group, to_href: str, page_uri: str, context: RenderContext, number: int) -> Markup:
    rows = [_row_html(row, group, context) for row in group.rows]
    original = _to_text_html(group, page_uri, context)
    return context.html("comparison/group.html", group=group, to_href=to_href, number=number, rows=rows, original=original, kind_labels=KIND_LABELS)


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


def _counterparts_section(groups: list[Group], page_uri: str, context: RenderContext) -> str:
    from_text, to_text = groups[0].from_text, groups[0].to_text
    items = []
    for group in groups:
        pairs = [group.article_pair] if group.article_pair else group.paragraph_pairs
        items.append({
            "href": context.urls.href(page_uri, context.urls.article_page(from_text, group.from_article), group.anchor),
            "title": nav_title(group.from_article),
            "pairs": [{"from_pin": pinpoint(citable(from_text, p.from_unit)), "to_pin": pinpoint(citable(to_text, p.to_unit)), "pair": p} for p in pairs],
        })
    html = context.html("comparison/counterparts.html", from_text=from_text, items=items, kind_labels=KIND_LABELS)
    return heading(2, f"Compared with the {from_text.label}", f"compared-{from_text.id}") + html_block(html)


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


DRAFT_KIND_LABELS = {"equivalent": "equivalent", "partly-equivalent": "partly equivalent", "related": "related", "no-counterpart": "no counterpart"}


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
