"""Prose nodes (``document.nodes``) as HTML: a note's body, a rationale, the edition's Markdown.

Every node kind has one way to be written, and every string is escaped as it is placed, so
contributor text can only ever be text here; the result is the one place where HTML made
from contributor text becomes ``Markup``. What differs between outputs is given as hooks:
where a cross-reference leads (or nowhere, in a document that does not hold it), how a
citation is marked (the site's footnote marker, print's footnote float) and how a proposal
named by its id is shown.

The markup is what the site has always published for a note (markdown-it's, after the nh3
allow-list the notes once passed): the same elements, the same line breaks between blocks
(markdown-it's rule for them is followed below, with its tight lists), and text escaped as
nh3 wrote it (``&``, ``<``, ``>`` and no-break spaces in text and attributes, and ``"`` in
attributes). ``tests/test_document.py`` compares the two on every shipped note
and on generated Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..document.nodes import (
    Block,
    Citation,
    Code,
    CodeBlock,
    CrossRef,
    Emphasis,
    HardBreak,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    ProposalMention,
    Quote,
    Rule,
    SoftBreak,
    Strikethrough,
    Strong,
    Table,
    Text,
)

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"})


def text_html(text: str) -> str:
    return text.translate(_TEXT)


def attribute_html(text: str) -> str:
    return text.translate(_ATTRIBUTE)


@dataclass
class ProseHooks:
    """What an output decides about prose.

    ``cross_ref``: the address of a provision named in the text, or None where it cannot be followed
    (then its words are written as text, set apart as ``tc-offsite``); ``citation``: the footnote mark;
    ``mention``: a proposal named by its id; ``paragraph``: the opening tag of numbered paragraph n
    (with its number), else ``<p>``."""

    cross_ref: Callable[[CrossRef], str | None]
    citation: Callable[[Citation], str]
    mention: Callable[[ProposalMention], str] = lambda node: text_html(node.proposal_id)
    paragraph: Callable[[Paragraph], str] | None = None


class ProseWriter:
    def __init__(self, hooks: ProseHooks):
        self.hooks = hooks

    def blocks(self, blocks: Iterable[Block]) -> Markup:
        tokens: list[_Token] = []
        for block in blocks:
            self._block(block, tokens, hidden=False)
        # Every piece was escaped as it was placed (text_html, attribute_html) or is the output of a hook.
        return Markup(_render(tokens))

    def inline(self, nodes: Iterable[Inline]) -> Markup:
        return Markup(self._inline(nodes))

    # ------------------------------------------------------------------ blocks as markdown-it's tokens
    def _block(self, block: Block, out: list[_Token], hidden: bool) -> None:
        if isinstance(block, Paragraph):
            opening = self.hooks.paragraph(block) if self.hooks.paragraph is not None and block.number is not None else None
            out.append(_Token("p", 1, hidden=hidden, raw=opening))
            out.append(_Token("", 0, block=False, html=self._inline(block.children)))
            out.append(_Token("p", -1, hidden=hidden))
        elif isinstance(block, Heading):
            tag = f"h{block.level}"
            out.append(_Token(tag, 1))
            out.append(_Token("", 0, block=False, html=self._inline(block.children)))
            out.append(_Token(tag, -1))
        elif isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            attributes = f' start="{block.start}"' if block.ordered and block.start is not None else ""
            out.append(_Token(tag, 1, attributes=attributes))
            for item in block.items:
                out.append(_Token("li", 1))
                for inner in item.blocks:
                    self._block(inner, out, hidden=block.tight)
                out.append(_Token("li", -1))
            out.append(_Token(tag, -1))
        elif isinstance(block, Quote):
            out.append(_Token("blockquote", 1))
            for inner in block.blocks:
                self._block(inner, out, hidden=False)
            out.append(_Token("blockquote", -1))
        elif isinstance(block, CodeBlock):
            language = f' class="language-{attribute_html(block.language)}"' if block.language else ""
            out.append(_Token("", 0, own=f"<pre><code{language}>{text_html(block.text)}</code></pre>\n"))
        elif isinstance(block, Rule):
            out.append(_Token("hr", 0))
        elif isinstance(block, Table):
            out.append(_Token("table", 1))
            for section, rows in (("thead", block.head), ("tbody", block.body)):
                if not rows:
                    continue
                out.append(_Token(section, 1))
                for row in rows:
                    out.append(_Token("tr", 1))
                    for cell in row:
                        tag = "th" if cell.header else "td"
                        out.append(_Token(tag, 1, attributes=f' style="text-align:{cell.align}"' if cell.align else ""))
                        out.append(_Token("", 0, block=False, html=self._inline(cell.children)))
                        out.append(_Token(tag, -1))
                    out.append(_Token("tr", -1))
                out.append(_Token(section, -1))
            out.append(_Token("table", -1))

    # ------------------------------------------------------------------ inline
    def _inline(self, nodes: Iterable[Inline]) -> str:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                parts.append(node.text.translate(_TEXT))
            elif isinstance(node, SoftBreak):
                parts.append("\n")
            elif isinstance(node, HardBreak):
                parts.append("<br>\n")
            elif isinstance(node, Citation):
                parts.append(self.hooks.citation(node))
            elif isinstance(node, CrossRef):
                href = self.hooks.cross_ref(node)
                words = self._inline(node.children)
                parts.append(f'<a class="xref" href="{attribute_html(href)}">{words}</a>' if href is not None else f'<span class="tc-offsite">{words}</span>')
            elif isinstance(node, Link):
                title = f' title="{attribute_html(node.title)}"' if node.title is not None else ""
                parts.append(f'<a href="{attribute_html(node.href)}"{title}>{self._inline(node.children)}</a>')
            elif isinstance(node, Emphasis):
                parts.append(f"<em>{self._inline(node.children)}</em>")
            elif isinstance(node, Strong):
                parts.append(f"<strong>{self._inline(node.children)}</strong>")
            elif isinstance(node, Strikethrough):
                parts.append(f"<s>{self._inline(node.children)}</s>")
            elif isinstance(node, Code):
                parts.append(f"<code>{node.text.translate(_TEXT)}</code>")
            elif isinstance(node, ProposalMention):
                parts.append(self.hooks.mention(node))
        return "".join(parts)


@dataclass(slots=True)
class _Token:
    """A block token as markdown-it's renderer sees it: enough to place its line breaks as it does."""

    tag: str
    nesting: int  # 1 opens, -1 closes, 0 neither
    block: bool = True
    hidden: bool = False  # a tight list's paragraph: its tags are not written
    attributes: str = ""
    html: str = ""  # the content of an inline token
    own: str | None = None  # a token with its own rule (code): written as it is
    raw: str | None = None  # an opening tag a hook wrote (a numbered paragraph)


def _render(tokens: list[_Token]) -> str:
    """markdown-it's ``Renderer.renderToken``, for the tokens above (xhtmlOut as nh3 reserialised it: ``<hr>``)."""
    out: list[str] = []
    for index, token in enumerate(tokens):
        if not token.block:
            out.append(token.html)
            continue
        if token.own is not None:
            out.append(token.own)
            continue
        if token.hidden:
            continue
        if token.nesting != -1 and index and tokens[index - 1].hidden:
            out.append("\n")
        if token.raw is not None:
            out.append(token.raw)
        else:
            out.append(("</" if token.nesting == -1 else "<") + token.tag + token.attributes)
        need_break = True
        if token.nesting == 1 and index + 1 < len(tokens):
            following = tokens[index + 1]
            if not following.block or following.hidden or (following.nesting == -1 and following.tag == token.tag):
                need_break = False
        if token.raw is None:
            out.append(">\n" if need_break else ">")
        elif need_break:
            out.append("\n")
    return "".join(out)
