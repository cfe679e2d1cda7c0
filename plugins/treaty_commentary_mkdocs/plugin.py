"""The MkDocs adapter: hands MkDocs the pages the engine generated, nothing more.

Everything that decides what a page says lives in ``commentary_build`` (which never
imports MkDocs); this module only maps the engine's ``SiteBuild`` onto MkDocs events:
``on_config`` runs the engine and sets the navigation, ``on_files`` adds the pages as
in-memory files (nothing is written into the docs folder, so `serve` does not loop),
``on_post_build`` prints the build report. Every problem in the inputs, error or
warning, is logged as a MkDocs warning, so ``mkdocs build --strict`` fails on any of
them while a plain build lists them and goes on; a note about the environment (W061,
no git history) is logged as info and never fails a build.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from commentary_build.check import Analysis
from commentary_build.load.revision import pin_source_date_epoch
from commentary_build.model import Project
from commentary_build.pipeline import PreviewCache, load_and_check
from commentary_build.render.page import SiteBuild
from commentary_build.render.report import BuildReport
from commentary_build.render.site import build_site
from commentary_build.render.templates import Templates

from .config import SiteConfigError
from .config import site_config as read_config

if TYPE_CHECKING:  # imported when the open data is published, so a build without it does not pay for them
    from commentary_build.export.opendata import OpenData
    from commentary_build.export.publication import Publication

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
    edit_file_uri = c.Type(str, default="edit/main/")
    """Repository path prefix for "edit this page" on a generated page, relative to repo_url (GitHub: edit/<branch>/)."""
    history_uri = c.Type(str, default="commits/main/")
    """Repository path prefix for a page's history of changes, relative to repo_url (GitHub: commits/<branch>/)."""
    """Repository path prefix for "add a note" links, relative to repo_url (GitHub: new/<branch>/)."""
    report_json = c.Optional(c.Type(str))
    """Where to write the build report as JSON, relative to the site folder (e.g. build-report.json)."""
    pdf = c.Type(bool, default=False)
    """Also publish pdf/commentary.pdf, one PDF per chapter and one per article, linked from the home, chapter and article pages (not under `serve`)."""
    templates = c.Optional(c.Type(str))
    """A folder of page templates, relative to the project root (e.g. overrides/commentary): a file there replaces
    the engine's template of the same name (note.html, article/header.html, …); every other template stays as shipped."""
    open_data = c.Type(bool, default=True)
    """Publish data/: the JSON API with its schemas, Akoma Ntoso, the change feeds and a "cite this" file per page,
    and give every page citation tags (written by overrides/main.html)."""


class TreatyCommentaryPlugin(BasePlugin[TreatyCommentaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        # Kept from on_config for the PDFs of on_post_build.
        self.project: Project | None = None
        self.analysis: Analysis | None = None
        self.root: Path | None = None
        self.template_dirs: tuple[Path, ...] = ()
        self.preview: PreviewCache | None = None
        self.serving = False
        self.dirty = False
        self.opendata: OpenData | None = None
        self.publication: Publication | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance across `serve` rebuilds,
        # which is what lets the preview cache survive from one save to the next.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir.resolve()
        # The engine never reads mkdocs.yml: what it needs of it is handed over here (the CLI reads the same through config.py).
        try:
            site_config = read_config(config, self.config, self.root)
        except SiteConfigError as error:
            raise PluginError(str(error)) from None
        self.template_dirs = site_config.template_dirs
        if self.template_dirs:
            replaced = Templates(list(self.template_dirs)).overridden()
            log.info(f"treaty-commentary: templates in {self.config.templates} replace: {', '.join(replaced) or 'none of the shipped templates'}")
        if self.serving:
            if self.preview is None or self.preview.root != self.root or self.preview.config != site_config:
                self.preview = PreviewCache(self.root, self.template_dirs, self._history_base(config), site_config)
            self.site = self.preview.build(directory_urls=config.use_directory_urls)
            project = self.preview.project
        else:
            self.project, self.analysis = load_and_check(self.root, site=site_config)
            self.site = build_site(self.project, self.analysis, directory_urls=config.use_directory_urls, pdf_links=self.config.pdf,
                                   template_dirs=self.template_dirs, history_base=self._history_base(config))
            project = self.project
        if project is not None:
            # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the commit's date, as every other output of the build.
            pin_source_date_epoch(project.settings.revision)
        self._publish_open_data(config)
        config.nav = self.site.nav + list(config.nav or [])
        # The footer of every page (overrides/partials/copyright.html draws it, escaping each value).
        config.extra["treaty_commentary_footer"] = dict(self.site.footer)
        if self.site.site_title and config.site_name != self.site.site_title:
            # One name for the site everywhere: the tab and header (site_name), the footer, About
            # page and citations (the edition), the PDF cover (site_name again).
            log.warning(f"treaty-commentary: site_name in mkdocs.yml ({config.site_name!r}) differs from the edition's title "
                        f"in commentary/edition.yml ({self.site.site_title!r}); give both the same name")
        for stylesheet in ("commentary.css", "redline.css"):
            path = f"{ASSET_DIR}/{stylesheet}"
            if path not in config.extra_css:
                config.extra_css.append(path)
        script = f"{ASSET_DIR}/commentary.js"
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        for watched in [str(self.root / folder) for folder in ("content", "commentary")] + [str(folder) for folder in self.template_dirs]:
            if watched not in config.watch:
                config.watch.append(watched)
        return config

    def _history_base(self, config: MkDocsConfig) -> str | None:
        """Where a repository path's history of changes is (repo_url + history_uri), or None without repo_url."""
        if not config.repo_url:
            return None
        return config.repo_url.rstrip("/") + "/" + self.config.history_uri

    def _publish_open_data(self, config: MkDocsConfig) -> None:
        """The files of data/ and each page's citation metadata, made once per engine run (reused while a preview is unchanged)."""
        if not self.config.open_data or self.site is None:
            self.opendata = None
            return
        project, analysis = (self.preview.project, self.preview.analysis) if self.serving and self.preview is not None else (self.project, self.analysis)
        if project is None or analysis is None:
            return
        if self.serving and self.preview is not None and self.preview.reused and self.opendata is not None:
            return
        from commentary_build.export.opendata import publish
        from commentary_build.export.publication import Publication

        self.publication = Publication(project, project.settings)
        self.opendata = publish(self.publication, analysis, [(page.src_uri, page.title) for page in self.site.pages])

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        levels_up = "../" * len([part for part in (config.edit_uri or "").split("/") if part])
        for page in self.site.pages:
            # Under `serve --dirtyreload` MkDocs rebuilds only modified files; a generated
            # file counts as modified unless the preview cache says its Markdown is unchanged.
            unchanged = self.dirty and self.preview is not None and page.src_uri not in self.preview.changed
            content = page.markdown
            if page.document_title:
                # Front matter: Material shows a page's meta title in the browser tab, the header and search.
                content = f"---\ntitle: {json.dumps(page.document_title)}\n---\n{content}"
            file = (UnchangedFile if unchanged else File).generated(config, page.src_uri, content=content)
            if page.edit_path:
                if page.edit_is_new:
                    file.edit_uri = levels_up + self.config.new_file_uri + page.edit_path
                else:
                    file.edit_uri = levels_up + self.config.edit_file_uri + page.edit_path
            else:
                file.edit_uri = None
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(f"docs/{page.src_uri} is hidden by the generated page of the same path; rename it")
                files.remove(existing)
            files.append(file)
        for path, content in self.site.files.items():
            files.append(File.generated(config, path, content=content))
        assets = resources.files("commentary_build").joinpath("assets")
        for name in ("commentary.css", "redline.css", "commentary.js"):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=assets.joinpath(name).read_bytes()))
        return files

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Hand the template (overrides/main.html) the page's citation tags and its "cite this" and feed links."""
        if self.opendata is None or self.publication is None:
            return context
        citation = self.opendata.citation_for(page.file.src_uri)
        if citation is None:
            from commentary_build.export.citation_meta import page_citation

            # A hand-written page of docs/: tags from its title, no commentary, no cite file.
            citation = page_citation(self.publication, page.file.src_uri, page.title or config.site_name, [], bool(self.opendata.feed))
            citation.cite_href = None
        # Markup, so the template prints the engine's escaped HTML as it is whatever its autoescape setting.
        page.meta["tc_head"] = Markup(citation.head_html())
        page.meta["tc_body"] = Markup(citation.body_html())
        return context
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """"Previous" and "Next" (Material's navigation.footer): the engine's on the pages of a text, which
        never leave that text; the other pages keep MkDocs' order but do not lead into a text."""
        assert self.site is not None
        generated = {page.src_uri: page for page in self.site.pages}
        in_nav = {page.file.src_uri: page for page in nav.pages}
        for page in nav.pages:
            mine = generated.get(page.file.src_uri)
            if mine is not None and mine.text_id is not None:
                page.previous_page = in_nav.get(mine.previous) if mine.previous else None
                page.next_page = in_nav.get(mine.next) if mine.next else None
                continue
            for side in ("previous_page", "next_page"):
                neighbour = getattr(page, side)
                other = generated.get(neighbour.file.src_uri) if neighbour is not None else None
                if other is not None and other.text_id is not None:
                    setattr(page, side, None)
        return nav

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        if self.opendata is not None:
            # Written straight into the site: as MkDocs files, each of the 150 cost MkDocs more than writing it.
            site_dir = Path(config.site_dir)
            for path, content in self.opendata.files.items():
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            for reason in self.opendata.problems:
                log.info(f"open data: {reason}")
            log.info(f"open data: {len(self.opendata.files)} files under data/ in {self.opendata.seconds:.2f} s")
        report = BuildReport.from_site(self.site)
        for problem in self.site.report.sorted():
            if problem.fails_strict:
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

            options = print_options(self.project)
            # Laid out in parallel, and cached under .cache/treaty-commentary/pdf/: an unchanged chapter is never laid out again.
            stats = LayoutStats()
            files = site_pdfs(self.project, self.analysis, options, progress=log.debug, stats=stats)
            for path, data in files.items():
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            log.info(f"PDFs written under pdf/: {len(files)} files; {len(stats.laid_out)} parts laid out ({stats.pages} pages, {stats.seconds:.1f} s), "
                     f"{len(stats.cached)} from the cache")
