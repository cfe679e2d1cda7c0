"""Unit ids: the one place that knows how "art-40-21-b" is spelt, read and turned into other forms.

An id names a unit of a text and never changes when its wording does. The importer
writes them, notes and proposals target them, links and exports are made from them.

    art-40            article 40
    art-40-21         its paragraph 21             (art-2-u1: an unnumbered paragraph)
    art-40-21-b       subparagraph (b)             (art-2-e: under an unnumbered paragraph)
    art-2-e-ii        clause (ii) of (e)           (art-3-1-d2: the second dash item)
    pre-3             the third recital            (final-1, note-4, fn-1: clauses, notes, footnotes)
    chp-5, chp-2-sec-1-tit-2                       divisions

Labels are lower-case and carry no punctuation: "(b)" is "b", "21." is "21".
The Akoma Ntoso form (eId) follows the OASIS naming convention: ``art_40__para_21__list_1__item_b``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Protocol

ARTICLE = "art"
SEPARATOR = "-"
OVERVIEW = "overview"  # a note target that is the text as a whole, not a unit

# Matched in full (``fullmatch``), never with "$", which also accepts a final line feed ("art-40\n").
_PREFIX = re.compile(r"[a-z]+")
_LABEL = re.compile(r"[a-z0-9]+")
_PARAGRAPH = re.compile(r"[0-9]+|u[0-9]+")


class IdError(ValueError):
    """A string that is not a well-formed unit id."""


@dataclass(frozen=True)
class UnitId:
    """An id read into its parts: a prefix ("art", "pre", "chp", …) and the labels after it."""

    prefix: str
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return SEPARATOR.join((self.prefix, *self.parts))

    @property
    def is_article(self) -> bool:
        return self.prefix == ARTICLE and len(self.parts) == 1

    @property
    def article_number(self) -> str | None:
        return self.parts[0] if self.prefix == ARTICLE and self.parts else None

    @property
    def article_id(self) -> str | None:
        return article_id(self.parts[0]) if self.prefix == ARTICLE and self.parts else None

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels below the article ("21", "b") for an article unit; all parts otherwise."""
        return self.parts[1:] if self.prefix == ARTICLE else self.parts

    def ancestors(self) -> list[UnitId]:
        """The ids above this one, nearest first: art-40-21-b → art-40-21, art-40."""
        return [UnitId(self.prefix, self.parts[:n]) for n in range(len(self.parts) - 1, 0, -1)]


def parse(unit_id: str) -> UnitId:
    """Read an id; raises ``IdError`` for anything that is not lower-case labels joined by hyphens."""
    if not isinstance(unit_id, str) or not unit_id:
        raise IdError(f"{unit_id!r} is not an id")
    prefix, *parts = unit_id.split(SEPARATOR)
    if not _PREFIX.fullmatch(prefix) or not parts or not all(_LABEL.fullmatch(part) for part in parts):
        raise IdError(f"'{unit_id}' is not an id of the form art-40-21-b")
    return UnitId(prefix, tuple(parts))


def try_parse(unit_id: str) -> UnitId | None:
    try:
        return parse(unit_id)
    except IdError:
        return None


def label(printed: str) -> str:
    """The id form of a printed or typed label: "(b)" → "b", "21." → "21", "B" → "b"."""
    return printed.strip().strip("().").strip().lower()


def typed_article_number(text: str) -> str:
    """An article number as people type it ("art-40", "Art 40", "40.") in the form ids use: "40"."""
    return label(re.sub(r"^(?:art(?:icle)?[\s.-]*)", "", text.strip().lower()))


def article_id(number: str) -> str:
    """"40" → "art-40"; also accepts what people type: "art-40", "Art 40", "40."."""
    return f"{ARTICLE}{SEPARATOR}{typed_article_number(number)}"


def unit_id(article_number: str, *labels: str) -> str:
    """The id of a unit of an article: ("40", "21", "b") → "art-40-21-b"."""
    return SEPARATOR.join((article_id(article_number), *(label(part) for part in labels if part)))


def article_number(unit_id: str) -> str | None:
    """"art-40-21-b" → "40"; None for an id that is not inside an article."""
    parsed = try_parse(unit_id)
    return parsed.article_number if parsed else None


def is_article(unit_id: str) -> bool:
    parsed = try_parse(unit_id)
    return parsed is not None and parsed.is_article


def ancestors(unit_id: str) -> list[str]:
    parsed = try_parse(unit_id)
    return [str(parent) for parent in parsed.ancestors()] if parsed else []


# --------------------------------------------------------------------------- Akoma Ntoso
#
# eIds follow the OASIS Akoma Ntoso Naming Convention 1.0 (section 5.4): ``[prefix "__"] element_ref ["_" number]``,
# where the prefix is the eId of the context element, element_ref the element's name or the convention's
# abbreviation ("art", "para", "list", "chp", "sec", "recs", "rec", "att"), and an element without a printed
# number is counted ("recs__rec_3"; an unnumbered paragraph is "para_nn_1", "nn" standing for "no number"
# as in the convention's IRIs and in cobalt). Elements whose container carries no eId (the preamble, the
# conclusions) have no prefix; the annex is the attachment ``att_1`` and its own numbering context.

RECITALS_EID = "recs"
ANNEX_EID = "att_1"
_EID_PREFIX = {"art": "art", "pre": f"{RECITALS_EID}__rec", "final": "container", "note": f"{ANNEX_EID}__para",
               "fn": "authorialNote", "chp": "chp", "sec": "sec", "tit": "title"}


def _paragraph_piece(part: str) -> str:
    return f"para_nn_{part[1:]}" if part.startswith("u") else f"para_{part}"


@functools.lru_cache(maxsize=65536)
def eid(unit_id: str, parent_eid: str | None = None) -> str:
    """The Akoma Ntoso eId of a unit: art-40-21-b → art_40__para_21__list_1__item_b.

    Under an article the first label is a paragraph (a number, or "u1" for an unnumbered one,
    which is ``para_nn_1``); each further label is an item of the list its parent introduces.
    A label directly under the article that is a letter ("art-8-a") is an item of the list of
    the unnumbered paragraph it follows: give that paragraph's eId as ``parent_eid`` (``unit_eid``
    does) so the item's prefix is its context, as the convention asks. Divisions keep their
    nesting: chp-2-sec-1 → chp_2__sec_1. Raises ``IdError`` for an id this scheme cannot express.
    """
    parsed = parse(unit_id)
    if parsed.prefix == ARTICLE:
        if parent_eid is not None and len(parsed.parts) > 1:
            last = parsed.parts[-1]
            if len(parsed.parts) == 2 and _PARAGRAPH.fullmatch(last) and parent_eid == f"art_{parsed.parts[0]}":
                return f"{parent_eid}__{_paragraph_piece(last)}"
            return f"{parent_eid}__list_1__item_{last}"
        pieces = [f"art_{parsed.parts[0]}"]
        for depth, part in enumerate(parsed.parts[1:]):
            if depth == 0 and _PARAGRAPH.fullmatch(part):
                pieces.append(_paragraph_piece(part))
            else:
                pieces.append(f"list_1__item_{part}")
        return "__".join(pieces)
    if parsed.prefix == "chp":
        # chp-2-sec-1-tit-2: a chapter number, then kind/number pairs
        pieces = [f"chp_{parsed.parts[0]}"]
        rest = parsed.parts[1:]
        if len(rest) % 2:
            raise IdError(f"'{unit_id}' is not a division id of the form chp-2-sec-1")
        for kind, number in zip(rest[0::2], rest[1::2]):
            if kind not in _EID_PREFIX:
                raise IdError(f"'{unit_id}': unknown division kind '{kind}'")
            pieces.append(f"{_EID_PREFIX[kind]}_{number}")
        return "__".join(pieces)
    if parsed.prefix in _EID_PREFIX and len(parsed.parts) == 1:
        return f"{_EID_PREFIX[parsed.prefix]}_{parsed.parts[0]}"
    raise IdError(f"'{unit_id}' has no Akoma Ntoso form (prefix '{parsed.prefix}')")


class _HasParent(Protocol):
    id: str

    @property
    def parent(self) -> _HasParent | None: ...


def unit_eid(unit: _HasParent) -> str:
    """The eId of a unit of a text, its prefix the eId of the unit it sits in (``eid`` with its parent's eId)."""
    parent = unit.parent
    if parent is None:
        return eid(unit.id)
    return eid(unit.id, unit_eid(parent))


def list_eid(parent_eid: str) -> str:
    """The eId of the list a unit introduces: art_40__para_21 → art_40__para_21__list_1."""
    return f"{parent_eid}__list_1"


def annex_group_eid(number: int) -> str:
    """The eId of the n-th group of interpretative notes printed under one heading: att_1__hcontainer_1."""
    return f"{ANNEX_EID}__hcontainer_{number}"


def from_eid(eid_text: str) -> str:
    """The unit id of an article eId (the inverse of ``unit_eid`` for units of articles)."""
    pieces = eid_text.split("__")
    if not pieces or not pieces[0].startswith("art_"):
        raise IdError(f"'{eid_text}' is not the eId of a unit of an article")
    parts = [pieces[0].removeprefix("art_")]
    for position, piece in enumerate(pieces[1:], start=1):
        kind, _, value = piece.partition("_")
        if kind == "para" and value.startswith("nn_"):
            if position == len(pieces) - 1:  # the unnumbered paragraph itself; its items' ids leave it out ("art-8-a")
                parts.append("u" + value.removeprefix("nn_"))
        elif kind in ("para", "item"):
            parts.append(value)
        elif kind != "list":
            raise IdError(f"'{eid_text}': unexpected part '{piece}'")
    return SEPARATOR.join((ARTICLE, *parts))
