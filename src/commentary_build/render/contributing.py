"""The "Contributing" format reference, generated from the schema, the theme vocabulary and
the problem codes the checker uses, so the documentation cannot drift from the checks.
Each section is a template under ``templates/contributing/``.
"""

from __future__ import annotations

import json
from typing import Any

from ..load.notes import note_schema
from ..model import problems as d
from .context import RenderContext
from .navigation import CONTRIBUTING_PAGE
from .page import SitePage, html_block, make_page

NOTE_EXAMPLE = """---
title: A human-rights ground for refusing mutual legal assistance
target: art-40-21
draft: "CND (April 2023), art 61"
authors:
  - name: Jane Doe
    organisation: Example Institute
date: 2025-03-01
themes: [grounds-for-refusal, human-rights-safeguards]
---
The grounds in Article 40(21) do not include a risk to the person's rights
[@gitoc-roundtable-2023, p 6]. Compare art 42(6).
"""

REDLINE_EXAMPLE = """proposals:
  - id: example-hr-ground
    title: Refusal where execution would violate human rights
    proponent: Example Institute
    date: 2025-03-01
    rationale: |
      Why the change is needed [@gitoc-roundtable-2023, p 6].
    edits:
      - target: art-40-21-d
        op: replace
        quote: "to be granted."
        text: "to be granted; or"
      - target: art-40-21-d
        op: add-after
        num: "(e)"
        text: "If execution of the request is likely to violate human rights."
"""


def _type_of(spec: dict) -> str:
    if "enum" in spec:
        return "one of: " + ", ".join(spec["enum"])
    kind = spec.get("type", "")
    if kind == "array":
        item = spec.get("items", {})
        inner = "object" if "$ref" in item or item.get("type") == "object" else item.get("type", "value")
        return f"list of {inner}s"
    if spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return kind


def _field_rows(properties: dict, required: list[str], prefix: str = "") -> list[dict[str, Any]]:
    rows = []
    for name, spec in properties.items():
        example = spec.get("examples", [None])[0]
        rows.append({
            "name": prefix + name,
            "type": _type_of(spec),
            "required": name in required,
            "description": spec.get("description", ""),
            "example": json.dumps(example, ensure_ascii=False) if example is not None else None,
        })
    return rows


def contributing_page(context: RenderContext) -> SitePage:
    schema = note_schema()
    defs = schema["$defs"]
    note_rows = _field_rows(schema["properties"], schema["required"])
    proposal_rows = _field_rows(defs["proposal"]["properties"], defs["proposal"]["required"], "proposals[].")
    edit_rows = _field_rows(defs["edit"]["properties"], defs["edit"]["required"], "proposals[].edits[].")
    # The headings are the engine's own words, written as Markdown directly.
    body = html_block(context.html("contributing/intro.html"))
    body += "\n## A note {#note}\n" + html_block(context.html("contributing/note.html", example=NOTE_EXAMPLE))
    body += "\n## Front-matter fields {#fields}\n" + html_block(context.html("contributing/note_fields.html", rows=note_rows))
    body += "\n## Redline suggestions {#redlines}\n" + html_block(context.html("contributing/redlines.html", example=REDLINE_EXAMPLE, rows=proposal_rows + edit_rows))
    body += "\n## Citations and cross-references {#citations}\n" + html_block(context.html("contributing/citations.html", concordances=list(context.project.concordances.values())))
    body += "\n## Themes {#themes}\n" + html_block(context.html("contributing/themes.html", themes=list(context.project.themes.values())))
    body += "\n## Problem codes {#codes}\n" + html_block(context.html("contributing/codes.html", codes=list(d.CODES.values())))
    return make_page(CONTRIBUTING_PAGE, "Contributing: the file format", body, kind="contributing", edit_path="src/commentary_build/load/schemas/note.schema.yml")
