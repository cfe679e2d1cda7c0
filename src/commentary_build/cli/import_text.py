"""`commentary import <instrument>`: rebuild content/<instrument>/text/ from its source file."""

from __future__ import annotations

import argparse
import sys

from ..load.importer import ProfileError, SourceFormatError, import_instrument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instrument", help="id of a folder under content/ that has an instrument.yml (e.g. uncc)")


def run(args: argparse.Namespace) -> int:
    instrument_dir = args.root / "content" / args.instrument
    if not (instrument_dir / "instrument.yml").is_file():
        print(f"content/{args.instrument}/instrument.yml not found", file=sys.stderr)
        return 2
    try:
        written = import_instrument(instrument_dir)
    except ProfileError as exc:
        print(f"content/{args.instrument}/instrument.yml: {exc}; fix it and run the import again", file=sys.stderr)
        return 1
    except SourceFormatError as exc:
        print(f"content/{args.instrument}/source: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path.relative_to(args.root))
    print(f"{len(written)} files written", file=sys.stderr)
    return 0
