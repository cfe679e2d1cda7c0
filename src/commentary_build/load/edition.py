"""commentary/edition.yml: the edition's title, editors, licence, contact, sources of the texts, contributors."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ..model import Location
from ..model import problems as d
from ..model.edition import Contributor, Edition, Link, TextSource, default_edition
from .yamlio import YamlError, load_yaml

EDITION_PATH = "commentary/edition.yml"


@functools.lru_cache(maxsize=1)
def edition_schema() -> dict[str, Any]:
    text = resources.files("commentary_build").joinpath("load/schemas/edition.schema.yml").read_text(encoding="utf-8")
    schema: dict[str, Any] = load_yaml(text).data
    return schema


def load_edition(root: Path, report: d.Report) -> Edition:
    """The edition, or a bare default (its title only) when the file is absent or unreadable; problems are reported."""
    path = root / EDITION_PATH
    if not path.is_file():
        return default_edition()
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        report.add(d.FILE_NOT_UTF8, f"byte {exc.start} is not UTF-8", Location(EDITION_PATH))
        return default_edition()
    except YamlError as exc:
        report.add(d.YAML_SYNTAX, exc.message, Location(EDITION_PATH, exc.line, exc.column))
        return default_edition()
    errors = sorted(jsonschema.Draft202012Validator(edition_schema()).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        where = tuple(error.absolute_path)
        name = ".".join(str(p) for p in where) or "edition.yml"
        report.add(d.DATA_STRUCTURE, f"{name}: {error.message}", Location(EDITION_PATH, *doc.position_of(*where)))
    if errors:
        return default_edition()
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
        texts={text_id: TextSource(_link(raw.get("official")), raw.get("status")) for text_id, raw in (data.get("texts") or {}).items()},
        contributors=[Contributor(c["name"], tuple(c["emails"])) for c in data.get("contributors") or []],
        location=Location(EDITION_PATH, 1),
    )


def _link(raw: dict[str, str] | None) -> Link | None:
    return Link(raw["label"], raw["url"]) if raw else None
