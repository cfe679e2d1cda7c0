"""`commentary docx`: chosen articles as a Word document whose drafting proposals are tracked changes."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("--articles", required=True, help="the articles, by number: 40,42,43")
    parser.add_argument("-o", "--output", type=Path, help="where to write the document (default: exports/articles-<numbers>.docx)")


def run(args) -> int:
    from ..export.docx import build_docx
    from ..export.selection import SelectionError, select_articles
    from ..pipeline import load_and_check

    project, analysis = load_and_check(args.root)
    try:
        selection = select_articles(project, args.articles.split(","))
    except SelectionError as exc:
        print(f"commentary docx: {exc}", file=sys.stderr)
        return 2
    name = "articles-" + "-".join(a.removeprefix("art-") for a in selection.article_ids)
    output: Path = args.output or args.root / "exports" / f"{name}.docx"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(build_docx(project, analysis, selection))
    print(f"commentary docx: wrote {output}", file=sys.stderr)
    return 0
