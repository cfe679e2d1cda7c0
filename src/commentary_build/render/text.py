"""Treaty text as HTML: every paragraph and subparagraph with its id, permalink and citation.

The wording is escaped and only wrapped (cross-reference links), never rewritten, so
stripping the tags gives back the text character for character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import escape

from ..model import Article, Instrument, Provision
from ..transform.pinpoints import citation, pinpoint


@dataclass
class TextContext:
    instrument: Instrument
    # Turns one run of wording into HTML (escaping it and wrapping cross-references).
    words_html: Callable[[Provision, str], str]
    # Replaces the rendering of a whole unit (used for paragraphs that carry redline proposals).
    override: Callable[[Provision], str | None] | None = None


def render_unit(unit: Provision, ctx: TextContext, depth: int = 0) -> str:
    if ctx.override is not None:
        replaced = ctx.override(unit)
        if replaced is not None:
            return replaced
    return render_unit_plain(unit, ctx, depth)


def render_unit_plain(unit: Provision, ctx: TextContext, depth: int = 0, words: Callable[[Provision, str], str] | None = None) -> str:
    words = words or ctx.words_html
    parts = [f'<div class="tc-unit tc-{unit.kind} tc-depth-{depth}" id="{escape(unit.id)}">']
    parts.append("<p>")
    if unit.num:
        parts.append(permalink(unit, ctx.instrument))
    if unit.text:
        parts.append(f'<span class="tc-words">{words(unit, unit.text)}</span>')
    parts.append("</p>")
    for child in unit.children:
        parts.append(render_unit(child, ctx, depth + 1) if words is ctx.words_html else render_unit_plain(child, ctx, depth + 1, words))
    if unit.tail:
        parts.append(f'<p class="tc-tail"><span class="tc-words">{words(unit, unit.tail)}</span></p>')
    parts.append("</div>")
    return "".join(parts)


def permalink(unit: Provision, instrument: Instrument) -> str:
    cite = citation(instrument, unit)
    return (
        f'<a class="tc-num" href="#{escape(unit.id)}" title="Permalink to {escape(pinpoint(unit))}" '
        f'data-cite="{escape(cite)}">{escape(unit.num)}</a> '
    )


def render_article_text(article: Article, ctx: TextContext) -> str:
    body = "".join(render_unit(p, ctx) for p in article.paragraphs)
    return f'<div class="tc-text" data-article="{escape(article.id)}">{body}</div>'


def render_units(units: list[Provision], ctx: TextContext, css_class: str = "tc-text") -> str:
    return f'<div class="{css_class}">' + "".join(render_unit(u, ctx) for u in units) + "</div>"
