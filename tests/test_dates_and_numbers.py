"""Dates and numbers no input can break (issue 20, item 7).

A commit dated after 2106 crashed `mkdocs build` (gzip's four-byte mtime), a 2099 one was printed as
the revision date, and `.nan`/`.inf` reached the published JSON as NaN/Infinity, which JSON.parse
refuses. Dates are now brought into 1980–2099 and to no later than tomorrow, with a warning (W073)
that never fails a build; NaN and infinities are errors at their line (C081); every JSON writer
refuses them (allow_nan=False).
"""

from __future__ import annotations

import ast
import datetime as dt
import gzip
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest

from commentary_build.load import revision
from commentary_build.load.git import read_git_log
from commentary_build.load.inputs import InputFailure, parse_yaml
from commentary_build.model import problems as d
from commentary_build.model.gitlog import GitLog
from commentary_build.pipeline import load_and_check
from conftest import ROOT, build_with_mkdocs, git

NOW = dt.datetime(2026, 9, 21, 12, 0, tzinfo=dt.UTC)  # a fixed clock for the unit tests
YEAR_2128 = 5_000_000_000
LATE_2099 = 4_102_444_000
COMMAND = [sys.executable, "-c", "import sys; from commentary_build.cli import main; sys.exit(main())"]
HEAD = "a" * 40


def at(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def commit_dated(root: Path, epoch: int) -> None:
    """Commit everything with ``epoch`` as author and committer time. git refuses to parse a date past 2099 from
    GIT_COMMITTER_DATE, but stores any: the commit object is written by hand, as an attacker's tool would."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    tree = git(root, "write-tree").strip()
    body = f"tree {tree}\nauthor A <a@example.org> {epoch} +0000\ncommitter A <a@example.org> {epoch} +0000\n\na commit from the future\n"
    done = subprocess.run(["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--stdin"], input=body, capture_output=True, text=True, check=True)
    git(root, "update-ref", "HEAD", done.stdout.strip())
    assert git(root, "log", "-1", "--format=%ct").strip() == str(epoch)


# ---------------------------------------------------------------------------- dates


def test_plausible_dates_are_kept_and_others_brought_into_range():
    plausible = revision.plausible_time
    assert plausible(at(1_735_000_000), NOW) == at(1_735_000_000)
    assert plausible(NOW + dt.timedelta(hours=1), NOW) == NOW + dt.timedelta(hours=1), "a clock an hour fast is not a reason to warn"
    assert plausible(at(86_400), NOW) == revision.EARLIEST
    assert plausible(at(YEAR_2128), NOW) == NOW
    assert plausible(at(LATE_2099), NOW) == NOW, "a date in 2099 is in the future: the clock's time is used"
    assert plausible(at(YEAR_2128), at(4_200_000_000)) == revision.LATEST, "never past 2099, whatever the clock says"
    assert plausible(None, NOW) == NOW, "a date git prints that no datetime holds (year 31690708)"


@pytest.mark.parametrize("given, kept, warned", [
    ("1735000000", at(1_735_000_000), False),
    (" 1735000000\n", at(1_735_000_000), False),
    ("5000000000", at(1_780_000_000), True),  # after 2099: the commit's date
    ("86400", at(1_780_000_000), True),  # 1970
    ("99999999999999999999999", at(1_780_000_000), True),  # no date at all
    ("abc", at(1_780_000_000), True),
    ("-5", at(1_780_000_000), True),
    ("1735000000.5", at(1_780_000_000), True),
    ("", at(1_780_000_000), True),
    ("١٢٣", at(1_780_000_000), True),  # digits, but not ASCII ones
])
def test_a_callers_source_date_epoch_that_is_not_plausible_gives_way_to_the_commits_date(given, kept, warned):
    log = GitLog(True, head=HEAD, head_time=at(1_780_000_000))
    date = revision.revision_from(log, {"SOURCE_DATE_EPOCH": given}, now=NOW)
    assert date.date == kept
    assert bool(date.date_problem) == warned and date.date_source == "SOURCE_DATE_EPOCH"
    if warned:
        assert date.date_problem.startswith("SOURCE_DATE_EPOCH=")


def test_a_callers_future_date_is_kept_but_never_past_2099():
    log = GitLog(True, head=HEAD, head_time=at(1_780_000_000))
    ahead = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)  # a release dated ahead: the operator's choice, not a wrong clock
    kept = revision.revision_from(log, {"SOURCE_DATE_EPOCH": str(int(ahead.timestamp()))}, now=NOW)
    assert kept.date == ahead and kept.date_problem is None


def test_outside_git_a_callers_date_is_brought_into_range_and_a_malformed_one_is_dropped(monkeypatch):
    outside = GitLog(False, "not a git repository")
    assert revision.revision_from(outside, {"SOURCE_DATE_EPOCH": str(YEAR_2128)}, now=NOW).date == NOW
    assert revision.revision_from(outside, {"SOURCE_DATE_EPOCH": "86400"}, now=NOW).date == revision.EARLIEST
    malformed = revision.revision_from(outside, {"SOURCE_DATE_EPOCH": "not a number"}, now=NOW)
    assert malformed.date is None and malformed.date_problem
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")  # MkDocs would crash on it: it is unset, the clock is used
    assert revision.pin_source_date_epoch(malformed) is None and "SOURCE_DATE_EPOCH" not in os.environ


def test_a_commit_dated_out_of_range_is_read_with_a_plausible_date(project_copy, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit_dated(project_copy, YEAR_2128)
    log = read_git_log(project_copy)
    assert log.head_time is not None and log.head_time.year < 2099
    assert all(c.author_date.year < 2099 and c.committer_date.year < 2099 for c in log.commits)
    assert {kind for _, kind, _, _ in log.implausible} == {"author", "committer"}
    rev = revision.revision_from(log)
    assert rev.date == log.head_time and rev.date_source == "HEAD" and "is after 2099" in (rev.date_problem or "")
    assert revision.pin_source_date_epoch(rev) == str(rev.epoch)


def sitemap_mtime(site: Path) -> int:
    return struct.unpack("<I", (site / "sitemap.xml.gz").read_bytes()[4:8])[0]


def test_a_commit_dated_in_2099_is_not_the_revision_date(project_copy, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit_dated(project_copy, LATE_2099)
    project, _ = load_and_check(project_copy)
    assert sorted(p.location.path for p in project.report.problems if p.code == d.DATE_OUT_OF_RANGE) == ["HEAD", "commentary"]
    assert all(not p.fails_strict for p in project.report.problems if p.code == d.DATE_OUT_OF_RANGE)
    rev = project.settings.revision
    assert rev.date is not None and rev.date.timestamp() <= time.time() + 1 and rev.day.year < 2099
    assert "2099" not in rev.version_line


@pytest.mark.parametrize("epoch, source", [(YEAR_2128, "commit"), (99_999_999_999, "SOURCE_DATE_EPOCH")])
def test_a_build_dated_past_what_gzip_stores_warns_and_succeeds(project_copy, tmp_path, monkeypatch, caplog, epoch, source):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    if source == "commit":
        commit_dated(project_copy, epoch)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    site = tmp_path / "site"
    started = time.time()
    with caplog.at_level("INFO"):
        build_with_mkdocs(project_copy, site, strict=True)  # strict: the warning is about the machine, never fails it
    warnings = [r.getMessage() for r in caplog.records if "warning[W073]" in r.getMessage()]
    assert warnings, caplog.text
    assert f"{'HEAD' if source == 'commit' else 'SOURCE_DATE_EPOCH'}: warning[W073]" in "\n".join(warnings)
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert b"<urlset" in handle.read()
    assert sitemap_mtime(site) <= time.time() + 86_400
    stamped = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))["revision"]["date"]
    assert stamped is not None and started - 86_400 <= dt.datetime.fromisoformat(stamped).timestamp() <= time.time() + 1
    html = (site / "uncc" / "art-40" / "index.html").read_text(encoding="utf-8")
    assert "2099" not in lxml.html.fromstring(html).text_content() and "2128" not in html


def test_check_reports_the_same_warning(project_copy):
    commit_dated(project_copy, YEAR_2128)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([*COMMAND, "--root", str(project_copy), "check", "--strict"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "HEAD: warning[W073]: the commit's date (2128-06-11T08:53:20+00:00) is after 2099: the build carries" in done.stdout
    assert "commentary: warning[W073]: 1 commit changing content/ or commentary/ is dated out of range" in done.stdout


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+999", "-1.5e+400"])
def test_nan_and_infinities_are_refused_at_their_line(value):
    with pytest.raises(InputFailure) as refused:
        parse_yaml(f"title: A source\nvolume: 3\npages:\n  - {value}\n")
    assert refused.value.code == d.NOT_FINITE and refused.value.line == 4
    assert parse_yaml(f'quoted: "{value}"\nnumber: 1.5e+300\n').data == {"quoted": value, "number": 1.5e300}


def test_nan_in_a_bibliography_or_a_note_is_an_error_at_its_line(project_copy):
    bibliography = project_copy / "commentary" / "bibliography.yaml"
    lines = bibliography.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("- id:")) + 1
    lines.insert(at, "  volume: .nan")
    bibliography.write_text("\n".join(lines), encoding="utf-8")
    note = project_copy / "commentary" / "uncc" / "art-40" / "user-notice.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("date: 2026-11-29\n", "date: 2026-11-29\nweight: -.inf\n", 1), encoding="utf-8")
    project, _ = load_and_check(project_copy)
    found = {(p.location.path, p.location.line) for p in project.report.problems if p.code == d.NOT_FINITE}
    note_line = text.split("\n").index("date: 2026-11-29") + 2
    assert found == {("commentary/bibliography.yaml", at + 1), ("commentary/uncc/art-40/user-notice.md", note_line)}
    assert all(p.severity == "error" for p in project.report.problems if p.code == d.NOT_FINITE)


def _refuse_constant(name: str):
    raise AssertionError(f"{name} in published JSON")


def test_no_published_json_holds_nan_or_infinity(built_site):
    files = [path for path in built_site.rglob("*.json")]
    assert len(files) > 100
    for path in files:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)


def test_every_json_writer_refuses_nan():
    """Each json.dump/json.dumps call of the engine, the adapter and the benchmarks passes allow_nan=False."""
    offenders = []
    for folder in ("src", "plugins", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("dump", "dumps")
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "json"):
                    if not any(k.arg == "allow_nan" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
