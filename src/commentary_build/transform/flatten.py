"""The text of an instrument or article as printed, in document order.

Headings, labels and footnote markers are included exactly as the source prints them,
so the output can be compared word for word with the source (the fidelity tests) and
laid out page by page (the PDF).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Article, Division, Instrument, Provision


@dataclass(frozen=True)
class PrintedBlock:
    """One printed line: a heading, a title, or a unit's label with its wording."""

    kind: str  # title | preamble-heading | division-label | division-title | article-label | article-title | recital | paragraph | subparagraph | tail | clause | notes-label | notes-title | note-heading | note | footnote
    text: str
    unit_id: str | None = None


def printed_blocks(unit: Instrument | Article) -> Iterator[PrintedBlock]:
    """Every printed line of a whole instrument, or of one article (heading and title included)."""
    if isinstance(unit, Article):
        yield from _article_blocks(unit, _markers(unit.instrument))
        return
    instrument = unit
    markers = _markers(instrument)
    printed = instrument.metadata.get("printed", {})
    for line in printed.get("title", []):
        yield PrintedBlock("title", line)
    if printed.get("preamble_heading"):
        yield PrintedBlock("preamble-heading", printed["preamble_heading"])
    for recital in instrument.preamble:
        yield from _provision_blocks(recital, markers)
    opened_by = _divisions_by_first_article(instrument.divisions)
    for article in instrument.articles.values():
        for division in opened_by.get(article.id, []):
            yield PrintedBlock("division-label", division.label, division.id)
            yield PrintedBlock("division-title", division.title, division.id)
        yield from _article_blocks(article, markers)
    for clause in instrument.final_clauses:
        yield from _provision_blocks(clause, markers)
    if instrument.notes:
        yield PrintedBlock("notes-label", printed.get("notes_label", ""))
        yield PrintedBlock("notes-title", printed.get("notes_title", ""))
    previous_heading = None
    for note in instrument.notes:
        # Consecutive notes on the same articles are printed under one heading.
        if note.heading != previous_heading:
            yield PrintedBlock("note-heading", note.heading, note.id)
            previous_heading = note.heading
        yield PrintedBlock("note", _labelled(note.num, note.text + markers.get(note.id, "")), note.id)
    for footnote in instrument.footnotes:
        yield PrintedBlock("footnote", f"{footnote.marker} {footnote.text}", footnote.id)


def flatten(unit: Instrument | Article) -> Iterator[str]:
    """The words of an instrument or article in document order, as printed."""
    for block in printed_blocks(unit):
        yield from block.text.split()


def _markers(instrument: Instrument | None) -> dict[str, str]:
    """Footnote markers by the id of the unit whose wording they close."""
    if instrument is None:
        return {}
    markers: dict[str, str] = {}
    for footnote in instrument.footnotes:
        markers[footnote.anchor_id] = markers.get(footnote.anchor_id, "") + footnote.marker
    return markers


def _divisions_by_first_article(divisions: list[Division]) -> dict[str, list[Division]]:
    """The divisions whose headings are printed just before each article, outermost first."""
    opened: dict[str, list[Division]] = {}
    for top in divisions:
        for division in top.walk():
            article_ids = division.all_article_ids()
            if article_ids:
                opened.setdefault(article_ids[0], []).append(division)
    return opened


def _article_blocks(article: Article, markers: dict[str, str]) -> Iterator[PrintedBlock]:
    yield PrintedBlock("article-label", article.label, article.id)
    yield PrintedBlock("article-title", article.title, article.id)
    for paragraph in article.paragraphs:
        yield from _provision_blocks(paragraph, markers)


def _provision_blocks(provision: Provision, markers: dict[str, str]) -> Iterator[PrintedBlock]:
    # The marker follows the wording that ends the unit: its closing words, or its text
    # when it has no sub-units (the importer detached it from the same place).
    marker = markers.get(provision.id, "")
    text = provision.text
    if marker and not provision.tail and not provision.children:
        text += marker
    yield PrintedBlock(provision.kind, _labelled(provision.num, text), provision.id)
    for child in provision.children:
        yield from _provision_blocks(child, markers)
    if provision.tail:
        yield PrintedBlock("tail", provision.tail + marker, provision.id)


def _labelled(num: str | None, text: str) -> str:
    if not num:
        return text
    return f"{num} {text}" if text else num
