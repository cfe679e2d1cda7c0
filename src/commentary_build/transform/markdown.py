"""Contributor Markdown to tokens, with citations and references to provisions found in them.

Notes come from contributors, so nothing they write is trusted: raw HTML is kept as text
(``html=False``), links may only be http(s), mailto, relative or fragment links, and
images are not parsed. ``parse_markdown`` gives markdown-it's tokens; the check stage
parses every note once (reporting what is wrong) and keeps the tokens, which the document
layer (``document.prose``) turns into a tree of a few node kinds that are safe to write.
Nothing here makes HTML: each output is written from that tree.

Citations and cross-references are found by a core rule over the text tokens, so
code spans and code blocks (which are not text tokens) are never touched. A citation
becomes a ``citation`` token (its cluster in ``meta``), a reference a link whose
``meta`` names the unit; the footnotes are numbered by whoever writes the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..model import Article, Entry, Instrument, Location
from ..model.commentary import Extent, MarkdownShape
from ..model.gcpause import paused_gc
from ..model.problems import CITATION_SYNTAX, FOOTNOTE_SYNTAX, XREF_UNKNOWN, Report
from .citations import FootnoteSequence, LineCounter, find_citations
from .xrefs import find_references


@dataclass
class MarkdownEnv:
    """What one call of ``parse_markdown`` needs: where citations are checked, what references are resolved against."""

    instrument: Instrument
    current_article: Article | None
    footnotes: FootnoteSequence  # each citation is cited here (which reports unknown keys)
    bibliography: Mapping[str, Entry]
    report: Report | None  # None when rendering: the check stage has reported every problem already
    path: str  # the note's file, relative to the project root
    first_line: int  # line of the body's first line in that file
    links_made: int = 0  # cross-references turned into links, for the build report
    # A note's own heading is h3 on its page: its headings start below it ("#" becomes h4), so a
    # note can never add a second h1 or outrank the headings of the page.
    first_heading_level: int = 4
    # Unit ids whose article failed to load (reported there): a reference to them is not reported again.
    unreported_unit: Callable[[str], bool] | None = None
    warnings_left: int = 20  # warnings about unsupported syntax reported per text, at most
    # What the text makes (blocks, tables, references, footnotes …), counted as it is parsed, for the budgets.
    shape: MarkdownShape = field(default_factory=MarkdownShape)
    # Cross-references to read at most (a text over its budget is refused: the rest need not be read).
    reference_limit: int | None = None


# Schemes are compared after removing whitespace and control characters, which browsers
# ignore inside a scheme ("java\tscript:" runs as "javascript:").
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}


def is_safe_link(url: str) -> bool:
    """http(s), mailto, relative paths and "#fragment"; anything with another scheme is refused."""
    compact = _IGNORED_IN_SCHEME.sub("", url)
    if compact.startswith("//"):  # protocol-relative: leaves the site under whatever scheme it was served
        return False
    scheme = _SCHEME.match(compact)
    if scheme is None:
        return ":" not in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return scheme.group(1).lower() in _ALLOWED_SCHEMES


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # Images would load from anywhere the author chooses (tracking pixels, huge files).
    md.disable("image")
    md.validateLink = is_safe_link  # type: ignore[method-assign]  # markdown-it's documented hook
    md.core.ruler.push("treaty_commentary_refs", _citations_and_references)
    md.core.ruler.push("treaty_commentary_headings", _demote_headings)
    md.core.ruler.push("treaty_commentary_shape", _count_shape)
    return md


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    # Building the rule chains costs more than rendering a short note: do it once per process.
    global _PARSER
    if _PARSER is None:
        _PARSER = _build_parser()
    return _PARSER


def parse_markdown(text: str, env: MarkdownEnv) -> list[Token]:
    """The tokens of a note body (or a rationale), its citations and references found; problems go to ``env.report``."""
    with paused_gc():
        return _parser().parse(text, {"commentary": env})


# --------------------------------------------------------------------------- the core rules


def _demote_headings(state: StateCore) -> None:
    """"# Heading" in a note is a heading under the note's own: h1 becomes h4 (by default), never beyond h6."""
    env: MarkdownEnv | None = state.env.get("commentary")
    if env is None:
        return
    shift = env.first_heading_level - 1
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and len(token.tag) == 2 and token.tag[1].isdigit():
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"


# Block tokens that each make one box on the page: a paragraph, heading, list item, table row, quote, code block or rule.
_BLOCKS = frozenset({"paragraph_open", "heading_open", "list_item_open", "tr_open", "blockquote_open", "fence", "code_block", "hr"})
_NESTING = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
_UNNESTING = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})
# Inline tokens that each make a box of their own: emphasis, bold, struck-through text, code and links.
_SPANS = frozenset({"em_open", "strong_open", "s_open", "code_inline", "link_open"})
# The most columns a table may have (a wider one is refused, ``check.budgets``); the estimate of its
# printed lines stops growing there, so a table of 6,000 columns is not said to print 14,000 pages.
TABLE_COLUMNS = 12
# What a table cell needs beside its longest word, in characters: its padding and rule.
CELL_PADDING = 3


def _count_shape(state: StateCore) -> None:
    """Count what the text makes into ``env.shape``: one pass over the block tokens."""
    env: MarkdownEnv | None = state.env.get("commentary")
    if env is None:
        return
    shape = env.shape
    depth = column = 0
    table_line = cell_characters = 0
    in_table = False
    words: list[int] = []  # the longest word of each column of the table being read
    tokens = state.tokens
    for index, token in enumerate(tokens):
        kind = token.type
        line = env.first_line + (token.map[0] if token.map else 0)
        if kind in _BLOCKS and not token.hidden:  # a tight list item's paragraph is hidden: it makes no box of its own
            shape.blocks += 1
            if kind == "heading_open":
                shape.headings += 1
            elif kind == "tr_open":
                column = 0
            elif kind in ("fence", "code_block"):
                shape.characters += len(token.content)
                shape.blocks += token.content.count("\n")  # every line of code is a line of its own
        if kind == "inline":
            shape.characters += len(token.content)
            # The printed words only: a link's address is not printed, so a long one in [words](address) is fine.
            longest = _longest_word(token)
            if longest > shape.longest_word.size:
                shape.longest_word = Extent(longest, line)
            if in_table:
                cell_characters += len(token.content)
            for child in token.children or ():
                # A cross-reference the engine made into a link is counted as a reference, not again as a span.
                if child.type in _SPANS and not (child.type == "link_open" and "unit_id" in child.meta):
                    shape.spans += 1
                elif child.type == "hardbreak":
                    shape.blocks += 1  # a line of its own, as a one-line paragraph
        elif kind == "table_open":
            table_line, words, cell_characters, in_table = line, [], 0, True
        elif kind in ("th_open", "td_open"):
            shape.table_cells += 1
            if column == len(words):
                words.append(0)
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.type == "inline":
                words[column] = max(words[column], _longest_word(following))
            column += 1
        elif kind == "table_close":
            # Text in a table of n columns is set in lines n times narrower, so it takes n times the
            # lines (and the layout work) of the same text across the page: counted so.
            shape.characters += cell_characters * (min(len(words), TABLE_COLUMNS) - 1)
            in_table = False
            shape.widest_table = max(shape.widest_table, Extent(len(words), table_line))
            shape.table_width = max(shape.table_width, Extent(sum(words) + CELL_PADDING * len(words), table_line))
        elif kind in _NESTING:
            depth += 1
            shape.depth = max(shape.depth, Extent(depth, line))
        elif kind in _UNNESTING:
            depth -= 1


def _longest_word(inline: Token) -> int:
    """The longest word a cell prints: its text, without the link targets and markup around it."""
    printed = " ".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
    return max((len(word) for word in printed.split()), default=0)


# Pandoc's footnote reference "[^1]" (and its definition "[^1]: text"): not part of the format.
_PANDOC_FOOTNOTE = re.compile(r"\[\^[^\[\]\s]{1,60}\]")


def _citations_and_references(state: StateCore) -> None:
    env: MarkdownEnv | None = state.env.get("commentary")
    if env is None:
        return
    block_line = 0
    for block in state.tokens:
        if block.map:
            block_line = block.map[0]
        if block.type == "inline" and block.children:
            block.children = _transform_inline(block.children, env, block_line)


def _transform_inline(children: list[Token], env: MarkdownEnv, block_line: int) -> list[Token]:
    """Rewrite runs of text (joined across soft line breaks, where a citation may wrap) outside links."""
    result: list[Token] = []
    run: list[Token] = []
    breaks_before_run = 0
    breaks_seen = 0
    link_depth = 0

    def flush() -> None:
        nonlocal run
        if run:
            result.extend(_transform_run(run, env, env.first_line + block_line + breaks_before_run,
                                         inside_link=link_depth > 0))
            run = []

    for index, token in enumerate(children):
        if token.type == "link_open" and env.report is not None and index + 1 < len(children) and children[index + 1].content.startswith("^"):
            # "[^1]" became a link because "[^1]: https://…" defined it as a reference.
            _footnote_warning(env, env.first_line + block_line + breaks_seen)
        if token.type in ("text", "softbreak"):
            if not run:
                breaks_before_run = breaks_seen
            run.append(token)
            if token.type == "softbreak":
                breaks_seen += 1
            continue
        flush()
        if token.type == "hardbreak":
            breaks_seen += 1
        elif token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth -= 1
        result.append(token)
    flush()
    return result


def _footnote_warning(env: MarkdownEnv, line: int) -> None:
    if env.report is None or env.warnings_left <= 0:
        return
    env.warnings_left -= 1
    env.report.add(FOOTNOTE_SYNTAX, "'[^…]' is pandoc footnote syntax, which this site prints as it is", Location(env.path, line))


def _transform_run(run: list[Token], env: MarkdownEnv, first_line: int, inside_link: bool) -> list[Token]:
    text = "".join("\n" if token.type == "softbreak" else token.content for token in run)
    lines = LineCounter(text, first_line)
    if env.report is not None and "[^" in text:
        for match in _PANDOC_FOOTNOTE.finditer(text):
            _footnote_warning(env, lines.line(match.start()))
    # A footnote marker or a link inside a link's text would nest <a> elements.
    if inside_link or ("@" not in text and not any(c.isdigit() for c in text)):
        return run
    # (start, end, tokens to put there) for each citation and reference, in text order.
    replacements: list[tuple[int, int, list[Token]]] = []
    citations = find_citations(text)
    for citation in citations:
        location = Location(env.path, lines.line(citation.start))
        if citation.cluster is None:
            if env.report is not None:
                env.report.add(CITATION_SYNTAX, citation.error or "malformed citation", location)
            continue
        env.footnotes.cite(citation.cluster, location)
        env.shape.footnotes += 1
        marker = Token("citation", "", 0)
        marker.meta = {"cluster": citation.cluster}
        marker.content = text[citation.start:citation.end]
        replacements.append((citation.start, citation.end, [marker]))
    # Both lists are in text order and citations do not overlap, so one pointer finds the
    # citation a reference may fall in (testing every pair was quadratic).
    taken = [(citation.start, citation.end) for citation in citations]
    next_citation = 0
    # Every provision named counts, linked or not: each is work for the scanner and the reader.
    left = None if env.reference_limit is None else max(0, env.reference_limit - env.shape.references)
    references = find_references(text, instrument=env.instrument, current_article=env.current_article, mode="commentary", limit=left)
    env.shape.references += len(references)
    for reference in references:
        while next_citation < len(taken) and taken[next_citation][1] <= reference.start:
            next_citation += 1
        if next_citation < len(taken) and taken[next_citation][0] < reference.end:
            continue  # a provision named inside a citation's pinpoint ("[@iccpr-1966, art 17]")
        if reference.problem:
            if env.report is None:
                continue
            if env.unreported_unit is not None and reference.written_id and env.unreported_unit(reference.written_id):
                continue  # the provision's article or unit did not load: reported there
            env.report.add(XREF_UNKNOWN, f"'{text[reference.start:reference.end]}': {reference.problem}",
                           Location(env.path, lines.line(reference.start)))
            continue
        replacements.append((reference.start, reference.end, _link_tokens(text[reference.start:reference.end], reference.unit_id or "")))
        env.links_made += 1
    if not replacements:
        return run
    replacements.sort(key=lambda item: item[0])
    tokens: list[Token] = []
    position = 0
    for start, end, new_tokens in replacements:
        tokens.extend(_text_tokens(text[position:start]))
        tokens.extend(new_tokens)
        position = end
    tokens.extend(_text_tokens(text[position:]))
    return tokens


def _text_tokens(text: str) -> list[Token]:
    """Plain text; line breaks become softbreak tokens again so rendering matches the source."""
    tokens = []
    for index, line in enumerate(text.split("\n")):
        if index:
            tokens.append(Token("softbreak", "br", 0))
        if line:
            token = Token("text", "", 0)
            token.content = line
            tokens.append(token)
    return tokens


def _link_tokens(words: str, unit_id: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrs = {"class": "xref"}
    opening.meta = {"unit_id": unit_id}
    closing = Token("link_close", "a", -1)
    return [opening, *_text_tokens(words), closing]

