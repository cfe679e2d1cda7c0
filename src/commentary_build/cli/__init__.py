"""The `commentary` command: one subcommand per task, each in the module that owns the work.

Subcommands register themselves in ``COMMANDS`` with a function that adds their
arguments and a function that runs them; modules are imported only when their
command runs, so `commentary check` never pays for the PDF engine.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

# name -> (module, help). Each module defines ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("commentary_build.cli.import_text", "import a treaty text from its source file into content/"),
    "check": ("commentary_build.cli.check", "validate text, commentary, redlines, citations and references"),
    "new": ("commentary_build.cli.new", "write a template for a new note or redline"),
    "pdf": ("commentary_build.cli.pdf", "export the commentary, or a brief, as PDF"),
    "docx": ("commentary_build.cli.docx", "export articles as Word with tracked changes"),
    "export": ("commentary_build.cli.export", "export the open data: JSON, Akoma Ntoso, the change feed"),
    "write-docs": ("commentary_build.cli.write_docs", "write the site's pages and a configuration for another generator (Zensical)"),
}


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder above ``start`` that has content/ and commentary/ (where mkdocs.yml lives)."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "content").is_dir() and (candidate / "commentary").is_dir():
            return candidate
    return here


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="commentary", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the nearest folder with content/ and commentary/)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where builds keep their caches (default: $TREATY_COMMENTARY_CACHE, else ~/.cache/treaty-commentary; never the checkout)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    available = {}
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command_parser)
        available[name] = module
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    args.root = (args.root or find_project_root()).resolve()
    if args.cache_dir is not None:
        # One variable carries it to every stage (``load.cache.cache_root``), as for a build run by MkDocs.
        os.environ["TREATY_COMMENTARY_CACHE"] = str(args.cache_dir.resolve())
    return int(available[args.command].run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
