"""Blackline segments as HTML: ``<ins>``/``<del>`` that read well on screen, aloud and on paper.

Colour never carries the meaning alone: insertions are underlined and deletions
struck through (see assets/redline.css). Screen readers hear a hidden "inserted
text:" or "deleted text:" because most do not announce ``<ins>``/``<del>``. Print,
where colour may be lost and underlines look like links, adds ``[+ …]``/``[− …]``
markers from CSS only, so neither the screen nor assistive technology sees them.
"""

from __future__ import annotations

from html import escape
from typing import Iterable
from urllib.parse import urlsplit

from ..transform.redline import Segment

_SPOKEN_PREFIX = {"ins": "inserted text: ", "del": "deleted text: "}
_SAFE_CITE_SCHEMES = {"", "http", "https"}

PROPOSALS_CAVEAT = "These are proposals, not adopted text."


def render_segments(segments: Iterable[Segment], *, cite: str | None = None, datetime: str | None = None) -> str:
    """Inline HTML for a blackline; ``cite`` (the rationale's URL) and ``datetime`` go on every mark.

    Empty ``cite`` or ``datetime`` leave the attribute out. Raises ValueError for a
    ``cite`` with a scheme other than http(s), which could smuggle in a script URL.
    """
    attributes = _mark_attributes(cite, datetime)
    html = []
    for segment in segments:
        text = escape(segment.text, quote=False)
        if segment.kind == "same":
            html.append(text)
        elif segment.kind in _SPOKEN_PREFIX:
            tag = segment.kind
            html.append(
                f'<{tag} class="tc-{tag}"{attributes}><span class="visually-hidden">{_SPOKEN_PREFIX[tag]}</span>{text}</{tag}>'
            )
        else:
            raise ValueError(f"unknown segment kind {segment.kind!r}")
    return "".join(html)


def _mark_attributes(cite: str | None, datetime: str | None) -> str:
    attributes = ""
    if cite:
        if urlsplit(cite.strip()).scheme.lower() not in _SAFE_CITE_SCHEMES:
            raise ValueError(f"cite must be a relative or http(s) URL, not {cite!r}")
        attributes += f' cite="{escape(cite)}"'
    if datetime:
        attributes += f' datetime="{escape(datetime)}"'
    return attributes


def render_legend(caveat: str = PROPOSALS_CAVEAT) -> str:
    """The key to a blackline; ``caveat`` says what the marks are (proposals by default).

    A comparison of two instruments passes its own caveat, for example
    "These are differences between two instruments, not proposals."
    """
    return (
        '<div class="tc-redline-legend" role="note">'
        '<p><span class="tc-legend-term">How to read the blackline:</span> '
        '<ins class="tc-ins">underlined text</ins> is inserted; '
        '<del class="tc-del">struck-through text</del> is deleted. '
        "Colour only repeats what the lines show. "
        "In print, insertions are also marked [+ …], deletions [− …], "
        "and a bar in the margin marks each changed paragraph.</p>"
        f'<p class="tc-legend-caveat">{escape(caveat, quote=False)}</p>'
        "</div>"
    )
