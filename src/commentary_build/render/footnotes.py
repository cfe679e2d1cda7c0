"""A page's footnotes as HTML: the list at the end of the page (``templates/footnotes.html``).

The footnotes themselves (numbering, OSCOLA forms, the markers in the text) are made while
the page's notes are rendered, by ``transform.citations.FootnoteSequence``.
"""

from __future__ import annotations

from markupsafe import Markup

from ..transform.citations import FootnoteSequence
from .templates import Templates, default_templates


def footnotes_html(footnotes: FootnoteSequence, templates: Templates | None = None) -> Markup:
    """The ordered list of the page's footnotes, or empty Markup for a page without any."""
    notes = footnotes.notes()
    if not notes:
        return Markup("")
    return (templates or default_templates()).render("footnotes.html", footnotes=notes)
