"""Redline proposals as a reader gets them on the built site: three views, marks, legend, rationale."""

from __future__ import annotations

import re

from commentary_build.transform.redline import normalise
from conftest import page


def views(doc, unit_id):
    matches = doc.cssselect(f'.tc-redline-views[data-unit="{unit_id}"]')
    assert matches, f"no redline views for {unit_id}"
    block = matches[0]
    labels = [label.text_content() for label in block.cssselect(".tabbed-labels label")]
    assert labels == ["Adopted text", "Blackline", "Proposed text"]
    return {b.get("data-view"): b for b in block.cssselect(".tabbed-block")}


def test_article_40_paragraph_21_offers_three_views(built_site):
    doc = page(built_site, "uncc/art-40")
    tabs = views(doc, "art-40-21")
    adopted = tabs["adopted"].text_content()
    assert "to be granted." in adopted and "(e)" not in adopted
    blackline = tabs["blackline"]
    deleted = [d.text_content() for d in blackline.cssselect("del")]
    inserted = [i.text_content() for i in blackline.cssselect("ins")]
    assert any("to be granted." in d for d in deleted)
    assert any("to be granted;" in i for i in inserted)
    assert any(i.startswith("inserted text: (e) ") and "fundamental human rights" in i for i in inserted)
    # Every mark but the key's samples (the key heads the blackline view on screen).
    for mark in blackline.xpath(".//*[self::ins or self::del][not(ancestor::*[contains(@class, 'tc-redline-legend')])]"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", mark.get("datetime"))
        assert mark.get("cite").startswith("#rationale-")
        hidden = mark.cssselect(".visually-hidden")[0].text_content()
        assert hidden in ("inserted text: ", "deleted text: ")
    proposed = normalise(" ".join(tabs["proposed"].itertext()))
    assert "to be granted; (e) If the requested State Party considers that execution of the request is likely to violate" in proposed
    assert "to be granted." not in proposed


def test_article_40_proposal_entry_and_legend(built_site):
    doc = page(built_site, "uncc/art-40")
    section = doc.get_element_by_id("proposals")
    assert section is not None
    legend = doc.cssselect(".tc-legend, [class*=legend]")
    assert legend and "inserted" in legend[0].text_content().lower() and "deleted" in legend[0].text_content().lower()
    entry = doc.get_element_by_id("proposal-gitoc-hr-refusal-mla")
    text = entry.text_content()
    assert "Editors' drafting" in text and "Proposed by the editors" in text  # the label and the proponent, mid-sentence in lower case
    assert doc.get_element_by_id("rationale-gitoc-hr-refusal-mla") is not None
    assert entry.cssselect("time")[0].get("datetime")
    # the rationale cites the report, so its footnote is on the page
    assert entry.cssselect("sup.footnote-ref a")


def test_article_42_shows_a_replaced_paragraph_and_links_back_to_the_proposal(built_site):
    # (A paragraph deleted whole is struck the same way: tests/test_fixture_project.py.)
    doc = page(built_site, "uncc/art-42")
    tabs = views(doc, "art-42-6")
    inserted = " ".join(i.text_content() for i in tabs["blackline"].cssselect("ins"))
    assert "(e)" in inserted
    tabs = views(doc, "art-42-5")
    struck = " ".join(d.text_content() for d in tabs["blackline"].cssselect("del"))
    assert "reserve the right to refuse" in struck and "preservation shall be provided only where" in tabs["blackline"].text_content()
    assert "reserve the right" not in tabs["proposed"].text_content()
    assert "preservation shall be provided only where" in tabs["proposed"].text_content()
    # a proposal held by an Art. 42 note has its full entry here
    assert doc.get_element_by_id("proposal-gitoc-dual-criminality-preservation") is not None


def test_print_stylesheet_carries_the_markers_and_change_bar(built_site):
    css = (built_site / "assets" / "treaty-commentary" / "redline.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert '"[+ "' in print_rules and "[\\2212" in print_rules
    assert "border-left" in print_rules


def test_proposals_page_lists_every_proposal(built_site):
    from pathlib import Path

    from commentary_build.load.project import load_project

    project = load_project(Path(__file__).resolve().parent.parent)
    expected = {p.id for n in project.notes for p in n.proposals}
    doc = page(built_site, "proposals")
    links = {a.get("href").rsplit("#proposal-", 1)[1] for a in doc.cssselect("table.tc-proposals a[href*='#proposal-']")}
    assert links == expected
    assert f"{len(expected)} proposals" in doc.text_content()
