"""Laying out print HTML with WeasyPrint: one job per independent document, in parallel, cached by content.

A *job* is one HTML document (a chapter of the full commentary, the front matter, the
covers, a brief). It is laid out once and written as one or more PDFs: the whole of it,
and optionally *slices* (each article of a chapter from its first page to the page
before the next, or each cover page), so an article's PDF costs a write, never a second
layout.

Jobs run in a process pool (one worker per core, largest job first), because WeasyPrint
lays out on one core. Output is deterministic: a job's bytes depend on its HTML alone,
and results are gathered by name, not by completion order.

Every finished job is kept in a content-addressed cache (``.cache/treaty-commentary/pdf/``
under the project): the key hashes the job's HTML (which embeds the CSS), its slices, the
PDF options, and the versions of WeasyPrint, pydyf and this code. An unchanged chapter is
never laid out twice, and a note edit lays out the one chapter that holds it. Entries not
used for 30 days are pruned, oldest first, and the whole cache is kept under 300 MB.

Every PDF is tagged (PDF/UA-1, WeasyPrint's ``pdf_variant="pdf/ua-1"``): structure tags
from the HTML, the document language from ``<html lang>``, the title from ``<title>``
(shown as the window title), and bookmarks from ``bookmark-level`` in print.css.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .print_document import PART_LINK

# Bump when a change here alters the bytes written for the same HTML.
LAYOUT_VERSION = "2"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
CACHE_MAX_BYTES = 300 * 1024 * 1024
CACHE_MAX_AGE_SECONDS = 30 * 24 * 3600


@dataclasses.dataclass(frozen=True)
class Slice:
    """Pages of a job written as their own PDF: from the page holding ``anchor`` (or page ``page``) to the next slice."""

    name: str
    title: str
    anchor: str | None = None
    page: int | None = None


@dataclasses.dataclass(frozen=True)
class PageLabels:
    """How a job's pages are labelled in the PDF (what a viewer shows): prefix and style ("D", "r" or "" for the prefix alone)."""

    prefix: str = ""
    style: str = "D"


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    html: str
    base_url: str
    labels: PageLabels = PageLabels()
    slices: tuple[Slice, ...] = ()
    # For slices: where links to anchors outside the slice point (anchor -> URL); others become text.
    outside: tuple[tuple[str, str], ...] = ()

    def key(self) -> str:
        """What the layout depends on. Slices are not in it: the full commentary (no slices) and the
        site (each article's pages as well) share one entry per chapter; see ``slice_key``."""
        return _digest(LAYOUT_VERSION, _versions(), json.dumps(PDF_OPTIONS, sort_keys=True), json.dumps(dataclasses.asdict(self.labels), sort_keys=True), self.html)

    def slice_key(self) -> str:
        """What the slices depend on besides the layout; a cached entry serves a job with slices only if it matches."""
        return _digest(json.dumps([dataclasses.asdict(s) for s in self.slices], sort_keys=True), json.dumps(self.outside)) if self.slices else ""


@dataclasses.dataclass
class JobResult:
    name: str
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor -> page index (from 0) where it first appears
    slices: dict[str, bytes]
    seconds: float  # layout and writing, wall time; 0 when it came from the cache
    cached: bool = False
    cpu_seconds: float = 0.0  # the same, as CPU time of the process that did it


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _versions() -> str:
    from importlib import metadata

    return ";".join(f"{name}={metadata.version(name)}" for name in ("weasyprint", "pydyf"))


# ---------------------------------------------------------------------------- one job


def run_job(job: Job, fork_slices: bool = False) -> JobResult:
    """Lay out ``job`` and write its PDF and slices (in this process).

    Writing paints every page again, and slices paint them once more. With ``fork_slices``
    (a job laid out alone, as after a note edit, while another core is idle) a forked child
    writes the slices from the same layout while this process writes the whole.
    """
    import weasyprint

    started, cpu = time.perf_counter(), time.process_time()
    document = weasyprint.HTML(string=job.html, base_url=job.base_url).render(**PDF_OPTIONS)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    plans = []
    if job.slices:
        starts = [_slice_start(s, anchors) for s in job.slices]
        for number, (piece, start) in enumerate(zip(job.slices, starts)):
            if start is None:
                continue
            following = [s for s in starts[number + 1 :] if s is not None and s > start]
            end = following[0] if following else (start + 1 if piece.page is not None else len(document.pages))
            plans.append((piece, start, end))

    def write_slices() -> dict[str, bytes]:
        return {piece.name: _write_slice(document, start, end, piece.title, job, dict(job.outside)) for piece, start, end in plans}

    child = _fork(write_slices) if fork_slices and len(plans) > 1 else None
    data = document.write_pdf(finisher=_labeller(job.labels, 0), **PDF_OPTIONS)
    slices = child() if child is not None else write_slices()
    return JobResult(job.name, data, len(document.pages), anchors, slices, time.perf_counter() - started, cpu_seconds=time.process_time() - cpu)


def _fork(work: Callable[[], dict[str, bytes]]) -> Callable[[], dict[str, bytes]] | None:
    """Run ``work`` in a forked child (copy-on-write: it sees this process's layout); return a function that
    collects its result, or None where forking is not safe (no fork, other threads running)."""
    import pickle

    if not hasattr(os, "fork") or threading.active_count() != 1 or (os.cpu_count() or 1) < 2:
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, send, and leave without running the parent's clean-up
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(work()))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> dict[str, bytes]:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return work()  # the child failed: do it here
        result: dict[str, bytes] = pickle.loads(data)
        return result

    return collect


def _slice_start(piece: Slice, anchors: dict[str, int]) -> int | None:
    if piece.page is not None:
        return piece.page
    return anchors.get(piece.anchor or "")


def _write_slice(document, start: int, end: int, title: str, job: Job, outside: dict[str, str]) -> bytes:
    from weasyprint.pdf.metadata import DocumentMetadata

    pages = document.pages[start:end]
    inside = {anchor for page in pages for anchor in page.anchors}
    for page in pages:
        # Links to the rest of the document: to the site when its URL is known, else dropped
        # (WeasyPrint would drop them too, with an error for each).
        kept = []
        for link_type, target, rectangle, box in page.links:
            anchor = target[len(PART_LINK):] if link_type == "external" and target.startswith(PART_LINK) else target if link_type == "internal" else None
            if anchor is None or anchor in inside and link_type == "internal":
                kept.append((link_type, target, rectangle, box))
            elif anchor in outside:
                kept.append(("external", outside[anchor], rectangle, box))
        page.links[:] = kept
    piece = document.copy(pages)
    metadata = document.metadata
    piece.metadata = DocumentMetadata(title=title, authors=metadata.authors, generator=metadata.generator, lang=metadata.lang)
    return piece.write_pdf(finisher=_labeller(job.labels, start), **PDF_OPTIONS)


def _labeller(labels: PageLabels, first: int) -> Callable:
    """A WeasyPrint finisher writing /PageLabels, so a viewer shows "V-12", not "5 of 52"."""

    def finish(_document, pdf) -> None:
        import pydyf

        label = pydyf.Dictionary({})
        if labels.style:
            label["S"] = "/" + labels.style
            label["St"] = first + 1
        if labels.prefix:
            label["P"] = pydyf.String(labels.prefix)
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, label])})

    return finish


# ---------------------------------------------------------------------------- many jobs, cached


class LayoutCache:
    """Finished jobs by key, on disk."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, job: Job, key: str) -> JobResult | None:
        if self.folder is None:
            return None
        entry = self.folder / key[:2] / key
        info_path = entry / "info.json"
        if not info_path.is_file():
            return None
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            if job.slices and info.get("slice_key") != job.slice_key():
                return None  # laid out without these slices: lay out again, with them
            slices = {name: (entry / f"slice-{index}.pdf").read_bytes() for index, name in enumerate(info["slices"])} if job.slices else {}
            result = JobResult(job.name, (entry / "job.pdf").read_bytes(), info["pages"], info["anchors"], slices, 0.0, cached=True)
        except (OSError, ValueError, KeyError):
            return None
        os.utime(info_path)
        return result

    def put(self, key: str, result: JobResult, slice_key: str = "") -> None:
        if self.folder is None:
            return
        entry = self.folder / key[:2] / key
        scratch = entry.with_name(f"{key}.tmp-{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        (scratch / "job.pdf").write_bytes(result.pdf)
        names = sorted(result.slices)
        for index, name in enumerate(names):
            (scratch / f"slice-{index}.pdf").write_bytes(result.slices[name])
        info = {"pages": result.pages, "anchors": result.anchors, "slices": names, "slice_key": slice_key}
        (scratch / "info.json").write_text(json.dumps(info), encoding="utf-8")
        shutil.rmtree(entry, ignore_errors=True)
        try:
            scratch.rename(entry)
        except OSError:  # another build wrote the same entry meanwhile: the same bytes
            shutil.rmtree(scratch, ignore_errors=True)

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        entries = []
        for info in self.folder.glob("*/*/info.json"):
            entry = info.parent
            size = sum(f.stat().st_size for f in entry.iterdir())
            entries.append((info.stat().st_mtime, size, entry))
        for merged in self.folder.glob("merged/*.pdf"):  # whole documents (export.pdf), pruned alike
            stat = merged.stat()
            entries.append((stat.st_mtime, stat.st_size, merged))
        entries.sort(reverse=True)
        now, total = time.time(), 0
        for mtime, size, entry in entries:
            total += size
            if total > CACHE_MAX_BYTES or now - mtime > CACHE_MAX_AGE_SECONDS:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


def cache_folder(root: Path) -> Path:
    """``.cache/treaty-commentary/pdf`` under the project, or ``$TREATY_COMMENTARY_PDF_CACHE`` (the bench uses a scratch one)."""
    override = os.environ.get("TREATY_COMMENTARY_PDF_CACHE")
    return Path(override) if override else root / ".cache" / "treaty-commentary" / "pdf"


@dataclasses.dataclass
class LayoutStats:
    laid_out: list[str] = dataclasses.field(default_factory=list)
    cached: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0  # wall time of the layout phase
    job_seconds: float = 0.0  # sum of the jobs' own wall times (more than wall time when parallel)
    job_cpu_seconds: float = 0.0  # sum of the jobs' CPU times: the layout work itself
    pages: int = 0


def run_jobs(jobs: Iterable[Job], cache: LayoutCache, workers: int | None = None, stats: LayoutStats | None = None,
             progress: Callable[[str], None] | None = None) -> dict[str, JobResult]:
    """Every job's result by name: from the cache when its key is there, else laid out (in parallel)."""
    started = time.perf_counter()
    stats = stats if stats is not None else LayoutStats()
    results: dict[str, JobResult] = {}
    todo: list[tuple[Job, str]] = []
    for job in jobs:
        key = job.key()
        found = cache.get(job, key)
        if found is not None:
            results[job.name] = found
            stats.cached.append(job.name)
        else:
            todo.append((job, key))
    # Largest first, so the longest chapter does not start last.
    todo.sort(key=lambda item: (-len(item[0].html), item[0].name))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if progress and todo:
        progress(f"laying out {len(todo)} document part{'s' if len(todo) != 1 else ''} on {workers} core{'s' if workers != 1 else ''} "
                 f"({len(results)} from the cache) …")
    if workers == 1:
        for job, key in todo:
            # One job alone (a note edit): its article PDFs are written on the other core meanwhile.
            results[job.name] = run_job(job, fork_slices=len(todo) == 1)
            cache.put(key, results[job.name], job.slice_key())
    elif todo:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            futures = {job.name: (pool.submit(run_job, job), key, job.slice_key()) for job, key in todo}
            for name, (future, key, slice_key) in futures.items():
                results[name] = future.result()
                cache.put(key, results[name], slice_key)
    for job, _key in todo:
        stats.laid_out.append(job.name)
        stats.job_seconds += results[job.name].seconds
        stats.job_cpu_seconds += results[job.name].cpu_seconds
    stats.pages += sum(results[job.name].pages for job, _ in todo)
    stats.seconds += time.perf_counter() - started
    return results


def _context():
    # fork starts a worker in milliseconds with WeasyPrint already imported; it is unsafe only
    # when other threads hold locks, so a threaded parent (a server) spawns fresh interpreters.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        import pyphen
        import weasyprint  # noqa: F401  (imported once here, inherited by every worker)

        # The hyphenation patterns take half a second to parse; parsed once here, every worker has them.
        pyphen.Pyphen(lang="en")

        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
