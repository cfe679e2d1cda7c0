"""CSL-JSON: the bibliography as reference managers read it, and "cite this" items for notes and pages.

The bibliography is written in CSL-YAML (commentary/bibliography.yaml); CSL-JSON is the same
items with CSL's own names: ``short-title`` becomes ``title-short``, and the two extension
fields the OSCOLA formatter reads (``issued-event``, ``in-force``), which CSL does not
define, go into ``note`` as "name: value" lines, as citeproc-js and Zotero read them there.

A note is cited as a chapter of the commentary (Zotero: a book section): its title, its
authors as its front matter names them (never a git identity; "The editors" become the
edition's editors, an institutional author, ``literal`` in CSL), its date, the site's title
as the container and its address when the site's address is configured.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ..document.naming import is_editors
from ..model import Entry, Note, Project
from ..model.edition import Edition
from ..transform.pinpoints import pinpoint
from .publication import Publication

# CSL variables an entry may carry as written; anything else is moved into ``note``.
_RENAMED = {"short-title": "title-short", "shortTitle": "title-short"}
# The bibliography's own fields. "status" is ours too: a treaty's legal status with its date and
# source (a mapping), not CSL's "status" (a publication's, such as "forthcoming").
_EXTENSIONS = ("issued-event", "in-force", "status", "text-pages")
_CSL_VARIABLES = {
    "id", "type", "title", "title-short", "author", "contributor", "editor", "genre", "issued", "container-title",
    "collection-title", "volume", "page", "number", "publisher", "publisher-place", "authority", "URL", "DOI", "ISBN",
    "ISSN", "note", "language", "event-title", "event-place", "abstract", "accessed", "edition", "issue", "section",
    "source", "status", "jurisdiction", "references", "dimensions", "medium", "keyword", "chapter-number",
    "collection-number", "original-date", "submitted", "available-date", "event-date", "annote", "archive",
    "archive_location", "call-number", "container-title-short", "number-of-pages", "number-of-volumes", "version",
}


def bibliography_items(project: Project) -> list[dict[str, Any]]:
    """Every source, in the order of the bibliography file, as a CSL-JSON item."""
    return [entry_item(entry) for entry in project.bibliography.values()]


def entry_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in entry.data.items():
        key = _RENAMED.get(key, key)
        if key in _EXTENSIONS or key not in _CSL_VARIABLES:
            notes.append(f"{key}: {_plain(value)}")
        elif key in ("issued", "accessed", "original-date", "submitted", "available-date", "event-date"):
            item[key] = _date_value(value)
        else:
            item[key] = value
    item["id"] = entry.id
    item["type"] = entry.type
    if notes:
        item["note"] = "\n".join(([str(item["note"])] if "note" in item else []) + notes)
    return item


def note_item(note: Note, publication: Publication) -> dict[str, Any]:
    """A note as a chapter of the commentary, for "cite this" and reference managers."""
    project = publication.project
    instrument = project.instruments[note.instrument_id]
    target = "the treaty as a whole" if note.target == "overview" else pinpoint(instrument.index[note.target])  # type: ignore[arg-type]
    item: dict[str, Any] = {
        "id": note.id,
        "type": "chapter",
        "title": note.title,
        "container-title": publication.title,
        "genre": "Commentary",
        "note": f"Commentary on {target} of the {instrument.short_title}",
        "language": publication.language,
    }
    authors = cited_authors([note], project.edition)
    if authors:
        item["author"] = [{"literal": author.name} for author in authors]
    if note.date:
        item["issued"] = date_parts(note.date)
    labels = [project.themes[t].label for t in note.themes if t in project.themes]
    if labels:
        item["keyword"] = ", ".join(labels)
    url = publication.absolute(publication.note_path(note))
    if url:
        item["URL"] = url
    return item


def page_item(src_uri: str, title: str, notes: list[Note], publication: Publication, description: str | None = None) -> dict[str, Any]:
    """A page of the site: a chapter by the authors of its notes, or a web page when it carries no commentary."""
    item: dict[str, Any] = {
        "id": "page:" + (src_uri[:-3] if src_uri.endswith(".md") else src_uri),
        "type": "chapter" if notes else "webpage",
        "title": title,
        "container-title": publication.title,
        "language": publication.language,
    }
    if description:
        item["abstract"] = description
    authors = cited_authors(notes, publication.project.edition)
    if authors:
        item["author"] = [{"literal": author.name} for author in authors]
    day = page_date(notes, publication)
    if day:
        item["issued"] = date_parts(day)
    url = publication.absolute(publication.page_path(src_uri))
    if url:
        item["URL"] = url
    return item


@dataclass(frozen=True)
class CitedAuthor:
    """An author as a citation names them: a person, or an institution whose name is one piece ("The editors of …"),
    which reference managers must not split into a first and a last name."""

    name: str
    institutional: bool = False


def cited_authors(notes: list[Note], edition: Edition) -> list[CitedAuthor]:
    """The authors of ``notes`` as their front matter names them, first appearance first; "The editors" become
    the edition's editors, an institutional author (the same rule as the commentary's own citations)."""
    authors: list[CitedAuthor] = []
    for note in notes:
        for author in note.authors:
            editors = bool(edition.editors) and is_editors(author.name, edition)
            cited = CitedAuthor(edition.editors, True) if editors else CitedAuthor(author.name)
            if cited not in authors:
                authors.append(cited)
    return authors


def page_date(notes: list[Note], publication: Publication) -> _dt.date | None:
    """The latest date of a page's notes; for a page without notes the date of the revision built (never the clock)."""
    dates = [n.date for n in notes if n.date]
    if dates:
        return max(dates)
    return publication.revision.date.date() if publication.revision.date else None


def date_parts(day: _dt.date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _date_value(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return date_parts(value)
    return value


def _plain(value: Any) -> str:
    if isinstance(value, dict) and "state" in value:  # a treaty's status: "not-in-force (as at 2024-12-24; source: …)"
        return f"{value.get('state')} (as at {value.get('as-of')}; source: {' '.join(str(value.get('source', '')).split())})"
    if isinstance(value, dict) and "date-parts" in value:
        parts = value["date-parts"][0] if value["date-parts"] else []
        return "-".join(f"{int(p):02d}" if n else str(p) for n, p in enumerate(parts))
    return str(value)
