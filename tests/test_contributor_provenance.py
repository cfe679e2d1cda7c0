"""Provenance on article pages: names and dates from git history, never the build time; unknown without full history."""

from __future__ import annotations

import os
import subprocess

import lxml.html

from commentary_build.check import check_project
from commentary_build.load.git import read_git_log
from commentary_build.load.history import UNKNOWN_DATE, history_from
from commentary_build.load.project import load_project
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from conftest import build_with_mkdocs, read_page, report_of

ART_40 = "commentary/uncc/art-40"


EMAILS = {"Maintainer": "m@example.org", "Ada Lovelace": "ada@example.org", "Grace Hopper": "grace@example.org"}


def git(root, *args, author=None, date=None):
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    author = author or "Maintainer"
    env.update(GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL=EMAILS[author], GIT_COMMITTER_NAME="Maintainer", GIT_COMMITTER_EMAIL="m@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True).stdout


def provenance_line(site, path) -> str:
    doc = lxml.html.fromstring(read_page(site, path))
    return " ".join(doc.cssselect("#commentary ~ p.tc-provenance")[0].text_content().split())


def commit_history(root):
    """Everything committed in 2025 by one person; two notes on Article 40 later changed by two others.

    Only Ada Lovelace is a listed contributor of the edition, under the name she chose."""
    edition = root / "commentary" / "edition.yml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("contributors: []", "contributors:\n  - name: Ada Lovelace (Example Institute)\n    emails: [ada@example.org]"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "import", author="Maintainer", date="2025-01-10T09:00:00+00:00")
    with (root / ART_40 / "dual-criminality.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA further sentence.\n")
    git(root, "commit", "-q", "-am", "dual criminality", author="Ada Lovelace", date="2026-03-14T10:00:00+01:00")
    with (root / ART_40 / "user-notice.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAnother sentence.\n")
    git(root, "commit", "-q", "-am", "user notice", author="Grace Hopper", date="2026-02-01T08:00:00+00:00")


def test_names_and_last_change_come_from_git(project_copy, tmp_path_factory):
    commit_history(project_copy)
    site = tmp_path_factory.mktemp("provenance-site")
    build_with_mkdocs(project_copy, site, strict=True)
    line = provenance_line(site, "uncc/art-40")
    assert line == "Contributors: Ada Lovelace (Example Institute) · last changed 2026-03-14 · history of changes"
    assert provenance_line(site, "uncc/art-37") == "Last changed 2025-01-10 · history of changes"
    history = lxml.html.fromstring(read_page(site, "uncc/art-40")).cssselect("p.tc-provenance a")[0].get("href")
    assert history == "https://github.com/treaty-commentary/treaty-commentary/commits/main/commentary/uncc/art-40"
    # A commit identity is never published: only the edition's list gives names.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Grace Hopper" not in html and "Maintainer" not in html and "@example.org" not in html, page
    doc = lxml.html.fromstring(read_page(site, "uncc/art-40"))
    assert doc.cssselect("p.tc-provenance time")[0].get("datetime") == "2026-03-14"
    report = report_of(site).read_text(encoding="utf-8")
    assert "W061" not in report


def test_uncommitted_and_untracked_files_are_flagged(project_copy):
    commit_history(project_copy)
    (project_copy / ART_40 / "user-notice.md").write_text((project_copy / ART_40 / "user-notice.md").read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    (project_copy / "commentary/uncc/art-41").mkdir()
    new_note = (project_copy / ART_40 / "dual-criminality.md").read_text(encoding="utf-8").replace("target: art-40-8", "target: art-41-1").split("proposals:")[0] + "---\nNew.\n"
    (project_copy / "commentary/uncc/art-41/fresh.md").write_text(new_note, encoding="utf-8")
    history = history_from(read_git_log(project_copy))
    assert history.available and {f"{ART_40}/user-notice.md", "commentary/uncc/art-41/fresh.md"} <= history.dirty
    project = load_project(project_copy)
    site = build_site(project, check_project(project))
    assert [p.format() for p in project.report.problems] == []
    assert "last changed <time datetime=\"2026-03-14\">2026-03-14</time> · uncommitted changes" in site.page("uncc/art-40.md").markdown
    assert '<p class="tc-provenance tc-meta" data-search-exclude>Commentary not yet committed</p>' in site.page("uncc/art-41.md").markdown


def test_outside_git_the_date_is_unknown_and_w061_is_reported(project_copy, tmp_path_factory):
    site = tmp_path_factory.mktemp("no-git-site")
    build_with_mkdocs(project_copy, site, strict=True)  # a warning must not fail a strict build
    assert provenance_line(site, "uncc/art-40") == UNKNOWN_DATE
    project = load_project(project_copy)
    build_site(project, check_project(project))
    assert [(p.code, p.severity) for p in project.report.problems] == [(d.GIT_UNAVAILABLE, "warning")]


def test_a_shallow_clone_does_not_guess(project_copy, tmp_path):
    commit_history(project_copy)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project_copy}", str(clone))
    history = history_from(read_git_log(clone))
    assert not history.available and history.reason.startswith("shallow clone")
    project = load_project(clone)
    site = build_site(project, check_project(project))
    assert f'<p class="tc-provenance tc-meta" data-search-exclude>{UNKNOWN_DATE}</p>' in site.page("uncc/art-40.md").markdown
    assert [p.code for p in project.report.problems] == [d.GIT_UNAVAILABLE]


def test_one_git_log_for_the_whole_build(project_copy, monkeypatch):
    """History, the feeds' dates and the revision all come from one `git log`: a build (pages, open
    data, print settings) runs git at most six times, whatever the number of pages."""
    from commentary_build.export.opendata import publish
    from commentary_build.export.pdf import print_options
    from commentary_build.export.publication import Publication
    from commentary_build.load.revision import pin_source_date_epoch

    commit_history(project_copy)
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(command, *args, **kwargs):
        if command and command[0] == "git":
            calls.append([part for part in command[3:] if not part.startswith("core.") and part != "-c"])
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project, analysis = load_and_check(project_copy)
    site = build_site(project, analysis)
    data = publish(Publication(project, project.settings), analysis, site.pages)
    options = print_options(project)
    pin_source_date_epoch(project.settings.revision)
    article_pages_with_notes = [p for p in site.pages if p.kind == "article" and "tc-provenance" in p.markdown]
    annotated = {(n.instrument_id, n.article_id) for n in project.notes if n.article_id}
    assert len(article_pages_with_notes) == len(annotated) > 1
    # ls-files: whether a build cache is committed (C080), one call whatever the size of the project.
    assert [args[0] for args in calls] == ["rev-parse", "log", "status", "ls-files", "cat-file", "cat-file"], calls
    assert data.feed and options.revision == project.settings.revision.short
