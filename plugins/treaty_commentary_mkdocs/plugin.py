"""The MkDocs adapter: hands MkDocs the pages the engine generated, nothing more.

Everything that decides what a page says lives in ``commentary_build`` (which never
imports MkDocs); this module only maps the engine's ``SiteBuild`` onto MkDocs events:
``on_config`` runs the engine and sets the navigation, ``on_files`` adds the pages as
in-memory files (nothing is written into the docs folder, so `serve` does not loop),
``on_post_build`` prints the build report. Every problem in the inputs, error or
warning, is logged as a MkDocs warning, so ``mkdocs build --strict`` fails on any of
them while a plain build lists them and goes on; a note about the environment (W061,
no git history) is logged as info and never fails a build.

Nothing read from the inputs reaches MkDocs or Material raw: every title, page path, front
matter value, edit address and ``extra`` value is handed over through
``commentary_build.render.handoff`` (MkDocs' templates do not autoescape), and every log line
through ``_PrintableLog`` (no value from a file can start a line of the build log or send ESC).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import numbers
import shutil
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from watchdog.observers.api import BaseObserver

from commentary_build.check import Analysis
from commentary_build.load.revision import pin_source_date_epoch
from commentary_build.model import Project
from commentary_build.model.characters import printable
from commentary_build.model.location import Location
from commentary_build.model.problems import NO_SITE_URL, Problem
from commentary_build.pipeline import PreviewCache, load_and_check
from commentary_build.render import handoff
from commentary_build.render.page import SiteBuild, SitePage
from commentary_build.render.report import BuildReport
from commentary_build.render.search import KINDS
from commentary_build.render.site import build_site
from commentary_build.render.templates import Templates

from .config import SiteConfigError
from .config import site_config as read_config
from .preview import ServeState, leave_out_material_search_index, poll_sources_faster, without_search_attributes

if TYPE_CHECKING:  # imported when the open data is published, so a build without it does not pay for them
    from commentary_build.export.opendata import OpenData
    from commentary_build.export.publication import Publication


class _PrintableLog(logging.Filter):
    """The build log's boundary: the arguments of a record (the values, which may come from files) are made
    ``printable``, a ``Problem`` is written by its own ``format``, and the message itself is made printable
    line by line, so no value can start a line (GitHub reads ``::error …`` at the start of any line as a
    command) or send a terminal escape sequence, whoever writes the next log call."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_log_value(value) for value in args)
        record.msg = "\n".join(printable(line) for line in str(record.msg).split("\n"))
        return True


def _log_value(value: object) -> object:
    if isinstance(value, Problem):
        return value.format()
    if isinstance(value, numbers.Number):
        return value
    return printable(value)


log = logging.getLogger("mkdocs.plugins.treaty_commentary")
log.addFilter(_PrintableLog())

ASSET_DIR = "assets/treaty-commentary"
STYLESHEETS = ("commentary.css", "redline.css", "search.css")
SCRIPTS = ("commentary.js", "search.js")


def report_path(root: Path, site_dir: Path, setting: str) -> Path:
    """The build report's file: it lists the checkout's paths and problems, which are for contributors and CI, so a
    setting that would put it in the published site is refused rather than followed."""
    target = (root / setting).resolve()
    if target == site_dir.resolve() or target.is_relative_to(site_dir.resolve()):
        raise PluginError(f"treaty-commentary: report_json: {setting!r} is inside the site folder, which is published; "
                          "the report names the checkout's files: give a path outside it (e.g. build/report.json)")
    return target


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
    """Where to write the build report as JSON, relative to the project root (e.g. build/report.json). It names the
    checkout's files, so it must lie outside the site folder: it is for contributors and CI, never published."""
    pdf = c.Type(bool, default=False)
    """Also publish pdf/commentary.pdf, one PDF per chapter and one per article, linked from the home, chapter and article pages (not under `serve`)."""
    templates = c.Optional(c.Type(str))
    """A folder of page templates, relative to the project root (e.g. overrides/commentary): a file there replaces
    the engine's template of the same name (note.html, article/header.html, …); every other template stays as shipped."""
    cache_dir = c.Optional(c.Type(str))
    """Where the build keeps its caches (comparisons, PDF layouts), relative to the project root; $TREATY_COMMENTARY_CACHE
    overrides it, and without either the user's cache folder ($XDG_CACHE_HOME/treaty-commentary or ~/.cache/treaty-commentary)."""
    search = c.Type(bool, default=True)
    """Index the site for search with Pagefind after the build (into pagefind/; assets/search.js is the search box).
    Under `serve` the index is made in the background after the page is served, and only when what it holds has changed."""
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
        # The built pages (paths under the site folder) that search indexes whole, and what the last index was made of.
        self.whole_pages: list[str] = []
        self.search_digest: str | None = None
        self.indexing: threading.Thread | None = None
        # Under `serve`: the thread making and writing the open data the pages do not need (Akoma Ntoso, JSON API).
        self.publishing: threading.Thread | None = None
        # src_uri -> the meta values of a generated page (on_page_markdown sets them).
        self.page_meta: dict[str, dict[str, str]] = {}
        # src_uri -> what the plugin added to the page in the last build (meta values, citation), to tell a changed page.
        self.shown_before: dict[str, tuple] = {}
        # What a `serve` session keeps between rebuilds besides the engine's preview cache (preview.py).
        self.serve_state = ServeState()
        self.material_search_left_out = False
        self.docs_observer: BaseObserver | None = None
        # The engine's pages by path, made in on_files for the page events of the same build.
        self._by_uri: dict[str, SitePage] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance across `serve` rebuilds,
        # which is what lets the preview cache survive from one save to the next.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """The engine's sources are polled more often than MkDocs polls (preview.py)."""
        self.docs_observer = poll_sources_faster(server)
        return server

    def on_shutdown(self) -> None:
        self._finish_publishing()
        if self.indexing is not None:
            self.indexing.join()
        if self.docs_observer is not None:
            self.docs_observer.stop()
            self.docs_observer.join(timeout=5)
            self.docs_observer = None

    @event_priority(100)
    def _keep_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        """Under `serve`, before the other plugins' on_config (Material's search asks the theme for its language file there):
        the theme's environment and its list of static files are kept from one save to the next (preview.py)."""
        if self.serving:
            self.serve_state.keep_theme(config)
        return config

    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The last preview's open data is written whole before this build cleans the site folder or writes it again.
        self._finish_publishing()
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root).resolve() if self.config.root else config_dir.resolve()
        # The engine never reads mkdocs.yml: what it needs of it is handed over here (the CLI reads the same through config.py).
        try:
            site_config = read_config(config, self.config, self.root)
        except SiteConfigError as error:
            raise PluginError(str(error)) from None
        if self.config.report_json:
            report_path(self.root, Path(config.site_dir), self.config.report_json)
        self.template_dirs = site_config.template_dirs
        if self.template_dirs:
            replaced = Templates(list(self.template_dirs)).overridden()
            log.info("treaty-commentary: templates in %s replace: %s", self.config.templates, ", ".join(replaced) or "none of the shipped templates")
        if self.serving:
            if self.preview is None or self.preview.root != self.root or self.preview.config != site_config:
                self.preview = PreviewCache(self.root, self.template_dirs, self._history_base(config), site_config)
            self.site = self.preview.build(directory_urls=config.use_directory_urls)
            project = self.preview.project
        else:
            self.project, self.analysis = load_and_check(self.root, site=site_config)
            self.site = build_site(self.project, self.analysis, directory_urls=config.use_directory_urls, pdf_links=self.config.pdf,
                                   template_dirs=self.template_dirs, history_base=self._history_base(config), cite_files=self.config.open_data)
            project = self.project
        if project is not None:
            # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the commit's date, as every other output of the build.
            pin_source_date_epoch(project.settings.revision)
        if not self.serving and not config.site_url:
            # A publishing build without the site's address: sitemap, canonical links, robots.txt and every address in
            # the data would be relative or missing. A warning, so `mkdocs build --strict` (make site, CI) fails.
            log.warning("%s", Problem(NO_SITE_URL, "site_url is not set, so the published site has no absolute addresses",
                                      Location(Path(config.config_file_path or "mkdocs.yml").name), "warning"))
        self._publish_open_data(config)
        config.nav = self._handoff_nav() + list(config.nav or [])
        # The footer of every page (overrides/partials/copyright.html draws it): values escaped here, and by the partial.
        config.extra["treaty_commentary_footer"] = self._handoff_footer()
        if self.site.site_title and config.site_name != self.site.site_title:
            # One name for the site everywhere: the tab and header (site_name), the footer, About
            # page and citations (the edition), the PDF cover (site_name again).
            log.warning("treaty-commentary: site_name in mkdocs.yml ('%s') differs from the edition's title "
                        "in commentary/edition.yml ('%s'); give both the same name", config.site_name, self.site.site_title)
        for stylesheet in STYLESHEETS:
            path = f"{ASSET_DIR}/{stylesheet}"
            if path not in config.extra_css:
                config.extra_css.append(path)
        for name in SCRIPTS:
            script = f"{ASSET_DIR}/{name}"
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        self.whole_pages = []
        # Under `serve`: no Material index to delete after each build.
        self.material_search_left_out = False
        if self.serving:
            if self.config.search:
                self.material_search_left_out = leave_out_material_search_index(config)
        for watched in [str(self.root / folder) for folder in ("content", "commentary")] + [str(folder) for folder in self.template_dirs]:
            if watched not in config.watch:
                config.watch.append(watched)
        return config

    on_config = CombinedEvent(_keep_theme, _on_config)

    def _handoff_nav(self) -> list:
        assert self.site is not None
        try:
            return handoff.nav(self.site.nav)
        except handoff.Refused as refused:
            # Only a bug can get here (ids and names are checked on loading): build without the engine's navigation.
            log.error("treaty-commentary: navigation left out: %s", str(refused))
            return []

    def _handoff_footer(self) -> dict:
        assert self.site is not None
        footer = {}
        for key, value in self.site.footer.items():
            try:
                footer[key] = handoff.handoff(value, "url" if key.endswith("_url") else "text")
            except handoff.Refused as refused:
                log.error("treaty-commentary: footer %s left out: %s", key, str(refused))
        return footer

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
        # A preview makes now only what its pages show; the rest is made and written after the page is served (on_post_build).
        self.opendata = publish(self.publication, analysis, self.site.pages, documents=self.site.documents, deferred=self.serving)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.page_meta = {}
        levels_up = "../" * len([part for part in (config.edit_uri or "").split("/") if part])
        shown: dict[str, tuple] = {}
        self._by_uri = {page.src_uri: page for page in self.site.pages}
        for page in self.site.pages:
            try:
                src_uri = handoff.handoff(page.src_uri, "page")
                edit_path = handoff.handoff(page.edit_path, "path") if page.edit_path else None
            except handoff.Refused as refused:
                log.error("treaty-commentary: page left out: %s", str(refused))
                continue
            citation = self.opendata.citation_for(page.src_uri) if self.opendata is not None else None
            if page.kind != "home":
                # The page's meta title: Material shows it in the browser tab, the header and search. Every page but the
                # home page has one, so Material never makes the <title> with `striptags`, which unescapes. Its description
                # (what the page holds) becomes <meta name="description">. Set in on_page_markdown, where MkDocs would have
                # put a front matter it read (writing YAML for MkDocs to parse back cost more per page than drawing the
                # rest of the page's head); each value handed off as text, as a front matter's would be.
                fields = {"title": page.document_title or page.title}
                if citation is not None and citation.description:
                    fields["description"] = citation.description
                self.page_meta[src_uri] = {key: str(handoff.handoff(value, "text")) for key, value in fields.items()}
            # Under `serve --dirtyreload` MkDocs renders only modified files: a generated page counts as modified unless
            # the preview cache says its Markdown is unchanged and what the plugin adds to it (meta, citation tags) is too.
            shown[src_uri] = (self.page_meta.get(src_uri), citation)
            unchanged = (self.dirty and self.preview is not None and page.src_uri not in self.preview.changed
                         and self.shown_before.get(src_uri, ()) == shown[src_uri])
            file = (UnchangedFile if unchanged else File).generated(config, src_uri, content=page.markdown)
            if edit_path:
                file.edit_uri = levels_up + (self.config.new_file_uri if page.edit_is_new else self.config.edit_file_uri) + edit_path
            else:
                file.edit_uri = None
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.warning("docs/%s is hidden by the generated page of the same path; rename it", src_uri)
                files.remove(existing)
            files.append(file)
        self.shown_before = shown
        for path, content in self.site.files.items():
            files.append(File.generated(config, handoff.handoff(path, "page"), content=content))
        assets = resources.files("commentary_build").joinpath("assets")
        for name in (*STYLESHEETS, *SCRIPTS):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=assets.joinpath(name).read_bytes()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's meta values (escaped by handoff in on_files), as if its front matter had said them."""
        fields = self.page_meta.get(page.file.src_uri)
        if fields is not None and page.file.generated_by is not None:
            page.meta.update(fields)
        return markdown

    def _generated(self, page: Page) -> SitePage | None:
        """The engine's page that MkDocs' ``page`` is, or None for a hand-written page of docs/."""
        return self._by_uri.get(page.file.src_uri)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An article's paragraphs at the head of its table of contents (they are not headings, so MkDocs cannot find them)."""
        mine = self._generated(page)
        if mine is None or mine.contents is None or page.toc is None:
            return html
        from mkdocs.structure.toc import AnchorLink

        (anchor, label), paragraphs = mine.contents
        items = page.toc.items
        # Under the page's h1 (which Material leaves out of the contents and lists its children), as its first section.
        if items and items[0].level == 1:
            items = items[0].children
        text = AnchorLink(handoff.handoff(label, "text"), handoff.handoff(anchor, "text"), 2)
        text.children = [AnchorLink(handoff.handoff(title, "text"), handoff.handoff(unit, "text"), 3) for unit, title in paragraphs]
        items.insert(0, text)
        return html

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Hand the template (overrides/main.html) the page's citation tags and its "cite this" and feed links,
        and mark the pages search indexes whole (hand-written pages and those the engine names)."""
        self._mark_for_search(page)
        if self.material_search_left_out and page.content:
            page.content = without_search_attributes(page.content)
        mine = self._generated(page)
        # A page of a text has "Previous" and "Next" at its top too (overrides/main.html), not only in the footer.
        page.meta["tc_pager"] = mine is not None and mine.text_id is not None
        if self.opendata is None or self.publication is None:
            return context
        citation = self.opendata.citation_for(page.file.src_uri)
        if citation is None:
            from commentary_build.export.citation_meta import page_citation

            # A hand-written page of docs/: tags from its title, no commentary, no cite file.
            # MkDocs gives such a page's title as HTML (its heading's inner HTML): the tags want its text.
            title = html.unescape(Markup(page.title).striptags()) if page.title else config.site_name
            citation = page_citation(self.publication, page.file.src_uri, title, [], bool(self.opendata.feed))
            citation.cite_href = None
        # Markup (made by the engine with markupsafe), so the template prints it as it is whatever its autoescape setting.
        page.meta["tc_head"] = handoff.handoff(citation.head_html(), "html")
        # An article lists its "cite this" files in its own "Cite this article" (article/header.html), near the top;
        # not in a preview (serve), whose engine run is told nothing of the open data, so they stay under the page there.
        in_header = mine is not None and mine.kind == "article" and not self.serving
        page.meta["tc_body"] = handoff.handoff(citation.body_html(cite_links=not in_header), "html")
        return context

    def _mark_for_search(self, page: Page) -> None:
        if not self.config.search or self.site is None or self.site.search is None:
            return
        generated = self._by_uri.get(page.file.src_uri)  # SiteBuild.page walks the list: once per page, quadratic
        if (generated is None and page.file.src_uri.endswith(".md")) or page.file.src_uri in self.site.search.whole_pages:
            # overrides/main.html puts the content inside data-pagefind-body and gives the page its kind and title.
            title = (generated.document_title or generated.title) if generated is not None else html.unescape(Markup(page.title or "").striptags())
            page.meta["tc_search"] = {"kind": handoff.handoff(KINDS["page"], "text"), "title": handoff.handoff(title, "text")}
            self.whole_pages.append(page.file.dest_uri)

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

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Under `serve`, the theme's compiled templates are kept from one save to the next, and the 404 page and
        sitemap are not rendered again when nothing they show changed (preview.py)."""
        if not self.serving:
            return env
        env = self.serve_state.theme_environment(env, config, len(config.plugins.events["env"]))
        skipped = self.serve_state.skip_site_wide_templates(config, files, self.dirty)
        if skipped:
            log.debug("treaty-commentary: %s unchanged, not rendered again", " and ".join(skipped))
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        if self.opendata is not None:
            if self.serving:
                # The page is served first; data/ follows a moment later (the next build waits for it: on_config).
                opendata, cleaned = self.opendata, not self.dirty
                self.publishing = threading.Thread(target=self._write_open_data, args=(opendata, Path(config.site_dir), cleaned),
                                                   name="treaty-commentary-open-data", daemon=True)
                self.publishing.start()
            else:
                self._write_open_data(self.opendata, Path(config.site_dir), cleaned=True)
        report = BuildReport.from_site(self.site)
        for problem in self.site.report.sorted():
            if problem.fails_strict:
                log.warning("%s", problem)
            else:
                log.info("%s", problem)
        log.info("%s", report.summary())
        if self.config.report_json and self.root is not None:
            target = report_path(self.root, Path(config.site_dir), self.config.report_json)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(report.as_dict(), indent=2, sort_keys=True, allow_nan=False) + "\n", encoding="utf-8")
        if self.config.search:
            self._write_search_index(config)
        elif (Path(config.site_dir) / "pagefind").is_dir():
            shutil.rmtree(Path(config.site_dir) / "pagefind")
        if self.config.pdf and not self.serving and self.project is not None and self.analysis is not None and self.root is not None:
            from commentary_build.export.layout import LayoutStats
            from commentary_build.export.pdf import layout_cache_problems, print_options, site_pdfs

            options = print_options(self.project)
            # Laid out in parallel, and cached in the user's cache folder (pdf/): an unchanged chapter is never laid out again.
            stats = LayoutStats()
            files = site_pdfs(self.project, self.analysis, options, progress=lambda line: log.debug("%s", line), stats=stats, documents=self.site.documents)
            for path, data in files.items():
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            log.info(f"PDFs written under pdf/: {len(files)} files; {len(stats.laid_out)} parts laid out ({stats.pages} pages, {stats.seconds:.1f} s), "
                     f"{len(stats.cached)} from the cache")
            for problem in layout_cache_problems("the PDF layouts", stats, self.project.cache_dir):
                # About the machine, like W061: said, and never a reason to fail a strict build.
                log.info("%s", problem)

    def _write_open_data(self, opendata: OpenData, site_dir: Path, cleaned: bool) -> None:
        """data/, written straight into the site: as MkDocs files, each of the 150 cost MkDocs more than writing it."""
        opendata.complete()
        if self.serving:
            self.serve_state.write(site_dir, opendata.files.items(), cleaned=cleaned)
        else:
            for path, content in opendata.files.items():
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        for reason in opendata.problems:
            log.info("open data: %s", reason)
        log.info("open data: %d files under data/ in %.2f s", len(opendata.files), opendata.seconds)

    def _finish_publishing(self) -> None:
        if self.publishing is not None:
            self.publishing.join()
            self.publishing = None

    def _write_search_index(self, config: MkDocsConfig) -> None:
        """Pagefind over the engine's records and the pages indexed whole (export/search_index.py); Material's
        own index is removed: its script never fetches it (overrides/partials/search.html has no form it looks for)."""
        assert self.site is not None
        site_dir = Path(config.site_dir)
        # (With `search: false` Material's index stays, for the benchmark that compares the two.)
        for name in ("search_index.json", "search_index.js"):
            (site_dir / "search" / name).unlink(missing_ok=True)
        if (site_dir / "search").is_dir() and not any((site_dir / "search").iterdir()):
            (site_dir / "search").rmdir()
        if self.site.search is None:
            return
        from commentary_build.export.search_index import OUTPUT_FOLDER, SearchIndexError, write_search_index

        pages = sorted(set(self.whole_pages))
        digest = hashlib.sha256("\0".join([r.html for r in self.site.search.records] + pages).encode("utf-8")).hexdigest()
        if self.indexing is not None:
            self.indexing.join()  # one indexer at a time
        if self.serving and digest == self.search_digest and (site_dir / OUTPUT_FOLDER / "pagefind-entry.json").exists():
            return
        search = self.site.search

        def index() -> None:
            try:
                stats = write_search_index(site_dir, search, pages)
            except (SearchIndexError, OSError) as error:  # OSError: under `serve`, the next build cleaned the folder meanwhile
                # The site is still complete without it; search then says it has no index (assets/search.js).
                log.warning("treaty-commentary: search index not made: %s", str(error))
                return
            self.search_digest = digest
            log.info("search: %d records and %d pages indexed in %.1f s (%s/: %d files, %.1f MB)", stats.records, stats.pages, stats.seconds,
                     OUTPUT_FOLDER, stats.files, stats.bytes / 1e6)

        if self.serving:
            # The preview serves the page first; search follows a second or two later (a search before then finds the previous index).
            self.indexing = threading.Thread(target=index, name="treaty-commentary-search", daemon=True)
            self.indexing.start()
        else:
            index()
