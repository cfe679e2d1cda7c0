"""The document layer: one tree per page that every output writes from.

Read back from what the writers make of it: prose written exactly as the notes were always published
(and only ever the markup of the closed set of node kinds), treaty text, proposed text and commentary
kept apart, paragraph numbers that other notes never change, the JSON as a serialisation of the tree,
and a template override that reaches the site, print and Word alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commentary_build.document import Documents
from commentary_build.document import nodes as n
from commentary_build.document.prose import ProseBuilder
from commentary_build.export.docx import WordOptions, build_docx
from commentary_build.export.opendata import publish
from commentary_build.export.print_document import PrintOptions, build_print_html
from commentary_build.export.publication import publication_for
from commentary_build.export.selection import select_articles
from commentary_build.model.settings import Revision
from commentary_build.pipeline import load_and_check
from commentary_build.render.prose import ProseHooks, ProseWriter
from commentary_build.render.site import build_site
from commentary_build.render.templates import PACKAGE, PACKAGE_FOLDER
from commentary_build.transform.citations import FootnoteSequence
from commentary_build.transform.markdown import MarkdownEnv, parse_markdown
from conftest import ROOT
from prose_support import marker, sanitised_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROSE_KINDS = (n.Text, n.SoftBreak, n.HardBreak, n.Emphasis, n.Strong, n.Strikethrough, n.Code, n.Link, n.CrossRef, n.Citation,
               n.ProposalMention, n.Paragraph, n.Heading, n.ListBlock, n.ListItem, n.Quote, n.CodeBlock, n.Rule, n.Table, n.TableCell)


@pytest.fixture(scope="module")
def checked():
    return load_and_check(ROOT)


@pytest.fixture(scope="module")
def documents(checked):
    project, analysis = checked
    return Documents.build(project, analysis)


def site_html(tokens, instrument_id: str) -> str:
    count = iter(range(1, 100_000))
    hooks = ProseHooks(cross_ref=lambda node: f"../{node.unit_id}/", citation=lambda node: marker(next(count)))
    return str(ProseWriter(hooks).blocks(ProseBuilder(instrument_id).blocks(tokens)))


def env_for(project, instrument_id: str = "uncc") -> MarkdownEnv:
    instrument = project.instruments[instrument_id]
    return MarkdownEnv(instrument=instrument, current_article=instrument.articles["art-40"], footnotes=FootnoteSequence(project.bibliography, None),
                       bibliography=project.bibliography, report=None, path="commentary/uncc/art-40/x.md", first_line=1)


# --------------------------------------------------------------------------- prose: what the notes always were, and nothing else


def test_every_note_is_written_as_the_site_always_published_it(checked):
    """The prose writer gives, for every shipped body and rationale, the sanitised HTML markdown-it and nh3 gave."""
    project, analysis = checked
    assert len(analysis.prose) >= len(project.notes)
    for (note_id, _proposal), tokens in analysis.prose.items():
        note = project.note(note_id)
        assert site_html(tokens, note.instrument_id) == sanitised_html(tokens), note_id


PIECES = [*"ab 12\n*_~`#>-+.|:[]()!<&\"'\\", "\n\n", "\u00a0", "art 40(8)", "[@gitoc-roundtable-2023, p 6]", "<script>", "javascript:x",
          "    ", "1. ", "- ", "```", "| a | b |\n|:-|-:|\n", "&amp;", "[x](https://e.org/?a=1&b=\"2\")"]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def env(checked):
    return env_for(checked[0])


@settings(max_examples=200, deadline=None)
@given(text=MARKDOWN)
def test_generated_markdown_is_written_as_the_allow_list_would_leave_it(env, text):
    """Anything a contributor writes comes out as what the former allow-list let through, byte for byte: the
    tree has no node kind for anything else, so there is nothing else a writer could emit."""
    env.footnotes = FootnoteSequence(env.bibliography, None)
    tokens = parse_markdown(text, env)
    assert site_html(tokens, "uncc") == sanitised_html(tokens)


def walk(node):
    yield node
    for name in ("children", "blocks", "items", "head", "body"):
        value = getattr(node, name, None)
        if isinstance(value, tuple):
            for child in value:
                if isinstance(child, tuple):  # table rows
                    for cell in child:
                        yield from walk(cell)
                else:
                    yield from walk(child)


def test_pages_hold_only_the_tree_s_node_kinds(checked, documents):
    project, _analysis = checked
    for instrument in project.instruments.values():
        pages = [documents.article(instrument, a) for a in instrument.articles.values()] + [documents.overview(instrument)]
        for page in pages:
            proses = [note.body for note in page.notes] + [e.rationale for e in getattr(page, "proposals", ()) if e.rationale is not None]
            for prose in proses:
                for block in prose.blocks:
                    for node in walk(block):
                        assert isinstance(node, PROSE_KINDS), (page.path, node)


def test_raw_html_in_a_note_stays_text(checked):
    project, _analysis = checked
    payload = 'Look <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="javascript:y">z</a>'
    blocks = ProseBuilder("uncc").blocks(parse_markdown(payload, env_for(project)))
    assert all(isinstance(node, (n.Paragraph, n.Text, n.SoftBreak)) for block in blocks for node in walk(block))
    html = site_html(parse_markdown(payload, env_for(project)), "uncc")
    tags = re.findall(r"<[^>]+>", html)
    assert tags == ["<p>", "</p>"], tags  # the payloads are words of the paragraph, escaped
    assert "&lt;script&gt;" in html


# --------------------------------------------------------------------------- three families that never mix


def test_treaty_text_proposed_text_and_commentary_are_different_kinds(checked, documents):
    project, analysis = checked
    instrument = project.default_instrument
    page = documents.article(instrument, instrument.articles["art-40"])
    changed = [unit for unit in page.text if unit.proposals is not None]
    assert changed, "Art 40 has paragraphs that proposals change"
    for unit in page.text:
        for node in walk_units(unit):
            # The adopted text is the model's wording, verbatim, only split where it names a provision.
            assert all(isinstance(piece, (n.Text, n.CrossRef)) for piece in node.words)
            assert "".join(piece.text if isinstance(piece, n.Text) else piece.children[0].text for piece in node.words) == (node.unit.text or "")
    for unit in changed:
        for alternative in unit.proposals.alternatives:
            # Proposed wording only ever sits inside the alternative of its proposal, as its own kinds.
            assert all(isinstance(b, n.BlacklineUnit) for b in alternative.blackline)
            assert all(isinstance(p, n.ProposedUnit) for p in alternative.proposed)
            result = analysis.proposals.results[alternative.proposal.id]
            accepted = {r.target: r.accepted for r in result.units}
            for proposed in alternative.proposed:
                if proposed.unit_id in accepted and accepted[proposed.unit_id] is not None:
                    assert proposed.words == accepted[proposed.unit_id]
    assert all(isinstance(note.body, n.Prose) for note in page.notes)


def walk_units(unit):
    yield unit
    for child in unit.children:
        yield from walk_units(child)


def test_every_set_of_views_is_captioned_with_the_paragraph_it_changes(checked, documents):
    """Art 2's one paragraph has no number: its caption still names it ("Proposal on art 2: …")."""
    project, analysis = checked
    site = build_site(project, analysis, documents=documents)
    captions = [caption for page in site.pages for caption in re.findall(r'id="tc-views-\d+">([^<]*)<', page.markdown)]
    assert captions and all(re.match(r"(Proposal on art \d+|\d+ alternative proposals on art \d+)", c) for c in captions), captions
    assert any(c.startswith("Proposal on art 2:") for c in captions)


# --------------------------------------------------------------------------- stable citation numbers


NEW_NOTE = """---
title: An earlier point on paragraph 3
target: art-40-3
authors:
  - name: The editors
date: 2026-12-01
themes: [international-cooperation]
---
A first paragraph of a new note.

A second one.
"""


def paragraph_citations(project_root: Path) -> dict[str, tuple[str, str]]:
    project, analysis = load_and_check(project_root)
    documents = Documents.build(project, analysis)
    instrument = project.default_instrument
    page = documents.article(instrument, instrument.articles["art-40"])
    found = {}
    for node in page.notes:
        for block in node.body.blocks:
            if isinstance(block, n.Paragraph) and block.number is not None:
                found[f"{node.note.id}#{block.number}"] = (node.paragraph_anchor(block.number), node.paragraph_citation(block.number))
    return found


def test_other_notes_never_change_a_paragraph_s_number_or_anchor(project_copy):
    before = paragraph_citations(project_copy)
    folder = project_copy / "commentary" / "uncc" / "art-40"
    (folder / "aaa-earlier-point.md").write_text(NEW_NOTE, encoding="utf-8")  # before every other note, in the text and by name
    (folder / "user-notice.md").unlink()  # and one removed
    after = paragraph_citations(project_copy)
    kept = {key: value for key, value in before.items() if not key.startswith("uncc/art-40/user-notice#")}
    assert kept and all(after[key] == value for key, value in kept.items())
    assert after["uncc/art-40/aaa-earlier-point#1"][0] == "note-aaa-earlier-point-para-1"
    assert after["uncc/art-40/aaa-earlier-point#2"][1].endswith("', para 2, in Cybercrime conventions, annotated, commentary on UN Convention against Cybercrime art 40 (1 December 2026)")


# --------------------------------------------------------------------------- the JSON: a serialisation of the tree


@pytest.fixture(scope="module")
def data(checked, documents):
    project, analysis = checked
    files = publish(publication_for(project), analysis, documents=documents).files
    return {path: json.loads(content) for path, content in files.items() if path.endswith(".json")}


def test_article_json_is_the_page_in_its_order_with_its_numbers(data, documents, checked):
    project, _analysis = checked
    article = data["data/articles/uncc/art-40.json"]
    instrument = project.default_instrument
    page = documents.article(instrument, instrument.articles["art-40"])
    # The notes in the order of the text (40(8) before 40(20)), as on the page, not sorted as strings.
    assert [note["id"] for note in article["notes"]] == [node.note.id for node in page.notes]
    assert [note["target"] for note in article["notes"]][:2] == ["art-40-8", "art-40-20"]
    # Footnotes numbered through the page, as its list numbers them: the proposals' rationales, then the notes.
    numbers = [f["number"] for p in article["proposals"] for f in p["rationale"]["footnotes"]] + \
              [f["number"] for note in article["notes"] for f in note["footnotes"]]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) > 5
    first = article["notes"][0]
    assert first["based_on"] == [{"source": "gitoc-roundtable-2023", "label": "GI-TOC Roundtable Report", "pinpoint": "pp 5–6"}]
    paragraphs = first["paragraphs"]
    assert [p["number"] for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert paragraphs[1]["anchor"] == "note-dual-criminality-para-2" and paragraphs[1]["url"].endswith("uncc/art-40/#note-dual-criminality-para-2")
    assert paragraphs[1]["citation"] == page.notes[0].paragraph_citation(2)
    assert re.search(r"\[\d+\]", paragraphs[0]["text"]) and paragraphs[0]["text"] in first["text"]


def test_every_note_and_rationale_in_the_json_reads_alone(data):
    # A record is read without the page around it: its footnotes never lean on a footnote of another record
    # (the page starts each note and rationale afresh too, render/write.py).
    records = []
    for path, document in data.items():
        if path.startswith(("data/articles/", "data/overviews/")):
            records += [note["footnotes"] for note in document["notes"]]
            records += [p["rationale"]["footnotes"] for p in document.get("proposals", []) if p.get("rationale")]
    records = [footnotes for footnotes in records if footnotes]
    assert len(records) > 10
    for footnotes in records:
        first = footnotes[0]["text"]
        assert not first.startswith("ibid") and "(n " not in first, first
        for later in footnotes[1:]:
            cited = re.findall(r"\(n (\d+)\)", later["text"])
            assert all(int(n) >= footnotes[0]["number"] for n in cited), later


def test_overview_notes_have_their_data(data, checked):
    project, _analysis = checked
    overview = data["data/overviews/uncc.json"]
    assert [note["id"] for note in overview["notes"]] and len(overview["notes"]) == len(project.overview_notes("uncc"))
    index = data["data/index.json"]
    assert next(i for i in index["instruments"] if i["id"] == "uncc")["overview"] == "overviews/uncc.json"
    assert all(note["data"] == "overviews/uncc.json" for note in index["notes"] if note["target"] == "overview")
    footnotes = [f["number"] for note in overview["notes"] for f in note["footnotes"]]
    assert footnotes == list(range(1, len(footnotes) + 1))
    assert overview["format_version"].startswith("2.")


# --------------------------------------------------------------------------- one template override: site, print, Word


@pytest.fixture(scope="module")
def override(tmp_path_factory) -> Path:
    """An article page template with "Related provisions" moved before "Commentary", and a note template that says so."""
    from importlib import resources

    folder = tmp_path_factory.mktemp("templates")
    shipped = resources.files(PACKAGE).joinpath(PACKAGE_FOLDER)
    page = shipped.joinpath("page", "article.html").read_text(encoding="utf-8")
    related = page[page.index("{% block related %}"): page.index("{% block footnotes %}")]
    page = page.replace(related, "")
    page = page.replace("{% block commentary %}", related + "{% block commentary %}")
    (folder / "page").mkdir()
    (folder / "page" / "article.html").write_text(page, encoding="utf-8")
    note = shipped.joinpath("note.html").read_text(encoding="utf-8").replace('<div class="tc-note-body">', '<p class="fork-mark">FORK NOTE</p><div class="tc-note-body">')
    (folder / "note.html").write_text(note, encoding="utf-8")
    return folder


def test_a_template_override_reaches_the_site_print_and_word(checked, documents, override, tmp_path):
    project, analysis = checked
    site = build_site(project, analysis, template_dirs=[override], documents=documents)
    markdown = next(page.markdown for page in site.pages if page.src_uri == "uncc/art-40.md")
    assert markdown.index("{#related}") < markdown.index("{#commentary}") and "FORK NOTE" in markdown

    settings = dataclasses.replace(project.settings, template_dirs=(override,))  # as mkdocs.yml's templates: gives them
    printed = build_print_html(project, analysis, select_articles(project, ["40"]), PrintOptions(settings=settings), documents=documents)
    assert printed.index('id="art-40--related"') < printed.index('id="art-40--commentary"') and "FORK NOTE" in printed

    data = build_docx(project, analysis, select_articles(project, ["40"]), options=WordOptions(settings), documents=documents)
    (tmp_path / "fork.docx").write_bytes(data)
    headings = [text for style, text in word_paragraphs(tmp_path / "fork.docx") if style == "Heading2"]
    assert headings.index("Related provisions") < headings.index("Commentary")


def word_paragraphs(path: Path) -> list[tuple[str | None, str]]:
    with zipfile.ZipFile(path) as archive:
        document = ET.fromstring(archive.read("word/document.xml"))
    found = []
    for paragraph in document.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join("\t" if e.tag == f"{W}tab" else e.text or "" for e in paragraph.iter() if e.tag in (f"{W}t", f"{W}tab"))
        found.append((style.get(f"{W}val") if style is not None else None, text))
    return found


# --------------------------------------------------------------------------- Word: on a par with the PDF


@pytest.fixture(scope="module")
def word(checked, documents, tmp_path_factory) -> Path:
    project, analysis = checked
    path = tmp_path_factory.mktemp("word") / "brief.docx"
    settings = dataclasses.replace(project.settings, title="Edition", revision=Revision(commit="abc1234" + "0" * 33, date=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                                                                         day=dt.date(2026, 12, 1)))
    path.write_bytes(build_docx(project, analysis, select_articles(project, ["40", "42"]), documents=documents,
                                options=WordOptions(settings, paper="letter")))
    return path


def test_word_has_the_paper_a_header_and_a_footer_with_page_numbers_and_the_version(word):
    with zipfile.ZipFile(word) as archive:
        document = ET.fromstring(archive.read("word/document.xml"))
        footer = archive.read("word/footer1.xml").decode()
        header = archive.read("word/header1.xml").decode()
        core = archive.read("docProps/core.xml").decode()
        relations = archive.read("word/_rels/document.xml.rels").decode()
    size = document.find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("12240", "15840")  # US Letter
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer and "Version of 1 December 2026" in footer
    assert "A/RES/79/243" in header
    assert "<cp:version>Version of 1 December 2026 (commit abc123400000)</cp:version>" in core and "source revision abc123400000" in core
    assert "<dc:creator>Edition</dc:creator>" in core
    assert "header1.xml" in relations and "footer1.xml" in relations


def test_word_has_the_pdf_s_sections_in_the_pdf_s_order_and_the_site_s_paragraph_numbers(word, documents, checked):
    project, _analysis = checked
    paragraphs = word_paragraphs(word)
    headings = [(style, text) for style, text in paragraphs if style in ("Heading1", "Heading2")]
    article_40 = [text for style, text in headings[: next(i for i, (s, t) in enumerate(headings) if t.startswith("Article 42"))]]
    assert article_40[0].startswith("Article 40:")
    # The text first, headed as the adopted text with the proposals tracked in it (not a proposal's text), then the PDF's sections.
    assert article_40[1:] == ["Adopted text (A/RES/79/243), with drafting proposals as tracked changes", "Commentary", "Drafting proposals",
                              "Compared with the Budapest Convention", "Related provisions"]
    assert headings[-3:][0] == ("Heading1", "Bibliography") or ("Heading1", "Bibliography") in headings
    # Numbered paragraphs of commentary: the number the site and the PDF give them, from 1 in each note.
    instrument = project.default_instrument
    page = documents.article(instrument, instrument.articles["art-40"])
    numbered = [text.split("\t", 1)[0] for style, text in paragraphs if style == "Commentary"]
    on_40 = [str(b.number) for note in page.notes for b in note.body.blocks if isinstance(b, n.Paragraph) and b.number is not None]
    assert on_40[:2] == ["1", "2"] and numbered[: len(on_40)] == on_40


def test_word_leaves_out_the_comparison_and_the_bibliography_on_request(checked, documents, tmp_path):
    project, analysis = checked
    path = tmp_path / "lean.docx"
    path.write_bytes(build_docx(project, analysis, select_articles(project, ["40"]), documents=documents,
                                options=WordOptions(project.settings, comparison=False, bibliography=False)))
    texts = [text for _style, text in word_paragraphs(path)]
    assert "Compared with the Budapest Convention" not in texts and "Bibliography" not in texts
    assert "Commentary" in texts


def test_print_is_written_without_a_second_markdown_engine_or_rewriting_html():
    """Print writes the tree with the site's templates: no Markdown is rendered again and no pattern runs over HTML."""
    source = (ROOT / "src" / "commentary_build" / "export" / "print_document.py").read_text(encoding="utf-8")
    assert "markdown_it" not in source and "MarkdownIt" not in source and not re.search(r"^import re$", source, re.M)
