"""The citation index: every citable unit of every text by its pinpoint, for search that understands citations.

Readers search the way they cite: "art 40(8)", "Article 40, paragraph 8", "Budapest 15",
"BC art 27(4)", "CND 61". The site's search script (assets/commentary.js) reads this file,
recognises such a query and offers the paragraph itself as the first result. The file is
small (one short entry per unit) and loaded only when the reader opens search.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Article, Instrument, Project, Provision
from ..model.concordance import Concordance
from ..transform.pinpoints import pinpoint
from .navigation import article_heading
from .urls import SiteUrls

CITATION_INDEX = "assets/treaty-commentary/citations.json"

_PINPOINT_PREFIX = "art "


def citation_index(project: Project, urls: SiteUrls) -> dict[str, Any]:
    instruments = [_instrument_entry(instrument, urls) for instrument in project.instruments.values()]
    drafts = [_draft_entry(concordance, project) for concordance in project.concordances.values() if concordance.to_instrument in project.instruments]
    return {"instruments": instruments, "drafts": drafts}


def citation_index_json(project: Project, urls: SiteUrls) -> str:
    # Sorted keys and no spaces: the file is the same bytes for the same project, and small.
    return json.dumps(citation_index(project, urls), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def aliases(instrument: Instrument) -> list[str]:
    """Names a reader may put before a citation: "BC", "Budapest", "ETS 185", "UN", "UNCC"…, lower case."""
    names = {instrument.id, instrument.label, instrument.short_title}
    if instrument.symbol:
        names.add(instrument.symbol)
        names.add(instrument.symbol.replace("No.", "").replace("No ", ""))
    words = instrument.label.split()
    if words:
        names.add(words[0])
        if len(words) > 1 and all(word[0].isupper() for word in words):  # "Budapest Convention" → "BC"
            names.add("".join(word[0] for word in words))
    names.update(str(alias) for alias in instrument.metadata.get("search_aliases", []) or [])
    return sorted({" ".join(name.lower().replace(".", " ").split()) for name in names if name and len(name) > 1})


def _instrument_entry(instrument: Instrument, urls: SiteUrls) -> dict[str, Any]:
    units: dict[str, list[str]] = {}
    for article in instrument.articles.values():
        page = urls.url(urls.article_page(instrument, article))
        units[article.number] = [page, article_heading(article)]
        for unit in article.walk():
            key = _key(pinpoint(unit))
            if key and key not in units:
                units[key] = [f"{page}#{unit.id}", _readable(pinpoint(unit))]
    return {"id": instrument.id, "label": instrument.label, "default": instrument.is_default, "aliases": aliases(instrument), "units": units}


def _draft_entry(concordance: Concordance, project: Project) -> dict[str, Any]:
    instrument = project.instruments[concordance.to_instrument]
    entries: dict[str, list[str]] = {}
    for entry in concordance.entries:
        if entry.target is None:
            continue
        unit = instrument.index.get(entry.target)
        if not isinstance(unit, (Article, Provision)):
            continue
        place = pinpoint(unit)
        key = _key(place)
        entries[re.sub(r"\s+", "", entry.draft_ref).lower()] = [key, _readable(place)]
    short = concordance.from_document.split("(")[0].strip()
    names = {concordance.id, short, concordance.from_document}
    return {"id": concordance.id, "label": concordance.from_document, "instrument": instrument.id,
            "aliases": sorted({" ".join(n.lower().split()) for n in names if n}), "entries": entries}


def _key(place: str) -> str:
    """"art 40(21)(b)" → "40(21)(b)": the form the search script builds from a query."""
    return place.removeprefix(_PINPOINT_PREFIX).replace(" ", "").lower()


def _readable(place: str) -> str:
    return "Art. " + place.removeprefix(_PINPOINT_PREFIX) if place.startswith(_PINPOINT_PREFIX) else place
