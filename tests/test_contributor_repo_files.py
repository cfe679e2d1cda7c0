"""The files contributors expect: the CI workflow, the pre-commit hook, the PR template and CONTRIBUTING.md."""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import ROOT


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))


def steps() -> list[dict]:
    jobs = workflow()["jobs"]
    assert len(jobs) == 1
    return next(iter(jobs.values()))["steps"]


def step_running(fragment: str) -> dict:
    matches = [s for s in steps() if fragment in s.get("run", "")]
    assert len(matches) == 1, f"one step should run {fragment!r}"
    return matches[0]


def step_using(action: str) -> list[dict]:
    return [s for s in steps() if s.get("uses", "").startswith(action + "@")]


def test_workflow_runs_on_pull_requests_and_pushes():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert {"pull_request", "push"} <= set(triggers)


def test_workflow_checks_out_full_history_and_sets_up_python_311():
    ordered = steps()
    checkout = step_using("actions/checkout")
    assert len(checkout) == 1 and checkout[0]["with"]["fetch-depth"] == 0  # provenance dates need the whole history
    assert ordered.index(checkout[0]) == 0
    python = step_using("actions/setup-python")
    assert len(python) == 1 and str(python[0]["with"]["python-version"]) == "3.11"


def test_workflow_installs_browser_and_poppler_then_the_project():
    apt = step_running("apt-get install")
    packages = set(shlex.split(apt["run"].split("apt-get install", 1)[1]))
    assert {"chromium", "chromium-driver", "poppler-utils"} <= packages
    install = step_running("make .venv/.installed")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^STAMP := \$\(VENV\)/\.installed$", makefile, re.M) and "VENV := .venv" in makefile
    assert steps().index(apt) < steps().index(install)


def test_workflow_checks_with_annotations_tests_builds_strict_and_uploads():
    order = [steps().index(step_running(cmd)) for cmd in ("commentary check --format github", "make test", "mkdocs build --strict --site-dir site")]
    assert order == sorted(order)
    for later in ("make test", "mkdocs build --strict"):
        assert "!cancelled()" in step_running(later)["if"]  # a failed check still shows test and build results
    uploads = {s["with"]["path"]: s for s in step_using("actions/upload-artifact")}
    assert set(uploads) == {"site/", "site/pdf/"}
    assert "hashFiles('site/pdf/**')" in uploads["site/pdf/"]["if"]  # only once the PDF exists
    assert order[-1] < steps().index(uploads["site/"])


def test_pre_commit_runs_commentary_check_on_commentary_and_content():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert hook["id"] == "commentary-check" and hook["entry"].endswith("commentary check")
    assert hook["pass_filenames"] is False  # one change can break another file: check the whole project
    files = re.compile(hook["files"])
    assert files.search("commentary/uncc/art-40/note.md") and files.search("content/uncc/text/articles/art-040.yml")
    assert not files.search("docs/format/text.md") and not files.search("src/commentary_build/cli.py")


def test_contributing_and_pull_request_template_point_to_the_tools():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("commentary new note", "commentary new redline", "commentary check", "Contributing"):
        assert needle in contributing
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "commentary check" in template and "- [ ]" in template
