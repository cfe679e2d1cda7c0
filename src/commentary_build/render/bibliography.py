"""The bibliography: every source in OSCOLA form with links to the footnotes that cite it.

The entries are grouped and formatted by ``transform.citations`` and ``transform.oscola``;
the list is drawn by ``templates/bibliography.html`` (the site's bibliography page and the
PDF's last section).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Entry
from ..transform.citations import CitationIndex, CitedOn, bibliography_sections
from .templates import Templates, default_templates


@dataclass(frozen=True)
class CitedOnLink:
    href: str
    label: str  # "Article 40, n 3"


@dataclass(frozen=True)
class Reproduced:
    """A text of the edition: the commentary quotes it and cites it by article rather than in footnotes."""

    href: str | None  # its first page on the site, or None where no link can be made (a printed brief)
    notes: int | None  # the notes on the text, each citing it by article and paragraph (None: not counted)
    where: str = "on this site"


@dataclass(frozen=True)
class CitedGroup:
    """On paper, the footnotes of one page that cite a source: "Article 40, nn 1, 3, 5"."""

    label: str  # "Article 40": the page's title up to its colon, so a long article title is not repeated
    links: tuple[CitedOnLink, ...]  # each footnote's number, linked to it


def _grouped(places: Iterable[CitedOn], cited_href: Callable[[CitedOn], str | None]) -> list[CitedGroup]:
    groups: dict[str, list[CitedOnLink]] = {}
    for place in places:
        groups.setdefault(place.page_title.split(":")[0].strip(), []).append(CitedOnLink(cited_href(place) or "", str(place.note_number)))
    return [CitedGroup(label, tuple(links)) for label, links in groups.items()]


def render_bibliography_html(entries: Mapping[str, Entry] | Iterable[Entry], index: CitationIndex,
                             cited_href: Callable[[CitedOn], str | None], templates: Templates | None = None,
                             reproduced: Mapping[str, Reproduced] | None = None, medium: str = "site") -> Markup:
    """``cited_href`` links a place the index recorded (a page and its footnote's number) from the bibliography.
    ``reproduced`` names the entries of the texts the edition reproduces (by key): they are cited by
    article throughout, so the page says so instead of "not cited"."""
    reproduced = reproduced or {}
    sections = [
        {
            "category": section.category,
            "heading": section.heading,
            "entries": [
                {
                    "entry": item.entry,
                    "html": item.cited.html(),
                    "cited_on": [CitedOnLink(cited_href(place) or "", f"{place.page_title}, n {place.note_number}") for place in item.cited_on],
                    "cited_groups": _grouped(item.cited_on, cited_href) if medium == "print" else [],
                    "reproduced": reproduced.get(item.entry.id),
                }
                for item in section.items
            ],
        }
        for section in bibliography_sections(entries, index)
    ]
    return (templates or default_templates()).render("bibliography.html", sections=sections, medium=medium)
