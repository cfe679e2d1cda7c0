"""The provenance line under an article's commentary heading: who wrote it and when it last changed."""

from __future__ import annotations

from markupsafe import escape

from ..load.history import UNKNOWN_DATE, PageProvenance


def provenance_html(provenance: PageProvenance) -> str:
    if not provenance.available:
        return f'<p class="tc-provenance tc-meta">{escape(UNKNOWN_DATE)}</p>'
    parts = []
    if provenance.authors:
        parts.append(f'Commentary by <span class="tc-contributors">{escape(", ".join(provenance.authors))}</span>')
    if provenance.last_changed:
        day = provenance.last_changed.isoformat()
        parts.append(f'last changed <time datetime="{escape(day)}">{escape(day)}</time>')
    if provenance.uncommitted:
        parts.append("uncommitted changes" if parts else "Commentary not yet committed")
    return f'<p class="tc-provenance tc-meta">{" · ".join(parts)}</p>'
