"""Compare two built sites page by page, as a reader's browser would see them.

    python -m bench.compare_sites OLD NEW [--limit N] [--ignore-whitespace]

OLD and NEW are each one of:

- a built site folder (it has an ``index.html``);
- a project folder (it has a ``mkdocs.yml``): built here, HTML only, into a temporary folder;
- ``git:REV`` (e.g. ``git:HEAD~3``, ``git:main``): that revision of this repository, checked out
  into a temporary worktree and built there with its own engine and plugin (HTML only).

Every ``*.html`` page is parsed with lxml and reduced to a canonical list of events: each element
with its tag and its attributes sorted by name, and every run of text, entities decoded. So
attribute order and escaping (``&#34;`` or ``&quot;`` or ``"``, ``&#39;`` or ``'``) never count as
differences, while any change a reader could see or a script could select does: text, an element,
an attribute or its value. Each differing page is listed with whether its text content still
matches and its first differences; other files (search index, sitemap, report) are compared
byte for byte and listed. Exit status 1 when any page differs.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

REPO_ROOT = Path(__file__).resolve().parent.parent

# Builds the project in the current folder into argv[1], without PDFs, with whatever engine
# and plugin the interpreter imports first (PYTHONPATH points a git: build at its worktree).
_BUILD_SCRIPT = """
import os, sys
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=False)
plugin = config.plugins.get("treaty-commentary")
if plugin is not None and "pdf" in plugin.config:
    plugin.config.pdf = False
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


def build_project(project: Path, site_dir: Path, pythonpath: list[Path] | None = None) -> Path:
    """Build the project at ``project`` into ``site_dir`` in a fresh process, HTML only."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([str(p) for p in pythonpath] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    done = subprocess.run([sys.executable, "-c", _BUILD_SCRIPT, str(site_dir)], cwd=project, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"building {project} failed:\n{done.stderr[-3000:]}")
    return site_dir


def resolve_site(spec: str, stack: ExitStack) -> Path:
    """A site folder for ``spec``: as given, built from a project folder, or built from a git revision."""
    if spec.startswith("git:"):
        revision = spec[len("git:"):]
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="compare-sites-")))
        worktree = scratch / "worktree"
        subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", "--quiet", str(worktree), revision], check=True)
        stack.callback(subprocess.run, ["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
        print(f"building {spec} …", file=sys.stderr, flush=True)
        return build_project(worktree, scratch / "site", pythonpath=[worktree / "src", worktree / "plugins"])
    path = Path(spec).resolve()
    if (path / "index.html").is_file():
        return path
    if (path / "mkdocs.yml").is_file():
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="compare-sites-")))
        print(f"building {path} …", file=sys.stderr, flush=True)
        return build_project(path, scratch / "site")
    raise SystemExit(f"{spec}: neither a built site (index.html), a project (mkdocs.yml) nor git:REVISION")


# --------------------------------------------------------------------------- canonical pages


def canonical(path: Path, ignore_whitespace: bool = False) -> list[str]:
    """The page as one line per element and per run of text, in document order."""
    root = lxml.html.parse(str(path)).getroot()
    lines: list[str] = []

    def text(kind: str, value: str | None) -> None:
        if value is None:
            return
        if ignore_whitespace:
            value = " ".join(value.split())
        if value:
            lines.append(f"{kind} {value!r}")

    def walk(element, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else f"<{type(element).__name__}>"
        if isinstance(element.tag, str):
            attributes = " ".join(f"{name}={value!r}" for name, value in sorted(element.attrib.items()))
            lines.append(f"{'  ' * depth}<{tag}{' ' + attributes if attributes else ''}>")
        else:  # comments and processing instructions: their content only
            lines.append(f"{'  ' * depth}{tag} {element.text!r}")
        if isinstance(element.tag, str):
            text(f"{'  ' * depth} text", element.text)
        for child in element:
            walk(child, depth + 1)
        text(f"{'  ' * depth} tail", element.tail)

    walk(root, 0)
    return lines


def text_content(path: Path) -> str:
    return lxml.html.parse(str(path)).getroot().text_content()


# --------------------------------------------------------------------------- comparison


@dataclass
class Comparison:
    pages: int = 0
    same_bytes: int = 0
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    differing: dict[str, tuple[bool, list[str]]] = field(default_factory=dict)  # page -> (text content equal, first differences)
    other_files_differing: list[str] = field(default_factory=list)
    other_only_old: list[str] = field(default_factory=list)
    other_only_new: list[str] = field(default_factory=list)


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def compare(old: Path, new: Path, limit: int = 12, ignore_whitespace: bool = False) -> Comparison:
    result = Comparison()
    old_files, new_files = _files(old), _files(new)
    for name in sorted(set(old_files) | set(new_files)):
        is_page = name.endswith(".html")
        if name not in new_files:
            (result.only_old if is_page else result.other_only_old).append(name)
            continue
        if name not in old_files:
            (result.only_new if is_page else result.other_only_new).append(name)
            continue
        same = old_files[name].read_bytes() == new_files[name].read_bytes()
        if not is_page:
            if not same:
                result.other_files_differing.append(name)
            continue
        result.pages += 1
        if same:
            result.same_bytes += 1
            continue
        before, after = canonical(old_files[name], ignore_whitespace), canonical(new_files[name], ignore_whitespace)
        if before == after:
            continue
        diff = [line for line in difflib.unified_diff(before, after, "old", "new", n=1, lineterm="") if not line.startswith(("---", "+++"))]
        result.differing[name] = (text_content(old_files[name]) == text_content(new_files[name]), diff[:limit])
    return result


def report(result: Comparison, out=sys.stdout) -> None:
    equal = result.pages - len(result.differing)
    print(f"{result.pages} pages in both sites: {result.same_bytes} byte-identical, {equal - result.same_bytes} equal once parsed "
          f"(attribute order, escaping), {len(result.differing)} differing.", file=out)
    for label, names in (("only in OLD", result.only_old), ("only in NEW", result.only_new)):
        if names:
            print(f"Pages {label}: {', '.join(names)}", file=out)
    for name, (same_text, diff) in result.differing.items():
        print(f"\n== {name} ({'same text content' if same_text else 'TEXT CONTENT DIFFERS'})", file=out)
        for line in diff:
            print(f"   {line[:300]}", file=out)
    others = [("differ", result.other_files_differing), ("only in OLD", result.other_only_old), ("only in NEW", result.other_only_new)]
    for label, names in others:
        if names:
            print(f"\nOther files that {label} (compared byte for byte): {', '.join(names)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_sites", description=__doc__.splitlines()[0])
    parser.add_argument("old", help="site folder, project folder (mkdocs.yml) or git:REVISION")
    parser.add_argument("new", help="site folder, project folder (mkdocs.yml) or git:REVISION")
    parser.add_argument("--limit", type=int, default=12, help="differences shown per page (default 12)")
    parser.add_argument("--ignore-whitespace", action="store_true", help="collapse runs of whitespace in text before comparing")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        old = resolve_site(args.old, stack)
        new = resolve_site(args.new, stack)
        result = compare(old, new, args.limit, args.ignore_whitespace)
    report(result)
    return 1 if result.differing or result.only_old or result.only_new else 0


if __name__ == "__main__":
    sys.exit(main())
