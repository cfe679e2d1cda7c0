"""Quotations of a treaty in commentary: which quoted passages are the text's own words, and whether a
passage leaves out, from the sentence it was cut from, words that limit what it says.

What counts as a quotation of the text
    A passage between double quotation marks (“…” or "…") of four words or more, found word for word
    (spacing, apostrophes and capitals aside) in the text. The provisions named in the same sentence of
    the commentary are searched first, with everything under them; failing that, the passage must occur
    in exactly one paragraph, recital or interpretative note of the text. A passage found nowhere is not
    a quotation of the text (it may quote a report or a proposal) and is left alone; so is a term of one
    to three words. "…", "..." or "[…]" inside the quotation marks an omission: the pieces must occur in
    that order in one provision.

When a cut is reported
    Commentary works the text's words into its own sentences, so a fragment that starts or stops inside
    a sentence of the text is not wrong in itself. It is reported when the words it leaves out of that
    sentence contain a phrase that limits the rule quoted: a comma-separated part of the omitted words
    that begins with one of ``LIMITING_PHRASES`` ("in accordance with", "to the extent", "subject to" …).
    Only parts left out whole count, not the part the quotation starts or stops inside, which the
    commentary usually paraphrases ('obligations "under international human rights law"'). The sentence
    runs between full stops, semicolons and colons; for a subparagraph it includes the words that
    introduce its list and the closing words after it. A cut marked with an ellipsis at that end of the
    quotation is the writer's own signal and is not reported.

Everything here is linear in the text scanned, and the number of quotations looked at in one text is
bounded (``MAX_QUOTATIONS``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Instrument, Provision
from .xrefs import find_references

MIN_WORDS = 4
MAX_QUOTATIONS = 300  # per text (a note body, a rationale, an assessment); the rest are not examined
MAX_QUOTE_CHARS = 2000

# Phrases that, opening a part of a sentence, limit the rule the sentence states. Lower case.
LIMITING_PHRASES: tuple[str, ...] = (
    "in accordance with", "in accordance and", "in a manner consistent with", "consistent with",
    "in conformity with", "to the extent", "subject to", "without prejudice to", "unless", "except",
    "save as", "save where", "provided that", "only", "in so far as", "insofar as", "where appropriate",
    "as appropriate", "when appropriate", "if appropriate", "where possible", "wherever possible",
    "where applicable", "as applicable", "within its means", "within their means", "where not prohibited",
    "if permitted", "where permitted",
)

_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")
_QUOTE = re.compile(rf'“([^“”\n]{{1,{MAX_QUOTE_CHARS}}})”|"([^"\n]{{1,{MAX_QUOTE_CHARS}}})"')
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_SENTENCE_END = re.compile(r"[.;:](?=\s|$)")
_COMMENTARY_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(“\"*]|\s*$)")
_BRACKETED_LETTER = re.compile(r"\[(\w)\]")


def normalise(text: str) -> str:
    """Spacing, apostrophes and capitals aside: the form in which quotations are compared with the text."""
    return _spaced(text).lower()


def _spaced(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening quotation mark in the commentary text
    text: str  # the words between the marks


@dataclass(frozen=True)
class Cut:
    """A quotation of a provision that leaves out limiting words of its sentence, at one end or both."""

    quotation: Quotation
    unit: Provision | str  # the provision quoted (or a recital's or note's id)
    before: str  # the limiting words left out before the quotation ("" when none)
    after: str  # the limiting words left out after it


def quotations(text: str) -> Iterator[Quotation]:
    """Quoted passages of four words or more, outside code spans, at most ``MAX_QUOTATIONS``."""
    masked = _CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    found = 0
    for match in _QUOTE.finditer(masked):
        words = match.group(1) if match.group(1) is not None else match.group(2)
        if len(_ELLIPSIS.sub(" ", words).split()) < MIN_WORDS:
            continue
        yield Quotation(match.start(), words)
        found += 1
        if found >= MAX_QUOTATIONS:
            return


@dataclass
class _Unit:
    """A provision (or recital, or interpretative note) with the words around it that share its sentences."""

    key: Provision | str
    own: str  # its wording, with everything under it, normalised
    lead: str  # the words of its ancestors before it (a list's introduction), spacing normalised
    close: str  # the closing words of its ancestors after it, spacing normalised
    shown: str = ""  # ``own`` with its capitals, for messages (same length as ``own``, else empty)


class QuotedText:
    """One treaty text, prepared for finding quotations in it: built once per check."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self._units: dict[str, _Unit] = {}
        self._tops: list[str] = []
        for article in instrument.articles.values():
            for paragraph in article.paragraphs:
                self._add(paragraph, "", "", top=True)
        for recital in (*instrument.preamble, *instrument.final_clauses):
            self._add(recital, "", "", top=True)
        for note in instrument.notes:
            self._units[note.id] = _Unit(note.id, normalise(note.text), "", "", _spaced(note.text))
            self._tops.append(note.id)

    def _add(self, unit: Provision, lead: str, close: str, top: bool = False) -> str:
        children = [self._add(child, f"{lead} {_spaced(unit.text)}".strip(), f"{_spaced(unit.tail)} {close}".strip()) for child in unit.children]
        own = " ".join(part for part in (normalise(unit.text), *children, normalise(unit.tail)) if part)
        self._units[unit.id] = _Unit(unit, own, lead, close, _spaced(" ".join(_flat(unit))))
        if top:
            self._tops.append(unit.id)
        return own

    def _deepest(self, unit_id: str, pieces: list[str]) -> _Unit | None:
        """The most specific unit at or under ``unit_id`` whose wording holds the pieces in order."""
        unit = self._units.get(unit_id)
        if unit is None or _span(unit.own, pieces) is None:
            return None
        key = unit.key
        if isinstance(key, Provision):
            for child in key.children:
                deeper = self._deepest(child.id, pieces)
                if deeper is not None:
                    return deeper
        return unit

    def locate(self, pieces: list[str], cited: list[str]) -> _Unit | None:
        """The provision a quotation comes from: under a provision cited beside it, else the one paragraph that holds it."""
        for unit_id in cited:
            article = self.instrument.articles.get(unit_id)
            candidates = [p.id for p in article.paragraphs] if article is not None else [unit_id]
            for candidate in candidates:
                found = self._deepest(candidate, pieces)
                if found is not None:
                    return found
        holders = [top for top in self._tops if _span(self._units[top].own, pieces) is not None]
        return self._deepest(holders[0], pieces) if len(holders) == 1 else None

    def cuts(self, commentary: str) -> Iterator[Cut]:
        """Every quotation in ``commentary`` that leaves limiting words of its sentence out, unmarked."""
        ends = [m.end() for m in _COMMENTARY_SENTENCE_END.finditer(commentary)]
        for quotation in quotations(commentary):
            found = self.cut(quotation, commentary, ends)
            if found is not None:
                yield found

    def cut(self, quotation: Quotation, commentary: str, sentence_ends: list[int] | None = None) -> Cut | None:
        """The limiting words a quotation leaves out of its sentence, unmarked; None when it leaves out none
        (or is not a quotation of this text). ``sentence_ends``: the commentary's sentence ends, if known."""
        words = _BRACKETED_LETTER.sub(r"\1", quotation.text)
        marked_before = bool(_ELLIPSIS.match(words.strip()))
        marked_after = bool(re.search(r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\])\s*$", words))
        pieces = [normalise(piece) for piece in _ELLIPSIS.split(words)]
        pieces = [piece.strip(" ,;:") for piece in pieces if piece.strip(" ,;:")]
        if not pieces:
            return None
        if sentence_ends is None:
            sentence_ends = [m.end() for m in _COMMENTARY_SENTENCE_END.finditer(commentary)]
        unit = self.locate(pieces, self._cited(commentary, quotation.start, sentence_ends))
        if unit is None:
            return None
        span = _span(unit.own, pieces)
        assert span is not None
        start, end = span
        # The same words with their capitals where the two forms line up (they do unless lower-casing changed a length).
        own = unit.shown if len(unit.shown) == len(unit.own) else unit.own
        head = f"{unit.lead} {own[:start]}" if unit.lead else own[:start]
        tail = f"{own[end:]} {unit.close}" if unit.close else own[end:]
        quoted_nearby = self._quoted_in_sentence(commentary, quotation.start, sentence_ends)
        before = "" if marked_before else _limiting(_sentence_head(head), before=True, quoted=quoted_nearby)
        after = "" if marked_after else _limiting(_sentence_tail(tail), before=False, quoted=quoted_nearby)
        if not before and not after:
            return None
        return Cut(quotation, unit.key, before, after)

    def _quoted_in_sentence(self, commentary: str, position: int, sentence_ends: list[int]) -> list[str]:
        """Everything quoted in the commentary's sentence around ``position``, normalised."""
        start, end = _sentence_around(commentary, position, sentence_ends)
        return [normalise(_ELLIPSIS.sub(" ", m.group(1) or m.group(2) or "")) for m in _QUOTE.finditer(commentary, start, end)]

    def _cited(self, commentary: str, position: int, sentence_ends: list[int]) -> list[str]:
        """The provisions of this text named in the commentary's sentence around ``position``, nearest first."""
        sentence_start, sentence_end = _sentence_around(commentary, position, sentence_ends)
        sentence = commentary[sentence_start:sentence_end]
        references = find_references(sentence, instrument=self.instrument, current_article=None)
        offset = position - sentence_start
        ordered = sorted((r for r in references if r.unit_id and r.problem is None), key=lambda r: (r.start < offset, abs(r.start - offset)))
        return list(dict.fromkeys(r.unit_id for r in ordered if r.unit_id))


def _flat(unit: Provision) -> Iterator[str]:
    """A provision's words with everything under it, in order."""
    if unit.text:
        yield unit.text
    for child in unit.children:
        yield from _flat(child)
    if unit.tail:
        yield unit.tail


# A commentary "sentence" is looked at no further than this on either side of a quotation, so a text
# without full stops cannot make each of its quotations rescan the whole text.
_SENTENCE_REACH = 1500


def _sentence_around(commentary: str, position: int, sentence_ends: list[int]) -> tuple[int, int]:
    index = bisect.bisect_right(sentence_ends, position)
    start = sentence_ends[index - 1] if index else 0
    end = sentence_ends[index] if index < len(sentence_ends) else len(commentary)
    return max(start, position - _SENTENCE_REACH), min(end, position + _SENTENCE_REACH)


def _span(haystack: str, pieces: list[str]) -> tuple[int, int] | None:
    """Where the pieces occur in order in ``haystack``: from the first's start to the last's end."""
    position = haystack.find(pieces[0])
    if position < 0:
        return None
    start = position
    end = position + len(pieces[0])
    for piece in pieces[1:]:
        position = haystack.find(piece, end)
        if position < 0:
            return None
        end = position + len(piece)
    return start, end


def _sentence_head(head: str) -> str:
    """The words of the sentence before the quotation: after the last full stop, semicolon or colon."""
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    return head[ends[-1]:] if ends else head


def _sentence_tail(tail: str) -> str:
    """The words of the sentence after the quotation: up to the next full stop, semicolon or colon."""
    match = _SENTENCE_END.search(tail)
    return tail[:match.start()] if match else tail


_NEW_LIMB = ("and ", "or ")


def _limiting(words: str, before: bool, quoted: list[str]) -> str:
    """The comma-separated parts of the omitted ``words`` that open with a limiting phrase, joined ("" when
    none). Only parts left out whole count, nearest first; the search stops where a coordinated limb ("and
    …", "or …") begins, since what qualifies another limb does not qualify the words quoted. A part that
    the same commentary sentence quotes as well is not left out."""
    parts = [part.strip() for part in words.split(",")]
    if len(parts) < 2:
        return ""
    # Nearest first: backwards from the quotation for the words before it, forwards for those after.
    touching, whole = (parts[-1], parts[-2::-1]) if before else (parts[0], parts[1:])
    if _opens_limb(touching):
        return ""
    found = []
    for part in whole:
        if _opens_limb(part):
            break
        if part.lower().startswith(LIMITING_PHRASES) and not any(part.lower() in other for other in quoted):
            found.append(part)
    return ", ".join(reversed(found) if before else found)


def _opens_limb(part: str) -> bool:
    lowered = part.lower()
    return lowered.startswith(_NEW_LIMB) or lowered in ("and", "or")
