"""`commentary pdf`: the full commentary, or a brief on articles, a theme or a chapter, as PDF."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--articles", help="a brief on these articles, by number: 40,42,43")
    which.add_argument("--theme", help="a brief on the articles whose notes have this theme (an id from commentary/themes.yml)")
    which.add_argument("--chapter", help="one chapter, by number (5 or V)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="page size (default: a4)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the PDF (default: exports/<name>.pdf)")
    parser.add_argument("--site-url", help="where links to pages outside the document point (default: they become plain text)")


def run(args) -> int:
    from ..export.pdf import print_options, render_pdf, stderr_progress
    from ..export.selection import SelectionError, select_all, select_articles, select_chapter, select_theme
    from ..pipeline import load_and_check

    project, analysis = load_and_check(args.root)
    try:
        if args.articles:
            selection = select_articles(project, args.articles.split(","))
            name = "articles-" + "-".join(a.removeprefix("art-") for a in selection.article_ids)
        elif args.theme:
            selection = select_theme(project, args.theme)
            name = f"theme-{args.theme}"
        elif args.chapter:
            selection = select_chapter(project, args.chapter)
            name = f"chapter-{args.chapter.strip().lower()}"
        else:
            selection = select_all(project)
            name = "commentary"
    except SelectionError as exc:
        print(f"commentary pdf: {exc}", file=sys.stderr)
        return 2
    output: Path = args.output or args.root / "exports" / f"{name}{'-letter' if args.paper == 'letter' else ''}.pdf"
    result = render_pdf(project, analysis, selection, print_options(args.root, args.paper, site_url=args.site_url), stderr_progress)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(result.data)
    print(f"commentary pdf: wrote {output} ({result.pages} pages, {len(result.data) // 1024} KiB) in {result.seconds:.1f} s", file=sys.stderr)
    return 0
