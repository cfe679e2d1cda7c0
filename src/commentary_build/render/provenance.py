"""The provenance line under an article's commentary heading: who wrote it and when it last changed.

Drawn by ``templates/provenance.html``.
"""

from __future__ import annotations

from markupsafe import Markup

from ..load.history import UNKNOWN_DATE, PageProvenance
from ..model.settings import long_date
from .templates import Templates, default_templates


def provenance_html(provenance: PageProvenance, templates: Templates | None = None, history_href: str | None = None, medium: str = "site") -> Markup:
    """``medium``: "print" writes the date long ("7 December 2026"), as print writes every date."""
    return (templates or default_templates()).render("provenance.html", provenance=provenance, unknown=UNKNOWN_DATE, history_href=history_href,
                                                     medium=medium, long_date=long_date(provenance.last_changed) if provenance.last_changed else "")
