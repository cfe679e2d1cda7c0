"""Where each page and each unit of text lives on the site, and relative links between them.

Links are relative so the built site works from any base path and offline; the
engine computes them itself because the HTML it emits is not rewritten by MkDocs.
"""

from __future__ import annotations

import posixpath

from ..document import naming
from ..model import Article, Instrument, InterpretativeNote, Provision, ids


class SiteUrls:
    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls
        self._unit_pages: dict[tuple[str, str], str] = {}  # (instrument id, unit id) -> src_uri
        # (from page, to page) -> the relative link: a site of 1000 articles asks for some 12,000 links.
        self._relative: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------------ page paths (src_uri), as the documents name pages
    article_page = staticmethod(naming.article_page)
    division_page = staticmethod(naming.instrument_page)
    instrument_page = staticmethod(naming.instrument_page)

    def register_instrument(self, instrument: Instrument) -> None:
        preamble = self.instrument_page(instrument, "preamble")
        notes_page = self.instrument_page(instrument, "interpretative-notes")
        for unit_id, unit in instrument.index.items():
            if isinstance(unit, Article):
                page = self.article_page(instrument, unit)
            elif isinstance(unit, Provision) and unit.article is not None:
                page = self.article_page(instrument, unit.article)
            elif isinstance(unit, InterpretativeNote):
                page = notes_page
            else:
                page = preamble
            self._unit_pages[(instrument.id, unit_id)] = page

    def page_of_unit(self, instrument_id: str, unit_id: str) -> str | None:
        return self._unit_pages.get((instrument_id, unit_id))

    # ------------------------------------------------------------------ urls
    def url(self, src_uri: str) -> str:
        """The page's URL relative to the site root, as MkDocs will write it."""
        stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def holds(self, src_uri: str) -> bool:
        """Whether the page is in what is being written (the site holds every page; a printed brief, some)."""
        return True

    def href(self, from_src_uri: str, to_src_uri: str, anchor: str | None = None) -> str:
        if from_src_uri == to_src_uri and anchor:
            return f"#{anchor}"
        relative = self._relative.get((from_src_uri, to_src_uri))
        if relative is None:
            relative = self._relative[(from_src_uri, to_src_uri)] = self._relative_link(from_src_uri, to_src_uri)
        return relative + (f"#{anchor}" if anchor else "")

    def _relative_link(self, from_src_uri: str, to_src_uri: str) -> str:
        from_url = self.url(from_src_uri)
        # Both paths are measured from the site root, written as "/" so relpath never asks for (nor depends on)
        # the build machine's working directory.
        folder = from_url.rstrip("/") if self.directory_urls else posixpath.dirname(from_url)
        target = self.url(to_src_uri)
        relative = posixpath.relpath("/" + target, "/" + folder)
        if self.directory_urls and (target.endswith("/") or target == "") and not relative.endswith("/"):
            relative += "/"
        return relative

    def unit_href(self, from_src_uri: str, instrument_id: str, unit_id: str) -> str | None:
        page = self.page_of_unit(instrument_id, unit_id)
        if page is None:
            return None
        return self.href(from_src_uri, page, None if ids.is_article(unit_id) else unit_id)
