"""The engine's layers: a module may import its own layer or a lower one, never a higher one, and no
import cycle exists. Every import counts, including those inside functions and under TYPE_CHECKING.

    cli                      the command line
    pipeline | export        load → check → render for an adapter; PDF and Word
    render                   site pages
    check                    every analysis that finds problems
    load | transform         reading input; pure transformations (redline, compare, citations …)
    model                    data classes, problems, ids

Layers joined by "|" are siblings: neither may import the other. The engine never imports
MkDocs or the adapters under plugins/; the adapters may import any part of the engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "src" / "commentary_build"
PACKAGE = "commentary_build"

LAYERS: list[set[str]] = [{"model"}, {"load", "transform"}, {"check"}, {"render"}, {"pipeline", "export"}, {"cli"}]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
FORBIDDEN_IN_ENGINE = ("mkdocs", "treaty_commentary_mkdocs", "material")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Absolute names of the modules imported by ``tree`` (relative imports resolved), with their lines."""
    found: list[tuple[str, int]] = []
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from . import pages" imports a module, not a name: record the submodule too.
            found.extend((f"{target}.{alias.name}", node.lineno) for alias in node.names)
    return found


def engine_sources(root: Path = ENGINE) -> dict[str, tuple[ast.AST, bool, Path]]:
    return {module_name(path, root): (ast.parse(path.read_text(encoding="utf-8")), path.name == "__init__.py", path) for path in sorted(root.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else None


def violations(sources: dict[str, tuple[ast.AST, bool, Path]]) -> list[str]:
    """Every import that goes up a layer, across siblings, into MkDocs, or round a cycle."""
    problems = []
    edges: dict[str, set[str]] = {name: set() for name in sources}
    for module, (tree, is_package, path) in sources.items():
        here = layer_of(module)
        for target, line in imports_of(tree, module, is_package):
            where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"
            if target.split(".")[0] in FORBIDDEN_IN_ENGINE:
                problems.append(f"{where}: the engine imports {target}")
                continue
            if target in sources and target != module:
                edges[module].add(target)
            there = layer_of(target)
            if here is None or there is None or here == there or here not in RANK or there not in RANK:
                continue
            if RANK[there] >= RANK[here]:
                problems.append(f"{where}: {here} imports {target} ({there} is {'a sibling' if RANK[there] == RANK[here] else 'a higher layer'})")
    problems.extend(f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges))
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(edges.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_engine_module_is_in_a_layer():
    assert {layer_of(m) for m in engine_sources() if layer_of(m)} <= set(RANK)


def test_no_import_goes_up_a_layer_and_there_is_no_cycle():
    assert violations(engine_sources()) == []


def test_a_wrong_import_added_on_purpose_is_caught():
    sources = engine_sources()
    tree, is_package, path = sources["commentary_build.model.location"]
    upward = ast.parse("from ..render.page import SitePage\n")
    sources["commentary_build.model.location"] = (ast.Module(body=[*upward.body, *tree.body], type_ignores=[]), is_package, path)
    found = violations(sources)
    assert any("model imports commentary_build.render.page" in problem for problem in found), found


def test_a_cycle_added_on_purpose_is_caught():
    sources = engine_sources()
    tree, is_package, path = sources["commentary_build.render.page"]
    back = ast.parse("from . import site\n")
    sources["commentary_build.render.page"] = (ast.Module(body=[*back.body, *tree.body], type_ignores=[]), is_package, path)
    found = violations(sources)
    assert any(problem.startswith("import cycle:") and "commentary_build.render.page" in problem for problem in found), found


def test_a_sibling_import_is_caught():
    sources = engine_sources()
    tree, is_package, path = sources["commentary_build.load.texts"]
    sideways = ast.parse("from ..transform import redline\n")
    sources["commentary_build.load.texts"] = (ast.Module(body=[*sideways.body, *tree.body], type_ignores=[]), is_package, path)
    assert any("a sibling" in problem for problem in violations(sources))


def test_the_engine_never_imports_mkdocs():
    sources = engine_sources()
    tree, is_package, path = sources["commentary_build.render.site"]
    sources["commentary_build.render.site"] = (ast.Module(body=[*ast.parse("import mkdocs\n").body, *tree.body], type_ignores=[]), is_package, path)
    assert any("the engine imports mkdocs" in problem for problem in violations(sources))
