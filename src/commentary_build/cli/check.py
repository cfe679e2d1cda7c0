"""`commentary check`: every problem a build would report, without building the site.

It runs the first two stages of a build, load and check; rendering reports nothing, so
the two never disagree: `commentary check --strict` passes exactly when `mkdocs build
--strict` does (errors and warnings about the inputs fail both; without --strict only
errors fail the check).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="only report problems in these files (default: everything)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text", help="text for people, github for Actions annotations, json for tools")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings about the inputs too, as `mkdocs build --strict` does")


def run(args) -> int:
    from ..check import check_project
    from ..load.project import load_project
    from ..model import Location
    from ..model import problems as d

    started = time.perf_counter()
    root: Path = args.root
    report = d.Report()
    selected: set[str] | None = None
    if args.paths:
        selected = set()
        for path in args.paths:
            absolute = (Path.cwd() / path).resolve()
            try:
                rel = absolute.relative_to(root).as_posix()
            except ValueError:
                rel = str(path)
            if not rel.startswith(("commentary/", "content/")):
                report.add(d.PATH_OUTSIDE, "not under commentary/ or content/, so no build would read it", Location(rel))
            elif not absolute.exists():
                report.add(d.PATH_OUTSIDE, "no such file", Location(rel))
            selected.add(rel)
    project = load_project(root, report)
    check_project(project)
    # A file is also concerned by a problem of a folder it is in (a folder's name refused, C075: nothing in it is read).
    concerned = None if selected is None else selected | {parent for rel in selected for parent in _folders_of(rel)}
    problems = [p for p in report.sorted() if concerned is None or p.location.path in concerned]
    elapsed = time.perf_counter() - started
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if args.format == "json":
        from ..model.characters import printable_json

        print(printable_json({"problems": [p.as_dict() for p in problems], "errors": errors, "warnings": warnings, "seconds": round(elapsed, 3)}))
    else:
        for problem in problems:
            print(problem.format_github() if args.format == "github" else problem.format())
        files = len({p.location.path for p in problems})
        summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        if problems:
            summary += f" in {files} file{'s' if files != 1 else ''}"
        notes = len(project.notes)
        print(f"commentary check: {summary}; {notes} notes, {sum(len(n.proposals) for n in project.notes)} proposals checked in {elapsed:.2f} s", file=sys.stderr)
    failing = errors or (args.strict and any(p.fails_strict for p in problems))
    return 1 if failing else 0


def _folders_of(rel: str) -> list[str]:
    """ "commentary/uncc/Art-40/x.md" -> ["commentary/uncc/Art-40", "commentary/uncc"]: its folders below the top one."""
    parts = rel.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts) - 1, 1, -1)]
