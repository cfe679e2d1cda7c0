
import pytest

from commentary_build.model import Edit, Location, Proposal
from commentary_build.model import problems as dx
from commentary_build.transform.redline import (
    AmbiguousAnchor,
    AnchorNotFound,
    Change,
    InvalidEdit,
    OverlappingEdits,
    Segment,
    Span,
    accept,
    apply_proposal,
    blackline,
    closest_passage,
    locate,
    normalise,
    reject,
    resolve,
    restructure,
)

PARAGRAPH = (
    "Nothing in this Convention shall be interpreted as imposing an obligation to extradite "
    "if the requested State Party has substantial grounds for believing that the request has "
    "been made for the purpose of prosecuting or punishing a person on account of that "
    "person\u2019s sex, race, language, religion, nationality, ethnic origin or political opinions."
)


def at(line: int) -> Location:
    return Location("commentary/uncc/art-40/refusal.md", line, 5)


def edit(op: str, quote: str | None = None, text: str | None = None, line: int = 1, **extra) -> Edit:
    return Edit(op=op, target="art-40-21", quote=quote, text=text, location=at(line), **extra)


# --------------------------------------------------------------------------- matching


def test_normalise_collapses_whitespace_and_typography():
    assert normalise("  \u201cState\u201d\u00a0\n\t Party\u2019s \u2013 \u2014 \u2011 \u2212 \u2033\u2032  ") == "\"State\" Party's - - - - \"'"


def test_straight_quote_matches_typographic_text_and_span_is_original():
    span = locate(PARAGRAPH, "person's sex")
    assert PARAGRAPH[span.start : span.end] == "person\u2019s sex"


def test_typographic_quote_matches_straight_text():
    text = 'the term "computer system" means'
    span = locate(text, "\u201ccomputer system\u201d")
    assert text[span.start : span.end] == '"computer system"'


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2011", "\u2212"])
def test_dashes_match_hyphen(dash):
    text = f"non{dash}State actors"
    assert locate(text, "non-State") == Span(0, 9)
    assert locate("non-State actors", f"non{dash}State") == Span(0, 9)


def test_whitespace_runs_in_text_and_quote_match_and_span_covers_the_run():
    text = "shall  be\n   interpreted as"
    span = locate(text, "shall be\tinterpreted")
    assert text[span.start : span.end] == "shall  be\n   interpreted"


def test_whitespace_at_the_ends_of_a_quote_takes_the_adjacent_whitespace():
    text = "has  substantial \n grounds"
    span = locate(text, "substantial ")
    assert text[span.start : span.end] == "substantial \n "
    span = locate(text, " substantial")
    assert text[span.start : span.end] == "  substantial"
    span = locate(text, "substantial")
    assert text[span.start : span.end] == "substantial"


def test_matching_is_case_sensitive():
    with pytest.raises(AnchorNotFound):
        locate(PARAGRAPH, "nothing in this convention")


def test_occurrence_selects_among_repeats():
    text = "person, person and person"
    assert locate(text, "person", occurrence=1) == Span(0, 6)
    assert locate(text, "person", occurrence=3) == Span(19, 25)


def test_repeated_quote_without_occurrence_is_ambiguous():
    with pytest.raises(AmbiguousAnchor) as raised:
        locate("person, person and person", "person")
    assert raised.value.count == 3
    assert raised.value.code == dx.ANCHOR_AMBIGUOUS


def test_occurrence_beyond_the_count_is_not_found_with_clear_reason():
    with pytest.raises(AnchorNotFound) as raised:
        locate("person and person", "person", occurrence=3)
    assert "occurs 2 times" in str(raised.value)
    assert "no occurrence 3" in str(raised.value)


def test_empty_quote_and_bad_occurrence_are_rejected():
    with pytest.raises(ValueError):
        locate(PARAGRAPH, "  \n ")
    with pytest.raises(ValueError):
        locate(PARAGRAPH, "Nothing", occurrence=0)


def test_not_found_reports_closest_passage_in_original_wording():
    with pytest.raises(AnchorNotFound) as raised:
        locate(PARAGRAPH, "persons sex, race, langage")
    error = raised.value
    assert error.closest == "person\u2019s sex, race, language,"
    assert 0.8 < error.similarity < 1.0


def test_closest_passage_for_a_long_quote():
    quote = "the request has been made for the purposes of prosecuting or punishing any person on account of that person's sex"
    closest, similarity = closest_passage(PARAGRAPH, quote)
    assert closest.startswith("the request has been made")
    assert closest.endswith("person\u2019s sex,") or closest.endswith("person\u2019s sex")
    assert similarity > 0.9


def test_closest_passage_on_a_long_paragraph():
    long_paragraph = " ".join([PARAGRAPH] * 12)  # about 4,000 characters
    long_quote = PARAGRAPH.replace("State Party", "Party").replace("religion", "belief")
    closest, similarity = closest_passage(long_paragraph, long_quote)
    assert similarity > 0.95


def test_closest_passage_of_empty_text_is_empty():
    assert closest_passage("", "anything") == ("", 0.0)


# --------------------------------------------------------------------------- operations


def test_insert_before():
    changes = resolve(PARAGRAPH, [edit("insert-before", "an obligation", "or permitting ")])
    assert accept(PARAGRAPH, changes).startswith("Nothing in this Convention shall be interpreted as imposing or permitting an obligation")


def test_insert_after():
    changes = resolve(PARAGRAPH, [edit("insert-after", "political opinions", ", or gender identity")])
    assert accept(PARAGRAPH, changes).endswith("political opinions, or gender identity.")


def test_delete():
    changes = resolve(PARAGRAPH, [edit("delete", "substantial ")])
    result = accept(PARAGRAPH, changes)
    assert "has grounds for believing" in result
    assert len(result) == len(PARAGRAPH) - len("substantial ")


def test_replace_segments_are_delete_then_insert():
    text = "States Parties shall consult."
    changes = resolve(text, [edit("replace", "shall", "may")])
    assert blackline(text, changes) == [
        Segment("same", "States Parties "),
        Segment("del", "shall"),
        Segment("ins", "may"),
        Segment("same", " consult."),
    ]
    assert accept(text, changes) == "States Parties may consult."
    assert reject(text, changes) == text


def test_edits_apply_to_original_wording_not_the_normalised_form():
    text = "that \u201cperson\u2019s\u201d\n  sex \u2014 or race"
    changes = resolve(text, [edit("replace", '"person\'s" sex - or', "X")])
    assert accept(text, changes) == "that X race"


def test_adjacent_segments_of_the_same_kind_are_merged():
    text = "one two three"
    changes = resolve(text, [edit("delete", "one "), edit("delete", "two", line=2)])
    assert blackline(text, changes) == [Segment("del", "one two"), Segment("same", " three")]


def test_resolve_returns_changes_in_text_order_and_skips_unit_edits():
    text = "alpha beta gamma"
    edits = [edit("delete", "gamma"), edit("add-after", text="New", line=2), edit("delete", "alpha", line=3)]
    assert [(c.start, c.end) for c in resolve(text, edits)] == [(0, 5), (11, 16)]


def test_resolve_attaches_the_edit_to_anchor_errors():
    bad = edit("delete", "omega", line=7)
    with pytest.raises(AnchorNotFound) as raised:
        resolve("alpha beta", [bad])
    assert raised.value.edit is bad


def test_resolve_rejects_malformed_edits():
    with pytest.raises(InvalidEdit) as raised:
        resolve("alpha", [edit("replace", "alpha", "")])
    assert raised.value.code == dx.EDIT_TEXT_EMPTY


# --------------------------------------------------------------------------- overlaps


def test_overlapping_replacements_name_both_edits():
    first = edit("replace", "shall be interpreted", "may be read", line=3)
    second = edit("delete", "interpreted as imposing", line=9)
    with pytest.raises(OverlappingEdits) as raised:
        resolve(PARAGRAPH, [first, second])
    assert raised.value.edit_a is first
    assert raised.value.edit_b is second
    assert ":3:5" in str(raised.value) and ":9:5" in str(raised.value)


def test_two_insertions_at_the_same_point_conflict():
    # insert-after "alpha" and insert-before "beta" both land between the two words.
    text = "alpha beta"
    with pytest.raises(OverlappingEdits):
        resolve(text, [edit("insert-after", "alpha ", "X"), edit("insert-before", "beta", "Y", line=2)])


def test_insertion_inside_a_deletion_conflicts():
    with pytest.raises(OverlappingEdits):
        resolve("alpha beta gamma", [edit("delete", "alpha beta"), edit("insert-after", "alpha", "X", line=2)])


def test_insertion_at_the_boundary_of_a_deletion_stays_outside_it():
    text = "alpha beta gamma"
    changes = resolve(
        text,
        [
            edit("replace", "beta", "BETA"),
            edit("insert-before", "beta", "<", line=2),
            edit("insert-after", "beta", ">", line=3),
        ],
    )
    assert accept(text, changes) == "alpha <BETA> gamma"
    assert blackline(text, changes) == [
        Segment("same", "alpha "),
        Segment("ins", "<"),
        Segment("del", "beta"),
        Segment("ins", "BETA>"),
        Segment("same", " gamma"),
    ]


def test_touching_deletions_do_not_conflict():
    text = "alphabeta"
    changes = resolve(text, [edit("delete", "alpha"), edit("replace", "beta", "B", line=2)])
    assert accept(text, changes) == "B"


def test_blackline_refuses_overlapping_changes():
    placeholder = edit("delete", "x")
    with pytest.raises(ValueError):
        blackline("abcdef", [Change(0, 3, "", placeholder), Change(2, 4, "", placeholder)])


# --------------------------------------------------------------------------- units


UNITS = [("art-40-1", "1.", "First."), ("art-40-2", "2.", "Second."), ("art-40-3", "3.", "Third.")]


def unit_edit(op: str, target: str, text: str | None = None, num: str | None = None, line: int = 1) -> Edit:
    return Edit(op=op, target=target, text=text, num=num, location=at(line))


def test_restructure_adds_and_deletes_whole_units():
    edits = [
        unit_edit("add-after", "art-40-1", "New after first.", "1 bis."),
        unit_edit("delete-unit", "art-40-2", line=2),
        unit_edit("add-after", "art-40-1", "Second new.", "1 ter.", line=3),
    ]
    outcomes = restructure(UNITS, edits)
    assert [(o.kind, o.id, o.num) for o in outcomes] == [
        ("same", "art-40-1", "1."),
        ("added", None, "1 bis."),
        ("added", None, "1 ter."),
        ("deleted", "art-40-2", "2."),
        ("same", "art-40-3", "3."),
    ]
    assert outcomes[1].segments == (Segment("ins", "New after first."),)
    assert outcomes[3].segments == (Segment("del", "Second."),)
    assert outcomes[3].proposed == "" and outcomes[3].edit is edits[1]


def test_restructure_carries_wording_changes_of_kept_units():
    changes = {"art-40-3": resolve("Third.", [edit("replace", "Third", "Last")])}
    outcomes = restructure(UNITS, [], changes)
    assert outcomes[2].proposed == "Last."
    assert outcomes[2].segments == (Segment("del", "Third"), Segment("ins", "Last"), Segment("same", "."))
    assert outcomes[0].segments == (Segment("same", "First."),)


def test_restructure_replacing_a_unit_is_delete_then_add():
    edits = [unit_edit("delete-unit", "art-40-2"), unit_edit("add-after", "art-40-2", "Replacement.", "2.", line=2)]
    assert [o.kind for o in restructure(UNITS, edits)] == ["same", "deleted", "added", "same"]


def test_restructure_unknown_target():
    with pytest.raises(KeyError):
        restructure(UNITS, [unit_edit("delete-unit", "art-40-9")])


def test_restructure_deleting_a_reworded_unit_conflicts():
    reword = edit("replace", "Second", "2nd")
    changes = {"art-40-2": resolve("Second.", [reword])}
    removal = unit_edit("delete-unit", "art-40-2", line=5)
    with pytest.raises(OverlappingEdits) as raised:
        restructure(UNITS, [removal], changes)
    assert raised.value.edit_a is reword
    assert raised.value.edit_b is removal


def test_restructure_deleting_twice_conflicts():
    with pytest.raises(OverlappingEdits):
        restructure(UNITS, [unit_edit("delete-unit", "art-40-2"), unit_edit("delete-unit", "art-40-2", line=2)])


# --------------------------------------------------------------------------- proposals


TEXTS = {
    "art-40-21": PARAGRAPH,
    "art-40-22": "Before refusing extradition, the requested State Party shall, where appropriate, consult.",
}


def proposal(*edits: Edit) -> Proposal:
    return Proposal(
        id="gender",
        title="Add gender",
        proponent="Example NGO",
        date=None,
        rationale="Because.",
        edits=list(edits),
        location=Location("commentary/uncc/art-40/refusal.md", 2, 1),
    )


def test_apply_proposal_groups_per_target():
    result = apply_proposal(
        proposal(
            Edit("insert-after", "art-40-21", quote="political opinions", text=", or gender", location=at(4)),
            Edit("delete", "art-40-22", quote=", where appropriate,", location=at(6)),
            Edit("add-after", "art-40-22", text="New paragraph.", num="22 bis.", location=at(8)),
            Edit("replace", "art-40-21", quote="substantial grounds", text="reasons", location=at(10)),
        ),
        TEXTS.get,
    )
    assert result.ok and result.problems == []
    assert [unit.target for unit in result.units] == ["art-40-21", "art-40-22"]
    first, second = result.units
    assert first.original == PARAGRAPH
    assert "has reasons for believing" in first.accepted and first.accepted.endswith("political opinions, or gender.")
    assert [segment.kind for segment in first.segments] == ["same", "del", "ins", "same", "ins", "same"]
    assert second.accepted == "Before refusing extradition, the requested State Party shall consult."
    assert [outcome.kind for outcome in second.outcomes] == ["same", "added"]
    assert second.outcomes[1].num == "22 bis."


def test_apply_proposal_deleted_unit():
    result = apply_proposal(proposal(Edit("delete-unit", "art-40-22", location=at(3))), TEXTS.get)
    unit = result.units[0]
    assert unit.deleted and unit.accepted is None
    assert unit.segments == (Segment("del", TEXTS["art-40-22"]),)


def codes(result) -> list[str]:
    return [problem.code for problem in result.problems]


def test_apply_proposal_unknown_target():
    result = apply_proposal(proposal(Edit("delete", "art-40-99", quote="x", location=at(12))), TEXTS.get)
    assert codes(result) == [dx.TARGET_UNKNOWN]
    assert result.problems[0].location == at(12)
    assert "art-40-99" in result.problems[0].message
    assert result.units == []


def test_apply_proposal_not_found_message_names_target_and_closest_passage():
    result = apply_proposal(
        proposal(Edit("delete", "art-40-21", quote="persons sex, race, langage", location=at(7))), TEXTS.get
    )
    assert codes(result) == [dx.ANCHOR_NOT_FOUND]
    assert result.problems[0].message == (
        'quote "persons sex, race, langage" not found in art-40-21; closest passage: "person\u2019s sex, race, language,"'
    )
    assert result.problems[0].location == at(7)
    assert not result.ok and result.units == []


def test_apply_proposal_ambiguous_quote():
    result = apply_proposal(proposal(Edit("delete", "art-40-21", quote="person", location=at(7))), TEXTS.get)
    assert codes(result) == [dx.ANCHOR_AMBIGUOUS]
    assert "occurs 2 times in art-40-21" in result.problems[0].message


def test_apply_proposal_overlap_names_both_locations():
    result = apply_proposal(
        proposal(
            Edit("replace", "art-40-21", quote="shall be interpreted", text="may be read", location=at(3)),
            Edit("delete", "art-40-21", quote="interpreted as", location=at(9)),
        ),
        TEXTS.get,
    )
    assert codes(result) == [dx.EDITS_OVERLAP]
    problem = result.problems[0]
    assert problem.location == at(9)
    assert "refusal.md:3:5" in problem.message and "refusal.md:9:5" in problem.message


@pytest.mark.parametrize(
    "bad_edit, code",
    [
        (Edit("insert-after", "art-40-21", quote="extradite", text="  "), dx.EDIT_TEXT_EMPTY),
        (Edit("replace", "art-40-21", quote="extradite"), dx.EDIT_TEXT_EMPTY),
        (Edit("add-after", "art-40-21", num="21 bis."), dx.EDIT_TEXT_EMPTY),
        (Edit("delete", "art-40-21"), dx.EDIT_QUOTE_MISSING),
        (Edit("insert-before", "art-40-21", quote="  ", text="x"), dx.EDIT_QUOTE_MISSING),
        (Edit("strike", "art-40-21", quote="extradite"), dx.EDIT_OP_UNKNOWN),
        (Edit("delete", "art-40-21", quote="extradite", occurrence=0), dx.FIELD_TYPE),
        (Edit("delete", "art-40-21", quote="extradite", occurrence="first"), dx.FIELD_TYPE),
    ],
)
def test_apply_proposal_malformed_edits(bad_edit, code):
    good = Edit("delete", "art-40-22", quote=", where appropriate,", location=at(2))
    result = apply_proposal(proposal(bad_edit, good), TEXTS.get)
    assert codes(result) == [code]
    # Without its own location the problem points at the proposal.
    assert result.problems[0].location == Location("commentary/uncc/art-40/refusal.md", 2, 1)
    # The other target is unaffected and still renders.
    assert [unit.target for unit in result.units] == ["art-40-22"]


def test_apply_proposal_delete_unit_and_rewording_conflict():
    result = apply_proposal(
        proposal(
            Edit("delete", "art-40-22", quote=", where appropriate,", location=at(2)),
            Edit("delete-unit", "art-40-22", location=at(4)),
        ),
        TEXTS.get,
    )
    assert codes(result) == [dx.EDITS_OVERLAP]


def test_each_proposal_on_the_same_unit_gets_its_own_blackline():
    # Alternatives from different proponents would overlap if merged; separately they are fine.
    first = apply_proposal(proposal(Edit("replace", "art-40-22", quote="consult", text="confer")), TEXTS.get)
    second = apply_proposal(proposal(Edit("delete", "art-40-22", quote="shall, where appropriate, consult")), TEXTS.get)
    assert first.ok and second.ok
    assert first.units[0].accepted.endswith("where appropriate, confer.")
    assert second.units[0].accepted == "Before refusing extradition, the requested State Party ."
