"""Shared fixtures: the real site built once per test session, and throwaway project copies."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "commentary", "docs", "overrides", "mkdocs.yml")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Build caches (load.cache): the suite's own folder, never the user's ~/.cache/treaty-commentary. It is kept
# between runs in pytest's cache folder (git-ignored; `make clean` removes it), so a second run reuses the
# PDF layouts as a contributor's builds do; both xdist workers share it, as concurrent builds share the user's.
# A test that needs a cold, broken or read-only cache names its own.
TEST_CACHE = ROOT / ".pytest_cache" / "treaty-commentary"
os.environ["TREATY_COMMENTARY_CACHE"] = str(TEST_CACHE)
os.environ.pop("TREATY_COMMENTARY_PDF_CACHE", None)

# The browser, page and site_url fixtures of the browser and accessibility tests.
pytest_plugins = ["browser_support"]


@pytest.fixture(autouse=True)
def _build_date_unpinned():
    """Unset SOURCE_DATE_EPOCH around every test, whatever an in-process build pinned (load.revision): a build of
    a copy committed in February 2026 otherwise dates every later test and session build in the same worker, and
    the status check (C082) then finds the shipped status "after the day of the build"."""
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    yield
    os.environ.pop("SOURCE_DATE_EPOCH", None)


def build_with_mkdocs(project_dir: Path, site_dir: Path, strict: bool = False, pdf: bool = False) -> None:
    """Build with MkDocs; the PDFs (slow) only when ``pdf`` is set, whatever mkdocs.yml says."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    config.plugins["treaty-commentary"].config.pdf = pdf
    # Beside the site, not in it (it is never published), and one per build: parallel builds of one project never share it.
    config.plugins["treaty-commentary"].config.report_json = str(report_of(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def report_of(site_dir: Path) -> Path:
    """Where build_with_mkdocs writes the build report of the site it builds into ``site_dir``."""
    return site_dir.with_name(site_dir.name + "-report.json")


def build_report(site_dir: Path) -> dict:
    return json.loads(report_of(site_dir).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped project built with MkDocs, strict, into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site")
    build_with_mkdocs(ROOT, site_dir, strict=True)
    return site_dir


@pytest.fixture(scope="session")
def built_site_with_pdfs(tmp_path_factory) -> Path:
    """The same build with the published PDFs, for the few tests that read them (PDF layout is slow)."""
    site_dir = tmp_path_factory.mktemp("site-pdf")
    build_with_mkdocs(ROOT, site_dir, strict=True, pdf=True)
    return site_dir


def copy_project(destination: Path) -> Path:
    """Copy the project's inputs (texts, commentary, docs, theme overrides, mkdocs.yml) into ``destination``."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's inputs that a test may break."""
    return copy_project(tmp_path)


def git(root: Path, *args: str, date: str = "2026-01-02T10:00:00+00:00") -> str:
    """Run git in ``root`` as one fixed person at a fixed date, whatever the machine's git configuration says."""
    import subprocess

    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="A", GIT_AUTHOR_EMAIL="a@example.org",
               GIT_COMMITTER_NAME="A", GIT_COMMITTER_EMAIL="a@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True).stdout


def read_page(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def page(site: Path, url_path: str):
    """The built page at ``url_path`` parsed with lxml."""
    import lxml.html

    return lxml.html.fromstring(read_page(site, url_path))


def words(element) -> str:
    """An element's text as a reader reads it: whitespace runs as single spaces."""
    return " ".join(element.text_content().split())


def closed_schema(schema):
    """A JSON Schema with every object closed (``additionalProperties: false`` where it lists properties): the
    published schemas leave objects open for consumers, so the tests close them to catch an undocumented field."""
    if isinstance(schema, dict):
        closed = {key: closed_schema(value) for key, value in schema.items()}
        if "properties" in closed and "additionalProperties" not in closed and "patternProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [closed_schema(value) for value in schema]
    return schema
