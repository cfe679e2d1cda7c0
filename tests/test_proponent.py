"""Who proposes (issue 23 item 6): a proposal names its proponent (the editors when it names no one) and,
for anyone else, where they made it (``proposed_in``); a note and a proposal may carry a short title.
On the tiny fixture: the check (C084, C085, W081, the field limits and characters), then one hostile,
sourced proponent followed out of every output that names who proposes (site, JSON, Akoma Ntoso, Word, PDF)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import lxml.html
import pikepdf
import pytest

from commentary_build.cli import main
from commentary_build.document import Documents
from commentary_build.document.nodes import Proponent
from commentary_build.export import linenumbers
from commentary_build.export.docx import word_author
from commentary_build.export.pdf import print_options
from commentary_build.export.selection import select_articles
from commentary_build.export.table import plan_table
from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from conftest import ROOT, build_with_mkdocs

FIXTURE = Path(__file__).parent / "fixtures" / "tiny"
NOTE = Path("commentary/model/art-2/sovereignty-refusal.md")
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EDITORS_LINE = "    proponent: The editors\n"
PROPONENT_LINE = 11  # the line of 'proponent:' in the fixture's note
# Markup, quotes and an ampersand in every field an output prints: each must come out as these characters.
HOSTILE = "Delegation of <script>alert(\"x\")</script> & 'Examplia'"
SYMBOL = "A/AC.291/CRP.10"
PINPOINT = "para <b>12</b>"
SHORT = "Persecution <ground> & \"refusal\""


def _project(tmp_path: Path, proposal_fields: str, note_fields: str = "") -> Path:
    """A copy of the fixture whose proposal has ``proposal_fields`` instead of its 'proponent' line."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    note = root / NOTE
    text = note.read_text(encoding="utf-8")
    assert EDITORS_LINE in text
    note.write_text(text.replace(EDITORS_LINE, proposal_fields).replace("target: art-2-2-b\n", "target: art-2-2-b\n" + note_fields, 1), encoding="utf-8")
    return root


def _problems(root: Path) -> list[tuple[str, int, str]]:
    project, _ = load_and_check(root)
    return [(p.code, p.location.line, p.message) for p in project.report.problems if p.code != "W061"]  # W061: the copy is not under git


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def test_without_a_proponent_the_editors_propose_as_before(tmp_path):
    root = _project(tmp_path, "")
    assert _problems(root) == []
    project, analysis = load_and_check(root)
    [proposal] = project.notes[0].proposals
    assert proposal.proponent == "The editors" and proposal.proposed_in is None
    documents = Documents.build(project, analysis)
    assert documents.proponent(proposal).line == "The editors"


def test_a_delegation_named_without_a_source_is_an_error_at_its_line(tmp_path):
    root = _project(tmp_path, "    proponent: Delegation of Examplia\n")
    [(code, line, message)] = _problems(root)
    assert (code, line) == (d.PROPONENT_UNSOURCED, PROPONENT_LINE)
    assert "Delegation of Examplia" in message and "proposed_in" in message
    # A build that goes on despite the error does not publish the attribution as a fact.
    project, analysis = load_and_check(root)
    proposal = project.notes[0].proposals[0]
    assert Documents.build(project, analysis).proponent(proposal).line == "Delegation of Examplia (attribution not sourced)"


def test_the_notes_author_may_propose_without_a_source(tmp_path):
    root = _project(tmp_path, "    proponent: jane  DOE\n")
    note = root / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("  - name: The editors\n", "  - name: Jane Doe\n"), encoding="utf-8")
    assert _problems(root) == []
    project, analysis = load_and_check(root)
    # Published as the author's own drafting, never as a sourced attribution: the same pull request names the authors,
    # so naming a delegation among them must not make its proposal look like the delegation's (hostile review).
    proponent = Documents.build(project, analysis).proponent(project.notes[0].proposals[0])
    assert proponent.line == "jane  DOE (author of this note)" and not proponent.sourced
    from commentary_build.export.docx import word_author

    proposal = project.notes[0].proposals[0]
    assert word_author(proposal, proponent, project.instruments["model"]).startswith("jane  DOE (note's author) — ")


def test_a_source_that_is_neither_an_entry_nor_a_symbol_sources_nothing_in_a_build_that_goes_on(tmp_path):
    root = _project(tmp_path, "    proponent: Group of 77 and China\n    proposed_in: {source: a meeting we all remember, pinpoint: p 1}\n")
    assert [code for code, _line, _message in _problems(root)] == [d.PROPOSED_IN_UNKNOWN]
    project, analysis = load_and_check(root)
    proponent = Documents.build(project, analysis).proponent(project.notes[0].proposals[0])
    assert proponent.line == "Group of 77 and China (attribution not sourced)" and not proponent.sourced


def test_word_keeps_a_proponents_name_whole_up_to_its_limit_and_says_when_it_is_unsourced(tmp_path):
    long_name = "Delegation of the Bolivarian Republic of Venezuela"  # 50 characters: cut before "of", it would say "Delegation"
    root = _project(tmp_path, f"    proponent: {long_name} on behalf of a group of States\n")
    project, analysis = load_and_check(root)
    documents = Documents.build(project, analysis)
    proposal = project.notes[0].proposals[0]
    instrument = project.instruments["model"]
    author = word_author(proposal, documents.proponent(proposal), instrument)
    # Every provision the proposal changes (it amends (a) and adds (c)); the title cut between words, with an ellipsis.
    assert author == f"{long_name} on\u2026 (not sourced) — 2(2)(a), (c) A human-rights ground\u2026"
    short = Proponent(long_name, False, SYMBOL, None)
    assert word_author(proposal, short, instrument).startswith(f"{long_name} — 2(2)(a), (c) A human-rights")


@pytest.mark.parametrize(("source", "expected"), [
    (f"{{source: {SYMBOL}, pinpoint: para 12}}", []),  # a document symbol
    ("{source: smith-requests-2019, pinpoint: p 12}", []),  # a bibliography entry of 2019, before the proposal
    ("{source: no-such-source}", [d.PROPOSED_IN_UNKNOWN]),
    ("{source: 'A/'}", [d.PROPOSED_IN_UNKNOWN]),  # not a symbol
    ("{source: model-protocol-2021}", [d.PROPOSED_BEFORE_SOURCE]),  # adopted 2021-06-30; the proposal is dated 2020-02-20
])
def test_where_the_proponent_made_it_must_exist_and_not_postdate_it(tmp_path, source, expected):
    root = _project(tmp_path, f"    proponent: Delegation of Examplia\n    proposed_in: {source}\n")
    problems = _problems(root)
    assert [code for code, _, _ in problems] == expected
    assert all(line == PROPONENT_LINE + 1 for _, line, _ in problems)  # at 'proposed_in'


@pytest.mark.parametrize(("fields", "code"), [
    ("    proponent: ''\n", d.FIELD_TYPE),  # empty
    ("    proponent: \"Examplia\\e[31m\"\n", d.CONTROL_CHARACTER),
    ("    proponent: \"Examplia\\u202Eailpmaxe\"\n    proposed_in: {source: A/AC.291/CRP.10}\n", d.INVISIBLE_CHARACTER),
    (f"    proponent: {'x' * 10_000}\n", d.FIELD_TYPE),
    (f"    proponent: Examplia\n    proposed_in: {{source: {'A/' * 5000}}}\n", d.FIELD_TYPE),
    ("    proponent: Examplia\n    proposed_in: {source: A/AC.291/CRP.10, pinpoint: \"p 1\\u2028p 2\"}\n", d.INVISIBLE_CHARACTER),
    ("    proponent: Examplia\n    proposed_in: {pinpoint: p 4}\n", d.FIELD_MISSING),
    ("    short_title: ''\n", d.FIELD_TYPE),
    (f"    short_title: {'y' * 10_000}\n", d.FIELD_TYPE),
    ("    short_title: \"Line one\\nline two\"\n", d.FIELD_TYPE),
])
def test_the_fields_are_refused_where_they_are_wrong(tmp_path, fields, code):
    found = _problems(_project(tmp_path, fields))
    assert code in {c for c, _, _ in found}, found
    assert all(line >= PROPONENT_LINE - 1 for c, line, _ in found if c == code)


def test_a_note_short_title_is_checked_like_its_title(tmp_path):
    assert d.FIELD_TYPE in {c for c, _, _ in _problems(_project(tmp_path, EDITORS_LINE, f"short_title: {'z' * 10_000}\n"))}


# --------------------------------------------------------------------------- every output, with a hostile proponent


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("proponent"),
                    f"    short_title: {_yaml(SHORT)}\n    proponent: {_yaml(HOSTILE)}\n    proposed_in: {{source: {SYMBOL}, pinpoint: {_yaml(PINPOINT)}}}\n",
                    f"short_title: {_yaml('Sovereignty <refusal>')}\n")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": "2021-07-01T10:00:00+00:00", "GIT_COMMITTER_DATE": "2021-07-01T10:00:00+00:00", "PATH": "/usr/bin:/bin"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "The fixture"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    project, _ = load_and_check(root)
    assert project.report.problems == []
    return root


LINE = f"{HOSTILE} ({SYMBOL}, {PINPOINT})"


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_site_names_the_proponent_and_its_source_as_text(hostile, tmp_path):
    site = tmp_path / "site"
    build_with_mkdocs(hostile, site, strict=True)
    page = lxml.html.parse(str(site / "model" / "art-2" / "index.html")).getroot()
    bands = [_text(band) for band in page.cssselect(".tc-proposal-band")]
    assert bands and all(f"Proposal by {LINE}, not treaty text" in band for band in bands)
    [meta] = [_text(p) for p in page.cssselect(".tc-proposal .tc-note-meta")]
    assert meta.startswith(f"Proposed by {LINE} · ")
    # The payload stayed text: no element was made of it, on any page that names the proponent.
    for path in (site / "model" / "art-2" / "index.html", site / "proposals" / "index.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in html and "<b>12</b>" not in html and "&lt;script&gt;alert(" in html
    table = lxml.html.parse(str(site / "proposals" / "index.html")).getroot()
    assert LINE in [_text(cell) for cell in table.cssselect("table.tc-proposals td")]
    # The open data: the proponent as written, where it was made, sourced; the short titles; valid against the schema.
    article = json.loads((site / "data" / "articles" / "model" / "art-2.json").read_text(encoding="utf-8"))
    [proposal] = article["proposals"]
    assert proposal["proponent"] == HOSTILE and proposal["short_title"] == SHORT and proposal["proponent_sourced"] is True
    assert proposal["proposed_in"] == {"source": SYMBOL, "pinpoint": PINPOINT, "label": f"{SYMBOL}, {PINPOINT}", "in_bibliography": False}
    assert article["notes"][0]["short_title"] == "Sovereignty <refusal>"
    jsonschema.validate(article, json.loads((site / "data" / "schemas" / "article.schema.json").read_text(encoding="utf-8")))
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["format_version"] == "2.3" and index["proposals"][0]["proposed_in"]["source"] == SYMBOL
    jsonschema.validate(index, json.loads((site / "data" / "schemas" / "index.schema.json").read_text(encoding="utf-8")))
    # Akoma Ntoso: the proponent as an organisation, and the notice that the text is a proposal with its source.
    akn = ET.parse(site / "data" / "akn" / "model" / "proposals" / f"{proposal['id']}.xml").getroot()
    shown = {element.get("showAs") for element in akn.iter() if element.get("eId") == "proponent"}
    assert shown == {HOSTILE}
    assert any(f"NOT ADOPTED: the text with a drafting proposal by {LINE}" in "".join(element.itertext()) for element in akn.iter())


def test_word_names_each_change_by_the_proponent_and_the_short_title(hostile, tmp_path):
    output = tmp_path / "art-2.docx"
    assert main(["--root", str(hostile), "docx", "--articles", "art-2", "-o", str(output)]) == 0
    package = zipfile.ZipFile(output)
    body = ET.fromstring(package.read("word/document.xml"))
    authors = {element.get(f"{WORD}author") for element in body.iter() if element.tag in (f"{WORD}ins", f"{WORD}del")}
    # The name (under 60 characters, whole), the provision, and the short title in full, never cut.
    assert authors == {f"{HOSTILE} — 2(2)(a), (c) {SHORT}"}
    comments = "".join(ET.fromstring(package.read("word/comments.xml")).itertext())
    assert f"Proposed by {LINE}" in comments
    text = "".join(body.itertext())
    assert f"Proposed by {LINE}" in text


def test_the_compilation_table_names_the_proponent_in_word_and_in_the_pdfs_html(hostile, tmp_path):
    docx = tmp_path / "table.docx"
    assert main(["--root", str(hostile), "docx", "--layout", "table", "--articles", "art-2", "-o", str(docx)]) == 0
    text = "".join(ET.fromstring(zipfile.ZipFile(docx).read("word/document.xml")).itertext())
    assert f"Proposed by {LINE} \u00b7 " in text
    assert "\u2018Sovereignty <refusal>\u2019" in text  # the note's short title in the pointer to the commentary
    # The PDF's table as WeasyPrint receives it (its layout is tested elsewhere): the proponent escaped, as text.
    project, analysis = load_and_check(hostile)
    book = plan_table(project, analysis, select_articles(project, ["2"]), print_options(project))
    [part] = [part for part in book.body if part.name == "art-2"]
    page = lxml.html.fromstring(part.html)
    assert any(_text(meta).startswith(f"Proposed by {LINE} \u00b7 ") for meta in page.cssselect(".tc-meta"))
    assert not page.cssselect("script, b") and "<script>alert(" not in part.html


def test_the_brief_pdf_names_the_proponent_and_numbers_its_lines_from_1_on_each_page(hostile, tmp_path):
    """One layout of the brief: the band and the entry name the proponent with its source, and --line-numbers
    numbers every line of the text area (not the footnotes, the running header or footer) from 1 on each page,
    as an artifact in an embedded font."""
    pdf = tmp_path / "brief.pdf"
    assert main(["--root", str(hostile), "pdf", "--articles", "art-2", "--line-numbers", "-o", str(pdf)]) == 0
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    unnumbered = [re.sub(r"^ *\d+ {2,}", "", line) for text in pages for line in text.splitlines()]
    printed = " ".join(" ".join(unnumbered).split())
    # (a line may break inside "<b>12</b>", where pdftotext puts a space)
    assert f"Proposal by {HOSTILE} ({SYMBOL}, para <b>" in printed and f"Proposed by {HOSTILE} ({SYMBOL}, para <b>" in printed
    numbered = 0
    for text in pages:
        numbers = [int(m.group(1)) for m in re.finditer(r"^ *(\d+) {2,}\S", text, re.MULTILINE)]
        assert numbers == list(range(1, len(numbers) + 1)), numbers  # from 1, every line, in order
        numbered += len(numbers)
        for line in text.splitlines():
            if re.match(r" *\d+\. (Jane Smith|ibid)", line):  # a footnote: not numbered
                assert not re.match(r" *\d+ {2,}\d+\.", line), line
    assert numbered > 40
    article = next(text for text in pages if "Requests for stored data" in text and "Dual criminality shall not" in text)
    [line] = [line for line in article.splitlines() if "may request another State Party" in line]
    assert re.match(r" *\d+ {2,}1\. A State Party", line)  # a line of the treaty text, numbered in the margin
    document = pikepdf.open(pdf)
    streams = b"".join(page.obj.Contents[-1].read_bytes() for page in document.pages if isinstance(page.obj.Contents, pikepdf.Array))
    assert b"/Artifact BMC" in streams
    fonts = [font for page in document.pages for font in page.Resources.Font.values() if str(font.get("/BaseFont", "")).startswith("/TCLNUM+")]
    assert fonts and all("/FontFile2" in font.FontDescriptor for font in fonts)


def test_word_line_numbers_are_words_own_and_a_table_refuses_them(hostile, tmp_path, capsys):
    output = tmp_path / "lines.docx"
    assert main(["--root", str(hostile), "docx", "--articles", "art-2", "--line-numbers", "-o", str(output)]) == 0
    section = ET.fromstring(zipfile.ZipFile(output).read("word/document.xml")).find(f"{WORD}body/{WORD}sectPr")
    numbering = section.find(f"{WORD}lnNumType")
    assert numbering is not None and numbering.get(f"{WORD}restart") == "newPage" and numbering.get(f"{WORD}countBy") == "1"
    # In the schema's order: after the page margins.
    tags = [child.tag.removeprefix(WORD) for child in section]
    assert tags.index("lnNumType") == tags.index("pgMar") + 1
    assert main(["--root", str(hostile), "docx", "--articles", "art-2", "-o", str(tmp_path / "plain.docx")]) == 0
    assert b"lnNumType" not in zipfile.ZipFile(tmp_path / "plain.docx").read("word/document.xml")
    for command in ("docx", "pdf"):
        assert main(["--root", str(hostile), command, "--layout", "table", "--line-numbers", "-o", str(tmp_path / "x")]) == 2
        assert "--line-numbers numbers the lines of the document layout" in capsys.readouterr().err


def test_the_margins_line_numbers_assume_are_print_css(tmp_path):
    """The text area the PDF's numbers count in is print.css's: a change there must change them too."""
    css = (ROOT / "src" / "commentary_build" / "assets" / "print.css").read_text(encoding="utf-8")
    top, _right, bottom, left = (float(v) for v in re.search(r"@page \{\s*margin: (\d+)mm (\d+)mm (\d+)mm (\d+)mm;", css).groups())
    assert (linenumbers.MARGIN_TOP, linenumbers.MARGIN_BOTTOM, linenumbers.MARGIN_LEFT) == pytest.approx((top * linenumbers.MM, bottom * linenumbers.MM, left * linenumbers.MM))
