"""Comparisons with another instrument, condensed for paper.

On screen an article page shows every paragraph of both texts in tabs. On paper that
doubled Article 40 (8 of its 16 pages), and the other treaty's text followed with no
heading under the running header of the UN article, so a reader took Budapest wording
for UN wording. Here each counterpart article gets its own heading naming its
instrument ("Budapest Convention, Article 25: …") and its own running header, which
names the instrument's symbol too ("ETS No. 185", not the UN text's "A/RES/79/243"); only
the paragraphs that have a counterpart are compared; the rest is summed up in one line
("Art. 40 ¶¶ 2–19, 21–31: no counterpart in Budapest Convention art 25"); and the other
text's matched paragraphs follow verbatim, in that text's order, under a heading that names them.

The blackline marks come from the site's template (``blackline/segments.html``, in the print
medium: with their markers), so a mark means the same on paper as on screen. It writes the
document tree's ``Comparison`` nodes, the same the site's article page shows.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

from ..document.naming import nav_title
from ..document.nodes import Comparison
from ..model import Article, Instrument, Provision
from ..render.blackline import render_segments
from ..render.comparison import KIND_LABELS
from ..transform.alignment import Group, Row
from ..transform.pinpoints import pinpoint
from ..transform.redline import Segment


def comparison_sections(comparisons: tuple[Comparison, ...], article: Article, anchor: Callable[[str], str] = str) -> str:
    """The print section for every counterpart of ``article`` in other instruments, or ""; ``anchor`` makes an id
    unique in the document (the article's section prefix)."""
    return "".join(_section(list(comparison.groups), article, anchor) for comparison in comparisons)


def _section(groups: list[Group], article: Article, anchor: Callable[[str], str]) -> str:
    to_text, from_text = groups[0].to_text, groups[0].from_text
    intro = (
        f'<p class="tc-comparison-intro">The {escape(to_text.label)} ({escape(to_text.symbol or to_text.short_title)}) is a different treaty. '
        f"Paragraphs that have a counterpart are compared word by word: {_MARKED_DEL} words are in the "
        f"{escape(to_text.label)} only, {_MARKED_INS} words in the {escape(from_text.label)} only. "
        "These marks are differences between two instruments, not proposals.</p>"
    )
    parts = [
        f'<section class="tc-print-comparison" id="{escape(anchor("compared-" + to_text.id))}">',
        f'<h2 class="tc-compare-title">Compared with the {escape(to_text.label)}</h2>',
        intro,
    ]
    parts.extend(_group(group, article, anchor) for group in groups)
    # The running header names the UN article, and its symbol, again once the other text ends.
    parts.append(f'<div class="tc-running-reset" data-running="{escape(nav_title(article))}" data-symbol="{escape(_symbol(from_text))}"></div></section>')
    return "".join(parts)


def _group(group: Group, article: Article, anchor: Callable[[str], str]) -> str:
    to_text = group.to_text
    other = group.to_article
    heading = f"{to_text.label}, {other.label.rstrip('.')}: {other.title}"
    running = f"{to_text.label}, Art. {other.number} (compared with Art. {article.number})"
    meta = f"Counterpart of {escape(article.label.rstrip('.'))}"
    if group.article_pair is not None:
        meta += f": {escape(_assessment(group.article_pair.kind, group.article_pair.certainty))}"
    parts = [
        f'<section class="tc-other-text" id="{escape(anchor(group.anchor))}" lang="en">',
        f'<h3 class="tc-other-heading" data-running="{escape(running)}" data-symbol="{escape(_symbol(to_text))}">{escape(heading)}</h3>',
        # On a page photocopied alone, the block says what it is: its marks are another treaty's differences.
        f'<p class="tc-comparison-band">{escape(comparison_label(to_text))}</p>',
        f'<p class="tc-meta">{meta}.</p>',
    ]
    if group.article_pair is not None and group.article_pair.remark:
        parts.append(f'<p class="tc-pair-remark">{escape(group.article_pair.remark)}</p>')
    matched = [row for row in group.rows if row.from_unit is not None and row.to_unit is not None]
    parts.extend(_row_html(row, group) for row in matched)
    rest = _rest_line(group)
    if rest:
        parts.append(f'<p class="tc-comparison-rest">{escape(rest)}</p>')
    verbatim = _verbatim(group, matched)
    if verbatim:
        parts.append(verbatim)
    parts.append("</section>")
    return "".join(parts)


# The key's sample marks, with the markers every mark prints with.
_MARKED_DEL = '<span class="tc-mark">[\u2212\u00a0</span><del class="tc-del">struck-through</del><span class="tc-mark">]</span>'
_MARKED_INS = '<span class="tc-mark">[+\u00a0</span><ins class="tc-ins">underlined</ins><span class="tc-mark">]</span>'


def comparison_label(other: Instrument) -> str:
    """ "Comparison with the Budapest Convention — not a proposal": on every compared block, in print and Word."""
    return f"Comparison with the {other.label} \u2014 not a proposal"


def _symbol(text: Instrument) -> str:
    """What the running header prints beside the title: the symbol of the text on the page ("ETS No. 185")."""
    return text.symbol or text.short_title


def _assessment(kind: str, certainty: str) -> str:
    return f"{KIND_LABELS.get(kind, kind)} · {certainty}"


def _row_label(row: Row, group: Group) -> str:
    """ "Art. 40(3) ↔ Budapest Convention, art 25(4) (equivalent · certain) (same wording)", as plain text."""
    assert row.from_unit is not None and row.to_unit is not None
    label = f"{_pin(row.from_unit)} ↔ {group.to_text.label}, {pinpoint(row.to_unit)}"
    if row.pair is not None and row.pair is not group.article_pair:
        label += f" ({_assessment(row.pair.kind, row.pair.certainty)})"
    return label


def _row_html(row: Row, group: Group) -> str:
    assert row.from_unit is not None and row.to_unit is not None
    label = f"{escape(_pin(row.from_unit))} ↔ {escape(group.to_text.label)}, {escape(pinpoint(row.to_unit))}"
    if row.pair is not None and row.pair is not group.article_pair:
        label += f' <span class="tc-meta">({escape(_assessment(row.pair.kind, row.pair.certainty))})</span>'
    changed = any(s.kind != "same" for s in row.segments)
    same = "" if changed else ' <span class="tc-meta">(same wording)</span>'
    lines = "".join(f'<p class="tc-comparison-line">{render_segments(line, medium="print")}</p>' for line in _lines(row.segments))
    # Not a proposal's margin bar (tc-has-changes): a double rule of its own, which a greyscale copy keeps apart.
    css = "tc-comparison-row tc-compared-changes" if changed else "tc-comparison-row"
    return f'<div class="{css}"><p class="tc-comparison-label">{label}{same}</p>{lines}</div>'


def comparison_rows(group: Group) -> list[tuple[str, list[list[Segment]], str]]:
    """The condensed comparison of one counterpart article as plain parts, for writers other than HTML (Word):
    (label, lines of marks, "") for each matched row, then ("", [], the line on the paragraphs left out)."""
    rows: list[tuple[str, list[list[Segment]], str]] = []
    for row in group.rows:
        if row.from_unit is not None and row.to_unit is not None:
            changed = any(s.kind != "same" for s in row.segments)
            rows.append((_row_label(row, group) + ("" if changed else " (same wording)"), _lines(row.segments), ""))
    rest = _rest_line(group)
    if rest:
        rows.append(("", [], rest))
    return rows


def _rest_line(group: Group) -> str:
    """One line for the paragraphs left out: those only one text has (plain text)."""
    only_from = [row.from_unit for row in group.rows if row.to_unit is None and isinstance(row.from_unit, Provision)]
    only_to = [row.to_unit for row in group.rows if row.from_unit is None and isinstance(row.to_unit, Provision)]
    if group.article_pair is None:
        # Paragraph pairs only: the rest of both articles is simply not paired with each other.
        return "Only the paragraphs paired in the concordance are compared."
    sentences = []
    if only_from:
        sentences.append(f"Art. {group.from_article.number} {_paragraphs(only_from)}: no counterpart in {group.to_text.label} art {group.to_article.number}.")
    if only_to:
        sentences.append(f"{group.to_text.label} art {group.to_article.number} {_paragraphs(only_to)}: no counterpart in Art. {group.from_article.number}.")
    return " ".join(sentences)


def _paragraphs(units: list[Provision]) -> str:
    """"¶ 2", "¶¶ 2–3, 5–32": consecutive numbers become ranges; other labels are listed."""
    numbers: list[int] = []
    others: list[str] = []
    for unit in units:
        short = unit.short_num or unit.num or ""
        if short.isdigit():
            numbers.append(int(short))
        elif short:
            others.append(short)
    ranges: list[str] = []
    for number in sorted(set(numbers)):
        if ranges and ranges[-1].split("–")[-1] == str(number - 1):
            ranges[-1] = ranges[-1].split("–")[0] + f"–{number}"
        else:
            ranges.append(str(number))
    items = ranges + others
    sign = "¶" if len(numbers) + len(others) == 1 else "¶¶"
    return f"{sign} {', '.join(items)}"


def _verbatim(group: Group, matched: list[Row]) -> str:
    """The other text's matched paragraphs, word for word, under a heading that names them."""
    units: list[Provision] = []
    for row in matched:
        unit = row.to_unit
        if isinstance(unit, Article):
            units.extend(unit.paragraphs)
        elif isinstance(unit, Provision) and unit not in units:
            units.append(unit)
    if not units:
        return ""
    # In the order of the other treaty, not of the rows (which follow the UN article: art 25(1), (5), (3), (4));
    # a unit inside another one printed is printed with it, not twice.
    order = {unit.id: n for n, unit in enumerate(group.to_article.walk())}
    chosen = {unit.id for unit in units}
    units = sorted((u for u in units if not _inside(u, chosen)), key=lambda u: order.get(u.id, len(order)))
    if len(units) == len(group.to_article.paragraphs):
        which = f"{group.to_article.label.rstrip('.')}"
    else:
        which = ", ".join(pinpoint(u) for u in units)
    heading = f"Text of the {group.to_text.label}: {which}"
    body = "".join(_unit_html(unit, 0) for unit in units)
    return f'<h4 class="tc-other-text-heading">{escape(heading)}</h4><div class="tc-text tc-other-instrument">{body}</div>'


def _inside(unit: Provision, chosen: set[str]) -> bool:
    parent = unit.parent
    while parent is not None:
        if parent.id in chosen:
            return True
        parent = parent.parent
    return False


def _unit_html(unit: Provision, depth: int) -> str:
    parts = [f'<div class="tc-unit tc-{escape(unit.kind)} tc-depth-{depth}"><p>']
    if unit.num:
        parts.append(f'<span class="tc-num">{escape(unit.num)}</span> ')
    if unit.text:
        parts.append(escape(unit.text))
    parts.append("</p>")
    parts.extend(_unit_html(child, depth + 1) for child in unit.children)
    if unit.tail:
        parts.append(f'<p class="tc-tail">{escape(unit.tail)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _pin(unit: Provision | Article) -> str:
    return pinpoint(unit).replace("art ", "Art. ", 1)


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Split at line breaks, so each unit is its own line and no mark runs across two."""
    lines: list[list[Segment]] = [[]]
    for segment in segments:
        for number, piece in enumerate(segment.text.split("\n")):
            if number:
                lines.append([])
            if piece:
                lines[-1].append(Segment(segment.kind, piece))
    return [line for line in lines if line]


def instrument_of(group: Group) -> Instrument:
    return group.to_text
