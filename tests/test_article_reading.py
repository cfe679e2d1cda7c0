"""An article page one can read (issue 22 item 3), in the built site's HTML: the text, then the commentary,
then the proposals; another treaty's wording folded under a summary that says it is a comparison; a row that
jumps to each paragraph; the treaty's paragraphs in the page's contents; "Previous" and "Next" at the top.
(The heights and what a reader sees on arrival are in test_browser_reading.py.)"""

from __future__ import annotations

from conftest import page, words

ART_40 = "uncc/art-40"


def _section_order(doc) -> list[str]:
    return [h.get("id") for h in doc.cssselect(".md-content h2")]


def test_the_text_then_commentary_then_proposals_then_the_comparison(built_site):
    doc = page(built_site, ART_40)
    assert _section_order(doc) == ["commentary", "proposals", "compared-budapest", "related", "notes"]
    text = doc.get_element_by_id("treaty-text")
    commentary = doc.get_element_by_id("commentary")
    # Nothing but the article's header stands between the title and the text.
    everything = list(doc.iter())
    assert everything.index(text) < everything.index(commentary)
    # An article without proposals or comparison keeps the same order with fewer sections.
    assert _section_order(page(built_site, "uncc/art-1"))[0] == "commentary"


def test_the_comparison_is_folded_and_says_it_is_not_this_treaty(built_site):
    doc = page(built_site, ART_40)
    (fold,) = doc.cssselect("details.tc-compared")
    assert fold.get("open") is None, "closed until the reader opens it"
    summary = words(fold.cssselect("summary")[0])
    assert summary.startswith("Comparison · not this treaty's text The Budapest Convention, Article 25, Article 26")
    # Every word of the other treaty on the page is inside the fold, and every counterpart keeps its address.
    for group in doc.cssselect(".tc-comparison"):
        assert fold in group.iterancestors()
    for anchor in ("compared-budapest-art-25", "compared-budapest-art-26", "compared-budapest-art-39"):
        heading = doc.get_element_by_id(anchor)
        assert heading.tag == "h3" and fold in heading.iterancestors()
    # The right-hand contents name the comparison once, not each of its articles.
    toc = [a.get("href") for a in doc.cssselect("nav.md-nav--secondary a")]
    assert "#compared-budapest" in toc and not any(href.startswith("#compared-budapest-art") for href in toc)
    # A Budapest article's page lists its UN counterparts (links, no foreign wording): nothing to fold.
    assert not page(built_site, "budapest/art-15").cssselect("details.tc-compared")


def test_proposals_keep_their_rationale_folded_on_screen(built_site):
    doc = page(built_site, ART_40)
    rationale = doc.get_element_by_id("rationale-gitoc-hr-refusal-mla")
    assert rationale.tag == "details" and rationale.get("open") is None
    assert words(rationale.cssselect("summary")[0]) == "Rationale (why this change is proposed)"
    assert "fundamental" in words(rationale)  # all of it is on the page, for search and for the browser's find
    # Each proposal still says it is one, with who proposed it and what it changes, unfolded.
    entry = doc.get_element_by_id("proposal-gitoc-hr-refusal-mla")
    assert "Proposed by the editors" in words(entry) and "Amends art 40(21)(d)" in words(entry)


def test_a_row_jumps_to_each_paragraph_and_section(built_site):
    doc = page(built_site, ART_40)
    (row,) = doc.cssselect("nav.tc-jump")
    links = [(a.get("href"), words(a)) for a in row.cssselect("a")]
    paragraphs = [link for link in links if link[1].isdigit()]
    assert paragraphs == [(f"#art-40-{n}", str(n)) for n in range(1, 33)]
    assert [label for href, label in links if not label.isdigit()] == ["Commentary", "Proposals", "Budapest Convention (comparison)"]
    for href, _ in links:
        assert doc.get_element_by_id(href[1:]) is not None, href
    # An article of one paragraph has no row of numbers, only its sections.
    single = page(built_site, "uncc/art-1").cssselect("nav.tc-jump")[0]
    assert [words(a) for a in single.cssselect("a")] == ["Commentary"]


def test_the_contents_list_the_treaty_s_paragraphs_first(built_site):
    doc = page(built_site, ART_40)
    toc = [(a.get("href"), words(a)) for a in doc.cssselect("nav.md-nav--secondary a")]
    assert toc[0] == ("#treaty-text", "Text")
    assert toc[1] == ("#art-40-1", "1. States Parties shall afford one another…")
    # A paragraph that opens with its subparagraphs shows the first of them.
    assert ("#art-40-12", "12. (a) Each State Party shall designate a…") in toc
    assert toc[32][0] == "#art-40-32" and toc[33] == ("#commentary", "Commentary")
    # The labels are the treaty's own words, cut and marked as cut: never anything else.
    text = words(doc.get_element_by_id("treaty-text"))
    for _href, label in toc[1:33]:
        opening = label.split(" ", 1)[1].removesuffix("…").removeprefix("(a) ")
        assert opening in text, label


def test_previous_and_next_are_at_the_top_too(built_site):
    doc = page(built_site, ART_40)
    (pager,) = doc.cssselect("nav.tc-pager")
    assert [(a.get("rel"), a.get("href"), words(a)) for a in pager.cssselect("a")] == [
        ("prev", "../art-39/", "Previous Art. 39 Transfer of criminal proceedings"),
        ("next", "../art-41/", "Next Art. 41 24/7 network"),
    ]
    # Above the title, and the same neighbours as the footer's.
    everything = list(doc.iter())
    assert everything.index(pager) < everything.index(doc.cssselect("h1")[0])
    footer = [a.get("href") for a in doc.cssselect("nav.md-footer__inner a")]
    assert footer == ["../art-39/", "../art-41/"]
    # Pages outside a text (home, About) have no pager at the top.
    assert not page(built_site, "about").cssselect("nav.tc-pager")


def test_cite_this_article_offers_the_files_for_reference_managers(built_site):
    doc = page(built_site, ART_40)
    (fold,) = doc.cssselect("details.tc-how-to-cite")
    everything = list(doc.iter())
    assert everything.index(fold) < everything.index(doc.get_element_by_id("treaty-text")), "near the top"
    links = [(a.text, a.get("href")) for a in fold.cssselect("p.tc-cite-files a")]
    assert [label for label, _ in links] == ["CSL-JSON", "BibTeX", "RIS"]
    folder = built_site / ART_40
    for label, href in links:
        assert (folder / href).resolve().is_file(), (label, href)
    # The same files as the page's <link rel="alternate">, and no second list of them under the page.
    alternates = {link.get("href") for link in doc.find("head").iter("link") if link.get("rel") == "alternate" and "cite" in link.get("href")}
    assert {href for _, href in links} == alternates
    assert len(doc.xpath("//p[contains(@class, 'tc-cite')]/a[text()='RIS']")) == 1
    # A page without commentary has no files to offer (export/opendata.py writes them for pages with notes).
    assert not page(built_site, "uncc/art-1").cssselect("details.tc-how-to-cite p.tc-cite-files")
