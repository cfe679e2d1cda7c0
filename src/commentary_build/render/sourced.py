"""Sourced facts the reader pages state about the texts and the concordances, and nothing unsourced.

- The status of each text (in force, not yet in force, not known), from the bibliography entry the
  edition names for it (``edition.texts[id].entry``): a status is returned only with both the date it
  was known (``as-of``) and its ``source``; without either there is no status to show. Its dated
  facts (opened for signature, signature closes) come with it, each with its source.
- The review of an instrument concordance (who, when, how, how far), and for a draft concordance
  each mapping's ``basis``, its ``document_symbol`` and the report it rests on (``source``), as
  the loaders read them.
- Certainty and basis of a draft mapping in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import naming
from ..model import Instrument, Project
from ..model.concordance import Concordance, InstrumentConcordance
from ..transform.oscola import format_date


def iso_date(parts: tuple[int, ...]) -> str:
    return "-".join(f"{p:02d}" if n else str(p) for n, p in enumerate(parts))


@dataclass(frozen=True)
class FactView:
    """A dated fact about a text as pages print it."""

    date_text: str
    date_iso: str
    fact: str
    source: str
    url: str | None


@dataclass(frozen=True)
class TextStatus:
    """Whether a text is in force, as at a date, on a source: never one without the others."""

    state: str  # in-force | not-in-force | unknown (the bibliography's schema)
    as_of: tuple[int, int, int]
    source: str
    in_force: tuple[int, ...] = ()  # the date of entry into force, where the bibliography records it
    entry_key: str = ""
    url: str | None = None  # the source's official page
    facts: tuple[FactView, ...] = ()

    @property
    def headline(self) -> str:
        if self.state == "in-force":
            return f"In force since {format_date(self.in_force)}" if self.in_force else "In force"
        if self.state == "not-in-force":
            return "Not yet in force"
        return "Whether in force is not recorded"

    @property
    def as_of_text(self) -> str:
        return format_date(self.as_of)

    @property
    def as_of_iso(self) -> str:
        return iso_date(self.as_of)

    @property
    def as_of_is_entry_into_force(self) -> bool:
        """True when the status is dated by the entry into force itself ("In force since 1 July 2004")."""
        return self.state == "in-force" and self.in_force == self.as_of


def text_status(project: Project, instrument_id: str) -> TextStatus | None:
    """The sourced status of a text, or None when the edition records none with its date and source."""
    source = project.edition.texts.get(instrument_id)
    if source is None or not source.entry:
        return None
    entry = project.bibliography.get(source.entry)
    if entry is None:
        return None
    status = entry.status
    if status is None or not status.source:
        return None
    facts = tuple(FactView(format_date(f.date), iso_date(f.date), f.fact, f.source, f.url) for f in status.facts)
    return TextStatus(status.state, status.as_of, status.source, tuple(entry.in_force), entry.id, status.url, facts)


def text_as_of(project: Project, instrument: Instrument) -> str | None:
    """"adopted on 24 December 2024", "opened for signature on 23 November 2001": the version reproduced."""
    if instrument.adopted is None:
        return None
    event = "adopted"
    source = project.edition.texts.get(instrument.id)
    entry = project.bibliography.get(source.entry) if source is not None and source.entry else None
    if entry is not None and entry.issued == (instrument.adopted.year, instrument.adopted.month, instrument.adopted.day):
        event = entry.field("issued-event") or event
    return f"{event} on {format_date((instrument.adopted.year, instrument.adopted.month, instrument.adopted.day))}"


def entry_into_force_articles(instrument: Instrument) -> list[str]:
    """The articles on signature and entry into force, found by their titles (UN arts 64-65, Budapest art 36)."""
    found = []
    for article in instrument.articles.values():
        title = article.title.lower()
        if "entry into force" in title or title.startswith("signature"):
            found.append(article.id)
    return found


# --------------------------------------------------------------------------- concordances


@dataclass(frozen=True)
class ReviewView:
    """A concordance's review as pages print it."""

    by: str
    date_text: str  # "1 December 2026"
    date_iso: str
    method: str
    scope: str


def concordance_review(project: Project, concordance: InstrumentConcordance) -> ReviewView | None:
    """The ``review`` the loader read from the concordance file; None when it records none."""
    review = concordance.review
    if review is None:
        return None
    day = (review.date.year, review.date.month, review.date.day)
    return ReviewView(naming.in_sentence(review.by, project.edition), format_date(day), review.date.isoformat(), review.method, review.scope)


@dataclass(frozen=True)
class DraftFacts:
    """What a draft concordance records about the draft itself."""

    document_symbol: str | None
    source_key: str | None  # the bibliography entry (a report) every mapping rests on
    basis: dict[str, str]  # draft reference -> basis
    draft_held: bool


def draft_facts(project: Project, concordance: Concordance) -> DraftFacts:
    basis = {entry.draft_ref: entry.basis for entry in concordance.entries if entry.basis}
    return DraftFacts(concordance.document_symbol, concordance.source, basis, concordance.draft_held)


_BASIS_WORDS = {
    "report-numbering": "rests on the report's own numbering of the draft",
    "report-description": "rests on the report's description of the draft, which gives no article number",
    "draft-text": "checked against the text of the draft",
}


def certainty_in_words(certainty: str, basis: str | None, draft_held: bool) -> str:
    """"probable — rests on the report's own numbering of the draft; no copy of the draft is held"."""
    words = _BASIS_WORDS.get(basis or "", "what it rests on is not recorded")
    text = f"{certainty} — {words}"
    if basis != "draft-text" and not draft_held:
        text += "; no copy of the draft is held"
    return text
