"""Contributor Markdown written as the site writes a note's body, for tests of the Markdown stage and the prose writer.

``render_markdown`` is what the engine does to a note between the check stage and the page: parse
(``transform.markdown``), build the document tree's prose (``document.prose``), write it as HTML
(``render.prose``), with the site's footnote markers numbered in the order of the citations.
``sanitised_html`` is what the engine did before the document tree: markdown-it's own HTML passed
through the nh3 allow-list the notes were cleaned with; the tests hold the two equal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import nh3
from markupsafe import Markup

from commentary_build.document.prose import ProseBuilder
from commentary_build.render.prose import ProseHooks, ProseWriter
from commentary_build.transform.markdown import MarkdownEnv, _parser, parse_markdown


def marker(number: int) -> str:
    return f'<sup class="footnote-ref" id="fnref-{number}"><a href="#fn-{number}">{number}</a></sup>'


def render_markdown(text: str, env: MarkdownEnv, url_for: Callable[[str], str] = lambda unit: f"../{unit}/") -> Markup:
    tokens = parse_markdown(text, env)
    count = itertools.count(1)
    hooks = ProseHooks(cross_ref=lambda node: url_for(node.unit_id), citation=lambda node: marker(next(count)))
    return ProseWriter(hooks).blocks(ProseBuilder(env.instrument.id).blocks(tokens))


# The allow-list every note passed before the document tree: exactly the markup markdown-it writes for notes.
_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "s", "a", "code", "pre", "blockquote",
         "ul", "ol", "li", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "sup"}
_ATTRIBUTES = {"a": {"href", "title", "class"}, "sup": {"class", "id"}, "ol": {"start"}, "code": {"class"}, "th": {"style"}, "td": {"style"}}
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel=None,
                       filter_style_properties={"text-align"}, strip_comments=True)


def sanitised_html(tokens: list, url_for: Callable[[str], str] = lambda unit: f"../{unit}/") -> str:
    """markdown-it's own rendering of ``tokens`` (the old way), cleaned by the old allow-list."""
    md = _parser()
    count = itertools.count(1)
    renderer = md.renderer

    def citation(tokens, index, options, env):
        return marker(next(count))

    def link_open(tokens, index, options, env):
        token = tokens[index]
        if token.meta and token.meta.get("unit_id"):
            return f'<a class="xref" href="{url_for(token.meta["unit_id"])}">'
        return renderer.renderToken(tokens, index, options, env)

    saved = dict(renderer.rules)
    renderer.rules["citation"] = citation
    renderer.rules["link_open"] = link_open
    try:
        html = renderer.render(tokens, md.options, {})
    finally:
        renderer.rules.clear()
        renderer.rules.update(saved)
    return _CLEANER.clean(html)
