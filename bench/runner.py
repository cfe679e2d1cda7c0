"""One measured case, run in a fresh process so its peak memory is its own.

`python -m bench.runner CASE ROOT [SITE_DIR]` prints one JSON line: seconds and
``maxrss_mb`` (the process's peak resident set, from getrusage), plus what the case
counts. Cases: ``engine`` (load + check + render, no MkDocs; the first run, then the
best of two warm runs), ``mkdocs`` (a full build of ROOT/mkdocs.yml into SITE_DIR, HTML only),
``pdf`` (the full commentary as PDF).
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
        started = time.perf_counter()
        project = load_project(root)
        loaded = time.perf_counter()
        site = build_site(project, check_project(project))
        runs.append((time.perf_counter() - started, loaded - started))
    warm = min(runs[1:])
    return {
        "first_seconds": runs[0][0],
        "seconds": warm[0],
        "load_seconds": warm[1],
        "articles": sum(len(i.articles) for i in project.instruments.values()),
        "pages": len(site.pages),
        "problems": len(project.report.sorted()),
    }


def mkdocs(root: Path, site_dir: Path) -> dict:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    # The PDFs are timed on their own (case pdf); here only the HTML site is compared.
    plugin = config.plugins.get("treaty-commentary")
    if plugin is not None and "pdf" in plugin.config:
        plugin.config.pdf = False
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    seconds = time.perf_counter() - started
    index = site_dir / "search" / "search_index.json"
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return {"seconds": seconds, "pages": pages, "search_index_bytes": index.stat().st_size if index.exists() else 0}


def pdf(root: Path) -> dict:
    from commentary_build.export.pdf import print_options, render_pdf
    from commentary_build.export.selection import select_all
    from commentary_build.pipeline import load_and_check

    started = time.perf_counter()
    project, analysis = load_and_check(root)
    result = render_pdf(project, analysis, select_all(project), print_options(root))
    return {"seconds": time.perf_counter() - started, "pdf_pages": result.pages, "pdf_bytes": len(result.data)}


def main(argv: list[str]) -> int:
    case, root = argv[0], Path(argv[1])
    if case == "engine":
        result = engine(root)
    elif case == "mkdocs":
        result = mkdocs(root, Path(argv[2]))
    elif case == "pdf":
        result = pdf(root)
    else:
        raise SystemExit(f"unknown case {case}")
    result["maxrss_mb"] = _maxrss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
