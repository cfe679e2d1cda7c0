"""Two builds of the same inputs give byte-identical sites; the build date is the commit's."""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from commentary_build.load.git import read_git_log
from commentary_build.load.revision import pin_source_date_epoch, revision_from
from conftest import ROOT


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


BUILD_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/tests")
from conftest import ROOT, build_with_mkdocs
build_with_mkdocs(ROOT, Path(sys.argv[2]), strict=True)
"""


def test_two_builds_are_byte_identical(tmp_path):
    # Two processes with different hash seeds, so an ordering that depends on string hashes
    # (sets, or dicts filled from them) shows up as a difference. The PDFs are left out here
    # (they take a minute; see test_pdf_is_byte_identical_across_processes).
    sites = [tmp_path / "first", tmp_path / "second"]
    builds = [
        subprocess.Popen([sys.executable, "-c", BUILD_SCRIPT, str(ROOT), str(site)],
                         env={**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}, stderr=subprocess.PIPE)
        for site, seed in zip(sites, ("1", "12345"))
    ]
    for build in builds:
        _, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors.decode()
    first_files, second_files = _files(sites[0]), _files(sites[1])
    assert len(first_files) > 100
    # Pagefind writes its filter indexes from a Rust hash map, in an order of its own on each run (Pagefind issue 638:
    # its fragments and word index are stable since 1.3, its filter and metadata files are not), and names them, the
    # metadata file and the entry file that names both by hashes of that order. They are the same in number; every
    # other file of the index, a record's words and the chunks of the word index, is byte-identical.
    counts = []
    for files in (first_files, second_files):
        unordered = [name for name in files if _pagefind_unordered(name)]
        counts.append(len(unordered))
        for name in unordered:
            del files[name]
    assert counts[0] == counts[1] > 1
    assert any(name.startswith("pagefind/fragment/") for name in first_files)
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == []


def _pagefind_unordered(name: str) -> bool:
    return name.startswith("pagefind/filter/") or (name.startswith("pagefind/pagefind.") and name.endswith(".pf_meta")) \
        or name == "pagefind/pagefind-entry.json"


def test_sitemap_is_stamped_with_the_commit_date_not_the_clock(built_site):
    # The day the session's build carried: its commit's (conftest unsets SOURCE_DATE_EPOCH around every test,
    # so it is worked out again here rather than read from what the build pinned).
    epoch = revision_from(read_git_log(ROOT)).epoch
    if epoch is None:
        pytest.skip("not a git checkout: the clock is the only date")
    stamp = struct.unpack("<I", (built_site / "sitemap.xml.gz").read_bytes()[4:8])[0]
    day = datetime.fromtimestamp(int(epoch), UTC).date()
    assert datetime.fromtimestamp(stamp, UTC).date() == day
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_source_date_epoch_defaults_to_the_commit_and_respects_the_caller(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    log = read_git_log(ROOT)
    if log.head_time is None:
        pytest.skip("not a git checkout")
    expected = int(log.head_time.timestamp())
    committed = (subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True).stdout or "").strip()
    assert str(expected) == committed
    assert pin_source_date_epoch(revision_from(log)) == str(expected)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735000000")
    revision = revision_from(log)
    assert revision.date == datetime(2024, 12, 24, 0, 26, 40, tzinfo=UTC) and revision.version_label == "Version of 24 December 2024"
    assert pin_source_date_epoch(revision_from(log)) == "1735000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    outside = revision_from(read_git_log(tmp_path))
    assert outside.commit is None and outside.date is None and outside.epoch is None
    assert pin_source_date_epoch(outside) is None
    # A value beyond what a date can hold is as if unset, never a traceback.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 30)
    assert revision_from(log).date == log.head_time


PDF_SCRIPT = """
import sys
from pathlib import Path
from commentary_build.pipeline import load_and_check
from commentary_build.export import pdf
from commentary_build.export.selection import select_articles

project, analysis = load_and_check(Path(sys.argv[1]))
# cache=False: the second process must lay out again, not read the first one's result.
sys.stdout.buffer.write(pdf.render_pdf(project, analysis, select_articles(project, ["40"]), pdf.print_options(project), cache=False).data)
"""


def test_pdf_is_byte_identical_across_processes(tmp_path):
    pytest.importorskip("commentary_build.export.pdf", reason="no PDF export in this checkout")
    # Article 40 (text, notes, redlines, footnotes) stands in for the full PDF, which takes
    # twenty seconds to lay out; the cover's date comes from SOURCE_DATE_EPOCH and its
    # revision from HEAD, so both are pinned for the two runs.
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1735000000"}
        outputs.append(subprocess.run([sys.executable, "-c", PDF_SCRIPT, str(ROOT)], env=env, capture_output=True,
                                      check=True, timeout=300).stdout)
    assert outputs[0].startswith(b"%PDF")
    assert outputs[0] == outputs[1]
    assert b"/CreationDate" not in outputs[0] and b"/ModDate" not in outputs[0]


def test_merged_pdf_is_byte_identical(tmp_path):
    # The full commentary is merged from parts laid out in parallel: the merge must not add
    # anything that varies (ids, dates, object order).
    pytest.importorskip("pikepdf")
    from commentary_build.export.layout import Job, LayoutCache, PageLabels, run_jobs
    from commentary_build.export.merge import Piece, merge

    html = '<html lang="en"><head><title>t</title></head><body><h1 id="a">A</h1><p><a href="tc-part:b">to B</a></p></body></html>'
    other = '<html lang="en"><head><title>t</title></head><body><h1 id="b">B</h1><p><a href="tc-part:a">to A</a></p></body></html>'
    results = run_jobs([Job("a", html, str(tmp_path)), Job("b", other, str(tmp_path))], LayoutCache(None), workers=2)
    pieces = [Piece(results["a"].pdf, PageLabels("A-")), Piece(results["b"].pdf, PageLabels("B-"))]
    first, second = merge(pieces, title="T", author="X"), merge(pieces, title="T", author="X")
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first
