"""What follows from a text's structure, worked out once per build: which divisions hold each article,
where each unit stands in the text, which interpretative notes and draft provisions belong to it.

The site (an article's chapter link, the order of notes and related articles), the JSON (each
unit's parent, where a chapter opens) and Akoma Ntoso (divisions nested around articles) all
read these facts here; each used to walk the divisions itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Article, Division, Instrument, InterpretativeNote
from ..model.concordance import Concordance, ConcordanceEntry


@dataclass
class TextStructure:
    instrument: Instrument
    # article id -> the divisions that hold it, outermost first
    chains: dict[str, tuple[Division, ...]] = field(default_factory=dict)
    # division id -> the division it is part of
    parents: dict[str, str] = field(default_factory=dict)
    # article id -> the divisions whose first article it is, outermost first (where they open in the text)
    opened_by: dict[str, list[Division]] = field(default_factory=dict)
    interpretative: dict[str, list[InterpretativeNote]] = field(default_factory=dict)  # article id -> notes interpreting it
    drafts: dict[str, list[tuple[Concordance, ConcordanceEntry]]] = field(default_factory=dict)  # article id -> draft provisions that became it
    position: dict[str, int] = field(default_factory=dict)  # article id -> its place in the text
    unit_position: dict[str, int] = field(default_factory=dict)  # unit id (article, paragraph, subparagraph…) -> its place in the text

    @classmethod
    def build(cls, instrument: Instrument, concordances: Iterable[Concordance]) -> TextStructure:
        structure = cls(instrument)

        def visit(division: Division, above: tuple[Division, ...]) -> None:
            here = (*above, division)
            first = division.all_article_ids()[:1]
            if first:
                structure.opened_by.setdefault(first[0], []).append(division)
            for article_id in division.article_ids:
                structure.chains.setdefault(article_id, here)
            for child in division.children:
                structure.parents[child.id] = division.id
                visit(child, here)

        for top in instrument.divisions:
            visit(top, ())
        for note in instrument.notes:
            for article_id in dict.fromkeys(note.article_ids):
                structure.interpretative.setdefault(article_id, []).append(note)
        for concordance in concordances:
            if concordance.to_instrument != instrument.id:
                continue
            for entry in concordance.entries:
                articles = {article.id for t in entry.targets if (article := instrument.article_of(t)) is not None}
                for article_id in sorted(articles):
                    structure.drafts.setdefault(article_id, []).append((concordance, entry))
        structure.position = {article_id: n for n, article_id in enumerate(instrument.articles)}
        for article in instrument.articles.values():
            structure.unit_position[article.id] = len(structure.unit_position)
            for unit in article.walk():
                structure.unit_position.setdefault(unit.id, len(structure.unit_position))
        return structure

    def division_of(self, article: Article) -> Division | None:
        """The innermost division that lists the article."""
        chain = self.chains.get(article.id)
        return chain[-1] if chain else None

    def division_id(self, article: Article) -> str | None:
        """The innermost division's id, as the text files give it (``division_id``) or as the divisions list it."""
        if article.division_id:
            return article.division_id
        division = self.division_of(article)
        return division.id if division is not None else None
