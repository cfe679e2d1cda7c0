"""Names, ids and characters (issue 20): what a file may be called, how ids are matched, which characters an
input may hold, that what the checks allow still makes well-formed XML, and that no value from a file can
forge a line of the check's output or of the build log."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commentary_build.cli import main
from commentary_build.load import schema_files, schema_rules
from commentary_build.load.inputs import name_problem, suggest_name
from commentary_build.model import ids
from commentary_build.model import problems as d
from commentary_build.model.characters import find_control, find_invisible, printable
from commentary_build.pipeline import load_and_check
from conftest import build_with_mkdocs

NOTE = """---
title: {title}
target: art-40-8
authors:
  - name: {author}
date: 2024-01-01
themes: [{themes}]
---
{body}
"""


def note(title: str = "A note", author: str = "Test Author", themes: str = "scope", body: str = "Body.") -> str:
    return NOTE.format(title=title, author=author, themes=themes, body=body)


def problems_of(project: Path) -> list[d.Problem]:
    report = d.Report()
    load_and_check(project, report)
    return report.problems


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("rel,folder,allowed", [
    ("commentary/uncc/art-40/human-rights-refusal.md", False, True),
    ("content/uncc/text/articles/art-040.yml", False, True),
    ("commentary/bibliography.yaml", False, True),
    ("content/uncc/source/A_RES_79_243_UN_Convention_against_Cybercrime_final_EN.txt", False, True),
    ("commentary/uncc/art-40/.draft.md", False, True),  # hidden: a draft, not a name to check
    ("commentary/uncc/art-40", True, True),
    ("commentary/uncc/Art-40", True, False),
    ("commentary/uncc/art 40", True, False),
    ("commentary/uncc/art-40/My Note.md", False, False),
    ("commentary/uncc/art-40/my--note.md", False, False),
    ("commentary/uncc/art-40/-note.md", False, False),
    ("commentary/uncc/art-40/note.MD", False, False),
    ("commentary/uncc/art-40/note.draft.md", False, False),
    ("commentary/uncc/art-40/\"><img src=x onerror=alert(1)>.md", False, False),
    ("commentary/uncc/art-40/x\" onmouseover=\"alert(1)\" y=\".md", False, False),
    ("commentary/uncc/art-40/nl-id\n.md", False, False),
    ("commentary/uncc/art-40/café.md", False, False),
    ("content/uncc/source/../x.txt", False, True),  # ".." is a folder part; the file's own name is checked
    ("content/uncc/source/a file.txt", False, False),
    ("content/uncc/text/A_RES.yml", False, False),  # only source/ keeps an issuer's name
    # A note named like another note's paragraph anchor (note-<name>-para-N) would take its address.
    ("commentary/uncc/art-40/user-notice-para-1.md", False, False),
    ("commentary/uncc/art-40/para-1.md", False, True),
    ("commentary/uncc/art-40/para-graph.md", False, True),
])
def test_the_name_rule(rel, folder, allowed):
    assert (name_problem(rel, folder) is None) == allowed


@pytest.mark.parametrize("name,folder,suggested", [
    ("My Note {draft}.md", False, "my-note-draft.md"),
    ('"><img src=x onerror=alert(1)>.md', False, "img-src-x-onerror-alert-1.md"),
    ('x" onmouseover="alert(1)" y=".md', False, "x-onmouseover-alert-1-y.md"),
    ("Überblick.MD", False, "uberblick.md"),
    ("notes.txt", False, "notes.txt"),
    ("Art 40", True, "art-40"),
    ("<>.md", False, "note.md"),
    ("user-notice-para-12.md", False, "user-notice-paragraph-12.md"),
])
def test_a_refused_name_comes_with_an_allowed_one(name, folder, suggested):
    assert suggest_name(name, folder) == suggested
    assert name_problem(f"commentary/uncc/art-40/{suggested}" if not folder else f"commentary/uncc/{suggested}", folder) is None


def test_a_folder_with_a_refused_name_is_reported_once_and_nothing_in_it_is_read(project_copy, capsys):
    folder = project_copy / "commentary" / "uncc" / "Art-40"
    folder.mkdir()
    (folder / "a-note.md").write_text(note(title="In a folder with capitals"), encoding="utf-8")
    (folder / "Another Note.md").write_text(note(), encoding="utf-8")
    problems = problems_of(project_copy)
    named = [p for p in problems if "Art-40" in p.location.path]
    assert [(p.code, p.location.path, p.fix) for p in named] == [(d.UNSAFE_NAME, "commentary/uncc/Art-40", "Rename the folder to 'art-40'.")]
    # Checking one of its files (as a pre-commit hook does) names the folder's problem too: the file is not silently unchecked.
    capsys.readouterr()
    assert main(["--root", str(project_copy), "check", "--format", "json", str(folder / "a-note.md")]) == 1
    assert [(p["code"], p["path"]) for p in json.loads(capsys.readouterr().out)["problems"]] == [("C075", "commentary/uncc/Art-40")]


def test_a_text_file_with_a_refused_name_is_not_read_and_a_hidden_one_is_a_draft(project_copy):
    articles = project_copy / "content" / "uncc" / "text" / "articles"
    (articles / "art-068.yml").rename(articles / "Art 068.yml")
    (articles / ".art-099.yml").write_text((articles / "art-067.yml").read_text(encoding="utf-8").replace("art-67", "art-99"), encoding="utf-8")
    report = d.Report()
    project, _ = load_and_check(project_copy, report)
    assert "art-68" not in project.instruments["uncc"].articles and "art-99" not in project.instruments["uncc"].articles
    found = {(p.code, p.location.path) for p in report.problems if p.location.path.startswith("content/")}
    assert (d.UNSAFE_NAME, "content/uncc/text/articles/Art 068.yml") in found
    assert (d.HIDDEN_FILE, "content/uncc/text/articles/.art-099.yml") in found


def test_a_draft_keeps_its_name_whatever_it_is(project_copy):
    """A leading "." still makes a draft: not read, reported as such (W063), its name and its folder's contents not checked."""
    drafts = project_copy / "commentary" / "uncc" / "art-40" / ".work in progress"
    drafts.mkdir()
    (drafts / "My Draft (v2).md").write_text(note(), encoding="utf-8")
    (project_copy / "commentary" / "uncc" / "art-40" / ".Another Draft.md").write_text(note(), encoding="utf-8")
    found = sorted((p.code, p.location.path) for p in problems_of(project_copy) if "raft" in p.location.path)
    assert found == [(d.HIDDEN_FILE, "commentary/uncc/art-40/.Another Draft.md"), (d.HIDDEN_FILE, "commentary/uncc/art-40/.work in progress/My Draft (v2).md")]


def test_the_shipped_content_keeps_to_the_name_rule():
    from conftest import ROOT

    for folder in ("content", "commentary"):
        for path in (ROOT / folder).rglob("*"):
            rel = path.relative_to(ROOT).as_posix()
            assert name_problem(rel, path.is_dir()) is None, rel


# --------------------------------------------------------------------------- ids matched in full


@pytest.mark.parametrize("unit_id", ["art-40\n", "art-40-21\n", "art-40-21-b\n", "\nart-40", "art-٤٠", "ärt-40"])
def test_an_id_is_matched_in_full(unit_id):
    with pytest.raises(ids.IdError):
        ids.parse(unit_id)


def _schema_patterns() -> set[str]:
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("pattern"), str):
                found.add(value["pattern"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for kind in schema_files.schema_kinds():
        walk(schema_files.schema(kind))
    return found


PATTERNS = sorted(_schema_patterns())


def _passes(pattern: str, value: str) -> bool:
    validator = schema_rules._Validator({"type": "string", "pattern": pattern})
    return not list(validator.iter_errors(value))


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_schema_pattern_ends_at_the_end_of_the_value(pattern, data):
    """jsonschema's own `pattern` uses re.search, whose "$" also matches before a final "\\n": "nl-id\\n" passed
    "^[a-z0-9-]+$". As JSON Schema (ECMA-262) means it, "$" is the end of the value, Python's "\\Z", and "\\d" an ASCII digit."""
    strict = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern, re.ASCII)
    # ASCII values: there Python's re.ASCII classes and ECMA-262's agree (ECMA's \s also takes Unicode spaces such as
    # U+00A0 and U+FEFF, Python's re.ASCII \s does not), and the trailing line feed, the point of the test, is ASCII.
    value = data.draw(st.from_regex(strict, fullmatch=True, alphabet=st.characters(max_codepoint=127)))
    for candidate in (value, value + "\n", "\n" + value):
        assert _passes(pattern, candidate) == bool(strict.search(candidate)), repr(candidate)
    if pattern.endswith("$") and not pattern.endswith(r"\s*$"):
        assert not _passes(pattern, value + "\n"), repr(value)


def test_a_proposal_id_with_a_final_line_feed_is_refused_at_its_line(project_copy):
    text = note().replace("themes: [scope]\n", 'themes: [scope]\nproposals:\n  - id: "nl-id\\n"\n    title: A proposal\n    proponent: Me\n'
                          "    date: 2024-01-01\n    rationale: Why.\n    edits:\n      - {target: art-40-8, op: delete, quote: render}\n")
    (project_copy / "commentary/uncc/art-40/nl.md").write_text(text, encoding="utf-8")
    found = [(p.code, p.location.line) for p in problems_of(project_copy) if p.location.path.endswith("/nl.md")]
    assert found == [(d.FIELD_TYPE, 9)]


def test_no_one_line_field_sits_where_a_warning_would_decide_a_branch():
    """The W069 warning is yielded from the `format` keyword: under anyOf, oneOf, not or if it would change which branch matches."""
    def walk(value, inside: bool):
        if isinstance(value, dict):
            assert not (inside and value.get("format") == "single-line"), value
            for key, child in value.items():
                walk(child, inside or key in ("anyOf", "oneOf", "not", "if"))
        elif isinstance(value, list):
            for child in value:
                walk(child, inside)

    for kind in schema_files.schema_kinds():
        walk(schema_files.schema(kind), False)


# --------------------------------------------------------------------------- characters


def test_which_characters_are_refused_and_which_are_invisible():
    for character in "\x00\x07\x08\x0b\x0c\x0d\x1b\x7f\x85\x9b\ufffe\uffff":
        assert find_control(f"a{character}b"), repr(character)
    for character in "\t\n \u00a0\u00ad\u2013\U0001f600\u200f":
        assert not find_control(f"a{character}b"), repr(character)
    assert find_invisible("a\u202eb\u200bc\u2066d\u2028") == [1, 3, 5, 7]
    # Part of the writing: a soft hyphen, a no-break space, joiners inside Persian and an emoji sequence.
    assert find_invisible("co\u00adop\u00a0\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f4bb") == []
    assert find_invisible("Jane\u200dDoe") == [4]


@pytest.mark.parametrize("rel,before,after", [
    # a form feed pasted into a note's body, a NUL written as a YAML escape in a theme's label, ESC in a text's title,
    # NEXT LINE (C1) in a bibliography name, a vertical tab in the edition's title and in a recommendation's summary
    ("commentary/uncc/art-40/dual-criminality.md", "**What the report records.**", "**What the report\x0c records.**"),
    ("commentary/themes.yml", "label: Scope", 'label: "Sco\\0pe"'),
    ("content/uncc/text/articles/art-040.yml", "title: General principles and procedures relating to mutual legal assistance",
     'title: "\\e[31mGeneral principles and procedures relating to mutual legal assistance"'),
    ("commentary/bibliography.yaml", "- literal: Global Initiative Against Transnational Organized Crime", '- literal: "Global\\N Initiative"'),
    ("commentary/edition.yml", "title: Cybercrime conventions, annotated", 'title: "Cybercrime\\vconventions, annotated"'),
    ("commentary/recommendations/gitoc-roundtable-2023.yml", "summary: ", 'summary: "\\x0b" # '),
])
def test_a_control_character_in_any_input_is_an_error_at_its_line_and_the_file_is_not_read(project_copy, rel, before, after):
    path = project_copy / rel
    text = path.read_text(encoding="utf-8")
    assert before in text, (rel, before)
    changed = text.replace(before, after, 1)
    path.write_text(changed, encoding="utf-8")
    line = changed[: changed.index(after)].count("\n") + 1
    found = [p for p in problems_of(project_copy) if p.code == d.CONTROL_CHARACTER]
    assert [(p.location.path, p.location.line) for p in found] == [(rel, line)], [p.format() for p in found]
    assert "is not allowed" in found[0].message and "U+" in found[0].message


# --------------------------------------------------------------------------- XML from what the checks allow


ALLOWED = {
    # Characters the checks let through: a tab and bidi marks in bodies, a non-BMP character and a soft hyphen in a
    # title, a no-break space, an emoji sequence with a joiner, and numeric references a Markdown parser rewrites.
    "title": "Tabs, bidi marks and \U0001d4ae\U0001f600 co\u00adoperation",
    "body": "A\ttab, an Arabic letter mark \u061c, a right-to-left mark \u200f, an override \u202eevil\u202c in a body,\u00a0a joiner "
            "\U0001f469\u200d\U0001f4bb, and references &#11; &#0; &#x1b; &#xFFFE; &#xD800; &#x85;.\n\n\tIndented\u2028line.",
}


@pytest.fixture(scope="module")
def allowed_characters_project(tmp_path_factory):
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("allowed"))
    text = note(title=f'"{ALLOWED["title"]}"', themes="scope, dual-criminality", body=ALLOWED["body"])
    text = text.replace("themes: [scope, dual-criminality]\n", "themes: [scope, dual-criminality]\nproposals:\n  - id: allowed-characters\n"
                        f'    title: "{ALLOWED["title"]}"\n    proponent: "Test\u00a0Author \U0001f600"\n    proposed_in: {{source: A/AC.291/CRP.10, pinpoint: "para 1 \U0001f600"}}\n    date: 2024-01-01\n'
                        f"    rationale: |\n      {ALLOWED['body'].replace(chr(10), ' ').replace(chr(0x2028), ' ')}\n    edits:\n"
                        '      - {target: art-40-8, op: replace, quote: "States Parties may decline", text: "States Parties\tmay decline \U0001f600\u200f"}\n')
    (project / "commentary/uncc/art-40/allowed-characters.md").write_text(text, encoding="utf-8")
    # A history, so the change feeds are written.
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "allowed"]):
        subprocess.run(["git", "-C", str(project), *command], check=True, capture_output=True)
    return project


def test_the_allowed_characters_check_clean(allowed_characters_project):
    found = [p for p in problems_of(allowed_characters_project) if p.location.path.endswith("allowed-characters.md")]
    assert [p.code for p in found] == [], [p.format() for p in found]


def _parse_xml(data: bytes, name: str) -> lxml.etree._Element:
    # lxml's strict parser: any character XML 1.0 cannot hold, or markup out of place, is an error.
    return lxml.etree.fromstring(data, lxml.etree.XMLParser(recover=False, resolve_entities=False))


def test_every_xml_output_is_well_formed_with_the_allowed_characters(allowed_characters_project, tmp_path, capsys):
    root = str(allowed_characters_project)
    out = tmp_path / "data"
    assert main(["--root", root, "export", "json", "-o", str(out)]) == 0
    xml_files = sorted(out.rglob("*.xml"))
    names = {path.relative_to(out).as_posix() for path in xml_files}
    assert {"feed.xml", "uncc.akn.xml", "budapest.akn.xml", "feeds/scope.xml"} <= names, names
    for path in xml_files:
        _parse_xml(path.read_bytes(), path.name)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "\U0001d4ae\U0001f600" in feed and "\u202e" in feed
    proposal = tmp_path / "proposal.akn.xml"
    assert main(["--root", root, "export", "akn", "uncc", "--proposal", "allowed-characters", "-o", str(proposal)]) == 0
    accepted = _parse_xml(proposal.read_bytes(), "proposal")
    assert "States Parties\tmay decline \U0001f600\u200f" in "".join(accepted.itertext())
    word = tmp_path / "brief.docx"
    assert main(["--root", root, "docx", "--articles", "40", "-o", str(word)]) == 0
    with zipfile.ZipFile(word) as docx:
        for name in docx.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                _parse_xml(docx.read(name), name)
        document = docx.read("word/document.xml").decode("utf-8")
    assert "\U0001f600" in document


# --------------------------------------------------------------------------- output that cannot forge a log line

FORGED = "::error file=README.md,line=1::forged"


@pytest.fixture
def forging_project(project_copy):
    """Values from files that reach messages: a theme id and a quote with a line break, file names with a line break and ESC."""
    folder = project_copy / "commentary/uncc/art-40"
    (folder / "forged-theme.md").write_text(note(themes=f'"scope\\n{FORGED}"'), encoding="utf-8")
    quote_note = note().replace("themes: [scope]\n", 'themes: [scope]\nproposals:\n  - id: forged-quote\n    title: A proposal\n    proponent: Me\n'
                                f'    date: 2024-01-01\n    rationale: Why.\n    edits:\n      - {{target: art-40-8, op: delete, quote: "render\\n{FORGED}"}}\n')
    (folder / "forged-quote.md").write_text(quote_note, encoding="utf-8")
    for name in (f"evil\n{FORGED}.md", "red\x1b[31m\x1b]0;title\x07.md", "cr\r::warning::x.md"):
        (folder / name).write_text(note(), encoding="utf-8")
    return project_copy


def _assert_no_forged_line(output: str) -> None:
    assert "\x1b" not in output and "\r" not in output and "\x07" not in output
    for line in output.split("\n"):
        assert not line.lstrip().startswith("::error file=README.md"), line
        assert not line.lstrip().startswith("::warning::"), line


def test_check_text_json_and_github_output_escape_values_from_files(forging_project, capsys):
    capsys.readouterr()
    assert main(["--root", str(forging_project), "check"]) == 1
    out, err = capsys.readouterr()
    _assert_no_forged_line(out + err)
    assert "scope\\n::error file=README.md" in out and "evil\\n::error" in out and "red\\x1b[31m" in out
    assert main(["--root", str(forging_project), "check", "--format", "json"]) == 1
    out = capsys.readouterr().out
    _assert_no_forged_line(out)
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert any(f"scope\n{FORGED}" in message for message in messages)  # the value itself, JSON-escaped
    assert main(["--root", str(forging_project), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    _assert_no_forged_line(out)
    assert all(re.match(r"::(error|warning) file=(commentary|content)[/,]", line) for line in out.splitlines() if line), out


def test_the_build_log_escapes_values_from_files(forging_project, tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        build_with_mkdocs(forging_project, tmp_path / "site", strict=False)
    log = "\n".join(record.getMessage() for record in caplog.records)
    _assert_no_forged_line(log)
    assert "scope\\n::error file=README.md" in log and "red\\x1b[31m" in log


@given(st.text(max_size=40))
def test_printable_keeps_every_value_on_its_line(value):
    shown = printable(value)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\x85" not in shown and "\u2028" not in shown
    assert printable(shown) == shown


def test_commentary_new_writes_only_names_the_rule_allows(project_copy, capsys):
    assert main(["--root", str(project_copy), "new", "note", "--article", "40", "--paragraph", "8", "--slug", "my--note"]) != 0
    assert "C075" in capsys.readouterr().err and not (project_copy / "commentary/uncc/art-40/my--note.md").exists()
    assert main(["--root", str(project_copy), "new", "note", "--article", "40", "--paragraph", "8", "--title", "Costs & benefits: A < B"]) == 0
    written = capsys.readouterr().out.strip()
    assert written == "commentary/uncc/art-40/costs-benefits-a-b.md" and name_problem(written, False) is None
