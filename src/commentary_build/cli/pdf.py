"""`commentary pdf`: the full commentary, or a brief on articles, a theme or a chapter, as PDF or as a compilation table."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model.characters import printable


def add_selection_arguments(parser) -> None:
    """--articles / --theme / --chapter, shared with `commentary docx`."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--articles", help="a brief on these articles, by number: 40,42,43")
    which.add_argument("--theme", help="a brief on the articles whose notes have this theme (an id from commentary/themes.yml)")
    which.add_argument("--chapter", help="one chapter, by number (5 or V)")
    parser.add_argument("--layout", choices=("document", "table"), default="document",
                        help="document (default), or table: a compilation table, a row per drafting proposal: the adopted text | the proposal as a blackline | its rationale")
    parser.add_argument("--all-paragraphs", action="store_true",
                        help="with --layout table: every paragraph of the articles chosen, with the commentary in full (the former layout)")
    parser.add_argument("--proposed-text", action="store_true", help="with --layout table: a fourth column with the proposed text, clean")
    parser.add_argument("--line-numbers", action="store_true",
                        help="number the lines in the margin, from 1 on each page, for oral reference in a meeting (\"page 3, line 12\"); "
                             "the document layout only (a table's rows are cited by their provision)")
    unannotated = parser.add_mutually_exclusive_group()
    unannotated.add_argument("--omit-unannotated", dest="omit_unannotated", action="store_true", default=None,
                             help="leave out articles without commentary or proposals (the default for --chapter and --theme)")
    unannotated.add_argument("--include-unannotated", dest="omit_unannotated", action="store_false",
                             help="keep them (the default for --articles, which prints what it names)")


def add_arguments(parser) -> None:
    add_selection_arguments(parser)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="page size (default: a4)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the PDF (default: exports/<name>.pdf)")
    parser.add_argument("--site-url", help="where links to pages outside the document point (default: site_url of mkdocs.yml; without it they become plain text)")
    parser.add_argument("--no-cache", action="store_true", help="lay out everything again instead of reusing the layouts kept in the cache folder (commentary --cache-dir)")


def resolve_selection(project, args, command: str):
    """(selection, file name stem) from the arguments, or None after printing why not."""
    from ..export.selection import SelectionError, select_all, select_articles, select_chapter, select_theme

    try:
        if args.articles:
            selection = select_articles(project, args.articles.split(","))
            name = "articles-" + "-".join(article.number for article in selection.articles())
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
        print(f"commentary {command}: {printable(exc)}", file=sys.stderr)
        return None
    if args.layout == "table":
        name += "-table"
    return selection, name


def table_arguments_fit(args, command: str) -> bool:
    """--all-paragraphs and --proposed-text shape a compilation table: without --layout table they are refused, not ignored;
    --line-numbers numbers the lines of running text, which a table of three columns side by side does not have."""
    if args.layout != "table" and (args.all_paragraphs or args.proposed_text):
        option = "--all-paragraphs" if args.all_paragraphs else "--proposed-text"
        print(f"commentary {command}: {option} is an option of the compilation table; add --layout table", file=sys.stderr)
        return False
    if args.layout == "table" and args.line_numbers:
        print(f"commentary {command}: --line-numbers numbers the lines of the document layout; a table's rows are cited by the provision "
              "they start with: leave out --layout table or --line-numbers", file=sys.stderr)
        return False
    return True


def table_options(args):
    from ..export.compilation import TableOptions

    return TableOptions(all_paragraphs=args.all_paragraphs, proposed_text=args.proposed_text)


def run(args) -> int:
    from ..export.pdf import layout_cache_problems, print_options, render_pdf, stderr_progress
    from .settings import load_for_output

    loaded = load_for_output(args.root, "commentary pdf")
    if loaded is None:
        return 1
    project, analysis = loaded
    resolved = resolve_selection(project, args, "pdf")
    if resolved is None:
        return 2
    if not table_arguments_fit(args, "pdf"):
        return 2
    selection, name = resolved
    output: Path = args.output or args.root / "exports" / f"{name}{'-letter' if args.paper == 'letter' else ''}.pdf"
    options = print_options(project, args.paper, site_url=args.site_url)
    options.omit_unannotated = args.omit_unannotated
    result = render_pdf(project, analysis, selection, options, stderr_progress, layout=args.layout, cache=not args.no_cache, table=table_options(args))
    data = result.data
    if args.line_numbers:
        from ..export.linenumbers import LineNumberError, number_lines

        try:
            data, numbered = number_lines(data)
        except LineNumberError as error:
            print(f"commentary pdf: error: {error}", file=sys.stderr)
            return 1
        print(f"commentary pdf: numbered {numbered} lines, from 1 on each page", file=sys.stderr)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    cached = f", {len(result.stats.cached)} part(s) from the cache" if result.stats.cached else ""
    print(f"commentary pdf: wrote {output} ({result.pages} pages, {len(data) // 1024} KiB) in {result.seconds:.1f} s{cached}", file=sys.stderr)
    for problem in layout_cache_problems("the layouts", result.stats, project.cache_dir):
        print(problem.format(), file=sys.stderr)
    return 0
