"""Article pages in a real browser: which text a page is (title, heading, search), the marker that leads
to a paragraph's notes, previous/next, the folded comparison, and the keyboard, touch and phone checks."""

from __future__ import annotations

import re

import pytest

from browser_support import requires_chromium

pytestmark = requires_chromium

ART_40 = "uncc/art-40/"
BUDAPEST_15 = "budapest/art-15/"


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }")


def test_a_budapest_page_names_its_text_in_title_heading_and_search(page, site_url):
    page.goto(site_url + BUDAPEST_15, wait_until="networkidle")
    assert page.title() == "Art 15 — Conditions and safeguards · Budapest Convention - Cybercrime conventions, annotated"
    heading = page.locator("h1")
    assert heading.locator(".tc-instrument-name").inner_text() == "Budapest Convention"
    assert "Council of Europe, ETS No. 185" in heading.inner_text()
    # The badge is drawn, and its words are not the only thing that tells the texts apart (the name is text).
    badge = page.evaluate("() => getComputedStyle(document.querySelector('h1 .tc-instrument-name'), '::before').content")
    assert "CoE" in badge
    # The heading, as assistive technology names it, says both which text and which article.
    name = page.get_by_role("heading", level=1).evaluate("el => el.textContent")
    assert name.startswith("Budapest Convention, Council of Europe, ETS No. 185. Article 15: Conditions and safeguards")

    page.goto(site_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "Conditions and safeguards")  # one input event: one search
    page.wait_for_function("() => [...document.querySelectorAll('.tc-hit a')].some(a => a.href.includes('budapest/art-15/'))", timeout=30_000)
    budapest = page.locator(".tc-hit:not(.tc-cite-result) a[href*='budapest/art-15/']").first
    assert budapest.locator(".tc-hit-title").inner_text().endswith("Art 15 — Conditions and safeguards")
    assert "Budapest Convention" in budapest.locator(".tc-hit-kind").inner_text()
    # The words of a result are the text's, not "How to cite".
    assert "How to cite" not in budapest.inner_text()
    page.fill("input.md-search__input", "Solicitation or grooming")
    page.wait_for_function("() => [...document.querySelectorAll('.tc-hit a')].some(a => a.href.includes('uncc/art-15/'))", timeout=30_000)
    un = page.locator(".tc-hit a[href*='uncc/art-15/']").first
    assert "Art 15 — Solicitation or grooming for the purpose of committing a sexual offence against a child" in un.locator(".tc-hit-title").inner_text()
    assert "UN Convention against Cybercrime" in un.locator(".tc-hit-kind").inner_text()
    assert "How to cite" not in un.inner_text()


def test_the_marker_on_paragraph_21_reaches_its_note(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    marker = page.get_by_role("link", name="1 note · 1 proposal on art 40(21)")
    assert marker.count() == 1
    marker.click()
    page.wait_for_function("() => location.hash === '#note-human-rights-refusal'")
    assert _in_viewport(page, "#note-human-rights-refusal")


def test_previous_and_next_stay_in_the_text(page, site_url):
    page.goto(site_url + BUDAPEST_15, wait_until="networkidle")
    page.get_by_role("link", name=re.compile(r"^Next: Art\. 16 ")).click()
    page.wait_for_url("**/budapest/art-16/")
    page.get_by_role("link", name=re.compile(r"^Previous: Art\. 15 ")).click()
    page.wait_for_url("**/budapest/art-15/")


def test_the_unmatched_paragraphs_unfold(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    page.locator("details.tc-compared > summary").click()
    group = page.locator('.tc-comparison[data-compare="budapest:art-25"] .tabbed-block[data-view="comparison"]')
    folded = group.locator("details.tc-unmatched").first
    row = folded.locator(".tc-comparison-row").first
    assert not row.is_visible()
    folded.locator("summary").click()
    assert row.is_visible()
    assert row.locator(".tc-comparison-label").inner_text().startswith("Art. 40(2): only in the UN Convention")
    # Printing opens it (and closes it again afterwards).
    folded.locator("summary").click()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert folded.evaluate("el => el.open")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert not folded.evaluate("el => el.open")


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    a, b = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _tab_until(page, predicate: str, limit: int = 300) -> int:
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return count
    pytest.fail(f"Tab never reached {predicate}")


IN_TAB_SET = "() => !!(document.activeElement && document.activeElement.closest('.md-content .tabbed-set'))"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focused_tab_has_a_visible_outline(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + ART_40, wait_until="networkidle")
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    _tab_until(page, IN_TAB_SET)
    style = page.evaluate("""() => {
        const input = document.activeElement;
        const index = [...input.parentElement.querySelectorAll(':scope > input')].indexOf(input);
        const label = input.parentElement.querySelector('.tabbed-labels').children[index];
        const s = getComputedStyle(label);
        return {style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor,
                background: getComputedStyle(document.querySelector('.md-main')).backgroundColor || 'rgb(255, 255, 255)',
                page: getComputedStyle(document.body).backgroundColor};
    }""")
    assert style["style"] == "solid" and style["width"] == "2px", style
    background = style["page"] if "rgba(0, 0, 0, 0)" not in style["page"] else ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")
    assert _contrast(style["color"], background) >= 3, style


def test_the_first_tab_set_on_article_40_is_few_tab_stops_away(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    # From the top of the page: Material's header, navigation and contents took 76 stops on this page
    # (they were 77: the hidden search results were one), and the contents now list the text's 32 paragraphs;
    # the article itself takes 14 (53 before), and 6 more for "Previous"/"Next", "Cite this article" and
    # the jump row (one stop for its numbers, arrows between them, then its three sections).
    from_top = _tab_until(page, IN_TAB_SET)
    assert from_top <= 130, from_top
    page.goto(site_url + ART_40, wait_until="networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    after_skip = _tab_until(page, IN_TAB_SET)
    assert after_skip <= 22, after_skip


def test_paragraph_numbers_are_one_stop_and_arrows_move_between_them(page, site_url):
    page.goto(site_url + ART_40, wait_until="networkidle")
    _tab_until(page, "() => document.activeElement.matches('a.tc-num')")
    assert page.evaluate("() => document.activeElement.closest('.tc-unit').id") == "art-40-1"
    assert page.locator("#tc-number-keys").is_visible(), "the keys are not shown while a number has the focus"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.closest('.tc-unit').id") == "art-40-2"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.classList.contains('tc-copy-cite')")
    assert page.locator("#art-40-2 > p > .tc-copy-cite").is_visible()
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert label.startswith("cite: copy the citation United Nations Convention against Cybercrime") and label.endswith("UN Doc A/RES/79/243, annex, art 40(2)")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.closest('.tc-unit').id") == "art-40-1"
    # Tab leaves the numbers for the next link in the text, not for the next number.
    page.keyboard.press("Tab")
    assert not page.evaluate("() => document.activeElement.matches('a.tc-num, .tc-copy-cite')")
    # Shift+Tab comes back to the number last used.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.closest('.tc-unit').id") == "art-40-1"


@pytest.mark.parametrize("path", [ART_40, "uncc/art-35/", "uncc/art-24/", BUDAPEST_15, "uncc/art-1/"])
def test_no_horizontal_scroll_on_a_phone_and_the_cite_button_shows_on_touch(touch_phone, site_url, path):
    phone = touch_phone
    phone.goto(site_url + path, wait_until="networkidle")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{path}: the page is {widths[0]}px wide on a {widths[1]}px screen"
    button = phone.locator(".tc-text[data-article] .tc-copy-cite").first
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 24 and box["x"] + box["width"] <= widths[1]
