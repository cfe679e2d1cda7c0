"""Word's document layout writes its tracked changes from the document tree (issue 23): two proposals that change
different units of one paragraph are both tracked, merged unit by unit; one that changes the same words as a
proposal tracked before it is shown as a labelled alternative, untracked. Accept-all and reject-all read back
from the XML. On the tiny fixture."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from commentary_build.cli import main
from conftest import ROOT
from test_export_docx import W, texts

FIXTURE = Path(__file__).parent / "fixtures" / "tiny"
TRACKED = "A human-rights ground of refusal"  # the fixture's proposal: deletes " or" in 2(2)(a), adds (c) after (b)
MERGED = "A duty to refuse"
CLASH = "Offences of a political character"

MORE = f"""---
title: Two more proposals on Article 2(2)
target: art-2-2
authors:
  - name: The editors
date: 2020-03-01
themes: [grounds-for-refusal]
proposals:
  - id: fixture-duty
    title: {MERGED}
    date: 2020-03-01
    rationale: Refusal becomes a duty.
    edits:
      - {{target: art-2-2, op: replace, quote: "may refuse", text: "shall refuse"}}
  - id: fixture-political
    title: {CLASH}
    date: 2020-04-01
    rationale: Wider words.
    edits:
      - {{target: art-2-2-a, op: replace, quote: "a political offence", text: "an offence of a political character"}}
---
Two proposals: one on the paragraph's own words, one on the words of (a) the fixture's proposal changes too.
"""


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> ET.Element:
    root = tmp_path_factory.mktemp("merge") / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "commentary" / "model" / "art-2" / "more-proposals.md").write_text(MORE, encoding="utf-8")
    output = root / "art-2.docx"
    assert main(["--root", str(root), "docx", "--articles", "art-2", "-o", str(output)]) == 0
    return ET.fromstring(zipfile.ZipFile(output).read("word/document.xml"))


def _adopted() -> dict:
    return yaml.safe_load((FIXTURE / "content" / "model" / "text" / "articles" / "art-002.yml").read_text(encoding="utf-8"))


def test_two_proposals_on_different_units_of_a_paragraph_are_both_tracked(word):
    authors = {mark.get(f"{W}author") for mark in word.iter() if mark.tag in (f"{W}ins", f"{W}del")}
    assert any(MERGED in (author or "") for author in authors) and any("2(2)(a)" in (author or "") for author in authors)
    assert not any("Offences" in (author or "") for author in authors)  # the alternative is not tracked
    accepted = texts(word, "accept")
    assert "2.\tThe requested State Party shall refuse a request if:" in accepted
    assert "(a)\tThe request concerns a political offence;" in accepted
    assert "(c)\tExecution of the request would expose a person to persecution." in accepted
    # Reject all: the adopted text, every unit verbatim.
    rejected = texts(word, "reject")
    for paragraph in _adopted()["paragraphs"]:
        assert f"{paragraph['num']}\t{paragraph['text']}" in rejected
        for item in paragraph.get("items", []):
            assert f"{item['num']}\t{item['text']}" in rejected
    assert not any(line.startswith("(c)") for line in rejected)


def test_a_proposal_on_words_already_tracked_is_a_labelled_alternative(word):
    lines = texts(word, "accept")
    assert f"Alternative proposal: {CLASH}" in lines
    [label] = [line for line in lines if "is tracked instead" in line]
    assert "Not adopted" in label and f"\u2018{TRACKED}\u2019 is tracked instead" in label
    # Its wording, clean, after the label: never inside a tracked change, so accept-all cannot bring it in.
    after = lines[lines.index(label) + 1 :]
    assert "(a)\tThe request concerns an offence of a political character; or" in after
    inserted = "".join(t.text or "" for ins in word.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    assert "political character" not in inserted
