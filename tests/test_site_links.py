"""Every link on the built site leads somewhere: the page exists, and so does the anchor it names."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

SKIPPED_SCHEMES = {"http", "https", "mailto"}


def _pages(site: Path) -> dict[str, lxml.html.HtmlElement]:
    return {
        path.relative_to(site).as_posix(): lxml.html.fromstring(path.read_bytes())
        for path in site.rglob("*.html")
        if path.name != "404.html"
    }


def _target_file(site: Path, page: str, href: str) -> str | None:
    parts = urlsplit(href)
    folder = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path))) if parts.path else page
    if target.startswith(".."):
        return None
    if (site / target).is_dir() or parts.path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target


def test_every_internal_link_resolves_to_a_page_and_anchor(built_site):
    pages = _pages(built_site)
    ids = {name: {element.get("id") for element in doc.iter() if element.get("id")} for name, doc in pages.items()}
    broken = []
    for name, doc in pages.items():
        for link in doc.iter("a"):
            href = link.get("href")
            if not href or urlsplit(href).scheme in SKIPPED_SCHEMES or href.startswith("javascript"):
                continue
            target = _target_file(built_site, name, href)
            if target is None or not (built_site / target).exists():
                broken.append(f"{name}: {href} (no page)")
                continue
            fragment = urlsplit(href).fragment
            if fragment and target in ids and unquote(fragment) not in ids[target]:
                broken.append(f"{name}: {href} (no anchor '{fragment}')")
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(broken[:25])


def test_no_page_has_an_id_twice(built_site):
    """An id given twice sends every link to it to the first: a note must not be able to take another's anchor."""
    for html_file in built_site.rglob("*.html"):
        ids = lxml.html.parse(str(html_file)).getroot().xpath("//@id")
        assert len(ids) == len(set(ids)), (html_file.relative_to(built_site), sorted({i for i in ids if ids.count(i) > 1})[:5])
