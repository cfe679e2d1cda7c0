"""A proposal says what it does to each provision, naming an addition by the provision it creates."""

from __future__ import annotations

from commentary_build.model import Edit, Proposal
from commentary_build.pipeline import load_and_check
from commentary_build.transform.pinpoints import proposal_changes
from conftest import ROOT, page, words


def _proposal(*edits: Edit) -> Proposal:
    return Proposal("p", "P", "X", None, "Why.", list(edits))


def test_verbs_and_the_pinpoint_of_what_an_addition_creates():
    project, _ = load_and_check(ROOT)
    uncc = project.instruments["uncc"]
    new_ground = _proposal(Edit("replace", "art-40-21-d", quote="granted.", text="granted; or"),
                           Edit("add-after", "art-40-21-d", text="New ground.", num="(e)"))
    assert [c.text for c in proposal_changes(uncc, new_ground)] == ["amends art 40(21)(d)", "adds art 40(21)(e)"]
    new_paragraph = _proposal(Edit("add-after", "art-35-3", text="New paragraph.", num="4."))
    assert [c.text for c in proposal_changes(uncc, new_paragraph)] == ["adds art 35(4)"]
    replaced = _proposal(Edit("delete-unit", "art-42-5"), Edit("add-after", "art-42-4", text="New.", num="5."))
    assert [c.text for c in proposal_changes(uncc, replaced)] == ["replaces art 42(5)"]
    # So does new wording for the whole of a provision's words (however the quote is wrapped); a part of them is amended.
    whole = " ".join(uncc.provision("art-42-5").text.split())
    reworded = _proposal(Edit("replace", "art-42-5", quote=whole.replace(" may, ", "\nmay, "), text="New."))
    assert [c.text for c in proposal_changes(uncc, reworded)] == ["replaces art 42(5)"]
    part = _proposal(Edit("replace", "art-42-5", quote=whole[:-1], text="New"))
    assert [c.text for c in proposal_changes(uncc, part)] == ["amends art 42(5)"]


def test_the_proposals_page_and_the_entry_use_the_verbs(built_site):
    rows = {words(r.cssselect("td")[0]): words(r.cssselect("td")[3]) for r in page(built_site, "proposals").cssselect("table.tc-proposals tbody tr")}
    project, analysis = load_and_check(ROOT)
    for note in project.notes:
        for proposal in note.proposals:
            expected = ", ".join(c.text for c in proposal_changes(project.instruments[note.instrument_id], proposal))
            assert rows[proposal.title] == expected
    meta = page(built_site, "uncc/art-40").cssselect(".tc-proposal .tc-note-meta")
    assert any("Amends art 40(21)(d), adds art 40(21)(e)" in words(m) for m in meta)
