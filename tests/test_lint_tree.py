"""`make lint` beyond Python: merge-conflict markers anywhere in the tree, stylesheets that do not parse
(lint/tree.py), and ESLint on the site's scripts. The markers are written here as "=" * 7 and so on, so
that this file carries none."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "lint" / "tree.py"
ASSETS = ROOT / "src" / "commentary_build" / "assets"
ESLINT = ROOT / "lint" / "node_modules" / ".bin" / "eslint"
OURS, BASE, SPLIT, THEIRS = "<" * 7, "|" * 7, "=" * 7, ">" * 7


def lint(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TREE), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_shipped_tree_passes():
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stylesheets parse" in result.stdout


def test_the_conflict_line_that_dropped_the_badge_colours_is_caught(tmp_path):
    # The regression of issue 22: a lone "=======" before ":root { --tc-text-1: … }" made the browser drop the rule.
    css = (ASSETS / "commentary.css").read_text(encoding="utf-8")
    at = css.index(":root {\n  --tc-text-1")
    broken = tmp_path / "commentary.css"
    broken.write_text(css[:at] + SPLIT + "\n" + css[at:], encoding="utf-8")
    line = css[:at].count("\n") + 1
    result = lint(broken.name, cwd=tmp_path)
    assert result.returncode == 1
    assert f"commentary.css:{line}:1: merge-conflict marker '{SPLIT}'" in result.stdout
    assert f"commentary.css:{line}:1: selector '{SPLIT} :root' is not valid" in result.stdout


@pytest.mark.parametrize("name, text, expected", [
    ("a.py", f"x = 1\n{OURS} HEAD\ny = 2\n{SPLIT}\ny = 3\n{THEIRS} branch\n", ["a.py:2:1", "a.py:4:1", "a.py:6:1"]),
    ("b.yml", f"a: 1\n{BASE} merged common ancestors\n", ["b.yml:2:1"]),
    ("c.html", f"<p>\n{SPLIT}\n</p>\n", ["c.html:2:1"]),
    # Markdown with a conflict: the "=======" counts, although it could underline a heading.
    ("d.md", f"{OURS} HEAD\nTitle\n{SPLIT}\nOther\n{THEIRS} b\n", ["d.md:1:1", "d.md:3:1", "d.md:5:1"]),
    ("e.txt", f"a\r\n{THEIRS}\r\n", ["e.txt:2:1"]),
])
def test_conflict_markers_are_found_in_any_file(tmp_path, name, text, expected):
    (tmp_path / name).write_bytes(text.encode())
    result = lint(name, cwd=tmp_path)
    assert result.returncode == 1
    for place in expected:
        assert place in result.stdout, result.stdout
    assert result.stdout.count("merge-conflict marker") == len(expected)


@pytest.mark.parametrize("name, content", [
    ("heading.md", f"Title\n{SPLIT}\n\nText.\n"),  # a setext heading, no other marker in the file
    ("longer.py", "# " + "=" * 8 + "\nx = '" + OURS + "'\n"),  # not at the start of a line, or not seven
    ("picture.png", b"\x89PNG\r\n\x1a\n\0\0" + f"\n{SPLIT}\n".encode()),  # binary
])
def test_what_only_looks_like_a_marker_passes(tmp_path, name, content):
    (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    assert lint(name, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("css, expected", [
    (".a { color: red; }\n.b { color: blue;\n.c { color: green }\n", "3:1: rule '.c' inside another rule's block: is a '}' missing before it?"),
    (".a { color: red }\n.d { width: calc(1px + 2px }\n", "2:28: CSS does not parse: Unmatched }"),
    ("/* a */ .a {}\n/* never closed\n.b {}\n", "2:1: a comment opened here is never closed"),
    (".a { color: red", "1:4: a block opened here is never closed ('}' missing)"),
    (".a:hovr { color: red }\n", "1:1: selector '.a:hovr' is not valid"),
    (".a > > .b { color: red }\n", "1:1: selector '.a > > .b' is not valid"),
    ("@meida screen { .a { color: red } }\n", "1:1: unknown at-rule @meida"),
    ("@media screen { .a { color: } }\n", "1:22: 'color' has no value"),
    ("@media print { ]z { color: red } }\n", "CSS does not parse: Unmatched ]"),
    (".q { content: \"abc\n}\n", "1:15: CSS does not parse: Bad string token"),
    (".a { color red }\n", "CSS does not parse"),
])
def test_stylesheets_that_do_not_parse_fail(tmp_path, css, expected):
    (tmp_path / "x.css").write_text(css, encoding="utf-8")
    result = lint("x.css", cwd=tmp_path)
    assert result.returncode == 1
    assert f"x.css:{expected}" in result.stdout or expected in result.stdout, result.stdout


def test_what_the_stylesheets_rightly_use_passes(tmp_path):
    css = """
@media screen and (max-width: 44.9375em) { .a::before { content: attr(data-label); } }
@container tc-compare (min-width: 34rem) { .b { display: grid; } }
@supports (display: grid) { .c { display: grid } }
@page { size: A4; @top-right { content: counter(page); } }
@keyframes fade { from { opacity: 0 } 50% { opacity: 0.5 } to { opacity: 1 } }
.md-typeset h1:has(> .tc-page-title) > .headerlink, body:has(a:focus-visible) .x, :is(p, li) a:not(.y) { color: red; }
.d::-webkit-scrollbar { display: none; }
.e { content: "[\\2212  "; }
"""
    (tmp_path / "ok.css").write_text(css, encoding="utf-8")
    result = lint("ok.css", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_the_whole_tree_is_git_s_files_tracked_or_new(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run = lambda *args: subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "x.css").write_text(f"{SPLIT}\n")
    (tmp_path / "tracked.css").write_text(".a { color: red }\n")
    run("add", ".")
    (tmp_path / "new.js").write_text(f"{OURS} HEAD\n")  # not yet added: a file git would commit
    result = lint(cwd=tmp_path)
    assert result.returncode == 1
    assert "new.js:1:1" in result.stdout and "ignored" not in result.stdout


@pytest.mark.skipif(not ESLINT.exists(), reason="ESLint is not installed (make lint installs it with npm ci --prefix lint)")
def test_eslint_fails_on_a_broken_script(tmp_path):
    script = (ASSETS / "commentary.js").read_text(encoding="utf-8")
    (tmp_path / "commentary.js").write_text(script.replace('var HINT_ID = "tc-number-keys";', 'HINT_ID = "tc-number-keys";', 1), encoding="utf-8")
    result = subprocess.run([str(ESLINT), "--config", str(ROOT / "lint" / "eslint.config.mjs"), "commentary.js"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "no-implicit-globals" in result.stdout or "no-undef" in result.stdout, result.stdout
    clean = subprocess.run([str(ESLINT), "--config", str(ROOT / "lint" / "eslint.config.mjs"), str(ASSETS)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0, clean.stdout
