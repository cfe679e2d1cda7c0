"""PDF exports read back: order, contents page numbers, blackline markers, footnotes, bibliography, paper,
clean print (no form fields, the other treaty under its own heading, no contributor hints), tags,
bookmarks, titles and page labels.

The three-article brief is laid out once for the module; the site's PDFs (full commentary,
chapters, articles) come from the session build. Page text comes from pdftotext (poppler),
destinations, outlines and annotations from pypdf, tagging from pdfinfo.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import lxml.html
import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from commentary_build.check import check_project  # noqa: E402
from commentary_build.export.pdf import print_options, render_pdf  # noqa: E402
from commentary_build.export.print_document import build_print_html  # noqa: E402
from commentary_build.export.selection import SelectionError, select_articles, select_theme  # noqa: E402
from commentary_build.load.project import load_project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def analysis(project):
    return check_project(project)


@pytest.fixture(scope="module")
def brief(project, analysis, tmp_path_factory):
    selection = select_articles(project, ["43", "40", "42"])
    options = print_options(project)
    result = render_pdf(project, analysis, selection, options)
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    path.write_bytes(result.data)
    return path, build_print_html(project, analysis, selection, options), result


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def destinations(path: Path) -> dict[str, int]:
    """Named destination (an HTML id) -> 1-based page number."""
    reader = pypdf.PdfReader(str(path))
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def flat(text: str) -> str:
    # Undo line-end hyphenation (pdftotext prints U+2010) and layout whitespace.
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n\s*", "", text))


def test_brief_holds_exactly_the_chosen_articles_in_text_order(brief):
    path, _, _ = brief
    dests = destinations(path)
    articles = {name: page for name, page in dests.items() if re.fullmatch(r"art-\d+", name)}
    assert set(articles) == {"art-40", "art-42", "art-43"}
    assert articles["art-40"] <= articles["art-42"] <= articles["art-43"]
    contents = page_texts(path)[1]
    titles = re.findall(r"Article (\d+): ", contents)
    assert titles == ["40", "42", "43"]


@needs_pdftotext
def test_contents_page_labels_are_the_pages_where_articles_start(brief):
    # A brief is laid out one article per part, in parallel; pages are numbered by article ("40-3").
    path, _, _ = brief
    pages = page_texts(path)
    dests = destinations(path)
    labels = pypdf.PdfReader(str(path)).page_labels
    entries = re.findall(r"Article (\d+): [^\n]*?(?:\n[^\n]*?)?\.\s*(\d+-\d+)\s*$", pages[1], re.M)
    assert [number for number, _ in entries] == ["40", "42", "43"]
    for number, label in entries:
        assert label == f"{number}-1"
        page = labels.index(label) + 1
        assert page == dests[f"art-{number}"]
        assert f"Article {number}:" in pages[page - 1]
        assert label in pages[page - 1]  # the footer prints the label the viewer shows


@needs_pdftotext
def test_contents_page_lists_the_proposals_at_a_glance_with_their_pages(brief, project):
    path, _, _ = brief
    pages = page_texts(path)
    labels = pypdf.PdfReader(str(path)).page_labels
    dests = destinations(path)
    contents = flat(pages[1])
    assert "Proposals at a glance" in contents
    on = [p for n in project.notes for p in n.proposals if n.article_id in ("art-40", "art-42", "art-43")]
    assert len(on) == 6
    listed = []
    for proposal in on:
        found = re.search(re.escape(proposal.title) + r" \(The editors \u00b7 [^;)]+; rationale (\d+-\d+)\)[ .]*(\d+-\d+)", contents)
        assert found, proposal.title
        assert labels[dests[f"proposal-{proposal.id}"] - 1] == found[1]  # the page where its rationale is
        blackline = labels[dests[f"blackline-{proposal.id}"] - 1]
        assert blackline == found[2] and proposal.title in flat(pages[dests[f"blackline-{proposal.id}"] - 1])  # where it is in the text
        listed.append((found.start(), tuple(int(n) for n in blackline.split("-"))))
    assert [page for _, page in sorted(listed)] == sorted(page for _, page in listed)  # in the order of the text
    assert "art 42(4)\u2013(5) \u2014 Dual criminality as a condition of preservation" in contents


@needs_pdftotext
def test_cover_names_the_text_symbol_and_version_and_the_metadata_the_revision(project, brief):
    from commentary_build.model.settings import long_date

    path, _, _ = brief
    cover = flat(page_texts(path)[0])
    assert "A/RES/79/243" in cover and "United Nations Convention against Cybercrime" in cover
    assert "Brief: Articles 40, 42, 43" in cover
    # The cover says which version in a reader's words; the commit is machine text, kept in the metadata.
    assert f"Version of {long_date(project.settings.revision.day)}" in cover
    revision = project.settings.revision.short or "unknown"
    assert "revision" not in cover.lower() and "Built" not in cover and not re.search(r"\b[0-9a-f]{7,40}\b", cover)
    info = pypdf.PdfReader(str(path)).metadata
    assert info["/Keywords"] == f"source revision {revision}" and info["/SourceRevision"] == revision
    assert f'pdf:Keywords="source revision {revision}"' in pypdf.PdfReader(str(path)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()


@needs_pdftotext
def test_blackline_markers_and_proposed_text_are_printed(brief):
    path, _, _ = brief
    text = "".join(page_texts(path))
    assert "[+ " in text and "[\u2212 " in text
    assert "BLACKLINE" in text and "PROPOSED TEXT" in text
    assert "inserted text:" not in text  # the screen-reader prefix never prints


@needs_pdftotext
def test_footnotes_print_at_the_foot_of_the_page_that_cites_them(brief):
    path, html, _ = brief
    pages = [flat(p) for p in page_texts(path)]
    notes = re.findall(r'(.{0,400}?)<tc-note class="tc-footnote" id="([^"]+)" data-number="(\d+)">(.*?)</tc-note>', html)
    assert notes
    same_page = 0
    for before, _anchor, number, note in notes:
        words = flat(unescape(re.sub(r"<[^>]+>", " ", before))).split()[-5:]
        lead = flat(unescape(re.sub(r"<[^>]+>", "", note)))[:40]
        call_pages = [i for i, page in enumerate(pages) if " ".join(words) in page]
        # Where a page break splits the words ("a government / has asked for them.8"), the last word with the call's number.
        call_pages += [i for i, page in enumerate(pages) if words and f" {words[-1]}{number} " in f" {page} "]
        note_pages = [i for i, page in enumerate(pages) if f"{number}. {lead}" in page]
        if not call_pages or not note_pages:
            continue
        # WeasyPrint moves a note that no longer fits to the next page; it never goes further.
        assert any(0 <= n - c <= 1 for c in call_pages for n in note_pages), (number, lead)
        same_page += any(n == c for c in call_pages for n in note_pages)
    assert same_page >= 0.75 * len(notes)
    assert overlapping_words(path) == []  # no line printed over a note


@needs_pdftotext
def test_no_page_ends_on_a_heading_or_a_provisions_opening_words(brief):
    """A heading, a proposal's title and a provision's opening words ("10. For the purposes of paragraph 9 of this
    article:") are never the last line of a page's text (above its footnotes): they go with what they introduce."""
    path, html, _ = brief
    headings = {flat(unescape(re.sub(r"<[^>]+>", "", text))).strip()
                for text in re.findall(r'<(?:h[1-4]|p class="tc-proposal-title")[^>]*>(.*?)</(?:h[1-4]|p)>', html)}
    assert "Commentary" in headings and "Dual criminality as a condition of preservation" in headings
    for number, line in enumerate(last_body_lines(path), start=1):
        assert line not in headings, (number, line)
        assert not re.fullmatch(r"(\d+\.|\([a-z]+\)) .*:", line), (number, line)


def last_body_lines(path: Path, smallest: float = 9.5) -> list[str]:
    """The last line of each page's text in type of 9 points or more: the footnotes (8 points), running header and
    footer left out, from poppler's word boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = []
    for page in out.split("<page ")[1:]:
        words = [(float(m[1]), float(m[2]), unescape(m[3]))
                 for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', page)]
        body = [word for word in words if word[1] - word[0] >= smallest]
        bottom = max((word[0] for word in body), default=0.0)
        lines.append(" ".join(word[2] for word in body if abs(word[0] - bottom) < 2))
    return lines


@needs_pdftotext
def test_print_footnotes_cite_a_source_in_full_once_per_article(brief):
    """On paper an article's footnotes are read in order: a source is cited in full in its first note only, and
    afterwards in short form or as ibid (OSCOLA), not again in full in every note and rationale as on the site, where a
    reader may land on one note."""
    path, html, _ = brief
    full = "Global Initiative Against Transnational Organized Crime, UN \u2018Cybercrime Treaty\u2019"
    for article in ("art-40", "art-42", "art-43"):
        section = html.split(f'id="{article}"', 1)[1].split('<section class="tc-print-article"', 1)[0]
        notes = [unescape(re.sub(r"<[^>]+>", "", note)) for note in re.findall(r'<tc-note class="tc-footnote"[^>]*>(.*?)</tc-note>', section)]
        assert len(notes) >= 2, article
        assert notes[0].startswith(full.replace("\u2018", "'").replace("\u2019", "'")) or notes[0].startswith(full), (article, notes[0])
        assert not any(full in note or full.replace("\u2018", "'").replace("\u2019", "'") in note for note in notes[1:]), (article, notes)
    text = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert text.count("Global Initiative Against Transnational Organized Crime") == 4  # once per article, once in the bibliography


@needs_pdftotext
def test_print_writes_dates_long_never_iso(brief):
    text = flat(all_text(brief[0]))
    assert re.search(r"Last changed \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}", text)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


@needs_pdftotext
def test_bibliography_lists_the_sources_cited(brief):
    path, _, _ = brief
    dests = destinations(path)
    pages = page_texts(path)
    bibliography = flat("".join(pages[dests["bibliography"] - 1:]))
    assert "Bibliography" in bibliography
    # Short references, grouped by article: not the article's full title once per footnote.
    assert re.search(r"Cited in: Article 40, nn 1, 2, 3[\d, ]*; Article 42, nn 1", bibliography)
    assert "General principles and procedures relating to mutual legal assistance" not in bibliography


@needs_pdftotext
def test_footnote_calls_follow_the_punctuation_and_quotations_use_single_marks(brief):
    path, html, _ = brief
    text = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    # "… or victim.¹ The wording": the call after the full stop, no space before it (the notes cite before it, after a space).
    calls = re.findall(r"(.)<tc-note ", html)
    assert calls and not any(c.isspace() for c in calls)
    assert sum(c in ".,;:" for c in calls) >= len(calls) / 2
    commentary = text.split("Commentary", 1)[1]
    assert "\u2018" in commentary and '"' not in commentary.split("Bibliography")[0]


def test_internal_links_point_inside_the_document(brief):
    _, html, _ = brief
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    local = re.findall(r'href="#([^"]+)"', html)
    assert local and all(target in ids for target in local)
    assert "tc-outside:" not in html
    assert len(ids) == len(re.findall(r'\bid="', html)), "ids must be unique in one document"


def test_paper_size_a4_by_default_and_letter_on_request(project, analysis, brief, tmp_path):
    path, _, _ = brief
    a4 = pypdf.PdfReader(str(path)).pages[0].mediabox
    assert (round(float(a4.width) / 72 * 25.4), round(float(a4.height) / 72 * 25.4)) == (210, 297)
    options = print_options(project, paper="letter")
    letter = render_pdf(project, analysis, select_articles(project, ["1"]), options)
    (tmp_path / "letter.pdf").write_bytes(letter.data)
    box = pypdf.PdfReader(str(tmp_path / "letter.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_unknown_articles_and_themes_are_refused(project):
    with pytest.raises(SelectionError, match="no article 999"):
        select_articles(project, ["40", "999"])
    with pytest.raises(SelectionError, match="themes are"):
        select_theme(project, "no-such-theme")


def test_command_exits_2_on_an_unknown_theme(capsys):
    from commentary_build.cli import main

    assert main(["--root", str(ROOT), "pdf", "--theme", "no-such-theme"]) == 2
    assert "no theme 'no-such-theme'" in capsys.readouterr().err


def test_site_publishes_the_full_and_chapter_pdfs_and_links_them(built_site_with_pdfs):
    built_site = built_site_with_pdfs
    full = pypdf.PdfReader(str(built_site / "pdf" / "commentary.pdf"))
    chapter = pypdf.PdfReader(str(built_site / "pdf" / "chapter-5.pdf"))
    assert len(chapter.pages) < len(full.pages)
    assert "Chapter V" in chapter.pages[0].extract_text()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="pdf/commentary.pdf"' in home
    chapter_page = (built_site / "uncc" / "chp-5" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/chapter-5.pdf"' in chapter_page
    article_page = (built_site / "uncc" / "art-40" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/articles/art-40.pdf"' in article_page
    article = pypdf.PdfReader(str(built_site / "pdf" / "articles" / "art-40.pdf"))
    assert "Article 40: General principles" in article.pages[0].extract_text()
    assert "Article 41" not in article.pages[-1].extract_text()


# ---------------------------------------------------------------------------- clean print


def all_text(path: Path) -> str:
    return "".join(page_texts(path))


def test_no_form_fields_or_widgets(brief):
    path, html, _ = brief
    assert "<input" not in html
    reader = pypdf.PdfReader(str(path))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/Widget"
    assert "/AcroForm" not in reader.trailer["/Root"]


@needs_pdftotext
def test_no_radio_buttons_or_contributor_hints_in_print(brief, built_site_with_pdfs):
    path, _, _ = brief
    for text in (all_text(path), all_text(built_site_with_pdfs / "pdf" / "commentary.pdf")):
        assert "\u25c9" not in text and "\u25cb" not in text  # ◉ ○
        assert "Notes go in" not in text and "commentary/uncc/" not in text
        # Web affordances: the contributor's link on an article without notes, the paragraph markers
        # ("1 note · 1 proposal", links to the commentary below) and the caption naming a group of tabs.
        flat_text = flat(text)
        assert "Notes are written by contributors" not in flat_text and "how to propose one" not in flat_text
        # A marker closes the first line of its paragraph ("… for any one of these reasons. 1 note").
        markers = [line.strip() for line in text.splitlines() if re.search(r"\b\d+ (notes?|proposals?)( · \d+ proposals?)?\s*$", line)]
        assert not markers, markers[:5]
        assert not re.search(r"Proposal on art \d+", flat_text)


@needs_pdftotext
def test_budapest_text_sits_under_a_heading_naming_the_budapest_convention(brief):
    path, _, _ = brief
    pages = page_texts(path)
    # Budapest art 25(1), word for word; the UN text never says "criminal offences related to computer systems".
    budapest = "criminal offences related to computer systems and data"
    found = [i for i, page in enumerate(pages) if budapest in flat(page)]
    assert found
    for index in found:
        page = flat(pages[index])
        header = page[:120]
        before = page[: page.index(budapest)]
        assert "Budapest Convention, Art." in header or "Budapest Convention, Article 25" in before, page[:300]
    # Where the Budapest comparison begins, the heading names the instrument and the article.
    assert any("Budapest Convention, Article 25: General principles relating to mutual assistance" in flat(p) for p in pages)
    # Paragraphs without a counterpart are summed up in one line, not printed.
    assert any(re.search(r"Art\. 40 ¶¶ [\d–, ]+: no counterpart in Budapest Convention art 25", flat(p)) for p in pages)


def test_comparisons_are_condensed(brief):
    _, html, _ = brief
    assert "tabbed-set" not in html.split("tc-print-comparison", 1)[-1].split("</section>", 1)[0]
    assert 'class="tc-comparison-row' in html
    assert "only in the UN Convention against Cybercrime" not in html
    # Every compared block says what it is, and none wears a proposal's change bar (tc-has-changes).
    blocks = html.split('<section class="tc-other-text"')[1:]
    assert blocks and all("Comparison with the Budapest Convention \u2014 not a proposal" in block.split("</h3>", 1)[1][:200] for block in blocks)
    comparisons = "".join(part.split("tc-running-reset", 1)[0] for part in html.split('class="tc-print-comparison"')[1:])
    assert "tc-compared-changes" in comparisons and "tc-has-changes" not in comparisons


# ---------------------------------------------------------------------------- accessible, well labelled


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def outline_titles(path: Path) -> list[tuple[int, str]]:
    reader = pypdf.PdfReader(str(path))
    found: list[tuple[int, str]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 1)
    return found


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_pdfs_are_tagged_with_language_title_and_bookmarks(brief, built_site_with_pdfs):
    path, _, _ = brief
    site = built_site_with_pdfs / "pdf"
    for pdf in (path, site / "commentary.pdf", site / "chapter-5.pdf", site / "articles" / "art-40.pdf"):
        info = pdfinfo(pdf)
        assert info["Tagged"] == "yes", pdf
        root = pypdf.PdfReader(str(pdf)).trailer["/Root"]
        assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
        assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()
    titles = outline_titles(site / "commentary.pdf")
    assert (1, "Chapter V: International cooperation") in titles
    assert any(level == 2 and title.startswith("Article 40: General principles") for level, title in titles)
    assert any(level == 3 and title == "A human-rights ground for refusing mutual legal assistance" for level, title in titles)
    assert not any(title in ("Commentary", "Notes", "Related provisions") for _, title in titles)
    assert any(title.startswith("Article 40") for _level, title in outline_titles(path))  # a brief has no chapter level


def structure(path: Path) -> list[tuple[str, dict]]:
    """The structure tree in document order: (tag, the element's /A attributes and /ID), with pikepdf."""
    import pikepdf

    found: list[tuple[str, dict]] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        ids = root.get("/IDTree")
        listed = {str(ids.Names[n]) for n in range(0, len(ids.Names), 2)} if ids is not None else set()

        def walk(element) -> None:
            kind = element.get("/S")
            if kind is not None:
                attributes = {str(k): str(v) for k, v in element.get("/A", {}).items()} if isinstance(element.get("/A"), pikepdf.Dictionary) else {}
                if "/ID" in element:
                    attributes["ID"] = str(element.ID)
                    attributes["listed"] = str(element.ID) in listed
                found.append((str(kind), attributes))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(root)
    return found


def test_pdf_ua_footnotes_are_notes_header_cells_have_a_scope_and_headings_start_at_h1(brief, table_pdf, built_site_with_pdfs):
    """Matterhorn checkpoints 19-001/19-003 (a footnote is a Note, with an ID), 15-003 (a header cell has a Scope),
    14-002/14-003 (headings start at H1 and skip no level), read from the structure tree of each kind of PDF."""
    site = built_site_with_pdfs / "pdf"
    for path in (brief[0], table_pdf, site / "commentary.pdf", site / "chapter-5.pdf", site / "articles" / "art-40.pdf", site / "articles" / "art-42.pdf"):
        tree = structure(path)
        headings = [int(kind[2:]) for kind, _ in tree if re.fullmatch(r"/H\d", kind)]
        assert headings and headings[0] == 1, (path, headings[:3])
        assert all(b <= a + 1 for a, b in zip(headings, headings[1:])), path
        notes = [attributes for kind, attributes in tree if kind == "/Note"]
        ids = [attributes.get("ID") for attributes in notes]
        assert all(ids) and len(set(ids)) == len(ids) and all(a["listed"] for a in notes), path
        assert sum(kind == "/Reference" for kind, _ in tree) >= len(notes), path  # each footnote's call
        for kind, attributes in tree:
            if kind == "/TH":
                assert attributes.get("/Scope") in ("/Column", "/Row"), path
    # Art. 40 cites sources: its PDF holds its footnotes as Notes; the table's head cells are column headers.
    assert sum(kind == "/Note" for kind, _ in structure(site / "articles" / "art-40.pdf")) >= 5
    assert [a["/Scope"] for kind, a in structure(table_pdf) if kind == "/TH"][:3] == ["/Column"] * 3


def test_chapter_pdf_has_its_own_title_cover_and_page_labels(built_site_with_pdfs):
    site = built_site_with_pdfs / "pdf"
    chapter = pypdf.PdfReader(str(site / "chapter-5.pdf"))
    assert chapter.metadata.title.startswith("Chapter V: International cooperation")
    full = pypdf.PdfReader(str(site / "commentary.pdf"))
    assert full.metadata.title.startswith("Full commentary")
    assert "Pages V-1 to V-" in chapter.pages[0].extract_text()
    for document in (chapter, full):  # the version on the cover, the commit in the metadata
        assert "Version of " in document.pages[0].extract_text() and "revision" not in document.pages[0].extract_text()
        assert re.fullmatch(r"[0-9a-f]{12}|unknown", document.metadata["/SourceRevision"])
    labels = chapter.page_labels
    assert labels[:2] == ["Cover", "V-1"] and labels[-1] == f"V-{len(chapter.pages) - 1}"
    # The chapter's pages are numbered as in the full commentary.
    full_labels = full.page_labels
    start = full_labels.index("V-1")
    assert full_labels[start: start + len(chapter.pages) - 1] == labels[1:]
    # Every link in the chapter PDF goes somewhere: a destination inside it, or nowhere at all.
    names = set(chapter.named_destinations)
    for page in chapter.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert "tc-part:" not in str(annotation.get("/A", {}).get("/URI", ""))
            if "/Dest" in annotation:
                assert str(annotation["/Dest"]) in names
    assert "art-40" in names and "art-6" not in names


# ---------------------------------------------------------------------------- compilation table


@pytest.fixture(scope="module")
def table_pdf(project, analysis, tmp_path_factory):
    result = render_pdf(project, analysis, select_articles(project, ["40"]), print_options(project), layout="table")
    path = tmp_path_factory.mktemp("table") / "table.pdf"
    path.write_bytes(result.data)
    return path


@needs_pdftotext
def test_table_layout_has_a_row_per_proposal_with_its_rationale_for_art_40(table_pdf, project, brief):
    page = pypdf.PdfReader(str(table_pdf)).pages[1]
    assert float(page.mediabox.width) > float(page.mediabox.height), "landscape"
    text = subprocess.run(["pdftotext", "-layout", str(table_pdf), "-"], capture_output=True, text=True, check=True).stdout
    header = next(line for line in text.splitlines() if "Adopted text" in line)
    assert header.index("Adopted text") < header.index("Proposal (blackline)") < header.index("Rationale")
    row = next(line for line in text.splitlines() if re.match(r"\s*art 40\(21\)\s", line))
    cite = row.index("art 40(21)")
    # The proposal's band and title open its cell; the rationale (not the commentary) fills the next one.
    assert cite < row.index("NOT ADOPTED")
    # Reading order (no -layout): each cell's words together, as in the tagged structure.
    flat_text = flat(subprocess.run(["pdftotext", str(table_pdf), "-"], capture_output=True, text=True, check=True).stdout)
    on_40 = [p for n in project.notes for p in n.proposals if any(e.target.startswith("art-40-") for e in p.edits)]
    assert len(on_40) == 3 and all(p.title in flat_text for p in on_40)
    # The proponent and the date; "the editors" in lower case in the middle of the sentence.
    assert all(f"Proposed by {p.proponent.replace('The editors', 'the editors')} \u00b7 " in flat_text for p in on_40)
    assert "[+\u00a0" in text or "[+ " in text  # the blackline markers
    # The commentary is pointed to by note and paragraph, not printed: no paragraph of a note without a proposal.
    assert re.search(r"Commentary: \u2018[^\u2019]+\u2019, paras 1\u2013\d+", flat_text)
    for note in project.notes:
        if note.article_id == "art-40":
            words = re.findall(r"[A-Za-z]+", note.body)
            sample = " ".join(words[40:48])
            assert sample in flat(all_text(brief[0])).replace("\u2019", "'") or sample not in flat_text  # in the brief (where it is readable) ...
            assert sample not in flat_text, note.id  # ... and never in the table
    assert "no proposal or commentary" not in flat_text
    # Contents: each row with its page; the other articles of the chapter in one line with ranges.
    assert re.search(r"art 40\(21\) \u2014 Refusal where execution is likely to violate fundamental human rights(?: \.)+ ?40-\d", flat_text)
    assert "Articles without proposals" not in flat_text  # only Article 40 was chosen, and it has proposals
    assert pdfinfo(table_pdf)["Tagged"] == "yes"


# ---------------------------------------------------------------------------- parts, cache, briefs


def test_layout_cache_lays_out_only_what_changed(tmp_path):
    from commentary_build.export.layout import Job, LayoutCache, LayoutStats, Slice, run_jobs

    def page(text: str) -> str:
        return f'<html lang="en"><head><title>{text}</title></head><body><h1 id="{text}">{text}</h1><p>Text of {text}.</p></body></html>'

    cache = LayoutCache(tmp_path / "cache")
    jobs = [Job("one", page("one"), str(tmp_path)), Job("two", page("two"), str(tmp_path))]
    first = LayoutStats()
    results = run_jobs(jobs, cache, workers=1, stats=first)
    assert sorted(first.laid_out) == ["one", "two"] and not first.cached
    again = LayoutStats()
    cached = run_jobs(jobs, cache, workers=1, stats=again)
    assert not again.laid_out and sorted(again.cached) == ["one", "two"]
    assert cached["one"].pdf == results["one"].pdf and cached["one"].anchors == results["one"].anchors
    edited = LayoutStats()
    run_jobs([jobs[0], Job("two", page("two, edited"), str(tmp_path))], cache, workers=1, stats=edited)
    assert edited.laid_out == ["two"] and edited.cached == ["one"]
    # An entry laid out without slices does not serve a job that wants them; one with slices serves both.
    sliced = LayoutStats()
    with_slices = Job("one", page("one"), str(tmp_path), slices=(Slice("art", "Art", anchor="one"),))
    assert "art" in run_jobs([with_slices], cache, workers=1, stats=sliced)["one"].slices and sliced.laid_out == ["one"]
    plain = LayoutStats()
    run_jobs([jobs[0]], cache, workers=1, stats=plain)
    assert plain.cached == ["one"]


def test_slices_written_by_a_forked_child_are_the_same_bytes(tmp_path):
    from commentary_build.export.layout import Job, Slice, run_job

    body = "".join(f'<section id="s{n}" style="break-before: page"><h1>Part {n}</h1><p>Words of part {n}.</p></section>' for n in range(3))
    job = Job("j", f'<html lang="en"><head><title>t</title></head><body>{body}</body></html>', str(tmp_path),
              slices=tuple(Slice(f"s{n}", f"Part {n}", anchor=f"s{n}") for n in range(3)))
    alone, forked = run_job(job), run_job(job, fork_slices=True)
    assert sorted(forked.slices) == ["s0", "s1", "s2"]
    assert forked.slices == alone.slices and forked.pdf == alone.pdf


def test_chapter_and_theme_briefs_leave_out_unannotated_articles_and_say_so(project, analysis):
    from commentary_build.export.print_document import plan_brief
    from commentary_build.export.selection import select_chapter

    book = plan_brief(project, analysis, select_chapter(project, "5"), print_options(project))
    names = [part.name for part in book.body]
    assert "art-40" in names and "art-38" not in names  # Art. 38 has neither commentary nor proposals
    front = book.finish({})[0].html
    assert "Left out" in front and "Art. 38" in front
    named = plan_brief(project, analysis, select_articles(project, ["38", "40"]), print_options(project))
    assert [part.name for part in named.body][:2] == ["art-38", "art-40"]  # --articles prints what it names
    assert all("Notes go in" not in part.html for part in named.body)


# ---------------------------------------------------------------------------- what a black-and-white copy shows


def horizontal_strokes(page, reader) -> list[tuple[float, float, float]]:
    """Horizontal lines stroked on ``page`` (underlines, strike-throughs, rules) as (x0, x1, y) in PDF space."""
    from pypdf.generic import ContentStream

    ctm, stack, path, lines = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], [], []

    def apply(m, x, y):
        return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]

    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = ctm
            ctm = (a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                   e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5])
        elif operator in (b"m", b"l"):
            path.append(apply(ctm, float(operands[0]), float(operands[1])))
        elif operator in (b"S", b"s"):
            lines += [(min(a[0], b[0]), max(a[0], b[0]), a[1]) for a, b in zip(path, path[1:]) if abs(a[1] - b[1]) < 0.01 and abs(a[0] - b[0]) > 1]
            path = []
        elif operator in (b"n", b"f", b"f*", b"B", b"b"):
            path = []
    return lines


def link_rectangles(page) -> list[tuple[float, float, float, float]]:
    rects = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link":
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return rects


def underlined_links(path: Path) -> tuple[list[tuple[int, tuple]], int]:
    """(links with a line drawn through or under their words, horizontal strokes on the pages checked)."""
    reader = pypdf.PdfReader(str(path))
    found, strokes = [], 0
    for number, page in enumerate(reader.pages, 1):
        lines = horizontal_strokes(page, reader)
        strokes += len(lines)
        for x0, y0, x1, y1 in link_rectangles(page):
            for lx0, lx1, y in lines:
                overlap = min(x1, lx1) - max(x0, lx0)
                # Inside the link's line box, not on its edge (where a table's rule may run).
                if y0 + 1 < y < y1 - 1 and overlap > 0.5 * (x1 - x0):
                    found.append((number, (x0, y0, x1, y1)))
    return found, strokes


@needs_pdftotext
def test_every_insertion_and_deletion_prints_its_marker(brief, table_pdf):
    # A black-and-white copy must never show inserted text as a mere underline: "State Party.]Mutual legal
    # assistance" read as adopted text. An insertion that directly follows a deletion carries the class
    # tc-after-mark besides tc-ins; it is marked like every other.
    path, html, _ = brief
    text = all_text(path)
    flat_text = flat(text)
    assert "[\u2212 might][+ could]" in flat_text.replace("\u00a0", " ")
    assert "State Party.][+ Mutual legal assistance" in flat_text.replace("\u00a0", " ")
    for document in (text, all_text(table_pdf)):
        # A deletion ending in a word and followed at once by a word: the insertion there has lost its marker.
        bare = re.findall(r".{0,30}\[\u2212[^\[\]]*[^\s\[\]]\]\w.{0,20}", document.replace("\u00a0", " "))
        assert not bare, bare[:5]
    # As many [+ and [− in the PDF as insertions and deletions in the document, plus those the legend spells out.
    html = html.split("<body", 1)[1]
    for marker, tag in (("[+", "ins"), ("[\u2212", "del")):
        spelled_out = html.count(marker) - html.count(f'<span class="tc-mark">{marker}')
        assert text.count(marker) == len(re.findall(rf"<{tag}\b", html)) + spelled_out, marker


def test_links_are_never_underlined_in_print(brief, table_pdf):
    # Only an insertion is underlined on paper; a cross-reference ("paragraph 9") must not look inserted.
    for path in (brief[0], table_pdf):
        found, strokes = underlined_links(path)
        assert strokes, "the insertions' underlines are found, so the check can see one"
        assert not found, found[:5]


def running_header(page: str) -> str:
    """The running header of a page as pdftotext prints it: its first line, or two when the title wraps."""
    lines = [line for line in page.splitlines() if line.strip()][:2]
    if not lines:
        return ""
    return " ".join(" ".join(line.split()) for line in (lines if len(lines) > 1 and not re.search(r"A/RES/79/243|ETS No\. 185", lines[0]) else lines[:1]))


@needs_pdftotext
def test_running_header_names_the_symbol_of_the_text_printed(brief, built_site_with_pdfs):
    # Budapest wording under "A/RES/79/243" reads as UN text: a page headed by the Budapest Convention carries its symbol.
    for path in (brief[0], built_site_with_pdfs / "pdf" / "commentary.pdf"):
        headers = [running_header(page) for page in page_texts(path)]
        budapest = [h for h in headers if h.startswith("Budapest Convention")]
        assert budapest, path
        for header in budapest:
            assert "ETS No. 185" in header and "A/RES/79/243" not in header, header
        for header in headers:
            if re.match(r"Art\. \d+ ", header):
                assert "A/RES/79/243" in header and "ETS No. 185" not in header, header


def web_paragraphs(site: Path, url_path: str) -> list[tuple[int, str]]:
    """The numbered paragraphs of commentary on a built page: (number, its first words)."""
    from conftest import page, words

    found = []
    for paragraph in page(site, url_path).xpath('//p[contains(@class, "tc-para")]'):
        number = paragraph.xpath('./a[contains(@class, "tc-para-num")]')[0]
        text = words(paragraph)[len(words(number)):].strip()
        found.append((int(words(number)), text[:70]))
    return found


def straight(text: str) -> str:
    return re.sub("[\u2018\u2019\u201c\u201d\"]", "'", text)


def printed_paragraph_numbers(pages: list[str]) -> dict[str, int]:
    """First words of a paragraph -> the number printed in the margin beside it."""
    found = {}
    for page in pages:
        for line in page.splitlines():
            match = re.match(r"\s*(\d+)\s{2,}(\S.*)$", line)
            if match:
                found[" ".join(match[2].split())] = int(match[1])
    return found


@needs_pdftotext
def test_commentary_paragraph_numbers_are_the_web_pages_numbers(built_site_with_pdfs):
    # "'<note title>' …, para 2" must be the same paragraph on the web and on paper: both number the
    # paragraphs of each note from 1 (so other notes never renumber them), the PDF printing the web's numbers.
    pages = page_texts(built_site_with_pdfs / "pdf" / "commentary.pdf")
    for url_path, header in (("uncc/overview", "Overview"), ("uncc/art-40", "Art. 40 ")):
        web = web_paragraphs(built_site_with_pdfs, url_path)
        assert len(web) > 3 and [n for n, _ in web][:2] == [1, 2] and sorted({n for n, _ in web})[:3] == [1, 2, 3]
        printed = printed_paragraph_numbers([p for p in pages if running_header(p).startswith(header)])
        for number, opening in web:
            # Paper sets OSCOLA's quotation marks (export.typography): compare the words, not the marks.
            matches = [n for text, n in printed.items() if straight(text).startswith(straight(opening))]
            assert matches == [number], (url_path, number, opening, matches)


@needs_pdftotext
def test_other_treatys_text_prints_in_its_own_order(brief):
    # "Text of the Budapest Convention: art 25(1), art 25(5), art 25(3)" put the treaty out of order.
    lines = all_text(brief[0]).replace("\f", "\n").splitlines()
    blocks = 0
    for index, line in enumerate(lines):
        if "Text of the Budapest Convention:" not in line:
            continue
        blocks += 1
        heading = line + " " + lines[index + 1]
        named = [int(n) for n in re.findall(r"art \d+\((\d+)\)", heading)]
        assert named == sorted(named), heading
        numbers = []
        for following in lines[index + 1:]:
            if re.search(r"Budapest Convention, Article|Related provisions|Text of the|^\s*Article \d+:", following):
                break
            if match := re.match(r"\s*(\d+)\.(?: |$)", following):
                numbers.append(int(match[1]))
        assert numbers and numbers == sorted(numbers), (heading, numbers)
        if named:
            assert numbers == named, (heading, numbers)
    assert blocks >= 3


def ids_kept(text: str) -> str:
    """Page text with layout undone, keeping hyphens where an id breaks at one of its own ("hr-|refusal")."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", re.sub(r"\u2010\n\s*", "", text)))


@needs_pdftotext
def test_the_blackline_legend_comes_before_the_first_blackline(brief, table_pdf, built_site_with_pdfs):
    # The legend printed on p 40-6, after the first blackline on 40-2: a reader met [+ …] unexplained.
    for path in (brief[0], table_pdf, built_site_with_pdfs / "pdf" / "commentary.pdf", built_site_with_pdfs / "pdf" / "chapter-5.pdf"):
        pages = [flat(p) for p in page_texts(path)]
        legend = [i for i, p in enumerate(pages) if "How to read a blackline: [+ inserted words] are underlined, [\u2212 deleted words] struck through" in p.replace("\u00a0", " ")]
        marked = [i for i, p in enumerate(pages) if "[+" in p or "[\u2212" in p]
        assert legend[:1] == marked[:1] == [0], (path, legend, marked[:3])  # on the cover, before any other mark
    # An article's own PDF has no cover: its key comes before its text, ahead of the first blackline.
    for number in ("40", "42", "43"):
        text = flat(all_text(built_site_with_pdfs / "pdf" / "articles" / f"art-{number}.pdf"))
        assert 0 <= text.find("How to read the blackline:") < text.find("BLACKLINE") < text.find("Drafting proposals"), number


@needs_pdftotext
def test_a_brief_names_what_it_refers_to_outside_it(brief, project, analysis):
    # A proposal named by its id, or a related article the brief does not hold, gets a short reference
    # (its title; where it is) instead of a bare id or a link to nowhere.
    text = ids_kept(all_text(brief[0]))
    proposals = {p.id: p for n in project.notes for p in n.proposals}
    # The shipped notes name proposals by their titles (check warns of a bare id, W068); an id that
    # still reaches print is followed by its title and where it is.
    for match in re.finditer(r"(?<![\w-])(" + "|".join(map(re.escape, proposals)) + r")(?![\w-])", text):
        proposal = proposals[match[1]]
        assert text[match.end():].startswith(f" (\u201c{proposal.title}\u201d"), text[match.start() - 40: match.end() + 80]
    related = re.findall(r"• (Art\. (\d+) [^•(]*)\(([^)]*)\)", text)
    assert related
    for _title, number, kinds in related:
        assert kinds.endswith("; not in this brief") == (number not in {"40", "42", "43"}), (number, kinds)
    # With the site's address (as `commentary pdf` has it from mkdocs.yml) the article left out is linked to the site,
    # and still said to be left out (it was not, cold review).
    with_site = build_print_html(project, analysis, select_articles(project, ["43", "40", "42"]), print_options(project, site_url="https://example.org/c/"))
    doc = lxml.html.fromstring(with_site)
    items = [" ".join(li.text_content().split()) for li in doc.cssselect(".tc-related li")]
    linked = [li for li in doc.cssselect(".tc-related li") if li.cssselect('a[href^="https://example.org/c/uncc/art-"]')]
    assert linked and all("not in this brief" in li.text_content() for li in linked), items


@needs_pdftotext
def test_compilation_table_is_numbered_by_article_like_the_briefs(project, analysis, tmp_path):
    # "2 / 8" in the table against "40-3" in the briefs: one way of numbering, the same in the viewer and on the page.
    # Article 36: a tall row whose rationale cites two sources (its last lines once printed over the footnotes).
    result = render_pdf(project, analysis, select_articles(project, ["42", "40", "36"]), print_options(project), layout="table")
    path = tmp_path / "table.pdf"
    path.write_bytes(result.data)
    labels = pypdf.PdfReader(str(path)).page_labels
    pages = page_texts(path)
    first = labels.index("36-1")
    # The cover and contents (i, ii) as in a brief, then the articles' pages and the bibliography.
    assert labels[:first] == ["i", "ii"][:first] and first >= 1 and "42-1" in labels and labels[-1] == "B-1"
    for label, page in zip(labels[first:], pages[first:]):
        assert re.fullmatch(r"(36|40|42|B)-\d+", label)
        footer = page.rstrip().splitlines()[-1].split()
        assert footer[-1] == label  # the footer prints what the viewer shows
        assert " ".join(footer[:-1]) == project.settings.revision.version_label  # and which version the page is of
        assert not re.search(r"\d+ / \d+", page)
    assert f"Article 42: {project.default_instrument.articles['art-42'].title}" in flat(pages[labels.index("42-1")])
    assert "Pages are numbered by article, as in the briefs" in flat(pages[0])
    # The cover says what the table is: proposals on the articles chosen, not the commentary.
    assert re.search(r"Compilation table of drafting proposals \u2014 Articles 36, 40, 42\b", flat(pages[0])), flat(pages[0])[:300]
    assert pypdf.PdfReader(str(path)).metadata.title.startswith("Compilation table of drafting proposals \u2014 Articles 36")
    # A proposal over two paragraphs is one row, its deletion and its insertion together.
    whole = flat("".join(pages))
    assert whole.count("art 42(4)\u2013(5) ") == 2  # its row and its contents entry
    reading = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert reading.count("Amends art 42(4), replaces art 42(5)") == 1  # one row holds both changes
    assert len(pages) <= 15, len(pages)  # from 24 pages (every paragraph, the whole commentary)
    assert overlapping_words(path) == []
    for number in ("36", "40", "42"):  # an article's heading is never alone on its page: its first row starts under it
        assert re.search(rf"\bart {number}\(\d+\)", pages[labels.index(f"{number}-1")]), number
    # A table's notes print at the end of the cell citing them, never as page-foot floats a row's other cells ignore.
    assert re.search(r"1\. Global Initiative Against Transnational Organized Crime", flat(pages[labels.index("36-1")]))


def overlapping_words(path: Path) -> list[tuple[int, str, str]]:
    """Words printed over each other (page, word, word), from poppler's word boxes: a line set on top of a
    footnote, or a cell's text running into the next."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        words = sorted((float(m[1]), float(m[2]), float(m[3]), float(m[4]), unescape(m[5]))
                       for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page))
        words.sort(key=lambda word: word[1])
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[1] >= a[3]:
                    break
                wide, high = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                if wide > 1 and high > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((number, a[4], b[4]))
    return found


@needs_pdftotext
def test_every_page_of_an_article_pdf_says_which_version_it_is_and_its_metadata_the_commit(project, built_site_with_pdfs):
    # An article's PDF has no cover: a page of it on its own must still be traceable to its text.
    path = built_site_with_pdfs / "pdf" / "articles" / "art-40.pdf"
    version = project.settings.revision.version_label
    pages = page_texts(path)
    assert len(pages) > 3 and all(version in " ".join(page.rstrip().splitlines()[-1].split()) for page in pages)
    assert pypdf.PdfReader(str(path)).metadata["/Keywords"] == f"source revision {project.settings.revision.short or 'unknown'}"


def test_table_proposed_text_leaves_out_the_unchanged_subparagraphs_as_the_other_columns_do(project, analysis):
    # All of Article 2's definitions, printed clean beside a proposal on two of them, filled four pages of empty cells.
    from commentary_build.export.compilation import TableOptions
    from commentary_build.export.table import plan_table

    book = plan_table(project, analysis, select_articles(project, ["2"]), print_options(project), table=TableOptions(proposed_text=True))
    html = book.body[0].html
    clean = html.split('class="tc-cell-clean"', 1)[1].split("</td>", 1)[0]
    assert "unchanged, not shown]" in clean and "Not adopted \u00b7 proposed text" in clean
    assert clean.count('class="tc-unit') < 6, clean[:500]
