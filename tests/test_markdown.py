"""Contributor Markdown as the site writes it (parsed, built into the document tree, written by the prose
writer): safety against injected markup, citations, cross-references, lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commentary_build.load.bibliography import load_bibliography
from commentary_build.model import Article, Instrument, Provision
from commentary_build.model.problems import CITATION_SYNTAX, CITATION_UNKNOWN, XREF_UNKNOWN, Report
from commentary_build.transform import markdown as md_module
from commentary_build.transform.citations import CitationIndex, FootnoteSequence
from commentary_build.transform.markdown import MarkdownEnv, is_safe_link
from prose_support import render_markdown

ROOT = Path(__file__).resolve().parent.parent
NOTE_PATH = "commentary/uncc/art-40/refusal.md"


def instrument() -> Instrument:
    result = Instrument(id="uncc", title="United Nations Convention against Cybercrime",
                        short_title="UN Cybercrime Convention", symbol=None, adopted=None, metadata={},
                        directory="content/uncc")
    for number in range(1, 69):
        article = Article(id=f"art-{number}", number=str(number), label=f"Article {number}", title="")
        result.articles[article.id] = article
        result.index[article.id] = article
    for unit_id in ("art-40-21", "art-40-21-b", "art-40-21-c", "art-40-22"):
        result.index[unit_id] = Provision(id=unit_id, kind="paragraph", num=None, text="",
                                          article=result.articles["art-40"])
    return result


INSTRUMENT = instrument()


@pytest.fixture(scope="module")
def bibliography():
    return load_bibliography(ROOT, Report())


def make_env(bibliography, first_line: int = 1) -> MarkdownEnv:
    report = Report()
    return MarkdownEnv(
        instrument=INSTRUMENT,
        current_article=INSTRUMENT.articles["art-40"],
        footnotes=FootnoteSequence(bibliography, report, index=CitationIndex(), page_url="uncc/art-40/",
                                   page_title="Article 40"),
        bibliography=bibliography,
        report=report,
        path=NOTE_PATH,
        first_line=first_line,
    )


# --------------------------------------------------------------------------- safety

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](java\tscript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x]: javascript:alert(1)\n\n[x]",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "{{ config }} {% raw %}",
]
EXECUTABLE = re.compile(r"<\s*(script|iframe|style|img|svg|object|embed)|\son\w+\s*=|javascript:|vbscript:|data:",
                        re.IGNORECASE)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_produce_no_executable_markup(bibliography, payload):
    rendered = render_markdown(payload, make_env(bibliography))
    tags = re.findall(r"<[^>]+>", rendered)
    assert not any(EXECUTABLE.search(tag) for tag in tags), rendered
    hrefs = [href for tag in tags for href in re.findall(r'href="([^"]*)"', tag)]
    assert all(is_safe_link(href) for href in hrefs), rendered


def test_raw_html_is_shown_as_text(bibliography):
    rendered = render_markdown("Look: <script>alert(1)</script>", make_env(bibliography))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_template_syntax_is_not_evaluated(bibliography):
    assert "{{ 7 * 7 }}" in render_markdown("{{ 7 * 7 }}", make_env(bibliography))


def test_safe_links_and_autolinks_are_kept(bibliography):
    rendered = render_markdown("[a](https://example.org/x) [b](../art-41/) [c](#fn-1) [d](mailto:a@b.org) "
                               "<https://example.org/y>", make_env(bibliography))
    for href in ("https://example.org/x", "../art-41/", "#fn-1", "mailto:a@b.org", "https://example.org/y"):
        assert f'href="{href}"' in rendered


@pytest.mark.parametrize("url, safe", [
    ("https://x.org", True), ("http://x.org", True), ("mailto:a@b.org", True), ("../a/b.md", True),
    ("#frag", True), ("page?q=1:2", True), ("JAVASCRIPT:alert(1)", False), (" javascript:x", False),
    ("java\nscript:x", False), ("data:text/html,x", False), ("file:///etc/passwd", False), ("//evil.org/x", False),
])
def test_is_safe_link(url, safe):
    assert is_safe_link(url) is safe


# --------------------------------------------------------------------------- citations and references


def test_citations_become_footnote_refs_and_provisions_become_links(bibliography):
    env = make_env(bibliography)
    rendered = render_markdown("Per [@gitoc-roundtable-2023, p 6], article 40, paragraph 21 (b) and (c) matter.\n\n"
                               "Again [@gitoc-roundtable-2023, p 7].", env)
    assert '<sup class="footnote-ref" id="fnref-1"><a href="#fn-1">1</a></sup>' in rendered
    assert '<sup class="footnote-ref" id="fnref-2"><a href="#fn-2">2</a></sup>' in rendered
    assert '<a class="xref" href="../art-40-21-b/">article 40, paragraph 21 (b)</a>' in rendered
    assert '<a class="xref" href="../art-40-21-c/">(c)</a>' in rendered
    assert "[@" not in rendered
    assert env.footnotes.note(2).cited.html() == "ibid 7."
    assert env.report.problems == []


def test_code_is_left_alone(bibliography):
    env = make_env(bibliography)
    rendered = render_markdown("`[@iccpr-1966] art 40`\n\n```\n[@iccpr-1966] article 40\n```\n", env)
    assert "<code>[@iccpr-1966] art 40</code>" in rendered
    assert "[@iccpr-1966] article 40\n</code></pre>" in rendered
    assert len(env.footnotes) == 0


def test_draft_numbering_is_not_linked(bibliography):
    rendered = render_markdown("CND art 61 and CND article 58(15) became art 40.", make_env(bibliography))
    assert rendered.count("<a ") == 1 and '>art 40</a>' in rendered


def test_unknown_key_and_unknown_provision_are_reported_at_their_file_lines(bibliography):
    env = make_env(bibliography, first_line=8)
    body = "Intro.\n\nA paragraph that\nwraps [@no-such-key] and\nnames Article 99 and [@, x].\n"
    rendered = render_markdown(body, env)
    found = sorted((p.code, p.location.path, p.location.line) for p in env.report.problems)
    assert found == [(CITATION_UNKNOWN, NOTE_PATH, 11), (XREF_UNKNOWN, NOTE_PATH, 12), (CITATION_SYNTAX, NOTE_PATH, 12)]
    assert "Article 99" in rendered and "<a class=\"xref\"" not in rendered  # not linked, still shown
    assert "[unknown source: no-such-key]" in env.footnotes.note(1).cited.html()


def test_a_citation_wrapped_over_two_lines_is_found(bibliography):
    env = make_env(bibliography)
    rendered = render_markdown("As the report notes [@gitoc-roundtable-2023,\np 6], safeguards matter.", env)
    assert 'id="fnref-1"' in rendered
    assert "GI-TOC 2023) 6" in env.footnotes.note(1).cited.html()


def test_no_nested_links_inside_link_text(bibliography):
    rendered = render_markdown("[see article 40 [@iccpr-1966]](https://example.org)", make_env(bibliography))
    assert rendered.count("<a ") == 1


def test_the_parser_is_built_once(bibliography):
    render_markdown("a", make_env(bibliography))
    first = md_module._parser()
    render_markdown("b", make_env(bibliography))
    assert md_module._parser() is first


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_parser_alone_already_refuses_the_payloads(payload):
    """The parser is the first wall (the document tree's closed set of node kinds the second): markdown-it's own HTML holds too."""
    rendered = md_module._parser().render(payload, {})
    tags = re.findall(r"<[^>]+>", rendered)
    assert not any(EXECUTABLE.search(tag) for tag in tags), rendered
