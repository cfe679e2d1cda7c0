"""What the engine hands to a site generator, escaped or refused in one place: ``handoff``.

The engine's own pages are drawn by autoescaping templates, but a site generator prints some
of the engine's strings itself, outside them: MkDocs and Material put navigation titles, page
titles, front matter values and ``extra`` values into their HTML as they are (their templates
do not autoescape), and they treat a title as HTML: MkDocs makes a page's title from its first
heading's inner HTML, Material's search renders titles as HTML. So every such string leaves
the engine through ``handoff`` with the sink it is meant for:

``"text"``  contributor or engine text a theme prints as HTML (navigation titles, page titles,
            front matter values, ``extra`` values): escaped once, as ``Markup``, so a template that
            prints it raw, and one that escapes it with ``|e`` (a no-op on ``Markup``), both show the
            text exactly ("Costs & benefits: A < B"). Line breaks become spaces; characters no input
            may hold (``model.characters``) become U+FFFD. The one thing a theme must not do is
            ``striptags`` it (Jinja's ``striptags`` unescapes entities, so ``&lt;/title&gt;`` comes
            back as a tag): Material does that only for the ``<title>`` of a page without a front
            matter title, so every generated page gets one (``front_matter``).
``"url"``   an address for an ``href``: http(s), or relative without a scheme; anything else
            (``javascript:``, ``data:``, a control character, a space) is refused. Escaped as text.
``"path"``  a repository path appended to an address (edit and history links): each segment
            percent-encoded (a note's file name can hold '"', '<' or '#'); a path that is absolute
            or climbs out with '..' is refused.
``"page"``  a page's path in the site (``uncc/art-40.md``), which becomes a file and an address:
            refused unless it is lower-case letters, digits, '.', '_' and '-' in '/'-separated segments.
``"html"``  HTML the engine made with ``markupsafe`` (citation tags): passed on only as ``Markup``;
            a plain string is escaped instead, so text can never slip through as markup.
``"plain"`` text for a place the generator's template escapes itself (Zensical prints a front matter
            ``description`` with ``|e``, where Material prints it raw): one line, characters no input may
            hold replaced, not escaped here, so it is escaped exactly once.

Which sink a value needs depends on the generator's templates, not on the value: ``front_matter``
takes them per field (``MKDOCS_FRONT_MATTER`` and ``ZENSICAL_FRONT_MATTER`` say which).

A refusal raises ``Refused``; the adapter reports it and leaves the value out. The inputs are
checked long before (names, ids, characters: ``load/inputs.py``), so a refusal means a bug
or a new input that is not checked yet, never a contributor's ordinary mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import yaml
from markupsafe import Markup, escape

Sink = Literal["text", "url", "path", "page", "html", "plain"]

# Every C0 and C1 control (line breaks are replaced first), lone surrogates and U+FFFE/U+FFFF.
_CONTROL_ANY = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\n\t\u2028\u2029]")
_PAGE = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*")
_SCHEMES = ("http", "https")


class Refused(ValueError):
    """A value that cannot be handed to the site generator in any escaped form."""


def handoff(value: object, sink: Sink) -> Markup | str:
    """``value`` made safe for ``sink`` (see the module's docstring), or ``Refused``."""
    if sink == "html":
        return value if isinstance(value, Markup) else escape(_one_line(str(value)))
    text = str(value)
    if sink == "text":
        return escape(_one_line(text))
    if sink == "plain":
        return _one_line(text)
    if sink == "url":
        return escape(_url(text))
    if sink == "path":
        return _path(text)
    if sink == "page":
        if not _PAGE.fullmatch(text) or ".." in text.split("/"):
            raise Refused(f"page path {text!r} is not lower-case letters, digits, '.', '_' and '-' in '/'-separated parts")
        return text
    raise Refused(f"unknown sink {sink!r}")


def _one_line(text: str) -> str:
    return _CONTROL_ANY.sub("\ufffd", _LINE_BREAKS.sub(" ", text))


def _url(text: str) -> str:
    if _CONTROL_ANY.search(text) or any(character.isspace() for character in text):
        raise Refused(f"address {text!r} holds a space or a control character")
    scheme = urlsplit(text).scheme.lower()
    if scheme and scheme not in _SCHEMES:
        raise Refused(f"address {text!r} is not http(s) or relative")
    if not scheme and ":" in text.split("/", 1)[0]:
        raise Refused(f"address {text!r} has a first segment with ':' (it would be read as a scheme)")
    return text


def _path(text: str) -> str:
    segments = text.split("/")
    if not text or text.startswith("/") or any(segment in ("", ".", "..") for segment in segments[:-1]) or segments[-1] in (".", ".."):
        raise Refused(f"repository path {text!r} is empty, absolute or climbs out with '..'")
    # Everything but letters, digits and "_.-~" is percent-encoded: '"', '<', '#', '?', '%', spaces, controls.
    return "/".join(quote(segment, safe="") for segment in segments)


def nav(entries: list[Any]) -> list[Any]:
    """A navigation tree ({"Title": "page.md"} or {"Section": [...]}, or a bare "page.md") with every
    title handed off as ``"text"`` and every page as ``"page"``."""
    result: list[Any] = []
    for entry in entries:
        if isinstance(entry, Mapping):
            result.append({handoff(title, "text"): nav(value) if isinstance(value, list) else handoff(value, "page") for title, value in entry.items()})
        else:
            result.append(handoff(entry, "page"))
    return result


# How each generator's templates print a front matter value: Material (MkDocs' Jinja, no autoescaping) prints
# title and description raw, so both are escaped here; Zensical prints the title raw and the description
# with |e. The engine's citation HTML (tc_head, tc_body) is printed raw by overrides/main.html in both.
# tc_edit_url (Zensical only, checked as a "url" first) is escaped by overrides/partials/actions.html.
MKDOCS_FRONT_MATTER: dict[str, Sink] = {"title": "text", "description": "text", "tc_head": "html", "tc_body": "html"}
ZENSICAL_FRONT_MATTER: dict[str, Sink] = {**MKDOCS_FRONT_MATTER, "description": "plain", "tc_edit_url": "plain"}


def front_matter(fields: Mapping[str, object], sinks: Mapping[str, Sink] = MKDOCS_FRONT_MATTER) -> str:
    """The YAML front matter of a generated page ("---\\ntitle: …\\n---\\n"), every value handed off to the sink
    ``sinks`` names for its key (``"text"`` for a key it does not name).

    Valid YAML for every Unicode string: PyYAML writes each value double-quoted on one line and
    escapes what YAML cannot hold raw (``json.dumps`` would write a character outside the BMP as
    two surrogate escapes, which YAML refuses, and MkDocs would then show the front matter as text)."""
    data = {str(key): str(handoff(value, sinks.get(str(key), "text"))) for key, value in fields.items()}
    body = yaml.safe_dump(data, allow_unicode=True, default_style='"', width=float("inf"), sort_keys=False)
    return f"---\n{body}---\n"
