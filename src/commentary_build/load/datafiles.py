"""Small YAML data files beside the text and the commentary: concordances, themes, recommendations.

Each loader reports what is wrong with file and line and returns what it could read,
so one bad entry never hides the rest.
"""

from __future__ import annotations

from pathlib import Path

from ..model import problems as d
from ..model.commentary import Theme
from ..model.concordance import CERTAINTIES, CONCORDANCE_KINDS, Concordance, ConcordanceEntry
from ..model.location import Location
from ..model.tracker import STATUSES, Recommendation, RecommendationSet
from .yamlio import YamlDoc, YamlError, load_yaml


def read_yaml_file(root: Path, path: Path, report: d.Report) -> tuple[YamlDoc | None, str]:
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.add(d.FILE_NOT_UTF8, f"cannot decode as UTF-8 at byte {exc.start}", Location(rel))
        return None, rel
    try:
        return load_yaml(text), rel
    except YamlError as exc:
        report.add(d.YAML_SYNTAX, exc.message, Location(rel, exc.line, exc.column))
        return None, rel


def _require(doc: YamlDoc, item: dict, path: tuple, key: str, rel: str, report: d.Report, kind=str):
    value = item.get(key)
    if value is None or (kind is str and not isinstance(value, str)):
        report.add(d.DATA_STRUCTURE, f"'{key}' is required and must be {'text' if kind is str else kind.__name__}", Location(rel, doc.line_of(*path)))
        return None
    return value


# --------------------------------------------------------------------------- concordances


def load_concordances(root: Path, instrument_dir: Path, report: d.Report) -> dict[str, Concordance]:
    result: dict[str, Concordance] = {}
    for path in sorted((instrument_dir / "concordances").glob("*.yml")):
        doc, rel = read_yaml_file(root, path, report)
        if doc is None or not isinstance(doc.data, dict):
            if doc is not None:
                report.add(d.DATA_STRUCTURE, "a concordance must be a mapping with id, title and entries", Location(rel, 1))
            continue
        data = doc.data
        entries = []
        for index, raw in enumerate(data.get("entries") or []):
            where = ("entries", index)
            if not isinstance(raw, dict):
                report.add(d.DATA_STRUCTURE, "each entry must be a mapping", Location(rel, doc.line_of(*where)))
                continue
            draft = raw.get("draft")
            if draft is None:
                report.add(d.DATA_STRUCTURE, "entry without 'draft' (the draft article number)", Location(rel, doc.line_of(*where)))
                continue
            kind = raw.get("kind", "equivalent")
            certainty = raw.get("certainty")
            if kind not in CONCORDANCE_KINDS:
                report.add(d.DATA_STRUCTURE, f"kind '{kind}' is not one of {', '.join(CONCORDANCE_KINDS)}", Location(rel, doc.line_of(*where, "kind")))
            if certainty not in CERTAINTIES:
                report.add(d.DATA_STRUCTURE, f"certainty '{certainty}' is not one of {', '.join(CERTAINTIES)}", Location(rel, doc.line_of(*where, "certainty")))
            adopted = raw.get("adopted")
            also = list(raw.get("also") or [])
            related = list(raw.get("related") or [])
            entries.append(
                ConcordanceEntry(
                    draft_ref=str(draft),
                    draft_title=raw.get("title"),
                    target=adopted,
                    targets=[t for t in [adopted, *also, *related] if t],
                    certainty=str(certainty),
                    kind=kind,
                    remark=raw.get("remark"),
                    location=Location(rel, doc.line_of(*where)),
                )
            )
        concordance_id = data.get("id") or path.stem
        if concordance_id in result:
            report.add(d.DUPLICATE_ID, f"concordance id '{concordance_id}' is used twice", Location(rel, doc.line_of("id")))
        result[concordance_id] = Concordance(
            id=concordance_id,
            title=str(data.get("title") or concordance_id),
            from_document=str(data.get("short_title") or concordance_id),
            to_instrument=str(data.get("to_instrument") or instrument_dir.name),
            entries=entries,
            location=Location(rel, 1),
        )
    return result


# --------------------------------------------------------------------------- themes


def load_themes(root: Path, report: d.Report) -> dict[str, Theme]:
    path = root / "commentary" / "themes.yml"
    if not path.exists():
        return {}
    doc, rel = read_yaml_file(root, path, report)
    themes: dict[str, Theme] = {}
    if doc is None:
        return themes
    for index, raw in enumerate((doc.data or {}).get("themes") or []):
        where = ("themes", index)
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label"):
            report.add(d.DATA_STRUCTURE, "each theme needs an id and a label", Location(rel, doc.line_of(*where)))
            continue
        if raw["id"] in themes:
            report.add(d.DUPLICATE_ID, f"theme '{raw['id']}' is defined twice", Location(rel, doc.line_of(*where)))
            continue
        themes[raw["id"]] = Theme(raw["id"], raw["label"], raw.get("description", ""), Location(rel, doc.line_of(*where)))
    return themes


# --------------------------------------------------------------------------- recommendations


def load_recommendations(root: Path, report: d.Report) -> list[RecommendationSet]:
    sets = []
    for path in sorted((root / "commentary" / "recommendations").glob("*.yml")):
        doc, rel = read_yaml_file(root, path, report)
        if doc is None or not isinstance(doc.data, dict):
            continue
        data = doc.data
        source = str(data.get("source") or "")
        rec_set = RecommendationSet(source, str(data.get("title") or source))
        for index, raw in enumerate(data.get("recommendations") or []):
            where = ("recommendations", index)
            if not isinstance(raw, dict):
                report.add(d.DATA_STRUCTURE, "each recommendation must be a mapping", Location(rel, doc.line_of(*where)))
                continue
            rec_id = _require(doc, raw, where, "id", rel, report)
            summary = _require(doc, raw, where, "summary", rel, report)
            status = raw.get("status")
            if status not in STATUSES:
                report.add(d.DATA_STRUCTURE, f"status '{status}' is not one of {', '.join(STATUSES)}", Location(rel, doc.line_of(*where, "status")))
                continue
            if not rec_id or not summary:
                continue
            rec_set.recommendations.append(
                Recommendation(
                    id=rec_id,
                    summary=summary,
                    locator=raw.get("locator"),
                    draft_provision=raw.get("draft_provision"),
                    provisions=list(raw.get("provisions") or []),
                    status=status,
                    assessment=raw.get("assessment", ""),
                    note_id=raw.get("note"),
                    themes=list(raw.get("themes") or []),
                    source_key=source,
                    source_title=rec_set.title,
                    location=Location(rel, doc.line_of(*where)),
                )
            )
        sets.append(rec_set)
    return sets
