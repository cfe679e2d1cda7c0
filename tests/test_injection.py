"""Untrusted commentary: every payload of tests/injection/payloads.yml in every field a contributor
controls that reaches a page, built by MkDocs, the HTML checked and the pages run in Chromium:
nothing can run, style or frame the page, template syntax is shown, never evaluated, and what
MkDocs and Material print themselves (navigation, page titles, the footer) shows the text as written."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from browser_support import requires_chromium, serve
from conftest import build_with_mkdocs

PAYLOADS = yaml.safe_load((Path(__file__).parent / "injection" / "payloads.yml").read_text(encoding="utf-8"))
# A quote of Article 40(8) that every injected redline replaces.
QUOTE = "States Parties may decline to render assistance pursuant to this article"
DANGEROUS_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "{http://www.w3.org/1999/xlink}href", "srcset", "poster")
FORBIDDEN_IN_CONTENT = ("iframe", "frame", "style", "object", "embed", "form", "base", "meta", "link", "script", "img")


def _one_line(payload: str) -> str:
    # Single-line fields (titles, names, labels) refuse a line break (C006), so a payload
    # that needs one reaches them with spaces instead: every character but the newline.
    return " ".join(payload.split("\n"))
EDITION_TITLE = "<script>alert(1)</script> edition"
EDITION_EDITORS = "<img src=x onerror=alert(1)> editors"


def _note_file(item: dict) -> str:
    payload = item["payload"]
    line = _one_line(payload)
    front = {
        "title": f"Injected {item['id']}: {line}",
        "target": "art-40-8",
        "authors": [{"name": line, "organisation": line}],
        "date": "2024-01-01",
        "themes": ["scope", f"inj-{item['id']}"],
        "draft": line,
        "proposals": [{
            "id": f"inj-{item['id']}",
            "title": f"Injected proposal: {line}",
            "label": line,
            "proponent": line,
            "date": "2024-01-01",
            "rationale": f"{payload}\n\nCited [@inj-{item['id']}].",
            "edits": [{"target": "art-40-8", "op": "replace", "quote": QUOTE, "text": payload}],
        }],
    }
    body = f"{payload}\n\nInline {payload} and cited [@inj-{item['id']}, p 1].\n\n- {payload}\n\n> {payload}\n"
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def _bibliography_entries() -> list[dict]:
    return [
        {"id": f"inj-{item['id']}", "type": "report", "title": item["payload"], "short-title": _one_line(item["payload"]),
         "author": [{"literal": _one_line(item["payload"])}], "publisher": _one_line(item["payload"]),
         # A javascript: address is refused by the schema (C041): an http one that tries to leave its attribute is not.
         "URL": 'https://example.org/"><img/src=x/onerror=window.__injected=1>',
         "issued": {"date-parts": [[2024]]}}
        for item in PAYLOADS
    ]


# Note file names that would break out of the "Edit this page" link: refused by the name rule (C075), never read.
BAD_NOTE_NAMES = ['"><img src=x onerror="window.__injected=1">.md', 'x" onmouseover="window.__injected=1" y=".md']
# Article N of the Convention is titled with the N-th payload; the text's label and a chapter's title carry one too.
TEXT_LABEL = 'Budapest <img src=x onerror="window.__injected=1"> Convention'
CHAPTER_TITLE = "General provisions </title><script>window.__injected=1</script>"


def _article_title(item: dict) -> str:
    return f"Injected {item['id']}: {_one_line(item['payload'])}"


def _rewrite_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _inject_texts_and_themes(project: Path) -> None:
    """Theme labels and descriptions, article titles, a chapter's title and a text's label: they reach the navigation
    (every page), page titles (<title>, front matter) and Material's search, which MkDocs' templates print unescaped."""
    def add_themes(data):
        data["themes"] += [{"id": f"inj-{item['id']}", "label": _one_line(item["payload"]), "description": _one_line(item["payload"])} for item in PAYLOADS]

    _rewrite_yaml(project / "commentary" / "themes.yml", add_themes)
    articles = project / "content" / "uncc" / "text" / "articles"
    for number, item in enumerate(PAYLOADS, start=1):
        _rewrite_yaml(articles / f"art-{number:03d}.yml", lambda data, item=item: data.update(title=_article_title(item)))
    _rewrite_yaml(project / "content" / "uncc" / "text" / "divisions.yml", lambda data: data[0].update(title=CHAPTER_TITLE))
    _rewrite_yaml(project / "content" / "budapest" / "instrument.yml", lambda data: data.update(label=TEXT_LABEL))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def injected_build(tmp_path_factory):
    """The injected project built by MkDocs (not strict: every payload is published as far as it can be), and its build log."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("injected"))
    notes = project / "commentary" / "uncc" / "art-40"
    for item in PAYLOADS:
        (notes / f"injected-{item['id']}.md").write_text(_note_file(item), encoding="utf-8")
    for name in BAD_NOTE_NAMES:
        (project / "commentary" / "uncc" / "art-3" / name).write_text(_note_file(PAYLOADS[0]).replace("art-40-8", "art-3"), encoding="utf-8")
    _inject_texts_and_themes(project)
    # Recommendations too: the report's source key becomes a heading anchor on the tracker page.
    for item in PAYLOADS:
        recommendation = {"id": f"inj-{item['id']}", "summary": item["payload"], "status": "reflected", "locator": item["payload"],
                          "draft_provision": item["payload"], "provisions": ["art-40-8"], "assessment": item["payload"]}
        data = {"source": item["payload"], "title": item["payload"], "recommendations": [recommendation]}
        (project / "commentary" / "recommendations" / f"injected-{item['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bibliography = project / "commentary" / "bibliography.yaml"
    entries = yaml.safe_dump(_bibliography_entries(), allow_unicode=True, sort_keys=False)
    bibliography.write_text(bibliography.read_text(encoding="utf-8") + "\n" + entries, encoding="utf-8")
    # The edition too: its title and editors reach every page's footer (drawn by a theme partial,
    # where MkDocs does not autoescape) and the About page, its Markdown fields the About page.
    edition_file = project / "commentary" / "edition.yml"
    edition = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    markdown_payloads = "\n\n".join(item["payload"] for item in PAYLOADS)
    edition.update({
        "title": EDITION_TITLE, "editors": EDITION_EDITORS, "editors_description": markdown_payloads, "method": markdown_payloads,
        "contact": {"label": EDITION_TITLE, "url": 'https://example.org/"onmouseover="alert(1)'},
    })
    edition_file.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # A hand-written page is indexed whole, and Pagefind reads its data-pagefind-meta wherever it is: one that names
    # another address for its result (search.js must not make it a link).
    (project / "docs" / "format" / "injected-search.md").write_text(
        'Page docsmetaattack <span data-pagefind-meta="url:javascript:window.__injected=1">x</span>\n', encoding="utf-8")
    site = project / "site"
    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    try:
        build_with_mkdocs(project, site, strict=False)
    finally:
        logger.removeHandler(records)
    return site, records.messages


@pytest.fixture(scope="module")
def injected_site(injected_build) -> Path:
    return injected_build[0]


def _script_signature(script) -> str:
    if script.get("src"):
        return "src:" + re.sub(r"^(\.\./)+", "", script.get("src"))
    # Material's inline scripts differ between pages only by relative paths ("../..", "../assets/...").
    relative = re.sub(r"(\.\./)+", "", script.text or "")
    return f"inline:{script.get('type', '')}:" + re.sub(r'"\.\.?"', '"."', relative)


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), lxml.html.parse(str(path)).getroot()


@pytest.fixture(scope="module")
def injected_pages(injected_site) -> list:
    return list(_pages(injected_site))


@pytest.fixture(scope="module")
def known_scripts(built_site) -> set[str]:
    """The scripts of the shipped site: Material's bootstrap and bundle, and our commentary.js."""
    known = set()
    for page in ("index.html", "uncc/art-40/index.html", "404.html"):
        root = lxml.html.parse(str(built_site / page)).getroot()
        known.update(_script_signature(s) for s in root.iter("script"))
    return known


def test_every_payload_reached_the_page(injected_site):
    root = lxml.html.parse(str(injected_site / "uncc" / "art-40" / "index.html")).getroot()
    notes = {el.get("data-note") for el in root.cssselect(".tc-note")}
    proposals = {el.get("id") for el in root.cssselect(".tc-proposal[id]")}
    for item in PAYLOADS:
        assert f"uncc/art-40/injected-{item['id']}" in notes, f"note for {item['id']} missing: {sorted(notes)}"
        assert f"proposal-inj-{item['id']}" in proposals


def test_no_script_but_the_sites_own(injected_pages, known_scripts):
    for name, root in injected_pages:
        scripts = list(root.iter("script"))
        # JSON-LD is data, never run; it must still be one JSON value that no payload closed or cut short.
        for data in (s for s in scripts if s.get("type") == "application/ld+json"):
            assert data.get("src") is None and isinstance(json.loads(data.text or ""), dict), name
        unknown = [lxml.html.tostring(s)[:120] for s in scripts
                   if s.get("type") != "application/ld+json" and _script_signature(s) not in known_scripts]
        assert unknown == [], f"{name}: unexpected scripts {unknown}"


def test_no_event_handler_attribute(injected_pages):
    for name, root in injected_pages:
        handlers = [(el.tag, attr) for el in root.iter() if isinstance(el.tag, str) for attr in el.attrib if attr.lower().startswith("on")]
        assert handlers == [], f"{name}: event handlers {handlers}"


def test_no_javascript_or_data_urls(injected_pages):
    for name, root in injected_pages:
        bad = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in URL_ATTRIBUTES:
                value = el.get(attr)
                if value is not None and DANGEROUS_SCHEME.match(re.sub(r"[\x00-\x20\x7f]+", "", value)):
                    bad.append((el.tag, attr, value))
        assert bad == [], f"{name}: {bad}"


def test_no_frames_styles_or_embedded_content_in_the_content_area(injected_pages):
    for name, root in injected_pages:
        for content in root.cssselect(".md-content"):
            found = [el.tag for el in content.iter() if isinstance(el.tag, str) and el.tag in FORBIDDEN_IN_CONTENT]
            assert found == [], f"{name}: {found} inside .md-content"
            # No contributor-supplied inline style either (only the sanitiser's text-align on table cells).
            styled = [(el.tag, el.get("style")) for el in content.iter()
                      if isinstance(el.tag, str) and el.get("style") and not re.fullmatch(r"text-align:\s*\w+;?", el.get("style"))]
            assert styled == [], f"{name}: inline styles {styled}"


def test_template_syntax_and_markup_reach_the_reader_as_text(injected_site):
    root = lxml.html.parse(str(injected_site / "uncc" / "art-40" / "index.html")).getroot()
    text = root.cssselect(".md-content")[0].text_content()
    for item in PAYLOADS:
        if "literal" in item:
            assert item["literal"] in text, f"{item['id']}: {item['literal']!r} not shown literally"
    # MkDocs' config would print as a dict with the site name if the braces were ever evaluated.
    assert "site_name" not in text and "'theme':" not in text
    # Nor did the engine's templates evaluate any field: the title would read "Injected jinja-arithmetic: 49".
    for item in PAYLOADS:
        if "evaluated" in item:
            assert f"Injected {item['id']}: {item['payload']}" in text
            assert f"Injected {item['id']}: {item['evaluated']}" not in text
    # Escaped text stays escaped once, not turned into markup nor escaped twice.
    assert "&lt;script&gt;" in text
    assert "&amp;lt;" not in text


def test_bibliography_page_shows_the_malicious_source_as_text(injected_site):
    root = lxml.html.parse(str(injected_site / "bibliography" / "index.html")).getroot()
    text = root.cssselect(".md-content")[0].text_content()
    assert "<script>alert(1)</script>" in text
    links = [a.get("href") for a in root.cssselect(".md-content a[href]")]
    assert not [href for href in links if "alert" in href]


def test_the_editions_values_reach_the_footer_and_about_page_as_text(injected_site):
    for page in ("index.html", "uncc/art-40/index.html", "about/index.html", "404.html"):
        root = lxml.html.parse(str(injected_site / page)).getroot()
        (footer,) = root.cssselect(".md-footer .tc-footer")
        assert footer.cssselect(".tc-footer-name")[0].text_content() == EDITION_TITLE, page
        assert EDITION_EDITORS in footer.text_content(), page
        assert not footer.cssselect("script, img"), page
        contact = [a for a in footer.cssselect("a") if a.text_content() == EDITION_TITLE][0]
        assert contact.get("href") == 'https://example.org/"onmouseover="alert(1)' and contact.get("onmouseover") is None
    about = lxml.html.parse(str(injected_site / "about" / "index.html")).getroot()
    assert about.cssselect(".tc-editors")[0].text_content() == EDITION_EDITORS


# --------------------------------------------------------------------------- what MkDocs and Material print themselves


def _nav_texts(root) -> list[str]:
    return [" ".join(link.text_content().split()) for link in root.cssselect(".md-nav__link")]


def _document_title(root) -> str:
    (title,) = root.iter("title")
    return " ".join(title.text_content().split())


def test_theme_labels_reach_every_pages_navigation_as_text(injected_site, injected_pages):
    site_name = _document_title(lxml.html.parse(str(injected_site / "index.html")).getroot())
    for item in PAYLOADS:
        label = " ".join(_one_line(item["payload"]).split())
        page = lxml.html.parse(str(injected_site / "themes" / f"inj-{item['id']}" / "index.html")).getroot()
        assert label in _nav_texts(page), item["id"]
        # The tab's title is the label, whole: nothing ended <title> early (Material's striptags would unescape).
        assert _document_title(page) == f"{label} - {site_name}", item["id"]
    # Every page lists the themes in its navigation (a stored script there would run on all of them).
    for name, root in injected_pages:
        if root.cssselect(".md-nav"):
            assert "Costs & benefits: A < B" in _nav_texts(root), name


def test_article_titles_from_content_reach_navigation_headings_and_titles_as_text(injected_site):
    for number, item in enumerate(PAYLOADS, start=1):
        title = _article_title(item)
        page = lxml.html.parse(str(injected_site / "uncc" / f"art-{number}" / "index.html")).getroot()
        assert f"Art. {number} {' '.join(title.split())}" in _nav_texts(page), item["id"]
        assert " ".join(page.cssselect(".md-content h1")[0].text_content().split()).rstrip("¶").endswith(" ".join(title.split())), item["id"]
        assert _document_title(page).startswith(f"Art {number} — {' '.join(title.split())} · UN Convention against Cybercrime - "), item["id"]
        # The front matter was read as front matter, never shown as text.
        assert "title:" not in page.cssselect(".md-content")[0].text_content()[:200]


def test_a_texts_label_and_a_chapters_title_reach_the_navigation_as_text(injected_site):
    page = lxml.html.parse(str(injected_site / "budapest" / "art-25" / "index.html")).getroot()
    assert TEXT_LABEL in _nav_texts(page)
    assert _document_title(page).startswith("Art 25 — ") and _document_title(page).endswith(f" · {TEXT_LABEL} - Cybercrime conventions, annotated")
    chapter = lxml.html.parse(str(injected_site / "uncc" / "chp-1" / "index.html")).getroot()
    assert f"Chapter I. {CHAPTER_TITLE}" in _nav_texts(chapter)
    assert CHAPTER_TITLE in _document_title(chapter)


def test_note_file_names_that_would_break_a_link_are_refused_and_named(injected_build):
    site, log = injected_build
    for name in BAD_NOTE_NAMES:
        reported = [message for message in log if f"commentary/uncc/art-3/{name}:1: error[C075]" in message]
        assert reported, name
    root = lxml.html.parse(str(site / "uncc" / "art-3" / "index.html")).getroot()
    assert [note.get("data-note") for note in root.cssselect(".tc-note")] == ["uncc/art-3/scope-of-application"]
    edit = [a.get("href") for a in root.cssselect("a.md-content__button")]
    assert edit and all(re.fullmatch(r"https://github\.com/[\w./-]+", href) for href in edit), edit


def test_every_payload_reaches_the_search_index_as_text(injected_site):
    """The search records are drawn by escaping templates: each payload of a note's title comes back from
    Pagefind's index as the same text (a tag in it would have been taken for markup and dropped)."""
    from search_support import fragments

    records = fragments(injected_site)
    # Pagefind keeps a value's words, its runs of spaces as one.
    names = {" ".join(record["meta"].get("name", "").split()) for record in records}
    for item in PAYLOADS:
        assert " ".join(f"Injected {item['id']}: {_one_line(item['payload'])}".split()) in names, item["id"]
    themes = {theme for record in records for theme in record["filters"].get("theme", [])}
    assert any("<" in theme for theme in themes)
    assert TEXT_LABEL in {text for record in records for text in record["filters"].get("text", [])}


def test_the_build_log_carries_no_line_a_file_started(injected_build):
    _, log = injected_build
    for message in log:
        for line in message.split("\n"):
            assert not line.lstrip().startswith("::"), line
            assert "\x1b" not in line and "\r" not in line


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def injected_url(injected_site):
    with serve(injected_site) as url:
        yield url


# Pages every kind of field reaches: navigation (all), theme labels, article titles, the text's label, a chapter,
# notes and proposals, bibliography, recommendations, the edition (footer, About), and the 404 page.
BROWSER_PAGES = ["", "uncc/art-40/", "uncc/art-1/", "uncc/art-27/", "uncc/chp-1/", "themes/", "themes/inj-global-img/", "themes/inj-title-break-out/",
                 "themes/inj-entity-title-break-out/", "budapest/art-25/", "bibliography/", "recommendations/", "proposals/", "about/", "404.html"]


@requires_chromium
def test_no_injected_script_runs_in_chromium(page, injected_url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in BROWSER_PAGES:
        page.goto(injected_url + path, wait_until="load")
        page.wait_for_timeout(150)  # an onerror handler of a broken image runs after load
        assert page.evaluate("window.__injected") is None, path
        assert dialogs == [], (path, dialogs)
    # The tab shows the theme's label as written, where Material's striptags would have turned entities into a tag.
    page.goto(injected_url + "themes/inj-entity-title-break-out/", wait_until="load")
    assert page.title().startswith("&lt;/title&gt;&lt;script&gt;window.__injected=1&lt;/script&gt; - ")
    # Search shows titles, places and words of every kind of record: search for them.
    page.goto(injected_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("Injected", delay=15)
    page.locator(".md-search-result__list a.md-search-result__link").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__injected") is None
    assert dialogs == []
    results = page.locator(".md-search-result__list").inner_text()
    assert "window.__injected" in results  # the payloads are shown, as text
    # A result is drawn from text only: no element of a payload reaches the results, whichever field it was in
    # (a note's or a proposal's title, a proponent, a theme or a text's label in the filters).
    for query in ("Injected proposal", "script", "onerror"):
        page.fill("input.md-search__input", query)
        page.wait_for_timeout(800)
        assert page.locator(".md-search__output :is(script, img, svg, iframe, style, object, embed, form)").count() == 0, query
        assert page.evaluate("window.__injected") is None and dialogs == [], query
    page.fill("input.md-search__input", "Injected proposal")
    page.wait_for_selector(".tc-hit--proposal")
    assert page.locator(".tc-hit--proposal .tc-hit-badge").first.text_content() == "Proposal · not adopted"
    assert "<script>alert(1)</script>" in page.locator(".md-search__output").inner_text()
    options = page.locator(".tc-search-filters option").all_text_contents()
    assert TEXT_LABEL in options


@requires_chromium
def test_search_takes_pagefinds_attributes_and_bidi_controls_in_a_record_as_text(page, injected_url):
    """Pagefind reads data-pagefind-* attributes anywhere in a record: a payload made of them stays words (the note
    is found by them, as commentary, with its own address), and a filter it names is not given to it. A right-to-left
    override in a proposal's title and proponent leaves the badge that says it is a proposal as it is."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(injected_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("Injected pagefind-attributes", delay=15)
    page.wait_for_selector(".tc-hit--commentary a[href*='#note-injected-pagefind-attributes']", timeout=30_000)
    hrefs = page.locator(".md-search-result__list a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(href.startswith(injected_url) for href in hrefs), hrefs
    words = page.locator(".tc-hit--commentary:has(a[href*='#note-injected-pagefind-attributes'])").first.inner_text()
    assert 'data-pagefind-meta="url:javascript:alert(1)"' in words
    # The payload's "kind:Treaty text" gave its note and proposal no such filter: only the article titled with it is text.
    page.select_option(".tc-search-filters select[name=kind]", "Treaty text")
    page.wait_for_function("() => { const li = [...document.querySelectorAll('.tc-hit')]; return li.length && li.every(l => l.classList.contains('tc-hit--text')); }")
    assert "data-pagefind-filter" in page.locator(".tc-hit--text").first.inner_text()
    page.select_option(".tc-search-filters select[name=kind]", "")
    # A record whose address is not on this site (the hand-written page that set its own) is left out, not linked.
    page.fill("input.md-search__input", "docsmetaattack")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent === '1 result'", timeout=30_000)
    assert page.locator(".md-search-result__list a[href^='javascript']").count() == 0
    assert page.locator(".md-search-result__list a").count() == 0
    page.fill("input.md-search__input", "Injected proposal Reversed")
    proposal = page.locator(".tc-hit--proposal:has(a[href$='#proposal-inj-bidi-override'])").first
    proposal.wait_for(timeout=30_000)
    assert proposal.locator(".tc-hit-badge").text_content() == "Proposal · not adopted"
    assert "\u202edetpoda ton\u202c" in proposal.locator(".tc-hit-title").text_content()
    assert proposal.locator(".tc-hit-detail").evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    assert page.evaluate("window.__injected") is None and dialogs == []
