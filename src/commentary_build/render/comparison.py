"""Reading one instrument beside another: word-level comparisons on article pages, links back, the concordance page.

The ``from`` article page carries the comparison (``transform.alignment`` lines the
two texts up): the ``to`` text struck through where only it has the words, the
``from`` text underlined where only it has them. The ``to`` article page links back.
"""

from __future__ import annotations

from markupsafe import escape

from ..model import Article, Instrument, InstrumentPair, Provision
from ..model.concordance import PAIR_KINDS
from ..transform.alignment import Group, Row
from ..transform.pinpoints import citation, pinpoint
from ..transform.redline import Segment
from .blackline import render_legend, render_segments
from .context import RenderContext
from .navigation import CONCORDANCE_PAGE, nav_title
from .page import SitePage, html_block, make_page, md_escape
from .tabs import tabbed_set
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
    caveat = (
        f"These marks are differences between two instruments, not proposals: struck-through words are in the "
        f"{to_text.label} only, underlined words in the {from_text.label} only."
    )
    intro = (
        f'<p class="tc-comparison-intro">The {escape(to_text.label)} ({escape(to_text.symbol or to_text.short_title)}) is a different treaty. '
        f"Its counterpart provisions are compared here word by word; paragraph labels are shown in one style so that only wording is marked. "
        f'All pairs are on the <a href="{escape(context.urls.href(page_uri, CONCORDANCE_PAGE))}">concordance page</a>.</p>'
    )
    body = f"\n## Compared with the {md_escape(to_text.label)} {{#compared-{to_text.id}}}\n" + html_block(intro + render_legend(caveat))
    for number, group in enumerate(groups, 1):
        to_href = context.urls.href(page_uri, context.urls.article_page(to_text, group.to_article))
        heading = f"{to_text.label}, {group.to_article.label.rstrip('.')}: {group.to_article.title}"
        body += f"\n### {md_escape(heading)} {{#{group.anchor}}}\n" + html_block(_group_html(group, to_href, page_uri, context, number))
    return body


def _assessment(pair: InstrumentPair) -> str:
    return (
        f'<span class="tc-pair-kind tc-pair-{escape(pair.kind)}">{escape(KIND_LABELS[pair.kind])}</span>'
        f' · <span class="tc-pair-certainty">{escape(pair.certainty)}</span>'
    )


def _group_html(group: Group, to_href: str, page_uri: str, context: RenderContext, number: int) -> str:
    # Kept out of the search index: the other text is found on its own pages, and a
    # search for its words should land there, not on every page that compares with it.
    # A <section>, not a <div>: Material's indexer tells elements apart by tag name, so
    # the first nested </div> would end the exclusion.
    parts = [f'<section class="tc-comparison" data-compare="{escape(group.to_text.id)}:{escape(group.to_article.id)}" data-search-exclude>']
    meta = f'<a href="{escape(to_href)}">Read {escape(group.to_article.label.rstrip("."))} of the {escape(group.to_text.label)}</a>'
    if group.article_pair is not None:
        meta = f"Counterpart: {_assessment(group.article_pair)}. " + meta
    parts.append(f'<p class="tc-meta tc-comparison-meta">{meta}</p>')
    if group.article_pair is not None and group.article_pair.remark:
        parts.append(f'<p class="tc-pair-remark">{escape(group.article_pair.remark)}</p>')
    comparison = "".join(_row_html(row, group) for row in group.rows)
    original = _to_text_html(group, page_uri, context)
    parts.append(tabbed_set(f"__tc_cmp_{group.to_text.id}_{group.to_article.id}_{number}", f"cmp-{number}", [
        ("Comparison", "comparison", comparison),
        (f"{group.to_text.label} text", "original", original),
    ]))
    parts.append("</section>")
    return "".join(parts)


def _row_html(row: Row, group: Group) -> str:
    to_name = group.to_text.label
    if row.from_unit is not None and row.to_unit is not None:
        heading = f"{_pin(row.from_unit, capital=True)} ↔ {escape(to_name)}, {_pin(row.to_unit)}"
        if row.pair is not None and row.pair is not group.article_pair:
            heading += f' <span class="tc-meta">({_assessment(row.pair)})</span>'
            if row.pair.remark:
                heading += f' <span class="tc-pair-remark">{escape(row.pair.remark)}</span>'
    elif row.from_unit is not None:
        heading = f"{_pin(row.from_unit, capital=True)}: only in the {escape(group.from_text.label)}"
    else:
        heading = f"{escape(to_name)}, {_pin(row.to_unit)}: only in the {escape(to_name)}"
    changed = any(s.kind != "same" for s in row.segments)
    lines = "".join(f'<p class="tc-comparison-line">{render_segments(line)}</p>' for line in _lines(row.segments))
    css = "tc-comparison-row tc-has-changes" if changed else "tc-comparison-row"
    same = "" if changed else ' <span class="tc-meta">(same wording)</span>'
    return f'<div class="{css}"><p class="tc-comparison-label">{heading}{same}</p>{lines}</div>'


def _pin(unit: Provision | Article, capital: bool = False) -> str:
    text = pinpoint(unit)
    return escape(text.replace("art ", "Art. ", 1) if capital else text)


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


def _to_text_html(group: Group, page_uri: str, context: RenderContext) -> str:
    """The counterpart's verbatim text, linked to its own page; no ids, which belong to that page."""
    if group.article_pair is not None or not group.paragraph_pairs:
        units = group.to_article.paragraphs
    else:
        units = [group.to_text.index[unit_id] for unit_id in dict.fromkeys(p.to_unit for p in group.paragraph_pairs)]
    page = context.urls.article_page(group.to_text, group.to_article)
    body = "".join(_unit_html(unit, group.to_text, page_uri, page, context, 0) for unit in units)
    return f'<div class="tc-text tc-other-instrument" lang="en">{body}</div>'


def _unit_html(unit: Provision, instrument: Instrument, page_uri: str, page: str, context: RenderContext, depth: int) -> str:
    parts = [f'<div class="tc-unit tc-{escape(unit.kind)} tc-depth-{depth}"><p>']
    if unit.num:
        href = context.urls.href(page_uri, page, unit.id)
        parts.append(
            f'<a class="tc-num" href="{escape(href)}" title="{escape(pinpoint(unit))} of the {escape(instrument.label)}" '
            f'data-cite="{escape(citation(instrument, unit))}">{escape(unit.num)}</a> '
        )
    if unit.text:
        parts.append(f'<span class="tc-words">{escape(unit.text)}</span>')
    parts.append("</p>")
    parts.extend(_unit_html(child, instrument, page_uri, page, context, depth + 1) for child in unit.children)
    if unit.tail:
        parts.append(f'<p class="tc-tail"><span class="tc-words">{escape(unit.tail)}</span></p>')
    parts.append("</div>")
    return "".join(parts)


def _counterparts_section(groups: list[Group], page_uri: str, context: RenderContext) -> str:
    from_text, to_text = groups[0].from_text, groups[0].to_text
    items = []
    for group in groups:
        href = context.urls.href(page_uri, context.urls.article_page(from_text, group.from_article), group.anchor)
        pairs = [group.article_pair] if group.article_pair else group.paragraph_pairs
        detail = "; ".join(
            f"{escape(pinpoint(from_text.index[p.from_unit]))} ↔ {escape(pinpoint(to_text.index[p.to_unit]))}: {_assessment(p)}" for p in pairs
        )
        items.append(f'<li><a href="{escape(href)}">{escape(nav_title(group.from_article))}</a> <span class="tc-meta">({detail})</span></li>')
    intro = f"<p>Counterparts in the {escape(from_text.label)}. Each link opens the word-level comparison on that article's page.</p>"
    return f"\n## Compared with the {md_escape(from_text.label)} {{#compared-{from_text.id}}}\n" + html_block(
        f'<div class="tc-counterparts">{intro}<ul>{"".join(items)}</ul></div>'
    )


def how_to_cite_html(instrument: Instrument, article: Article) -> str:
    return f'<p class="tc-how-to-cite"><span class="tc-how-to-cite-label">How to cite this article:</span> <span class="tc-cite-text">{escape(citation(instrument, article))}</span></p>'


# --------------------------------------------------------------------------- concordance page


def concordance_page(context: RenderContext) -> SitePage:
    here = CONCORDANCE_PAGE
    concordances = context.project.instrument_concordances
    body = html_block(
        "<p>Which provision of one treaty answers to which provision of another, read off both texts. "
        "<em>Equivalent</em>: the same obligation in adapted wording. <em>Partly equivalent</em>: the same subject, "
        "with content added, dropped or softened. <em>Related</em>: the same subject matter by another mechanism. "
        "Certainty says how plain the correspondence is on the face of the texts.</p>"
    )
    if not concordances:
        body += html_block('<p class="tc-empty">No concordance between instruments yet.</p>')
    for concordance in concordances:
        from_text = context.project.instruments[concordance.from_instrument]
        to_text = context.project.instruments[concordance.to_instrument]
        counts = concordance.counts_by_kind()
        summary = " · ".join(f"{KIND_LABELS[kind]}: {counts[kind]}" for kind in PAIR_KINDS)
        positions = {unit_id: n for n, unit_id in enumerate(from_text.index)}
        rows = []
        for pair in sorted(concordance.pairs, key=lambda p: positions[p.from_unit]):
            rows.append(
                f'<tr data-pair="{escape(pair.from_unit)}:{escape(pair.to_unit)}">'
                f"<td>{_unit_link(from_text, pair.from_unit, here, context)}</td>"
                f"<td>{_unit_link(to_text, pair.to_unit, here, context)}</td>"
                f'<td><span class="tc-pair-kind tc-pair-{escape(pair.kind)}">{escape(KIND_LABELS[pair.kind])}</span></td>'
                f"<td>{escape(pair.certainty)}</td><td>{escape(pair.remark or '')}</td></tr>"
            )
        table = (
            f'<p class="tc-counts">{len(concordance.pairs)} pairs · {summary}</p>'
            f'<table class="tc-concordance"><thead><tr><th scope="col">{escape(from_text.label)}</th><th scope="col">{escape(to_text.label)}</th>'
            '<th scope="col">Kind</th><th scope="col">Certainty</th><th scope="col">Remark</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
        body += f"\n## {md_escape(concordance.title)} {{#{concordance.id}}}\n" + html_block(table)
    return make_page(here, "Concordance", body, kind="concordance", sources=tuple(c.location.path for c in concordances if c.location.path))


def _unit_link(instrument: Instrument, unit_id: str, here: str, context: RenderContext) -> str:
    unit = instrument.index[unit_id]
    label = pinpoint(unit).replace("art ", "Art. ", 1)
    href = context.urls.unit_href(here, instrument.id, unit_id)
    title = ""
    if isinstance(unit, Article):
        title = f": {unit.title}"
    return f'<a href="{escape(href)}">{escape(label)}</a>{escape(title)}'
