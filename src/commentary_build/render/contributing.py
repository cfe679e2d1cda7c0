"""The "Contributing" format reference, generated from the schema, the theme vocabulary and
the problem codes the checker uses, so the documentation cannot drift from the checks.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

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


def _field_rows(properties: dict, required: list[str], prefix: str = "") -> list[str]:
    rows = []
    for name, spec in properties.items():
        example = spec.get("examples", [None])[0]
        example_html = f"<code>{escape(json.dumps(example, ensure_ascii=False))}</code>" if example is not None else ""
        rows.append(
            f'<tr><td><code>{escape(prefix + name)}</code></td><td>{escape(_type_of(spec))}</td>'
            f'<td>{"required" if name in required else "optional"}</td><td>{escape(spec.get("description", ""))}</td><td>{example_html}</td></tr>'
        )
    return rows


def _table(rows: list[str]) -> str:
    return '<table class="tc-format"><thead><tr><th>Field</th><th>Type</th><th></th><th>Meaning</th><th>Example</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"


def contributing_page(context: RenderContext) -> SitePage:
    schema = note_schema()
    defs = schema["$defs"]
    note_rows = _field_rows(schema["properties"], schema["required"])
    proposal_rows = _field_rows(defs["proposal"]["properties"], defs["proposal"]["required"], "proposals[].")
    edit_rows = _field_rows(defs["edit"]["properties"], defs["edit"]["required"], "proposals[].edits[].")
    themes = "".join(
        f"<tr><td><code>{escape(t.id)}</code></td><td>{escape(t.label)}</td><td>{escape(t.description)}</td></tr>" for t in context.project.themes.values()
    )
    codes = "".join(
        f'<tr id="{escape(c.code.lower())}"><td><code>{escape(c.code)}</code></td><td>{escape(c.title)}</td><td>{escape(c.cause)}</td><td>{escape(c.fix)}</td></tr>'
        for c in d.CODES.values()
    )
    concordances = "".join(
        f"<li><code>{escape(c.id)}</code>: {escape(c.title)} — draft numbers: {escape(', '.join(e.draft_ref for e in c.entries))}</li>"
        for c in context.project.concordances.values()
    )
    body = html_block(
        "<p>Commentary is plain text in the repository: a Markdown file per note, with a few fields of YAML "
        "front matter. Open a pull request; the checks report every mistake with its file and line before review. "
        "Run <code>commentary check</code> locally for the same report, and <code>commentary new note --article 40</code> "
        "to start from a valid template.</p>"
    )
    body += "\n## A note {#note}\n" + html_block(
        "<p>Notes live at <code>commentary/&lt;text&gt;/&lt;article id&gt;/&lt;name&gt;.md</code> "
        "(or <code>commentary/&lt;text&gt;/overview/</code> for points on the treaty as a whole).</p>"
        f'<pre><code class="language-markdown">{escape(NOTE_EXAMPLE)}</code></pre>'
    )
    body += "\n## Front-matter fields {#fields}\n" + html_block(_table(note_rows))
    body += "\n## Redline suggestions {#redlines}\n" + html_block(
        "<p>A note may carry drafting proposals in its front matter. Each edit is anchored to a passage quoted from the "
        "current text: whitespace, typographic quotes and dashes are normalised when matching, nothing else. A quote that "
        "occurs more than once needs <code>occurrence</code>. Edits of one proposal must not overlap; proposals by different "
        "proponents on the same passage are shown as alternatives.</p>"
        f'<pre><code class="language-yaml">{escape(REDLINE_EXAMPLE)}</code></pre>' + _table(proposal_rows + edit_rows)
    )
    body += "\n## Citations and cross-references {#citations}\n" + html_block(
        "<p>Cite sources from <code>commentary/bibliography.yaml</code> (CSL-YAML) with pandoc's syntax: "
        "<code>[@key]</code>, <code>[@key, p 6]</code>, several in one note: <code>[@a, p 6; @b, art 17]</code>. "
        "They become numbered footnotes in OSCOLA style (full citation first, then <em>ibid</em> or a short form with “(n X)”).</p>"
        "<p>Mentions of provisions become links: “Article 40”, “art 40(21)(b)”, “articles 42 and 43”, “Art. 37, para. 15”. "
        "A mention of a provision that does not exist is an error. Write draft numbering with its name (“CND art 61”) so it is not "
        "read as the adopted article.</p>"
        f"<p>Draft numbering can also be a note's target through a concordance (<code>target: cnd-2023:61</code>):</p><ul>{concordances}</ul>"
    )
    body += "\n## Themes {#themes}\n" + html_block(
        '<table class="tc-format"><thead><tr><th>Id</th><th>Label</th><th>Meaning</th></tr></thead><tbody>' + themes + "</tbody></table>"
    )
    body += "\n## Problem codes {#codes}\n" + html_block(
        '<table class="tc-format"><thead><tr><th>Code</th><th>Problem</th><th>Cause</th><th>What to do</th></tr></thead><tbody>' + codes + "</tbody></table>"
    )
    return make_page(CONTRIBUTING_PAGE, "Contributing: the file format", body, kind="contributing", edit_path="src/commentary_build/load/schemas/note.schema.yml")
