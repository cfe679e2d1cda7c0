"""The pages that cut across the texts, on the built site: About and the footer, the home page, theme
pages, the tracker, the matrix and the concordance page. Every status a page states carries its date
and source; nothing a reader sees there names a repository path."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from commentary_build.check import check_project
from commentary_build.load.project import load_project
from commentary_build.model.settings import long_date
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from conftest import ROOT, page, words

# What a repository path looks like in reader-visible text.
REPOSITORY_PATH = re.compile(r"\b(?:commentary|content|src|docs|overrides|tests)/|\.(?:md|ya?ml|py)\b")
OWNED_PAGES = ["", "about", "themes", "recommendations", "matrix", "concordance"]


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def heading_text(element) -> str:
    return words(element).rstrip("¶").strip()


def visible_text(root) -> str:
    """What a reader sees of the content and the footer (not attributes, not scripts)."""
    parts = []
    for area in root.cssselect(".md-content, .md-footer"):
        clone = lxml.html.fromstring(lxml.html.tostring(area))
        for hidden in clone.cssselect("script, style, .visually-hidden, .headerlink"):
            hidden.drop_tree()
        parts.append(words(clone))
    return " ".join(parts)


# --------------------------------------------------------------------------- status boxes


def _status_boxes(doc, text_id):
    return doc.cssselect(f"[data-text='{text_id}'] .tc-status-box")


@pytest.mark.parametrize("path", ["", "about"])
def test_every_text_has_a_status_box_with_state_date_and_source(built_site, project, path):
    doc = page(built_site, path)
    for text_id in project.instruments:
        (box,) = _status_boxes(doc, text_id)
        status = project.bibliography[project.edition.texts[text_id].entry].data["status"]
        assert box.get("data-state") == status["state"]
        (as_of,) = box.cssselect("time.tc-status-as-of")
        assert as_of.get("datetime") == str(status["as-of"]) and words(as_of)
        source = words(box.cssselect(".tc-status-source")[0])
        assert source == " ".join(status["source"].split())
        # The status is the one on its date, said plainly, with where the current status is kept.
        dated = words(box.cssselect(".tc-status-dated")[0])
        assert dated == f"This is the status on {words(as_of)}; the editors have not recorded a later one."
        register = project.edition.texts[text_id].status_register
        (link,) = box.cssselect(".tc-status-register a")
        assert link.get("href") == register.url and words(link) == register.label
        assert words(box.cssselect(".tc-status-register")[0]) == f"Current status: {register.label}"
    marks = {"in-force": "✔", "not-in-force": "◷", "unknown": "?"}
    for text_id in project.instruments:
        status = project.bibliography[project.edition.texts[text_id].entry].status
        box = _status_boxes(doc, text_id)[0]
        assert words(box).startswith(marks[status.state] + " ")
        # The source links its official page; every dated fact is listed with its own source.
        if status.url:
            (link,) = box.cssselect(".tc-status-source a")
            assert link.get("href") == status.url
        items = box.cssselect(".tc-status-facts li")
        assert len(items) == len(status.facts)
        for item, fact in zip(items, status.facts, strict=True):
            (day,) = item.cssselect("time")
            assert day.get("datetime") == "-".join(f"{n:02d}" for n in fact.date) and fact.fact in words(item) and f"(source: {fact.source})" in words(item)
    budapest = words(_status_boxes(doc, "budapest")[0])
    assert budapest.startswith("✔ In force since 1 July 2004 (source: Council of Europe Treaty Office")
    # The UN Convention: opened for signature in Hanoi on 25 October 2025, signature closing on 31 December 2026.
    un = words(_status_boxes(doc, "uncc")[0])
    assert "25 October 2025: Opened for signature at a ceremony in Hanoi" in un and "31 December 2026: Signature closes" in un
    # The UN Convention's own rules on signature and entry into force are linked.
    rules = {a.text_content(): a.get("href") for a in _status_boxes(doc, "uncc")[0].cssselect(".tc-status-rules a")}
    assert set(rules) == {"Article 64", "Article 65"}
    assert rules["Article 65"].endswith("uncc/art-65/")


def _site_with_status(tmp_path, change) -> dict[str, str]:
    from conftest import copy_project

    root = copy_project(tmp_path)
    path = root / "commentary" / "bibliography.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in entries:
        change(entry)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project, analysis = load_and_check(root)
    site = build_site(project, analysis)
    return {p.src_uri: p.markdown for p in site.pages}


@pytest.mark.parametrize("missing", ["as-of", "source"])
def test_no_status_is_shown_without_its_date_or_its_source(tmp_path, missing):
    def drop(entry):
        if entry["id"] in ("un-cybercrime-convention-2024", "budapest-convention-2001"):
            del entry["status"][missing]

    pages = _site_with_status(tmp_path, drop)
    for src_uri in ("about.md", "index.md"):
        doc = lxml.html.fromstring(pages[src_uri].split("\n", 1)[1])
        for text_id in ("uncc", "budapest"):
            (box,) = _status_boxes(doc, text_id)
            assert box.get("data-state") == "none"
            text = words(box)
            assert "in force" not in text.lower().replace("entry into force", ""), text
            assert "No status is shown" in text
            # Where the current status is kept is still given: it needs no date of its own.
            assert box.cssselect(".tc-status-register a")[0].get("href").startswith("https://")


def test_about_page_says_who_edits_the_licence_the_sources_the_method_the_review_and_whom_to_ask(built_site, project):
    doc = page(built_site, "about")
    edition = project.edition
    assert heading_text(doc.cssselect("h1")[0]) == "About this edition"
    assert words(doc.cssselect(".tc-editors")[0]) == edition.editors
    assert doc.cssselect("a.tc-licence")[0].get("href") == edition.licence.url
    assert edition.texts_licence.split()[0] in words(doc.get_element_by_id("licence").getnext())
    assert doc.cssselect("a.tc-contact")[0].get("href") == edition.contact.url
    for text_id, source in edition.texts.items():
        hrefs = [a.get("href") for a in doc.cssselect(f"[data-text='{text_id}'] dd a")]
        assert source.official.url in hrefs
    facts = words(doc.cssselect("[data-text='uncc'] dl")[0])
    assert "As adopted on 24 December 2024." in facts
    assert "As opened for signature on 23 November 2001." in words(doc.cssselect("[data-text='budapest'] dl")[0])
    # The method is the edition's Markdown, rendered: its paragraphs, no raw markup.
    editors_text, method = doc.cssselect(".tc-edition-text")
    assert "reviewed pull request" in words(editors_text)
    assert method.cssselect("p") and "word for word" in words(method.cssselect("p")[0])
    review = doc.cssselect(".tc-review[data-concordance]")[0]
    assert words(review.cssselect(".tc-review-by")[0]) == "the editors"  # after "reviewed by", mid-sentence
    assert review.cssselect("time")[0].get("datetime") == "2026-12-01"
    assert {words(dt) for dt in review.cssselect("dt")} == {"Method", "Scope"}
    assert "The editors of treaty-commentary, Cybercrime conventions, annotated" in words(doc.cssselect(".tc-cite-site")[0])


# --------------------------------------------------------------------------- footer


def test_every_page_has_the_footer_with_about_licence_and_contact_links(built_site, project):
    edition = project.edition
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 150
    for path in pages:
        root = lxml.html.parse(str(path)).getroot()
        footer = root.cssselect(".md-footer .tc-footer")
        assert footer, f"{path}: no footer"
        text = words(footer[0])
        assert edition.title in text and edition.editors in text, path
        links = {a.text_content(): a.get("href") for a in footer[0].cssselect("a")}
        assert links[edition.licence.label] == edition.licence.url
        assert links[edition.contact.label] == edition.contact.url
        about = links["About this edition"]
        if path.name == "404.html":  # MkDocs serves it from any depth, so its links are from the site root (site_url's path)
            site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/"
            assert about == urlsplit(site_url).path + "about/"
            continue
        target = (path.parent / about).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target == (built_site / "about" / "index.html").resolve(), f"{path}: About link {about}"


def test_about_is_in_the_navigation_and_on_the_home_page(built_site):
    home = page(built_site, "")
    assert "about/" in [a.get("href") for a in home.cssselect(".md-content .tc-home-links a")]
    nav = [words(a) for a in home.cssselect(".md-nav--primary a")]
    assert "About" in nav


# --------------------------------------------------------------------------- home


def test_home_page_is_the_editions_with_both_texts_and_their_status(built_site, project):
    doc = page(built_site, "")
    assert heading_text(doc.cssselect("h1")[0]) == project.edition.title
    assert words(doc.cssselect(".tc-lede")[0]) == " ".join(project.edition.subtitle.split())
    cards = doc.cssselect(".tc-text-card")
    assert [c.get("data-text") for c in cards] == ["uncc", "budapest"]
    for card in cards:
        assert card.cssselect(".tc-status-box time.tc-status-as-of")
        official = project.edition.texts[card.get("data-text")].official
        assert official.url in [a.get("href") for a in card.cssselect("a")]


@pytest.mark.parametrize("path", OWNED_PAGES)
def test_no_repository_path_reaches_a_reader(built_site, path):
    text = visible_text(page(built_site, path))
    assert REPOSITORY_PATH.findall(text) == [], f"/{path}: {[m.group(0) for m in REPOSITORY_PATH.finditer(text)]}"


def test_no_repository_path_on_any_theme_page(built_site, project):
    for theme_id in project.themes:
        text = visible_text(page(built_site, f"themes/{theme_id}"))
        assert not REPOSITORY_PATH.search(text), f"themes/{theme_id}: {REPOSITORY_PATH.search(text).group(0)}"


# --------------------------------------------------------------------------- themes


def test_theme_page_lists_its_notes_with_summaries_its_proposals_and_its_tracker_rows(built_site, project):
    theme_id = "grounds-for-refusal"
    doc = page(built_site, f"themes/{theme_id}")
    notes = [n for n in project.notes if theme_id in n.themes]
    items = doc.cssselect("ul.tc-theme-notes > li")
    assert [words(li.cssselect(".tc-theme-note-title a")[0]) for li in items] == [n.title for n in notes]
    for li, note in zip(items, notes):
        meta = words(li.cssselect(".tc-note-meta")[0])
        assert note.authors[0].name in meta and note.date.isoformat() in meta
        summary = words(li.cssselect(".tc-summary")[0])
        assert 40 < len(summary) < 330, summary
        assert "[@" not in summary and "**" not in summary and "<" not in summary
        href = li.cssselect("a")[0].get("href")
        target, anchor = href.split("#")
        assert f'id="{anchor}"' in (built_site / "themes" / theme_id / target / "index.html").resolve().read_text(encoding="utf-8")
    proposals = [p for n in notes for p in n.proposals]
    assert proposals
    assert [words(a) for a in doc.cssselect("ul.tc-theme-proposals > li > a")] == [p.title for p in proposals]
    recs = [r for s in project.recommendations for r in s.recommendations if theme_id in r.themes]
    assert recs
    links = doc.cssselect("ul.tc-theme-recommendations > li > a")
    assert [a.get("href") for a in links] == [f"../../recommendations/#{r.id}" for r in recs]
    counts = words(doc.cssselect(".tc-counts")[0])
    assert counts == f"{len(notes)} notes · {len(proposals)} drafting proposals · {len(recs)} recommendations in the tracker"


def test_a_summary_keeps_whose_words_follow_and_drops_citations(built_site):
    doc = page(built_site, "themes/grounds-for-refusal")
    first = doc.cssselect("ul.tc-theme-notes > li .tc-summary")[0]
    assert words(first.cssselect(".tc-summary-label")[0]) == "What the report records:"


def test_a_theme_without_notes_says_so(tmp_path):
    from conftest import copy_project

    root = copy_project(tmp_path)
    themes = root / "commentary" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8") + "  - id: unused-theme\n    label: Unused theme\n    description: Nothing yet.\n", encoding="utf-8")
    project, analysis = load_and_check(root)
    site = build_site(project, analysis)
    markdown = site.page("themes/unused-theme.md").markdown
    assert "0 notes · 0 drafting proposals · 0 recommendations in the tracker" in markdown
    assert "No notes on this theme yet." in markdown and "No drafting proposals on this theme." in markdown
    assert "No recommendations in the tracker on this theme." in markdown


# --------------------------------------------------------------------------- tracker and matrix


def test_tracker_rows_carry_their_status_labelled_cells_and_the_reports_page(built_site, project):
    doc = page(built_site, "recommendations")
    rows = doc.cssselect("table.tc-tracker tbody tr")
    recommendations = [r for s in project.recommendations for r in s.recommendations]
    for row, rec in zip(rows, recommendations):
        assert row.get("data-status") == rec.status
        assert [td.get("data-label") for td in row.cssselect("td")] == ["Recommendation", "Status", "Draft provision", "Adopted provision", "Assessment"]
        assert words(row.cssselect(".tc-locator")[0]) == f"(GI-TOC Roundtable Report, {rec.locator})"
    (control,) = doc.cssselect("[data-tc-filter='tracker']")
    assert control.get("hidden") is not None, "hidden until the script can make it work"
    assert {box.get("value") for box in control.cssselect("input[type=checkbox]")} == {r.status for r in recommendations}


def test_tracker_says_who_assessed_the_statuses_against_which_text_and_when(built_site, project):
    doc = page(built_site, "recommendations")
    (rec_set,) = project.recommendations
    assessed = rec_set.assessment
    raw = yaml.safe_load((project.root / "commentary/recommendations/gitoc-roundtable-2023.yml").read_text(encoding="utf-8"))["assessment"]
    assert (assessed.by, assessed.date.isoformat()) == (raw["by"], raw["date"])
    assert "A/RES/79/243" in assessed.against
    # The line sits under the report's heading, before the counts and the table.
    heading = doc.get_element_by_id(rec_set.source_key)
    line = heading.getnext()
    assert "tc-assessed" in line.get("class")
    assert words(line) == f"Assessed by {raw['by']} on {long_date(assessed.date)}, against {assessed.against}."
    assert line.cssselect("time")[0].get("datetime") == raw["date"]
    assert "tc-counts" in line.getnext().get("class")


def test_the_tracker_row_on_draft_article_58_15_gives_the_mapping_as_probable(built_site, project):
    """The report speaks of "refusal to cooperate"; that the clause became the extradition refusal clause
    (Article 37(15)) is the concordance's probable reading, and the row says so."""
    mapping = next(e for e in project.concordances["cnd-2023"].entries if e.draft_ref == "58(15)")
    assert mapping.certainty == "probable"
    row = page(built_site, "recommendations").get_element_by_id("gitoc-2023-09")
    cells = {td.get("data-label"): words(td) for td in row.cssselect("td")}
    assert cells["Draft provision"] == "CND (April 2023), art 58(15)"
    assert "refusal of extradition" not in cells["Recommendation"] and "refusing cooperation" in cells["Recommendation"]
    # The report gives the clause only a number; the row paraphrases rather than quoting the report.
    assert "only by its number, draft Article 58(15)" in cells["Assessment"]
    assert "only probable" in cells["Assessment"]


def test_draft_labels_name_the_draft_the_same_way_in_notes_and_tracker(project):
    """"CND (April 2023), art 61" everywhere; never a bare "CND art 61" or an undated "CND (2023)"."""
    label = re.compile(r"^CND \((?:April|January and April|January or April) 2023\), \S")
    drafts = [n.draft for n in project.notes if n.draft] + [r.draft_provision for s in project.recommendations for r in s.recommendations if r.draft_provision]
    assert len(drafts) > 40
    assert [d for d in drafts if not label.match(d)] == []


def test_a_tracker_without_its_assessment_says_so(tmp_path):
    from conftest import copy_project

    root = copy_project(tmp_path)
    path = root / "commentary" / "recommendations" / "gitoc-roundtable-2023.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("assessment:\n  by:")
    end = text.index("recommendations:\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    project, analysis = load_and_check(root)
    assert not [p for p in project.report.problems if p.severity == "error"]
    markdown = build_site(project, analysis).page("recommendations.md").markdown
    assert "Who assessed these statuses, against which text and when is not recorded." in markdown
    assert "Assessed by" not in markdown


def test_matrix_scrolls_in_a_focusable_labelled_frame_with_a_hint(built_site):
    doc = page(built_site, "matrix")
    (frame,) = doc.cssselect(".tc-matrix-wrap")
    assert frame.get("tabindex") == "0" and frame.get("role") == "region" and frame.get("aria-label")
    hint = doc.get_element_by_id(frame.get("aria-describedby"))
    assert "Scroll sideways to see more articles" in words(hint)


# --------------------------------------------------------------------------- concordance


def test_concordance_page_shows_the_review_and_the_drafts_basis_in_plain_words(built_site, project):
    doc = page(built_site, "concordance")
    review = doc.cssselect(".tc-review")[0]
    text = words(review)
    assert text.startswith("Reviewed by the editors, 1 December 2026.")  # mid-sentence: "the"
    assert "Method" in text and "Scope" in text
    draft = project.concordances["cnd-2023"]
    rows = doc.cssselect("table.tc-drafts tbody tr")
    assert [r.get("data-draft") for r in rows] == [e.draft_ref for e in draft.entries]
    certainty = {r.get("data-draft"): words(r.cssselect(".tc-certainty")[0]) for r in rows}
    assert certainty["61"] == "probable — rests on the report's own numbering of the draft; no copy of the draft is held"
    assert certainty["mechanism"].startswith("probable — rests on the report's description of the draft")
    intro = words(doc.get_element_by_id("cnd-2023").getnext())
    assert "The draft’s UN document symbol is not yet known." in words(doc.cssselect(".tc-draft-sourcing")[0])
    assert intro, "the draft section has an introduction"
    assert doc.cssselect(".tc-draft-sourcing a")[0].get("href").endswith("bibliography/#bib-gitoc-roundtable-2023")


def test_an_articles_drafting_history_names_the_draft_as_a_reader_can_follow_it(built_site, project):
    # "CND" links to the concordance's section on the draft, and a part of the draft without a number is not
    # printed as "art mechanism" (that is the concordance file's key, not the draft's numbering).
    doc = page(built_site, "uncc/art-57")
    items = doc.cssselect("ul.tc-drafts li")
    assert [words(li) for li in items] == ["CND (April 2023): Mechanism of implementation (three options) (partly equivalent, probable)"]
    link = items[0].cssselect("a")[0]
    assert link.get("href").endswith("concordance/#cnd-2023") and link.get("title") == project.concordances["cnd-2023"].title
    numbered = words(page(built_site, "uncc/art-40").cssselect("ul.tc-drafts li")[0])
    assert numbered.startswith("CND (April 2023), art 61")
    byline = page(built_site, "uncc/art-40").cssselect(".tc-draft")[0]
    assert words(byline).startswith("Written on the draft CND (April 2023), art 61")
    assert byline.cssselect("a")[0].get("href").endswith("concordance/")


def test_raw_review_reading_needs_who_and_when(tmp_path):
    from conftest import copy_project

    root = copy_project(tmp_path)
    path = root / "content" / "uncc" / "instrument-concordances" / "budapest.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('  date: "2026-12-01"\n', ""), encoding="utf-8")
    project, analysis = load_and_check(root)
    markdown = build_site(project, analysis).page("concordance.md").markdown
    assert "No review of this concordance is recorded." in markdown
    assert "Reviewed by" not in markdown


def test_footer_values_come_from_the_edition(project):
    site = build_site(project, check_project(project))
    assert site.footer["title"] == project.edition.title
    assert site.footer["about_url"] == "about/"
    assert Path(ROOT / "overrides" / "partials" / "copyright.html").is_file()


def test_the_matrix_stays_out_of_search_and_the_treaty_footnote_is_numbered_once(built_site):
    from search_support import fragments

    # The matrix only repeats the notes' themes: search finds the notes themselves.
    assert not [r for r in fragments(built_site) if r["page"].startswith("matrix/")]
    preamble = page(built_site, "uncc/preamble")
    (footnotes,) = preamble.cssselect(".tc-source-footnotes")
    style = (built_site / "assets/treaty-commentary/commentary.css").read_text(encoding="utf-8")
    assert "list-style: none" in style.split(".md-typeset .tc-source-footnotes {", 1)[1].split("}", 1)[0]
    assert words(footnotes).startswith("1 It is noted")


def test_a_status_fact_is_escaped_and_its_source_linked_only_over_http(tmp_path):
    def hostile(entry):
        if entry["id"] == "un-cybercrime-convention-2024":
            entry["status"]["facts"][1]["fact"] = "<script>alert(1)</script> Opened & signed"
            entry["status"]["facts"][1]["source"] = "<b>register</b>"

    pages = _site_with_status(tmp_path, hostile)
    about = pages["about.md"]
    assert "<script>alert(1)</script>" not in about and "<b>register</b>" not in about
    doc = lxml.html.fromstring(about.split("\n", 1)[1])
    (box,) = _status_boxes(doc, "uncc")
    assert "<script>alert(1)</script> Opened & signed" in words(box) and "(source: <b>register</b>)" in words(box)
    # A source is a link only where the bibliography gives an http(s) address for it (the schema refuses others).
    for link in box.cssselect(".tc-status-facts a"):
        assert link.get("href").startswith("https://")
