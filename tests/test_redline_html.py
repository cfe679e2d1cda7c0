import re
from html.parser import HTMLParser
from importlib import resources

import pytest

from commentary_build.render.blackline import render_legend, render_segments
from commentary_build.transform.redline import Segment

CSS = resources.files("commentary_build").joinpath("assets/redline.css").read_text(encoding="utf-8")


class Tree(HTMLParser):
    """Elements with their attributes and the text directly or indirectly inside them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.text = ""
        self.feed(str(html))  # plain text: fed Markup, the parser's own string operations would escape it again
        self.close()
        assert not self.open, f"unclosed elements: {[e['tag'] for e in self.open]}"

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "parent": self.open[-1] if self.open else None}
        self.elements.append(element)
        self.open.append(element)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1]["tag"] == tag, f"misnested </{tag}>"
        self.open.pop()

    def handle_data(self, data):
        self.text += data
        for element in self.open:
            element["text"] += data

    def find(self, tag: str) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag]


REPLACE = [
    Segment("same", "States Parties "),
    Segment("del", "shall"),
    Segment("ins", "may"),
    Segment("same", " consult."),
]


def test_ins_and_del_carry_cite_datetime_and_class():
    tree = Tree(render_segments(REPLACE, cite="#rationale-gender", datetime="2023-05-01"))
    (inserted,) = tree.find("ins")
    (deleted,) = tree.find("del")
    for mark, kind in ((inserted, "ins"), (deleted, "del")):
        assert mark["attrs"]["cite"] == "#rationale-gender"
        assert mark["attrs"]["datetime"] == "2023-05-01"
        assert mark["attrs"]["class"].split()[0] == f"tc-{kind}"
    assert inserted["text"] == "inserted text: may"
    assert deleted["text"] == "deleted text: shall"


def test_hidden_words_are_in_visually_hidden_spans_inside_the_marks():
    tree = Tree(render_segments(REPLACE, cite="#r", datetime="2023-05-01"))
    hidden = [e for e in tree.find("span") if e["attrs"].get("class") == "visually-hidden"]
    assert [(e["text"], e["parent"]["tag"]) for e in hidden] == [("deleted text: ", "del"), ("inserted text: ", "ins")]


def test_visible_text_order_is_the_blackline_order():
    tree = Tree(render_segments(REPLACE, cite="#r", datetime="2023-05-01"))
    assert tree.text == "States Parties deleted text: shallinserted text: may consult."
    # No character between the marks (either text comes back exactly), but the second is set apart.
    (inserted,) = tree.find("ins")
    assert inserted["attrs"]["class"] == "tc-ins tc-after-mark"


def test_inserted_script_is_escaped():
    html = render_segments(
        [Segment("same", "a & b "), Segment("ins", '<script>alert("x")</script>'), Segment("del", "<b>old</b>")],
        cite="#r",
        datetime="2023-05-01",
    )
    tree = Tree(html)
    assert tree.find("script") == [] and tree.find("b") == []
    assert "&lt;script&gt;" in html and "&lt;b&gt;old" in html
    assert tree.find("ins")[0]["text"] == 'inserted text: <script>alert("x")</script>'
    assert "a &amp; b" in html


def test_attribute_values_are_escaped():
    tree = Tree(render_segments([Segment("ins", "x")], cite='#r" onmouseover="alert(1)', datetime="2023<"))
    (mark,) = tree.find("ins")
    assert set(mark["attrs"]) == {"class", "cite", "datetime"}
    assert mark["attrs"]["cite"] == '#r" onmouseover="alert(1)'
    assert mark["attrs"]["datetime"] == "2023<"


@pytest.mark.parametrize("cite", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>"])
def test_script_urls_are_refused_as_cite(cite):
    with pytest.raises(ValueError):
        render_segments([Segment("ins", "x")], cite=cite, datetime="2023-05-01")


def test_relative_and_web_cites_are_accepted():
    for cite in ("../art-40/#rationale-x", "https://example.org/r#x"):
        assert Tree(render_segments([Segment("del", "x")], cite=cite)).find("del")[0]["attrs"]["cite"] == cite


def test_empty_cite_and_datetime_are_left_out():
    (mark,) = Tree(render_segments([Segment("ins", "x")], cite="", datetime="")).find("ins")
    assert set(mark["attrs"]) == {"class"}


def test_unchanged_text_has_no_marks_and_unknown_kinds_are_refused():
    assert render_segments([Segment("same", "plain")]) == "plain"
    with pytest.raises(ValueError):
        render_segments([Segment("moved", "x")])


def test_legend_explains_marks_print_markers_and_status():
    tree = Tree(render_legend())
    assert tree.find("div")[0]["attrs"]["role"] == "note"
    assert "underlined" in tree.find("ins")[0]["text"]
    assert "struck-through" in tree.find("del")[0]["text"]
    assert "[+ …]" in tree.text and "[\u2212 …]" in tree.text
    assert "These are proposals, not adopted text." in tree.text


def test_legend_caveat_can_be_replaced_and_is_escaped():
    tree = Tree(render_legend("Differences between two instruments, not proposals <b>."))
    assert "not adopted text" not in tree.text
    assert "Differences between two instruments, not proposals <b>." in tree.text
    assert tree.find("b") == []


# --------------------------------------------------------------------------- stylesheet


def print_rules() -> str:
    start = CSS.index("@media print")
    body, depth = "", 0
    for char in CSS[CSS.index("{", start) :]:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            break
        body += char
    return body


def rule(css: str, selector: str) -> str:
    """All declarations of the rules in ``css`` whose selector list names ``selector``."""
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    declarations = [
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", without_comments)
        if selector in (s.strip() for s in selectors.split(","))
    ]
    assert declarations, f"no rule for {selector}"
    return ";".join(declarations)


def test_print_markers_exist_only_in_print():
    printed = print_rules()
    assert '"[+ "' in rule(printed, "ins.tc-ins::before")
    assert '"[\\2212  "' in rule(printed, "del.tc-del::before")
    assert '"]"' in rule(printed, "ins.tc-ins::after")
    screen = CSS.replace(CSS[CSS.index("@media print") :], "")
    assert "::before" not in screen and "::after" not in screen


def test_change_bar_in_print():
    declarations = rule(print_rules(), ".has-changes")
    assert re.search(r"border-left:\s*\d+px solid #000", declarations)
    assert ".tc-has-changes" in print_rules()


def test_marks_are_not_colour_alone_and_print_in_black():
    assert "underline" in rule(CSS, "ins.tc-ins")
    assert "line-through" in rule(CSS, "del.tc-del")
    assert "color: #000" in rule(print_rules(), "ins.tc-ins")


def test_visually_hidden_uses_the_clip_pattern():
    declarations = rule(CSS, ".visually-hidden")
    for declaration in ("position: absolute", "width: 1px", "height: 1px", "overflow: hidden", "clip-path: inset(50%)"):
        assert declaration in declarations


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme, page", [(":root", "#ffffff"), ('[data-md-color-scheme="slate"]', "#1e2129")])
def test_mark_colours_have_high_contrast_in_light_and_dark(scheme, page):
    variables = dict(re.findall(r"(--tc-[a-z-]+):\s*(#[0-9a-f]{6})", rule(CSS, scheme)))
    for kind in ("ins", "del"):
        foreground = variables[f"--tc-{kind}-fg"]
        assert contrast(foreground, variables[f"--tc-{kind}-bg"]) >= 6.5
        assert contrast(foreground, page) >= 6.5
