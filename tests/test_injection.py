"""Untrusted commentary: every payload of tests/injection/payloads.yml in every field a contributor
controls, built by MkDocs, and the HTML checked: nothing can run, style or frame the page, and
template syntax is shown, never evaluated."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml

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
        "themes": ["scope"],
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
         "URL": "javascript:alert(1)" if "javascript" not in item["payload"] else _one_line(item["payload"]),
         "issued": {"date-parts": [[2024]]}}
        for item in PAYLOADS
    ]


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("injected"))
    notes = project / "commentary" / "uncc" / "art-40"
    for item in PAYLOADS:
        (notes / f"injected-{item['id']}.md").write_text(_note_file(item), encoding="utf-8")
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
    site = project / "site"
    build_with_mkdocs(project, site, strict=False)
    return site


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
        unknown = [lxml.html.tostring(s)[:120] for s in root.iter("script") if _script_signature(s) not in known_scripts]
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
