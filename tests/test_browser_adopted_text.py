"""The adopted text is what a page shows first, in a real browser: a reader who picks a proposal's view
finds the treaty again after a reload, on a later visit, on another page with tabs and through any link
to a paragraph; the blackline and proposed views say whose proposal they show and that it is not treaty
text, in a way that survives greyscale and print; a linked paragraph's caption is clear of the header."""

from __future__ import annotations

import pytest

from browser_support import requires_chromium

pytestmark = requires_chromium

ART_40 = "uncc/art-40/"
ART_42 = "uncc/art-42/"
VIEWS = ".tc-redline-views"
SHOWN = f"""() => [...document.querySelectorAll('{VIEWS} > .tabbed-set')].map(set => {{
    const inputs = [...set.querySelectorAll(':scope > input')];
    const shown = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')].filter(b => b.offsetParent !== null);
    return [inputs.findIndex(i => i.checked), shown.map(b => b.dataset.view).join('+')];
}})"""


def shown(page) -> list[str]:
    """The view each proposal's tab set shows, checking that exactly one block is visible and its input checked."""
    views = []
    for checked, visible in page.evaluate(SHOWN):
        assert visible in ("adopted", "blackline", "proposed"), f"not one view shown: {visible!r}"
        assert ["adopted", "blackline", "proposed"][checked] == visible
        views.append(visible)
    return views


def choose(page, unit: str, label: str) -> None:
    page.locator(f'{VIEWS}[data-unit="{unit}"] .tabbed-labels label', has_text=label).click()


def header_bottom(page) -> float:
    return page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")


def top_of(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().top")


def test_a_view_chosen_is_not_linked_kept_or_restored(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    assert shown(page) == ["adopted", "adopted", "adopted"]  # 40(8), 40(20), 40(21)
    choose(page, "art-40-8", "Proposed text")
    # Only that widget changes, and the address does not name the tab.
    assert shown(page) == ["proposed", "adopted", "adopted"]
    assert "__tc_" not in page.url and page.url == site_url + ART_40
    choose(page, "art-40-21", "Blackline")
    assert shown(page) == ["proposed", "adopted", "blackline"]
    # Nothing about the views is kept in the browser.
    stored = page.evaluate("() => JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage)])")
    assert "tabs" not in stored, stored

    page.reload(wait_until="networkidle")
    assert shown(page) == ["adopted", "adopted", "adopted"], "a reload kept the proposal's view"

    choose(page, "art-40-8", "Proposed text")
    page.goto(site_url + ART_42, wait_until="networkidle")
    assert set(shown(page)) == {"adopted"}, "another page with tabs took the view chosen on Art 40"
    page.go_back(wait_until="networkidle")
    assert shown(page) == ["adopted", "adopted", "adopted"], "going back restored the proposal's view"
    page.goto(site_url + ART_40, wait_until="networkidle")
    assert shown(page) == ["adopted", "adopted", "adopted"], "a later visit showed the proposal's view"


def test_a_later_visit_in_a_new_tab_of_the_same_browser_opens_on_the_adopted_text(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        first = context.new_page()
        first.goto(site_url + ART_40, wait_until="networkidle")
        choose(first, "art-40-20", "Proposed text")
        first.close()
        later = context.new_page()
        later.goto(site_url + ART_40, wait_until="networkidle")
        assert shown(later) == ["adopted", "adopted", "adopted"]
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_deep_link_opens_the_adopted_text_with_the_caption_below_the_header(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, service_workers="block",
                                  **({"is_mobile": True, "has_touch": True} if width < 500 else {}))
    try:
        page = context.new_page()
        page.goto(site_url + ART_40 + "#art-40-8", wait_until="networkidle")
        assert shown(page) == ["adopted", "adopted", "adopted"]
        assert page.locator("#art-40-8").is_visible()
        caption = f'{VIEWS}[data-unit="art-40-8"] .tc-views-caption'
        # Scrolled to it: the caption that names the proposal, the tab labels and the paragraph, below the header.
        assert page.evaluate("() => window.scrollY") > 500
        assert header_bottom(page) <= top_of(page, caption) < header_bottom(page) + 60
        assert page.locator(f'{VIEWS}[data-unit="art-40-8"] .tabbed-labels').is_visible()
        assert top_of(page, "#art-40-8") < 844 / 2
    finally:
        context.close()


def test_a_link_to_a_paragraph_hidden_in_another_view_opens_the_adopted_text(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    choose(page, "art-40-8", "Proposed text")
    assert not page.locator("#art-40-8").is_visible()
    # Paragraph 7 says "Paragraphs 8 to 31": its link leads to the adopted paragraph 8.
    page.locator("#art-40-7 a.xref", has_text="Paragraphs 8").first.click()
    page.wait_for_function("() => location.hash === '#art-40-8'")
    assert shown(page)[0] == "adopted"
    assert page.locator("#art-40-8").is_visible()
    assert header_bottom(page) <= top_of(page, f'{VIEWS}[data-unit="art-40-8"] .tc-views-caption')
    assert top_of(page, "#art-40-8") < 900


def test_an_address_naming_a_proposal_s_tab_leads_to_the_paragraph_in_the_adopted_text(page, site_url):
    # Material writes the tab's id into the address when a label is clicked; older links may carry one.
    page.goto(site_url + ART_40, wait_until="networkidle")
    tab = page.get_attribute(f'{VIEWS}[data-unit="art-40-8"] input:nth-of-type(3)', "id")
    assert tab.startswith("__tc_tabs_art-40-8_")
    # Arriving from another page, and within the page (no reload).
    for before in (ART_42, ART_40):
        page.goto(site_url + before, wait_until="networkidle")
        page.goto(site_url + ART_40 + "#" + tab, wait_until="networkidle")
        page.wait_for_function("() => location.hash === '#art-40-8'")
        assert shown(page) == ["adopted", "adopted", "adopted"]
        assert page.locator("#art-40-8").is_visible()
        assert header_bottom(page) <= top_of(page, "#art-40-8") < 844


def test_a_citation_search_hit_opens_the_adopted_paragraph(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    choose(page, "art-40-8", "Proposed text")
    page.click("input.md-search__input")
    page.keyboard.type("art 40(8)", delay=15)
    page.wait_for_selector(".tc-cite-result", timeout=30_000)
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + ART_40 + "#art-40-8")
    page.wait_for_function("() => { const el = document.getElementById('art-40-8'); return el && el.offsetParent !== null; }")
    assert shown(page)[0] == "adopted"
    assert header_bottom(page) <= top_of(page, f'{VIEWS}[data-unit="art-40-8"] .tc-views-caption')


@pytest.mark.parametrize("view", ["Blackline", "Proposed text"])
def test_a_proposal_s_views_say_they_are_not_treaty_text(page, site_url, view):
    page.goto(site_url + ART_40, wait_until="networkidle")
    choose(page, "art-40-21", view)
    block = page.locator(f'{VIEWS}[data-unit="art-40-21"] .tabbed-block:visible')
    band = block.locator(".tc-proposal-band")
    assert band.is_visible()
    # As read aloud (the full stop after the mark is for speech only), and as shown (the mark in capitals).
    assert " ".join(band.text_content().split()) == "Not adopted. Proposal by the editors, not treaty text"
    assert block.locator(".tc-not-adopted").evaluate("el => getComputedStyle(el).textTransform") == "uppercase"
    # Set apart by more than colour: a dashed frame, and numbers in italic where the treaty's are upright and bold.
    frame = block.locator(".tc-not-treaty").first
    assert frame.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"
    treaty_number = page.locator("#art-40-21 > p > a.tc-num").evaluate("el => { const s = getComputedStyle(el); return [s.fontStyle, s.fontWeight]; }")
    proposal_number = frame.locator(".tc-num").first.evaluate("el => { const s = getComputedStyle(el); return [s.fontStyle, s.fontWeight]; }")
    assert treaty_number == ["normal", "600"] and proposal_number == ["italic", "400"]
    # In greyscale the frame, the band's words and the numbers stay as they are.
    page.evaluate("() => { document.documentElement.style.filter = 'grayscale(1)'; }")
    assert band.is_visible() and frame.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"


def test_on_paper_every_view_is_labelled_and_the_proposals_framed(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    page.emulate_media(media="print")
    views = page.locator(f'{VIEWS}[data-unit="art-40-8"]')
    for name in ("adopted", "blackline", "proposed"):
        assert views.locator(f".tabbed-block[data-view='{name}']").is_visible()
    labels = views.evaluate("el => [...el.querySelectorAll('.tabbed-block')].map(b => getComputedStyle(b, '::before').content)")
    assert labels == ['"Adopted text"', '"Blackline"', '"Proposed text"']
    for name in ("blackline", "proposed"):
        block = views.locator(f".tabbed-block[data-view='{name}']")
        assert "Proposal by the editors, not treaty text" in " ".join(block.locator(".tc-proposal-band").inner_text().split())
        assert block.locator(".tc-not-treaty").evaluate("el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).borderTopColor]") == ["dashed", "rgb(0, 0, 0)"]
    assert views.locator(".tabbed-block[data-view='adopted'] .tc-proposal-band").count() == 0
