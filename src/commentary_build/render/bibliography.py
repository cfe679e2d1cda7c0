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
from ..transform.citations import CitationIndex, bibliography_sections
from .templates import Templates, default_templates


@dataclass(frozen=True)
class CitedOnLink:
    href: str
    label: str  # "Article 40, n 3"


def render_bibliography_html(entries: Mapping[str, Entry] | Iterable[Entry], index: CitationIndex,
                             url_for_page: Callable[[str], str], templates: Templates | None = None) -> Markup:
    """``url_for_page`` turns a page URL recorded in the index into a link from the bibliography."""
    sections = [
        {
            "category": section.category,
            "heading": section.heading,
            "entries": [
                {
                    "entry": item.entry,
                    "html": item.html,
                    "cited_on": [CitedOnLink(f"{url_for_page(place.page_url)}#fn-{place.note_number}", f"{place.page_title}, n {place.note_number}") for place in item.cited_on],
                }
                for item in section.items
            ],
        }
        for section in bibliography_sections(entries, index)
    ]
    return (templates or default_templates()).render("bibliography.html", sections=sections)
