"""`commentary export`: the open data without building the site.

    commentary export json -o DIR                  the data/ folder of the site: JSON API, schemas, AKN, feeds, "cite this"
    commentary export akn uncc -o uncc.akn.xml     one text as Akoma Ntoso 3.0
    commentary export akn uncc --proposal ID -o F  the text with one drafting proposal accepted (a modified expression)
    commentary export feed -o feed.xml             the change feed of the whole site (or --theme ID)

Exit status: 0 written, 1 the export could not be made (the message says why and what to
do), 2 a request that names something that does not exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..model.characters import printable

USAGE_ERROR = 2
EXPORT_ERROR = 1


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
    json_parser = sub.add_parser("json", help="the JSON API, its schemas, Akoma Ntoso, feeds and cite files (the site's data/ folder)")
    json_parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write into (created if missing)")
    akn_parser = sub.add_parser("akn", help="one text as Akoma Ntoso 3.0 XML")
    akn_parser.add_argument("text", help="the text's id: a folder name under content/ (uncc, budapest)")
    akn_parser.add_argument("--proposal", help="export the text with this drafting proposal accepted (a modified expression)")
    akn_parser.add_argument("-o", "--output", type=Path, required=True, help="the XML file to write")
    feed_parser = sub.add_parser("feed", help="the Atom feed of new and changed notes and proposals")
    feed_parser.add_argument("--theme", help="only notes and proposals on this theme (an id from commentary/themes.yml)")
    feed_parser.add_argument("-o", "--output", type=Path, required=True, help="the Atom file to write")
    for each in (json_parser, akn_parser, feed_parser):
        each.add_argument("--site-url", help="the site's public address, for absolute links (default: site_url of mkdocs.yml)")


def run(args) -> int:
    from ..export.publication import OpenDataError, publication_for
    from .settings import load_for_output

    name = f"commentary export {args.format}"
    loaded = load_for_output(args.root, name)
    if loaded is None:
        return EXPORT_ERROR
    project, analysis = loaded
    publication = publication_for(project, site_url=args.site_url)
    try:
        if args.format == "json":
            return _json(name, publication, analysis, args.output)
        if args.format == "akn":
            return _akn(name, publication, analysis, args)
        return _feed(name, publication, analysis, args)
    except OpenDataError as error:
        return _fail(name, str(error), EXPORT_ERROR)


def _json(name: str, publication, analysis, output: Path) -> int:
    from ..export.opendata import publish
    from ..render.site import build_site

    site = build_site(publication.project, analysis, directory_urls=publication.directory_urls, template_dirs=publication.settings.template_dirs)
    data = publish(publication, analysis, site.pages)
    written = {path.removeprefix("data/"): content for path, content in data.files.items() if path.startswith("data/")}
    for relative, content in written.items():
        if not _write(name, output / relative, content):
            return EXPORT_ERROR
    for problem in data.problems:
        print(f"{name}: warning: {printable(problem)}", file=sys.stderr)
    size = sum(len(content) for content in written.values())
    print(f"{name}: wrote {len(written)} files ({size // 1024} KiB) under {output}", file=sys.stderr)
    return 0


def _akn(name: str, publication, analysis, args) -> int:
    from ..document import Documents
    from ..export import akn

    project = publication.project
    instrument = project.instruments.get(args.text)
    if instrument is None:
        return _fail(name, f"no text '{args.text}' in content/; the texts are: {', '.join(project.instruments)}", USAGE_ERROR)
    if args.proposal:
        proposal = next((p for note in project.notes if note.instrument_id == instrument.id for p in note.proposals if p.id == args.proposal), None)
        if proposal is None:
            known = ", ".join(p.id for note in project.notes if note.instrument_id == instrument.id for p in note.proposals) or "none"
            return _fail(name, f"no drafting proposal '{args.proposal}' on {instrument.id}; its proposals are: {known}", USAGE_ERROR)
        # The whole text with it accepted, where the site publishes the articles it changes: asked for by name, one proposal costs little.
        content = akn.proposal_document(instrument, proposal, analysis.proposals.results[proposal.id], publication, Documents.build(project, analysis),
                                        whole_text=True)
    else:
        content = akn.akn_document(instrument, publication)
    if not _write(name, args.output, content):
        return EXPORT_ERROR
    print(f"{name}: wrote {args.output} ({len(content) // 1024} KiB)", file=sys.stderr)
    return 0


def _feed(name: str, publication, analysis, args) -> int:
    from ..document import Documents
    from ..export import feed
    from ..export.publication import SITE_FEED
    from ..load.changes import changes_from

    project = publication.project
    if args.theme and args.theme not in project.themes:
        return _fail(name, f"no theme '{args.theme}' in commentary/themes.yml; the themes are: {', '.join(project.themes)}", USAGE_ERROR)
    files = feed.feed_files(publication, changes_from(project.git, project.root, [note.path for note in project.notes]), Documents.build(project, analysis))
    content = files[publication.theme_feed(args.theme) if args.theme else SITE_FEED]
    if not _write(name, args.output, content):
        return EXPORT_ERROR
    print(f"{name}: wrote {args.output}", file=sys.stderr)
    return 0


def _write(name: str, path: Path, content: bytes) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        reason = error.strerror or str(error)
        _fail(name, f"cannot write {path}: {reason}; choose a folder you can write to with -o", EXPORT_ERROR)
        return False
    return True


def _fail(name: str, message: str, status: int) -> int:
    # Messages name proposals, texts and paths read from files: one line each, whatever they hold.
    print(f"{name}: error: {printable(message)}", file=sys.stderr)
    return status
