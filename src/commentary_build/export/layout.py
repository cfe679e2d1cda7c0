"""Laying out print HTML with WeasyPrint: one job per independent document, in parallel, cached by content.

A *job* is one HTML document (a chapter of the full commentary, the front matter, the
covers, a brief). It is laid out once and written as one or more PDFs: the whole of it,
and optionally *slices* (each article of a chapter from its first page to the page
before the next, or each cover page), so an article's PDF costs a write, never a second
layout.

Jobs run in a process pool (one worker per core, largest job first), because WeasyPrint
lays out on one core. Output is deterministic: a job's bytes depend on its HTML alone,
and results are gathered by name, not by completion order.

Every finished job is kept in a content-addressed cache, ``pdf/`` in the user's cache
folder (``load.cache``; never the checkout): the key hashes the job's HTML (which embeds
the CSS), its page labels, the PDF options, and the versions of WeasyPrint, pydyf, the
package and this module's source. An entry is one file holding its key and a SHA-256 of
each PDF in it, checked when read (``load.cache.unpack_entry``); anything else is laid
out again. An unchanged chapter is never laid out twice, and a note edit lays out the one
chapter that holds it. Entries not used for 30 days are pruned, oldest first, and the
whole cache is kept under 300 MB. A cache that cannot be written is left alone and the
build goes on without it (``LayoutCache.write_error``, reported as W074).

Nothing a job prints depends on where the project is: the HTML has no base URL and no
resource is fetched (every asset is inline), and a link that would leave for anything but
the web (a contributor's relative link, which WeasyPrint would resolve to ``file:///…``
on the builder's disk) is dropped, its words printed as text.

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
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..load.cache import code_version, not_private, pack_entry, prune, read_entry, touch, write_atomic
from .print_document import PART_LINK

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
CACHE_MAX_BYTES = 300 * 1024 * 1024
_ENTRY_FILE = re.compile(r"[0-9a-f]{64}\.entry")
# Where a printed link may lead: the web and mail (and the other parts of a book, ``PART_LINK``).
WEB_SCHEMES = ("http:", "https:", "mailto:")


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
    # False for a job only its slices are used from (the covers): its whole PDF is not written (``JobResult.pdf`` is empty).
    whole: bool = True

    def key(self) -> str:
        """What the layout depends on. Slices are not in it: the full commentary (no slices) and the
        site (each article's pages as well) share one entry per chapter; see ``slice_key``."""
        return _digest(_code(), json.dumps(PDF_OPTIONS, sort_keys=True, allow_nan=False), json.dumps(dataclasses.asdict(self.labels), sort_keys=True, allow_nan=False),
                       self.base_url, self.html, "whole" if self.whole else "slices only")

    def slice_key(self) -> str:
        """What the slices depend on besides the layout; a cached entry serves a job with slices only if it matches."""
        return _digest(json.dumps([dataclasses.asdict(s) for s in self.slices], sort_keys=True, allow_nan=False), json.dumps(self.outside, allow_nan=False)) if self.slices else ""


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


_CODE: str | None = None


def _code() -> str:
    """The version of what writes the bytes: this module's source, the package, WeasyPrint and pydyf, and the
    fonts installed (a layout made before a font was installed set its text in another one)."""
    global _CODE
    if _CODE is None:
        from importlib import metadata

        _CODE = (code_version(__file__) + ";" + ";".join(f"{name}={metadata.version(name)}" for name in ("weasyprint", "pydyf"))
                 + ";fonts=" + installed_fonts())
    return _CODE


def installed_fonts() -> str:
    """A hash of the fonts fontconfig lists (``fc-list``, sorted: about 20 ms), or what says it could not list them."""
    import shutil
    import subprocess

    command = shutil.which("fc-list")
    if command is None:
        return "no fc-list"
    try:
        listed = subprocess.run([command, "--format", "%{file}|%{family}|%{style}|%{fontversion}\\n"], capture_output=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return f"fc-list failed: {type(error).__name__}"
    return hashlib.sha256(b"\n".join(sorted(listed.splitlines()))).hexdigest()[:16]


def web_link(target: str) -> bool:
    """True for a link that may be printed as a link: to the web or mail (or another part of the book)."""
    return target.lower().startswith(WEB_SCHEMES) or target.startswith(PART_LINK)


# ---------------------------------------------------------------------------- one job


def run_job(job: Job, fork_slices: bool = False) -> JobResult:
    """Lay out ``job`` and write its PDF and slices (in this process).

    Writing paints every page again, and slices paint them once more. With ``fork_slices``
    (a job laid out alone, as after a note edit, while another core is idle) a forked child
    writes the slices from the same layout while this process writes the whole.
    """
    from weasyprint.urls import URLFetcher

    _tag_footnotes()
    _index_page_references()

    started, cpu = time.perf_counter(), time.process_time()
    # Nothing is fetched (every asset is inline): no file of the builder's disk, no request to a host.
    fetcher = URLFetcher(allowed_protocols=("data",))
    document = _print_html()(string=job.html, base_url=job.base_url or None, url_fetcher=fetcher).render(**PDF_OPTIONS)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
        # A relative link has no meaning on paper (WeasyPrint resolves it against the base URL, on the
        # builder's disk when that is a folder): its words stay, as text.
        page.links[:] = [link for link in page.links if link[0] != "external" or web_link(link[1])]
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
    data = document.write_pdf(finisher=_labeller(job.labels, 0, job.name), **PDF_OPTIONS) if job.whole else b""
    slices = child() if child is not None else write_slices()
    return JobResult(job.name, data, len(document.pages), anchors, slices, time.perf_counter() - started, cpu_seconds=time.process_time() - cpu)


_PRINT_HTML: type | None = None


def _print_html() -> type:
    """WeasyPrint's ``HTML`` with a user-agent stylesheet that gives pseudo-elements only to the elements that can have them.

    WeasyPrint's stylesheet styles ``::marker``, ``::footnote-call``, ``::footnote-marker`` and the three
    ``::note-*`` pseudo-elements of *every* element, so the cascade computes six styles per element that are
    never used (27,000 of 37,000 in the longest chapter). Here ``::marker`` is kept for what can be a list
    item (``li``, ``summary``; print.css makes nothing else one), the footnote rules are dropped because
    print.css sets every one of their properties on the only footnotes there are (``.tc-footnote``), and the
    notes (``float: note``) are never used."""
    global _PRINT_HTML
    if _PRINT_HTML is None:
        import weasyprint
        from weasyprint.css.counters import CounterStyle
        from weasyprint.html import UA, UA_FORM_STYLESHEET

        rules, changed = [], 0
        for line in UA.splitlines():
            if line.startswith(("::footnote-call", "::footnote-marker", "::note-")):
                changed += 1
                continue
            if line.startswith("::marker"):
                changed += 1
                line = "li::marker, summary::marker" + line[len("::marker"):]
            rules.append(line)
        if changed != 6:  # another WeasyPrint's stylesheet: used as it is
            _PRINT_HTML = weasyprint.HTML
            return _PRINT_HTML
        # Its @counter-style rules are WeasyPrint's own, already known to every document: read into a throwaway set.
        sheet = weasyprint.CSS(string="\n".join(rules), counter_style=CounterStyle())

        class PrintHTML(weasyprint.HTML):
            def _ua_stylesheets(self, forms=False):
                return [sheet, UA_FORM_STYLESHEET] if forms else [sheet]

        _PRINT_HTML = PrintHTML
    return _PRINT_HTML


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
    # The keywords name the source revision (document_html), as the merged PDFs' metadata does.
    piece.metadata = DocumentMetadata(title=title, authors=metadata.authors, keywords=metadata.keywords, generator=metadata.generator, lang=metadata.lang)
    # An article's PDF on its own starts at its own heading: H1, not the H2 it is under its chapter's H1.
    return piece.write_pdf(finisher=_labeller(job.labels, start, f"{job.name}/{title}", top_heading=True), **PDF_OPTIONS)


def _labeller(labels: PageLabels, first: int, name: str, top_heading: bool = False) -> Callable:
    """A WeasyPrint finisher writing /PageLabels, so a viewer shows "V-12", not "5 of 52", and completing the
    structure tree (``complete_tags``)."""

    def finish(_document, pdf) -> None:
        import pydyf

        label = pydyf.Dictionary({})
        if labels.style:
            label["S"] = "/" + labels.style
            label["St"] = first + 1
        if labels.prefix:
            label["P"] = pydyf.String(labels.prefix)
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, label])})
        complete_tags(pdf, name, top_heading)

    return finish


# The element a printed footnote is written as (``print_document``): its own name, so that it can be tagged
# as a Note (WeasyPrint tags a tag name, and a span is a Span); the call in the text is a Reference, the
# number before the note its Lbl.
FOOTNOTE_TAG = "tc-note"
# The call of a note printed elsewhere than as a float (the compilation table's notes, at the end of a cell).
FOOTNOTE_CALL_TAG = "tc-ref"


def _tag_footnotes() -> None:
    """Teach WeasyPrint's tagger the footnote's tags (PDF/UA: Matterhorn 19-001, footnotes are Note)."""
    from weasyprint.pdf import tags

    original = tags._get_pdf_tag
    if getattr(original, "tc_footnotes", False):
        return

    def pdf_tag(tag):
        if tag == FOOTNOTE_TAG:
            return "Note"
        if tag == FOOTNOTE_CALL_TAG or (tag and tag.endswith("::footnote-call")):
            return "Reference"
        if tag and tag.endswith("::footnote-marker"):
            return "Lbl"
        return original(tag)

    pdf_tag.tc_footnotes = True  # type: ignore[attr-defined]
    tags._get_pdf_tag = pdf_tag


def _index_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cost one tuple per page count, not one per call.

    pydyf 0.13 builds the tuple of every page's reference each time it is read, and WeasyPrint's tagger reads
    it for every structure element it writes: writing a 62-page chapter built 12,000 such tuples (about 0.4 s
    of CPU, growing with pages squared). The tuple is the same until a page is added, so it is kept with the
    page count it was built for."""
    import pydyf

    original = pydyf.PDF.page_references
    if getattr(original.fget, "tc_indexed", False):
        return

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_tc_page_references")
        if kept is None or kept[0] != len(kids):
            kept = (len(kids), original.fget(pdf))
            pdf.__dict__["_tc_page_references"] = kept
        return kept[1]

    page_references.tc_indexed = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


def complete_tags(pdf, name: str, top_heading: bool = False) -> None:
    """What WeasyPrint's tags leave out for PDF/UA-1, added to its structure tree before it is written:

    - ``Scope`` on every header cell (Column in a table's head, Row elsewhere; Matterhorn 15-003);
    - an ``ID`` on every Note (19-003), and every ID (the Notes', the header cells' that data cells name in
      ``Headers``) made unique across the parts of a merged book by the part's ``name``, with the IDTree the
      standard requires when elements have IDs (``export.merge`` joins the parts' trees);
    - with ``top_heading``, headings moved up so the first level is H1 (an article's PDF cut from its chapter,
      where it is an H2; 14-002: a document's headings start at H1 and skip no level)."""
    import pydyf

    objects = pdf.objects

    def get(reference):
        return objects[int(bytes(reference).split()[0])] if reference else None

    elements = [o for o in objects if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructElem"]
    renamed: dict[str, str] = {}
    notes = 0
    for element in elements:
        kind = element.get("S")
        if kind == "/TH":
            row = get(element.get("P"))
            section = get(row.get("P")) if row is not None else None
            scope = "/Column" if section is not None and section.get("S") == "/THead" else "/Row"
            element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
        elif kind == "/Note":
            notes += 1
            element["ID"] = pydyf.String(f"note-{notes}")
        if "ID" in element:
            old = element["ID"].string
            renamed[old] = new = f"{name}:{old}"
            element["ID"] = pydyf.String(new)
    for element in elements:
        headers = element.get("A", {}).get("Headers") if isinstance(element.get("A"), pydyf.Dictionary) else None
        if headers:
            element["A"]["Headers"] = pydyf.Array([pydyf.String(renamed.get(h.string, h.string)) for h in headers])
    if renamed:
        names = pydyf.Array()
        for element in sorted((e for e in elements if "ID" in e), key=lambda e: e["ID"].string):
            names.extend([element["ID"], element.reference])
        tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(tree)
        root = get(pdf.catalog.get("StructTreeRoot"))
        if root is not None:
            root["IDTree"] = tree.reference
    if top_heading:
        levels = [int(e["S"][2:]) for e in elements if str(e.get("S", "")).startswith("/H") and e["S"][2:].isdigit()]
        shift = min(levels) - 1 if levels else 0
        if shift > 0:
            for element in elements:
                kind = str(element.get("S", ""))
                if kind.startswith("/H") and kind[2:].isdigit():
                    element["S"] = f"/H{int(kind[2:]) - shift}"


# ---------------------------------------------------------------------------- many jobs, cached


class LayoutCache:
    """Finished jobs by key, on disk: one verified file per job (``load.cache``), and merged documents."""

    def __init__(self, folder: Path | None):
        # A folder someone else could write is not used (W084): a forged entry would be published as a PDF.
        self.refused = not_private(folder) if folder is not None else None
        self.folder = None if self.refused else folder
        self.write_error: str | None = None  # why the cache could not be written; nothing more is tried then

    def _entry(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.entry"

    def get(self, job: Job, key: str) -> JobResult | None:
        if self.folder is None:
            return None
        path = self._entry(key)
        found = read_entry(path, key)
        if found is None:
            return None
        info, parts = found
        names, pages, anchors = info.get("slices"), info.get("pages"), info.get("anchors")
        if not (isinstance(names, list) and all(isinstance(name, str) for name in names) and isinstance(pages, int) and len(parts) == 1 + len(names)
                and isinstance(anchors, dict) and all(isinstance(page, int) for page in anchors.values())):
            return None
        if job.slices and info.get("slice_key") != job.slice_key():
            return None  # laid out without these slices: lay out again, with them
        slices = dict(zip(names, parts[1:])) if job.slices else {}
        touch(path)
        return JobResult(job.name, parts[0], pages, anchors, slices, 0.0, cached=True)

    def put(self, key: str, result: JobResult, slice_key: str = "") -> None:
        if self.folder is None or self.write_error is not None:
            return
        names = sorted(result.slices)
        info = {"pages": result.pages, "anchors": result.anchors, "slices": names, "slice_key": slice_key}
        self._write(self._entry(key), pack_entry(key, info, [result.pdf, *(result.slices[name] for name in names)]))

    def get_merged(self, key: str) -> bytes | None:
        """A merged document (``export.pdf``) by the key of its pieces, verified like a job."""
        if self.folder is None:
            return None
        path = self.folder / "merged" / f"{key}.entry"
        found = read_entry(path, key)
        if found is None or len(found[1]) != 1:
            return None
        touch(path)
        return found[1][0]

    def put_merged(self, key: str, data: bytes) -> None:
        if self.folder is not None and self.write_error is None:
            self._write(self.folder / "merged" / f"{key}.entry", pack_entry(key, {}, [data]))

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomic(path, data)
        except OSError as exc:  # read-only, full: the build goes on without the cache
            self.write_error = exc.strerror or str(exc)

    def prune(self) -> None:
        if self.folder is not None and self.write_error is None:
            prune(self.folder, "*/*", _ENTRY_FILE, CACHE_MAX_BYTES)


@dataclasses.dataclass
class LayoutStats:
    laid_out: list[str] = dataclasses.field(default_factory=list)
    cached: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0  # wall time of the layout phase
    job_seconds: float = 0.0  # sum of the jobs' own wall times (more than wall time when parallel)
    job_cpu_seconds: float = 0.0  # sum of the jobs' CPU times: the layout work itself
    pages: int = 0
    cache_error: str | None = None  # why the layouts could not be kept (a read-only cache folder), for W074
    cache_refused: str | None = None  # why the layouts' folder was not used (someone else could write it), for W084


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
    stats.cache_error = stats.cache_error or cache.write_error
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
        _print_html()

        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
