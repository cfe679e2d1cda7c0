"""`python -m bench` (`make bench`): the performance table of issue 7, as Markdown.

Per case (the shipped project, then synthetic corpora at multiples of it): the engine
alone per article, `commentary check`, MkDocs with the plugin against plain Material
building the same pages (alternating, median of pairs), cost per page, peak memory
and search index size (Pagefind's pagefind/ folder); then the PDF export, the preview (serve) round trip and
what search downloads (bench/search_bench.py, also alone with --search).
Every measurement runs in its own process; nothing in the working tree is written.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .corpus import ARTICLES_AT_1X, REPO_ROOT, write_corpus
from .plain import write_plain_project

ARTICLES_FOR_PER_PAGE_TARGET = 1000
MKDOCS_MAX_SCALE = 10  # beyond this MkDocs takes minutes per build on 2 cores; the engine alone is measured


@dataclass
class Case:
    name: str
    root: Path
    pairs: int  # plugin/plain build pairs; 0 = engine only
    engine: dict = field(default_factory=dict)
    check_seconds: float | None = None
    check_cpu_seconds: float | None = None
    plugin: list[dict] = field(default_factory=list)
    plain: list[dict] = field(default_factory=list)
    profile: dict | None = None  # the plugin's hooks under cProfile (bench.runner profile)
    scale: float | None = None  # multiple of the shipped content; None for the shipped project


def _run(*args: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "bench.runner", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.runner {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check_seconds(root: Path) -> tuple[float, float]:
    """Wall and CPU time of the `commentary check` command, interpreter start included, as a contributor sees it."""
    command = Path(sys.executable).with_name("commentary")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(command), "--root", str(root), "check"], capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(case: Case, scratch: Path, profile: bool = False) -> None:
    print(f"… {case.name}: engine", file=sys.stderr, flush=True)
    case.engine = _run("engine", str(case.root))
    case.check_seconds, case.check_cpu_seconds = _check_seconds(case.root)
    if not case.pairs:
        return
    if profile:
        print(f"… {case.name}: profile of the plugin's hooks", file=sys.stderr, flush=True)
        case.profile = _run("profile", str(case.root), str(scratch / f"{case.name}-profile-site"))
    plain_root = scratch / f"{case.name}-plain"
    write_plain_project(case.root, plain_root)
    for number in range(case.pairs):
        print(f"… {case.name}: build pair {number + 1}/{case.pairs}", file=sys.stderr, flush=True)
        # Alternate, so a machine that slows down or warms up affects both sides alike.
        case.plain.append(_run("mkdocs", str(plain_root), str(scratch / f"{case.name}-plain-site")))
        case.plugin.append(_run("mkdocs", str(case.root), str(scratch / f"{case.name}-site")))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f} s"


def table(cases: list[Case]) -> str:
    lines = [
        "| Case | Articles | Pages | Engine (load + check + render) | Engine per article | `commentary check` | Plain Material | With plugin | Plugin overhead | Per page (plugin build) | Peak RSS engine / build | Search index (on disk) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        engine = case.engine
        articles = engine["articles"]
        row = [case.name, str(articles), str(engine["pages"]), _s(engine["seconds"]), _ms(engine["seconds"] / articles), _s(case.check_seconds)]
        if case.plugin:
            plain = statistics.median(r["seconds"] for r in case.plain)
            plugin = statistics.median(r["seconds"] for r in case.plugin)
            overhead = _overhead(case)
            pages = case.plugin[0]["pages"]
            row += [
                _s(plain),
                _s(plugin),
                f"{overhead:+.0%} (CPU {_overhead(case, 'cpu_seconds'):+.0%}; median of {len(case.plugin)} pair{'s' if len(case.plugin) != 1 else ''})",
                _ms(plugin / pages),
                f"{engine['maxrss_mb']:.0f} / {max(r['maxrss_mb'] for r in case.plugin):.0f} MB",
                f"{case.plugin[0]['search_index_bytes'] / 1e6:.2f} MB",
            ]
        else:
            row += ["not run", "not run", "—", "—", f"{engine['maxrss_mb']:.0f} MB / not run", "—"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _overhead(case: Case, measure: str = "seconds") -> float:
    """What the plugin adds to plain Material building the same pages: the median over the pairs of plugin / plain - 1.
    By wall time, or by the build process's CPU time (``cpu_seconds``), which other work on a shared machine does not inflate."""
    return statistics.median(p[measure] / q[measure] - 1 for p, q in zip(case.plugin, case.plain))


def targets(cases: list[Case], serve: list | None) -> str:
    """The table of issue 26: each figure, its target and what this run measured (— where the case was not run)."""
    by_name = {case.name: case for case in cases}
    shipped = by_name.get("shipped project")
    thousand = by_name.get(f"synthetic {ARTICLES_FOR_PER_PAGE_TARGET} articles")
    rows = []
    for result in serve or []:
        cpu = f"; server CPU {result.note_cpu_median:.2f} s" if result.note_cpu_median is not None else ""
        if result.note_main_cpu_median is not None:
            cpu += f", its main thread {result.note_main_cpu_median:.2f} s"
        rows.append((f"preview, `serve {result.mode}`: note saved → page served", "≤ 0.5 s",
                     f"{result.note_median:.2f} s (median of {len(result.note_edits)}{cpu})"))
    if shipped:
        engine = shipped.engine
        rows.append(("engine (load + check + render) per article, shipped project", "≤ 2 ms",
                     f"{engine['seconds'] / engine['articles'] * 1000:.2f} ms (CPU {engine.get('cpu_seconds', engine['seconds']) / engine['articles'] * 1000:.2f} ms)"))
    measured = [case for case in cases if case.plugin]
    if measured:
        rows.append(("plugin overhead over plain Material, same pages", "≤ 10%",
                     ", ".join(f"{_overhead(case):+.0%} {_short(case)} (CPU {_overhead(case, 'cpu_seconds'):+.0%})" for case in measured)))
    if thousand and thousand.plugin:
        plugin = statistics.median(r["seconds"] for r in thousand.plugin)
        cpu = statistics.median(r["cpu_seconds"] for r in thousand.plugin)
        rows.append((f"per page through MkDocs at {ARTICLES_FOR_PER_PAGE_TARGET} articles", "≤ 7 ms",
                     f"{plugin / thousand.plugin[0]['pages'] * 1000:.1f} ms (CPU {cpu / thousand.plugin[0]['pages'] * 1000:.1f} ms)"))
    checked = [case for case in (shipped, thousand) if case and case.check_seconds is not None]
    if checked:
        rows.append(("`commentary check`, " + " / ".join(_short(case) for case in checked), "< 1 s", " / ".join(_s(case.check_seconds) for case in checked)
                     + " (CPU " + " / ".join(_s(case.check_cpu_seconds) for case in checked) + ")"))
    shares = [case for case in cases if case.plugin and "plugin_cpu_seconds" in case.plugin[0]]
    if shares:
        rows.append(("the plugin's hooks (engine, open data, page hooks), CPU share of the build", "—",
                     ", ".join(f"{statistics.median(r['plugin_cpu_seconds'] for r in case.plugin):.2f} s of "
                               f"{statistics.median(r['cpu_seconds'] for r in case.plugin):.2f} s {_short(case)}" for case in shares)))
    lines = ["| figure | target | now |", "|---|---|---|", *(f"| {figure} | {target} | {now} |" for figure, target, now in rows)]
    for case in cases:
        if case.profile:
            lines.append("")
            lines.append(f"Profile (cProfile, the plugin's hooks only, {_short(case)}): {case.profile['plugin_cpu_seconds']:.2f} s CPU in the hooks under the "
                         f"profiler ({', '.join(f'{name} {seconds:.2f} s' for name, seconds in sorted(case.profile['hooks_cpu'].items(), key=lambda item: -item[1]) if seconds >= 0.005)}); "
                         "top five below the hooks by cumulative time:")
            lines += [f"{n}. `{entry['function']}`: {entry['cumulative_seconds']:.2f} s ({entry['calls']} calls, {entry['own_seconds']:.2f} s own)"
                      for n, entry in enumerate(case.profile["top_cumulative"], 1)]
            lines.append("and by own time: " + "; ".join(f"`{entry['function']}` {entry['own_seconds']:.2f} s ({entry['calls']} calls)"
                                                      for entry in case.profile["top_own"]) + ".")
    return "\n".join(lines)


def _short(case: Case) -> str:
    if case.scale is None:
        return "shipped"
    if case.name.endswith("articles"):
        return case.name.removeprefix("synthetic ")
    return f"{case.scale:g}×"


def machine() -> str:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material"))
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({platform.machine()}, {platform.system()}), Python {platform.python_version()}, {versions}; load average {load:.1f} when the run ended"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shipped content and 1x only, 3 build pairs, no 1000-article case")
    parser.add_argument("--scales", default="1,10,100", help="multiples of the shipped content (default 1,10,100); MkDocs runs up to 10x")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview (mkdocs serve) round trip")
    parser.add_argument("--worst", action="store_true", help="only the worst contributor inputs at the size limit (bench/worst_inputs.py)")
    parser.add_argument("--pdf", action="store_true", help="only the PDF exports (cold, cached, note edit, brief)")
    parser.add_argument("--search", action="store_true", help="only search: index size and bytes a reader downloads, Pagefind against Material (bench/search_bench.py)")
    parser.add_argument("--cases", help="only these cases, comma-separated: shipped, 1x, 10x, 100x (any multiple), 1000 (articles); "
                        "e.g. --cases shipped,1x,1000 --no-pdf for the figures of the issue-26 table without the long ones")
    parser.add_argument("--pairs", type=int, help="build pairs per case where MkDocs runs (default: 3 shipped, 5 at 1x, 2 at 10x, 1 at 1000 articles)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF exports")
    args = parser.parse_args(argv)
    if args.worst:
        from .worst_inputs import run

        return run()
    if args.search:
        from .search_bench import run as run_search

        return run_search()
    if args.pdf:
        print(_pdf_line())
        print(f"Machine: {machine()}.")
        return 0
    scales = [1.0] if args.quick else [float(s) for s in args.scales.split(",") if s.strip()]
    first_pairs = 3 if args.quick else 5
    with_shipped, with_thousand = True, not args.quick and max(scales) >= ARTICLES_FOR_PER_PAGE_TARGET / ARTICLES_AT_1X
    if args.cases:
        chosen = [name.strip() for name in args.cases.split(",") if name.strip()]
        with_shipped, with_thousand = "shipped" in chosen, str(ARTICLES_FOR_PER_PAGE_TARGET) in chosen
        scales = [float(name.removesuffix("x").removesuffix("×")) for name in chosen if name.endswith(("x", "×"))]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch_name:
        scratch = Path(scratch_name)
        cases = [Case("shipped project", REPO_ROOT, pairs=args.pairs or (1 if args.quick else 3))] if with_shipped else []
        for scale in scales:
            pairs = first_pairs if scale <= 1 else (2 if scale <= MKDOCS_MAX_SCALE else 0)
            corpus = write_corpus(scratch / f"x{scale:g}", scale)
            cases.append(Case(f"synthetic {scale:g}×", corpus.root, min(pairs, args.pairs) if args.pairs and pairs else pairs, scale=scale))
        if with_thousand:
            scale = ARTICLES_FOR_PER_PAGE_TARGET / ARTICLES_AT_1X
            corpus = write_corpus(scratch / "x1000", scale)
            position = len(cases) - 1 if scales and max(scales) > MKDOCS_MAX_SCALE else len(cases)
            cases.insert(position, Case(f"synthetic {ARTICLES_FOR_PER_PAGE_TARGET} articles", corpus.root, args.pairs or 1, scale=scale))
        for case in cases:
            # The plugin's profile where the issue asks for it: at 1× and at 1000 articles.
            measure(case, scratch, profile=case.scale is not None and (case.scale == 1 or case.name.endswith("articles")))
        pdf_line = "" if args.no_pdf else _pdf_line()
        serve = None if args.no_serve else _serve(edits=3 if args.quick else 5)
    print(table(cases))
    print()
    if pdf_line:
        print(pdf_line)
    if serve:
        print(_serve_line(serve))
    print()
    print(targets(cases, serve))
    print()
    if not args.quick and not args.cases:
        from .search_bench import run as run_search

        run_search()
        print()
    if args.pairs:
        print(f"Build pairs: at most {args.pairs} per case; MkDocs is not run above {MKDOCS_MAX_SCALE}×.")
    else:
        print(f"Build pairs: {1 if args.quick else 3} for the shipped project, {first_pairs} at 1×, 2 at 10×, 1 at {ARTICLES_FOR_PER_PAGE_TARGET} articles; "
              f"MkDocs is not run above {MKDOCS_MAX_SCALE}×.")
    print(f"Machine: {machine()}. Bench took {time.perf_counter() - started:.0f} s.")
    print("Targets (issue 26, with issue 7's peak memory linear in content) are in the table above; CPU figures are the build process's own, "
          "which other work on a shared machine does not inflate.")
    return 0


def _pdf_line() -> str:
    try:
        import commentary_build.export.pdf  # noqa: F401  (written by another change; absent in older checkouts)
    except ImportError:
        return "PDF export: not available in this checkout."
    print("… PDF exports of the shipped project", file=sys.stderr, flush=True)
    r = _run("pdf", str(REPO_ROOT))
    print("… the brief from the command line", file=sys.stderr, flush=True)
    brief_cli = _brief_command_seconds()
    per_page = r["full_seconds"] / r["full_pages"] * 1000
    cpu_per_page = (r["full_job_cpu_seconds"] + r["full_parent_cpu_seconds"]) / r["full_pages"] * 1000
    return "\n".join([
        "PDF exports (shipped project; targets: ≤ 40 ms a page cold, ≤ 1 s added by a rebuild with nothing changed, ≤ 2 s for a three-article brief):",
        f"- full commentary, cold: {r['full_seconds']:.1f} s for {r['full_pages']} pages = {per_page:.0f} ms a page "
        f"(layout {r['full_layout_wall_seconds']:.1f} s wall on {os.cpu_count()} cores; CPU {cpu_per_page:.0f} ms a page, "
        f"so {cpu_per_page / (os.cpu_count() or 1):.0f} ms a page on {os.cpu_count()} idle cores at best); {r['full_bytes'] / 1e6:.2f} MB "
        f"= {r['full_bytes'] / r['full_pages'] / 1024:.1f} KiB a page, {r['full_font_programs']} font programs",
        f"- site PDFs (full, chapters, {r['site_files'] - 10} articles), after the full commentary: {r['site_seconds']:.1f} s ({r['site_laid_out']} parts laid out again, with article slices)",
        f"- rebuild with nothing changed: {r['cached_seconds']:.2f} s ({r['cached_laid_out']} parts laid out)",
        f"- after editing one note on Art. 40: {r['edit_seconds']:.1f} s (laid out: {', '.join(r['edit_laid_out'])})",
        f"- three-article brief (Arts 40, 42, 43, {r['brief_pages']} pages): {r['brief_seconds']:.2f} s after loading; "
        f"`commentary pdf --articles 40,42,43 --no-cache` {brief_cli:.2f} s from the shell; peak RSS {r['maxrss_mb']:.0f} MB",
    ])


def _brief_command_seconds() -> float:
    """Wall time of the brief as a negotiator runs it: interpreter start, imports, load, check, layout, write."""
    command = Path(sys.executable).with_name("commentary")
    with tempfile.TemporaryDirectory(prefix="bench-brief-") as scratch:
        started = time.perf_counter()
        subprocess.run([str(command), "--root", str(REPO_ROOT), "pdf", "--articles", "40,42,43", "--no-cache", "-o", str(Path(scratch) / "brief.pdf")],
                       capture_output=True, check=False)
        return time.perf_counter() - started


def _serve(edits: int) -> list:
    from .serve_probe import probe

    print("… preview round trip (mkdocs serve)", file=sys.stderr, flush=True)
    return [probe(flag, edits=edits) for flag in ("--livereload", "--dirtyreload")]


def _serve_line(results: list) -> str:
    parts = []
    for result in results:
        text = f"{result.text_edit:.2f} s" if result.text_edit is not None else "never seen"
        parts.append(f"`serve {result.mode}`: note saved → page served {result.note_median:.2f} s (median of {len(result.note_edits)}), treaty-text edit {text}")
    return "Preview (shipped project): " + "; ".join(parts) + "."


if __name__ == "__main__":
    sys.exit(main())
