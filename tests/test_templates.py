"""Page HTML comes from Jinja2 templates: overriding one template changes that element and nothing
else, every template escapes what it prints, and no engine module escapes HTML another way."""

from __future__ import annotations

import ast
import traceback
from pathlib import Path

import lxml.html
import pytest
from jinja2 import StrictUndefined
from markupsafe import Markup

from commentary_build.load.project import load_project
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from commentary_build.render.templates import TemplateFolderError, Templates, default_templates, package_templates
from conftest import ROOT, build_with_mkdocs, copy_project

ENGINE = ROOT / "src" / "commentary_build"
TEMPLATES = ENGINE / "templates"


# --------------------------------------------------------------------------- overriding one template


def _with_templates_option(project: Path, folder: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      report_json: build/report.json\n" in text
    config.write_text(text.replace("      report_json: build/report.json\n", f"      report_json: build/report.json\n      templates: {folder}\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def header_override(tmp_path_factory) -> tuple[Path, Path]:
    """The project copy built as shipped, then with article/header.html overridden through mkdocs.yml."""
    project = copy_project(tmp_path_factory.mktemp("template-override"))
    shipped = project / "site-shipped"
    build_with_mkdocs(project, shipped)
    folder = project / "overrides" / "commentary" / "article"
    folder.mkdir(parents=True)
    header = (TEMPLATES / "article" / "header.html").read_text(encoding="utf-8")
    (folder / "header.html").write_text(header + '<p class="fork-header">{{ article.id }}</p>\n', encoding="utf-8")
    _with_templates_option(project, "overrides/commentary")
    forked = project / "site-forked"
    build_with_mkdocs(project, forked)
    return shipped, forked


def test_overriding_the_article_header_changes_that_element_and_nothing_else(header_override):
    shipped, forked = header_override
    pages = sorted(path.relative_to(shipped) for path in shipped.rglob("*.html"))
    assert len(pages) > 150
    assert pages == sorted(path.relative_to(forked) for path in forked.rglob("*.html"))
    headers = 0
    for page in pages:
        before = lxml.html.parse(str(shipped / page)).getroot()
        after = lxml.html.parse(str(forked / page)).getroot()
        added = after.cssselect(".fork-header")
        if page.parts[0] in ("uncc", "budapest") and page.parts[1].startswith("art-"):
            # Exactly one, on its own article, after the shipped header's last element (the jump row).
            assert [element.text for element in added] == [page.parts[1]], page
            assert added[0].getprevious().get("class") == "tc-jump"
            headers += 1
        else:
            assert added == [], page
        for element in added:
            element.tail = None  # the line break Python-Markdown puts after each top-level block
            element.drop_tree()
        assert lxml.html.tostring(after, encoding="unicode") == lxml.html.tostring(before, encoding="unicode"), f"{page} changed beyond the header"
    assert headers == sum(len(i.articles) for i in load_project(ROOT).instruments.values())


def test_overriding_the_note_template_changes_every_note_and_only_notes(tmp_path):
    (tmp_path / "note.html").write_text(
        (TEMPLATES / "note.html").read_text(encoding="utf-8").replace('<div class="tc-note" ', '<div class="tc-note fork-note" '),
        encoding="utf-8",
    )
    project, analysis = load_and_check(ROOT)
    shipped = build_site(project, analysis)
    project, analysis = load_and_check(ROOT)
    forked = build_site(project, analysis, template_dirs=[tmp_path])
    changed = 0
    for before, after in zip(shipped.pages, forked.pages, strict=True):
        changed += after.markdown.count('class="tc-note fork-note"')
        assert after.markdown.replace('class="tc-note fork-note"', 'class="tc-note"') == before.markdown, before.src_uri
    assert changed == len(project.notes) > 0


def test_a_missing_template_folder_is_an_error_not_a_silent_default(tmp_path, caplog):
    with pytest.raises(TemplateFolderError, match="does not exist"):
        Templates([tmp_path / "no-such-folder"])
    project = copy_project(tmp_path / "project")
    _with_templates_option(project, "overrides/typo")
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build_with_mkdocs(project, tmp_path / "site")
    assert "templates: " in caplog.text and "overrides/typo is not a folder" in caplog.text


def test_an_error_in_an_override_names_its_line(tmp_path):
    (tmp_path / "download.html").write_text('{# a fork\'s download line #}\n<p class="tc-download">\n  <a href="{{ href }}">PDF</a>\n  {{ size_in_mb }}\n</p>\n', encoding="utf-8")
    templates = Templates([tmp_path])
    with pytest.raises(Exception) as raised:
        templates.render("download.html", href="a.pdf", label="all")
    frames = [frame for frame in traceback.extract_tb(raised.value.__traceback__) if frame.filename.endswith("download.html")]
    assert frames and frames[-1].lineno == 4
    assert "size_in_mb" in str(raised.value)


def test_override_folders_are_searched_first_and_list_what_they_replace(tmp_path):
    (tmp_path / "tabs.html").write_text("{% macro tabbed_set(name, key, tabs) %}fork{% endmacro %}", encoding="utf-8")
    (tmp_path / "fork-partial.html").write_text("mine", encoding="utf-8")
    templates = Templates([tmp_path])
    assert templates.overridden() == ["tabs.html"]
    assert templates.render("fork-partial.html") == "mine"
    assert "fork" in templates.environment.get_template("blackline/views.html").render(
        unit={"id": "u"}, number=1, several=False, adopted="", alternatives=[], pinpoint="art 1(1)", marker=None, legend=None)


# --------------------------------------------------------------------------- escaping


def test_every_shipped_template_compiles_and_the_environment_escapes_everything():
    names = package_templates()
    assert {"note.html", "article/header.html", "proposal.html", "blackline/unit.html", "comparison/row.html", "tabs.html",
            "home/intro.html", "tracker/set.html", "matrix/table.html", "bibliography.html", "footnotes.html"} <= set(names)
    templates = default_templates()
    environment = templates.environment
    assert environment.autoescape is True
    assert environment.undefined is StrictUndefined
    for name in names:
        environment.get_template(name)
    rendered = templates.render("download.html", href='x" onclick="alert(1)', label="<script>alert(1)</script>")
    assert "<script>" not in rendered and 'onclick="' not in rendered
    assert templates.render("download.html", href="x", label=Markup("<b>safe</b>")).count("<b>safe</b>") == 1


def test_templates_print_template_syntax_in_values_literally():
    rendered = default_templates().render("download.html", href="x", label="{{ 7*7 }} {% for x in range(3) %}x{% endfor %}")
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}" in rendered


def _engine_modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(ENGINE.rglob("*.py"))]


def test_no_engine_module_escapes_html_with_the_html_module():
    offenders = []
    for path, tree in _engine_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "html" and any(alias.name == "escape" for alias in node.names):
                offenders.append(f"{path}:{node.lineno}: from html import escape")
            elif isinstance(node, ast.Attribute) and node.attr == "escape" and isinstance(node.value, ast.Name) and node.value.id == "html":
                offenders.append(f"{path}:{node.lineno}: html.escape")
            elif isinstance(node, ast.Import) and any(alias.name == "html" for alias in node.names):
                offenders.append(f"{path}:{node.lineno}: import html")
    assert offenders == []


def test_jinja2_is_only_configured_in_one_place_with_autoescape():
    environments = []
    for path, tree in _engine_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("Environment", "Template", "from_string"):
                keywords = {keyword.arg: keyword.value for keyword in node.keywords}
                environments.append((path.relative_to(ENGINE).as_posix(), getattr(node.func, "id", getattr(node.func, "attr", None)),
                                     isinstance(keywords.get("autoescape"), ast.Constant) and keywords["autoescape"].value is True))
    assert environments == [("render/templates.py", "Environment", True)]


def test_markup_is_made_from_a_variable_only_where_html_is_already_safe():
    """Markup(x) trusts x. Only what was escaped piece by piece may be trusted: a template's own output, the
    prose writer's (every node kind written with its text escaped), the page writer's headings and blocks
    (made of those, or Markdown escaped by md_escape) and print's condensed comparison (every value escaped
    as it is placed); every other fragment is Markup("literal").format(values), which escapes the values."""
    trusted = set()

    class Finder(ast.NodeVisitor):
        def __init__(self, path: Path):
            self.path, self.function = path.relative_to(ENGINE).as_posix(), "<module>"

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            outer, self.function = self.function, node.name
            self.generic_visit(node)
            self.function = outer

        def visit_Call(self, node: ast.Call) -> None:
            if getattr(node.func, "id", None) == "Markup" and node.args and not isinstance(node.args[0], ast.Constant):
                trusted.add((self.path, self.function))
            self.generic_visit(node)

    for path, tree in _engine_modules():
        Finder(path).visit(tree)
    # json_ld_text: JSON with "<", ">" and "&" as JSON escapes, which nothing in a <script> element decodes
    # (test_citation_meta proves no value closes the element).
    assert sorted(trusted) == [("export/citation_meta.py", "json_ld_text"), ("export/print_document.py", "print_comparisons"),
                               ("render/prose.py", "blocks"), ("render/prose.py", "inline"),
                               ("render/templates.py", "render"), ("render/write.py", "block"), ("render/write.py", "heading")]
