"""Plain text of a note's or a rationale's prose for outputs that carry no markup: feed summaries, Akoma Ntoso notes.

The text comes from the document tree (``document.prose``), never from the Markdown source, so no
``[@key, p 6]`` or ``*…*`` reaches a feed reader. A citation, which the site prints as a footnote,
becomes its short form in brackets ("(GITOC roundtable report, p 6)"): a summary has no footnotes. A
summary is cut at the end of a sentence, never inside one; only a first sentence longer than the
hard limit is cut at a word, and then ends with "…".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..document.nodes import Citation, Prose
from ..document.prose import plain_text
from ..model.bibliography import Entry
from ..transform.oscola import short_name

SUMMARY_LIMIT = 400  # characters a summary aims at
_HARD_LIMIT = 700  # a first sentence longer than this is cut at a word
# A sentence ends at a full stop (or ! ? …) before a capital or the end: "e.g. the" and "art. 5" do not end one.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[A-Z“\"‘(\[]|\s*$)")


def short_citation(citation: Citation, bibliography: Mapping[str, Entry]) -> str:
    """" (Short title, p 6; Other, s 2)": the sources of a citation by their short names, as written after a sentence."""
    parts = []
    for item in citation.cluster.items:
        entry = bibliography.get(item.key)
        name = short_name(entry) if entry is not None else item.key
        words = " ".join(part for part in (item.prefix, name) if part)
        parts.append(f"{words}, {item.locator}" if item.locator else words)
    return f" ({'; '.join(parts)})" if parts else ""


def prose_text(prose: Prose, bibliography: Mapping[str, Entry]) -> str:
    """The prose as plain text, one line per block, citations in their short form."""
    return plain_text(prose.blocks, lambda citation: short_citation(citation, bibliography))


def summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` on one line, as many whole sentences as fit in ``limit`` characters (at least the first)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    ends = [m.end() for m in _SENTENCE_END.finditer(flat)]
    within = [end for end in ends if end <= limit]
    if within:
        return flat[:within[-1]]
    if ends and ends[0] <= _HARD_LIMIT:
        return flat[:ends[0]]
    cut = flat[:_HARD_LIMIT].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
