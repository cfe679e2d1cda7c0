"""Phones (390 px, touch) in a real browser: no console error or failed request on any page, the tracker's
filter drawn with the page (nothing moves when the script arrives), the safeguards matrix as one card per
theme, linked paragraphs clear of the sticky header, one cite control per paragraph, and a header that
names the article."""

from __future__ import annotations

import time

import pytest

from browser_support import PHONE_CONTEXT, requires_chromium

pytestmark = requires_chromium

ART_40 = "uncc/art-40/"


@pytest.fixture
def phone(touch_phone):
    return touch_phone


PAGES = ["", ART_40, "uncc/art-42/", "uncc/preamble/", "uncc/chp-5/", "budapest/art-15/", "matrix/", "recommendations/",
         "proposals/", "themes/", "themes/dual-criminality/", "concordance/", "bibliography/", "about/", "contributing/", "format/text/"]


def test_no_console_error_and_no_failed_request_on_any_page(phone, site_url):
    errors: list[str] = []
    failed: list[str] = []
    phone.on("console", lambda message: errors.append(f"{phone.url}: {message.text}") if message.type == "error" else None)
    phone.on("pageerror", lambda error: errors.append(f"{phone.url}: {error}"))
    phone.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    for path in PAGES:
        phone.goto(site_url + path, wait_until="networkidle")
    assert failed == [], failed  # a sitemap.xml beside every feed and "cite this" file, before
    assert errors == [], errors


def test_the_feeds_and_cite_links_stay_discoverable(phone, site_url):
    # The site's feed everywhere; a theme page adds the theme's, an article page with commentary the article's.
    for path, feeds, cite in (("themes/dual-criminality/", 2, 0), (ART_40, 2, 1), ("uncc/art-1/", 1, 0)):
        html = phone.goto(site_url + path, wait_until="networkidle").text()
        # As written, for feed readers and reference managers: rel="alternate" with the type.
        assert html.count('<link rel="alternate" type="application/atom+xml"') == feeds
        assert html.count('<link rel="alternate" type="application/vnd.citationstyles.csl+json"') == cite
        # In the browser too, by the word "alternate" among the link's relations; and they lead somewhere.
        links = phone.evaluate("() => [...document.querySelectorAll('link[rel~=alternate][type]')].map(l => [l.type, l.href])")
        cite_kinds = ["application/vnd.citationstyles.csl+json", "application/x-bibtex", "application/x-research-info-systems"]
        assert sorted(kind for kind, _ in links) == sorted(["application/atom+xml"] * feeds + cite_kinds * cite)
        assert all(phone.request.get(href).ok for _, href in links)


def test_the_tracker_filter_is_drawn_with_the_page_and_nothing_moves(browser, site_url):
    context = browser.new_context(**PHONE_CONTEXT)
    try:
        # A slow phone: the page is drawn well before commentary.js arrives.
        context.route("**/commentary.js", lambda route: (time.sleep(1.5), route.continue_()))
        tab = context.new_page()
        tab.add_init_script("""window.__shift = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
              .observe({type: 'layout-shift', buffered: true});""")
        tab.goto(site_url + "recommendations/", wait_until="domcontentloaded")
        control = tab.locator("[data-tc-filter='tracker']")
        assert control.is_visible(), "the filter is not drawn before the script runs"
        before = control.bounding_box()
        tab.wait_for_load_state("networkidle")
        tab.wait_for_function("() => document.querySelector('[data-tc-filter=tracker]').dataset.tcReady === '1'")
        assert control.bounding_box() == before
        assert tab.evaluate("() => window.__shift") < 0.01  # 0.156 when the script inserted the filter
        # And it works once the script is there.
        tab.locator("[data-tc-filter='tracker'] input[value='partly-reflected']").click()
        assert not tab.locator("table.tc-tracker tbody tr[data-status='partly-reflected']").first.is_visible()
    finally:
        context.close()


def test_the_matrix_is_a_card_per_theme(phone, site_url):
    phone.goto(site_url + "matrix/", wait_until="networkidle")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert not phone.locator(".tc-scroll-hint").is_visible()
    assert phone.locator("table.tc-matrix thead").bounding_box()["height"] <= 1
    cards = phone.locator("table.tc-matrix tbody tr")
    assert cards.count() >= 10
    for index in range(cards.count()):
        card = cards.nth(index)
        theme = card.locator("th[scope='row']")
        assert theme.is_visible() and theme.bounding_box()["width"] > 300, "the theme heads its card across the screen"
        shown = card.locator("td:visible")
        assert shown.count() == card.locator("td.tc-cell-yes").count(), "an empty cell is shown"
        for cell_index in range(shown.count()):
            cell = shown.nth(cell_index)
            column = cell.get_attribute("data-label")
            assert column == "Overview" or column.startswith("Art. "), column
            assert phone.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle()) == f'"{column}"'
            assert cell.locator("a").first.is_visible()
    # The first card lists the articles one under another, each with its notes.
    first = cards.first.locator("td:visible")
    assert first.nth(1).bounding_box()["y"] > first.nth(0).bounding_box()["y"]


@pytest.mark.parametrize("target", ["art-40-3-b", "art-40-21-b", "art-40-20", "commentary-3", "note-human-rights-refusal",
                                    "proposal-gitoc-hr-refusal-mla", "fn-1"])
def test_a_linked_target_is_clear_of_the_sticky_header(phone, site_url, target):
    phone.goto(site_url + ART_40 + "#" + target, wait_until="networkidle")
    header = phone.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = phone.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    assert header <= top < 844 / 2, (header, top)
    views = phone.locator(f".tc-redline-views:has([id='{target}'])")
    if views.count() and target.count("-") == 2:
        # A paragraph with proposals: its caption, naming the proposal, is clear of the header too.
        caption = views.locator(".tc-views-caption").bounding_box()
        assert caption["y"] >= header, (caption, header)


def test_one_cite_control_per_paragraph_on_touch_screens(phone, site_url):
    phone.goto(site_url + ART_40, wait_until="networkidle")
    text = ".tc-text[data-article='art-40']"
    # commentary.js adds the controls; on a loaded machine it may run after the network is idle.
    phone.wait_for_selector(f"{text} .tc-copy-cite", state="attached")
    shown = phone.evaluate(f"""() => [...document.querySelectorAll("{text} .tc-copy-cite")]
        .filter(b => b.getClientRects().length && getComputedStyle(b).visibility === 'visible')
        .map(b => b.closest('.tc-unit').id || b.closest('.tc-unit').dataset.unit)""")
    paragraphs = phone.evaluate(f"""() => [...document.querySelectorAll("{text} .tc-unit.tc-depth-0[id]")]
        .filter(u => u.getClientRects().length).map(u => u.id)""")
    assert shown == paragraphs, "not one cite control per paragraph"
    assert len(paragraphs) == 32
    # A paragraph without a number of its own (Art 1: "The purposes of this Convention are:") leaves theirs to its subparagraphs.
    phone.goto(site_url + "uncc/art-1/", wait_until="networkidle")
    phone.wait_for_selector(".tc-copy-cite", state="attached")
    assert phone.locator("#art-1-u1 > p > .tc-copy-cite").count() == 0
    assert all(phone.locator(f"#art-1-{letter} > p > .tc-copy-cite").is_visible() for letter in "abc")
    phone.goto(site_url + ART_40, wait_until="networkidle")
    phone.wait_for_selector(".tc-copy-cite", state="attached")
    # A subparagraph's own control appears once its number is tapped.
    sub = phone.locator("#art-40-3-b > p")
    assert not sub.locator(".tc-copy-cite").is_visible()
    sub.locator("a.tc-num").tap()
    phone.wait_for_function("() => location.hash === '#art-40-3-b'")
    assert sub.locator(".tc-copy-cite").is_visible()
    box = sub.locator(".tc-copy-cite").bounding_box()
    assert box["height"] >= 24 and box["x"] + box["width"] <= 390


def test_the_header_on_a_phone_names_the_article(phone, site_url):
    phone.goto(site_url + ART_40, wait_until="networkidle")
    phone.evaluate("() => window.scrollTo(0, 1500)")
    phone.wait_for_function("() => document.querySelector('[data-md-component=header-title]').classList.contains('md-header__title--active')")
    topic = phone.locator("[data-md-component=header-topic] .md-ellipsis").inner_text().strip()
    assert topic.startswith("Art 40 — General principles"), topic
    assert phone.title().startswith("Art 40 — ")
