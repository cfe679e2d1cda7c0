"""Turn a loaded and checked project into site pages (Markdown + HTML), independent of any generator.

A generator adapter (the MkDocs plugin in plugins/) takes the ``SiteBuild``: its pages,
a navigation tree and the problems found. Work that spans pages (back-links, citation
indexes, the theme matrix) is computed once per build, never per page, so the cost
grows linearly with the content.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Sequence

from ..check import Analysis
from ..document import Documents
from ..model import Article, Division, Instrument, Project
from . import pages, reader
from .about import footer_values
from .citation_index import citation_files
from .context import RenderContext
from .navigation import nav_title, reader_nav
from .page import NavEntry, PageEffects, SiteBuild, SitePage
from .search import WHOLE_PAGE_KINDS, search_input
from .urls import SiteUrls

ROBOTS_FILE = "robots.txt"


def robots_txt(site_url: str | None) -> str:
    """Every page may be crawled; the sitemap (written by the site generator, listing every page) is named by its full
    address, as the Sitemaps protocol requires, so only when the site's address is known (W079 otherwise)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def build_site(project: Project, analysis: Analysis, directory_urls: bool = True, pdf_links: bool = False,
               template_dirs: Sequence[str | os.PathLike[str]] = (), history_base: str | None = None,
               documents: Documents | None = None, previous: SiteBuild | None = None, unchanged: Collection[str] = (),
               cite_files: bool = False) -> SiteBuild:
    """Every page of the site. ``template_dirs``: folders searched before the package's templates
    (``render/templates.py``), so a project restyles one element by overriding one template.
    ``history_base``: the address a repository path is appended to for its history of changes
    (GitHub: ``<repo>/commits/main/``), or None for no history links. ``documents``: the build's
    document tree, when the caller has made it (to give the PDFs and the data the same); else made here.
    ``previous`` and ``unchanged``: the article pages (src_uri) that the caller knows the change since
    ``previous`` (a build of the same site with the same options) cannot reach are taken from it, not drawn
    again (``pipeline.PreviewCache`` decides which); every other page is drawn.
    ``cite_files``: the open data is published with it, so a page with commentary links its "cite this" files."""
    started = time.perf_counter()
    urls = SiteUrls(directory_urls)
    for instrument in project.instruments.values():
        urls.register_instrument(instrument)
    context = RenderContext.create(project, analysis, urls, pdf_links=pdf_links, template_dirs=template_dirs, history_base=history_base,
                                   documents=documents, cite_files=cite_files)
    articles = _ArticlePages(context, previous, set(unchanged))
    site_pages: list[SitePage] = []
    nav: list[NavEntry] = [{"Home": "index.md"}]
    for instrument in project.instruments.values():
        instrument_pages, instrument_nav = _instrument_pages(instrument, context, articles)
        site_pages.extend(instrument_pages)
        nav.extend(instrument_nav)
    site_pages.extend(reader.reader_pages(context))
    nav.extend(reader_nav(project))
    site_pages.insert(0, pages.home_page(context))
    context.stats.pages = len(site_pages)
    context.stats.cross_references_commentary = context.documents.stats.cross_references_commentary
    context.stats.engine_seconds = round(time.perf_counter() - started, 4)
    files = citation_files(project, urls) | {ROBOTS_FILE: robots_txt(project.settings.site_url)}
    search = search_input(context, [page.src_uri for page in site_pages if page.kind in WHOLE_PAGE_KINDS])
    site_title = project.edition.title if project.edition.location.path else None
    return SiteBuild(site_pages, nav, project.report, context.stats, files, footer=footer_values(project, urls), site_title=site_title,
                     documents=context.documents, search=search, effects=articles.effects, reused=articles.reused)


class _ArticlePages:
    """Draws article pages, or takes them from an earlier build, keeping what each added to the build's shared state."""

    def __init__(self, context: RenderContext, previous: SiteBuild | None, unchanged: set[str]):
        self.context = context
        self.previous = {page.src_uri: page for page in previous.pages if page.src_uri in unchanged} if previous is not None else {}
        self.previous_effects = previous.effects if previous is not None else {}
        self.effects: dict[str, PageEffects] = {}
        self.reused: set[str] = set()

    def page(self, instrument: Instrument, article: Article) -> SitePage:
        context = self.context
        src_uri = context.urls.article_page(instrument, article)
        page, effects = self.previous.get(src_uri), self.previous_effects.get(src_uri)
        if page is not None and effects is not None:
            # The page's tree is still made (the data and the PDFs of the build write from it, and it counts its links);
            # only drawing it again is saved.
            context.documents.article(instrument, article)
            for key, place in effects.cited:
                context.citation_index.record(key, place.page_url, place.page_title, place.note_number)
            context.stats.citations += effects.citations
            self.reused.add(src_uri)
        else:
            cited, citations = len(context.citation_index.recorded), context.stats.citations
            page = pages.article_page(instrument, article, context)
            effects = PageEffects(tuple(context.citation_index.recorded[cited:]), context.stats.citations - citations)
        self.effects[src_uri] = effects
        return page


def _instrument_pages(instrument: Instrument, context: RenderContext, articles: _ArticlePages) -> tuple[list[SitePage], list[NavEntry]]:
    result = [pages.preamble_page(instrument, context)]
    nav_children: list[NavEntry] = []
    if instrument.is_default:
        result.append(pages.overview_page(instrument, context))
        nav_children.append({"Overview": result[-1].src_uri})
    nav_children.append({"Preamble": result[0].src_uri})
    for division in instrument.divisions:
        division_pages, division_nav = _division_pages(instrument, division, context, articles)
        result.extend(division_pages)
        nav_children.append(division_nav)
    if instrument.notes:
        result.append(pages.interpretative_notes_page(instrument, context))
        nav_children.append({"Annex: interpretative notes": result[-1].src_uri})
    _link_reading_order(instrument, result, _nav_order(nav_children), context)
    # One section per text, chapters nested inside it: with navigation.prune only the
    # open chapter's articles are rendered on each page, which keeps big builds linear.
    return result, [{instrument.label: nav_children}]


def _nav_order(entries: list[NavEntry]) -> list[str]:
    """The pages of a navigation tree in the order it lists them."""
    order: list[str] = []
    for entry in entries:
        for value in entry.values():
            order.extend(_nav_order(value) if isinstance(value, list) else [value])
    return order


def _link_reading_order(instrument: Instrument, text_pages: list[SitePage], nav_order: list[str], context: RenderContext) -> None:
    """"Previous" and "Next" on the pages of one text, never leaving it. From an article they go to
    the article before or after it (across chapters, without stopping at the chapter pages), and
    from the first and last articles to the preamble and the annex; the other pages follow the navigation."""
    articles = [context.urls.article_page(instrument, article) for article in instrument.articles.values()]
    preamble = context.urls.instrument_page(instrument, "preamble")
    annex = context.urls.instrument_page(instrument, "interpretative-notes") if instrument.notes else None
    reading = [preamble, *articles] + ([annex] if annex else [])
    listed = {page.src_uri for page in text_pages}
    article_set = set(articles)
    place = {uri: n for n, uri in enumerate(reading)}, {uri: n for n, uri in enumerate(nav_order)}
    for page in text_pages:
        page.text_id = instrument.id
        is_article = page.src_uri in article_set
        order, position = (reading, place[0]) if is_article else (nav_order, place[1])
        n = position[page.src_uri]
        page.previous = order[n - 1] if n > 0 and order[n - 1] in listed else None
        page.next = order[n + 1] if n + 1 < len(order) and order[n + 1] in listed else None


def _division_pages(instrument: Instrument, division: Division, context: RenderContext, articles: _ArticlePages) -> tuple[list[SitePage], NavEntry]:
    page = pages.division_page(instrument, division, context)
    result = [page]
    children: list[NavEntry] = [{division.label + " (overview)" if division.kind == "chapter" else division.label: page.src_uri}]
    for child in division.children:
        child_pages, child_nav = _division_pages(instrument, child, context, articles)
        result.extend(child_pages)
        children.append(child_nav)
    for article_id in division.article_ids:
        article = instrument.articles[article_id]
        article_page = articles.page(instrument, article)
        result.append(article_page)
        children.append({nav_title(article): article_page.src_uri})
    return result, {f"{division.label}. {division.title}".strip(". "): children}
