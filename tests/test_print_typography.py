"""OSCOLA's footnote calls and quotation marks on paper and in Word (export.typography), on the tree."""

from __future__ import annotations

from commentary_build.document.nodes import Citation, Code, CrossRef, Emphasis, Paragraph, Prose, SoftBreak, Text
from commentary_build.export.typography import typeset

CALL = Citation(None)  # type: ignore[arg-type]  # the writer numbers it; its cluster is beside the point here


def children(*nodes) -> tuple:
    return typeset(Prose((Paragraph(tuple(nodes), 1),))).blocks[0].children


def test_a_call_follows_the_punctuation_with_no_space():
    assert children(Text("to the victim "), CALL, Text(". Then")) == (Text("to the victim."), CALL, Text(" Then"))
    assert children(Text("rights"), SoftBreak(), CALL, Text(", and")) == (Text("rights,"), CALL, Text(" and"))
    # Two sources cited in turn move together; a bracket stays after the call.
    assert children(Text("ok "), CALL, CALL, Text("; next")) == (Text("ok;"), CALL, CALL, Text(" next"))
    assert children(Text("(see "), CALL, Text(").")) == (Text("(see"), CALL, Text(")."))
    # After emphasis the mark is its own text.
    assert children(Emphasis((Text("Title"),)), CALL, Text(".")) == (Emphasis((Text("Title"),)), Text("."), CALL)


def test_quotation_marks_are_single_and_double_inside_and_apostrophes_stay():
    [text] = children(Text('the "data subject" and the user\'s "\'term\' here" (\'x\')'))
    assert text == Text("the \u2018data subject\u2019 and the user\u2019s \u2018\u201cterm\u201d here\u2019 (\u2018x\u2019)")
    # Across inline nodes: the closing mark after emphasis closes the quotation opened before it.
    assert children(Text('"'), Emphasis((Text("Shall"),)), Text('" means')) == (Text("\u2018"), Emphasis((Text("Shall"),)), Text("\u2019 means"))
    # And after a cross-reference, whose words end the quotation ("the relevant paragraphs of article 40").
    xref = CrossRef("uncc", "art-40", (Text("article 40"),))
    assert children(Text('applies "the paragraphs of '), xref, Text('" to')) == (Text("applies \u2018the paragraphs of "), xref, Text("\u2019 to"))


def test_code_and_the_paragraph_number_are_left_alone():
    prose = Prose((Paragraph((Code('x = "y"'), Text(' said "z"')), 3),))
    [paragraph] = typeset(prose).blocks
    assert paragraph.number == 3 and paragraph.children == (Code('x = "y"'), Text(" said \u2018z\u2019"))
