"""Input safety beyond the corpus: linear scanners, bounded work, anchors, headings, links, formats.

The corpus (tests/bad_inputs) shows each defect class reported at its line; these tests
show what the corpus cannot: that the scanners are linear (timed against the inputs that
were quadratic), that the citation scanner finds exactly what the former pattern found,
that a symbolic link never publishes a file from outside the project, that note anchors
and headings render as the model says, and that every schema yields a format table.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commentary_build.load import schema_files
from commentary_build.load.formats import INPUT_FORMATS, format_rows
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from commentary_build.transform.citations import find_citations, parse_cluster
from commentary_build.transform.markdown import parse_markdown as scan_markdown
from prose_support import render_markdown
from test_markdown import make_env

NOTE = "---\ntitle: {title}\ntarget: {target}\nauthors:\n  - name: Test Author\ndate: 2024-01-01\nthemes: [scope]\n---\n{body}\n"

# --------------------------------------------------------------------------- the citation scanner

# The patterns the scanner replaced, kept here as the reference it must agree with (on short texts,
# where their backtracking is harmless).
_FORMER_BRACKET = re.compile(r"\[([^\[\]]*?(?<=[\[\s;])@[^\[\]]*)\](?![(\[])")
_FORMER_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
_FORMER_ITEM = re.compile(rf"^\s*(?:(?P<prefix>[^@;]*?)\s+)?@(?P<key>{_FORMER_KEY})\s*(?:,\s*(?P<locator>[^@;]*?))?\s*$")


def _former_items(body: str):
    items = []
    for part in body.split(";"):
        match = _FORMER_ITEM.match(part)
        if not match:
            return None
        prefix, locator = match.group("prefix"), match.group("locator")
        items.append((match.group("key"), " ".join(locator.split()) if locator else None, " ".join(prefix.split()) if prefix else None))
    return items


citation_texts = st.lists(st.sampled_from(["[", "]", "@", "@a", "@key-1.x", " ", ";", ",", "p 6", "see", "(", "a@b", "é", "\n", "x", ".", "-", "_"]), max_size=30).map("".join)


@settings(max_examples=300)
@given(text=citation_texts)
def test_the_scanner_finds_what_the_former_pattern_found(text):
    former = [(m.start(), m.end(), _former_items(m.group(1))) for m in _FORMER_BRACKET.finditer(text)]
    found = [(c.start, c.end, [(i.key, i.locator, i.prefix) for i in c.cluster.items] if c.cluster else None) for c in find_citations(text)]
    assert found == former


@settings(max_examples=300)
@given(body=citation_texts)
def test_the_item_parser_reads_what_the_former_pattern_read(body):
    cluster = parse_cluster(body)
    assert (None if cluster is None else [(i.key, i.locator, i.prefix) for i in cluster.items]) == _former_items(body)


@pytest.mark.parametrize("text", [
    "[" + " @a" * 170_000,  # 27 s at 96 KB with the former pattern
    "[@a; " + " " * 500_000 + "]",  # the former item pattern backtracked over long whitespace
    "[see " + "a " * 200_000 + "@b, p " + " " * 100_000 + "]",
    "[" * 500_000,
])
def test_the_citation_scanner_is_linear_on_its_former_worst_inputs(text):
    started = time.process_time()  # CPU, not the wall clock: a loaded runner must not fail a bound on work
    find_citations(text)
    assert time.process_time() - started < 1.0


def test_line_numbers_of_many_citations_cost_no_more_than_the_citations():
    env = make_env({}, first_line=10)
    text = "\n".join("[@nope] art 99" for _ in range(5000))
    started = time.process_time()  # CPU, not the wall clock: a loaded runner must not fail a bound on work
    scan_markdown(text, env)
    assert time.process_time() - started < 3.0
    lines = sorted({p.location.line for p in env.report.problems if p.code == d.CITATION_UNKNOWN})
    assert lines[:3] == [10, 11, 12] and len(lines) == 5000


# --------------------------------------------------------------------------- Markdown faults


def test_headings_in_a_note_sit_below_the_note_title():
    html = render_markdown("# One\n\n## Two\n\n#### Four\n\ntext", make_env({}))
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h4>One</h4>" in html and "<h5>Two</h5>" in html and "<h6>Four</h6>" in html


def test_pandoc_footnotes_warn_at_their_lines():
    env = make_env({}, first_line=20)
    scan_markdown("A claim.[^1]\n\n[^1]: https://example.org\n\nAnother[^note].", env)
    warnings = [(p.code, p.location.line) for p in env.report.problems]
    assert warnings == [(d.FOOTNOTE_SYNTAX, 20), (d.FOOTNOTE_SYNTAX, 24)]


# --------------------------------------------------------------------------- links, anchors, rendering


def test_a_symbolic_link_never_publishes_a_file_from_outside_the_project(project_copy, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(NOTE.format(title="Secret", target="art-40", body="TOP SECRET CONTENT"), encoding="utf-8")
    os.symlink(secret, project_copy / "commentary/uncc/art-40/innocent.md")
    os.symlink(tmp_path, project_copy / "commentary/uncc/linked-folder")
    report = d.Report()
    project, analysis = load_and_check(project_copy, report)
    links = sorted((p.code, p.location.path) for p in report.problems if p.code == d.SYMLINK)
    assert links == [(d.SYMLINK, "commentary/uncc/art-40/innocent.md"), (d.SYMLINK, "commentary/uncc/linked-folder")]
    site = build_site(project, analysis)
    assert not any("TOP SECRET" in page.markdown for page in site.pages)


def test_note_anchors_are_slugs_unique_on_their_page(project_copy):
    folder = project_copy / "commentary/uncc/art-40"
    # A name that is not a slug is refused (C075) with the name to use, so no anchor is ever made from one.
    (folder / "My Note {draft}.md").write_text(NOTE.format(title="Spaces and braces", target="art-40-21", body="Body."), encoding="utf-8")
    (project_copy / "commentary/uncc/art-42").mkdir(exist_ok=True)
    (project_copy / "commentary/uncc/art-42/user-notice.md").write_text(NOTE.format(title="Same file name", target="art-40-20", body="Body."), encoding="utf-8")
    report = d.Report()
    project, analysis = load_and_check(project_copy, report)
    anchors = {n.path: n.anchor for n in project.notes if n.article_id == "art-40"}
    assert "commentary/uncc/art-40/My Note {draft}.md" not in anchors
    (refused,) = [p for p in report.problems if p.code == d.UNSAFE_NAME]
    assert refused.location.path == "commentary/uncc/art-40/My Note {draft}.md" and refused.fix == "Rename the file to 'my-note-draft.md'."
    assert anchors["commentary/uncc/art-40/user-notice.md"] == "note-user-notice"
    assert anchors["commentary/uncc/art-42/user-notice.md"] == "note-user-notice-2"
    assert len(set(anchors.values())) == len(anchors)
    collisions = [p for p in report.problems if p.code == d.DUPLICATE_ID]
    assert [p.location.path for p in collisions] == ["commentary/uncc/art-42/user-notice.md"]
    assert "commentary/uncc/art-40/user-notice.md" in collisions[0].message
    markdown = build_site(project, analysis).page("uncc/art-40.md").markdown
    assert "{#note-user-notice-2}" in markdown and "Spaces and braces" not in markdown


def test_cr_line_endings_and_a_bom_read_like_lf(project_copy):
    text = "\ufeff" + NOTE.format(title="Old Mac line endings", target="art-40-21-a", body="Article 40(21)(a) is cited.").replace("\n", "\r")
    (project_copy / "commentary/uncc/art-40/cr.md").write_bytes(text.encode("utf-8"))
    report = d.Report()
    project, _ = load_and_check(project_copy, report)
    note = next(n for n in project.notes if n.path.endswith("/cr.md"))
    assert note.title == "Old Mac line endings" and note.body_line == 9
    assert [p for p in report.problems if p.location.path.endswith("/cr.md")] == []


# --------------------------------------------------------------------------- schemas and the format reference


def test_every_kind_of_input_has_a_schema_and_a_format_table():
    assert {f.kind for f in INPUT_FORMATS} == set(schema_files.schema_kinds())
    for input_format in INPUT_FORMATS:
        rows = format_rows(input_format.kind)
        assert rows, input_format.kind
        fields = [row.field for row in rows]
        assert len(fields) == len(set(fields)), input_format.kind
        assert all(row.type for row in rows)
    note = {row.field: row for row in format_rows("note")}
    assert note["title"].required and note["title"].type == "one line of text (at most 200 characters)"
    assert note["proposals[].edits[].op"].type.startswith("one of: insert-before")
    assert note["themes"].type == "list of theme ids" and note["themes"].example == '["grounds-for-refusal", "human-rights-safeguards"]'
    assert {row.field for row in format_rows("instrument-concordance")} >= {"pairs[].kind", "pairs[].<text id>"}


def test_the_note_fields_the_scaffold_writes_are_all_described():
    described = {row.field for row in format_rows("note") if row.meaning}
    assert {"title", "target", "authors", "date", "themes", "proposals", "proposals[].edits[].quote"} <= described
