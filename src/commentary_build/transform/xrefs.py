"""Cross-references: find the provisions a text names ("art 40(21)(b)", "articles 7 to 16 of this
Convention", "paragraph 4 of this article") and resolve them to unit ids of an instrument.

A reference is a span of the text (``start``/``end`` offsets) and a unit id; a renderer wraps
exactly ``text[start:end]`` in a link, so linking never changes a character of the text.

What is recognised
    An article keyword (Article, article, art, Art., arts, Arts, articles) and a number, then
    any of: bracketed labels ("40(21)(b)", "2 (e)"), ", paragraph N" / ", para. N" with labels,
    and further items joined by ",", "and", "or", "to", "-", "–": another article number
    ("articles 42 and 43"; a bare ", 61" only after a plural keyword), another paragraph
    ("paragraph 21 (b) and (c), and paragraph 22"), or a sibling label ("(b) and (c)",
    "(a) (i) or (ii) or (b) (i)"). Ranges are linked at both ends.
    In treaty text, "paragraph(s) N ... of this article" resolves against the current article.

What is not linked (documented rule)
    * Draft numbering and proposals: a reference preceded by "CND", "draft" or "proposed"
      ("CND art 61", "draft article 61", "the proposed Article 40(21)(e)").
    * Another instrument's provisions: a reference followed by "of" + anything other than
      "this Convention" / "the Convention" / "the present Convention" / "this article"
      ("article 8 of the ECHR", "article 5 of Convention 108"); one preceded by an
      instrument's name or acronym ("ICCPR art 17", "Budapest Convention, article 15",
      "Convention 108 art 5"); one followed by an acronym ("art 17 ICCPR").
    * In commentary, "paragraph N of this article" (there "this article" may be the author's essay).

Numbers become ids as the text loader builds them: article N → art-N, paragraph P → art-N-P,
subparagraph x → art-N-P-x (art-N-x where paragraphs are unnumbered), clause → one more level.
The reference points at the most specific unit that exists; if the written provision does
not exist, ``problem`` says so (and ``unit_id`` is the nearest existing ancestor, or None).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ..model import Article, Instrument, Note, ids

Mode = Literal["commentary", "treaty"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    unit_id: str | None
    problem: str | None = None
    written_id: str | None = None  # the id of the provision as written, when it does not exist ("art-40-33")


# --------------------------------------------------------------------------- lexical pieces

_ARTICLE_KW = re.compile(r"(?<![\w.])(?P<kw>articles|article|arts\.?|art\.?)(?=[\s\u00a0]*\d)", re.IGNORECASE)
_PARAGRAPH_KW = re.compile(r"(?P<kw>paragraphs|paragraph|paras\.?|para\.?)(?=[\s\u00a0]*\d)", re.IGNORECASE)
_SPACE = re.compile(r"[\s\u00a0]*")
_NUMBER = re.compile(r"\d+(?![\d\w])")
# A bracketed label directly after a number or label, at most one space before it: "(21)", " (b)", "(ii)".
_LABEL = re.compile(r"[ \u00a0]?\((?P<label>\d+|[a-z]{1,2}|[ivx]{1,5})\)")
_SEPARATOR = re.compile(r"(?:[ \u00a0]*,)?(?:[\s\u00a0]+(?:and|or|to)[\s\u00a0]+|[\s\u00a0]*[-–—][\s\u00a0]*|[\s\u00a0]+)")
_GAP = re.compile(r"[ \u00a0]*,?[\s\u00a0]*")

_THIS_INSTRUMENT = re.compile(
    r",?[\s\u00a0]+of[\s\u00a0]+(?:this|the[\s\u00a0]+present)[\s\u00a0]+Convention\b"
    # "of the Convention on the Rights of the Child" names another convention; "of the Convention" alone is this one
    r"|,?[\s\u00a0]+of[\s\u00a0]+the[\s\u00a0]+Convention\b"
    r"(?![\s\u00a0]+(?:on|relating|concerning)\b|[\s\u00a0]+against[\s\u00a0]+(?!Cybercrime\b))"
)
_THIS_ARTICLE = re.compile(r",?[\s\u00a0]+of[\s\u00a0]+this[\s\u00a0]+article\b", re.IGNORECASE)
_OF_OTHER = re.compile(r",?[\s\u00a0]+of[\s\u00a0]+\S")
_FOLLOWED_BY_ACRONYM = re.compile(r",?[\s\u00a0]+(?:[A-Z]{2,}[A-Za-z0-9+]*|Convention[\s\u00a0]+\d+)\b")
_DRAFT_BEFORE = re.compile(r"\b(?:CND|draft|proposed)[\s\u00a0]*$", re.IGNORECASE)
_OTHER_INSTRUMENT_BEFORE = re.compile(
    r"(?:\b[A-Z]{2,}[A-Za-z0-9+]*|\b(?!(?:The|This)\b)[A-Z][a-z]+[\s\u00a0]+(?:Convention|Protocol|Covenant|Charter|Regulation|Directive)"
    r"|\bConvention[\s\u00a0]+\d+\+?|\b(?:Protocol|Covenant|Charter|Regulation|Directive))[\s\u00a0]*,?[\s\u00a0]*$"
)
_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")


def _always(value: _T | None) -> _T:
    """``value``, which cannot be None here (a pattern that matches the empty string, a match already made)."""
    assert value is not None
    return value


def _label_kinds(label: str) -> set[str]:
    """What a bracketed label can be: a paragraph number, a subparagraph letter, or a roman clause number."""
    if label.isdigit():
        return {"number"}
    kinds = set()
    if len(label) == 1 or (len(label) == 2 and label[0] == label[1]):  # "b", "aa"
        kinds.add("letter")
    if _ROMAN.match(label):
        kinds.add("roman")
    return kinds


def _next_level_kind(parent_kind: str | None, label: str) -> str:
    """The kind of a label nested under ``parent_kind``: letters under paragraphs, roman numbers under letters."""
    kinds = _label_kinds(label)
    if "number" in kinds:
        return "number"
    if parent_kind == "letter" and "roman" in kinds:
        return "roman"
    if "letter" in kinds:
        return "letter"
    return next(iter(kinds)) if kinds else "letter"


@dataclass
class _Item:
    """One provision as written: the article number and the labels under it, with its span."""

    start: int
    end: int
    article: str | None  # None: "this article"
    labels: list[tuple[str, str]]  # (label, kind)


# --------------------------------------------------------------------------- the scanner

_UNLIMITED = sys.maxsize


def find_references(text: str, *, instrument: Instrument, current_article: Article | None,
                    mode: Mode = "commentary", limit: int | None = None) -> list[Reference]:
    """Every provision of ``instrument`` named in ``text``, in order, with exact spans; only the
    first ``limit`` when one is given (a text over its budget is refused, the rest need not be read)."""
    references: list[Reference] = []
    room = _UNLIMITED if limit is None else limit
    position = 0
    # The next keyword of each kind is kept until the scan passes it: searching both again
    # from every position made a text with many of one kind and one far-off other quadratic.
    article_match: re.Match[str] | None = None
    paragraph_match: re.Match[str] | None = None
    article_done = False
    paragraph_done = mode != "treaty" or current_article is None
    while True:
        if not article_done and (article_match is None or article_match.start() < position):
            article_match = _ARTICLE_KW.search(text, position)
            article_done = article_match is None
        if not paragraph_done and (paragraph_match is None or paragraph_match.start() < position):
            paragraph_match = _search_paragraph_group(text, position)
            paragraph_done = paragraph_match is None
        match = min((m for m in (article_match, paragraph_match) if m is not None), key=lambda m: m.start(), default=None)
        if match is None:
            break
        if match is article_match:
            items, end = _parse_article_group(text, match, room - len(references))
        else:
            items, end = _parse_paragraph_items(text, match, article=None, start=match.start(), room=room - len(references))
        if not items:
            position = match.end()
            continue
        position = end
        if _excluded(text, match.start(), end, match is not article_match, instrument):
            continue
        this_article = match is not article_match
        if this_article and not _THIS_ARTICLE.match(text, end):
            continue
        for item in items:
            # An item without an article number comes from "paragraph N of this article", read only with a current article.
            article_number = _always(current_article).number if item.article is None else item.article
            references.append(_resolve(item, article_number, instrument))
        if len(references) >= room:
            return references[:room]
    return references


def _search_paragraph_group(text: str, position: int) -> re.Match[str] | None:
    for match in _PARAGRAPH_KW.finditer(text, position):
        if match.start() == 0 or not (text[match.start() - 1].isalnum() or text[match.start() - 1] in "._"):
            return match
    return None


def _excluded(text: str, start: int, end: int, is_paragraph_group: bool, instrument: Instrument) -> bool:
    before = text[max(0, start - 60):start]
    if _DRAFT_BEFORE.search(before):
        return True
    if is_paragraph_group:
        return False
    if _OTHER_INSTRUMENT_BEFORE.search(before) and not _names_this_instrument(before, instrument):
        return True
    if _THIS_INSTRUMENT.match(text, end) or _THIS_ARTICLE.match(text, end):
        return False
    return bool(_OF_OTHER.match(text, end) or _FOLLOWED_BY_ACRONYM.match(text, end))


def _names_this_instrument(before: str, instrument: Instrument) -> bool:
    """True when the words before a reference are this instrument's own name ("UNCC art 40")."""
    tail = before.rstrip(" \u00a0\n\t,")
    names = [instrument.short_title, instrument.id.upper(), instrument.title]
    return any(name and tail.endswith(name) for name in names)


def _parse_article_group(text: str, keyword: re.Match[str], room: int = _UNLIMITED) -> tuple[list[_Item], int]:
    """An article keyword and everything that continues it (at most ``room`` items); returns the items and where the group ends."""
    plural = keyword.group("kw").lower().rstrip(".") in ("articles", "arts")
    position = _always(_SPACE.match(text, keyword.end())).end()
    number = _NUMBER.match(text, position)
    if not number:
        return [], keyword.end()
    item = _Item(keyword.start(), number.end(), number.group(), [])
    position = _parse_labels(text, number.end(), item)
    items = [item]
    while len(items) < room:
        # "article 40, paragraph 21 (b)" (or without the comma) is one link, to the paragraph.
        gap = _always(_GAP.match(text, position))
        paragraph = _PARAGRAPH_KW.match(text, gap.end())
        if paragraph:
            merge = not item.labels and item is items[-1] and item.article is not None
            new_items, end = _parse_paragraph_items(text, paragraph, article=item.article,
                                                    start=item.start if merge else paragraph.start(), room=room - len(items) + merge)
            if not new_items:
                break
            if merge:
                items.pop()
            items.extend(new_items)
            item, position = new_items[-1], end
            continue
        separator = _SEPARATOR.match(text, position)
        if not separator or not separator.group().strip(" \u00a0\n\t"):
            break
        joiner = separator.group().strip(" \u00a0\n\t,")
        after = separator.end()
        paragraph = _PARAGRAPH_KW.match(text, after)
        if paragraph:  # ", and paragraph 22": another paragraph of the same article
            new_items, end = _parse_paragraph_items(text, paragraph, article=item.article, start=paragraph.start(), room=room - len(items))
            if not new_items:
                break
            items.extend(new_items)
            item, position = new_items[-1], end
            continue
        if (label := _LABEL.match(text, after)) and item.labels:
            item, position = _parse_sibling(text, label, item)
            items.append(item)
            continue
        number = _NUMBER.match(text, after)
        # A bare ", 61" continues only a plural keyword ("articles 57, 61 and 62"); after
        # "article 5" a comma and a number is ordinary prose ("article 5, 12 States").
        if number and (plural or (joiner and "," not in separator.group())):
            item = _Item(number.start(), number.end(), number.group(), [])
            position = _parse_labels(text, number.end(), item)
            items.append(item)
            continue
        break
    return items, position


def _parse_paragraph_items(text: str, keyword: re.Match[str], article: str | None, start: int, room: int = _UNLIMITED) -> tuple[list[_Item], int]:
    """"paragraph 21 (b) and (c)", "paragraphs 9 and 10", "paragraph 2 (a) to (c)" under one article (at most ``room`` items)."""
    plural = keyword.group("kw").lower().rstrip(".") in ("paragraphs", "paras")
    position = _always(_SPACE.match(text, keyword.end())).end()
    number = _NUMBER.match(text, position)
    if not number:
        return [], keyword.end()
    item = _Item(start, number.end(), article, [(number.group(), "number")])
    position = _parse_labels(text, number.end(), item)
    items = [item]
    while len(items) < room:
        separator = _SEPARATOR.match(text, position)
        if not separator or not separator.group().strip(" \u00a0,"):
            break
        after = separator.end()
        if (label := _LABEL.match(text, after)) and len(item.labels) > 1:
            item, position = _parse_sibling(text, label, item)
            items.append(item)
            continue
        number = _NUMBER.match(text, after)
        if number and (plural or "," not in separator.group()):
            item = _Item(number.start(), number.end(), article, [(number.group(), "number")])
            position = _parse_labels(text, number.end(), item)
            items.append(item)
            continue
        break
    return items, position


def _parse_labels(text: str, position: int, item: _Item) -> int:
    while True:
        label = _LABEL.match(text, position)
        if not label:
            return position
        parent_kind = item.labels[-1][1] if item.labels else None
        value = label.group("label")
        # Directly after an article number a numeral is its paragraph; a letter a subparagraph
        # (of an article whose paragraphs are unnumbered).
        item.labels.append((value, _next_level_kind(parent_kind, value)))
        item.end = label.end()
        position = label.end()


def _parse_sibling(text: str, label: re.Match[str], previous: _Item) -> tuple[_Item, int]:
    """"(c)" after "21 (b) and": replaces the deepest label of the same kind, keeps the levels above it."""
    value = label.group("label")
    kinds = _label_kinds(value)
    level = len(previous.labels) - 1
    while level > 0 and previous.labels[level][1] not in kinds:
        level -= 1
    if previous.labels[level][1] not in kinds and level == 0:
        level = len(previous.labels) - 1
    parent_kind = previous.labels[level - 1][1] if level > 0 else None
    labels = previous.labels[:level] + [(value, _next_level_kind(parent_kind, value))]
    # The span starts at the bracket itself (no leading space), so the link covers "(c)".
    start = label.start() + (1 if text[label.start()] != "(" else 0)
    item = _Item(start, label.end(), previous.article, labels)
    return item, _parse_labels(text, label.end(), item)


# --------------------------------------------------------------------------- resolution


def _resolve(item: _Item, article_number: str, instrument: Instrument) -> Reference:
    written = _written(article_number, item.labels)
    article_id = ids.article_id(article_number)
    labels = [label.lower() for label, _kind in item.labels]
    wanted = article_id + "".join(f"-{label}" for label in labels)
    if article_id not in instrument.index and article_id not in instrument.articles:
        return Reference(item.start, item.end, None, f"{written} does not exist in {instrument.short_title}", wanted)
    best = article_id
    for depth in range(1, len(labels) + 1):
        candidate = article_id + "".join(f"-{label}" for label in labels[:depth])
        if candidate in instrument.index:
            best = candidate
            continue
        return Reference(item.start, item.end, best, f"{written} does not exist in {instrument.short_title}", wanted)
    return Reference(item.start, item.end, best)


def _written(article_number: str, labels: list[tuple[str, str]]) -> str:
    """The provision in OSCOLA pinpoint form, for messages: "art 40(21)(b)"."""
    return f"art {article_number}" + "".join(f"({label})" for label, _kind in labels)


# --------------------------------------------------------------------------- rendering


def split_at_references(text: str, references: Iterable[Reference]) -> list[tuple[str, str | None]]:
    """``text`` in pieces, each with the unit it names (None for the words between): no character changes."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for reference in sorted(references, key=lambda r: r.start):
        if reference.unit_id is None or reference.start < position:
            continue
        if reference.start > position:
            pieces.append((text[position:reference.start], None))
        pieces.append((text[reference.start:reference.end], reference.unit_id))
        position = reference.end
    if position < len(text) or not pieces:
        pieces.append((text[position:], None))
    return pieces


# --------------------------------------------------------------------------- the index of one build


@dataclass
class ReferenceIndex:
    """Every cross-reference in the treaty texts, and what refers to each article, found once per build."""

    # (instrument id, unit id, "text" | "tail") -> the references in that run of wording
    in_text: dict[tuple[str, str, str], list[Reference]] = field(default_factory=dict)
    # (instrument id, article id) -> {(id of the article that refers to it, "text" | "commentary")}
    referred_by: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)
    found_in_text: int = 0
    seconds: float = 0.0

    @classmethod
    def build(cls, instruments: Mapping[str, Instrument], notes: Iterable[Note]) -> ReferenceIndex:
        started = time.perf_counter()
        index = cls()
        for instrument in instruments.values():
            index._find_in(instrument, instrument.articles.values())
        for note in notes:
            instrument = instruments[note.instrument_id]
            current = instrument.articles.get(note.article_id) if note.article_id else None
            if current is None:
                continue
            for ref in find_references(note.body, instrument=instrument, current_article=current, mode="commentary"):
                if ref.problem is None:
                    index._refer(instrument, ref.unit_id, current, "commentary")
        index.seconds = round(time.perf_counter() - started, 4)
        return index

    @classmethod
    def in_articles(cls, instrument: Instrument, articles: Iterable[Article]) -> ReferenceIndex:
        """The cross-references in the wording of some articles of a text only (what a document holding just those
        articles links), each resolved against the whole text."""
        started = time.perf_counter()
        index = cls()
        index._find_in(instrument, articles)
        index.seconds = round(time.perf_counter() - started, 4)
        return index

    def _find_in(self, instrument: Instrument, articles: Iterable[Article]) -> None:
        for article in articles:
            for unit in article.walk():
                for field_name, words in (("text", unit.text), ("tail", unit.tail)):
                    if not words:
                        continue
                    refs = [r for r in find_references(words, instrument=instrument, current_article=article, mode="treaty") if r.problem is None]
                    self.in_text[(instrument.id, unit.id, field_name)] = refs
                    self.found_in_text += len(refs)
                    for ref in refs:
                        self._refer(instrument, ref.unit_id, article, "text")

    def _refer(self, instrument: Instrument, unit_id: str | None, source: Article, kind: str) -> None:
        target = instrument.article_of(unit_id) if unit_id else None
        if target is None or target.id == source.id:
            return
        self.referred_by.setdefault((instrument.id, target.id), set()).add((source.id, kind))
