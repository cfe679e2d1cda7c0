"""Prose as it is set on paper and in Word: OSCOLA's footnote calls and quotation marks.

Contributors write Markdown as they type it: a citation before the full stop, after a space
("… victim [@report, p 5]."), and straight double quotes. OSCOLA (4th edn, 1.1.3 and 1.6.1)
puts a footnote call after the punctuation, with no space ("… victim.¹"), and quotes in
single quotation marks, double ones for a quotation inside a quotation. The PDF and Word
write every prose node through ``typeset``, a transformation of the document tree (no markup
is read or rewritten); the treaty's own wording is never prose, so it is never touched, and
code keeps its characters. The site shows the Markdown's own punctuation, as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..document.nodes import (
    Block,
    Citation,
    Code,
    CrossRef,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Quote,
    SoftBreak,
    Strikethrough,
    Strong,
    Table,
    TableCell,
    Text,
)

# A call goes after these marks (OSCOLA 1.1.3); a bracket or a dash stays after the call.
CALL_AFTER = ".,;:?!"
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013-/\u2018\u201c")


def typeset(prose: Prose) -> Prose:
    return Prose(tuple(_block(block) for block in prose.blocks), prose.path)


def _block(block: Block) -> Block:
    if isinstance(block, (Paragraph, Heading)):
        return dataclasses.replace(block, children=_quotes(_calls(block.children)))
    if isinstance(block, ListBlock):
        return dataclasses.replace(block, items=tuple(ListItem(tuple(_block(b) for b in item.blocks)) for item in block.items))
    if isinstance(block, Quote):
        return Quote(tuple(_block(b) for b in block.blocks))
    if isinstance(block, Table):
        def row(cells: tuple[TableCell, ...]) -> tuple[TableCell, ...]:
            return tuple(dataclasses.replace(cell, children=_quotes(_calls(cell.children))) for cell in cells)
        return Table(tuple(row(r) for r in block.head), tuple(row(r) for r in block.body))
    return block  # a code block or a rule


# A cross-reference holds the words as written ("article 40"): a quotation mark after it closes (‘… of article 40’).
_CONTAINERS = (Emphasis, Strong, Strikethrough, Link, CrossRef)


def _calls(nodes: Sequence[Inline]) -> tuple[Inline, ...]:
    """Each run of citations moved after the punctuation that follows it, with no space before it."""
    nodes = [dataclasses.replace(n, children=_calls(n.children)) if isinstance(n, _CONTAINERS) else n for n in nodes]
    out: list[Inline] = []
    index = 0
    while index < len(nodes):
        if not isinstance(nodes[index], Citation):
            out.append(nodes[index])
            index += 1
            continue
        end = index
        while end < len(nodes) and isinstance(nodes[end], Citation):
            end += 1
        calls = nodes[index:end]
        while out and isinstance(out[-1], SoftBreak):
            out.pop()
        if out and isinstance(out[-1], Text):
            kept = out[-1].text.rstrip()
            out[-1:] = [Text(kept)] if kept else []
        after = nodes[end] if end < len(nodes) else None
        if isinstance(after, Text) and after.text[:1] in CALL_AFTER and after.text[:1]:
            rest = after.text.lstrip(CALL_AFTER)
            marks = after.text[: len(after.text) - len(rest)]
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + marks)
            else:
                out.append(Text(marks))
            out.extend(calls)
            if rest:
                out.append(Text(rest))
            index = end + 1
        else:
            out.extend(calls)
            index = end
    return tuple(out)


def _quotes(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Straight quotation marks as OSCOLA's: "…" becomes ‘…’, and a quotation inside it “…”; an apostrophe ’."""
    state = _Marks()

    def text(value: str, following: str) -> str:
        out = []
        for position, char in enumerate(value):
            previous = state.previous
            after = value[position + 1] if position + 1 < len(value) else following
            opening = previous in _OPENS_AFTER
            if char == '"':
                if opening or not state.double:
                    state.double += 1
                    char = "\u2018"
                else:
                    state.double -= 1
                    char = "\u2019"
            elif char == "'":
                if opening:
                    if state.double:
                        state.inner += 1
                        char = "\u201c"
                    else:
                        char = "\u2018"
                elif state.inner and not (previous.isalnum() and after.isalnum()):
                    state.inner -= 1
                    char = "\u201d"
                else:
                    char = "\u2019"
            out.append(char)
            state.previous = char
        return "".join(out)

    def walk(items: tuple[Inline, ...], following: str) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for position, node in enumerate(items):
            nxt = _first_char(items[position + 1:]) or following
            if isinstance(node, Text):
                result.append(Text(text(node.text, nxt)))
            elif isinstance(node, _CONTAINERS):
                result.append(dataclasses.replace(node, children=walk(node.children, nxt)))
            else:
                if isinstance(node, Code):
                    state.previous = node.text[-1:] or state.previous
                elif isinstance(node, SoftBreak):
                    state.previous = " "
                result.append(node)
        return tuple(result)

    return walk(nodes, " ")


@dataclasses.dataclass
class _Marks:
    """Where a paragraph's quotation marks stand: the character before, open double and inner quotations."""

    previous: str = " "
    double: int = 0
    inner: int = 0


def _first_char(nodes: Sequence[Inline]) -> str:
    for node in nodes:
        if isinstance(node, Text) and node.text:
            return node.text[0]
        if isinstance(node, _CONTAINERS):
            found = _first_char(node.children)
            if found:
                return found
    return ""


__all__ = ["CALL_AFTER", "typeset"]
