"""Search: what a reader downloads, with Pagefind (the site's search) and with Material's built-in search.

`python -m bench --search` builds the shipped project and synthetic projects (1× and 1,000 articles)
twice each, once as published (Pagefind) and once with `search: false` (Material's own index kept),
then serves the Pagefind site from 127.0.0.1 and drives Debian's Chromium over it:

- **index**: the files of the index on disk (pagefind/, or Material's search_index.json);
- **page view**: every byte of search data a first view of the home page and an article fetches
  before the reader does anything (Pagefind: counted in the browser; Material: its whole index, which
  its script fetches on every first page view; this site's search box is not the form Material's
  script looks for, so that fetch cannot be watched here and the file's size stands for it);
- **first query**: a fresh browser opens search and types the query: everything search then fetches
  (Pagefind's script and WebAssembly, the citation index, the index chunks and the results shown);
- **next query**: the same browser types another query: only what that query adds;
- **time**: for each query, from the input event to its results on screen (the box waits 120 ms after a
  keystroke before it searches; that pause is included).

Bytes are counted from the browser's own record of each response body, as served (this server sends
no HTTP compression), and again as a host that compresses text would send them: the JavaScript and
JSON gzip-compressed (level 6), Pagefind's index files counted as they are (already compressed).
Material's search needs its whole index before the first query, so its "page view" is its cost per
query too.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .corpus import ARTICLES_AT_1X, REPO_ROOT, write_corpus

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
# Queries a reader types: a citation, a subject, a phrase, and a word in another form than the text's.
SHIPPED_QUERIES = ["art 40(8)", "extradition", "dual criminality", "preserving"]
SYNTHETIC_QUERIES = ["art 12(3)", "extradition", "traffic data", "preserving"]
SEARCH_PATHS = ("/pagefind/", "/search/", "citations")


def _serve(folder: Path):
    """The tests' server of a built site (tests/browser_support.py): a thread of the standard library's, on 127.0.0.1."""
    spec = importlib.util.spec_from_file_location("browser_support", REPO_ROOT / "tests" / "browser_support.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.serve(folder)


def _wire(site: Path, url: str, size: int) -> int:
    """The bytes a compressing host would send for the file at ``url``."""
    path = site / urlsplit(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if path.suffix in (".js", ".json", ".css", ".html") and path.is_file():
        return len(gzip.compress(path.read_bytes(), compresslevel=6))
    return size


class _Counter:
    def __init__(self, site: Path):
        self.site = site
        self.seen: list[tuple[str, int]] = []

    def attach(self, page) -> None:
        page.on("requestfinished", lambda request: self.seen.append((request.url, request.sizes()["responseBodySize"])))

    def search_bytes(self, since: int = 0) -> tuple[int, int]:
        picked = [(url, size) for url, size in self.seen[since:] if any(part in url for part in SEARCH_PATHS)]
        return sum(size for _url, size in picked), sum(_wire(self.site, url, size) for url, size in picked)


def _browse(site: Path, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with _serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            counter = _Counter(site)
            counter.attach(page)
            article = next(iter(sorted((site / "uncc").glob("art-*/index.html"))))
            for path in ("", article.parent.relative_to(site).as_posix() + "/"):
                page.goto(base + path, wait_until="networkidle")
            result["page_view"] = counter.search_bytes()
            context.close()
            result["queries"] = []
            for query in queries:
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                counter = _Counter(site)
                counter.attach(page)
                page.goto(base, wait_until="networkidle")
                first = _query(page, counter, query)
                other = queries[(queries.index(query) + 1) % len(queries)]
                result["queries"].append((query, first, other, _query(page, counter, other)))
                context.close()
        finally:
            browser.close()
    return result


def _query(page, counter: _Counter, query: str) -> tuple[int, int, float]:
    """The bytes a query fetched, and the milliseconds from the input event to its results on screen."""
    since = len(counter.seen)
    page.click("input.md-search__input")
    # The count line is rewritten when this query's results are drawn (it says "Searching…" until then).
    page.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = ''; }")
    page.evaluate("() => { const input = document.querySelector('input.md-search__input');"
                  " input.addEventListener('input', () => { window.__typed = performance.now(); }, {once: true}); }")
    page.fill("input.md-search__input", query)
    handle = page.wait_for_function("() => /result|No results|provision cited/.test(document.querySelector('.md-search-result__meta').textContent)"
                                    " && performance.now() - window.__typed", timeout=60_000, polling=5)
    milliseconds = float(handle.json_value())
    page.wait_for_load_state("networkidle")
    return (*counter.search_bytes(since), milliseconds)


def _build(root: Path, site: Path, search: bool) -> None:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    plugin = config.plugins["treaty-commentary"]
    plugin.config.pdf = False
    plugin.config.search = search
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _size(path: Path) -> tuple[int, int]:
    if path.is_file():
        return path.stat().st_size, len(gzip.compress(path.read_bytes(), compresslevel=6))
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), sum(_wire(path.parent, "/" + p.relative_to(path.parent).as_posix(), p.stat().st_size) for p in files)


def _kb(pair: tuple) -> str:
    return f"{pair[0] / 1000:,.0f} KB ({pair[1] / 1000:,.0f} KB gzip)"


def _timed(query: tuple[int, int, float]) -> str:
    return f"{_kb(query)} in {query[2]:,.0f} ms"


def run() -> int:
    if not CHROMIUM.exists():
        print("Search bench: Debian's chromium is not installed; nothing measured.")
        return 0
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch_name:
        scratch = Path(scratch_name)
        cases = [("shipped project", REPO_ROOT, SHIPPED_QUERIES)]
        for name, scale in (("synthetic 1×", 1.0), ("synthetic 1000 articles", 1000 / ARTICLES_AT_1X)):
            print(f"… writing {name}", file=sys.stderr, flush=True)
            cases.append((name, write_corpus(scratch / name.replace(" ", "-"), scale).root, SYNTHETIC_QUERIES))
        for name, root, queries in cases:
            print(f"… {name}: Pagefind build and browser", file=sys.stderr, flush=True)
            site = scratch / "site"
            _build(root, site, search=True)
            records = sum(1 for _ in (site / "pagefind" / "fragment").glob("*"))
            pagefind = _size(site / "pagefind") + (records,)
            browsed = _browse(site, queries)
            shutil.rmtree(site)
            print(f"… {name}: Material build", file=sys.stderr, flush=True)
            _build(root, site, search=False)
            # Material's script fetches search/search_index.json on every first page view, whether or not the reader
            # searches (its bundle: `document.forms.namedItem("search") ? fetch(search_index.json)`), and needs all of it
            # for a query. This site's search box is not that form, so the browser cannot show it: the file's size is the figure.
            material = _size(site / "search" / "search_index.json")
            shutil.rmtree(site)
            lines.append(f"| {name} | Pagefind ({pagefind[2]:,} records) | {_kb(pagefind[:2])} | {_kb(browsed['page_view'])} | "
                         + "; ".join(f"'{q}' {_timed(first)}, then '{o}' {_timed(then)}" for q, first, o, then in browsed["queries"]) + " |")
            lines.append(f"| {name} | Material (search_index.json) | {_kb(material)} | {_kb(material)} | none more: the whole index came with the page view |")
    print("| Case | Search | Index on disk | Search data on a page view (home + an article) | First query in a fresh browser, then the next query |")
    print("|---|---|---:|---:|---|")
    print("\n".join(lines))
    print("Bytes as served without HTTP compression, and (gzip) as a compressing host sends them: JS and JSON gzip-compressed, "
          "Pagefind's index files as they are (compressed already). The first query includes Pagefind's script and WebAssembly (about 120 KB, 50 KB gzip). "
          "Times: from the input event to the results on screen, served from 127.0.0.1 (no network delay), including the box's 120 ms pause after a keystroke.")
    return 0
