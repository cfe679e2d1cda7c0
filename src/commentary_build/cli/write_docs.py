"""`commentary write-docs FOLDER`: the site's pages as a docs folder and a configuration that another generator reads.

    commentary write-docs build/zensical [--pdf]
    zensical build -f build/zensical/mkdocs.yml     the site in build/zensical/site/ (`make site-zensical` moves it to site-zensical/)

Zensical (the successor of MkDocs by Material's authors) reads mkdocs.yml but runs no third-party
plugin, so it cannot run the engine the way the MkDocs plugin does. This command runs the same
engine and writes what the plugin hands MkDocs in memory as files:

    FOLDER/docs/          the hand-written pages of docs/, every generated page (Markdown with front
                          matter), the open data under data/, the engine's assets, robots.txt, the
                          search index (pagefind/, from the engine's records), and with --pdf the published PDFs
    FOLDER/mkdocs.yml     the site's own mkdocs.yml (INHERIT), with docs_dir, site_dir (FOLDER/site: Zensical
                          writes only inside the folder of its configuration), the navigation, the theme's
                          overrides, the assets and the footer values filled in

Every string goes to the generator through ``render.handoff``, with the sinks Zensical's templates
need (``ZENSICAL_FRONT_MATTER``): it prints a page title raw and a description escaped. The citation
tags and the "edit this page" address of each generated page travel in its front matter
(``tc_head``, ``tc_body``, ``tc_edit_url``), printed by the same ``overrides/`` templates as on MkDocs.
FOLDER is replaced on each run; a folder this command did not write is never deleted.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..model.characters import printable

MARKER = ".written-by-commentary-write-docs"
ASSET_DIR = "assets/treaty-commentary"
STYLESHEETS = ("commentary.css", "redline.css", "search.css")
SCRIPTS = ("commentary.js", "search.js")


def add_arguments(parser) -> None:
    parser.add_argument("folder", type=Path, help="the folder to write (replaced if this command wrote it before)")
    parser.add_argument("--pdf", action="store_true", help="also lay out and write the PDFs the site publishes (cached, as in the MkDocs build)")


def run(args) -> int:
    from ..export.opendata import publish
    from ..export.publication import Publication
    from ..load.revision import pin_source_date_epoch
    from ..pipeline import load_and_check
    from ..render import handoff
    from ..render.site import build_site
    from .settings import ConfigUnusable, site_config

    name = "commentary write-docs"
    root: Path = args.root
    folder = args.folder if args.folder.is_absolute() else Path.cwd() / args.folder
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        print(f"{name}: error: {printable(str(folder))} exists and was not written by this command; choose an empty or new folder", file=sys.stderr)
        return 1
    try:
        config = site_config(root, warn=lambda message: print(f"{name}: {printable(message)}", file=sys.stderr))
    except ConfigUnusable as error:
        print(f"{name}: error: {printable(str(error))}", file=sys.stderr)
        return 1
    project, analysis = load_and_check(root, site=config)
    pin_source_date_epoch(project.settings.revision)
    settings = project.settings
    history = settings.repo_url.rstrip("/") + "/commits/main/" if settings.repo_url else None
    site = build_site(project, analysis, directory_urls=settings.directory_urls, pdf_links=args.pdf, template_dirs=settings.template_dirs, history_base=history)
    data = publish(Publication(project, settings), analysis, site.pages)

    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", docs)
    docs.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("", encoding="utf-8")
    for page in site.pages:
        try:
            src_uri = str(handoff.handoff(page.src_uri, "page"))
            fields: dict[str, object] = {}
            if page.kind != "home":
                fields["title"] = page.document_title or page.title
            citation = data.citation_for(page.src_uri)
            if citation is not None:
                if citation.description:
                    fields["description"] = citation.description
                fields["tc_head"] = citation.head_html()
                fields["tc_body"] = citation.body_html()
            fields["tc_edit_url"] = _edit_url(settings.repo_url, config, page.edit_path, page.edit_is_new, handoff)
            text = handoff.front_matter(fields, handoff.ZENSICAL_FRONT_MATTER) + page.markdown
        except handoff.Refused as refused:
            print(f"{name}: page left out: {printable(str(refused))}", file=sys.stderr)
            continue
        _write(docs / src_uri, text.encode("utf-8"))
    for path, text_file in site.files.items():
        _write(docs / str(handoff.handoff(path, "page")), text_file.encode("utf-8"))
    assets = resources.files("commentary_build").joinpath("assets")
    for asset in (*STYLESHEETS, *SCRIPTS):
        _write(docs / ASSET_DIR / asset, assets.joinpath(asset).read_bytes())
    if site.search is not None:
        # The search index, made now from the engine's records into docs/pagefind/ (Zensical copies it as it is): the treaty
        # texts, notes, proposals and tracker rows. The pages MkDocs indexes whole (About, the bibliography, docs/) are
        # not in it: they are indexed from their built HTML, which exists only after Zensical's build.
        from ..export.search_index import OUTPUT_FOLDER, SearchIndexError, write_search_index

        try:
            write_search_index(docs, site.search, [])
        except SearchIndexError as error:
            print(f"{name}: warning: search index not made ({printable(str(error))}); the site's search box will say it has none", file=sys.stderr)
        else:
            print(f"{name}: search index written under {printable(str(docs / OUTPUT_FOLDER))}", file=sys.stderr)
    for path, content in data.files.items():
        _write(docs / path, content)
    if args.pdf:
        from ..export.pdf import print_options, site_pdfs

        for path, content in site_pdfs(project, analysis, print_options(project)).items():
            _write(docs / path, content)
    generated = _config(root, folder, config, site, handoff)
    (folder / "mkdocs.yml").write_text(generated, encoding="utf-8")
    pages = len(site.pages)
    print(f"{name}: wrote {pages} generated pages, {len(data.files)} data files and the configuration under {printable(str(folder))}; "
          f"build with: zensical build -f {printable(str(folder / 'mkdocs.yml'))}", file=sys.stderr)
    for problem in site.report.sorted():
        if problem.fails_strict:
            print(problem.format(), file=sys.stderr)
    return 1 if any(p.fails_strict and p.severity == "error" for p in site.report.sorted()) else 0


def _edit_url(repo_url: str | None, config, edit_path: str | None, is_new: bool, handoff) -> str:
    """The address "edit this page" opens for a generated page (its note, or the folder a new note goes in), or ""."""
    if not repo_url or not edit_path:
        return ""
    prefix = config.new_file_uri if is_new else config.edit_file_uri
    address = repo_url.rstrip("/") + "/" + prefix + str(handoff.handoff(edit_path, "path"))
    handoff.handoff(address, "url")  # refused unless http(s), without spaces or control characters
    return address


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _plain(value: Any) -> Any:
    """Markup and other str subclasses as plain str, so PyYAML's safe dumper writes them."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


def _config(root: Path, folder: Path, config, site, handoff) -> str:
    """The generator's configuration: the site's mkdocs.yml, with what the plugin would set filled in."""
    source = Path(config.source) if config.source else root / "mkdocs.yml"
    values: dict[str, Any] = {
        "INHERIT": str(source.resolve()),
        "docs_dir": "docs",
        "site_dir": "site",
        # The engine's pages, then the hand-written ones as mkdocs.yml lists them; titles escaped, as Zensical prints them raw.
        "nav": handoff.nav(site.nav) + list(config.nav),
        # The plugin is not run here: its pages are in docs/ already.
        "plugins": ["search"],
        "extra_css": [f"{ASSET_DIR}/{name}" for name in STYLESHEETS],
        "extra_javascript": [f"{ASSET_DIR}/{name}" for name in SCRIPTS],
        # The footer partial escapes each value with |e, so they go as plain text.
        "extra": {"treaty_commentary_footer": {key: handoff.handoff(value, "plain") for key, value in site.footer.items()}},
    }
    if config.theme_dir is not None:
        values["theme"] = {"custom_dir": str(config.theme_dir)}
    header = "# Written by `commentary write-docs`; do not edit (it is replaced on each run). Build with: zensical build -f <this file>\n"
    return header + yaml.safe_dump(_plain(values), allow_unicode=True, sort_keys=False, width=200)
