"""PDF exports: the full commentary, briefs on articles or a theme, and one PDF per chapter.

``print_document`` builds the HTML from the site's renderers; WeasyPrint lays it out with
CSS paged media (running headers from ``string-set``, contents page numbers from
``target-counter``, citations as ``float: footnote``) and writes the PDF. WeasyPrint was
chosen over headless Chromium because Chromium's print engine has neither footnote
floats nor ``target-counter``, so the contents could not give page numbers, and because
it is a Python dependency that needs no browser process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..check import Analysis
from ..load.revision import build_date, source_revision
from ..model import Project
from ..render.downloads import FULL_PDF, chapter_pdf
from .print_document import PAPER_SIZES, PrintOptions, build_print_html
from .selection import Selection, chapter_number, select_all


@dataclass
class PdfResult:
    data: bytes
    pages: int
    seconds: float


def render_pdf(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions,
               progress: Callable[[str], None] | None = None) -> PdfResult:
    """Lay out and write the PDF of ``selection``; ``progress`` receives one line per step."""
    started = time.perf_counter()
    document = _layout(project, analysis, selection, options, progress)
    data = document.write_pdf()
    return PdfResult(data, len(document.pages), time.perf_counter() - started)


def site_pdfs(project: Project, analysis: Analysis, options: PrintOptions, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Every PDF the site publishes, by path under the site folder: the full commentary and each chapter.

    The full commentary is laid out once; each chapter's PDF is its run of pages from it
    (chapters start on a new page), which costs a fraction of laying out every chapter again.
    Chapter PDFs therefore keep the page numbers of the full commentary, like an offprint.
    """
    document = _layout(project, analysis, select_all(project), options, progress)
    files = {FULL_PDF: document.write_pdf()}
    instrument = project.default_instrument
    starts = []
    for chapter in instrument.chapters():
        page = _page_of_anchor(document, chapter.id)
        if page is not None:
            starts.append((chapter_number(instrument, chapter), page))
    ends = [page for _, page in starts[1:]] + [_page_of_anchor(document, "final-clause") or _page_of_anchor(document, "bibliography") or len(document.pages)]
    for (number, start), end in zip(starts, ends):
        files[chapter_pdf(number)] = document.copy(document.pages[start:end]).write_pdf()
    return files


def _layout(project: Project, analysis: Analysis, selection: Selection, options: PrintOptions, progress: Callable[[str], None] | None):
    import weasyprint

    if options.paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {options.paper!r}")
    html = build_print_html(project, analysis, selection, options, progress)
    if progress:
        progress(f"laying out {len(selection.article_ids)} articles with WeasyPrint …")
    return weasyprint.HTML(string=html, base_url=str(project.root)).render()


def _page_of_anchor(document, anchor: str) -> int | None:
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return None


def print_options(root: Path, paper: str = "a4", site_title: str | None = None, site_url: str | None = None) -> PrintOptions:
    """Options with the cover's facts read from the project: its title, revision and build date."""
    return PrintOptions(
        paper=paper,
        site_title=site_title or _site_name(root) or "",
        revision=source_revision(root),
        build_date=build_date(),
        site_url=site_url,
    )


def _site_name(root: Path) -> str | None:
    """``site_name`` from mkdocs.yml, read as YAML text only: the engine does not load MkDocs."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_name:"):
            return line.split(":", 1)[1].strip().strip("'\"") or None
    return None


def stderr_progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
