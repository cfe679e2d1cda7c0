"""The reader pages in a real browser: the tracker as cards with a status filter on a phone, the
matrix's theme column kept in view while it scrolls sideways, and the footer's About link."""

from __future__ import annotations

import pytest

from browser_support import requires_chromium

pytestmark = requires_chromium

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_tracker_on_a_phone_shows_status_and_assessment_without_scrolling_sideways(phone, site_url):
    phone.goto(site_url + "recommendations/", wait_until="networkidle")
    assert _no_horizontal_scroll(phone), "the tracker is wider than the phone"
    first = phone.locator("table.tc-tracker tbody tr").first
    for label in ("Status", "Assessment"):
        cell = first.locator(f"td[data-label='{label}']")
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{label} cell off screen: {box}"
        # The cell says which column it is (the card's label), since the header row is not shown.
        assert phone.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle()) == f'"{label}"'
    # The header row is left to screen readers (a 1-pixel clipped box), not drawn.
    header = phone.locator("table.tc-tracker thead").bounding_box()
    assert header["width"] <= 1 and header["height"] <= 1, header


def test_tracker_status_filter_hides_the_other_rows_and_works_with_the_keyboard(page, site_url):
    page.goto(site_url + "recommendations/", wait_until="networkidle")
    control = page.locator("[data-tc-filter='tracker']")
    assert control.is_visible(), "the script shows the filter"
    rows = page.locator("table.tc-tracker tbody tr")
    total = rows.count()
    # Untick every status but "Not reflected", from the keyboard: focus, then Space.
    present = [control.locator("input[type=checkbox]").nth(i).get_attribute("value") for i in range(control.locator("input[type=checkbox]").count())]
    assert "not-reflected" in present
    for status in (s for s in present if s != "not-reflected"):
        box = control.locator(f"input[value='{status}']")
        box.focus()
        page.keyboard.press("Space")
        assert not box.is_checked()
    visible = [rows.nth(i).get_attribute("data-status") for i in range(total) if rows.nth(i).is_visible()]
    assert visible and set(visible) == {"not-reflected"}
    assert control.locator(".tc-filter-count").inner_text() == f"Showing {len(visible)} of {total} recommendations."
    control.locator(".tc-filter-all").click()
    assert all(rows.nth(i).is_visible() for i in range(total))
    assert control.locator(".tc-filter-count").inner_text() == f"Showing all {total} recommendations."


def test_tracker_filter_also_works_on_a_phone(phone, site_url):
    phone.goto(site_url + "recommendations/", wait_until="networkidle")
    phone.locator("[data-tc-filter='tracker'] input[value='partly-reflected']").click()
    rows = phone.locator("table.tc-tracker tbody tr[data-status='partly-reflected']")
    assert rows.count() > 0 and not rows.first.is_visible()
    assert phone.locator("table.tc-tracker tbody tr[data-status='not-reflected']").first.is_visible()


def test_tracker_without_scripts_shows_every_row_and_no_dead_control(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(site_url + "recommendations/")
        assert not tab.locator("[data-tc-filter='tracker']").is_visible()
        rows = tab.locator("table.tc-tracker tbody tr")
        assert all(rows.nth(i).is_visible() for i in range(rows.count()))
    finally:
        context.close()


@pytest.mark.parametrize("width", [760, 1280])
def test_matrix_keeps_the_theme_column_in_view_when_scrolled_sideways(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "matrix/", wait_until="networkidle")
    assert _no_horizontal_scroll(page), "the matrix widens the page instead of scrolling in its frame"
    frame = page.locator(".tc-matrix-wrap")
    theme = page.locator("table.tc-matrix tbody th[scope='row']").first
    before = theme.bounding_box()
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", frame.element_handle()), "nothing to scroll"
    assert page.locator(".tc-scroll").evaluate("el => el.classList.contains('tc-more-right')")
    assert page.locator(".tc-scroll-hint").is_visible()
    frame.evaluate("el => { el.scrollLeft = 600; }")
    page.wait_for_function("() => document.querySelector('.tc-scroll').classList.contains('tc-more-left')")
    after = theme.bounding_box()
    frame_box = frame.bounding_box()
    assert abs(after["x"] - before["x"]) < 1 and after["x"] >= frame_box["x"] - 1, (before, after)
    # A cell past the theme column has moved under it: the table did scroll.
    cell = page.locator("table.tc-matrix tbody tr").first.locator("td").first
    assert cell.bounding_box()["x"] < before["x"] + before["width"]
    # The cells name their notes.
    assert page.locator("table.tc-matrix td.tc-cell-yes a").first.inner_text().strip()


def test_matrix_frame_scrolls_from_the_keyboard(page, site_url):
    page.goto(site_url + "matrix/", wait_until="networkidle")
    frame = page.locator(".tc-matrix-wrap")
    frame.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.tc-matrix-wrap').scrollLeft > 0")


def test_footer_about_link_leads_to_the_about_page(page, site_url):
    page.goto(site_url + "uncc/art-40/", wait_until="networkidle")
    page.locator(".md-footer .tc-footer a", has_text="About this edition").click()
    page.wait_for_url("**/about/")
    assert page.locator("h1").first.inner_text().startswith("About this edition")
    assert page.locator("[data-text='uncc'] .tc-status-box .tc-status-source").is_visible()
    # With scripts on, "How to cite" gains the site's address and today's date.
    where = page.locator("[data-tc-cite-where]").inner_text()
    assert where.startswith(" <" + site_url) and " accessed " in where


@pytest.mark.parametrize("path", ["contributing/", "about/", "matrix/", "proposals/", "bibliography/"])
def test_reference_pages_fit_a_phone(phone, site_url, path):
    phone.goto(site_url + path, wait_until="networkidle")
    assert _no_horizontal_scroll(phone), f"{path} is wider than the phone"
