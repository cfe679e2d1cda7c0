"""Reading one instrument beside another: word-level comparisons on article pages, links back, the concordance page.

A concordance (``instrument_concordance``) pairs units of a ``from`` text with units
of a ``to`` text. The ``from`` article page carries the comparison: the ``to`` text
struck through where only it has the words, the ``from`` text underlined where only
it has them. The ``to`` article page links back. Every comparison is computed once
per build (``ComparisonIndex.build``); pages only look theirs up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import escape

from ..compare import ComparisonCache
from ..instrument_concordance import PAIR_KINDS, InstrumentConcordance, InstrumentPair, is_article_level
from ..model import Article, Instrument, Provision
from ..redline import Segment
from .blackline import render_legend, render_segments
from .text import citation, pinpoint

if TYPE_CHECKING:
    from ..site import SitePage
    from .pages import BuildContext

CONCORDANCE_PAGE = "concordance.md"
KIND_LABELS = {"equivalent": "equivalent", "partly-equivalent": "partly equivalent", "related": "related"}


@dataclass
class Row:
    """One line-up of the comparison: a pair of units, or a paragraph that only one text has."""

    from_unit: Provision | Article | None
    to_unit: Provision | Article | None
    pair: InstrumentPair | None  # None for a paragraph the concordance pairs with nothing
    segments: list[Segment]


@dataclass
class Group:
    """Everything one concordance says about one article of each text."""

    concordance: InstrumentConcordance
    from_text: Instrument
    to_text: Instrument
    from_article: Article
    to_article: Article
    article_pair: InstrumentPair | None
    paragraph_pairs: list[InstrumentPair]
    rows: list[Row] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"compared-{self.to_text.id}-{self.to_article.id}"


@dataclass
class ComparisonIndex:
    by_from_article: dict[tuple[str, str], list[Group]] = field(default_factory=dict)
    by_to_article: dict[tuple[str, str], list[Group]] = field(default_factory=dict)

    @classmethod
    def build(cls, context: "BuildContext") -> "ComparisonIndex":
        started = time.perf_counter()
        index = cls()
        compared = 0
        cache = ComparisonCache(context.project.root / ".cache" / "treaty-commentary" / "comparisons.json")
        for concordance in context.project.instrument_concordances:
            from_text = context.project.instruments[concordance.from_instrument]
            to_text = context.project.instruments[concordance.to_instrument]
            for group in _groups(concordance, from_text, to_text):
                group.rows = _rows(group, cache.compare)
                compared += len(group.rows)
                index.by_from_article.setdefault((from_text.id, group.from_article.id), []).append(group)
                index.by_to_article.setdefault((to_text.id, group.to_article.id), []).append(group)
        cache.save()
        context.stats["comparisons"] = compared
        context.stats["comparison_seconds"] = round(time.perf_counter() - started, 4)
        return index


def _groups(concordance: InstrumentConcordance, from_text: Instrument, to_text: Instrument) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for pair in concordance.pairs:
        from_article, to_article = from_text.article_of(pair.from_unit), to_text.article_of(pair.to_unit)
        key = (from_article.id, to_article.id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(concordance, from_text, to_text, from_article, to_article, None, [])
        if is_article_level(from_text, pair.from_unit) and is_article_level(to_text, pair.to_unit):
            group.article_pair = pair
        else:
            group.paragraph_pairs.append(pair)
    order = {article_id: position for position, article_id in enumerate(from_text.articles)}
    to_order = {article_id: position for position, article_id in enumerate(to_text.articles)}
    return sorted(groups.values(), key=lambda g: (order[g.from_article.id], to_order[g.to_article.id]))


def _rows(group: Group, compare) -> list[Row]:
    if not group.paragraph_pairs:
        return [_row(group.from_article, group.to_article, group.article_pair, compare)]
    positions = {unit.id: n for n, unit in enumerate(group.from_article.walk())}
    pairs = sorted(group.paragraph_pairs, key=lambda p: positions[p.from_unit])
    if group.article_pair is None:
        return [_row(group.from_text.index[p.from_unit], group.to_text.index[p.to_unit], p, compare) for p in pairs]
    # The articles are counterparts as wholes: give every paragraph a row, so the
    # comparison reads as one blackline of the article, in the from-text's order.
    paired_from = {_top(group.from_text.index[p.from_unit]).id: p for p in pairs}
    paired_to = {_top(group.to_text.index[p.to_unit]).id for p in pairs}
    to_waiting = [u for u in group.to_article.paragraphs if u.id not in paired_to]
    to_order = [u.id for u in group.to_article.paragraphs]
    rows: list[Row] = []
    for paragraph in group.from_article.paragraphs:
        pair = paired_from.get(paragraph.id)
        if pair is None:
            rows.append(_row(paragraph, None, None, compare))
            continue
        counterpart = _top(group.to_text.index[pair.to_unit])
        while to_waiting and to_order.index(to_waiting[0].id) < to_order.index(counterpart.id):
            rows.append(_row(None, to_waiting.pop(0), None, compare))
        rows.append(_row(group.from_text.index[pair.from_unit], group.to_text.index[pair.to_unit], pair, compare))
    rows.extend(_row(None, unit, None, compare) for unit in to_waiting)
    return rows


def _top(unit: Provision) -> Provision:
    while unit.parent is not None:
        unit = unit.parent
    return unit


def _row(from_unit, to_unit, pair, compare) -> Row:
    old = comparable_text(to_unit) if to_unit is not None else ""
    new = comparable_text(from_unit) if from_unit is not None else ""
    return Row(from_unit, to_unit, pair, compare(old, new))


def comparable_text(unit: Provision | Article) -> str:
    """The wording of a unit and its sub-units, one line each, labels in one style.

    Labels are printed differently by the two texts ("(a)" and "a)"); comparing them
    as printed would mark every subparagraph. The wording itself is untouched.
    """
    lines: list[str] = []

    def walk(provision: Provision) -> None:
        label = _label(provision)
        line = " ".join(part for part in (label, provision.text) if part)
        if line:
            lines.append(line)
        for child in provision.children:
            walk(child)
        if provision.tail:
            lines.append(provision.tail)

    for provision in unit.paragraphs if isinstance(unit, Article) else [unit]:
        walk(provision)
    return "\n".join(lines)


def _label(provision: Provision) -> str:
    short = provision.short_num
    if not short or not short.isalnum():
        return provision.num or ""
    return f"{short}." if short.isdigit() else f"({short})"


# --------------------------------------------------------------------------- article pages


def article_sections(instrument: Instrument, article: Article, page_uri: str, context: "BuildContext") -> str:
    """The Markdown sections an article page gets from every concordance it is part of."""
    index: ComparisonIndex = context.comparisons
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


def _text_label(instrument: Instrument) -> str:
    return instrument.metadata.get("label", instrument.short_title)


def _comparison_section(groups: list[Group], page_uri: str, context: "BuildContext") -> str:
    from .pages import html_block, md_escape

    to_text, from_text = groups[0].to_text, groups[0].from_text
    caveat = (
        f"These marks are differences between two instruments, not proposals: struck-through words are in the "
        f"{_text_label(to_text)} only, underlined words in the {_text_label(from_text)} only."
    )
    intro = (
        f'<p class="tc-comparison-intro">The {escape(_text_label(to_text))} ({escape(to_text.symbol or to_text.short_title)}) is a different treaty. '
        f"Its counterpart provisions are compared here word by word; paragraph labels are shown in one style so that only wording is marked. "
        f'All pairs are on the <a href="{escape(context.urls.href(page_uri, CONCORDANCE_PAGE))}">concordance page</a>.</p>'
    )
    body = f"\n## Compared with the {md_escape(_text_label(to_text))} {{#compared-{to_text.id}}}\n" + html_block(intro + render_legend(caveat))
    for number, group in enumerate(groups, 1):
        to_href = context.urls.href(page_uri, context.urls.article_page(to_text, group.to_article))
        heading = f"{_text_label(to_text)}, {group.to_article.label.rstrip('.')}: {group.to_article.title}"
        body += f"\n### {md_escape(heading)} {{#{group.anchor}}}\n" + html_block(_group_html(group, to_href, page_uri, context, number))
    return body


def _assessment(pair: InstrumentPair) -> str:
    return (
        f'<span class="tc-pair-kind tc-pair-{escape(pair.kind)}">{escape(KIND_LABELS[pair.kind])}</span>'
        f' · <span class="tc-pair-certainty">{escape(pair.certainty)}</span>'
    )


def _group_html(group: Group, to_href: str, page_uri: str, context: "BuildContext", number: int) -> str:
    # Kept out of the search index: the other text is found on its own pages, and a
    # search for its words should land there, not on every page that compares with it.
    # A <section>, not a <div>: Material's indexer tells elements apart by tag name, so
    # the first nested </div> would end the exclusion.
    parts = [f'<section class="tc-comparison" data-compare="{escape(group.to_text.id)}:{escape(group.to_article.id)}" data-search-exclude>']
    meta = f'<a href="{escape(to_href)}">Read {escape(group.to_article.label.rstrip("."))} of the {escape(_text_label(group.to_text))}</a>'
    if group.article_pair is not None:
        meta = f"Counterpart: {_assessment(group.article_pair)}. " + meta
    parts.append(f'<p class="tc-meta tc-comparison-meta">{meta}</p>')
    if group.article_pair is not None and group.article_pair.remark:
        parts.append(f'<p class="tc-pair-remark">{escape(group.article_pair.remark)}</p>')
    comparison = "".join(_row_html(row, group) for row in group.rows)
    original = _to_text_html(group, page_uri, context)
    name = f"__tc_cmp_{escape(group.to_text.id)}_{escape(group.to_article.id)}_{number}"
    labels = ("Comparison", f"{_text_label(group.to_text)} text")
    inputs = "".join(f'<input id="{name}_{i}" name="{name}" type="radio"{" checked" if i == 1 else ""}>' for i in (1, 2))
    label_html = "".join(f'<label for="{name}_{i}">{escape(label)}</label>' for i, label in enumerate(labels, 1))
    blocks = f'<div class="tabbed-block" data-view="comparison">{comparison}</div><div class="tabbed-block" data-view="original">{original}</div>'
    parts.append(f'<div class="tabbed-set tabbed-alternate" data-tabs="cmp-{number}:2">{inputs}<div class="tabbed-labels">{label_html}</div><div class="tabbed-content">{blocks}</div></div>')
    parts.append("</section>")
    return "".join(parts)


def _row_html(row: Row, group: Group) -> str:
    to_name = _text_label(group.to_text)
    if row.from_unit is not None and row.to_unit is not None:
        heading = f"{_pin(row.from_unit, capital=True)} ↔ {escape(to_name)}, {_pin(row.to_unit)}"
        if row.pair is not None and row.pair is not group.article_pair:
            heading += f' <span class="tc-meta">({_assessment(row.pair)})</span>'
            if row.pair.remark:
                heading += f' <span class="tc-pair-remark">{escape(row.pair.remark)}</span>'
    elif row.from_unit is not None:
        heading = f"{_pin(row.from_unit, capital=True)}: only in the {escape(_text_label(group.from_text))}"
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


def _to_text_html(group: Group, page_uri: str, context: "BuildContext") -> str:
    """The counterpart's verbatim text, linked to its own page; no ids, which belong to that page."""
    if group.article_pair is not None or not group.paragraph_pairs:
        units = group.to_article.paragraphs
    else:
        units = [group.to_text.index[unit_id] for unit_id in dict.fromkeys(p.to_unit for p in group.paragraph_pairs)]
    page = context.urls.article_page(group.to_text, group.to_article)
    body = "".join(_unit_html(unit, group.to_text, page_uri, page, context, 0) for unit in units)
    return f'<div class="tc-text tc-other-instrument" lang="en">{body}</div>'


def _unit_html(unit: Provision, instrument: Instrument, page_uri: str, page: str, context: "BuildContext", depth: int) -> str:
    parts = [f'<div class="tc-unit tc-{escape(unit.kind)} tc-depth-{depth}"><p>']
    if unit.num:
        href = context.urls.href(page_uri, page, unit.id)
        parts.append(
            f'<a class="tc-num" href="{escape(href)}" title="{escape(pinpoint(unit))} of the {escape(_text_label(instrument))}" '
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


def _counterparts_section(groups: list[Group], page_uri: str, context: "BuildContext") -> str:
    from .pages import html_block, md_escape, nav_title

    from_text, to_text = groups[0].from_text, groups[0].to_text
    items = []
    for group in groups:
        href = context.urls.href(page_uri, context.urls.article_page(from_text, group.from_article), group.anchor)
        pairs = [group.article_pair] if group.article_pair else group.paragraph_pairs
        detail = "; ".join(
            f"{escape(pinpoint(from_text.index[p.from_unit]))} ↔ {escape(pinpoint(to_text.index[p.to_unit]))}: {_assessment(p)}" for p in pairs
        )
        items.append(f'<li><a href="{escape(href)}">{escape(nav_title(group.from_article))}</a> <span class="tc-meta">({detail})</span></li>')
    intro = f"<p>Counterparts in the {escape(_text_label(from_text))}. Each link opens the word-level comparison on that article's page.</p>"
    return f"\n## Compared with the {md_escape(_text_label(from_text))} {{#compared-{from_text.id}}}\n" + html_block(
        f'<div class="tc-counterparts">{intro}<ul>{"".join(items)}</ul></div>'
    )


def how_to_cite_html(instrument: Instrument, article: Article) -> str:
    return f'<p class="tc-how-to-cite"><span class="tc-how-to-cite-label">How to cite this article:</span> <span class="tc-cite-text">{escape(citation(instrument, article))}</span></p>'


# --------------------------------------------------------------------------- concordance page


def concordance_page(context: "BuildContext") -> "SitePage":
    from .pages import _page, html_block, md_escape

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
            f'<table class="tc-concordance"><thead><tr><th scope="col">{escape(_text_label(from_text))}</th><th scope="col">{escape(_text_label(to_text))}</th>'
            '<th scope="col">Kind</th><th scope="col">Certainty</th><th scope="col">Remark</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
        body += f"\n## {md_escape(concordance.title)} {{#{concordance.id}}}\n" + html_block(table)
    return _page(here, "Concordance", body, kind="concordance", sources=tuple(c.location.path for c in concordances if c.location))


def _unit_link(instrument: Instrument, unit_id: str, here: str, context: "BuildContext") -> str:
    unit = instrument.index[unit_id]
    label = pinpoint(unit).replace("art ", "Art. ", 1)
    href = context.urls.unit_href(here, instrument.id, unit_id)
    title = ""
    if isinstance(unit, Article):
        title = f": {unit.title}"
    return f'<a href="{escape(href)}">{escape(label)}</a>{escape(title)}'
