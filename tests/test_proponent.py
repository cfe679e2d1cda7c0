"""Who proposes (issue 23 item 6): a proposal names its proponent (the editors when it names no one) and,
for anyone else, where they made it (``proposed_in``); a note and a proposal may carry a short title.
On the tiny fixture: the check (C084, C085, W081, the field limits and characters), then one hostile,
sourced proponent followed out of every output that names who proposes (site, JSON, Akoma Ntoso, Word, PDF)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import lxml.html
import pytest

from commentary_build.cli import main
from commentary_build.document import Documents
from commentary_build.document.nodes import Proponent
from commentary_build.export.table import proposal_author
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
    assert Documents.build(project, analysis).proponent(project.notes[0].proposals[0]).line == "jane  DOE"


def test_word_keeps_a_proponents_name_whole_up_to_its_limit_and_says_when_it_is_unsourced(tmp_path):
    long_name = "Delegation of the Bolivarian Republic of Venezuela"  # 50 characters: cut before "of", it would say "Delegation"
    root = _project(tmp_path, f"    proponent: {long_name} on behalf of a group of States\n")
    project, analysis = load_and_check(root)
    documents = Documents.build(project, analysis)
    proposal = project.notes[0].proposals[0]
    instrument = project.instruments["model"]
    author = proposal_author(proposal, documents.proponent(proposal), instrument)
    assert author == f"{long_name} on\u2026 (not sourced) — 2(2)(a) A human-rights ground"
    short = Proponent(long_name, False, SYMBOL, None)
    assert proposal_author(proposal, short, instrument).startswith(f"{long_name} — 2(2)(a) A human-rights")


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
    assert index["format_version"] == "2.2" and index["proposals"][0]["proposed_in"]["source"] == SYMBOL
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
    assert authors == {f"{HOSTILE} — 2(2)(a) {SHORT}"}
    comments = "".join(ET.fromstring(package.read("word/comments.xml")).itertext())
    assert f"Proposed by {LINE}" in comments
    text = "".join(body.itertext())
    assert f"Proposed by {LINE}" in text


def test_the_compilation_table_names_the_proponent_in_word_and_pdf(hostile, tmp_path):
    docx = tmp_path / "table.docx"
    assert main(["--root", str(hostile), "docx", "--layout", "table", "--articles", "art-2", "-o", str(docx)]) == 0
    text = "".join(ET.fromstring(zipfile.ZipFile(docx).read("word/document.xml")).itertext())
    assert f"Proposed by {LINE} · " in text
    assert "\u2018Sovereignty <refusal>\u2019" in text  # the note's short title in the pointer to the commentary
    pdf = tmp_path / "table.pdf"
    assert main(["--root", str(hostile), "pdf", "--layout", "table", "--articles", "art-2", "--no-cache", "-o", str(pdf)]) == 0
    printed = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Proposed by Delegation of <script>alert" in printed and SYMBOL in printed
