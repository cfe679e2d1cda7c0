"""axe-core (npm, pinned in tests/browser/package-lock.json) on the pages readers use most.

A serious or critical violation fails the test with what axe says and where; moderate and
minor ones are left to review. Art. 40 is checked with its blackline views open, so the
ins/del colours are measured too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import requires_chromium

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    requires_chromium,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci --prefix tests/browser` (make test does)"),
]

PAGES = {
    "home": "",
    "chapter": "uncc/chp-5/",
    "article 40 (blackline)": "uncc/art-40/",
    "article 40 (side by side, unfolded)": "uncc/art-40/",
    "article 35 (interpretative notes)": "uncc/art-35/",
    "article 24": "uncc/art-24/",
    "Budapest article 15": "budapest/art-15/",
    "empty article": "uncc/art-1/",
    "proposals": "proposals/",
    "matrix": "matrix/",
    "bibliography": "bibliography/",
    "about": "about/",
    "theme": "themes/grounds-for-refusal/",
    "tracker": "recommendations/",
    "concordance": "concordance/",
}


def _serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['impact']} {violation['id']} ({len(violation['nodes'])}x): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_axe_violation(page, site_url, name):
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    assert page.locator("h1").count() == 1, f"{name}: not a content page (wrong URL?)"
    if "blackline" in name:
        labels = page.locator(".tc-redline-views .tabbed-labels label", has_text="Blackline")
        assert labels.count() > 0
        for index in range(labels.count()):
            labels.nth(index).click()
        assert page.locator(".tabbed-block[data-view='blackline'] ins.tc-ins").first.is_visible()
    if "side by side" in name:
        # The comparison is folded under its summary: a reader opens it first.
        page.locator("details.tc-compared > summary").first.click()
        page.locator(".tc-comparison .tabbed-labels label", has_text="Side by side").first.click()
        page.evaluate("() => document.querySelectorAll('details.tc-unmatched').forEach(d => d.open = true)")
        assert page.locator(".tabbed-block[data-view='side-by-side'] .tc-side-row").first.is_visible()
    assert _serious_violations(page) == []


@pytest.mark.parametrize("name", ["article 40 (side by side, unfolded)", "article 35 (interpretative notes)", "Budapest article 15"])
def test_article_pages_in_the_dark_scheme(page, site_url, name):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.evaluate("() => document.querySelectorAll('details.tc-fold').forEach(d => d.open = true)")
    for label in ("Blackline", "Side by side"):
        labels = page.locator(".tabbed-labels label", has_text=label)
        for index in range(labels.count()):
            if labels.nth(index).is_visible():
                labels.nth(index).click()
    page.evaluate("() => document.querySelectorAll('details.tc-unmatched').forEach(d => d.open = true)")
    assert _serious_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_with_results_open(page, site_url, scheme):
    """The search dialog with every kind of result (the provision cited, treaty text, commentary, a proposal,
    the tracker) and its filters, in both schemes."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "uncc/art-40/", wait_until="networkidle")
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "art 40(8)")
    page.wait_for_selector(".tc-cite-result", timeout=30_000)
    page.wait_for_selector(".tc-hit--proposal", timeout=30_000)
    page.wait_for_selector(".tc-hit--commentary", timeout=30_000)
    assert page.locator(".tc-search-filters").is_visible()
    assert _serious_violations(page) == []
