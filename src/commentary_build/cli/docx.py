"""`commentary docx`: chosen articles as a Word document whose drafting proposals are tracked changes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pdf import add_selection_arguments, resolve_selection, table_arguments_fit, table_options


def add_arguments(parser) -> None:
    add_selection_arguments(parser)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="page size (default: a4)")
    parser.add_argument("--comparison", action=argparse.BooleanOptionalAction, default=True,
                        help="the comparison with the other text after each article's commentary, as the PDF prints it (default: on)")
    parser.add_argument("--bibliography", action=argparse.BooleanOptionalAction, default=True,
                        help="the sources cited, at the end, as the PDF prints them (default: on)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the document (default: exports/<name>.docx)")


def run(args) -> int:
    from ..export.docx import WordOptions, build_docx
    from ..export.print_document import PrintOptions, brief_articles
    from ..export.selection import Selection
    from ..model.characters import printable
    from .settings import load_for_output

    loaded = load_for_output(args.root, "commentary docx")
    if loaded is None:
        return 1
    project, analysis = loaded
    resolved = resolve_selection(project, args, "docx")
    if resolved is None or not table_arguments_fit(args, "docx"):
        return 2
    selection, name = resolved
    kept, left_out = brief_articles(project, analysis, selection, PrintOptions(settings=project.settings, omit_unannotated=args.omit_unannotated))
    # The default table lists the articles without proposals by chapter, as the PDF's does: none is left out.
    if args.layout == "table" and not args.all_paragraphs:
        left_out = []
    if left_out:
        print(f"commentary docx: left out (no commentary or proposals): {printable(', '.join('Art. ' + a.number for a in left_out))}", file=sys.stderr)
        selection = Selection(selection.instrument, selection.kind, selection.title, [a.id for a in kept])
    options = WordOptions(project.settings, paper=args.paper, comparison=args.comparison, bibliography=args.bibliography, line_numbers=args.line_numbers)
    output: Path = args.output or args.root / "exports" / f"{name}{'-letter' if args.paper == 'letter' else ''}.docx"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(build_docx(project, analysis, selection, layout=args.layout, options=options, table=table_options(args)))
    print(f"commentary docx: wrote {output}", file=sys.stderr)
    return 0

