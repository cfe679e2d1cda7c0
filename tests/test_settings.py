"""One settings object per build: the same title, address and version in every output, whoever builds it and whenever.

Git is read once (load/git.py), the past versions of notes inside the input boundary, and the
engine never reads mkdocs.yml: the adapter passes its values in, and the command line asks the
installed adapter to load the same file with MkDocs' own loader.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import lxml.etree
import pytest

from commentary_build.cli import main
from commentary_build.load.changes import changes_from
from commentary_build.load.git import read_git_log
from commentary_build.load.project import load_project
from commentary_build.load.revision import revision_from
from commentary_build.model.gitlog import GitLog
from commentary_build.model.settings import Revision, Settings, SiteConfig
from conftest import ROOT, page, words

NOTE = "commentary/uncc/art-40/dual-criminality.md"
PROPOSAL = "gitoc-dual-criminality-mla"


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


# --------------------------------------------------------------------------- the version rule


def test_the_version_line_is_one_rule_for_every_output():
    day = dt.date(2026, 12, 1)
    commit = "3f2a9c1d4e5b" + "0" * 28
    clean = Revision(commit, dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), False, day)
    assert clean.short == "3f2a9c1d4e5b" and clean.version_label == "Version of 1 December 2026"
    assert clean.version_line == "Version of 1 December 2026 (commit 3f2a9c1d4e5b)"
    assert Revision(commit, clean.date, True, day).version_line == "Version of 1 December 2026 (commit 3f2a9c1d4e5b, with uncommitted changes)"
    assert Revision(None, None, False, day).version_line == "Version of 1 December 2026 (not built from a git commit)"
    assert clean.as_dict() == {"commit": commit, "date": "2026-12-01T09:00:00+00:00", "uncommitted_changes": False, "version": clean.version_line}
    assert Settings().with_site_url("https://example.org/c").site_url == "https://example.org/c/"


def test_the_date_is_the_commits_or_the_callers_never_the_clock():
    head = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    log = GitLog(True, head="a" * 40, head_time=head, dirty=frozenset({"commentary/x.md"}))
    assert revision_from(log, {}) == Revision("a" * 40, head, True, dt.date(2026, 12, 1))
    assert revision_from(log, {"SOURCE_DATE_EPOCH": "1735000000"}).day == dt.date(2024, 12, 24)
    for odd in ("", "-5", "1e9", "9" * 40, " ", "86400"):  # 86400 is 1970: before any plausible build (W073)
        assert revision_from(log, {"SOURCE_DATE_EPOCH": odd}).date == head, odd


def test_the_engine_takes_the_sites_configuration_only_from_the_adapter(project_copy):
    (project_copy / "mkdocs.yml").write_text((project_copy / "mkdocs.yml").read_text(encoding="utf-8") + "site_url: https://example.org/from-mkdocs/\n", encoding="utf-8")
    assert load_project(project_copy).settings.site_url is None  # the engine did not read mkdocs.yml
    given = SiteConfig(site_name="Other", site_url="https://example.org/given", repo_url="https://example.org/repo", language="fr")
    settings = load_project(project_copy, site=given).settings
    assert (settings.site_url, settings.repo_url, settings.language) == ("https://example.org/given/", "https://example.org/repo", "fr")
    assert settings.title == "Cybercrime conventions, annotated"  # the edition's title, which the plugin keeps site_name equal to
    (project_copy / "commentary" / "edition.yml").unlink()
    assert load_project(project_copy, site=given).settings.title == "Other"


# --------------------------------------------------------------------------- every output of a build says the same


def test_the_site_footer_json_akn_and_feed_carry_the_builds_version(built_site):
    settings = load_project(ROOT).settings
    line = settings.revision.version_line
    assert line.startswith("Version of ")
    for url_path in ("", "uncc/art-40", "about"):
        footer = page(built_site, url_path).cssselect("footer .tc-footer-version")
        assert [words(p) for p in footer] == [line], url_path
    for data_file in ("data/index.json", "data/instruments/uncc.json", "data/articles/uncc/art-40.json"):
        revision = json.loads((built_site / data_file).read_text(encoding="utf-8"))["revision"]
        assert revision["version"] == line and revision["commit"] == settings.revision.commit, data_file
    akn = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml"))
    shown = akn.xpath("//*[local-name()='TLCOrganization'][@eId='treaty-commentary']/@showAs")
    assert shown == [f"{settings.title}: {line}"]
    feed = built_site / "data" / "feed.xml"
    if settings.revision.commit and feed.is_file():
        assert line in lxml.etree.parse(str(feed)).findtext("{http://www.w3.org/2005/Atom}subtitle")


# --------------------------------------------------------------------------- the command line


def unpinned(monkeypatch):
    """SOURCE_DATE_EPOCH unset for the test, and whatever the command pins undone afterwards."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")


@pytest.fixture
def committed_copy(project_copy):
    """A copy of the project in a repository of its own, committed on 1 December 2026 at 23:30 UTC."""
    git(project_copy, "init", "-q")
    commit_all(project_copy, "The edition", "2026-12-01T23:30:00+00:00")
    return project_copy


def test_the_cli_reads_mkdocs_yml_through_mkdocs_and_dates_its_output_by_the_commit(committed_copy, tmp_path, monkeypatch, capsys):
    # !ENV is MkDocs' own tag: only MkDocs' loader gives this address, which is how the site sees it.
    config = committed_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: !ENV [TC_TEST_SITE_URL, 'https://example.org/unset/']\n", encoding="utf-8")
    monkeypatch.setenv("TC_TEST_SITE_URL", "https://example.org/edition/")
    unpinned(monkeypatch)
    assert main(["--root", str(committed_copy), "export", "json", "-o", str(tmp_path / "data")]) == 0
    index = json.loads((tmp_path / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["site_url"] == "https://example.org/edition/"
    assert index["revision"]["date"] == "2026-12-01T23:30:00+00:00"
    assert index["revision"]["version"].startswith("Version of 1 December 2026 (commit ")
    assert "with uncommitted changes" not in index["revision"]["version"]  # mkdocs.yml is not an input
    # The command pinned the date for the libraries that read it, as the plugin does.
    assert os.environ["SOURCE_DATE_EPOCH"] == str(int(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC).timestamp()))
    assert "Traceback" not in capsys.readouterr().err


def test_a_pdf_made_later_by_the_cli_says_the_commits_date(committed_copy, tmp_path, monkeypatch):
    pdftotext = pytest.importorskip("shutil").which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    unpinned(monkeypatch)
    output = tmp_path / "brief.pdf"
    assert main(["--root", str(committed_copy), "pdf", "--articles", "1", "--no-cache", "-o", str(output)]) == 0
    cover = subprocess.run([pdftotext, "-f", "1", "-l", "1", str(output), "-"], capture_output=True, text=True, check=True).stdout
    assert "Version of 1 December 2026" in " ".join(cover.split())


def test_a_broken_mkdocs_yml_is_an_error_naming_the_file_not_a_traceback(project_copy, tmp_path, capsys):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("report_json: build/report.json", "report_json: build/report.json\n      templates: no/such/folder"), encoding="utf-8")
    assert main(["--root", str(project_copy), "export", "json", "-o", str(tmp_path / "data")]) == 1
    error = capsys.readouterr().err
    assert "templates" in error and "no/such/folder" in error and "Traceback" not in error
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- past versions, inside the boundary

# Under a kilobyte that a loader expanding aliases turns into 10^9 strings.
ALIAS_BOMB = textwrap.dedent("""\
    ---
    title: Bomb
    a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
    h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
    i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
    proposals:
      - id: %s
        edits: *i
    ---
    Body.
    """) % PROPOSAL

CHANGES_SCRIPT = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from commentary_build.load.changes import changes_from
from commentary_build.load.git import read_git_log
root = Path(sys.argv[1])
changes = changes_from(read_git_log(root), root, [sys.argv[2]])
dates = changes.proposals[sys.argv[3]]
print(json.dumps({"unreadable": changes.unreadable, "published": dates.published.committer_date.isoformat(),
                  "updated": dates.updated.committer_date.isoformat()}))
"""


def test_an_alias_bomb_or_a_huge_file_in_an_old_commit_is_not_expanded_and_dates_nothing(committed_copy):
    note = committed_copy / NOTE
    good = note.read_text(encoding="utf-8")
    note.write_text(ALIAS_BOMB, encoding="utf-8")
    commit_all(committed_copy, "An alias bomb on a branch", "2026-12-02T10:00:00+00:00")
    note.write_text(good + "x" * (600 * 1024), encoding="utf-8")
    commit_all(committed_copy, "A file over the size limit", "2026-12-03T10:00:00+00:00")
    note.write_text(good.replace("The de minimis sentence is kept.", "The de minimis sentence stays."), encoding="utf-8")
    commit_all(committed_copy, "The rationale reworded", "2026-12-04T10:00:00+00:00")
    # In a process of its own with 2 GiB of address space and a time limit: the old loader never finished.
    done = subprocess.run([sys.executable, "-c", CHANGES_SCRIPT, str(committed_copy), NOTE, PROPOSAL], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["unreadable"] == 2  # the bomb (refused by yamlio) and the file over 512 KiB (never read)
    assert result["published"] == "2026-12-01T23:30:00+00:00" and result["updated"] == "2026-12-04T10:00:00+00:00"
    # In-process too: the feed's dates of the note file come from the same one log.
    changes = changes_from(read_git_log(committed_copy), committed_copy, [NOTE])
    assert changes.notes[NOTE].updated.committer_date.isoformat() == "2026-12-04T10:00:00+00:00"


def test_one_log_gives_the_head_of_a_project_inside_a_larger_repository(tmp_path):
    outer = tmp_path / "repo"
    project = outer / "edition"
    (project / "commentary").mkdir(parents=True)
    (project / "commentary" / "a.md").write_text("one\n", encoding="utf-8")
    (outer / "other.txt").write_text("x\n", encoding="utf-8")
    git(outer, "init", "-q")
    commit_all(outer, "first", "2026-01-01T00:00:00+00:00")
    (outer / "other.txt").write_text("y\n", encoding="utf-8")
    commit_all(outer, "outside the project", "2026-02-01T00:00:00+00:00")
    log = read_git_log(project)
    assert log.available and log.head_time == dt.datetime(2026, 2, 1, tzinfo=dt.UTC)  # HEAD, which changed no input
    assert [commit.files for commit in log.commits] == [("commentary/a.md",)]
    (project / "commentary" / "b.md").write_text("new\n", encoding="utf-8")
    assert read_git_log(project).dirty == frozenset({"commentary/b.md"})
