"""The built site in a real browser: search, the blackline tabs, permalinks, print, footnotes, offline."""

from __future__ import annotations

import pytest

from browser_support import requires_chromium

pytestmark = requires_chromium

ART_40 = "uncc/art-40/"


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }",
    )


def _search(page, site_url: str, query: str):
    # Pagefind's script and the index's chunks are fetched when search opens; on a busy CI machine that
    # takes seconds, hence the long timeout.
    page.goto(site_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for(timeout=45_000)
    return results


def test_search_finds_article_40_and_lands_on_the_section(page, site_url):
    results = _search(page, site_url, "dual criminality")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    art_40 = [href for href in hrefs if "/uncc/art-40/" in href]
    assert art_40, f"no result for Art. 40 among {hrefs}"
    fragment_results = [href for href in art_40 if "#" in href]
    target = fragment_results[0] if fragment_results else art_40[0]
    page.locator(f".md-search-result__item a[href='{target}']").first.click()
    page.wait_for_url("**/uncc/art-40/**")
    assert "Article 40" in page.locator("h1").first.inner_text()
    if "#" in target:
        anchor = target.split("#", 1)[1]
        page.wait_for_function("id => { const el = document.getElementById(id); if (!el) return false;"
                               " const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }", arg=anchor)
        assert _in_viewport(page, f"[id='{anchor}']")


def test_search_works_offline_with_no_request_to_another_host(page, site_url):
    results = _search(page, site_url, "dual criminality")
    assert results.count() > 0
    for path in ("", ART_40):
        page.goto(site_url + path, wait_until="networkidle")
    assert page.offsite == [], f"requests left 127.0.0.1: {page.offsite}"


def test_pages_render_with_system_fonts_and_no_web_fonts(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    web_fonts = page.evaluate("() => [...document.fonts].map(f => f.family)")
    assert web_fonts == [], f"web fonts declared: {web_fonts}"
    family = page.eval_on_selector(".md-typeset", "el => getComputedStyle(el).fontFamily")
    assert family.strip(), "the body text has no font family"
    # A glyph actually laid out: the text has width, so some installed font rendered it.
    width = page.eval_on_selector("#art-40-21 .tc-words", "el => el.getBoundingClientRect().width")
    assert width > 100
    assert page.offsite == []


def test_blackline_tab_switches_and_shows_marks(page, site_url):
    page.goto(site_url + ART_40)
    views = page.locator(".tc-redline-views").first
    blackline_block = views.locator(".tabbed-block[data-view='blackline']")
    assert not blackline_block.is_visible()
    views.locator(".tabbed-labels label", has_text="Blackline").click()
    assert blackline_block.is_visible()
    assert not views.locator(".tabbed-block[data-view='adopted']").is_visible()
    marks = blackline_block.locator("ins.tc-ins, del.tc-del")
    assert marks.count() > 0
    assert marks.first.is_visible()


def test_paragraph_permalink_scrolls_to_its_paragraph(page, site_url):
    page.goto(site_url + ART_40 + "#art-40-21")
    page.wait_for_load_state("load")
    assert _in_viewport(page, "#art-40-21")
    assert page.evaluate("() => window.scrollY") > 500, "the page did not scroll down to paragraph 21"


def test_print_shows_markers_and_hides_tab_labels(page, site_url):
    page.goto(site_url + ART_40)
    page.emulate_media(media="print")
    markers = page.evaluate(
        """() => ({
            ins: getComputedStyle(document.querySelector('ins.tc-ins'), '::before').content,
            del: getComputedStyle(document.querySelector('del.tc-del'), '::before').content,
            end: getComputedStyle(document.querySelector('ins.tc-ins'), '::after').content,
        })"""
    )
    assert markers["ins"] == '"[+ "'
    assert markers["del"] == '"[\u2212 "'
    assert markers["end"] == '"]"'
    assert not page.locator(".tc-redline-views .tabbed-labels").first.is_visible()
    # On paper the blackline is what is printed, marks visible.
    assert page.locator(".tc-redline-views .tabbed-block[data-view='blackline'] ins.tc-ins").first.is_visible()
    page.emulate_media(media="screen")
    assert page.evaluate("() => getComputedStyle(document.querySelector('ins.tc-ins'), '::before').content") == "none"


def test_footnote_links_go_to_notes_and_back(page, site_url):
    page.goto(site_url + ART_40)
    reference = page.locator("sup.footnote-ref a").first
    href = reference.get_attribute("href")
    reference.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    note_id = href.lstrip("#")
    assert _in_viewport(page, f"[id='{note_id}']")
    assert page.locator(f"[id='{note_id}']").inner_text().strip()
    back = page.locator(f"[id='{note_id}'] a.footnote-backref")
    back_href = back.get_attribute("href")
    back.click()
    page.wait_for_function("h => location.hash === h", arg=back_href)
    assert _in_viewport(page, f"[id='{back_href.lstrip('#')}']")


def test_redlines_are_not_conveyed_by_colour_alone(page, site_url):
    page.goto(site_url + ART_40)
    page.locator(".tc-redline-views .tabbed-labels label", has_text="Blackline").first.click()
    # The marks of a proposal (the key at the head of the view shows samples of them, without the spoken prefix).
    decorations = page.evaluate(
        """() => ({
            ins: getComputedStyle(document.querySelector('.tc-alternative ins.tc-ins')).textDecorationLine,
            del: getComputedStyle(document.querySelector('.tc-alternative del.tc-del')).textDecorationLine,
        })"""
    )
    assert "underline" in decorations["ins"]
    assert "line-through" in decorations["del"]
    # Screen readers hear the change too, not only see it.
    spoken = page.evaluate("() => [document.querySelector('.tc-alternative ins.tc-ins').textContent, document.querySelector('.tc-alternative del.tc-del').textContent]")
    assert spoken[0].startswith("inserted text") and spoken[1].startswith("deleted text")


def _tab_to(page, element_id: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_keyboard_reaches_the_tabs_and_arrows_switch_the_view(page, site_url):
    page.goto(site_url + ART_40)
    views = page.locator(".tc-redline-views").first
    radios = views.locator("input[type=radio]")
    blocks = {name: views.locator(f".tabbed-block[data-view='{name}']") for name in ("adopted", "blackline", "proposed")}
    # Material's tabbed set is a radio group: Tab enters it on the checked view, arrows move between views.
    _tab_to(page, radios.nth(0).get_attribute("id"))
    focus_ring = page.evaluate(
        "() => getComputedStyle(document.activeElement.parentElement.querySelector('.tabbed-labels'), '::before').backgroundColor"
    )
    assert focus_ring not in ("rgba(0, 0, 0, 0)", "transparent"), "the focused tab set shows no focus indicator"
    page.keyboard.press("ArrowRight")
    assert radios.nth(1).is_checked()
    assert blocks["blackline"].is_visible() and not blocks["adopted"].is_visible()
    page.keyboard.press("ArrowRight")
    assert blocks["proposed"].is_visible() and not blocks["blackline"].is_visible()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    assert radios.nth(1).is_checked() and blocks["blackline"].is_visible()
