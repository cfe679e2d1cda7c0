"""The provenance line under an article's commentary heading: who wrote it and when it last changed.

Drawn by ``templates/provenance.html``.
"""

from __future__ import annotations

from markupsafe import Markup

from ..load.history import UNKNOWN_DATE, PageProvenance
from .templates import Templates, default_templates


def provenance_html(provenance: PageProvenance, templates: Templates | None = None, history_href: str | None = None) -> Markup:
    return (templates or default_templates()).render("provenance.html", provenance=provenance, unknown=UNKNOWN_DATE, history_href=history_href)
