"""Budgets per note and per page (check/budgets.py): each one just over gives its error with the limit
named, just under gives nothing; a note over a budget is left out of the site, the PDF and the
proposals; a one-article PDF with a note just under every budget at once is laid out.

Every note lives in one copy of the project, each on an article of its own (the page budgets are
tested on one article with three notes), so the project is loaded, checked, built and printed
once. Costs are measured by `make bench-worst`, not here.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bench.worst_inputs import matched_proposals, under_every_budget

from commentary_build.check.budgets import LIMITS, PAGE_BLOCKS, PAGE_CHARACTERS, PRINT_TABLE_CHARACTERS
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from conftest import copy_project

NOTE = "---\ntitle: {title}\ntarget: {target}\nauthors:\n  - name: Test Author\ndate: 2024-01-01\nthemes: [scope]\n---\n{body}\n"
LIMIT = {limit.name: limit for limit in LIMITS}
PROSE = "The requested State Party may decline assistance where the request concerns an offence of a political character. "
CITATION = "A point of the report.[@gitoc-roundtable-2023, p 6] "


def _table(columns: int, rows: int, word: str = "cell") -> str:
    return "|" + "".join(f" h{n} |" for n in range(columns)) + "\n|" + "---|" * columns + "\n" + ("|" + f" {word} |" * columns + "\n") * rows


def _prose(characters: int) -> str:
    return (PROSE * (characters // len(PROSE) + 1))[:characters]


# budget name -> a body with ``n`` of what it counts, and nothing else near a budget.
BODIES = {
    # One paragraph: its characters, plus the one block it is, make the estimate.
    "printed pages": lambda n: _prose(int((n - 1 / PAGE_BLOCKS) * PAGE_CHARACTERS) - 10),
    "paragraphs": lambda n: "word\n\n" * n,
    "headings": lambda n: "".join(f"# Heading {k}\n\n" for k in range(n)),
    "table columns": lambda n: _table(n, 1),
    "table cells": lambda n: _table(4, -(-n // 4) - 1),  # the header row's cells count too
    "nesting": lambda n: "".join("  " * level + "- item\n" for level in range(n)),
    "cross-references": lambda n: "Articles " + ", ".join(str(1 + k % 68) for k in range(n)) + ".",
    "footnotes": lambda n: CITATION * n,
    "formatting": lambda n: "*word* " * n,
    # A link's address is not printed: only its words count ("[here](https://…)" of any length is fine).
    "word length": lambda n: "A word of its own: " + "w" * n + " here, [the register](https://example.org/" + "x" * 300 + ").",
}
# Other ways to make as many blocks: every line of code, and every line break, is a line of its own.
LINES = {
    "lines of code": lambda n: "```\n" + "code\n" * (n - 1) + "```",
    "line breaks": lambda n: "line\\\n" * (n - 1) + "end",
}
# Where each budget's notes go: articles with no shipped commentary, one note per article.
OVER_ARTICLE = {name: f"art-{10 + index}" for index, name in enumerate(BODIES)}
UNDER_ARTICLE = {name: f"art-{20 + index}" for index, name in enumerate(BODIES)}
LINES_ARTICLE = {name: f"art-{50 + index}" for index, name in enumerate(LINES)}
PAGE_ARTICLE = "art-30"  # three notes of 45 footnotes: the third takes the page over its 120
PAGE_NOTES = ("a-first", "b-second", "c-third")
PRINTED_ARTICLE = "1"  # the one-article PDF: a note just under every budget, and one over a budget that must not print


def _over(name: str) -> int:
    """One more than the budget allows (for pages, the smallest step that passes it)."""
    return LIMIT[name].per_note + 1 if name != "printed pages" else LIMIT[name].per_note


def _write(root: Path, article: str, name: str, title: str, body: str) -> str:
    folder = root / "commentary" / "uncc" / article
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(NOTE.format(title=title, target=article, body=body), encoding="utf-8")
    return f"commentary/uncc/{article}/{name}.md"


@pytest.fixture(scope="module")
def budgets_project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("budgets"))
    files: dict[str, str] = {}
    for name, body in BODIES.items():
        over = body(_over(name))
        if name == "printed pages":  # a hair over: the paragraph's characters, one page's worth of them more
            over = _prose(int((LIMIT[name].per_note - 1 / PAGE_BLOCKS) * PAGE_CHARACTERS) + 100)
        files[f"over:{name}"] = _write(root, OVER_ARTICLE[name], "over", f"Over the budget on {name}", over)
        files[f"under:{name}"] = _write(root, UNDER_ARTICLE[name], "under", f"Under the budget on {name}", body(LIMIT[name].per_note))
    for name, body in LINES.items():
        limit = LIMIT["paragraphs"].per_note
        files[f"over:{name}"] = _write(root, LINES_ARTICLE[name], "over", f"Over the budget on {name}", body(limit + 1))
        files[f"under:{name}"] = _write(root, LINES_ARTICLE[name], "under", f"Under the budget on {name}", body(limit))
    for name in PAGE_NOTES:
        files[f"page:{name}"] = _write(root, PAGE_ARTICLE, name, f"Page note {name}", CITATION * 45)
    # A table as wide as print can set (W071 past it), and one a column wider.
    word = "x" * 12
    fits = PRINT_TABLE_CHARACTERS // (len(word) + 3)
    files["table fits"] = _write(root, "art-31", "fits", "A table that fits", _table(fits, 2, word))
    files["table too wide"] = _write(root, "art-32", "wide", "A table too wide", _table(fits + 1, 2, word))
    # Proposals that print Art. 40 six times over (blackline and proposed text of every paragraph, three times).
    files["views"] = _write_views(root)
    files["printed"] = _write(root, f"art-{PRINTED_ARTICLE}", "every-budget", "Every budget at once", "")
    (root / files["printed"]).write_text(under_every_budget(target=f"art-{PRINTED_ARTICLE}").replace("title: A worst case", "title: Every budget at once"))
    files["printed over"] = _write(root, f"art-{PRINTED_ARTICLE}", "over-budget", "A note that never prints", BODIES["footnotes"](_over("footnotes")))
    project, analysis = load_and_check(root)
    return root, project, analysis, files


def _write_views(root: Path) -> str:
    path = root / "commentary" / "uncc" / "art-40" / "views.md"
    path.write_text(matched_proposals(3, root).replace("title: A worst case", "title: Proposals printing the article over and over"), encoding="utf-8")
    return "commentary/uncc/art-40/views.md"


def _problems(project, path: str, code: str | None = None) -> list[d.Problem]:
    return [p for p in project.report.problems if p.location.path == path and (code is None or p.code == code)]


@pytest.mark.parametrize("name", list(BODIES))
def test_a_note_just_over_a_budget_is_an_error_naming_the_limit(budgets_project, name):
    _, project, analysis, files = budgets_project
    path = files[f"over:{name}"]
    problems = _problems(project, path)
    assert [p.code for p in problems] == [d.NOTE_OVER_BUDGET], [str(p) for p in problems]
    message = problems[0].message
    assert f"at most {LIMIT[name].per_note:,}" in message and "left out of the site and the PDFs" in message
    assert problems[0].hint and problems[0].hint.startswith("To publish it, ")
    note_id = path.removeprefix("commentary/").removesuffix(".md")
    if name == "cross-references":  # the scanner stops counting one past the budget
        assert f"more than {LIMIT[name].per_note:,} provisions" in message
    else:
        assert f"{math.ceil(LIMIT[name].count(analysis.budgets.shapes[note_id])):,} " in message
    assert analysis.budgets.refused[note_id] == name
    assert project.note(note_id) is None and note_id in project.unavailable.notes


@pytest.mark.parametrize("name", list(BODIES))
def test_a_note_just_under_a_budget_passes(budgets_project, name):
    _, project, analysis, files = budgets_project
    path = files[f"under:{name}"]
    assert _problems(project, path) == []
    note_id = path.removeprefix("commentary/").removesuffix(".md")
    assert project.note(note_id) is not None
    # It is as large as its budget allows, so the test would catch a budget counted wrong by one.
    shape = analysis.budgets.shapes[note_id]
    assert LIMIT[name].count(shape) >= LIMIT[name].per_note - (0.05 if name == "printed pages" else 0)


@pytest.mark.parametrize("name", list(LINES))
def test_lines_of_code_and_line_breaks_count_as_paragraphs(budgets_project, name):
    _, project, _, files = budgets_project
    (problem,) = _problems(project, files[f"over:{name}"])
    assert problem.code == d.NOTE_OVER_BUDGET and f"has {LIMIT['paragraphs'].per_note + 1} paragraphs" in problem.message
    assert _problems(project, files[f"under:{name}"]) == []


def test_budget_errors_point_at_the_table_or_the_nesting(budgets_project):
    _, project, _, files = budgets_project
    (columns,) = _problems(project, files["over:table columns"])
    assert columns.location.line == 9  # the table's first line: the body starts after eight lines of front matter
    assert columns.message.startswith(f"this table has {_over('table columns')} columns; a table may have at most")
    (nesting,) = _problems(project, files["over:nesting"])
    assert nesting.location.line == 9 + LIMIT["nesting"].per_note  # the ninth level's line


def test_the_note_that_takes_a_page_over_its_budget_is_refused(budgets_project):
    _, project, analysis, files = budgets_project
    first, second, third = (files[f"page:{name}"] for name in PAGE_NOTES)
    assert _problems(project, first) == [] and _problems(project, second) == []
    (problem,) = _problems(project, third)
    assert problem.code == d.PAGE_OVER_BUDGET
    assert "the page of Article 30 of the UN Convention against Cybercrime would have 135 footnotes (citations); a page may have at most 120" in problem.message
    assert [n.id for n in project.notes_by_article("uncc")[PAGE_ARTICLE]] == [f"uncc/{PAGE_ARTICLE}/a-first", f"uncc/{PAGE_ARTICLE}/b-second"]


def test_a_table_wider_than_the_printed_page_is_a_warning(budgets_project):
    _, project, _, files = budgets_project
    assert _problems(project, files["table fits"]) == []
    (problem,) = _problems(project, files["table too wide"])
    assert problem.code == d.TABLE_TOO_WIDE and problem.location.line == 9
    assert f"a printed page holds about {PRINT_TABLE_CHARACTERS}" in problem.message
    assert project.note("uncc/art-32/wide") is not None  # a warning: the note is published


def test_proposals_count_the_paragraphs_they_print_and_leave_with_their_note(budgets_project):
    _, project, analysis, files = budgets_project
    (problem,) = _problems(project, files["views"])  # every edit applies: the views are what is over
    assert problem.code == d.NOTE_OVER_BUDGET
    assert "would print about" in problem.message and "at most 20" in problem.message
    assert project.note("uncc/art-40/views") is None and "uncc/art-40/views" in project.unavailable.notes
    assert not any(p.id.startswith("worst-") for p in analysis.proposals.on_article("uncc", "art-40"))
    assert not any(key.startswith("worst-") for key in analysis.proposals.results)
    assert analysis.proposals.on_article("uncc", "art-40")  # the shipped proposals on Art. 40 stay


def test_the_shipped_project_is_within_every_budget():
    from commentary_build.pipeline import load_and_check as check

    project, analysis = check(Path(__file__).resolve().parent.parent)
    assert not [p for p in project.report.problems if p.code in (d.NOTE_OVER_BUDGET, d.PAGE_OVER_BUDGET, d.TABLE_TOO_WIDE)]
    assert not analysis.budgets.refused


def test_the_site_leaves_out_a_refused_note_and_shows_the_rest(budgets_project):
    from commentary_build.render.site import build_site

    _, project, analysis, _ = budgets_project
    pages = {page.src_uri: page.markdown for page in build_site(project, analysis).pages}
    for name in BODIES:
        assert f"Over the budget on {name}" not in pages[f"uncc/{OVER_ARTICLE[name]}.md"]
        assert f"Under the budget on {name}" in pages[f"uncc/{UNDER_ARTICLE[name]}.md"]
    assert "Page note c-third" not in pages[f"uncc/{PAGE_ARTICLE}.md"] and "Page note b-second" in pages[f"uncc/{PAGE_ARTICLE}.md"]
    assert "Proposals printing the article over and over" not in pages["uncc/art-40.md"]
    # Contributors find the budgets in the format reference, from the same table the check uses.
    contributing = pages["contributing/index.md"]
    assert "How much a note may hold" in contributing
    for limit in LIMITS:
        assert re.search(rf"<td>{re.escape(limit.label)}</td><td>{limit.per_note:,}</td><td>{f'{limit.per_page:,}' if limit.per_page else '—'}</td>", contributing)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_one_article_pdf_with_a_note_at_every_budget_is_laid_out(budgets_project, tmp_path):
    pytest.importorskip("weasyprint")
    from commentary_build.export.pdf import print_options, render_pdf
    from commentary_build.export.selection import select_articles

    root, project, analysis, _ = budgets_project
    result = render_pdf(project, analysis, select_articles(project, [PRINTED_ARTICLE]), print_options(project), cache=False)
    (tmp_path / "brief.pdf").write_bytes(result.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Every budget at once" in text and "A note that never prints" not in text
    # The whole note printed: its last heading, the table's last column and the deepest list item.
    assert "Heading 49" in text and f"h{LIMIT['table columns'].per_note - 1}" in text
    assert len(re.findall(r"\bitem\b", text)) >= LIMIT["nesting"].per_note
