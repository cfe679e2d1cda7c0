"""PDF exports: the full commentary, briefs on articles, a theme or a chapter, compilation tables,
and what the site publishes (the full commentary, one PDF per chapter, one per article).

``print_document`` builds the HTML from the site's renderers; WeasyPrint lays it out with
CSS paged media (running headers from ``string-set``, citations as ``float: footnote``,
bookmarks from ``bookmark-level``) and writes tagged PDF/UA-1. WeasyPrint was chosen over
headless Chromium because Chromium's print engine has neither footnote floats nor
``target-counter``, and because it is a Python dependency that needs no browser process.

A brief or a compilation table is a *book* of one part per article, numbered by article
("40-3"), laid out in parallel and cached like the chapters. The full commentary is a book too:
its chapters are laid out as separate jobs on every core and cached (``export.layout``),
then the front matter and covers, which print the chapters' page labels, and finally the
parts are merged (``export.merge``). Pages are numbered by chapter ("V-12"), so a chapter's
pages are the same in the full commentary and in the chapter PDF, and a change in one
chapter never renumbers (or lays out again) another.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import Analysis
from ..document import Documents
from ..load.cache import code_version, pdf_cache_folder, shown
from ..model import Location, Project
from ..model.characters import printable
from ..model.problems import CACHE_NOT_PRIVATE, CACHE_UNWRITABLE, Problem
from ..render.downloads import FULL_PDF, article_pdf, chapter_pdf
from .layout import Job, JobResult, LayoutCache, LayoutStats, PageLabels, Slice, run_jobs
from .merge import Piece, merge
from .print_document import BRIEF, PAPER_SIZES, Book, PrintOptions, document_keywords, plan_book, plan_brief
from .selection import Selection

if TYPE_CHECKING:
    from .compilation import TableOptions


@dataclass
class PdfResult:
    data: bytes
    pages: int
    seconds: float
    stats: LayoutStats = field(default_factory=LayoutStats)


def render_pdf(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions,
               progress: Callable[[str], None] | None = None, layout: str = "document", cache: bool = True,
               documents: Documents | None = None, table: TableOptions | None = None) -> PdfResult:
    """Lay out and write the PDF of ``selection``; ``progress`` receives one line per step; ``table``: what a
    compilation table (``layout="table"``) holds beyond its default."""
    started = time.perf_counter()
    _check_paper(options)
    store = LayoutCache(pdf_cache_folder(project.cache_dir) if cache else None)
    stats = LayoutStats()
    if selection.is_full and layout == "document":
        files = _book_pdfs(project, analysis, options, store, stats, progress, articles=False, only_full=True, documents=documents)
        data = files[FULL_PDF]
        pages = _count_pages(data)
    elif layout == "document":
        book = plan_brief(project, analysis, selection, options, documents)
        data = _assemble(book, project, options, store, stats, progress, articles=False, only_first=True)[BRIEF]
        pages = _count_pages(data)
    else:
        from .compilation import TableOptions
        from .table import TABLE, plan_table

        data = _assemble(plan_table(project, analysis, selection, options, documents, table or TableOptions()), project, options, store, stats, progress, articles=False,
                         only_first=True)[TABLE]
        pages = _count_pages(data)
    store.prune()
    stats.cache_error, stats.cache_refused = store.write_error, store.refused
    return PdfResult(data, pages, time.perf_counter() - started, stats)


def site_pdfs(project: Project, analysis: Analysis, options: PrintOptions, progress: Callable[[str], None] | None = None,
              cache: bool = True, stats: LayoutStats | None = None, documents: Documents | None = None) -> dict[str, bytes]:
    """Every PDF the site publishes, by path under the site folder: the full commentary, each chapter and each article.
    ``documents``: the site build's document tree, which the PDFs are written from too."""
    _check_paper(options)
    store = LayoutCache(pdf_cache_folder(project.cache_dir) if cache else None)
    stats = stats if stats is not None else LayoutStats()
    files = _book_pdfs(project, analysis, options, store, stats, progress, articles=True, only_full=False, documents=documents)
    store.prune()
    stats.cache_error, stats.cache_refused = store.write_error, store.refused
    return files


def _book_pdfs(project: Project, analysis: Analysis, options: PrintOptions, store: LayoutCache, stats: LayoutStats,
               progress: Callable[[str], None] | None, articles: bool, only_full: bool, documents: Documents | None = None) -> dict[str, bytes]:
    book = plan_book(project, analysis, options, FULL_PDF, chapter_pdf, documents=documents)
    return _assemble(book, project, options, store, stats, progress, articles, only_full)


def _assemble(book: Book, project: Project, options: PrintOptions, store: LayoutCache, stats: LayoutStats,
              progress: Callable[[str], None] | None, articles: bool, only_first: bool) -> dict[str, bytes]:
    """Lay out a book's parts (body first, then what prints the body's page labels) and merge its documents."""
    # No base URL: nothing printed may depend on where the project is (``export.layout``).
    base_url = ""
    jobs = []
    for part in book.body:
        slices = tuple(Slice(article_pdf(anchor), title, anchor=anchor) for anchor, title in part.articles) if articles else ()
        linked = sorted(book.across.get(part.name, ()))
        outside = tuple((anchor, book.site_links[anchor]) for anchor in linked if anchor in book.site_links) if slices else ()
        jobs.append(Job(part.name, part.html, base_url, PageLabels(part.label_prefix, part.label_style), slices, outside))
    body = run_jobs(jobs, store, stats=stats, progress=progress)
    labels: dict[str, str] = {}
    for part in book.body:
        result = body[part.name]
        for anchor, index in result.anchors.items():
            labels[anchor] = part.label(index)
        labels[f"end:{part.name}"] = part.label(result.pages - 1)
    finishing = book.finish(labels)
    jobs = []
    for part in finishing:
        slices = tuple(Slice(f"covers:{n}", "", anchor=f"cover-{n}") for n in range(len(book.documents))) if part.name == "covers" else ()
        # The covers are used one by one (each merged document starts with its own): their whole PDF is never written.
        jobs.append(Job(part.name, part.html, base_url, PageLabels(part.label_prefix, part.label_style), slices, whole=not slices))
    results: dict[str, JobResult] = {**body, **run_jobs(jobs, store, stats=stats, progress=progress)}
    parts = {part.name: part for part in [*book.body, *finishing]}
    files: dict[str, bytes] = {}
    for document in book.documents[: 1 if only_first else None]:
        pieces = []
        for name in document.parts:
            if name.startswith("covers:"):
                pieces.append(Piece(results["covers"].slices[name], PageLabels("Cover", "")))
            else:
                part = parts[name]
                pieces.append(Piece(results[name].pdf, PageLabels(part.label_prefix, part.label_style)))
        files[document.path] = _merged(store, pieces, document.title, options, book)
    if articles:
        for part in book.body:
            files.update(body[part.name].slices)
    return files


def _merged(store: LayoutCache, pieces: list[Piece], title: str, options: PrintOptions, book: Book) -> bytes:
    """The merged document, from the cache when the same pieces were merged before."""
    keywords = document_keywords(options)
    digest = hashlib.sha256(f"{_merge_code()}\0{title}\0{options.site_title}\0{keywords}\0{options.revision}\0{sorted(book.site_links.items())}".encode())
    for piece in pieces:
        digest.update(hashlib.sha256(piece.pdf).digest())
        digest.update(repr(piece.labels).encode())
    key = digest.hexdigest()
    found = store.get_merged(key)
    if found is not None:
        return found
    data = merge(pieces, title=title, author=options.site_title, outside=book.site_links, keywords=keywords, revision=options.revision)
    store.put_merged(key, data)
    return data


_MERGE_CODE: str | None = None


def _merge_code() -> str:
    """The version of what merges: export.merge's source, the package and pikepdf."""
    global _MERGE_CODE
    if _MERGE_CODE is None:
        from importlib import metadata

        from . import merge as merging

        _MERGE_CODE = f"{code_version(merging.__file__)};pikepdf={metadata.version('pikepdf')}"
    return _MERGE_CODE


def unwritable_cache_problem(what: str, error: str, cache_dir: Path | None) -> Problem:
    """W074 for a cache that could not be written (the build went on without it), to print where the PDFs are made."""
    folder = pdf_cache_folder(cache_dir)
    return Problem(CACHE_UNWRITABLE, f"{what} are not kept for the next build: the cache folder cannot be written ({error})",
                   Location(shown(folder) if folder is not None else "cache"), "warning")


def layout_cache_problems(what: str, stats: LayoutStats, cache_dir: Path | None) -> list[Problem]:
    """What to say about the layouts' cache after making PDFs: W084 when its folder was not used because someone else
    could write it, W074 when it could not be written; both about the machine, printed where the PDFs are made."""
    problems = []
    if stats.cache_refused:
        folder = pdf_cache_folder(cache_dir)
        problems.append(Problem(CACHE_NOT_PRIVATE, f"{what}' cache was not used: {stats.cache_refused}",
                                Location(shown(folder) if folder is not None else "cache"), "warning"))
    if stats.cache_error:
        problems.append(unwritable_cache_problem(what, stats.cache_error, cache_dir))
    return problems


def _count_pages(data: bytes) -> int:
    from io import BytesIO

    import pikepdf

    # qpdf reads the page tree alone; pypdf parsed every object of the full commentary (0.4 s of CPU).
    with pikepdf.open(BytesIO(data)) as pdf:
        return len(pdf.pages)


def _check_paper(options: PrintOptions) -> None:
    if options.paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {options.paper!r}")


def print_options(project: Project, paper: str = "a4", site_url: str | None = None) -> PrintOptions:
    """Options with the project's settings (title, address, version); ``site_url`` replaces the address when given."""
    return PrintOptions(paper=paper, settings=project.settings.with_site_url(site_url))


def stderr_progress(line: str) -> None:
    # Progress names articles by their titles, which come from files: one line each, whatever they hold.
    print(printable(line), file=sys.stderr, flush=True)
