"""Line up two instruments article by article, with a word-level comparison of each pair.

A concordance (``model.concordance``) pairs units of a ``from`` text with units of a
``to`` text. Every comparison is computed once per build (``ComparisonIndex.build``);
pages only look theirs up. Rows follow the ``from`` text's order, with the paragraphs
only one text has placed where they fall.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Article, Instrument, InstrumentConcordance, InstrumentPair, Project, Provision
from .compare import ComparisonCache
from .redline import Segment

Compare = Callable[[str, str], list[Segment]]


def is_article_level(instrument: Instrument, unit_id: str) -> bool:
    return isinstance(instrument.index.get(unit_id), Article)


@dataclass
class Row:
    """One line-up of the comparison: a pair of units, or a paragraph that only one text has."""

    from_unit: Provision | Article | None
    to_unit: Provision | Article | None
    pair: InstrumentPair | None  # None for a paragraph the concordance pairs with nothing here
    segments: list[Segment]
    # For a paragraph without a counterpart in this article pair: its pairs with other
    # articles, so a page never calls a paragraph unique to one text when it is not.
    elsewhere: list[InstrumentPair] = field(default_factory=list)

    @property
    def only_in_one_text(self) -> bool:
        return (self.from_unit is None or self.to_unit is None) and not self.elsewhere


@dataclass
class Group:
    """Everything one concordance says about one article of each text."""

    concordance: InstrumentConcordance
    from_text: Instrument
    to_text: Instrument
    from_article: Article
    to_article: Article
    article_pair: InstrumentPair | None
    paragraph_pairs: list[InstrumentPair]
    rows: list[Row] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"compared-{self.to_text.id}-{self.to_article.id}"


@dataclass
class ComparisonIndex:
    by_from_article: dict[tuple[str, str], list[Group]] = field(default_factory=dict)
    by_to_article: dict[tuple[str, str], list[Group]] = field(default_factory=dict)

    compared: int = 0  # rows compared word by word
    seconds: float = 0.0
    @classmethod
    def build(cls, project: Project, store: ComparisonStore | None = None) -> ComparisonIndex:
        """``store``: where comparisons are kept between builds (``load.cache.ComparisonStore``), None to compare afresh."""
        started = time.perf_counter()
        index = cls()
        for concordance in project.instrument_concordances:
            from_text = project.instruments[concordance.from_instrument]
            to_text = project.instruments[concordance.to_instrument]
            name = ComparisonCache.file_name(_wording(to_text), _wording(from_text))
            cache = ComparisonCache(store.load(name) if store is not None else None)
            paired = _pairs_by_paragraph(concordance, from_text, to_text)
            for group in _groups(concordance, from_text, to_text):
                group.rows = _rows(group, cache.compare, paired)
                index.compared += len(group.rows)
                index.by_from_article.setdefault((from_text.id, group.from_article.id), []).append(group)
                index.by_to_article.setdefault((to_text.id, group.to_article.id), []).append(group)
            if store is not None:
                if cache.added or cache.rejected:
                    store.save(name, cache.merged(store.load(name)))
                else:
                    store.used(name)
        index.seconds = round(time.perf_counter() - started, 4)
        return index


class ComparisonStore(Protocol):
    """Where comparisons are kept between builds: what ``load.cache.ComparisonStore`` does (the engine's
    pure transformations never touch the disk themselves)."""

    def load(self, name: str) -> object: ...

    def save(self, name: str, data: object) -> None: ...

    def used(self, name: str) -> None: ...


def _wording(instrument: Instrument) -> Iterator[str]:
    """Every article's wording, in order: what names the file its comparisons are kept in."""
    for article in instrument.articles.values():
        yield article.id
        for unit in article.walk():
            yield unit.num or ""
            yield unit.text
            yield unit.tail


def _groups(concordance: InstrumentConcordance, from_text: Instrument, to_text: Instrument) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for pair in concordance.pairs:
        from_article, to_article = _article(from_text, pair.from_unit), _article(to_text, pair.to_unit)
        key = (from_article.id, to_article.id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(concordance, from_text, to_text, from_article, to_article, None, [])
        if is_article_level(from_text, pair.from_unit) and is_article_level(to_text, pair.to_unit):
            group.article_pair = pair
        else:
            group.paragraph_pairs.append(pair)
    order = {article_id: position for position, article_id in enumerate(from_text.articles)}
    to_order = {article_id: position for position, article_id in enumerate(to_text.articles)}
    return sorted(groups.values(), key=lambda g: (order[g.from_article.id], to_order[g.to_article.id]))


def _article(instrument: Instrument, unit_id: str) -> Article:
    article = instrument.article_of(unit_id)
    if article is None:  # the loader keeps only pairs of articles and their paragraphs
        raise ValueError(f"{unit_id} is not in an article of {instrument.id}")
    return article


def _unit(instrument: Instrument, unit_id: str) -> Provision | Article:
    unit = instrument.index.get(unit_id)
    if not isinstance(unit, (Provision, Article)):
        raise ValueError(f"{unit_id} is not an article or paragraph of {instrument.id}")
    return unit


def _paragraph(instrument: Instrument, unit_id: str) -> Provision:
    unit = _unit(instrument, unit_id)
    if isinstance(unit, Article):
        raise ValueError(f"{unit_id} is an article, not a paragraph")
    return unit.top


def _pairs_by_paragraph(concordance: InstrumentConcordance, from_text: Instrument, to_text: Instrument) -> dict[tuple[str, str], list[InstrumentPair]]:
    """(text id, paragraph id) -> every paragraph-level pair that paragraph (or a unit in it) takes part in."""
    found: dict[tuple[str, str], list[InstrumentPair]] = {}
    for pair in concordance.pairs:
        if is_article_level(from_text, pair.from_unit) or is_article_level(to_text, pair.to_unit):
            continue
        found.setdefault((from_text.id, _paragraph(from_text, pair.from_unit).id), []).append(pair)
        found.setdefault((to_text.id, _paragraph(to_text, pair.to_unit).id), []).append(pair)
    return found


def _rows(group: Group, compare: Compare, paired: dict[tuple[str, str], list[InstrumentPair]] | None = None) -> list[Row]:
    paired = paired or {}

    def elsewhere(text: Instrument, paragraph: Provision) -> list[InstrumentPair]:
        # Pairs of this paragraph that belong to another article pair, shown as pointers.
        return [p for p in paired.get((text.id, paragraph.id), []) if p not in group.paragraph_pairs]

    if not group.paragraph_pairs:
        return [_row(group.from_article, group.to_article, group.article_pair, compare)]
    positions = {unit.id: n for n, unit in enumerate(group.from_article.walk())}
    pairs = sorted(group.paragraph_pairs, key=lambda p: positions[p.from_unit])
    if group.article_pair is None:
        return [_row(_unit(group.from_text, p.from_unit), _unit(group.to_text, p.to_unit), p, compare) for p in pairs]
    # The articles are counterparts as wholes: give every paragraph a row, so the
    # comparison reads as one blackline of the article, in the from-text's order.
    paired_from: dict[str, list[InstrumentPair]] = {}
    for p in pairs:
        paired_from.setdefault(_paragraph(group.from_text, p.from_unit).id, []).append(p)
    paired_to = {_paragraph(group.to_text, p.to_unit).id for p in pairs}
    to_waiting = [u for u in group.to_article.paragraphs if u.id not in paired_to]
    to_order = [u.id for u in group.to_article.paragraphs]
    rows: list[Row] = []
    for paragraph in group.from_article.paragraphs:
        own_pairs = paired_from.get(paragraph.id)
        if not own_pairs:
            rows.append(_row(paragraph, None, None, compare, elsewhere(group.from_text, paragraph)))
            continue
        for pair in own_pairs:
            counterpart = _paragraph(group.to_text, pair.to_unit)
            while to_waiting and to_order.index(to_waiting[0].id) < to_order.index(counterpart.id):
                waiting = to_waiting.pop(0)
                rows.append(_row(None, waiting, None, compare, elsewhere(group.to_text, waiting)))
            rows.append(_row(_unit(group.from_text, pair.from_unit), _unit(group.to_text, pair.to_unit), pair, compare))
    rows.extend(_row(None, unit, None, compare, elsewhere(group.to_text, unit)) for unit in to_waiting)
    return rows


def _row(from_unit: Provision | Article | None, to_unit: Provision | Article | None, pair: InstrumentPair | None, compare: Compare,
         elsewhere: list[InstrumentPair] | None = None) -> Row:
    old = comparable_text(to_unit) if to_unit is not None else ""
    new = comparable_text(from_unit) if from_unit is not None else ""
    return Row(from_unit, to_unit, pair, compare(old, new), list(elsewhere or []))


def comparable_text(unit: Provision | Article) -> str:
    """The wording of a unit and its sub-units, one line each, labels in one style.

    Labels are printed differently by the two texts ("(a)" and "a)"); comparing them
    as printed would mark every subparagraph. The wording itself is untouched.
    """
    lines: list[str] = []

    def walk(provision: Provision) -> None:
        label = _label(provision)
        line = " ".join(part for part in (label, provision.text) if part)
        if line:
            lines.append(line)
        for child in provision.children:
            walk(child)
        if provision.tail:
            lines.append(provision.tail)

    for provision in unit.paragraphs if isinstance(unit, Article) else [unit]:
        walk(provision)
    return "\n".join(lines)


def _label(provision: Provision) -> str:
    short = provision.short_num
    if not short or not short.isalnum():
        return provision.num or ""
    return f"{short}." if short.isdigit() else f"({short})"
