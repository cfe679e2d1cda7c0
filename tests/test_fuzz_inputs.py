"""Fuzzing every kind of input: whatever a contributor's file holds, loading and checking never raise,
finish in bounded time, and every problem names a file and a line.

Hypothesis writes front matter (any YAML value in any field: tags, aliases, anchors, huge
numbers, deep nesting, tabs, impossible dates), note bodies (nested brackets, citations,
references, pandoc footnotes, markup runs) and data files of the wrong shape (themes,
recommendations, draft and instrument concordances, the bibliography, every text file),
into a small project built for the purpose, and runs ``pipeline.load_and_check`` on it.

A bounded number of examples runs in `make test`; ``HYPOTHESIS_PROFILE=long`` runs many more
(``pytest tests/test_fuzz_inputs.py`` with the variable set; the figures are in the README).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentary_build.load import inputs, notes, parsed, yamlio
from commentary_build.load.project import load_project
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check

settings.register_profile("default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("long", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)

# One example may take at most this long (the worst shipped-project check is about 0.3 s here).
SECONDS_PER_EXAMPLE = 5.0

# --------------------------------------------------------------------------- a small project


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


TINY_FILES: dict[str, str] = {
    "content/tiny/instrument.yml": _dump({"id": "tiny", "title": "Tiny Convention", "short_title": "Tiny", "default": True, "adopted": "2024-01-01"}),
    "content/tiny/text/front.yml": _dump({"title": ["Tiny Convention"], "preamble_heading": "Preamble", "recitals": [{"id": "pre-1", "text": "The Parties,"}]}),
    "content/tiny/text/articles/art-001.yml": _dump({"id": "art-1", "number": "1", "label": "Article 1", "title": "Scope", "paragraphs": [
        {"id": "art-1-1", "num": "1.", "text": "This Convention applies to the things in article 2.", "items": [
            {"id": "art-1-1-a", "num": "(a)", "text": "apples, pears and plums;"}, {"id": "art-1-1-b", "num": "(b)", "text": "the rest."}]},
        {"id": "art-1-2", "num": "2.", "text": "Nothing else is covered, except as provided in paragraph 1 of this article."}]}),
    "content/tiny/text/articles/art-002.yml": _dump({"id": "art-2", "number": "2", "label": "Article 2", "title": "Things", "paragraphs": [
        {"id": "art-2-1", "num": "1.", "text": "Things are what article 1 says they are."}]}),
    "content/tiny/text/divisions.yml": _dump([{"id": "chp-1", "kind": "chapter", "number": "I", "label": "Chapter I", "title": "All", "articles": ["art-1", "art-2"]}]),
    "content/tiny/text/final.yml": _dump({"clauses": [{"id": "final-1", "text": "Done at Nowhere."}], "footnotes": [{"id": "fn-1", "marker": "1", "text": "A footnote.", "anchor": "final-1"}]}),
    "content/tiny/text/notes.yml": _dump({"label": "Annex", "title": "Notes", "notes": [{"id": "note-1", "num": "1.", "heading": "Article 1", "articles": ["art-1"], "text": "A note."}]}),
    "content/tiny/concordances/draft.yml": _dump({"id": "draft", "title": "The draft", "short_title": "Draft", "entries": [
        {"draft": "7", "adopted": "art-1", "kind": "successor", "certainty": "certain"}, {"draft": "8", "adopted": None, "kind": "no-counterpart", "certainty": "certain"}]}),
    "content/other/instrument.yml": _dump({"id": "other", "title": "Other Convention", "short_title": "Other"}),
    "content/other/text/front.yml": _dump({"title": ["Other"]}),
    "content/other/text/articles/art-001.yml": _dump({"id": "art-1", "number": "1", "label": "Article 1", "title": "Scope", "paragraphs": [{"id": "art-1-1", "num": "1.", "text": "Other things."}]}),
    "content/other/text/final.yml": _dump({"clauses": []}),
    "content/other/text/divisions.yml": _dump([{"id": "chp-1", "kind": "chapter", "number": "I", "label": "Chapter I", "title": "All", "articles": ["art-1"]}]),
    "content/tiny/instrument-concordances/other.yml": _dump({"id": "tiny-other", "from": "tiny", "to": "other", "pairs": [{"tiny": "art-1", "other": "art-1", "kind": "related", "certainty": "probable"}]}),
    "commentary/themes.yml": _dump({"themes": [{"id": "scope", "label": "Scope", "description": "What is covered."}, {"id": "fruit", "label": "Fruit"}]}),
    "commentary/bibliography.yaml": _dump([{"id": "book", "type": "book", "title": "A Book", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2001, 2, 3]]}},
                                           {"id": "treaty", "type": "treaty", "title": "A Treaty", "issued": "1999-01-01"}]),
    "commentary/recommendations/report.yml": _dump({"source": "book", "title": "The report", "recommendations": [
        {"id": "r-1", "summary": "Cover plums.", "provisions": ["art-1-1-a"], "status": "reflected", "note": "tiny/art-1/valid", "themes": ["fruit"]}]}),
    "commentary/tiny/art-1/valid.md": "---\n" + _dump({"title": "A valid note", "target": "art-1-1-a", "authors": [{"name": "A"}], "date": "2024-01-01", "themes": ["scope"],
                                                        "proposals": [{"id": "p-1", "title": "Add figs", "proponent": "A", "date": "2024-01-01", "rationale": "Figs [@book, p 3].",
                                                                       "edits": [{"target": "art-1-1-a", "op": "insert-after", "quote": "pears", "text": " and figs"}]}]})
    + "---\nArticle 1(1)(a) covers fruit [@book, p 2; @treaty]. See article 2.\n",
}
NOTE_PATH = "commentary/tiny/art-1/fuzzed.md"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    for rel, text in TINY_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    report = d.Report()
    load_and_check(root, report)
    assert [p.format() for p in report.problems if p.code != d.GIT_UNAVAILABLE] == []
    return root


def run_on(root: Path, files: dict[str, bytes]) -> d.Report:
    """Write ``files`` into the project, load and check it, put the project back; the report."""
    saved = {rel: (root / rel).read_bytes() if (root / rel).exists() else None for rel in files}
    try:
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        report = d.Report()
        started = time.process_time()  # CPU: a loaded runner must not fail a bound on work
        load_and_check(root, report)
        assert time.process_time() - started < SECONDS_PER_EXAMPLE
    finally:
        for rel, data in saved.items():
            if data is None:
                (root / rel).unlink(missing_ok=True)
            else:
                (root / rel).write_bytes(data)
    for problem in report.problems:
        if problem.code == d.GIT_UNAVAILABLE:
            continue  # about the machine: it names the commentary folder, not a file
        assert problem.location.path and problem.location.line >= 1, problem.format()
        assert problem.code in d.CODES, problem.format()
        assert len(problem.message) < 2000, problem.code
    return report


# --------------------------------------------------------------------------- strategies

FIELDS = ["title", "target", "instrument", "draft", "authors", "date", "themes", "proposals", "name", "organisation", "id",
          "proponent", "rationale", "edits", "op", "quote", "text", "occurrence", "num", "label", "kind", "certainty", "entries",
          "draft_provision", "provisions", "status", "note", "source", "recommendations", "pairs", "from", "to", "tiny", "other",
          "type", "author", "issued", "date-parts", "in-force", "paragraphs", "items", "number", "articles", "children", "clauses",
          "footnotes", "anchor", "marker", "notes", "heading", "adopted", "default", "proposals", "import", "recitals", "themes", "<<"]
WORDS = ["art-1", "art-1-1-a", "art-9", "overview", "draft:7", "draft:8", "scope", "fruit", "book", "treaty", "tiny", "other",
         "2024-01-01", "2023-02-30", "2099-12-31", "0000-00-00", "insert-after", "replace", "delete-unit", "add-after", "pears",
         "certain", "related", "reflected", "Your Name", "Your heading for this note", "(new)", "tiny/art-1/valid", ""]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True),
    st.sampled_from(WORDS), st.text(max_size=40),
)
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=6)),
    max_leaves=30,
)

# YAML that the dumper never writes: what a hand or an adversary might.
NASTY_YAML = [
    "x: !x 1\n", "x: !!binary aGVsbG8=\n", "x: !!set {a, b}\n", "x: !!python/object:os.system ls\n", "a: &a [*a]\n",
    "a: &a [1, 2]\nb: [*a, *a]\n", "a: &a {x: 1}\nb:\n  <<: *a\n", "? [a, b]\n: c\n", "x: " + "9" * 5000 + "\n", "x: 1e999\n",
    "x: " + "[" * 60 + "]" * 60 + "\n", "a:\n\tb: 1\n", "title: 2023-02-30\n", "date: 2023-02-30\n", "date: 10000-01-01\n",
    "x: [unclosed\n", "x: 'unclosed\n", "---\n---\n", "...\n", "x: \x00\n", "x: \ud7ff\n", "x: |\n  a\n b\n", "- a\n- b\n", "'': x\n",
    "title: a\ntitle: b\n", "%YAML 1.1\n---\nx: 1\n", "%TAG ! tag:example.com,2000:\n---\nx: !y 1\n", "x: *undefined\n", "&a x: 1\n",
]


@st.composite
def front_matter(draw) -> str:
    choice = draw(st.integers(0, 3))
    if choice == 0:  # a valid note with one field replaced by anything
        data = {"title": "T", "target": "art-1-1", "authors": [{"name": "A"}], "date": "2024-01-01", "themes": ["scope"]}
        data[draw(st.sampled_from(FIELDS))] = draw(yaml_values)
        return _dump(data)
    if choice == 1:  # anything at all, as YAML
        return _dump(draw(yaml_values))
    if choice == 2:  # nasty fragments, joined
        return "".join(draw(st.lists(st.sampled_from(NASTY_YAML), min_size=1, max_size=3)))
    return draw(st.text(max_size=200))  # not even YAML


MARKDOWN_PIECES = ["[", "]", "[@", "@book", "@nope", ", p 6", ";", " ", "\n", "\n\n", "art", " 1", "(1)", "(a)", "article 9", "paragraph 2",
                   "of this article", "[^1]", "[^1]: x", "*", "_", "`", "```\n", "<", "&amp;", "#", "> ", "- ", "|", "!", "\\", "(", ")",
                   "http://x", "CND art 7", "arts 1 and 2", "@", "e@mail.org"]
bodies = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=80).map("".join)


@st.composite
def proposal_front_matter(draw) -> str:
    edit = {"target": draw(st.sampled_from(["art-1-1-a", "art-1-1", "art-1-2", "art-9", "art-1"])),
            "op": draw(st.sampled_from(["insert-before", "insert-after", "delete", "replace", "add-after", "delete-unit", "x"]))}
    for key in ("quote", "text", "num", "occurrence"):
        if draw(st.booleans()):
            edit[key] = draw(st.one_of(st.sampled_from(["pears", "apples, pears", "plums;", "the rest.", "(a)", "(c)", " ", ""]), st.text(max_size=20), st.integers(-2, 3)))
    data = {"title": "T", "target": "art-1-1-a", "authors": [{"name": "A"}], "date": "2024-01-01", "themes": ["scope"],
            "proposals": [{"id": draw(st.sampled_from(["p-1", "p-2", "q"])), "title": "Tt", "proponent": "P", "date": "2024-01-01",
                           "rationale": draw(bodies) or "Why.", "edits": draw(st.lists(st.just(edit), min_size=1, max_size=3))}]}
    return _dump(data)


DATA_FILES = {
    "commentary/themes.yml": "themes", "commentary/bibliography.yaml": "bibliography", "commentary/recommendations/report.yml": "recommendations",
    "content/tiny/concordances/draft.yml": "concordance", "content/tiny/instrument-concordances/other.yml": "instrument-concordance",
    "content/tiny/instrument.yml": "instrument", "content/tiny/text/front.yml": "text-front", "content/tiny/text/divisions.yml": "text-divisions",
    "content/tiny/text/articles/art-001.yml": "text-article", "content/tiny/text/final.yml": "text-final", "content/tiny/text/notes.yml": "text-notes",
}


def _mutate(data, path: list, value):
    """``data`` with the value at ``path`` (indexes chosen modulo the sizes met) replaced by ``value``."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        key = list(data)[path[0] % len(data)]
        return {**data, key: _mutate(data[key], path[1:], value)}
    index = path[0] % len(data)
    return data[:index] + [_mutate(data[index], path[1:], value)] + data[index + 1 :]


@st.composite
def data_file(draw) -> tuple[str, str]:
    rel = draw(st.sampled_from(sorted(DATA_FILES)))
    choice = draw(st.integers(0, 2))
    if choice == 0:  # the shipped shape with one value anywhere replaced by anything
        original = yaml.safe_load(TINY_FILES[rel])
        path = draw(st.lists(st.integers(0, 50), min_size=1, max_size=5))
        return rel, _dump(_mutate(original, path, draw(yaml_values)))
    if choice == 1:
        return rel, _dump(draw(yaml_values))
    return rel, "".join(draw(st.lists(st.sampled_from(NASTY_YAML), min_size=1, max_size=2)))


# --------------------------------------------------------------------------- properties


@given(front=front_matter(), body=bodies)
def test_any_front_matter_and_body(tiny, front, body):
    run_on(tiny, {NOTE_PATH: f"---\n{front}---\n{body}\n".encode("utf-8", "surrogatepass")})


@given(front=proposal_front_matter(), body=bodies)
def test_any_redline(tiny, front, body):
    run_on(tiny, {NOTE_PATH: f"---\n{front}---\n{body}\n".encode("utf-8", "surrogatepass")})


@given(files=st.lists(data_file(), min_size=1, max_size=3))
def test_data_files_of_any_shape(tiny, files):
    report = run_on(tiny, {rel: text.encode("utf-8", "surrogatepass") for rel, text in files})
    # What a data file's shape does to the notes is bounded by what they use (a theme, three
    # citations, two references, one edit): never one problem per character or per entry.
    assert len([p for p in report.problems if p.location.path == "commentary/tiny/art-1/valid.md"]) <= 8


@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_note_or_a_data_file(tiny, raw):
    run_on(tiny, {NOTE_PATH: raw})
    run_on(tiny, {"commentary/themes.yml": raw})


# --------------------------------------------------------------------------- the boundary itself

FAILURES = [ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError, RecursionError, UnicodeDecodeError,
            MemoryError, ZeroDivisionError, AssertionError, NotImplementedError, LookupError, OSError, type("Surprise", (Exception,), {})]


def _make(kind):
    if kind is UnicodeDecodeError:
        return UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    return kind("generated failure")


@settings(max_examples=len(FAILURES) * 2)
@given(kind=st.sampled_from(FAILURES), where=st.sampled_from(["yaml", "schema", "note", "scan"]))
def test_any_exception_in_any_stage_is_a_problem_at_its_file(tiny, monkeypatch, kind, where):
    """Whatever a loader or a check raises, the boundary reports it at the file and the rest still loads."""
    def boom(*args, **kwargs):
        raise _make(kind)

    with monkeypatch.context() as patch:
        if where == "yaml":  # every YAML file: the project loads nothing, but reports each file
            patch.setattr(parsed, "active", lambda: None)  # no parse remembered from an earlier example: the parser runs
            patch.setattr(yamlio, "load_yaml", boom)
            patch.setattr(inputs, "load_yaml", boom)
        elif where == "schema":
            patch.setattr(inputs, "validate", boom)
            patch.setattr(notes, "validate", boom)
        elif where == "note":
            patch.setattr(notes, "split_front_matter", boom)
        else:
            from commentary_build.check import commentary

            patch.setattr(commentary, "parse_markdown", boom)
        report = d.Report()
        project = load_project(tiny, report)
        from commentary_build.check import check_project

        check_project(project)
    failures = [p for p in report.problems if p.code == d.INPUT_UNREADABLE]
    assert failures, [p.format() for p in report.problems]
    assert all(p.location.path and p.location.line >= 1 for p in failures)
    assert all(kind.__name__ in p.message for p in failures)
    if where in ("note", "scan"):
        assert {p.location.path for p in failures} == {"commentary/tiny/art-1/valid.md"}
        assert "tiny" in project.instruments and project.themes  # everything else loaded
