"""One measured case, run in a fresh process so its peak memory is its own.

`python -m bench.runner CASE ROOT [SITE_DIR]` prints one JSON line: seconds and
``maxrss_mb`` (the process's peak resident set, from getrusage), plus what the case
counts. Cases: ``engine`` (load + check + render, no MkDocs; the first run, then the
best of two warm runs), ``mkdocs`` (a full build of ROOT/mkdocs.yml into SITE_DIR, HTML only),
``profile`` (that build with the plugin's hooks under cProfile: the plugin's share and its top entries),
``pdf`` (the PDF exports: the full commentary cold, the site's PDFs cold, cached and after
a note edit, and a three-article brief; in a copy of the project with a scratch layout cache).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _maxrss_mb() -> float:
    # Linux reports kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def engine(root: Path) -> dict:
    from commentary_build.check import check_project
    from commentary_build.load.project import load_project
    from commentary_build.render.site import build_site

    runs = []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        project = load_project(root)
        loaded = time.perf_counter()
        site = build_site(project, check_project(project))
        runs.append((time.perf_counter() - started, loaded - started, time.process_time() - cpu))
    warm = min(runs[1:])
    return {
        "first_seconds": runs[0][0],
        "first_cpu_seconds": runs[0][2],
        "seconds": warm[0],
        "cpu_seconds": min(run[2] for run in runs[1:]),
        "load_seconds": warm[1],
        "articles": sum(len(i.articles) for i in project.instruments.values()),
        "pages": len(site.pages),
        "problems": len(project.report.sorted()),
    }


def mkdocs(root: Path, site_dir: Path, profiler=None) -> dict:
    """A full build of ROOT/mkdocs.yml (HTML only). The plugin's hooks are timed (CPU), and with ``profiler``
    (a cProfile.Profile) profiled: the profiler runs only inside them (the engine, the open data, the page hooks),
    never in what MkDocs and Material do."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import functools
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started, cpu = time.perf_counter(), time.process_time()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    # The PDFs are timed on their own (case pdf); here only the HTML site is compared.
    plugin = config.plugins.get("treaty-commentary")
    if plugin is not None and "pdf" in plugin.config:
        plugin.config.pdf = False
    hooks_cpu: dict[str, float] = {}

    def timed(name, method):
        @functools.wraps(method)
        def run(*args, **kwargs):
            before = time.process_time()
            if profiler is not None:
                profiler.enable()
            try:
                return method(*args, **kwargs)
            finally:
                if profiler is not None:
                    profiler.disable()
                hooks_cpu[name] = hooks_cpu.get(name, 0.0) + time.process_time() - before
        return run

    if plugin is not None:
        for name, methods in config.plugins.events.items():
            methods[:] = [timed(name, method) if getattr(method, "__self__", None) is plugin else method for method in methods]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    # The site's search index: Pagefind's folder (the plugin's), or Material's one file (plain Material).
    pagefind = site_dir / "pagefind"
    material = site_dir / "search" / "search_index.json"
    if pagefind.is_dir():
        index_bytes = sum(path.stat().st_size for path in pagefind.rglob("*") if path.is_file())
    else:
        index_bytes = material.stat().st_size if material.exists() else 0
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "plugin_cpu_seconds": sum(hooks_cpu.values()), "hooks_cpu": hooks_cpu,
            "pages": pages, "search_index_bytes": index_bytes}


def profile(root: Path, site_dir: Path, top: int = 5, dump: Path | None = None) -> dict:
    """``mkdocs`` with the plugin's hooks under cProfile (the standard library's deterministic profiler, which
    about doubles the CPU time of what it profiles): the ``top`` functions by own time and by cumulative time below the hooks."""
    import cProfile
    import pstats

    # Timed by the process's CPU clock, so other work on the machine does not inflate what it finds.
    profiler = cProfile.Profile(time.process_time)
    result = mkdocs(root, site_dir, profiler)
    hooks = result["hooks_cpu"]
    stats = pstats.Stats(profiler)
    if dump is not None:  # for `python -m pstats` or snakeviz
        stats.dump_stats(dump)
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (calls, primitive, own, cumulative, callers)}

    def shown(key) -> str:
        path, line, name = key
        if path == "~":
            return name
        parts = Path(path).parts
        for anchor in ("commentary_build", "treaty_commentary_mkdocs", "site-packages"):
            if anchor in parts:
                parts = parts[parts.index(anchor) + (1 if anchor == "site-packages" else 0):]
                break
        return f"{'/'.join(parts)}:{line}({name})"

    def ranked(column: int, skip_hooks: bool) -> list[dict]:
        rows = sorted(entries.items(), key=lambda item: item[1][column], reverse=True)
        # A hook (on_config) or a part of one (_on_config, declared with MkDocs' CombinedEvent) is where the profile starts, not an entry.
        chosen = [(key, value) for key, value in rows if not (skip_hooks and "treaty_commentary_mkdocs" in key[0] and key[2].removeprefix("_").removeprefix("on_") in hooks)]
        return [{"function": shown(key), "calls": value[0], "own_seconds": value[2], "cumulative_seconds": value[3]} for key, value in chosen[:top]]

    return {**result, "top_own": ranked(2, False),
            "top_cumulative": ranked(3, True)}


def pdf(root: Path) -> dict:
    import shutil
    import tempfile

    from commentary_build.export.layout import LayoutStats
    from commentary_build.export.pdf import print_options, render_pdf, site_pdfs
    from commentary_build.export.selection import select_all, select_articles
    from commentary_build.pipeline import load_and_check

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as scratch_name:
        scratch = Path(scratch_name)
        copy = scratch / "project"
        for part in ("content", "commentary", "docs", "mkdocs.yml"):
            source = root / part
            if source.is_dir():
                shutil.copytree(source, copy / part)
            elif source.exists():
                shutil.copy2(source, copy / part)
        os.environ["TREATY_COMMENTARY_CACHE"] = str(scratch / "cache")  # layouts and comparisons, cold
        out: dict = {}
        project, analysis = load_and_check(copy)
        options = print_options(project)

        # The full commentary, nothing cached: what `commentary pdf` does on a fresh clone.
        started, cpu = time.perf_counter(), time.process_time()
        full = render_pdf(project, analysis, select_all(project), options)
        out["full_seconds"] = time.perf_counter() - started
        out["full_pages"] = full.pages
        out["full_bytes"] = len(full.data)
        out["full_font_programs"] = _font_programs(full.data)
        out["full_job_cpu_seconds"] = full.stats.job_cpu_seconds  # the layout work itself, summed over the workers
        out["full_parent_cpu_seconds"] = time.process_time() - cpu
        out["full_layout_wall_seconds"] = full.stats.seconds

        # What the site publishes (full, chapters, articles): the chapters again (now with article slices), then all cached.
        stats = LayoutStats()
        started = time.perf_counter()
        files = site_pdfs(project, analysis, options, stats=stats)
        out["site_seconds"] = time.perf_counter() - started
        out["site_files"] = len(files)
        out["site_laid_out"] = len(stats.laid_out)
        stats = LayoutStats()
        started = time.perf_counter()
        site_pdfs(project, analysis, options, stats=stats)
        out["cached_seconds"] = time.perf_counter() - started
        out["cached_laid_out"] = len(stats.laid_out)

        # A note edit: the engine runs again (as a build would), and only the chapter holding the note is laid out.
        note = copy / "commentary" / "uncc" / "art-40" / "user-notice.md"
        note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + " A sentence added by the benchmark.\n", encoding="utf-8")
        project, analysis = load_and_check(copy)
        stats = LayoutStats()
        started = time.perf_counter()
        site_pdfs(project, analysis, options, stats=stats)
        out["edit_seconds"] = time.perf_counter() - started
        out["edit_laid_out"] = sorted(stats.laid_out)

        # A three-article brief, laid out from scratch (no cache), after loading.
        started = time.perf_counter()
        brief = render_pdf(project, analysis, select_articles(project, ["40", "42", "43"]), options, cache=False)
        out["brief_seconds"] = time.perf_counter() - started
        out["brief_pages"] = brief.pages
    return out


def _font_programs(data: bytes) -> int:
    """How many font programs a PDF embeds (one per face when the merged parts share them)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        return len({obj[key].objgen for obj in document.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
                    for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in obj})


def main(argv: list[str]) -> int:
    case, root = argv[0], Path(argv[1])
    if case == "engine":
        result = engine(root)
    elif case == "mkdocs":
        result = mkdocs(root, Path(argv[2]))
    elif case == "profile":
        result = profile(root, Path(argv[2]), dump=Path(argv[3]) if len(argv) > 3 else None)
    elif case == "pdf":
        result = pdf(root)
    else:
        raise SystemExit(f"unknown case {case}")
    result["maxrss_mb"] = _maxrss_mb()
    print(json.dumps(result, allow_nan=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
