"""The pipeline as a generator adapter runs it: load → check → render, and the preview cache.

``load_and_check(root)`` is what every build and export starts from; ``PreviewCache`` keeps
the last build between `serve` rebuilds and says which pages changed.

A preview server rebuilds after every save. Reading and rendering the whole project
is cheap next to what the generator then does with every page, so the saving that
matters is telling the generator which pages to leave alone. ``PreviewCache`` reuses
the previous ``SiteBuild`` outright when no source file changed (an edit to docs/ or
mkdocs.yml), and otherwise rebuilds it and compares each page's Markdown with the
previous build's: a commentary edit changes its article page and the few pages that
list or cite it (back-links, themes, bibliography), and only those are reported.

Sources are fingerprinted by path, size and modification time (nanoseconds), so a
save is never missed; a file whose content did not change but was saved again
simply costs one rebuild with no page reported as changed. The project's template
overrides (``template_dirs``) count as sources: editing one rebuilds the pages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .check import Analysis, check_project
from .load.project import load_project
from .model import Project
from .model.problems import Report
from .model.settings import SiteConfig
from .render.page import SiteBuild
from .render.site import build_site

SOURCE_FOLDERS = ("content", "commentary")


def load_and_check(root: Path, report: Report | None = None, site: SiteConfig | None = None) -> tuple[Project, Analysis]:
    """The first two stages: what `commentary check` runs, and what every build and export starts from.
    ``site``: what the site generator's configuration says (``model.settings.SiteConfig``), from the adapter."""
    project = load_project(root, report, site)
    return project, check_project(project)


def source_fingerprint(root: Path, extra_folders: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """Every file under content/ and commentary/ (and ``extra_folders``): relative path -> (size, mtime in ns)."""
    fingerprint: dict[str, tuple[int, int]] = {}
    for folder in (*(root / name for name in SOURCE_FOLDERS), *extra_folders):
        for directory, _subdirs, names in os.walk(folder):
            for name in names:
                path = os.path.join(directory, name)
                stat = os.stat(path)
                fingerprint[os.path.relpath(path, root)] = (stat.st_size, stat.st_mtime_ns)
    return fingerprint


@dataclass
class PreviewCache:
    root: Path
    template_dirs: tuple[Path, ...] = ()
    history_base: str | None = None
    config: SiteConfig = field(default_factory=SiteConfig)
    site: SiteBuild | None = None
    directory_urls: bool | None = None
    fingerprint: dict[str, tuple[int, int]] = field(default_factory=dict)
    # src_uri of every page whose Markdown differs from the previous build (all pages on the first).
    changed: set[str] = field(default_factory=set)
    reused: bool = False
    # The loaded project and what the checks found, for adapters that publish more than pages (the open data).
    project: Project | None = None
    analysis: Analysis | None = None

    def build(self, directory_urls: bool = True) -> SiteBuild:
        fingerprint = source_fingerprint(self.root, self.template_dirs)
        if self.site is not None and fingerprint == self.fingerprint and directory_urls == self.directory_urls:
            self.changed = set()
            self.reused = True
            return self.site
        previous = {page.src_uri: page.markdown for page in self.site.pages} if self.site is not None and directory_urls == self.directory_urls else {}
        self.project, self.analysis = load_and_check(self.root, site=self.config)
        site = build_site(self.project, self.analysis, directory_urls=directory_urls, template_dirs=self.template_dirs, history_base=self.history_base)
        self.changed = {page.src_uri for page in site.pages if previous.get(page.src_uri) != page.markdown}
        self.site, self.fingerprint, self.directory_urls, self.reused = site, fingerprint, directory_urls, False
        return site
