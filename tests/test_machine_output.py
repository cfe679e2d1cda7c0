"""Machine output cannot be steered by a file name: GitHub annotations and JSON.

`commentary check --format github` prints one workflow command per problem. GitHub's
runner reads a command up to the end of the line, its properties up to "," or "::",
and reverses %25, %0D, %0A (and, in properties, %3A and %2C); anything else a file name
or message holds must stay inside the command it belongs to. The other control characters
(ESC above all: the log viewer renders ANSI sequences) are shown as escapes such as "\\x1b".
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentary_build.cli import main
from commentary_build.model import Location
from commentary_build.model import problems as d
from commentary_build.model.characters import printable

COMMAND = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> tuple[dict[str, str], str]:
    """A workflow command read the way the runner reads it: properties split at ',', then '='."""
    match = COMMAND.match(line)
    assert match, line
    props = dict(part.split("=", 1) for part in match.group("props").split(","))
    return {k: unescape_property(v) for k, v in props.items()}, unescape_data(match.group("data"))


NASTY_NAMES = [
    "commentary/uncc/art-40/evil\n::error file=README.md,line=1::injected.md",
    "commentary/uncc/art-40/a,line=999,title=pwned.md",
    "commentary/uncc/art-40/colon::warning title=x::y.md",
    "commentary/uncc/art-40/percent%0A%2C%3A.md",
    "commentary/uncc/art-40/cr\r::error::x.md",
]


@pytest.mark.parametrize("path", NASTY_NAMES)
def test_a_file_name_cannot_inject_or_truncate_an_annotation(path):
    problem = d.Problem(d.TARGET_UNKNOWN, "message with\nnewline, comma: and ::error::", Location(path, 3, 5))
    line = problem.format_github()
    assert "\n" not in line and "\r" not in line
    props, data = parse(line)
    assert props["file"] == path  # the whole name, not cut at ',' or ':'
    assert props["line"] == "3" and props["col"] == "5"
    assert props["title"] == "C010 unknown target"
    assert data.startswith("message with\nnewline, comma: and ::error::")


def shown(text: str) -> str:
    """What an annotation gives back for ``text``: line breaks exactly (the runner reverses %0A and %0D), every other
    control character, separator or bidi control as its visible escape."""
    return "".join(character if character in "\r\n" else printable(character) for character in text)


@given(path=st.text(min_size=1, max_size=60), message=st.text(max_size=60), line=st.integers(0, 10_000))
def test_any_file_name_round_trips_through_an_annotation_and_json(path, message, line):
    problem = d.Problem(d.YAML_SYNTAX, message, Location(path, line, 0), "warning")
    text = problem.format_github()
    assert "\n" not in text and "\r" not in text and printable(text) == text
    props, data = parse(text)
    assert props["file"] == shown(path)
    assert ("line" in props) == bool(line)
    assert data.startswith(shown(message))
    assert json.loads(json.dumps(problem.as_dict()))["path"] == path


def test_the_cli_prints_one_command_per_problem_whatever_the_file_names(project_copy, capsys):
    folder = project_copy / "commentary/uncc/art-40"
    names = ["evil\n::error file=README.md::injected.md", "a,line=1,title=x.md", "c::d.md"]
    for name in names:
        (folder / name).write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(project_copy), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out.split("\n")
    commands = [line for line in out if line]
    assert all(COMMAND.match(line) for line in commands), commands
    files = sorted(parse(line)[0]["file"] for line in commands if parse(line)[0]["file"].startswith("commentary/uncc/art-40/"))
    assert files == sorted(f"commentary/uncc/art-40/{name}" for name in names)

    assert main(["--root", str(project_copy), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    paths = sorted(p["path"] for p in report["problems"] if p["path"].startswith("commentary/uncc/art-40/"))
    assert paths == sorted(f"commentary/uncc/art-40/{name}" for name in names)
    assert report["errors"] == len([p for p in report["problems"] if p["severity"] == "error"]) == 3


def test_check_strict_fails_on_a_warning_about_the_inputs_not_on_w061(project_copy, capsys):
    # The copy has no git history, so W061 is reported: a fact about the machine, never a failure.
    assert main(["--root", str(project_copy), "check", "--strict"]) == 0
    (project_copy / "commentary/uncc/art-40/forgotten.markdown").write_text("not read", encoding="utf-8")
    assert main(["--root", str(project_copy), "check"]) == 0  # a warning alone does not fail the plain check
    assert main(["--root", str(project_copy), "check", "--strict"]) == 1
    assert "W062" in capsys.readouterr().out
