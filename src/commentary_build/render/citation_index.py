"""The citation index: every citable unit of every text by its pinpoint, for search that understands citations.

Readers search the way they cite: "art 40(8)", "Article 40, paragraph 8", "Budapest 15",
"BC art 27(4)", "CND 61". The site's search script (assets/search.js) reads this index,
recognises such a query and offers the paragraph itself, with its words, as the first result.

The index is split so that a citation costs the same at any size of treaty: a small root file
(``citations.json``: each text's names and the articles it has, and the draft concordances) that
search loads when it is opened, and one file per article (``citations/<text>/<article>.json``: the
address, title and opening words of each unit) that is loaded only when a query names that article.
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
CITATION_SHARDS = "assets/treaty-commentary/citations"

_PINPOINT_PREFIX = "art "
# A citation hit shows the paragraph's words, cut after this many words (the page has the rest).
SNIPPET_WORDS = 40


def citation_index(project: Project, urls: SiteUrls) -> dict[str, Any]:
    """The root file: what the search script needs before it knows which article a query names."""
    instruments = [
        {"id": instrument.id, "label": instrument.label, "default": instrument.is_default, "aliases": aliases(instrument),
         "articles": {article.number.lower(): article.id for article in instrument.articles.values()}}
        for instrument in project.instruments.values()
    ]
    drafts = [_draft_entry(concordance, project) for concordance in project.concordances.values() if concordance.to_instrument in project.instruments]
    return {"instruments": instruments, "drafts": drafts}


def citation_files(project: Project, urls: SiteUrls) -> dict[str, str]:
    """Every file of the index by its path under the site folder: the root and one file per article."""
    files = {CITATION_INDEX: _json(citation_index(project, urls))}
    for instrument in project.instruments.values():
        for article in instrument.articles.values():
            files[f"{CITATION_SHARDS}/{instrument.id}/{article.id}.json"] = _json(article_entry(instrument, article, urls))
    return files


def _json(data: dict[str, Any]) -> str:
    # Sorted keys and no spaces: the same bytes for the same project, and small.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


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


def article_entry(instrument: Instrument, article: Article, urls: SiteUrls) -> dict[str, Any]:
    """One article's file: each unit by its key ("40", "40(8)", "40(21)(b)") as [address, title, opening words]."""
    page = urls.url(urls.article_page(instrument, article))
    first = next(iter(article.walk()), None)
    units: dict[str, list[str]] = {article.number.lower(): [page, article_heading(article), _snippet(first) if first else ""]}
    for unit in article.walk():
        key = _key(pinpoint(unit))
        if key and key not in units:
            units[key] = [f"{page}#{unit.id}", _readable(pinpoint(unit)), _snippet(unit)]
    return {"units": units}


def _snippet(unit: Provision) -> str:
    """The unit's own words (a paragraph that opens a list: its opening words, then its first item's)."""
    words = (unit.num + " " if unit.num else "").split() + unit.text.split()
    for child in unit.children[:1]:
        words += (child.num or "").split() + child.text.split()
    if len(words) > SNIPPET_WORDS:
        return " ".join(words[:SNIPPET_WORDS]) + " …"
    return " ".join(words)


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
    return "Art " + place.removeprefix(_PINPOINT_PREFIX) if place.startswith(_PINPOINT_PREFIX) else place
