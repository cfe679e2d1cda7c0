"""The MkDocs adapter: hands MkDocs the pages the engine generated, nothing more.

Everything that decides what a page says lives in ``commentary_build`` (which never
imports MkDocs); this module only maps the engine's ``SiteBuild`` onto MkDocs events:
``on_config`` runs the engine and sets the navigation, ``on_files`` adds the pages as
in-memory files (nothing is written into the docs folder, so `serve` does not loop),
``on_post_build`` prints the build report. Problems are logged as warnings, so
``mkdocs build --strict`` fails on any of them while a plain build lists them and
goes on.
"""

from __future__ import annotations

import json
import logging
import posixpath
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from commentary_build.check import Analysis
from commentary_build.load.revision import pin_source_date_epoch
from commentary_build.model import Project
from commentary_build.pipeline import PreviewCache, load_and_check
from commentary_build.render.page import SiteBuild
from commentary_build.render.report import BuildReport
from commentary_build.render.site import build_site

log = logging.getLogger("mkdocs.plugins.treaty_commentary")

ASSET_DIR = "assets/treaty-commentary"


class UnchangedFile(File):
    """A generated page whose Markdown is the same as in the previous preview build."""

    def is_modified(self) -> bool:
        return False


class TreatyCommentaryConfig(Config):
    root = c.Optional(c.Type(str))
    """Project folder with content/ and commentary/ (default: the folder of mkdocs.yml)."""
    new_file_uri = c.Type(str, default="new/main/")
    """Repository path prefix for "add a note" links, relative to repo_url (GitHub: new/<branch>/)."""
    report_json = c.Optional(c.Type(str))
    """Where to write the build report as JSON, relative to the site folder (e.g. build-report.json)."""
    pdf = c.Type(bool, default=False)
    """Also publish pdf/commentary.pdf, one PDF per chapter and one per article, linked from the home, chapter and article pages (not under `serve`)."""


class TreatyCommentaryPlugin(BasePlugin[TreatyCommentaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        # Kept from on_config for the PDFs of on_post_build.
        self.project: Project | None = None
        self.analysis: Analysis | None = None
        self.root: Path | None = None
        self.preview: PreviewCache | None = None
        self.serving = False
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance across `serve` rebuilds,
        # which is what lets the preview cache survive from one save to the next.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir.resolve()
        pin_source_date_epoch(self.root)
        if self.serving:
            if self.preview is None or self.preview.root != self.root:
                self.preview = PreviewCache(self.root)
            self.site = self.preview.build(directory_urls=config.use_directory_urls)
        else:
            self.project, self.analysis = load_and_check(self.root)
            self.site = build_site(self.project, self.analysis, directory_urls=config.use_directory_urls, pdf_links=self.config.pdf)
        config.nav = self.site.nav + list(config.nav or [])
        for stylesheet in ("commentary.css", "redline.css"):
            path = f"{ASSET_DIR}/{stylesheet}"
            if path not in config.extra_css:
                config.extra_css.append(path)
        script = f"{ASSET_DIR}/commentary.js"
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        for folder in ("content", "commentary"):
            watched = str(self.root / folder)
            if watched not in config.watch:
                config.watch.append(watched)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        levels_up = "../" * len([part for part in (config.edit_uri or "").split("/") if part])
        for page in self.site.pages:
            # Under `serve --dirtyreload` MkDocs rebuilds only modified files; a generated
            # file counts as modified unless the preview cache says its Markdown is unchanged.
            unchanged = self.dirty and self.preview is not None and page.src_uri not in self.preview.changed
            file = (UnchangedFile if unchanged else File).generated(config, page.src_uri, content=page.markdown)
            if page.edit_path:
                if page.edit_is_new:
                    file.edit_uri = levels_up + self.config.new_file_uri + page.edit_path
                else:
                    file.edit_uri = posixpath.join(levels_up, page.edit_path)
            else:
                file.edit_uri = None
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(f"docs/{page.src_uri} is hidden by the generated page of the same path; rename it")
                files.remove(existing)
            files.append(file)
        assets = resources.files("commentary_build").joinpath("assets")
        for name in ("commentary.css", "redline.css", "commentary.js"):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=assets.joinpath(name).read_bytes()))
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        report = BuildReport.from_site(self.site)
        for problem in self.site.report.sorted():
            if problem.severity == "error":
                log.warning(problem.format())
            else:
                log.info(problem.format())
        log.info(report.summary())
        if self.config.report_json:
            target = Path(config.site_dir) / self.config.report_json
            target.write_text(json.dumps(report.as_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if self.config.pdf and not self.serving and self.project is not None and self.analysis is not None and self.root is not None:
            from commentary_build.export.layout import LayoutStats
            from commentary_build.export.pdf import print_options, site_pdfs

            options = print_options(self.root, site_title=config.site_name, site_url=config.site_url)
            # Laid out in parallel, and cached under .cache/treaty-commentary/pdf/: an unchanged chapter is never laid out again.
            stats = LayoutStats()
            files = site_pdfs(self.project, self.analysis, options, progress=log.debug, stats=stats)
            for path, data in files.items():
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            log.info(f"PDFs written under pdf/: {len(files)} files; {len(stats.laid_out)} parts laid out ({stats.pages} pages, {stats.seconds:.1f} s), "
                     f"{len(stats.cached)} from the cache")
