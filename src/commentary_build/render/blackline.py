"""Blackline segments as HTML: ``<ins>``/``<del>`` that read well on screen, aloud and on paper.

Colour never carries the meaning alone: insertions are underlined and deletions
struck through (see assets/redline.css). Screen readers hear a hidden "inserted
text:" or "deleted text:" because most do not announce ``<ins>``/``<del>``. Print,
where colour may be lost and underlines look like links, writes ``[+ …]``/``[− …]``
markers as text beside each mark (``medium="print"``).
The markup is ``templates/blackline/segments.html`` and ``blackline/legend.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from markupsafe import Markup

from ..transform.redline import Segment
from .templates import Templates, default_templates

_KINDS = {"same", "ins", "del"}
_SAFE_CITE_SCHEMES = {"", "http", "https"}

PROPOSALS_CAVEAT = "These are proposals, not adopted text."


def render_segments(segments: Iterable[Segment], *, cite: str | None = None, datetime: str | None = None, templates: Templates | None = None,
                    medium: str = "site") -> Markup:
    """Inline HTML for a blackline; ``cite`` (the rationale's URL) and ``datetime`` go on every mark.

    Empty ``cite`` or ``datetime`` leave the attribute out. Raises ValueError for a
    ``cite`` with a scheme other than http(s), which could smuggle in a script URL.
    """
    segments = list(segments)
    for segment in segments:
        if segment.kind not in _KINDS:
            raise ValueError(f"unknown segment kind {segment.kind!r}")
    if cite and urlsplit(cite.strip()).scheme.lower() not in _SAFE_CITE_SCHEMES:
        raise ValueError(f"cite must be a relative or http(s) URL, not {cite!r}")
    return (templates or default_templates()).render("blackline/segments.html", segments=segments, cite=cite, datetime=datetime, medium=medium)


def render_legend(caveat: str = PROPOSALS_CAVEAT, templates: Templates | None = None, medium: str = "site") -> Markup:
    """The key to a blackline; ``caveat`` says what the marks are (proposals by default).

    A comparison of two instruments passes its own caveat, for example
    "These are differences between two instruments, not proposals."
    """
    return (templates or default_templates()).render("blackline/legend.html", caveat=caveat, medium=medium)
