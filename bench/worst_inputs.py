"""`python -m bench --worst` (`make bench-worst`): the worst contributor inputs known, at the size limit.

Each case is one file a contributor could put in a pull request, as large as the limit for
its kind allows (512 KiB for a note; a data file is measured at the same size), shaped
to make some part of the engine work hardest: the citation scanner, the cross-reference
scanner, Markdown's inline parser, the YAML loader, the schema validator, the redline
engine's closest-passage search, and what print lays out (a table of 6,000 columns,
10,000 one-word paragraphs, nested lists, headings, footnotes, the paragraphs proposals
print), with a note just under every budget of ``check.budgets`` at once. It is dropped
into a copy of the shipped project, and two commands run on it, each in a fresh process:
`commentary check`, as a contributor runs it (wall time, interpreter start included), and
the one-article PDF of the article the note is on (Art. 40, laid out without the cache, as
`commentary pdf --articles 40 --no-cache`). The table gives each one's CPU time (its layout
workers' included) and peak memory, and the ratio of its CPU to the same command on the
shipped project, with the problems the check reported. Target: the check under 2 s, and
each command under 2.5 times the CPU of the shipped project and under 300 MB.

`python -m bench.worst_inputs [--no-pdf] [CASE …]` runs the cases whose names contain a CASE;
`--child ROOT` and `--pdf-child ROOT` are the children: they write nothing, run in-process
and print one JSON line. A child still running after BENCH_WORST_TIMEOUT seconds (900) is
stopped, with its layout workers, and reported as such.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .corpus import REPO_ROOT

LIMIT = 512 * 1024
NOTE_PLACE = "commentary/uncc/art-40/worst.md"
PDF_ARTICLE = "40"  # the article NOTE_PLACE is on: the longest of the text, with the most commentary
TARGET_SECONDS = 2.0
TARGET_MB = 300
CHILD_TIMEOUT = int(os.environ.get("BENCH_WORST_TIMEOUT", "900"))  # seconds a check or PDF may run before it is stopped
TARGET_RATIO = 2.5  # CPU of a case over the CPU of the same command on the shipped project

HEAD = "---\ntitle: A worst case\ntarget: art-40-21\nauthors:\n  - name: Bench\ndate: 2024-01-01\nthemes: [scope]\n---\n"


def _fill(unit: str, head: str = HEAD, tail: str = "", limit: int = LIMIT) -> str:
    """``head``, then ``unit`` repeated up to the size limit (in UTF-8 bytes), then ``tail``."""
    room = limit - len(head.encode()) - len(tail.encode())
    return head + unit * (room // len(unit.encode())) + tail


def _proposals(count: int, edits_each: int, quote: str, text: str = " x", op: str = "insert-after") -> str:
    # art-40-29 is the longest paragraph of the text (1,055 characters): the most to search.
    edits = "".join(f"      - {{target: art-40-29, op: {op}, quote: {json.dumps(quote + str(n), allow_nan=False)}, text: {json.dumps(text, allow_nan=False)}}}\n" for n in range(edits_each))
    return "".join(
        f"  - id: worst-{n}\n    title: Worst {n}\n    proponent: Bench\n    date: 2024-01-01\n    rationale: Why.\n    edits:\n{edits}"
        for n in range(count)
    )


def _many_proposals() -> str:
    # As many proposals as the schema allows (20, of 50 edits each), every quote unmatched, so every
    # edit needs a closest-passage search through its paragraph.
    head = HEAD.replace("---\n", "", 1).rsplit("---\n", 1)[0]
    return "---\n" + head + "proposals:\n" + _proposals(20, 50, "the requested State Party shall nott be bound by the conditions and the rest") + "---\nBody.\n"


def matched_proposals(count: int = 20, root: Path = REPO_ROOT) -> str:
    """A note with ``count`` proposals of 50 edits that all apply, spread over every paragraph of art 40:
    each proposal prints the paragraphs it touches twice (blackline and proposed text)."""
    from commentary_build.load.project import load_project

    article = load_project(root).default_instrument.articles["art-40"]
    edits = []
    for unit in (u for top in article.paragraphs for u in top.walk()):
        words = unit.text.split()
        quote = next((" ".join(words[:n]) for n in range(3, len(words) + 1) if unit.text.count(" ".join(words[:n])) == 1), None)
        if quote:
            edits.append(f"      - {{target: {unit.id}, op: insert-after, quote: {json.dumps(quote, allow_nan=False)}, text: ' x'}}\n")
    head = HEAD.replace("---\n", "", 1).rsplit("---\n", 1)[0]
    proposals = "".join(f"  - id: worst-{n}\n    title: Worst {n}\n    proponent: Bench\n    date: 2024-01-01\n    rationale: Why.\n    edits:\n" + "".join(edits[:50])
                        for n in range(count))
    return "---\n" + head + "proposals:\n" + proposals + "---\nBody.\n"


def under_every_budget(target: str = "art-40-21") -> str:
    """A note just under every per-note budget at once (``check.budgets.LIMITS``): the most print work a note may ask for.

    The test suite lays it out (tests/test_budgets.py) and the bench measures it."""
    from commentary_build.check.budgets import LIMITS, PAGE_BLOCKS, PAGE_CHARACTERS

    limit = {each.name: each.per_note for each in LIMITS}
    columns = limit["table columns"]
    rows = limit["table cells"] // columns - 1  # the header row's cells count too
    table = "|" + "".join(f" h{n} |" for n in range(columns)) + "\n|" + "---|" * columns + "\n" + ("|" + " cell |" * columns + "\n") * rows
    nested = "".join("  " * level + "- item\n" for level in range(limit["nesting"]))
    headings = limit["headings"]
    sections = [f"## Heading {n}\n\nA short paragraph under the heading.\n\n" for n in range(headings)]
    citations = ["A point of the report.[@gitoc-roundtable-2023, p 6]"] * limit["footnotes"]
    spans = " ".join(["*emphasis*"] * limit["formatting"]) + " " + "w" * limit["word length"]  # the longest word print hyphenates
    references = [str(1 + n % 68) for n in range(limit["cross-references"])]
    groups = ["Articles " + ", ".join(references[start:start + 50]) + "." for start in range(0, len(references), 50)]
    # Blocks left for paragraphs of prose: the budget less the table's rows, the headings and their paragraphs, the list items.
    paragraphs = limit["paragraphs"] - (rows + 1) - 2 * headings - limit["nesting"] - 1
    fixed = table + nested + "".join(sections) + " ".join(citations) + " ".join(groups) + spans
    # The characters left under the printed-pages budget, every block and footnote taken into account (heading twice).
    pages_left = limit["printed pages"] - 0.05 - (limit["paragraphs"] + headings + limit["footnotes"]) / PAGE_BLOCKS
    # A table's text counts once for each of its columns (``transform.markdown``): its cells print in narrow lines.
    cell_text = sum(len(f"h{n}") for n in range(columns)) + len("cell") * columns * rows
    room = int(pages_left * PAGE_CHARACTERS) - len(fixed) - cell_text * (columns - 1)
    sentence = PROSE.split(". ")[0] + ". "
    words_each = max(1, room // paragraphs)
    prose = [(sentence * (words_each // len(sentence) + 1))[:words_each] for _ in range(paragraphs - 3)]
    body = "\n\n".join([*prose, " ".join(citations), " ".join(groups), spans]) + "\n\n" + table + "\n" + nested + "\n" + "".join(sections)
    return HEAD.replace("target: art-40-21", f"target: {target}") + body


def _yaml_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    return "---\n" + "\n".join(lines) + "\n" + HEAD.removeprefix("---\n")


PROSE = ("The requested State Party may decline assistance where the request concerns an offence of a political "
         "character, and the commentary returns to that ground at length because it is where most of the debate lay. ") * 3 + "\n\n"
MARKUP_LIMIT = 20_000  # load/notes.py MAX_MARKUP_CHARACTERS: the worst Markdown a note may hold
LINE_LIMIT = 20_000  # load/notes.py MAX_MARKDOWN_LINES


def _padded(unit: str, count: int, tail: str = "") -> str:
    """``count`` units (the worst arrangement within the note limits), then prose up to the size limit."""
    return _fill(PROSE, HEAD + unit * count + "\n\n" + tail)


def _words_per_paragraph(count: int) -> str:
    """``count`` paragraphs of one word each, the words as long as fills the size limit."""
    room = LIMIT - len(HEAD.encode())
    letters = room // count - 2
    return HEAD + ("x" * letters + "\n\n") * count


# name -> (where the file goes, its text)
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "citation scanner: '[' then ' @a' to 512 KiB (27 s at 96 KB before)": (NOTE_PLACE, lambda: _fill(" @a", HEAD + "[")),
    "citations: 10,000 '[@key, p 6] art 40(21)', then prose": (NOTE_PLACE, lambda: _padded("[@gitoc-roundtable-2023, p 6] art 40(21) ", MARKUP_LIMIT // 2)),
    "unknown citation keys: 10,000 lines '[@nope]', then prose": (NOTE_PLACE, lambda: _padded("[@nope]\n", MARKUP_LIMIT // 2)),
    "unreadable citations: 10,000 '[see @ x]', then prose": (NOTE_PLACE, lambda: _padded("[see @ x] ", MARKUP_LIMIT // 2)),
    "references: 'articles 1, 2 and 3(a)(i) ' to 512 KiB": (NOTE_PLACE, lambda: _fill("articles 1, 2 and 3(a)(i) ")),
    "references to nothing: 18,000 lines 'art 99'": (NOTE_PLACE, lambda: _padded("art 99\n", LINE_LIMIT - 2000)),
    "Markdown: 20,000 nested '[a' openers, then prose": (NOTE_PLACE, lambda: _padded("[a", MARKUP_LIMIT - 10)),
    "Markdown: 10,000 '*a_' emphasis runs, then prose": (NOTE_PLACE, lambda: _padded("*a_", MARKUP_LIMIT // 2 - 10)),
    "Markdown: 10,000 '[a](' link openers, then prose": (NOTE_PLACE, lambda: _padded("[a](", MARKUP_LIMIT // 2 - 10)),
    "Markdown: 6,000 table rows, then prose": (NOTE_PLACE, lambda: _padded("|x|y|\n", MARKUP_LIMIT // 3 - 600, ) .replace(HEAD, HEAD + "|a|b|\n|-|-|\n", 1)),
    "Markdown: 18,000 headings, then prose": (NOTE_PLACE, lambda: _padded("# a\n", LINE_LIMIT - 2000)),
    "Markdown: 8,500 one-word paragraphs, then prose": (NOTE_PLACE, lambda: _padded("a\n\n", LINE_LIMIT // 2 - 1500)),
    "pandoc footnotes: 10,000 '[^1]', then prose": (NOTE_PLACE, lambda: _padded("[^1] ", MARKUP_LIMIT // 2 - 10)),
    "prose (no markup)": (NOTE_PLACE, lambda: _fill(PROSE)),
    "YAML: nested aliases (571 bytes)": (NOTE_PLACE, _yaml_bomb),
    "YAML: a flat list of 90k themes": (NOTE_PLACE, lambda: _fill("a, ", "---\ntitle: T\ntarget: art-40\nauthors: [{name: B}]\ndate: 2024-01-01\nthemes: [", "a]\n---\nBody.\n")),
    "YAML: a list of 50k mappings": (NOTE_PLACE, lambda: _fill("{x: 1}, ", "---\ntitle: T\ntarget: art-40\nauthors: [{name: B}]\ndate: 2024-01-01\nthemes: [", "{}]\n---\nBody.\n")),
    "YAML: 9,000 values (under the node limit), all wrong": (NOTE_PLACE, lambda: "---\ntitle: T\ntarget: art-40\nauthors: [{name: B}]\ndate: 2024-01-01\nthemes: [" + "{x: 1}, " * 3000 + "{}]\n---\nBody.\n"),
    "title of 500k characters": (NOTE_PLACE, lambda: _fill("x", "---\ntarget: art-40\nauthors: [{name: B}]\ndate: 2024-01-01\nthemes: [scope]\ntitle: ", "\n---\nBody.\n")),
    "redlines: 20 proposals of 50 unmatched quotes": (NOTE_PLACE, _many_proposals),
    "themes.yml: 512 KiB of themes": ("commentary/themes.yml", lambda: _fill("  - {id: t, label: T}\n", "themes:\n")),
    "themes.yml: 2,500 themes (over the 500 allowed, under the node limit)": ("commentary/themes.yml", lambda: "themes:\n" + "".join(f"  - {{id: t{n}, label: Theme {n}, description: {PROSE.strip()[:100]!r}}}\n" for n in range(2500))),
    "bibliography: 512 KiB of entries": ("commentary/bibliography.yaml", lambda: _fill("- {id: k, type: book, title: T, author: [{literal: A}], issued: 2001}\n", "")),
    "bibliography: 500 full entries (under the node limit)": ("commentary/bibliography.yaml", lambda: "".join(
        f"- {{id: k{n}, type: book, title: {PROSE.strip()[:150]!r}, short-title: Short {n}, author: [{{family: Doe, given: Jane}}, {{literal: Org}}], publisher: P, issued: {{date-parts: [[2001, 2, 3]]}}}}\n" for n in range(500))),
    # Shapes that cost little to check but much to lay out in print (issue 20, item 6).
    "wide table: 6,000 columns (36 KB)": (NOTE_PLACE, lambda: HEAD + "".join("|" + f"{cell}|" * 6000 + "\n" for cell in ("a", "-", "b"))),
    "one-word paragraphs: 9,990 of 50 letters": (NOTE_PLACE, lambda: _words_per_paragraph(LINE_LIMIT // 2 - 10)),
    "references: a list of 100,000 articles": (NOTE_PLACE, lambda: _fill(PROSE, HEAD + "Articles " + ", ".join(str(1 + n % 68) for n in range(100_000)) + ".\n\n")),
    "lists: 2,000 lists nested 10 deep": (NOTE_PLACE, lambda: _padded("".join("  " * depth + "- item\n" for depth in range(10)) + "\n", (LINE_LIMIT - 2000) // 11)),
    "headings: 9,000 headings over one-line paragraphs": (NOTE_PLACE, lambda: _padded("## Heading\n\nText.\n\n", (LINE_LIMIT - 2000) // 4)),
    "footnotes: 10,000 citations, one a sentence": (NOTE_PLACE, lambda: _padded("A point.[@gitoc-roundtable-2023, p 6] ", MARKUP_LIMIT // 2 - 10)),
    "redlines: 20 proposals of 50 matched edits over art 40": (NOTE_PLACE, matched_proposals),
    "every per-note budget at once, just under each": (NOTE_PLACE, under_every_budget),
}


def _usage() -> tuple[float, float]:
    """(CPU seconds, peak RSS in MB) of this process and the children it waited for (layout workers).

    Peak memory is the larger of the two peaks: a forked worker shares its parent's pages,
    so their sum would count the same memory twice."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, round(max(own.ru_maxrss, children.ru_maxrss) / 1024, 1)


def child(root: Path) -> dict:
    import contextlib
    import io

    from commentary_build.cli import main

    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["--root", str(root), "check", "--format", "json"])
    report = json.loads(out.getvalue())
    cpu, rss = _usage()
    return {"check_seconds": time.perf_counter() - started, "cpu_seconds": cpu, "maxrss_mb": rss,
            "errors": report["errors"], "warnings": report["warnings"], "codes": sorted({p["code"] for p in report["problems"]})}


def pdf_child(root: Path) -> dict:
    """A one-article PDF of the article the note is on, laid out from nothing (no cache), as `commentary pdf --articles 40 --no-cache`."""
    from commentary_build.export.pdf import print_options, render_pdf
    from commentary_build.export.selection import select_articles
    from commentary_build.pipeline import load_and_check

    project, analysis = load_and_check(root)
    result = render_pdf(project, analysis, select_articles(project, [PDF_ARTICLE]), print_options(project), cache=False)
    cpu, rss = _usage()
    return {"pdf_cpu_seconds": cpu, "pdf_maxrss_mb": rss, "pdf_pages": result.pages}


def _project(scratch: Path) -> Path:
    root = scratch / "project"
    if root.exists():
        shutil.rmtree(root)
    for part in ("content", "commentary"):
        shutil.copytree(REPO_ROOT / part, root / part)
    return root


def _child(mode: str, root: Path) -> dict:
    # A session of its own, so that a child stopped for taking too long takes its layout workers with it.
    with subprocess.Popen([sys.executable, "-m", "bench.worst_inputs", mode, str(root)], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as child_process:
        try:
            stdout, stderr = child_process.communicate(timeout=CHILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(child_process.pid, signal.SIGKILL)
            child_process.communicate()
            return {"failed": f"stopped after {CHILD_TIMEOUT} s"}
    if child_process.returncode != 0:
        return {"failed": stderr[-2000:]}
    return json.loads(stdout.strip().splitlines()[-1])


def measure(name: str | None, scratch: Path, pdf: bool = True) -> dict:
    """One case (``None``: the shipped project as it is, the baseline): check, then the one-article PDF, each in a fresh process."""
    root = _project(scratch)
    data = b""
    if name is not None:
        place, make = CASES[name]
        data = make().encode()
        assert len(data) <= LIMIT, (name, len(data))
        (root / place).write_bytes(data)
    started = time.perf_counter()
    result = {"name": name or "(none: the shipped project)", "bytes": len(data), **_child("--child", root)}
    result["wall_seconds"] = time.perf_counter() - started
    if pdf and "failed" not in result:
        printed = _child("--pdf-child", root)
        result.update(printed if "failed" not in printed else {"pdf_failed": printed["failed"]})
    return result


def _ratio(value: float, base: float | None) -> str:
    return f" ({value / base:.1f}×)" if base else ""


def within_target(r: dict, base: dict) -> bool:
    if "failed" in r or "pdf_failed" in r:
        return False
    check_ok = r["wall_seconds"] < TARGET_SECONDS and r["maxrss_mb"] < TARGET_MB and r["cpu_seconds"] <= TARGET_RATIO * base["cpu_seconds"]
    pdf_ok = "pdf_cpu_seconds" not in r or (r["pdf_maxrss_mb"] < TARGET_MB and r["pdf_cpu_seconds"] <= TARGET_RATIO * base["pdf_cpu_seconds"])
    return check_ok and pdf_ok


def table(results: list[dict], base: dict) -> str:
    lines = ["| Worst input (one file) | Size | `check` wall | `check` CPU (× none) | `check` peak RSS | one-article PDF CPU (× none) | PDF peak RSS | PDF pages | Problems reported |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in [base, *results]:
        if "failed" in r:
            lines.append(f"| {r['name']} | {r['bytes'] // 1024} KiB | FAILED | — | — | — | — | — | {r['failed'][-200:]!r} |")
            continue
        codes = ", ".join(r["codes"]) or "none"
        flag = "" if r is base or within_target(r, base) else " ⚠"
        if "pdf_cpu_seconds" in r:
            pdf = f"{r['pdf_cpu_seconds']:.1f} s{_ratio(r['pdf_cpu_seconds'], base.get('pdf_cpu_seconds'))} | {r['pdf_maxrss_mb']:.0f} MB | {r['pdf_pages']}"
        else:
            pdf = f"FAILED: {r['pdf_failed'][-120:]!r} | — | —" if "pdf_failed" in r else "— | — | —"
        lines.append(f"| {r['name']}{flag} | {r['bytes'] / 1024:.0f} KiB | {r['wall_seconds']:.2f} s | {r['cpu_seconds']:.2f} s{_ratio(r['cpu_seconds'], base['cpu_seconds'])} "
                     f"| {r['maxrss_mb']:.0f} MB | {pdf} | {r['errors']} errors, {r['warnings']} warnings ({codes}) |")
    return "\n".join(lines)


def run(only: list[str] | None = None) -> int:
    pdf = "--no-pdf" not in (only or [])
    names = [n for n in CASES if not only or any(o in n for o in only if not o.startswith("--"))]
    with tempfile.TemporaryDirectory(prefix="bench-worst-") as scratch_name:
        scratch = Path(scratch_name)
        # The first check of a copy fills the comparison cache; measure from the second on.
        measure(None, scratch, pdf=False)
        print("… the shipped project (the baseline)", file=sys.stderr, flush=True)
        base = measure(None, scratch, pdf=pdf)
        results = []
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            results.append(measure(name, scratch, pdf=pdf))
    print(table(results, base))
    print(f"\nMachine: {os.cpu_count()} cores, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} when the run ended "
          "(wall time includes the interpreter's start and imports; CPU time is the process's own and its layout workers', less sensitive to other load).")
    ok = [r for r in results if "failed" not in r]
    if ok:
        worst = max(ok, key=lambda r: r["wall_seconds"])
        print(f"\nSlowest check: {worst['name']} ({worst['wall_seconds']:.2f} s); largest peak memory {max(r['maxrss_mb'] for r in ok):.0f} MB (check), "
              f"{max((r.get('pdf_maxrss_mb', 0) for r in ok), default=0):.0f} MB (PDF). Target: check under {TARGET_SECONDS:g} s, and check and the "
              f"one-article PDF each under {TARGET_RATIO:g}× the CPU of the shipped project and {TARGET_MB} MB.")
    return 0 if all(within_target(r, base) for r in results) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(Path(sys.argv[2])), allow_nan=False))
        sys.exit(0)
    if sys.argv[1:2] == ["--pdf-child"]:
        print(json.dumps(pdf_child(Path(sys.argv[2])), allow_nan=False))
        sys.exit(0)
    sys.exit(run(sys.argv[1:]))
