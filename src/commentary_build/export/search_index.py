"""The site's search index: Pagefind run once over the engine's search records, after the site is written.

Pagefind (``pagefind-bin-extended`` on PyPI, which ships its binary) splits the index into chunks by
word and keeps each record's words and metadata in a fragment of its own, so the browser fetches
only what a query needs: nothing before the reader opens search, then the chunk of the index
holding the query's words and the fragments of the results shown. Material's own search
downloads one file holding every word of the site on the first page view (0.6 MB here, 3.5 MB at
1,000 articles), before anyone searches.

The records (``render/search.py``) are written into a scratch folder with the generated and
hand-written pages that are indexed whole, and the binary indexes that folder into
``<site>/pagefind/``. The binary is run as a command, not through the package's Python API: that
API answers one message per 0.1 s poll, which took five minutes for 3,000 records.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..render.page import SearchInput

OUTPUT_FOLDER = "pagefind"
RECORDS_FOLDER = "_records"
# Pagefind's ready-made interfaces, which the site does not use (its search is assets/search.js): not published.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """The index could not be made; the message says why and what to do."""


@dataclass
class IndexStats:
    records: int
    pages: int
    files: int
    bytes: int
    seconds: float


def pagefind_binary() -> Path:
    """The Pagefind binary of the installed package (the extended one first), or an error saying what to install."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        try:
            from pagefind_bin import get_executable  # type: ignore[import-untyped, import-not-found, unused-ignore]
        except ImportError:
            raise SearchIndexError("Pagefind is not installed: pip install pagefind-bin-extended (requirements.txt pins it; make .venv/.installed installs it)") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind package has no binary for this machine ({error}); reinstall pagefind-bin-extended") from None


def write_search_index(site_dir: Path, search: SearchInput, whole_pages: Iterable[str]) -> IndexStats:
    """Index ``search``'s records and the built pages ``whole_pages`` (paths of HTML files under ``site_dir``) into ``site_dir/pagefind``."""
    started = time.perf_counter()
    binary = pagefind_binary()
    output = site_dir / OUTPUT_FOLDER
    pages = 0
    with tempfile.TemporaryDirectory(prefix="treaty-commentary-search-") as scratch_name:
        scratch = Path(scratch_name)
        for record in search.records:
            target = scratch / RECORDS_FOLDER / record.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record.html, encoding="utf-8")
        for page in whole_pages:
            source = site_dir / page
            if source.is_file():
                target = scratch / page
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                pages += 1
        if output.exists():
            shutil.rmtree(output)
        try:
            # One language for the whole index (the edition's), so every record is stemmed alike. Of the pages indexed
            # whole, the "¶" of Material's heading permalinks is no word, and a table's header row is left out: Pagefind
            # joins header cells without a space ("FieldTypeMeaning"), and a result quotes the rows, not the labels.
            command = [str(binary), "--site", str(scratch), "--output-path", str(output), "--force-language", search.language,
                       "--exclude-selectors", ".headerlink", "--exclude-selectors", "thead", "--quiet"]
            done = subprocess.run(command,
                                  capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise SearchIndexError(f"Pagefind did not finish indexing within {TIMEOUT_SECONDS} s") from None
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be run ({error})") from None
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): " + " / ".join(tail))
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    files = [path for path in output.rglob("*") if path.is_file()]
    return IndexStats(records=len(search.records), pages=pages, files=len(files), bytes=sum(path.stat().st_size for path in files),
                      seconds=time.perf_counter() - started)
