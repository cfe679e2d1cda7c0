"""Commentary on a page: notes in the order of the text, their byline, numbered paragraphs that can be
cited, and the markers that tell a reader which paragraphs of the treaty are annotated.

The markup is in ``templates/note.html``, ``note_paragraph.html`` and ``text/marker.html``; this
module only works out what they show.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Article, Entry, Instrument, Note, Provision
from ..model.edition import Edition
from ..model.settings import long_date
from ..transform.pinpoints import pinpoint
from .navigation import BIBLIOGRAPHY_PAGE

# --------------------------------------------------------------------------- order


def in_text_order(notes: Iterable[Note], position: dict[str, int]) -> list[Note]:
    """Notes in the order of what they are on (the article first, then its paragraphs as the text runs),
    then by date and title: the order a reader meets the provisions."""
    return sorted(notes, key=lambda n: (-1 if n.target == "overview" else position.get(n.target, -1), n.date or _dt.date.min, n.title))


# --------------------------------------------------------------------------- byline


def is_editors(name: str, edition: Edition) -> bool:
    wanted = " ".join(name.lower().split())
    return wanted in {"the editors", "editors", " ".join(edition.editors.lower().split())} if wanted else False


def byline(note: Note, edition: Edition, bibliography: dict[str, Entry], href: Callable[[str, str | None], str]) -> dict:
    """Who wrote the note and what it rests on, honestly: the authors as the note names them, and each
    source it is based on as "based on <short title>, <pages>", never as an author.
    ``href(page, anchor)`` links a page of the site from the note's page."""
    editors = bool(note.authors) and all(is_editors(a.name, edition) for a in note.authors)
    sources = []
    for based in note.based_on:
        entry = bibliography.get(based.source)
        label = (entry.short_title or entry.title) if entry is not None else based.source
        sources.append({"label": label, "pinpoint": based.pinpoint, "href": href(BIBLIOGRAPHY_PAGE, f"bib-{based.source}") if entry is not None else None})
    return {"editors": editors, "authors": note.authors, "based_on": sources}


# --------------------------------------------------------------------------- citing the commentary


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def citation_authors(note: Note, edition: Edition) -> str:
    """The authors as a citation names them: "the editors" become the edition's editors ("The editors of treaty-commentary")."""
    names = []
    for author in note.authors:
        name = edition.editors if edition.editors and is_editors(author.name, edition) else author.name
        if name not in names:
            names.append(name)
    return _names(names) or edition.editors or edition.title


def commentary_locator(instrument: Instrument, article: Article | None) -> str:
    """What the commentary comments on: "commentary on UN Convention against Cybercrime art 40"."""
    if article is None:
        return f"commentary on {instrument.label}, overview"
    return f"commentary on {instrument.label} {pinpoint(article)}"


def commentary_citation(note: Note, edition: Edition, locator: str, paragraph: int) -> str:
    """One paragraph of the commentary, cited OSCOLA-style as a contribution to an online work, with the
    paragraph as pinpoint and the note's date:
    "The editors of treaty-commentary, 'Dual criminality …' in Cybercrime conventions, annotated,
    commentary on UN Convention against Cybercrime art 40, para 3 (29 November 2026)"."""
    date = long_date(note.date)
    return f"{citation_authors(note, edition)}, '{note.title}' in {edition.title}, {locator}, para {paragraph}" + (f" ({date})" if date else "")


# --------------------------------------------------------------------------- numbered paragraphs


# A tag of the sanitised HTML (nh3 writes attribute values in double quotes, which may hold ">").
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*(/?)>')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class ParagraphNumbers:
    """Numbers the commentary's own paragraphs through a page, as the PDF numbers them per article
    (each paragraph at the top level of a note's body; not lists, quotations or rationales)."""

    last: int = 0

    def number(self, body: Markup, opening: Callable[[int], Markup]) -> Markup:
        """``body`` (sanitised note HTML) with each top-level ``<p>`` replaced by ``opening(n)``, the opening
        tag of paragraph n with its number (a template's output)."""
        parts: list[Markup] = []
        depth = 0
        done = 0
        for match in _TAG.finditer(body):
            closing, tag = match[1], match[2].lower()
            if tag in _VOID or match[4]:
                continue
            if closing:
                depth = max(depth - 1, 0)
                continue
            if depth == 0 and tag == "p" and not match[3]:
                self.last += 1
                parts += [body[done:match.start()], opening(self.last)]
                done = match.end()
            depth += 1
        parts.append(body[done:])
        return Markup("").join(parts)


# --------------------------------------------------------------------------- markers on the text


def paragraph_markers(article: Article, notes: list[Note], proposal_units: Iterable[tuple[str, str]],
                      note_href: Callable[[Note], str], proposal_href: Callable[[str], str]) -> dict[str, dict]:
    """Top-level paragraph id -> what its marker says ("2 notes · 1 proposal") and where it leads: the first
    note on that paragraph, or the first proposal when it has no note. ``proposal_units`` are (paragraph id,
    proposal id) pairs for the proposals that change the article; notes on the article as a whole get no marker."""
    notes_on: dict[str, list[Note]] = {}
    for note in notes:
        unit = article.instrument.index.get(note.target) if article.instrument else None
        if isinstance(unit, Provision) and unit.article is article:
            notes_on.setdefault(unit.top.id, []).append(note)
    proposals_on: dict[str, list[str]] = {}
    for paragraph_id, proposal_id in proposal_units:
        if proposal_id not in proposals_on.setdefault(paragraph_id, []):
            proposals_on[paragraph_id].append(proposal_id)
    markers = {}
    for paragraph in article.paragraphs:
        on, proposed = notes_on.get(paragraph.id, []), proposals_on.get(paragraph.id, [])
        if not on and not proposed:
            continue
        parts = []
        if on:
            parts.append(f"{len(on)} note" + ("s" if len(on) > 1 else ""))
        if proposed:
            parts.append(f"{len(proposed)} proposal" + ("s" if len(proposed) > 1 else ""))
        markers[paragraph.id] = {
            "label": " · ".join(parts),
            "href": note_href(on[0]) if on else proposal_href(proposed[0]),
            "pinpoint": pinpoint(paragraph),
        }
    return markers
