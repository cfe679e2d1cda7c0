"""Turn a loaded project into site pages (Markdown + HTML), independent of any generator.

A generator adapter (the MkDocs plugin in plugins/, or `commentary build`) takes the
``SiteBuild``: its pages, a navigation tree and the problems found. Work that spans
pages (back-links, citation indexes, the theme matrix) is computed once per build
here, never per page, so the cost grows linearly with the content.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import diagnostics as d
from .model import Division, Instrument
from .project import Project
from .render import pages, reader
from .urls import SiteUrls


@dataclass
class SitePage:
    src_uri: str  # where the page pretends to live in the docs folder: "uncc/art-40.md"
    title: str
    markdown: str
    edit_path: str | None = None  # repository path of the source to edit
    edit_is_new: bool = False  # True when edit_path is a folder where a new note would go
    kind: str = "page"
    # Repository files whose change should rebuild this page (for incremental previews).
    sources: tuple[str, ...] = ()


@dataclass
class SiteBuild:
    pages: list[SitePage]
    nav: list
    report: d.Report
    stats: dict = field(default_factory=dict)

    def page(self, src_uri: str) -> SitePage | None:
        for page in self.pages:
            if page.src_uri == src_uri:
                return page
        return None


def build_site(project: Project, directory_urls: bool = True, pdf_links: bool = False) -> SiteBuild:
    started = time.perf_counter()
    urls = SiteUrls(directory_urls)
    for instrument in project.instruments.values():
        urls.register_instrument(instrument)
    context = pages.BuildContext.create(project, urls)
    context.pdf_links = pdf_links
    site_pages: list[SitePage] = []
    nav: list = [{"Home": "index.md"}]
    for instrument in project.instruments.values():
        instrument_pages, instrument_nav = _instrument_pages(instrument, context)
        site_pages.extend(instrument_pages)
        nav.extend(instrument_nav)
    site_pages.extend(reader.reader_pages(context))
    nav.extend(reader.reader_nav(context))
    site_pages.insert(0, pages.home_page(context))
    context.finish()
    stats = dict(context.stats)
    stats["pages"] = len(site_pages)
    stats["engine_seconds"] = round(time.perf_counter() - started, 4)
    return SiteBuild(site_pages, nav, project.report, stats)


def _instrument_pages(instrument: Instrument, context: "pages.BuildContext") -> tuple[list[SitePage], list]:
    result = [pages.preamble_page(instrument, context)]
    nav_children: list = []
    if instrument.is_default:
        result.append(pages.overview_page(instrument, context))
        nav_children.append({"Overview": result[-1].src_uri})
    nav_children.append({"Preamble": result[0].src_uri})
    for division in instrument.divisions:
        division_pages, division_nav = _division_pages(instrument, division, context)
        result.extend(division_pages)
        nav_children.append(division_nav)
    if instrument.notes:
        result.append(pages.interpretative_notes_page(instrument, context))
        nav_children.append({"Annex: interpretative notes": result[-1].src_uri})
    # One section per text, chapters nested inside it: with navigation.prune only the
    # open chapter's articles are rendered on each page, which keeps big builds linear.
    label = instrument.metadata.get("label", instrument.short_title)
    return result, [{label: nav_children}]


def _division_pages(instrument: Instrument, division: Division, context: "pages.BuildContext") -> tuple[list[SitePage], dict]:
    page = pages.division_page(instrument, division, context)
    result = [page]
    children: list = [{division.label + " (overview)" if division.kind == "chapter" else division.label: page.src_uri}]
    for child in division.children:
        child_pages, child_nav = _division_pages(instrument, child, context)
        result.extend(child_pages)
        children.append(child_nav)
    for article_id in division.article_ids:
        article = instrument.articles[article_id]
        article_page = pages.article_page(instrument, article, context)
        result.append(article_page)
        children.append({pages.nav_title(article): article_page.src_uri})
    return result, {f"{division.label}. {division.title}".strip(". "): children}
