"""The built site asks no other host for anything: every stylesheet, script, image, font and
import comes from the site itself. Links for the reader to follow (<a href>) may go anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

LOADED_BY_HTML = (("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                  ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                  ("object", "data"), ("image", "href"), ("use", "href"))
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
LOCAL_HOSTS = {None, "", "127.0.0.1", "localhost"}
# The <link> relations a browser fetches; the others (canonical, alternate, describedby …) only name an address.
FETCHED_LINKS = {"stylesheet", "icon", "apple-touch-icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch"}


def _offsite(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname not in LOCAL_HOSTS


def test_no_html_resource_from_another_host(built_site: Path):
    found = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        root = lxml.html.parse(str(path)).getroot()
        for tag, attribute in LOADED_BY_HTML:
            for element in root.iter(tag):
                if tag == "link" and not FETCHED_LINKS & set((element.get("rel") or "").lower().split()):
                    continue
                for url in re.split(r",\s*", element.get(attribute) or ""):
                    if url and _offsite(url.split()[0]):
                        found.append((path.relative_to(built_site).as_posix(), tag, url))
        for element in root.iter():
            if isinstance(element.tag, str) and element.get("style"):
                found.extend((path.name, "style", url) for url in _css_urls(element.get("style")) if _offsite(url))
        for style in root.iter("style"):
            found.extend((path.name, "<style>", url) for url in _css_urls(style.text or "") if _offsite(url))
    assert found == []


def _css_urls(css: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in CSS_URL.finditer(css)]


def test_no_stylesheet_imports_or_fonts_from_another_host(built_site: Path):
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets, "no stylesheets in the site"
    found = [(path.name, url) for path in sheets for url in _css_urls(path.read_text(encoding="utf-8")) if _offsite(url)]
    assert found == []
    assert not list(built_site.rglob("*.woff*")), "web fonts are shipped though theme.font is false"


def test_the_offsite_check_sees_what_it_must():
    assert _offsite("https://fonts.googleapis.com/css?family=Roboto")
    assert _offsite("//cdn.example.org/x.js")
    assert not _offsite("../assets/stylesheets/main.css")
    assert not _offsite("http://127.0.0.1:8000/x.css")
    assert _css_urls("a{background:url('https://x.example/a.png')} @import \"https://y.example/b.css\";") == [
        "https://x.example/a.png", "https://y.example/b.css"]
