"""commentary/edition.yml: the edition's title, editors, licence, contact, sources of the texts, contributors.

Read inside the input boundary and validated against its schema like every other input;
a broken file leaves the site with a bare default edition (its title) and a problem at
the file, never a failed build.
"""

from __future__ import annotations

import datetime as _dt
from functools import partial
from pathlib import Path
from typing import Any

from ..model import problems as d
from ..model.edition import DEFAULT_STATUS_MAX_AGE_DAYS, Contributor, Edition, EditionReview, Link, TextSource, default_edition
from ..model.location import Location
from .inputs import DATA_CODES, AlreadyReported, guard, read_yaml, report_duplicate_keys, validate

EDITION_PATH = "commentary/edition.yml"


def load_edition(root: Path, report: d.Report) -> Edition:
    """The edition, or a bare default when the file is absent or unusable; problems are reported."""
    path = root / EDITION_PATH
    if not path.exists() and not path.is_symlink():
        return default_edition()
    return guard(report, EDITION_PATH, partial(_load_edition, root, path, report), default_edition())


def _load_edition(root: Path, path: Path, report: d.Report) -> Edition:
    doc = read_yaml(root, path)
    report_duplicate_keys(doc, EDITION_PATH, report, d.DATA_STRUCTURE)
    if not validate(doc.data, doc, "edition", EDITION_PATH, report, DATA_CODES, what=path.name).ok:
        raise AlreadyReported()
    data: dict[str, Any] = doc.data
    return Edition(
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        editors=data["editors"],
        editors_description=data.get("editors_description", ""),
        method=data.get("method", ""),
        licence=_link(data.get("licence")),
        texts_licence=data.get("texts_licence", ""),
        contact=_link(data.get("contact")),
        texts={text_id: _text_source(raw) for text_id, raw in (data.get("texts") or {}).items()},
        contributors=[Contributor(c["name"], tuple(c["emails"])) for c in data.get("contributors") or []],
        date=_day(data.get("date")),
        status_max_age_days=int(data.get("status_max_age_days", DEFAULT_STATUS_MAX_AGE_DAYS)),
        reviews=[EditionReview(_day(r["date"]) or _dt.date.min, " ".join(r["by"].split()), " ".join(r["scope"].split()), " ".join(str(r.get("left", "")).split()))
                 for r in data.get("reviews") or []],
        location=Location(EDITION_PATH, 1),
    )


def _day(value: Any) -> _dt.date | None:
    """A date the schema has accepted as YYYY-MM-DD (YAML may already have made it a date)."""
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text_source(raw: dict[str, Any]) -> TextSource:
    return TextSource(
        official=_link(raw.get("official")),
        entry=raw.get("entry"),
        status_register=_link(raw.get("status_register")),
        unofficial=bool(raw.get("unofficial", False)),
    )


def _link(raw: dict[str, str] | None) -> Link | None:
    return Link(raw["label"], raw["url"]) if raw else None
