"""The one boundary to the site generator (render/handoff.py): what it makes of each kind of value, and that the
MkDocs adapter hands MkDocs nothing else (navigation, front matter, edit addresses, the footer's ``extra``)."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.utils.meta import get_data

from commentary_build.render.handoff import Refused, front_matter, handoff, nav

FILE_NAMES = ['"><img src=x onerror=alert(1)>.md', 'x" onmouseover="alert(1)" y=".md']


@pytest.mark.parametrize("text,escaped", [
    ("Costs & benefits: A < B", "Costs &amp; benefits: A &lt; B"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ('x" onmouseover="alert(1)" y="', "x&#34; onmouseover=&#34;alert(1)&#34; y=&#34;"),
    ("&lt;/title&gt;", "&amp;lt;/title&amp;gt;"),  # shown as written: the reader sees "&lt;/title&gt;"
    ("two\nlines\tand\u2028more", "two lines and more"),
    ("nul\x00 vt\x0b esc\x1b[31m nel\x85 \ud800", "nul\ufffd vt\ufffd esc\ufffd[31m nel\ufffd \ufffd"),
    ("\U0001f600 \u202e", "\U0001f600 \u202e"),
])
def test_text_is_escaped_once_on_one_line(text, escaped):
    result = handoff(text, "text")
    assert isinstance(result, Markup) and str(result) == escaped
    # A template that escapes it again (|e) changes nothing: Markup is already escaped.
    assert str(Markup.escape(result)) == escaped


@pytest.mark.parametrize("name", FILE_NAMES + ["a#b?c=%d e.md", "nl-id\n.md", "caf\u00e9.md"])
def test_a_file_name_in_an_address_is_percent_encoded(name):
    encoded = handoff(f"commentary/uncc/art-40/{name}", "path")
    assert encoded.startswith("commentary/uncc/art-40/")
    assert re.fullmatch(r"[A-Za-z0-9_.~/%-]+", encoded), encoded
    from urllib.parse import unquote

    assert unquote(encoded) == f"commentary/uncc/art-40/{name}"


@pytest.mark.parametrize("path", ["", "/etc/passwd", "../secrets.md", "commentary/../../x.md", "commentary//x.md", "commentary/.."])
def test_a_path_that_leaves_the_repository_is_refused(path):
    with pytest.raises(Refused):
        handoff(path, "path")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x",
                                 " https://example.org", "https://example.org/a b", "https://example.org/\x00", "x:y/z"])
def test_an_address_that_is_not_http_or_relative_is_refused(url):
    with pytest.raises(Refused):
        handoff(url, "url")


def test_an_address_is_escaped_for_an_attribute():
    assert str(handoff('https://example.org/"onmouseover="alert(1)', "url")) == "https://example.org/&#34;onmouseover=&#34;alert(1)"
    assert str(handoff("about/", "url")) == "about/" and str(handoff("../about/?a=1&b=2", "url")) == "../about/?a=1&amp;b=2"


@pytest.mark.parametrize("page", ["uncc/Art-40.md", "uncc/art 40.md", 'uncc/"x".md', "../x.md", "uncc/../x.md", "/x.md", "uncc/art-40\n.md"])
def test_a_page_path_that_is_not_plain_is_refused(page):
    with pytest.raises(Refused):
        handoff(page, "page")


def test_html_passes_only_as_markup():
    assert handoff(Markup('<meta name="a" content="b">'), "html") == Markup('<meta name="a" content="b">')
    assert handoff('<script>alert(1)</script>', "html") == Markup("&lt;script&gt;alert(1)&lt;/script&gt;")


def test_a_navigation_tree_has_every_title_escaped_and_every_page_checked():
    tree = nav([{"Home": "index.md"}, {"<b>Themes</b> & more": [{"All": "themes/index.md"}, "themes/x.md"]}])
    assert tree == [{Markup("Home"): "index.md"}, {Markup("&lt;b&gt;Themes&lt;/b&gt; &amp; more"): [{Markup("All"): "themes/index.md"}, "themes/x.md"]}]
    with pytest.raises(Refused):
        nav([{"x": 'themes/"x".md'}])


@settings(max_examples=500)
@given(st.text())
def test_the_front_matter_is_valid_yaml_for_every_string(title):
    """MkDocs reads it back as front matter (never shown as text) and gets the escaped title; json.dumps wrote a character
    outside the BMP as two surrogate escapes, which YAML refuses."""
    written = front_matter({"title": title})
    body, meta = get_data(written + "# Heading\n")
    assert body == "# Heading\n" and meta == {"title": str(handoff(title, "text"))}


def test_the_front_matter_of_a_title_outside_the_bmp():
    written = front_matter({"title": "Data \U0001f600 & <b>"})
    assert yaml.safe_load(written.split("---\n")[1]) == {"title": "Data \U0001f600 &amp; &lt;b&gt;"}


# --------------------------------------------------------------------------- the adapter hands over nothing else


def _walk_nav(entries):
    for entry in entries:
        if isinstance(entry, dict):
            for title, value in entry.items():
                yield title
                if isinstance(value, list):
                    yield from _walk_nav(value)


def test_the_adapter_hands_mkdocs_only_escaped_titles_front_matter_and_addresses(project_copy):
    """The plugin's on_config, on_files and on_page_markdown (where a page gets its meta title), run as MkDocs runs them,
    on a project whose titles are markup."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    themes = project_copy / "commentary" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("label: Scope", "label: \"Scope </title><b>&amp;\""), encoding="utf-8")
    article = project_copy / "content" / "uncc" / "text" / "articles" / "art-003.yml"
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"(?m)^title: .*$", 'title: "Scope \U0001f600 <i>of</i> application"', text, count=1), encoding="utf-8")
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(project_copy / "site"))
    config.plugins["treaty-commentary"].config.pdf = False
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    titles = list(_walk_nav(config.nav))
    generated = [title for title in titles if title not in ("The text format", "Open data")]  # mkdocs.yml's own
    assert generated and all(isinstance(title, Markup) for title in generated)
    assert Markup("Scope &lt;/title&gt;&lt;b&gt;&amp;amp;") in titles
    assert Markup("Art. 3 Scope \U0001f600 &lt;i&gt;of&lt;/i&gt; application") in titles
    assert all(isinstance(value, Markup) for value in config.extra["treaty_commentary_footer"].values())
    files = config.plugins.on_files(Files([]), config=config)
    pages = {file.src_uri: file for file in files if file.src_uri.endswith(".md")}
    metas = {}
    for src_uri, file in pages.items():
        # As MkDocs reads a page: its source (front matter included), then the plugins' on_page_markdown.
        page = Page(None, file, config)
        page.read_source(config)
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        metas[src_uri] = page.meta
        if src_uri == "index.md":
            assert not page.meta  # the home page's <title> is the site's name
            continue
        # The title and description are the plugin's, escaped alike (Material prints both raw, the description in an
        # attribute); a wide page's own front matter (the matrix, the tracker) hides the table of contents.
        assert set(page.meta) - {"hide"} <= {"title", "description"} and "title" in page.meta, src_uri
        assert all("<" not in page.meta[key] and '"' not in page.meta[key] for key in ("title", "description") if key in page.meta), src_uri
        if file.edit_uri:
            assert re.fullmatch(r"(\.\./)*[a-z]+/main/[A-Za-z0-9_.~/%-]+", file.edit_uri), file.edit_uri
    assert metas["uncc/art-3.md"]["title"] == "Art 3 — Scope \U0001f600 &lt;i&gt;of&lt;/i&gt; application · UN Convention against Cybercrime"
    assert metas["themes/scope.md"]["title"] == "Scope &lt;/title&gt;&lt;b&gt;&amp;amp;"
