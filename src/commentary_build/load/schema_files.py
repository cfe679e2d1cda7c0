"""The inputs' JSON Schemas (``load/schemas/``) and the few words and patterns both the loaders (``inputs.py``) and the
validator (``schema_rules.py``) use, so that the validator, and jsonschema with it, is imported only when needed."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

from .yamlio import load_yaml

SCHEMA_BASE = "https://treaty-commentary.invalid/schemas/"


@functools.cache
def schema(kind: str) -> dict:
    """The JSON Schema of one kind of input (``load/schemas/<kind>.schema.yml``)."""
    text = resources.files("commentary_build").joinpath(f"load/schemas/{kind}.schema.yml").read_text(encoding="utf-8")
    data = load_yaml(text).data
    # An id of its own, so "text-article.schema.yml#/$defs/unit" in another schema resolves to this file.
    data.setdefault("$id", f"{SCHEMA_BASE}{kind}.schema.yml")
    return data


def schema_kinds() -> list[str]:
    """Every kind of input that has a schema, from the files in load/schemas/."""
    folder = resources.files("commentary_build").joinpath("load/schemas")
    return sorted(entry.name.removesuffix(".schema.yml") for entry in folder.iterdir() if entry.name.endswith(".schema.yml"))


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The keyword of the warnings about invisible characters in one-line fields: reported as W069, never a failure.
INVISIBLE = "invisibleCharacters"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 11] + "…" + text[-10:]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(_short(value))
    return _short(repr(value))
