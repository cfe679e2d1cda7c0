"""Build caches never come from the checkout, are verified when read, and a broken cache never stops a build.

Issue 20, item 3: a pull request could `git add -f` a comparisons.json with other treaty wording,
or PDF layouts with other chapters, and the build published them. Caches now live in the user's
cache folder (the suite's own, set in conftest), a committed cache file is an error (C080), entries
are verified when read, and a cache that cannot be written is a warning (W074) the build goes past.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commentary_build.load import cache as caches
from commentary_build.load.cache import ComparisonStore, cache_root, pack_entry, read_entry, unpack_entry, write_atomic
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from commentary_build.transform.compare import ComparisonCache
from conftest import ROOT, TEST_CACHE, build_report, build_with_mkdocs, git

FORGED = "FORGEDWORDING"
# The command line in a process of its own (--cache-dir sets the environment of the process it runs in).
COMMAND = [sys.executable, "-c", "import sys; from commentary_build.cli import main; sys.exit(main())"]


def commit_everything(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "add", "-f", ".cache")  # what an attacker does: the folder is git-ignored
    git(root, "commit", "-q", "-m", "a pull request")


def forge_comparisons(folder: Path) -> None:
    """Every stored comparison rewritten to carry other wording, in the current format, as an attacker would write it."""
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, segments in data["entries"].items():
            data["entries"][key] = [[kind, text.replace("Party", FORGED).replace("shall", FORGED)] for kind, text in segments]
        path.write_text(json.dumps(data), encoding="utf-8")


def load_and_check_with(root: Path, cache_dir: Path):
    """The project loaded with ``cache_dir`` as its cache folder, as $TREATY_COMMENTARY_CACHE names it on a machine."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(caches.ENVIRONMENT_VARIABLE, str(cache_dir))
        return load_and_check(root)


def codes(project) -> list[str]:
    return [p.code for p in project.report.problems]


# ---------------------------------------------------------------------------- where the caches are


def test_the_suite_has_its_own_cache_and_the_default_is_the_users_cache_folder(monkeypatch, tmp_path):
    assert cache_root() == TEST_CACHE, "conftest gives the tests their own cache, never ~/.cache/treaty-commentary"
    assert cache_root(tmp_path / "configured") == TEST_CACHE, "the environment overrides the plugin's cache_dir"
    monkeypatch.delenv(caches.ENVIRONMENT_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "treaty-commentary"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/xdg")  # invalid under the XDG spec: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "treaty-commentary"
    assert cache_root(tmp_path / "configured") == tmp_path / "configured"
    monkeypatch.setenv(caches.PDF_ENVIRONMENT_VARIABLE, str(tmp_path / "pdf-only"))
    assert caches.pdf_cache_folder(tmp_path / "all") == tmp_path / "pdf-only", "the older variable still names the PDF layouts' folder"


def test_a_build_writes_no_cache_into_the_checkout(project_copy):
    project, analysis = load_and_check(project_copy)
    build_site(project, analysis)
    assert project.cache_dir == TEST_CACHE
    assert not (project_copy / ".cache").exists()
    assert list((TEST_CACHE / "comparisons").glob("*.json")), "the comparisons were kept in the cache folder"


# ---------------------------------------------------------------------------- forged caches in a pull request


def test_a_committed_comparisons_cache_is_reported_and_not_used(project_copy):
    # The attacker's files: the old location the engine read (comparisons.json) and the current format.
    in_checkout = project_copy / ".cache" / "treaty-commentary"
    project, analysis = load_and_check_with(project_copy, in_checkout)
    build_site(project, analysis)
    forge_comparisons(in_checkout / "comparisons")
    (in_checkout / "comparisons.json").write_text(json.dumps({"version": "any", "entries": {"k": [["ins", FORGED]]}}), encoding="utf-8")
    commit_everything(project_copy)

    project, analysis = load_and_check(project_copy)
    site = build_site(project, analysis)
    assert not any(FORGED in page.markdown for page in site.pages), "nothing from the checkout's cache reached a page"
    tracked = {p.location.path for p in project.report.problems if p.code == d.CACHE_TRACKED}
    assert ".cache/treaty-commentary/comparisons.json" in tracked and len(tracked) >= 2
    assert all(p.severity == "error" for p in project.report.problems if p.code == d.CACHE_TRACKED)

    # Even when the cache folder is configured inside the checkout, committed files there are not read.
    project, analysis = load_and_check_with(project_copy, in_checkout)
    assert project.cache_dir is None, "a configured cache folder holding committed files is not used"
    site = build_site(project, analysis)
    assert not any(FORGED in page.markdown for page in site.pages)


def test_a_forged_comparison_in_the_cache_folder_cannot_change_wording(project_copy, tmp_path):
    # Whoever could write the cache folder, a stored comparison is used only if it spells both texts.
    project, analysis = load_and_check_with(project_copy, tmp_path / "cache")
    honest = {page.src_uri: page.markdown for page in build_site(project, analysis).pages}
    forge_comparisons(tmp_path / "cache" / "comparisons")
    project, analysis = load_and_check_with(project_copy, tmp_path / "cache")
    site = build_site(project, analysis)
    assert {page.src_uri: page.markdown for page in site.pages} == honest
    stored = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "cache" / "comparisons").glob("*.json"))
    assert FORGED not in stored, "the rejected entries were compared again and written back"


def _same_words_marked_changed(folder: Path) -> None:
    """Every stored comparison rewritten so that it still spells both texts (it passes the check of what is read) but
    shows each unchanged run as deleted and inserted again: what only someone who can write the folder could do."""
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, segments in data["entries"].items():
            data["entries"][key] = [part for kind, text in segments for part in ([["del", text], ["ins", text]] if kind == "same" else [[kind, text]])]
        path.write_text(json.dumps(data), encoding="utf-8")


def test_a_comparisons_folder_others_can_write_is_neither_read_nor_written(project_copy, tmp_path):
    if not hasattr(os, "getuid"):
        pytest.skip("no POSIX file owners here")
    cache = tmp_path / "cache"
    project, analysis = load_and_check_with(project_copy, cache)
    honest = {page.src_uri: page.markdown for page in build_site(project, analysis).pages}
    folder = cache / "comparisons"
    _same_words_marked_changed(folder)
    forged = {path.name: path.read_bytes() for path in folder.glob("*.json")}
    project, analysis = load_and_check_with(project_copy, cache)
    assert {page.src_uri: page.markdown for page in build_site(project, analysis).pages} != honest, "in the user's own folder the entries are used"
    folder.chmod(0o777)
    try:
        project, analysis = load_and_check_with(project_copy, cache)
        assert {page.src_uri: page.markdown for page in build_site(project, analysis).pages} == honest
        warnings = [p for p in project.report.problems if p.code == d.CACHE_NOT_PRIVATE]
        assert len(warnings) == 1 and "comparisons" in warnings[0].message and "can be written by other users" in warnings[0].message
        assert {path.name: path.read_bytes() for path in folder.glob("*.json")} == forged, "nothing was written into that folder either"
    finally:
        folder.chmod(0o700)


def test_a_pdf_layouts_folder_others_can_write_is_neither_read_nor_written(tmp_path):
    if not hasattr(os, "getuid"):
        pytest.skip("no POSIX file owners here")
    pytest.importorskip("weasyprint")
    from commentary_build.export.layout import Job, LayoutCache, LayoutStats, run_jobs
    from commentary_build.export.pdf import layout_cache_problems

    folder = tmp_path / "pdf"
    job = Job("one", '<html lang="en"><head><title>t</title></head><body><h1 id="a">Honest</h1></body></html>', "")
    honest = run_jobs([job], LayoutCache(folder), workers=1)["one"].pdf
    (entry,) = folder.glob("*/*.entry")
    info, parts = unpack_entry(entry.read_bytes(), entry.stem)
    forged = pack_entry(entry.stem, {key: value for key, value in info.items() if key not in ("key", "parts")}, [b"%PDF-1.7 " + FORGED.encode()])
    entry.write_bytes(forged)
    assert run_jobs([job], LayoutCache(folder), workers=1)["one"].pdf != honest, "in the user's own folder the entry is used"
    folder.chmod(0o777)
    try:
        stats = LayoutStats()
        cache = LayoutCache(folder)
        assert run_jobs([job], cache, workers=1, stats=stats)["one"].pdf.startswith(b"%PDF") and stats.laid_out == ["one"]
        assert cache.refused and "can be written by other users" in cache.refused
        assert entry.read_bytes() == forged and len(list(folder.glob("*/*.entry"))) == 1, "nothing was written into that folder either"
        stats.cache_refused = cache.refused
        (problem,) = layout_cache_problems("the layouts", stats, tmp_path)
        assert problem.code == d.CACHE_NOT_PRIVATE and not problem.fails_strict
    finally:
        folder.chmod(0o700)


def test_committed_pdf_layouts_are_reported_and_not_used(project_copy):
    pytest.importorskip("weasyprint")
    from commentary_build.export.pdf import print_options, render_pdf
    from commentary_build.export.selection import select_articles

    in_checkout = project_copy / ".cache" / "treaty-commentary"
    project, analysis = load_and_check_with(project_copy, in_checkout)
    options = print_options(project)
    honest = render_pdf(project, analysis, select_articles(project, ["1"]), options).data
    forged_pdf = render_pdf(project, analysis, select_articles(project, ["2"]), options, cache=False).data
    # Every layout entry replaced by another article's pages, with valid digests: the attacker can compute them too.
    entries = list((in_checkout / "pdf").glob("*/*.entry"))
    assert entries
    for path in entries:
        key = path.stem
        found = read_entry(path, key)
        assert found is not None
        info, parts = found
        path.write_bytes(pack_entry(key, {**info, "slices": []}, [forged_pdf]))
    commit_everything(project_copy)

    assert "Statement of purpose" in pdf_text(honest) and "Use of terms" in pdf_text(forged_pdf)
    project, analysis = load_and_check(project_copy)
    assert d.CACHE_TRACKED in codes(project)
    text = pdf_text(render_pdf(project, analysis, select_articles(project, ["1"]), print_options(project)).data)
    assert "Statement of purpose" in text and "Use of terms" not in text, "the committed layouts were not used"
    project, analysis = load_and_check_with(project_copy, in_checkout)
    assert d.CACHE_TRACKED in codes(project) and project.cache_dir is None, "nor would they be from a cache folder configured there"


def pdf_text(data: bytes) -> str:
    from io import BytesIO

    pypdf = pytest.importorskip("pypdf")
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(BytesIO(data)).pages)


def test_a_tracked_file_under_any_cache_folder_is_an_error_naming_it(project_copy):
    for path in ("x/.cache/left.json", ".pytest_cache/d/treaty-commentary/pdf/ab/ab.entry"):
        (project_copy / path).parent.mkdir(parents=True, exist_ok=True)
        (project_copy / path).write_text("{}", encoding="utf-8")
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "add", "-A")
    git(project_copy, "add", "-f", "x/.cache", ".pytest_cache")
    git(project_copy, "commit", "-q", "-m", "caches")
    done = subprocess.run(COMMAND + ["--root", str(project_copy), "check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "x/.cache/left.json: error[C080]" in done.stdout
    assert ".pytest_cache/d/treaty-commentary/pdf/ab/ab.entry: error[C080]" in done.stdout


def test_the_shipped_project_commits_no_cache():
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    assert not [p for p in listed.stdout.splitlines() if any(part in caches.CACHE_FOLDER_NAMES for part in p.split("/"))]


# ---------------------------------------------------------------------------- a cache that cannot be written


def unwritable(tmp_path: Path) -> Path:
    """A cache folder no build can write: a file stands where it should be (root ignores permissions, a file it cannot)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    return blocker


def test_a_cache_that_cannot_be_written_is_a_warning_and_the_build_goes_on(project_copy, tmp_path):
    project, analysis = load_and_check_with(project_copy, unwritable(tmp_path))
    site = build_site(project, analysis)
    assert site.pages
    warning = [p for p in project.report.problems if p.code == d.CACHE_UNWRITABLE]
    assert len(warning) == 1 and warning[0].severity == "warning" and not warning[0].fails_strict
    assert "cannot be written" in warning[0].message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_is_a_warning(project_copy, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        project, analysis = load_and_check_with(project_copy, folder)
        build_site(project, analysis)
        assert d.CACHE_UNWRITABLE in codes(project)
    finally:
        folder.chmod(0o700)


def test_a_strict_mkdocs_build_succeeds_with_a_cache_it_cannot_write(project_copy, tmp_path, monkeypatch):
    monkeypatch.delenv(caches.ENVIRONMENT_VARIABLE)  # else it overrides the plugin's cache_dir, as on any machine
    blocker = unwritable(tmp_path)
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("report_json: build/report.json", f"report_json: build/report.json\n      cache_dir: {blocker}"), encoding="utf-8")
    site = tmp_path / "site"
    build_with_mkdocs(project_copy, site, strict=True)
    report = build_report(site)
    assert d.CACHE_UNWRITABLE in [p["code"] for p in report["problems"]]
    assert (site / "uncc" / "art-40" / "index.html").is_file()


def test_pdf_export_with_a_cache_it_cannot_write_warns_and_writes_the_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    output = tmp_path / "brief.pdf"
    done = subprocess.run(COMMAND + ["--root", str(ROOT), "--cache-dir", str(unwritable(tmp_path)),
                           "pdf", "--articles", "1", "-o", str(output)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert output.read_bytes().startswith(b"%PDF")
    assert "warning[W074]" in done.stderr


# ---------------------------------------------------------------------------- entries: verified, atomic


def test_a_layout_entry_that_is_cut_short_altered_or_for_another_key_is_laid_out_again(tmp_path):
    pytest.importorskip("weasyprint")
    from commentary_build.export.layout import Job, LayoutCache, LayoutStats, run_jobs

    job = Job("one", '<html lang="en"><head><title>t</title></head><body><h1 id="a">Honest</h1></body></html>', "")
    cache = LayoutCache(tmp_path)
    honest = run_jobs([job], cache, workers=1)["one"].pdf
    (entry,) = tmp_path.glob("*/*.entry")
    whole = entry.read_bytes()
    other_key = "0" * 64
    for broken in (whole[: len(whole) // 2], whole[:-1] + bytes([whole[-1] ^ 1]), whole.replace(entry.stem.encode(), other_key.encode()), b"", b"\0" * 100):
        entry.write_bytes(broken)
        stats = LayoutStats()
        assert run_jobs([job], LayoutCache(tmp_path), workers=1, stats=stats)["one"].pdf == honest
        assert stats.laid_out == ["one"], "the broken entry was not used"
        assert entry.read_bytes() == whole, "and it was written again"


def _writer(path: str, payload_byte: int, rounds: int) -> None:
    key = "k" * 64
    for n in range(rounds):
        write_atomic(Path(path), pack_entry(key, {"n": n}, [bytes([payload_byte]) * 2_000_000, bytes([payload_byte]) * 10]))


def test_concurrent_writers_never_leave_a_reader_half_an_entry(tmp_path):
    # Several worktrees and both xdist workers share one cache: a reader sees a whole entry or none.
    path = tmp_path / "shared.entry"
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    writers = [context.Process(target=_writer, args=(str(path), byte, 15)) for byte in (1, 2)]
    for writer in writers:
        writer.start()
    seen = 0
    while any(writer.is_alive() for writer in writers):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        found = unpack_entry(data, "k" * 64)
        assert found is not None, "a reader met a half-written entry"
        assert len(set(found[1][0])) == 1
        seen += 1
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert seen and not [p for p in tmp_path.iterdir() if p.name != "shared.entry"], "no temporary file is left behind"


def test_a_comparison_store_that_cannot_be_written_says_why(tmp_path):
    store = ComparisonStore(unwritable(tmp_path) / "comparisons")
    cache = ComparisonCache(store.load("x.json"))
    cache.compare("a b", "a c")
    store.save("x.json", cache.merged())
    assert store.error
