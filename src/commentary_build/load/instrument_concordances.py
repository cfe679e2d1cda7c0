"""Concordances between two instruments: which unit of one text answers to which unit of another.

Files live in ``content/<instrument>/instrument-concordances/*.yml`` (format in
docs/format/text.md). The folder is separate from ``concordances/``, which maps a
negotiating draft onto an adopted text: here both sides are loaded texts, so every
pair is checked against both, and each side can be shown and compared.

Nothing here names a particular treaty: the two instruments come from the file.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import cast

from ..model import problems as d
from ..model.concordance import Certainty, InstrumentConcordance, InstrumentPair, PairKind, Review
from ..model.location import Location
from ..model.project import Unavailable
from ..model.text import Instrument
from .datafiles import read_data_file
from .inputs import AlreadyReported, guard, list_files, relative
from .yamlio import YamlDoc

FOLDER = "instrument-concordances"
_PAIR_FIELDS = {"kind", "certainty", "remark"}


def load_instrument_concordances(root: Path, instruments: dict[str, Instrument], report: d.Report, unavailable: Unavailable | None = None) -> list[InstrumentConcordance]:
    result: list[InstrumentConcordance] = []
    broken = unavailable if unavailable is not None else Unavailable()
    for instrument in instruments.values():
        for path in list_files(root / instrument.directory / FOLDER, ".yml"):
            rel = relative(root, path)
            concordance = guard(report, rel, partial(_load_file, root, path, instrument.id, instruments, report, broken), None)
            if concordance is not None:
                result.append(concordance)
    return result


def _load_file(root: Path, path: Path, folder_instrument: str, instruments: dict[str, Instrument], report: d.Report, unavailable: Unavailable) -> InstrumentConcordance | None:
    rel = relative(root, path)
    doc, failed = read_data_file(root, path, "instrument-concordance", report)
    data = doc.data
    if failed.unusable((), ("pairs", "from", "to")):
        raise AlreadyReported()
    from_id = str(data.get("from", folder_instrument))
    to_id = str(data["to"])
    sides: dict[str, Instrument] = {}
    for side, instrument_id in (("from", from_id), ("to", to_id)):
        if instrument_id not in instruments:
            if instrument_id not in unavailable.instruments:
                report.add(d.INSTRUMENT_UNKNOWN, f"'{side}: {instrument_id}' is not a text under content/", Location(rel, doc.line_of(side)))
            return None
        sides[side] = instruments[instrument_id]
    concordance = InstrumentConcordance(
        id=str(data.get("id") or path.stem),
        title=str(data.get("title") or f"{sides['from'].short_title} and {sides['to'].short_title}"),
        from_instrument=from_id,
        to_instrument=to_id,
        location=Location(rel, 1),
        review=_review(data.get("review")),
    )
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(data["pairs"]):
        if failed.bad("pairs", index):
            continue
        pair = _read_pair(doc, rel, index, raw, sides["from"], sides["to"], report, unavailable)
        if pair is None:
            continue
        units = (pair.from_unit, pair.to_unit)
        if units in seen:
            report.add(d.DUPLICATE_ID, f"the pair {pair.from_unit} ↔ {pair.to_unit} is listed twice (first at line {seen[units]})", pair.location)
            continue
        seen[units] = pair.location.line
        concordance.pairs.append(pair)
    return concordance


def _read_pair(doc: YamlDoc, rel: str, index: int, raw: dict, from_text: Instrument, to_text: Instrument, report: d.Report, unavailable: Unavailable) -> InstrumentPair | None:
    """A pair the schema accepted (kind, certainty, remark, text keys); the texts decide the rest."""
    where = ("pairs", index)
    here = Location(rel, doc.line_of(*where))
    ok = True
    for key in raw:
        if key not in _PAIR_FIELDS and key not in (from_text.id, to_text.id):
            report.add(d.FIELD_UNKNOWN, f"'{key}' is not a field of a pair (use {from_text.id}, {to_text.id}, kind, certainty, remark)", Location(rel, doc.line_of(*where, key)))
    units: dict[str, str] = {}
    for instrument in (from_text, to_text):
        unit_id = raw.get(instrument.id)
        if not isinstance(unit_id, str) or not unit_id:
            report.add(d.DATA_STRUCTURE, f"'{instrument.id}' (the unit id in {instrument.short_title}) is required", here)
            ok = False
        elif instrument.article_of(unit_id) is None:
            if not unavailable.article(instrument.id, unit_id):
                report.add(d.TARGET_UNKNOWN, f"'{unit_id}' is not an article or paragraph of {instrument.short_title}", Location(rel, doc.line_of(*where, instrument.id)))
            ok = False
        else:
            units[instrument.id] = unit_id
    if not ok:
        return None
    remark = raw.get("remark")
    return InstrumentPair(units[from_text.id], units[to_text.id], cast(PairKind, raw["kind"]), cast(Certainty, raw["certainty"]), str(remark) if remark else None, here)


def _review(raw: object) -> Review | None:
    """The file's ``review`` (validated by its schema), with its date as a date; None when absent."""
    if not isinstance(raw, dict):
        return None
    try:
        day = dt.date.fromisoformat(str(raw["date"]))
    except (KeyError, ValueError):
        return None
    return Review(" ".join(str(raw["by"]).split()), day, " ".join(str(raw.get("method") or "").split()), " ".join(str(raw.get("scope") or "").split()))
