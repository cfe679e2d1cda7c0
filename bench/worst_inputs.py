"""`python -m bench --worst` (`make bench-worst`): the worst contributor inputs known, at the size limit.

Each case is one file a contributor could put in a pull request, as large as the limit for
its kind allows (512 KiB for a note; a data file is measured at the same size), shaped
to make some part of the engine work hardest: the citation scanner, the cross-reference
scanner, Markdown's inline parser, the YAML loader, the schema validator, the redline
engine's closest-passage search. It is dropped into a copy of the shipped project and
`commentary check` runs on it in a fresh process, as a contributor runs it; the table
gives its wall time (interpreter start included) and the process's peak memory, with
the problems it reported. Target: under 2 s and under 300 MB for every case.

`python -m bench.worst_inputs CASE ROOT` is the child: it writes nothing, runs the check
in-process and prints one JSON line.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .corpus import REPO_ROOT

LIMIT = 512 * 1024
NOTE_PLACE = "commentary/uncc/art-40/worst.md"
TARGET_SECONDS = 2.0
TARGET_MB = 300

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
}


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child(root: Path) -> dict:
    import contextlib
    import io

    from commentary_build.cli import main

    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["--root", str(root), "check", "--format", "json"])
    report = json.loads(out.getvalue())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"check_seconds": time.perf_counter() - started, "cpu_seconds": usage.ru_utime + usage.ru_stime, "maxrss_mb": _maxrss_mb(),
            "errors": report["errors"], "warnings": report["warnings"], "codes": sorted({p["code"] for p in report["problems"]})}


def measure(name: str, scratch: Path) -> dict:
    place, make = CASES[name]
    root = scratch / "project"
    if root.exists():
        shutil.rmtree(root)
    for part in ("content", "commentary"):
        shutil.copytree(REPO_ROOT / part, root / part)
    data = make().encode()
    assert len(data) <= LIMIT, (name, len(data))
    (root / place).write_bytes(data)
    # A warm comparison cache, as on a contributor's machine after the first check.
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.worst_inputs", "--child", str(root)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        return {"name": name, "bytes": len(data), "wall_seconds": wall, "failed": done.stderr[-2000:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"name": name, "bytes": len(data), "wall_seconds": wall, **result}


def table(results: list[dict]) -> str:
    lines = ["| Worst input (one file) | Size | `commentary check` (wall) | CPU | Peak RSS | Problems reported |", "|---|---:|---:|---:|---:|---|"]
    for r in results:
        if "failed" in r:
            lines.append(f"| {r['name']} | {r['bytes'] // 1024} KiB | FAILED | — | — | {r['failed'][-200:]!r} |")
            continue
        codes = ", ".join(r["codes"]) or "none"
        flag = "" if r["wall_seconds"] < TARGET_SECONDS and r["maxrss_mb"] < TARGET_MB else " ⚠"
        lines.append(f"| {r['name']} | {r['bytes'] / 1024:.0f} KiB | {r['wall_seconds']:.2f} s{flag} | {r['cpu_seconds']:.2f} s | {r['maxrss_mb']:.0f} MB | {r['errors']} errors, {r['warnings']} warnings ({codes}) |")
    return "\n".join(lines)


def run(only: list[str] | None = None) -> int:
    names = [n for n in CASES if not only or any(o in n for o in only)]
    with tempfile.TemporaryDirectory(prefix="bench-worst-") as scratch_name:
        scratch = Path(scratch_name)
        # The first check of a copy fills the comparison cache; measure from the second on.
        measure("prose (no markup)", scratch)
        results = []
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            results.append(measure(name, scratch))
    print(table(results))
    worst = max((r for r in results if "failed" not in r), key=lambda r: r["wall_seconds"], default=None)
    print(f"\nMachine: {os.cpu_count()} cores, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} when the run ended "
          "(wall time includes the interpreter's start and imports; CPU time is the process's own, less sensitive to other load).")
    if worst:
        print(f"\nSlowest: {worst['name']} ({worst['wall_seconds']:.2f} s); largest peak memory {max(r['maxrss_mb'] for r in results if 'failed' not in r):.0f} MB. "
              f"Target: under {TARGET_SECONDS:g} s and {TARGET_MB} MB each.")
    return 0 if all("failed" not in r and r["wall_seconds"] < TARGET_SECONDS and r["maxrss_mb"] < TARGET_MB for r in results) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(Path(sys.argv[2])), allow_nan=False))
        sys.exit(0)
    sys.exit(run(sys.argv[1:]))
