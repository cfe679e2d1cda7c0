"""An article page one can read, in a real browser (issue 22 item 3): how tall Art 40 is, the folded
comparison and rationale (closed on arrival, opened by an address inside them), the contents and the jump row
leading to the adopted text, "Cite this article" completed by the script, and no gap left by a hidden cite button."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from browser_support import requires_chromium

pytestmark = requires_chromium

ART_40 = "uncc/art-40/"
# The target: Art 40 was 22,457 px tall at 1280 px, 39% of it the Budapest comparison.
MAX_HEIGHT_1280 = 12_000


def _height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }")


def test_article_40_fits_the_target_height_at_1280_px(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    height = _height(page)
    print(f"Art 40 at 1280 px: {height} px")
    assert height <= MAX_HEIGHT_1280, f"Art 40 is {height} px tall at 1280 px"
    # Opening the comparison is what adds the other treaty's wording: thousands of pixels, on demand.
    page.locator("details.tc-compared > summary").click()
    assert _height(page) > height + 3000


def test_the_comparison_opens_where_an_address_leads_into_it(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    fold = page.locator("details.tc-compared")
    assert not fold.evaluate("el => el.open")
    assert not page.locator(".tc-comparison").first.is_visible(), "no word of the Budapest Convention on arrival"
    # A link from a Budapest article's page ("Counterparts in the UN Convention") names a counterpart inside the fold.
    page.goto(site_url + ART_40 + "#compared-budapest-art-26", wait_until="networkidle")
    assert fold.evaluate("el => el.open")
    page.wait_for_function("() => { const r = document.getElementById('compared-budapest-art-26').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_a_rationale_opens_where_its_address_or_a_footnote_leads(page, site_url):
    page.goto(site_url + ART_40 + "#rationale-gitoc-hr-refusal-mla", wait_until="networkidle")
    assert page.locator("#rationale-gitoc-hr-refusal-mla").evaluate("el => el.open")
    # A footnote's back link to a reference inside a closed rationale opens it too.
    page.goto(site_url + ART_40, wait_until="networkidle")
    reference = page.locator("details.tc-rationale sup.footnote-ref").first
    ref_id = reference.get_attribute("id")
    assert not reference.is_visible()
    page.locator(f"a.footnote-backref[href='#{ref_id}']").click()
    page.wait_for_function(f"() => document.getElementById('{ref_id}').closest('details').open")
    assert reference.is_visible()


@pytest.mark.parametrize("how", ["contents", "jump row"])
def test_contents_and_jump_row_lead_to_a_paragraph_in_the_adopted_text(page, site_url, how):
    page.goto(site_url + ART_40, wait_until="networkidle")
    if how == "contents":
        page.locator(".md-sidebar--secondary nav.md-nav--secondary a[href='#art-40-21']").click()
    else:
        page.locator("nav.tc-jump a[href='#art-40-21']").click()
    page.wait_for_function("() => location.hash === '#art-40-21'")
    target = page.locator("#art-40-21")
    assert target.is_visible() and target.locator("xpath=ancestor::*[@data-view='adopted']").count() == 1
    page.wait_for_function("() => { const r = document.getElementById('art-40-21').getBoundingClientRect(); return r.top > 40 && r.top < innerHeight; }")


def test_previous_at_the_top_leads_to_the_previous_article(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    assert _in_viewport(page, "nav.tc-pager")
    page.locator("nav.tc-pager a[rel='prev']").click()
    page.wait_for_url("**/uncc/art-39/")


def test_cite_this_article_gets_the_address_and_today_s_date(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    fold = page.locator("details.tc-how-to-cite")
    assert not fold.evaluate("el => el.open")
    fold.locator("summary").click()
    cite = fold.locator(".tc-cite-page").inner_text()
    today = dt.date.today()
    # The address is the site's (site_url in mkdocs.yml), else the one the page was read at.
    assert re.search(rf"<https?://\S+/uncc/art-40/> accessed {today.day} ", cite) and cite.endswith(str(today.year)), cite


def test_a_hidden_cite_button_leaves_no_gap_in_the_text(page, site_url):
    """On a screen with hover, the cite button shows under the paragraph's number and takes no line of its own."""
    page.goto(site_url + ART_40, wait_until="networkidle")
    page.wait_for_selector(".tc-text .tc-copy-cite", state="attached")
    gaps = page.evaluate("""() => Array.from(document.querySelectorAll('.tc-text .tc-unit > p')).filter(p => {
        const button = p.querySelector(':scope > .tc-copy-cite');
        if (!button || getComputedStyle(button).position !== 'absolute') return !!button;
        const words = p.querySelector('.tc-words');
        return words && p.getBoundingClientRect().bottom - words.getBoundingClientRect().bottom > 8;
    }).length""")
    assert gaps == 0


def test_the_jump_row_is_one_tab_stop_with_arrows_between_its_numbers(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    first = page.locator("nav.tc-jump a[href='#art-40-1']")
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('tc-jump-section')"), "Tab leaves the numbers"
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#art-40-3"
    page.keyboard.press("End")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#art-40-32"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#art-40-32'")
