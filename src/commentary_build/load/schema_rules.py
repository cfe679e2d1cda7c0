"""The schema validator of the inputs: jsonschema's Draft 2020-12 with the project's own rules (dates, one-line
fields and the invisible characters in them, ECMA-262 patterns, uniqueness in linear time, short messages).

A module of its own so that ``load/inputs.py`` imports jsonschema only when something is validated: inputs
found valid before (``load/parsed.py``) are not validated again.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

import jsonschema
import referencing
import regress

from ..model.characters import REORDERING_CONTROLS, find_invisible
from ..model.characters import describe as describe_character
from .schema_files import _DATE, INVISIBLE, _show, schema, schema_kinds


@functools.lru_cache(maxsize=1)
def _registry() -> referencing.Registry:
    resources_ = [(schema(kind)["$id"], referencing.Resource.from_contents(schema(kind))) for kind in schema_kinds()]
    return referencing.Registry().with_resources(resources_)


_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@_FORMATS.checks("single-line")
def _is_single_line(value: object) -> bool:
    return not isinstance(value, str) or (bool(value.strip()) and "\n" not in value and "\r" not in value)


@_FORMATS.checks("text")
def _is_text(value: object) -> bool:
    return not isinstance(value, str) or bool(value.strip())


def _unique_items(validator, unique, instance, schema):
    """uniqueItems in linear time (jsonschema's own falls back to comparing every pair: quadratic on a long list)."""
    if not unique or not validator.is_type(instance, "array"):
        return
    seen: set[str] = set()
    for item in instance:
        key = repr(_canonical(item))
        if key in seen:
            yield jsonschema.ValidationError(f"{_show(item)} is listed twice", validator="uniqueItems", instance=item)
            return
        seen.add(key)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, bool):
        return ("bool", value)
    return value


@functools.lru_cache(maxsize=512)
def _ecma(pattern: str) -> regress.Regex:
    return regress.Regex(pattern)


def _pattern(validator, pattern, instance, schema):
    """``pattern`` as JSON Schema defines it, an ECMA-262 expression, run by ``regress``: its "$" matches only at
    the end of the value. (jsonschema's own uses Python's ``re.search``, whose "$" also matches before a final
    line feed, so "nl-id\\n" passed "^[a-z0-9-]+$" and put a line break into anchors and file names.)"""
    if validator.is_type(instance, "string") and _ecma(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{_show(instance)} does not match {pattern!r}")


_FORMAT = jsonschema.Draft202012Validator.VALIDATORS["format"]


def _format(validator, format_name, instance, schema):
    """``format``, and for a one-line field (titles, names, labels) a warning about each character readers cannot see.
    (No one-line field sits under anyOf, oneOf, not or if in the schemas, where the warning would decide a branch.)"""
    yield from _FORMAT(validator, format_name, instance, schema)
    # "wording" (a proposal's quote and new words) is any text, but it stands where the treaty's wording
    # stands: a right-to-left override there makes the blackline read other words than the data holds.
    if format_name in ("single-line", "wording") and isinstance(instance, str):
        positions = find_invisible(instance)
        if format_name == "wording":
            # Marks (LRM, RLM) and joiners belong to some scripts' wording; what reorders the words shown does not.
            positions = [at for at in positions if instance[at] in REORDERING_CONTROLS]
        if positions:
            shown = ", ".join(f"{describe_character(instance[at])} at character {at + 1}" for at in positions[:3])
            more = f" and {len(positions) - 3} more" if len(positions) > 3 else ""
            noun = "an invisible character" if len(positions) == 1 else "invisible characters"
            yield jsonschema.ValidationError(f"holds {noun} that readers cannot see: {shown}{more}", validator=INVISIBLE, instance=instance)


def _max_length(validator, maximum, instance, schema):
    # The message of jsonschema's own quotes the whole value, which may be 500 KiB.
    if validator.is_type(instance, "string") and len(instance) > maximum:
        yield jsonschema.ValidationError(f"{len(instance)} characters, over the limit of {maximum}; shorten it", validator="maxLength", validator_value=maximum, instance=instance)


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"uniqueItems": _unique_items, "maxLength": _max_length, "pattern": _pattern, "format": _format}
)


@functools.cache
def validator(kind: str):
    return _Validator(schema(kind), format_checker=_FORMATS, registry=_registry())
