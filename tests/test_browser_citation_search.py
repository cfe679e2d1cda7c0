"""The site's search in Chromium (assets/search.js over the Pagefind index): nothing fetched before search
opens; a citation offers the provision itself first, with its words, and Enter goes there; "article 15"
offers both texts; results are paragraphs with their words; stemming; filters by text, kind and theme;
a proposal shown as a proposal; the keys; a phone; the citation index holds every provision."""

from __future__ import annotations

import json
import re

import pytest

from browser_support import PHONE_CONTEXT, requires_chromium
from commentary_build.load.project import load_project
from commentary_build.render.citation_index import CITATION_INDEX, CITATION_SHARDS, aliases
from commentary_build.transform.pinpoints import pinpoint
from conftest import ROOT

pytestmark = requires_chromium

HITS = ".md-search-result__list > li"
LINKS = ".md-search-result__list a.md-search-result__link"

# (query, the URL path and fragment it must land on, the first words the citation result shows)
QUERIES = [
    ("art 40(8)", "uncc/art-40/#art-40-8", "8. States Parties may decline to render assistance"),
    ("Article 40, paragraph 8", "uncc/art-40/#art-40-8", "8. States Parties may decline to render assistance"),
    ("Art. 40 (21) (b)", "uncc/art-40/#art-40-21-b", "(b) If the requested State Party considers"),
    ("Budapest 15", "budapest/art-15/", "1. Each Party shall ensure"),
    ("BC art 27(4)", "budapest/art-27/#art-27-4", "4. The requested Party may"),
    ("CND 61", "uncc/art-40/", "1. States Parties shall afford one another the widest measure"),
]


def _open_and_type(page, site_url: str, query: str, path: str = "") -> None:
    page.goto(site_url + path, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=15)


def _results(page, min_count: int = 1):
    page.wait_for_function(f"n => document.querySelectorAll('{LINKS}').length >= n", arg=min_count, timeout=30_000)
    # The count line says the search has finished drawing (it reads "Searching…" until then).
    page.wait_for_function("() => /result|No results|provision cited/.test(document.querySelector('.md-search-result__meta').textContent)")
    return page.locator(HITS)


@pytest.mark.parametrize("query,target,words", QUERIES)
def test_a_citation_query_offers_the_provision_first_with_its_words_and_enter_goes_there(page, site_url, query, target, words):
    _open_and_type(page, site_url, query)
    page.wait_for_selector(".tc-cite-result", timeout=30_000)
    first = page.locator(HITS).first
    assert "tc-cite-result" in (first.get_attribute("class") or "")
    assert first.locator("a").get_attribute("href") == site_url + target
    # The paragraph's words, not "Go to the provision".
    shown = first.locator(".tc-hit-words").inner_text()
    assert shown.startswith(words), shown
    assert "Go to the provision" not in first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + target)
    if "#" in target:
        anchor = target.split("#", 1)[1]
        page.wait_for_function("id => { const el = document.getElementById(id); if (!el) return false;"
                               " const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }", arg=anchor)
    assert page.offsite == []


def test_article_15_offers_the_un_convention_and_also_the_budapest_convention(page, site_url):
    _open_and_type(page, site_url, "article 15")
    page.wait_for_function("() => document.querySelectorAll('.tc-cite-result').length === 2", timeout=30_000)
    first, also = page.locator(".tc-cite-result").all()
    assert first.locator("a").get_attribute("href") == site_url + "uncc/art-15/"
    assert "UN Convention against Cybercrime" in first.inner_text()
    assert also.locator("a").get_attribute("href") == site_url + "budapest/art-15/"
    assert also.locator(".tc-hit-title").inner_text().startswith("Also: Budapest Convention, Article 15")
    # A paragraph only one text has ("art 40(8)": the Budapest Convention's Art 40 has no paragraph 8) offers one.
    page.fill("input.md-search__input", "")
    page.keyboard.type("art 40(8)", delay=15)
    page.wait_for_function("() => { const c = document.querySelectorAll('.tc-cite-result'); return c.length === 1 && c[0].querySelector('a').href.endsWith('#art-40-8'); }")


def test_an_ordinary_query_gets_no_citation_result(page, site_url):
    _open_and_type(page, site_url, "dual criminality")
    hits = _results(page, 5)
    assert page.locator(".tc-cite-result").count() == 0
    # The adopted text ranks first: the treaty's paragraphs on dual criminality before what is said about them.
    assert "tc-hit--text" in (hits.first.get_attribute("class") or "")


def test_nothing_of_the_index_is_fetched_before_search_opens(page, site_url):
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: fetched.append((request.url, request.sizes()["responseBodySize"])))
    for path in ("", "uncc/art-40/", "budapest/art-15/"):
        page.goto(site_url + path, wait_until="networkidle")
    search_data = [url for url, _size in fetched if "/pagefind/" in url or "citations" in url or "search_index" in url]
    assert search_data == []
    # The search box is there, and opening it (the "/" key) starts the loading.
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/pagefind.js'))")


def test_stemming_finds_extradition_for_extraditing(page, site_url):
    _open_and_type(page, site_url, "extraditing")
    hits = _results(page, 10)
    assert page.locator(".md-search-result__meta").inner_text().split()[0].isdigit()
    assert int(page.locator(".md-search-result__meta").inner_text().split()[0]) >= 20
    marks = [text.lower() for text in page.locator(".md-search-result__list mark").all_inner_texts()]
    assert any(word.startswith("extradition") for word in marks), marks
    assert any("uncc/art-37/" in (hits.nth(i).locator("a").get_attribute("href") or "") for i in range(hits.count()))


def test_a_hit_is_a_paragraph_with_its_words(page, site_url):
    _open_and_type(page, site_url, "absence of dual criminality")
    _results(page, 3)
    hit = page.locator(f"{HITS}:has(a[href$='uncc/art-40/#art-40-8'])").first
    hit.wait_for()
    assert hit.locator(".tc-hit-title").inner_text().startswith("Art 40(8) · Art 40 — General principles")
    assert "absence of dual criminality" in " ".join(hit.locator(".tc-hit-words").inner_text().split())
    assert "absence" in [m.lower() for m in hit.locator("mark").all_inner_texts()]
    # A commentary hit leads to its paragraph too, by the paragraph's id on the page, and names it as the page numbers it.
    commentary = page.locator(f"{HITS}.tc-hit--commentary").first
    href = commentary.locator("a").first.get_attribute("href")
    assert re.search(r"#note-[a-z0-9-]+-para-\d+$", href), href
    number = href.rsplit("-", 1)[1]
    assert commentary.locator(".tc-hit-title").inner_text().endswith(f" · para {number}")
    page.goto(href, wait_until="networkidle")
    target = page.locator(f"[id='{href.split('#')[1]}']")
    assert target.count() == 1 and target.locator(".tc-para-num").inner_text() == number


def test_filters_by_text_kind_and_theme(page, site_url):
    _open_and_type(page, site_url, "data")
    _results(page, 10)
    assert page.locator(".tc-search-filters").is_visible()
    page.select_option(".tc-search-filters select[name=text]", "Budapest Convention")
    page.wait_for_function("() => [...document.querySelectorAll('.tc-hit')].every(li => li.querySelector('.tc-hit-kind').textContent.includes('Budapest Convention'))")
    _results(page, 1)
    page.select_option(".tc-search-filters select[name=text]", "")
    page.select_option(".tc-search-filters select[name=kind]", "Proposal")
    page.wait_for_function("() => { const li = [...document.querySelectorAll('.tc-hit')]; return li.length && li.every(l => l.classList.contains('tc-hit--proposal')); }")
    page.select_option(".tc-search-filters select[name=kind]", "Tracker")
    page.wait_for_function("() => { const li = [...document.querySelectorAll('.tc-hit')]; return li.length && li.every(l => l.classList.contains('tc-hit--tracker')); }")
    page.select_option(".tc-search-filters select[name=kind]", "")
    page.select_option(".tc-search-filters select[name=theme]", "Data protection")
    # A theme is the notes', proposals' and tracker rows': no treaty text.
    page.wait_for_function("() => { const li = [...document.querySelectorAll('.tc-hit')]; return li.length && li.every(l => !l.classList.contains('tc-hit--text')); }")


def test_a_proposal_result_is_labelled_a_proposal_never_the_text(page, site_url):
    _open_and_type(page, site_url, "Dual criminality required for mutual legal assistance")
    _results(page, 2)
    # Results are drawn as their fragments arrive: on a loaded machine the proposal's may come last.
    page.wait_for_selector(f"{HITS}.tc-hit--proposal", timeout=30_000)
    proposal = page.locator(f"{HITS}.tc-hit--proposal").first
    assert proposal.locator(".tc-hit-badge").text_content() == "Proposal · not adopted"
    assert "Proposal by" in proposal.locator(".tc-hit-kind").inner_text() and "not adopted" in proposal.locator(".tc-hit-kind").inner_text()
    assert proposal.locator("a").get_attribute("href").endswith("#proposal-gitoc-dual-criminality-mla")
    # Its frame is not the treaty text's.
    assert proposal.evaluate("li => getComputedStyle(li.querySelector('article')).borderLeftStyle") == "dashed"


def test_keys_open_move_follow_and_close(page, site_url):
    page.goto(site_url + "uncc/art-1/", wait_until="networkidle")
    page.keyboard.press("s")
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.type("extradition", delay=15)
    _results(page, 3)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("() => document.activeElement.href")
    assert first == page.locator(LINKS).first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.href") == page.locator(LINKS).nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    # "/" opens it again with the query kept; Enter follows the first result.
    page.keyboard.press("/")
    assert page.locator("input.md-search__input").input_value() == "extradition"
    page.keyboard.press("Enter")
    page.wait_for_url(first)


def test_search_on_a_phone(browser, site_url):
    context = browser.new_context(**PHONE_CONTEXT)
    page = context.new_page()
    try:
        page.goto(site_url + "uncc/art-40/", wait_until="networkidle")
        page.locator("label.md-header__button[for='__search']").tap()
        page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("article 15", delay=15)
        page.wait_for_function("() => document.querySelectorAll('.tc-cite-result').length === 2", timeout=30_000)
        # Everything fits the 390 px screen: no result or filter is wider than the page.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        widest = page.evaluate("() => Math.max(...[...document.querySelectorAll('.md-search__output *')].map(e => e.getBoundingClientRect().right))")
        assert widest <= 390
        assert page.locator(".tc-cite-result").first.is_visible()
    finally:
        context.close()


def test_the_citation_index_holds_every_provision_of_every_text(built_site):
    index = json.loads((built_site / CITATION_INDEX).read_text(encoding="utf-8"))
    project = load_project(ROOT)
    by_id = {entry["id"]: entry for entry in index["instruments"]}
    for instrument in project.instruments.values():
        entry = by_id[instrument.id]
        assert entry["aliases"] == aliases(instrument)
        for article in instrument.articles.values():
            assert entry["articles"][article.number.lower()] == article.id
            units = json.loads((built_site / CITATION_SHARDS / instrument.id / f"{article.id}.json").read_text(encoding="utf-8"))["units"]
            hrefs = {href for href, _title, _words in units.values()}
            assert f"{instrument.id}/{article.id}/" in hrefs
            # every unit with a pinpoint of its own ("art 40(21)(b)", not a dash item's) is reachable by it, with its words
            for unit in article.walk():
                parent_pin = pinpoint(unit.parent) if unit.parent else pinpoint(article)
                if pinpoint(unit) != parent_pin:
                    href, _title, words = units[pinpoint(unit).removeprefix("art ").replace(" ", "").lower()]
                    assert href == f"{instrument.id}/{article.id}/#{unit.id}"
                    assert (unit.text or unit.children[0].text).split()[0] in words.split()
    # The root, which search loads when it opens, stays small whatever the size of the texts.
    assert (built_site / CITATION_INDEX).stat().st_size < 10_000
