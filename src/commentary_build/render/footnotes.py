"""A page's footnotes as HTML: the list at the end of a page of the site (``templates/footnotes.html``).

The footnotes themselves (numbering, OSCOLA forms) are made as a page is written, by one
``transform.citations.FootnoteSequence`` per page, in the order the citations are met.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..transform.citations import FootnoteSequence
from .templates import Templates, default_templates


@dataclass
class FootnoteView:
    """A footnote as ``footnotes.html`` lists it: its number, its text and the ids of the marks that cite it."""

    number: int
    html: Markup
    backrefs: list[str]


def reference_id(number: int, occurrence: int) -> str:
    """The id of the ``occurrence``-th mark in the text that cites footnote ``number``."""
    return f"fnref-{number}" if occurrence == 1 else f"fnref-{number}-{occurrence}"


def footnote_views(footnotes: FootnoteSequence) -> list[FootnoteView]:
    return [FootnoteView(note.number, note.cited.html(), [reference_id(note.number, k) for k in range(1, note.references + 1)])
            for note in footnotes.notes()]


def footnotes_html(footnotes: FootnoteSequence, templates: Templates | None = None, **values) -> Markup:
    """The ordered list of the page's footnotes, or empty Markup for a page without any."""
    notes = footnote_views(footnotes)
    if not notes:
        return Markup("")
    return (templates or default_templates()).render("footnotes.html", footnotes=notes, **values)
