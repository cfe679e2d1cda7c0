"""Treaty text as HTML: every paragraph and subparagraph with its id, permalink and citation.

The wording is escaped and only wrapped (cross-reference links), never rewritten, so
stripping the tags gives back the text character for character. Each unit is drawn by
``templates/text/unit.html``, a run of units by ``text/units.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Article, Instrument, Provision
from ..transform.pinpoints import citation, pinpoint
from .templates import Templates, default_templates


@dataclass
class TextContext:
    instrument: Instrument
    # Turns one run of wording into HTML (escaping it and wrapping cross-references).
    words_html: Callable[[Provision, str], Markup]
    # Replaces the rendering of a whole unit (used for paragraphs that carry redline proposals).
    override: Callable[[Provision], Markup | None] | None = None
    templates: Templates = field(default_factory=default_templates)
    # Paragraph id -> the marker of the commentary and proposals on it (render/notes.py paragraph_markers).
    markers: dict[str, dict] = field(default_factory=dict)


def render_unit(unit: Provision, ctx: TextContext, depth: int = 0) -> Markup:
    if ctx.override is not None:
        replaced = ctx.override(unit)
        if replaced is not None:
            return replaced
    return render_unit_plain(unit, ctx, depth)


def render_unit_plain(unit: Provision, ctx: TextContext, depth: int = 0, words: Callable[[Provision, str], Markup] | None = None) -> Markup:
    words = words or ctx.words_html
    children = [
        render_unit(child, ctx, depth + 1) if words is ctx.words_html else render_unit_plain(child, ctx, depth + 1, words)
        for child in unit.children
    ]
    return ctx.templates.render(
        "text/unit.html",
        unit=unit,
        depth=depth,
        pinpoint=pinpoint(unit) if unit.num else None,
        cite=citation(ctx.instrument, unit) if unit.num else None,
        words=words(unit, unit.text) if unit.text else None,
        children=children,
        tail=words(unit, unit.tail) if unit.tail else None,
        marker=ctx.markers.get(unit.id),
    )


def render_article_text(article: Article, ctx: TextContext) -> Markup:
    units = [render_unit(p, ctx) for p in article.paragraphs]
    return ctx.templates.render("text/units.html", css_class="tc-text", article=article, units=units)


def render_units(units: list[Provision], ctx: TextContext, css_class: str = "tc-text") -> Markup:
    return ctx.templates.render("text/units.html", css_class=css_class, article=None, units=[render_unit(u, ctx) for u in units])
