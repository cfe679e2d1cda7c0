"""How the documents name things: pages, articles, dates, the order of notes and how a paragraph of
commentary is cited. One place, so the site, print, Word and the data say the same.

Pages are named by their path in the site's source tree ("uncc/art-40.md"), which is also how
the citation index and the open data refer to them; where a page is published is the
writers' business (``render.urls``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..model import Article, Instrument, Note, Project
from ..model.edition import Edition, is_editors
from ..model.settings import long_date
from ..transform.pinpoints import pinpoint

OVERVIEW_PAGE = "overview"
PREAMBLE_PAGE = "preamble"

__all__ = ["long_date"]  # OSCOLA's date ("1 December 2026"), as the settings spell it
# --------------------------------------------------------------------------- pages


def article_page(instrument: Instrument, article: Article) -> str:
    return f"{instrument.id}/{article.id}.md"


# Where a page's "cite this" files are (export/opendata.py writes them for the pages that carry commentary),
# named here so that the page can link them: uncc/art-40.md → data/cite/uncc/art-40.json, .bib and .ris beside it.
CITE_FOLDER = "data/cite"
CITE_FORMATS = (("json", "CSL-JSON"), ("bib", "BibTeX"), ("ris", "RIS"))


def cite_file(src_uri: str, extension: str = "json") -> str:
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    return f"{CITE_FOLDER}/{stem}.{extension}"


def instrument_page(instrument: Instrument, name: str) -> str:
    """A page of a text other than its articles: "preamble", "overview", "interpretative-notes", a division's id."""
    return f"{instrument.id}/{name}.md"


def note_page(project: Project, note: Note) -> str:
    """The page a note is shown on: its article's page, or the overview of its text."""
    instrument = project.instruments[note.instrument_id]
    if note.article_id:
        return article_page(instrument, instrument.articles[note.article_id])
    return instrument_page(instrument, OVERVIEW_PAGE)


# --------------------------------------------------------------------------- titles


def nav_title(article: Article) -> str:
    return f"Art. {article.number} {article.title}"


def article_heading(article: Article) -> str:
    return f"{article.label.rstrip('.')}: {article.title}"


# --------------------------------------------------------------------------- order of notes


def in_text_order(notes: Iterable[Note], position: dict[str, int]) -> list[Note]:
    """Notes in the order of what they are on (the article first, then its paragraphs as the text runs),
    then by date and title: the order a reader meets the provisions."""
    return sorted(notes, key=lambda n: (-1 if n.target == "overview" else position.get(n.target, -1), n.date or _dt.date.min, n.title))


# --------------------------------------------------------------------------- citing the commentary


def in_sentence(name: str, edition: Edition) -> str:
    """A name as it reads after "Reviewed by" or "Proposed by": "the editors", not "The editors"; others as written."""
    return "the " + name[4:] if name.startswith("The ") and is_editors(name, edition) else name


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


def citation_parts(note: Note, edition: Edition, locator: str) -> tuple[str, str]:
    """What comes before and after a paragraph's number in its citation (``commentary_citation``). The number
    follows the note's title: after "art 40" a reader would take "para 1" for Article 40(1)."""
    date = long_date(note.date)
    return f"{citation_authors(note, edition)}, '{note.title}', para", f", in {edition.title}, {locator}" + (f" ({date})" if date else "")


def commentary_citation(note: Note, edition: Edition, locator: str, paragraph: int) -> str:
    """One paragraph of a note, cited OSCOLA-style as a contribution to an online work, with the paragraph
    (numbered from 1 in each note, so other notes never change it) as pinpoint and the note's date:
    "The editors of treaty-commentary, 'Dual criminality …', para 3, in Cybercrime conventions, annotated,
    commentary on UN Convention against Cybercrime art 40 (29 November 2026)". The note's
    title makes the number unambiguous on a page of several notes."""
    stem, tail = citation_parts(note, edition, locator)
    return f"{stem} {paragraph}{tail}"
