"""Search that understands citations: a citation-shaped query offers the provision itself first, and Enter goes there."""

from __future__ import annotations

import json

import pytest

from browser_support import requires_chromium
from commentary_build.load.project import load_project
from commentary_build.render.citation_index import CITATION_INDEX, aliases
from commentary_build.transform.pinpoints import pinpoint
from conftest import ROOT

pytestmark = requires_chromium

# (query, the URL path and fragment it must land on)
QUERIES = [
    ("art 40(8)", "uncc/art-40/#art-40-8"),
    ("Article 40, paragraph 8", "uncc/art-40/#art-40-8"),
    ("Art. 40 (21) (b)", "uncc/art-40/#art-40-21-b"),
    ("Budapest 15", "budapest/art-15/"),
    ("BC art 27(4)", "budapest/art-27/#art-27-4"),
    ("CND 61", "uncc/art-40/"),
]


def _type_query(page, site_url: str, query: str):
    page.goto(site_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=15)
    first = page.locator(".md-search-result__list .md-search-result__item").first
    first.locator(".tc-cite-result, a").first.wait_for(timeout=30_000)
    page.wait_for_selector(".tc-cite-result", timeout=30_000)
    return page.locator(".md-search-result__list > li").first


@pytest.mark.parametrize("query,target", QUERIES)
def test_a_citation_query_offers_the_provision_first_and_enter_goes_there(page, site_url, query, target):
    first = _type_query(page, site_url, query)
    assert "tc-cite-result" in (first.get_attribute("class") or "")
    assert first.locator("a").get_attribute("href") == site_url + target
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + target)
    if "#" in target:
        anchor = target.split("#", 1)[1]
        page.wait_for_function("id => { const el = document.getElementById(id); if (!el) return false;"
                               " const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }", arg=anchor)


def test_an_ordinary_query_gets_no_citation_result(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("dual criminality", delay=15)
    page.locator(".md-search-result__item a").first.wait_for(timeout=30_000)
    assert page.locator(".tc-cite-result").count() == 0


def test_the_index_holds_every_provision_of_every_text(built_site):
    index = json.loads((built_site / CITATION_INDEX).read_text(encoding="utf-8"))
    project = load_project(ROOT)
    by_id = {entry["id"]: entry for entry in index["instruments"]}
    for instrument in project.instruments.values():
        entry = by_id[instrument.id]
        assert entry["aliases"] == aliases(instrument)
        hrefs = {href for href, _title in entry["units"].values()}
        for article in instrument.articles.values():
            assert any(h.startswith(f"{instrument.id}/{article.id}/") for h in hrefs)
            # every unit with a pinpoint of its own ("art 40(21)(b)", not a dash item's) is reachable by it
            for unit in article.walk():
                parent_pin = pinpoint(unit.parent) if unit.parent else pinpoint(article)
                if pinpoint(unit) != parent_pin:
                    assert f"{instrument.id}/{article.id}/#{unit.id}" in hrefs, unit.id
