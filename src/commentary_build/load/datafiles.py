"""Small YAML data files beside the text and the commentary: concordances, themes, recommendations.

Each file is read inside the input boundary and validated against its schema
(``schemas/concordance``, ``themes``, ``recommendations``); an entry with a problem is
reported at its line and left out, so one bad entry never hides the rest. A file that
cannot be read at all is recorded in ``Unavailable``, so what only follows from it (an
unknown theme in every note) is not reported again.
"""

from __future__ import annotations

import datetime as _dt
from functools import partial
from pathlib import Path
from typing import cast

from ..model import problems as d
from ..model.commentary import Theme
from ..model.concordance import Concordance, ConcordanceEntry
from ..model.location import Location
from ..model.project import Unavailable
from ..model.tracker import Assessment, Kind, Recommendation, RecommendationSet, Status
from .inputs import DATA_CODES, AlreadyReported, Validation, guard, list_files, read_yaml, relative, report_duplicate_keys, validate
from .yamlio import YamlDoc


def read_data_file(root: Path, path: Path, kind: str, report: d.Report) -> tuple[YamlDoc, Validation]:
    """The file's YAML and the paths that failed its schema; raises ``InputFailure`` when it cannot be used at all."""
    rel = relative(root, path)
    doc = read_yaml(root, path)
    report_duplicate_keys(doc, rel, report, d.DATA_STRUCTURE)
    validation = validate(doc.data, doc, kind, rel, report, DATA_CODES, what=path.name)
    if validation.unusable(()):  # the whole file has the wrong shape (a list for a mapping): nothing in it can be read
        raise AlreadyReported()
    return doc, validation


# --------------------------------------------------------------------------- concordances


def load_concordances(root: Path, instrument_dir: Path, report: d.Report, unavailable: Unavailable | None = None) -> dict[str, Concordance]:
    result: dict[str, Concordance] = {}
    for path in list_files(instrument_dir / "concordances", ".yml"):
        rel = relative(root, path)
        concordance = guard(report, rel, partial(_load_concordance, root, path, instrument_dir, report, unavailable), None)
        if concordance is None:
            if unavailable is not None:
                unavailable.concordances.add(path.stem)
            continue
        if concordance.id in result:
            report.add(d.DUPLICATE_ID, f"concordance id '{concordance.id}' is used twice", concordance.location)
            continue
        result[concordance.id] = concordance
    return result


def _load_concordance(root: Path, path: Path, instrument_dir: Path, report: d.Report, unavailable: Unavailable | None = None) -> Concordance:
    rel = relative(root, path)
    doc, failed = read_data_file(root, path, "concordance", report)
    data = doc.data
    entries = []
    if failed.unusable(("entries",)):
        raise AlreadyReported()
    listed = data.get("entries") or []
    for index, raw in enumerate(listed):
        if failed.bad("entries", index):
            if isinstance(raw, dict) and isinstance(raw.get("draft"), (str, int)) and unavailable is not None:
                unavailable.concordance_entries.add((str(data.get("id") or path.stem), str(raw["draft"]).replace(" ", "").lower()))
            continue
        adopted = raw.get("adopted")
        entries.append(
            ConcordanceEntry(
                draft_ref=str(raw["draft"]),
                draft_title=raw.get("title"),
                target=adopted,
                targets=[t for t in [adopted, *(raw.get("also") or []), *(raw.get("related") or [])] if t],
                certainty=raw["certainty"],
                # Without a kind, the weakest positive claim: the adopted provision took the draft's place.
                kind=raw.get("kind", "successor"),
                remark=raw.get("remark"),
                location=Location(rel, doc.line_of("entries", index)),
                basis=raw.get("basis"),
            )
        )
    concordance_id = data["id"] if not failed.bad("id") else path.stem
    return Concordance(
        id=concordance_id,
        title=str(data.get("title") or concordance_id) if not failed.bad("title") else concordance_id,
        from_document=str(data.get("short_title") or concordance_id) if not failed.bad("short_title") else concordance_id,
        to_instrument=str(data.get("to_instrument") or instrument_dir.name) if not failed.bad("to_instrument") else instrument_dir.name,
        entries=entries,
        location=Location(rel, doc.line_of("id") if "id" in data else 1),
        document_symbol=data.get("document_symbol") if not failed.bad("document_symbol") else None,
        source=data.get("source") if not failed.bad("source") else None,
    )


# --------------------------------------------------------------------------- themes

THEMES_PATH = "commentary/themes.yml"


def load_themes(root: Path, report: d.Report, unavailable: Unavailable | None = None) -> dict[str, Theme]:
    path = root / THEMES_PATH
    if not path.exists() and not path.is_symlink():
        return {}
    themes = guard(report, THEMES_PATH, partial(_load_themes, root, path, report, unavailable), None)
    if themes is None:
        if unavailable is not None:
            unavailable.themes = True
        return {}
    return themes


def _load_themes(root: Path, path: Path, report: d.Report, unavailable: Unavailable | None = None) -> dict[str, Theme]:
    doc, failed = read_data_file(root, path, "themes", report)
    themes: dict[str, Theme] = {}
    if failed.unusable(("themes",)):  # not a list, or over the limit: the vocabulary as a whole is unknown
        raise AlreadyReported()
    for index, raw in enumerate(doc.data["themes"]):
        where = ("themes", index)
        if failed.bad(*where):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and unavailable is not None:
                unavailable.theme_ids.add(raw["id"])
            continue
        location = Location(THEMES_PATH, doc.line_of(*where))
        if raw["id"] in themes:
            report.add(d.DUPLICATE_ID, f"theme '{raw['id']}' is defined twice (first at line {themes[raw['id']].location.line})", location)
            continue
        themes[raw["id"]] = Theme(raw["id"], raw["label"].strip(), raw.get("description", ""), location)
    return themes


# --------------------------------------------------------------------------- recommendations


def load_recommendations(root: Path, report: d.Report) -> list[RecommendationSet]:
    sets = []
    for path in list_files(root / "commentary" / "recommendations", ".yml"):
        rel = relative(root, path)
        rec_set = guard(report, rel, partial(_load_recommendations, root, path, report), None)
        if rec_set is not None:
            sets.append(rec_set)
    return sets


def _assessment(raw: object) -> Assessment | None:
    """The file's ``assessment`` (validated by its schema), its date a date; None when absent."""
    if not isinstance(raw, dict):
        return None
    try:
        day = _dt.date.fromisoformat(str(raw["date"]))
    except (KeyError, ValueError):
        return None
    return Assessment(" ".join(str(raw["by"]).split()), day, " ".join(str(raw["against"]).split()))


def _load_recommendations(root: Path, path: Path, report: d.Report) -> RecommendationSet:
    rel = relative(root, path)
    doc, failed = read_data_file(root, path, "recommendations", report)
    data = doc.data
    if failed.unusable((), ("source", "title")) or failed.unusable(("recommendations",)):
        raise AlreadyReported()
    rec_set = RecommendationSet(data["source"], data["title"].strip())
    if not failed.bad("assessment"):
        rec_set.assessment = _assessment(data.get("assessment"))
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["recommendations"]):
        where = ("recommendations", index)
        if failed.bad(*where):
            continue
        location = Location(rel, doc.line_of(*where))
        if raw["id"] in seen:
            report.add(d.DUPLICATE_ID, f"recommendation '{raw['id']}' is listed twice (first at line {seen[raw['id']]})", location)
            continue
        seen[raw["id"]] = location.line
        rec_set.recommendations.append(
            Recommendation(
                id=raw["id"],
                summary=raw["summary"],
                locator=raw.get("locator"),
                draft_provision=raw.get("draft_provision"),
                provisions=list(raw.get("provisions") or []),
                status=cast(Status, raw["status"]),
                assessment=raw.get("assessment", ""),
                note_id=raw.get("note"),
                themes=list(raw.get("themes") or []),
                source_key=rec_set.source_key,
                source_title=rec_set.title,
                location=location,
                assessment_location=Location(rel, doc.line_of(*where, "assessment")),
                kind=cast(Kind, raw.get("kind", "recommendation")),
            )
        )
    return rec_set

