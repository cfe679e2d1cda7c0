"""The checks of `make lint` that no Python linter makes: merge-conflict markers anywhere in the tree,
and stylesheets that do not parse.

A conflict line left in a stylesheet is not an error to a browser: it silently drops the rule after it
(commentary.css once lost the light scheme's badge colours to a "=======" line). So every file of the
tree is read for the markers git writes, and every stylesheet is parsed with tinycss2 (the CSS parser
WeasyPrint is built on, already installed) and each selector with cssselect2, as a browser would: an
error names file, line and column, and the exit status is 1.

    python lint/tree.py            # the whole tree (git's files, tracked or not ignored)
    python lint/tree.py FILE...    # only these files
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import cssselect2
import tinycss2
from tinycss2 import ast

ROOT = Path(__file__).resolve().parent.parent
# Folders never published or written by hand: environments, installed packages, builds, caches.
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "site", "build", "dist", ".cache", ".pytest_cache", ".hypothesis", "__pycache__", ".mypy_cache", ".ruff_cache"}

# git's markers: "<<<<<<< ours", "||||||| base" (diff3), "=======", ">>>>>>> theirs", each at the start of a line.
CONFLICT_MARKER = re.compile(rb"^(?:(<{7}|\|{7}|>{7})(?: .*)?|(={7}))\r?$")
# In these a line of seven "=" under a line of text is a heading's underline (Markdown, reStructuredText).
UNDERLINED_HEADINGS = {".md", ".markdown", ".rst", ".txt"}

# At-rules whose block holds rules, whose block holds declarations, and those with no block.
RULE_BLOCK_AT_RULES = {"media", "supports", "container", "layer", "scope", "starting-style", "document"}
DECLARATION_AT_RULES = {"font-face", "page", "property", "counter-style", "font-palette-values", "viewport",
                        "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                        "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
                        "left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom",
                        "footnote"}
KEYFRAMES_AT_RULES = {"keyframes", "-webkit-keyframes"}
BLOCKLESS_AT_RULES = {"import", "charset", "namespace", "layer"}


class Problem(tuple):
    """(path, line, column, message), printed compiler-style."""

    def __new__(cls, path: str, line: int, column: int, message: str):
        return super().__new__(cls, (path, line, column, message))

    def __str__(self) -> str:
        path, line, column, message = self
        return f"{path}:{line}:{column}: {message}"


# ---------------------------------------------------------------------------- files


def tree_files(root: Path) -> list[Path]:
    """Every file git would commit (tracked, or new and not ignored); without git, a walk of the tree."""
    try:
        listing = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return sorted(_walk(root))
    names = {name for name in listing.decode("utf-8", "surrogateescape").split("\0") if name}
    return sorted(path for path in (root / name for name in names)
                  if path.is_file() and not path.is_symlink() and not SKIPPED_DIRS.intersection(path.relative_to(root).parts))


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                yield path


# ---------------------------------------------------------------------------- conflict markers


def conflict_markers(path: Path, shown: str) -> list[Problem]:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return []  # binary (a PDF, an image)
    lines = data.split(b"\n")
    full_set = any(CONFLICT_MARKER.match(line) and not line.startswith(b"=") for line in lines)
    problems = []
    for number, line in enumerate(lines, start=1):
        match = CONFLICT_MARKER.match(line)
        if not match:
            continue
        if match[2] and not full_set and path.suffix.lower() in UNDERLINED_HEADINGS and number > 1 and lines[number - 2].strip():
            continue  # "Title" above "=======": a heading, when no other marker is in the file
        marker = (match[1] or match[2]).decode()
        problems.append(Problem(shown, number, 1, f"merge-conflict marker {marker!r}: resolve the conflict and remove the line"))
    return problems


# ---------------------------------------------------------------------------- stylesheets


def stylesheet_problems(css: str, shown: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(node, message: str) -> None:
        problems.append(Problem(shown, getattr(node, "source_line", 0), getattr(node, "source_column", 0), message))

    # Tokens first: a bad string or URL anywhere, and a block or comment still open at the end of the file.
    tokens = tinycss2.parse_component_value_list(css)
    for error in _parse_errors(tokens):
        report(error, f"CSS does not parse: {error.message}")
    _check_end(css, tokens, report)
    # Then the rules: every selector, every declaration list.
    _check_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), report)
    return sorted(set(problems), key=lambda p: (p[1], p[2]))


def _parse_errors(nodes: Iterable) -> Iterator[ast.ParseError]:
    for node in nodes:
        if isinstance(node, ast.ParseError):
            yield node
        children = getattr(node, "content", None) if not isinstance(node, ast.FunctionBlock) else node.arguments
        if isinstance(children, list):
            yield from _parse_errors(children)


def _check_end(css: str, tokens: list, report) -> None:
    significant = [t for t in tokens if not isinstance(t, ast.WhitespaceToken)]
    if not significant:
        return
    last, end = significant[-1], css.rstrip()
    closing = {"{} block": "}", "() block": ")", "[] block": "]"}.get(last.type)
    if isinstance(last, ast.Comment) and not end.endswith("*/"):
        report(last, "a comment opened here is never closed ('*/' missing)")
    elif isinstance(last, ast.FunctionBlock) and not end.endswith(")"):
        report(last, f"'{last.name}(' opened here is never closed (')' missing)")
    elif closing and not end.endswith(closing):
        report(last, f"a block opened here is never closed ('{closing}' missing)")


def _check_rules(rules: list, report, keyframes: bool = False) -> None:
    for rule in rules:
        if isinstance(rule, ast.ParseError):
            report(rule, f"CSS does not parse: {rule.message}")
        elif isinstance(rule, ast.QualifiedRule):
            if not keyframes:
                _check_selector(rule, report)
            _check_declarations(rule.content, report)
        elif isinstance(rule, ast.AtRule):
            _check_at_rule(rule, report)


def _check_selector(rule: ast.QualifiedRule, report) -> None:
    selector = " ".join(tinycss2.serialize(t for t in rule.prelude if not isinstance(t, ast.Comment)).split())
    if not selector:
        report(rule, "a rule without a selector")
        return
    try:
        cssselect2.compile_selector_list(rule.prelude)
    except cssselect2.SelectorError as error:
        # Browser-specific pseudo-classes and pseudo-elements (::-webkit-scrollbar) are not cssselect2's to know.
        if any(str(arg).startswith("-") or "<IdentToken -" in str(arg) for arg in error.args):
            return
        report(rule, f"selector {selector[:80]!r} is not valid ({_reason(error)}); a browser drops this whole rule")


def _reason(error: Exception) -> str:
    return ", ".join(str(arg) for arg in error.args if isinstance(arg, str)) or str(error)


def _check_declarations(content: list | None, report) -> None:
    for item in tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True):
        if isinstance(item, ast.ParseError):
            report(item, f"CSS does not parse: {item.message}")
        elif isinstance(item, ast.Declaration):
            if not [t for t in item.value if not isinstance(t, ast.WhitespaceToken | ast.Comment)]:
                report(item, f"'{item.name}' has no value")
        elif isinstance(item, ast.QualifiedRule | ast.AtRule):
            # These stylesheets do not nest rules: a rule inside a rule means a '}' is missing above it.
            what = f"@{item.lower_at_keyword}" if isinstance(item, ast.AtRule) else f"rule {tinycss2.serialize(item.prelude).strip()[:60]!r}"
            if isinstance(item, ast.AtRule) and item.lower_at_keyword in DECLARATION_AT_RULES:
                _check_declarations(item.content, report)  # @page's margin boxes: @top-right { … }
                continue
            report(item, f"{what} inside another rule's block: is a '}}' missing before it?")


def _check_at_rule(rule: ast.AtRule, report) -> None:
    name = rule.lower_at_keyword
    if name in RULE_BLOCK_AT_RULES and rule.content is not None:
        _check_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), report)
    elif name in KEYFRAMES_AT_RULES and rule.content is not None:
        _check_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), report, keyframes=True)
    elif name in DECLARATION_AT_RULES:
        _check_declarations(rule.content, report)
    elif name in BLOCKLESS_AT_RULES:
        if rule.content is not None and name != "layer":
            report(rule, f"@{name} takes no block")
    else:
        report(rule, f"unknown at-rule @{rule.at_keyword}: a browser ignores it and everything in it")


# ---------------------------------------------------------------------------- command


def check(paths: Iterable[Path], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        shown = os.path.relpath(path, root) if path.is_absolute() else str(path)
        try:
            problems += conflict_markers(path, shown)
            if path.suffix.lower() == ".css":
                problems += stylesheet_problems(path.read_text(encoding="utf-8"), shown)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(shown, 0, 0, f"cannot be read: {error}"))
    return problems


def main(argv: list[str]) -> int:
    root = Path.cwd()
    paths = [Path(arg).resolve() for arg in argv] if argv else tree_files(root)
    problems = check(paths, root)
    for problem in problems:
        print(problem)
    stylesheets = sum(1 for p in paths if p.suffix.lower() == ".css")
    if problems:
        print(f"lint/tree.py: {len(problems)} problem(s) in {len({p[0] for p in problems})} file(s)", file=sys.stderr)
        return 1
    print(f"lint/tree.py: {len(paths)} files free of conflict markers, {stylesheets} stylesheets parse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
