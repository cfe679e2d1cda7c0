"""Prose (a note's body, a rationale, the edition's Markdown) from markdown-it's tokens to document nodes.

The check stage parses each note once and keeps the tokens (``check.commentary``); this
module turns them into the closed set of prose nodes of ``document.nodes``, once per build.
What the set has no kind for cannot reach a writer: a token of another type keeps only its
text (``html_inline``/``html_block`` cannot occur, since raw HTML is parsed as text, but if a
parser change let one through it would be shown, not run). A proposal's id met in the text
becomes a ``ProposalMention``, so print and Word can name the proposal by its title.

``plain_text`` gives the words of prose for a listing, the JSON and the feeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from .nodes import (
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
    ListItem,
    Paragraph,
    ProposalMention,
    Quote,
    Rule,
    SoftBreak,
    Strikethrough,
    Strong,
    Table,
    TableCell,
    Text,
)

_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
# A run of the characters a proposal id is made of (as check.commentary finds them for W068).
_ID_RUN = re.compile(r"[\w-]+")
_NOT_A_WORD_AFTER = frozenset("@#/=")


class ProseBuilder:
    """Converts the tokens of one text. ``instrument_id``: the text its cross-references are in;
    ``proposal_ids``: ids of proposals a reader could meet as words (ids of two words or more)."""

    def __init__(self, instrument_id: str, proposal_ids: Mapping[str, object] | None = None):
        self.instrument_id = instrument_id
        self.proposal_ids = proposal_ids or {}
        self.cross_references = 0

    def blocks(self, tokens: list[Token], number_paragraphs: bool = False) -> tuple[Block, ...]:
        """The blocks of a whole text; ``number_paragraphs`` numbers its top-level paragraphs from 1."""
        blocks, _ = self._blocks(tokens, 0, None)
        if not number_paragraphs:
            return blocks
        numbered: list[Block] = []
        count = 0
        for block in blocks:
            if isinstance(block, Paragraph):
                count += 1
                block = Paragraph(block.children, count)
            numbered.append(block)
        return tuple(numbered)

    # ------------------------------------------------------------------ blocks
    def _blocks(self, tokens: list[Token], index: int, closing: str | None) -> tuple[tuple[Block, ...], int]:
        """Blocks from ``tokens[index]`` up to the token of type ``closing`` (or the end); returns them and the index after it."""
        blocks: list[Block] = []
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == closing:
                return tuple(blocks), index + 1
            if kind == "paragraph_open":
                children = self.inline(tokens[index + 1].children or []) if tokens[index + 1].type == "inline" else ()
                blocks.append(Paragraph(children))
                index = _after(tokens, index, "paragraph_close")
            elif kind == "heading_open":
                level = int(token.tag[1]) if len(token.tag) == 2 and token.tag[1].isdigit() else 6
                children = self.inline(tokens[index + 1].children or []) if tokens[index + 1].type == "inline" else ()
                blocks.append(Heading(level, children))
                index = _after(tokens, index, "heading_close")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind == "ordered_list_open"
                start = token.attrs.get("start") if ordered else None
                items: list[ListItem] = []
                first = index = index + 1
                end = kind.replace("_open", "_close")
                while index < len(tokens) and tokens[index].type != end:
                    if tokens[index].type == "list_item_open":
                        inner, index = self._blocks(tokens, index + 1, "list_item_close")
                        items.append(ListItem(inner))
                    else:
                        index += 1
                # markdown-it hides the paragraphs of a tight list's items (those two levels below the list).
                tight = not any(t.type == "paragraph_open" and not t.hidden and t.level == token.level + 2 for t in tokens[first:index])
                blocks.append(ListBlock(ordered, tuple(items), int(start) if start is not None else None, tight))
                index += 1
            elif kind == "blockquote_open":
                inner, index = self._blocks(tokens, index + 1, "blockquote_close")
                blocks.append(Quote(inner))
            elif kind == "fence":
                # The language as markdown-it reads it: backslash escapes and entities undone, the first word.
                info = unescapeAll(token.info).strip() if token.info else ""
                language = info.split(maxsplit=1)[0] if info else None
                blocks.append(CodeBlock(token.content, language))
                index += 1
            elif kind == "code_block":
                blocks.append(CodeBlock(token.content))
                index += 1
            elif kind == "hr":
                blocks.append(Rule())
                index += 1
            elif kind == "table_open":
                table, index = self._table(tokens, index + 1)
                blocks.append(table)
            elif kind == "inline":
                blocks.append(Paragraph(self.inline(token.children or [])))
                index += 1
            elif token.content:
                # Nothing else is expected (raw HTML is text with html=False): keep its words, as words.
                blocks.append(Paragraph((Text(token.content),)))
                index += 1
            else:
                index += 1
        return tuple(blocks), index

    def _table(self, tokens: list[Token], index: int) -> tuple[Table, int]:
        head: list[tuple[TableCell, ...]] = []
        body: list[tuple[TableCell, ...]] = []
        section = head
        row: list[TableCell] = []
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                section = head
            elif token.type == "tbody_open":
                section = body
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                section.append(tuple(row))
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style") or "")
                align = _ALIGN.search(style)
                inline = tokens[index + 1]
                children = self.inline(inline.children or []) if inline.type == "inline" else ()
                row.append(TableCell(token.type == "th_open", align.group(1) if align else None, children))
            index += 1
        return Table(tuple(head), tuple(body)), index + 1

    # ------------------------------------------------------------------ inline
    def inline(self, children: list[Token]) -> tuple[Inline, ...]:
        nodes, _ = self._inline(children, 0, None, in_link=False)
        return nodes

    def _inline(self, children: list[Token], index: int, closing: str | None, in_link: bool) -> tuple[tuple[Inline, ...], int]:
        nodes: list[Inline] = []
        while index < len(children):
            token = children[index]
            kind = token.type
            if kind == closing:
                return tuple(nodes), index + 1
            if kind in ("text", "text_special"):
                nodes.extend(self._words(token.content, in_link))
            elif kind == "softbreak":
                nodes.append(SoftBreak())
            elif kind == "hardbreak":
                nodes.append(HardBreak())
            elif kind == "code_inline":
                nodes.append(Code(token.content))
            elif kind == "citation":
                nodes.append(Citation(token.meta["cluster"]))
            elif kind in ("em_open", "strong_open", "s_open"):
                inner, index = self._inline(children, index + 1, kind.replace("_open", "_close"), in_link)
                nodes.append(Emphasis(inner) if kind == "em_open" else Strong(inner) if kind == "strong_open" else Strikethrough(inner))
                continue
            elif kind == "link_open":
                inner, index = self._inline(children, index + 1, "link_close", in_link=True)
                unit_id = token.meta.get("unit_id") if token.meta else None
                if unit_id:
                    self.cross_references += 1
                    nodes.append(CrossRef(self.instrument_id, unit_id, inner))
                else:
                    title = token.attrs.get("title")
                    nodes.append(Link(str(token.attrs.get("href") or ""), str(title) if title is not None else None, inner))
                continue
            elif token.content:
                nodes.append(Text(token.content))
            index += 1
        return tuple(nodes), index

    def _words(self, text: str, in_link: bool) -> list[Inline]:
        """Text, with the ids of proposals it names split out (not inside a link, which is the author's own)."""
        if not text:
            return []  # markdown-it leaves empty text tokens beside emphasis delimiters
        if in_link or not self.proposal_ids or "-" not in text:
            return [Text(text)]
        nodes: list[Inline] = []
        done = 0
        for match in _ID_RUN.finditer(text):
            word = match.group().strip("-")
            if word not in self.proposal_ids:
                continue
            start = match.start() + match.group().index(word)
            if start and text[start - 1] in _NOT_A_WORD_AFTER:
                continue
            if start > done:
                nodes.append(Text(text[done:start]))
            nodes.append(ProposalMention(word))
            done = start + len(word)
        if done < len(text):
            nodes.append(Text(text[done:]))
        return nodes


def _after(tokens: list[Token], index: int, closing: str) -> int:
    """The index after the first ``closing`` token from ``index`` on (a paragraph or heading holds one inline token)."""
    while index < len(tokens) and tokens[index].type != closing:
        index += 1
    return index + 1


# --------------------------------------------------------------------------- plain text


def inline_text(nodes: Iterable[Inline], footnote: Callable[[Citation], str] | None = None,
                mention: Callable[[str], str] | None = None) -> str:
    """The words of inline nodes; a citation becomes ``footnote(citation)`` ("" without it)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (SoftBreak, HardBreak)):
            parts.append(" ")
        elif isinstance(node, Code):
            parts.append(node.text)
        elif isinstance(node, Citation):
            parts.append(footnote(node) if footnote else "")
        elif isinstance(node, ProposalMention):
            parts.append(mention(node.proposal_id) if mention else node.proposal_id)
        else:
            parts.append(inline_text(node.children, footnote, mention))
    return "".join(parts)


def block_lines(blocks: Iterable[Block], footnote: Callable[[Citation], str] | None = None) -> list[str]:
    """Each block's words on a line of its own (a list item, a table row, a line of code each one line)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            lines.append(inline_text(block.children, footnote))
        elif isinstance(block, ListBlock):
            for item in block.items:
                lines.extend(block_lines(item.blocks, footnote))
        elif isinstance(block, Quote):
            lines.extend(block_lines(block.blocks, footnote))
        elif isinstance(block, CodeBlock):
            lines.extend(block.text.split("\n"))
        elif isinstance(block, Table):
            for row in (*block.head, *block.body):
                lines.append(" ".join(inline_text(cell.children, footnote) for cell in row))
    return [text for text in (" ".join(line.split()) for line in lines) if text]


def plain_text(blocks: Iterable[Block], footnote: Callable[[Citation], str] | None = None) -> str:
    """Prose as plain text: one line per block, whitespace collapsed."""
    return "\n".join(block_lines(blocks, footnote))
