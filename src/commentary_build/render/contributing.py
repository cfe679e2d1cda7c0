"""The "Contributing" format reference, generated from the schema, the theme vocabulary and
the problem codes the checker uses, so the documentation cannot drift from the checks.
Each section is a template under ``templates/contributing/``.
"""

from __future__ import annotations

from typing import Any

from ..check.budgets import LIMITS, PRINT_TABLE_CHARACTERS
from ..load.formats import INPUT_FORMATS, format_rows
from ..load.inputs import NAME_RULE, SLUG
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
    short_title: Human-rights refusal
    # Without 'proponent' the editors propose it; you may name yourself as in 'authors'. Anyone else needs
    # the text where they made the proposal:
    # proponent: Delegation of Examplia
    # proposed_in: {source: A/AC.291/CRP.10, pinpoint: para 12}
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


def _rows(kind: str) -> list[dict[str, Any]]:
    """The rows of a format table, from the schema of ``kind`` (``load.formats``): the one source of truth."""
    return [
        {"name": row.field, "type": row.type, "required": row.required, "description": row.meaning, "example": row.example}
        for row in format_rows(kind)
    ]


def contributing_page(context: RenderContext) -> SitePage:
    note_rows = _rows("note")
    proposal_rows = [row for row in note_rows if row["name"].startswith("proposals")]
    note_rows = [row for row in note_rows if not row["name"].startswith("proposals[]")]
    # The headings are the engine's own words, written as Markdown directly.
    body = html_block(context.html("contributing/intro.html"))
    body += "\n## A note {#note}\n" + html_block(context.html("contributing/note.html", example=NOTE_EXAMPLE))
    body += "\n## Front-matter fields {#fields}\n" + html_block(context.html("contributing/note_fields.html", rows=note_rows))
    body += "\n## Redline suggestions {#redlines}\n" + html_block(context.html("contributing/redlines.html", example=REDLINE_EXAMPLE, rows=proposal_rows))
    body += "\n## Citations and cross-references {#citations}\n" + html_block(context.html("contributing/citations.html", concordances=list(context.project.concordances.values())))
    body += "\n## How much a note may hold {#budgets}\n" + html_block(context.html("contributing/budgets.html", limits=LIMITS, table_characters=PRINT_TABLE_CHARACTERS))
    body += "\n## Themes {#themes}\n" + html_block(context.html("contributing/themes.html", themes=list(context.project.themes.values())))
    rules = {code: d.CODES[code] for code in (d.CONTROL_CHARACTER, d.UNSAFE_NAME, d.HIDDEN_FILE, d.INVISIBLE_CHARACTER)}
    body += "\n## Names, ids and characters {#names}\n" + html_block(context.html("contributing/names.html", name_rule=NAME_RULE, slug=SLUG, codes=rules))
    body += "\n## Every file format {#formats}\n" + html_block(context.html("contributing/formats.html", formats=[
        {"kind": f.kind, "title": f.title, "files": f.files, "rows": _rows(f.kind)} for f in INPUT_FORMATS if f.kind != "note"
    ]))
    body += "\n## Problem codes {#codes}\n" + html_block(context.html("contributing/codes.html", codes=list(d.CODES.values())))
    return make_page(CONTRIBUTING_PAGE, "Contributing: the file format", body, kind="contributing", edit_path="src/commentary_build/load/schemas/note.schema.yml")
