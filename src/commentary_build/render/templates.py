"""The Jinja2 templates that draw every page element, and the environment a build renders them with.

Every piece of HTML the site shows comes from a template under ``commentary_build/templates/``,
named after what it draws (``note.html``, ``article/header.html``, ``comparison/row.html``…).
A project may override any of them: a folder given as ``template_dirs`` (the MkDocs plugin's
``templates`` option) is searched first, so a file ``article/header.html`` there replaces the
package's article header and every other element stays as shipped.

Escaping. Autoescaping is on for every template, whatever its name, so a value is HTML-escaped
unless it is already ``markupsafe.Markup``. Markup comes from three places only: other
templates, small engine-made fragments built with ``Markup.format`` (links in treaty text,
footnote markers, OSCOLA italics), and contributor Markdown as the prose writer
(``render.prose``) writes it from the document tree, whose node kinds hold no raw HTML and
whose text it escapes. Contributor text is never marked safe anywhere else. ``StrictUndefined``
turns a misspelt variable into an error instead of an empty string.

Media. The same templates draw a page on the site and in print: ``medium`` is "site", "print"
or "word" (Word only reads a page template's order of sections)
(``render.write``), and a template leaves out on paper what only a screen needs (tabs, markers,
hidden prefixes) by testing it; ``anchor(id)`` gives the id an element gets in the medium (in
print, ids that are unique only on their page are made unique in the document). Page templates
(``page/*.html``) list a page's sections as blocks, which a project may reorder or add to.

Layout. A line break between two tags in a template is not part of the output (the source
is laid out for reading; the page must stay byte for byte what the engine always produced,
and treaty text must strip back to the exact wording). A line break next to words is kept,
so write the spaces a sentence needs on one line. Blocks (``{% if %}``) also trim the line
break after them (``trim_blocks``, ``lstrip_blocks``).

Cost. An environment is made once per process for each set of override folders (and again
when a file in them changes, for `serve`), so each template is compiled once; a build keeps
its templates in a dict, so looking one up costs a dict access.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, Template
from jinja2.ext import Extension
from markupsafe import Markup

PACKAGE = "commentary_build"
PACKAGE_FOLDER = "templates"

# A line break (and the indentation around it) between a tag's ">" or a Jinja tag's "}" and the next "<" or "{".
_BREAK_BETWEEN_TAGS = re.compile(r"(?<=[>}])[ \t]*\n\s*(?=[<{])")
# Left as written: comments, and {% raw %} blocks.
_UNTOUCHED = re.compile(r"\{#.*?#\}|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)


class _JoinLines(Extension):
    """Drops the line breaks between tags of a template's source (see "Layout" above).

    Each break becomes an empty Jinja comment holding the same newlines, so the output loses
    them while error messages still give the line of the template file.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        untouched = [match.span() for match in _UNTOUCHED.finditer(source)]

        def join(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in untouched):
                return match.group()
            return "{#" + "\n" * match.group().count("\n") + "#}"

        return _BREAK_BETWEEN_TAGS.sub(join, source)


class TemplateFolderError(ValueError):
    """An override folder that does not exist (a typo in mkdocs.yml should not silently do nothing)."""


def package_templates() -> list[str]:
    """The names of the shipped templates ("note.html", "article/header.html", …), sorted."""
    return sorted(_environment((), ()).list_templates())


class Templates:
    """The templates of one build: the package's, after those in ``override_dirs`` (first folder wins)."""

    def __init__(self, override_dirs: Iterable[str | os.PathLike[str]] = ()):
        folders = tuple(str(Path(folder).resolve()) for folder in override_dirs)
        for folder in folders:
            if not Path(folder).is_dir():
                raise TemplateFolderError(f"template folder {folder} does not exist")
        self.override_dirs = folders
        self.environment = _environment(folders, _fingerprint(folders))
        # name -> (template, its globals as a plain dict)
        self._loaded: dict[str, tuple[Template, dict[str, Any]]] = {}

    def get(self, name: str) -> Template:
        return self._load(name)[0]

    def _load(self, name: str) -> tuple[Template, dict[str, Any]]:
        loaded = self._loaded.get(name)
        if loaded is None:
            template = self.environment.get_template(name)
            loaded = self._loaded[name] = (template, dict(template.globals))
        return loaded

    def render(self, name: str, /, **values: Any) -> Markup:
        """The HTML ``name`` draws with ``values``; strings among them are escaped, Markup is not."""
        template, template_globals = self._load(name)
        # What Template.render does, less its merge of the globals (a ChainMap, walked on every
        # call): a page renders thousands of small templates, and that merge was a third of each.
        context = template.new_context({**template_globals, **values}, shared=True)
        try:
            return Markup("".join(template.root_render_func(context)))
        except Exception:
            self.environment.handle_exception()
            raise

    def overridden(self) -> list[str]:
        """The package templates that a file in an override folder replaces (for the build log)."""
        shipped = set(package_templates())
        found = set()
        for folder in self.override_dirs:
            for directory, _subdirs, names in os.walk(folder):
                for file_name in names:
                    name = Path(directory, file_name).relative_to(folder).as_posix()
                    if name in shipped:
                        found.add(name)
        return sorted(found)


@functools.lru_cache(maxsize=1)
def default_templates() -> Templates:
    """The shipped templates alone (tests, exports, and any caller that configures no override)."""
    return Templates()


def _fingerprint(folders: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Every file under the override folders with its size and modification time: a new environment when one changes."""
    entries = []
    for folder in folders:
        for directory, _subdirs, names in os.walk(folder):
            for file_name in names:
                path = os.path.join(directory, file_name)
                stat = os.stat(path)
                entries.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[str, ...], fingerprint: tuple[tuple[str, int, int], ...]) -> Environment:
    # ``fingerprint`` is only part of the cache key.
    loaders: list[BaseLoader] = [FileSystemLoader(folder) for folder in folders]
    loaders.append(PackageLoader(PACKAGE, PACKAGE_FOLDER))
    environment = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates change only with the files the fingerprint covers: no stat per lookup.
        auto_reload=False,
        extensions=[_JoinLines],
    )
    # What every template may test, whoever renders it: the medium ("site", or "print" when
    # export.print_document writes a page), and the id an anchor gets there (unique in a document in print).
    environment.globals.update(medium="site", anchor=_same)
    return environment


def _same(anchor: str) -> str:
    return anchor
