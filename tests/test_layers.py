"""The engine's layers, as import-linter checks them (`[tool.importlinter]` in pyproject.toml, run by `make lint`):
a module may import its own layer or a lower one, never a higher one, and no import cycle exists.

    cli                      the command line
    pipeline | export        load → check → render for an adapter; PDF, Word and the open data
    render                   site pages (and the page templates print shares)
    document                 one tree per page, built from the checked project, that every output writes from
    check                    every analysis that finds problems
    load | transform         reading input; pure transformations (redline, compare, citations …)
    model                    data classes, problems, ids

Layers joined by "|" are siblings: neither may import the other. The engine never imports
MkDocs or the adapters under plugins/; the adapters may import any part of the engine.

These tests prove the contracts catch what they are for: each adds one wrong import to a copy
of the engine (at the top of a module, inside a function, under TYPE_CHECKING) and runs
import-linter on the copy, which must fail naming it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "src" / "commentary_build"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

LAYERS = "A lower layer never imports a higher one"
NO_MKDOCS = "The engine never imports MkDocs"
NO_CYCLES = "No import cycle"


def lint_imports(engine_parent: Path | None = None) -> subprocess.CompletedProcess[str]:
    """import-linter with the project's contracts, on the engine under ``engine_parent`` (default: the real one)."""
    env = dict(os.environ)
    if engine_parent is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(engine_parent), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def broken(engine_parent: Path) -> str:
    done = lint_imports(engine_parent)
    assert done.returncode == 1, done.stdout + done.stderr
    return " ".join(done.stdout.split())


@pytest.fixture
def engine_copy(tmp_path) -> Path:
    shutil.copytree(ENGINE, tmp_path / "commentary_build", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def add(engine_parent: Path, module: str, code: str) -> None:
    """Append ``code`` to the module's file (a new file when there is none)."""
    path = engine_parent / "commentary_build" / module
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + "\n" + code, encoding="utf-8")


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed (requirements.txt)")
class TestContracts:
    def test_the_engine_keeps_its_contracts(self):
        done = lint_imports()
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3 kept, 0 broken" in done.stdout

    def test_a_wrong_import_added_on_purpose_is_caught(self, engine_copy):
        add(engine_copy, "model/location.py", "from ..render.page import SitePage\n")
        found = broken(engine_copy)
        assert f"{LAYERS}" in found and "BROKEN" in found
        assert "commentary_build.model.location -> commentary_build.render.page" in found

    def test_an_import_inside_a_function_counts(self, engine_copy):
        add(engine_copy, "model/ids.py", "def _late():\n    from ..export import pdf\n    return pdf\n")
        assert "commentary_build.model.ids -> commentary_build.export" in broken(engine_copy)

    def test_an_import_under_type_checking_counts(self, engine_copy):
        add(engine_copy, "transform/markdown.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..check import Analysis\n")
        assert "commentary_build.transform.markdown -> commentary_build.check" in broken(engine_copy)

    def test_a_sibling_import_is_caught(self, engine_copy):
        add(engine_copy, "load/texts.py", "from ..transform import redline\n")
        assert "commentary_build.load.texts -> commentary_build.transform.redline" in broken(engine_copy)

    def test_a_cycle_added_on_purpose_is_caught(self, engine_copy):
        add(engine_copy, "render/page.py", "from . import site\n")
        found = broken(engine_copy)
        assert f"{NO_CYCLES}" in found and "BROKEN" in found and "commentary_build.render" in found and ".page -> .site" in found

    def test_the_engine_never_imports_mkdocs(self, engine_copy):
        add(engine_copy, "render/site.py", "import mkdocs\n")
        found = broken(engine_copy)
        assert f"{NO_MKDOCS}" in found and "commentary_build.render.site -> mkdocs" in found

    def test_a_module_outside_every_layer_is_caught(self, engine_copy):
        add(engine_copy, "stray.py", "VALUE = 1\n")
        assert "commentary_build.stray" in broken(engine_copy)
