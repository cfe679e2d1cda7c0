"""The cache of parsed and validated inputs (load/parsed.py) never changes what is published.

Each test builds the project with a cache folder of its own, damages or forges what is in it (or
builds twice at once), and compares every page with a build that used no cache at all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commentary_build.load import parsed
from commentary_build.load.cache import pack_entry, unpack_entry
from commentary_build.load.inputs import MAX_DATA_NODES
from commentary_build.model import problems as d
from commentary_build.pipeline import PreviewCache

THEMES = "commentary/themes.yml"


def _pages(root: Path) -> dict[str, str]:
    parsed.MEMORY.clear()  # what the process remembers would hide what the folder holds
    site = PreviewCache(root).build()
    return {page.src_uri: page.markdown for page in site.pages}


@pytest.fixture
def cached(project_copy, tmp_path_factory, monkeypatch):
    """(project, its inputs folder, the pages of a build without cache), the folder filled by one build."""
    folder = tmp_path_factory.mktemp("cache")  # outside the project (``project_copy`` is the test's own folder)
    monkeypatch.setenv("TREATY_COMMENTARY_CACHE", str(folder))
    monkeypatch.setattr("commentary_build.load.project.input_folder", lambda cache_root, root: None)
    truth = _pages(project_copy)
    monkeypatch.undo()
    monkeypatch.setenv("TREATY_COMMENTARY_CACHE", str(folder))
    assert _pages(project_copy) == truth
    inputs = folder / parsed.FOLDER_NAME
    assert len([p for p in inputs.iterdir() if parsed._ENTRY_NAME.fullmatch(p.name)]) > 50
    return project_copy, inputs, truth


def _entry_of(inputs: Path, text: str) -> Path:
    """The entry file of the parse of ``text`` (a data file is parsed whole, from line 1)."""
    for path in inputs.iterdir():
        if parsed._ENTRY_NAME.fullmatch(path.name) and path.name == parsed.parse_key(text, 0, MAX_DATA_NODES):
            return path
    raise AssertionError("no entry for that text")


def test_garbled_cut_or_swapped_entries_read_as_misses_and_are_made_again(cached):
    root, inputs, truth = cached
    entries = sorted(p for p in inputs.iterdir() if parsed._ENTRY_NAME.fullmatch(p.name))
    first, second, third, fourth = entries[:4]
    first.write_bytes(b"\x00garbage\xff" * 10)
    second.write_bytes(second.read_bytes()[:-7])  # cut short
    data = bytearray(third.read_bytes())
    data[-3] ^= 0x01  # one bit of the parse flipped
    third.write_bytes(bytes(data))
    fourth.write_bytes(entries[5].read_bytes())  # another key's entry under this name
    verdicts = next(inputs.glob("valid-*"))
    verdicts.write_bytes(verdicts.read_bytes()[:100])
    assert _pages(root) == truth
    for path in (first, second, third, fourth):  # made again, whole
        assert unpack_entry(path.read_bytes(), path.name) is not None


def test_an_entry_of_another_engine_version_is_never_used(cached, monkeypatch):
    root, inputs, truth = cached
    themes_text = (root / THEMES).read_text(encoding="utf-8")
    entry = _entry_of(inputs, themes_text)
    _meta, parts = unpack_entry(entry.read_bytes(), entry.name)
    forged = parts[0].replace(b"Dual criminality", b"Forged criminality")
    assert forged != parts[0]
    # Made by another version: keyed with that version, so this version looks under another name ...
    monkeypatch.setattr(parsed, "parser_version", lambda: "0.0.1+someoneelse-pyyaml-libyaml")
    other_key = parsed.parse_key(themes_text, 0, MAX_DATA_NODES)
    monkeypatch.undo()
    (inputs / other_key).write_bytes(pack_entry(other_key, {"kind": "parse"}, [forged]))
    # ... and the same entry filed under this version's name still names the other key inside.
    entry.write_bytes(pack_entry(other_key, {"kind": "parse"}, [forged]))
    monkeypatch.setenv("TREATY_COMMENTARY_CACHE", str(inputs.parent))
    pages = _pages(root)
    assert pages == truth
    assert not any("Forged criminality" in markdown for markdown in pages.values())


def test_a_folder_others_can_write_is_not_read(cached, monkeypatch):
    if not hasattr(os, "getuid"):
        pytest.skip("no POSIX file owners here")
    root, inputs, truth = cached
    themes_text = (root / THEMES).read_text(encoding="utf-8")
    entry = _entry_of(inputs, themes_text)
    _meta, parts = unpack_entry(entry.read_bytes(), entry.name)
    # A well-formed entry whose digests match: only where it is decides whether it is trusted.
    entry.write_bytes(pack_entry(entry.name, {"kind": "parse"}, [parts[0].replace(b"Dual criminality", b"Forged criminality")]))
    inputs.chmod(0o777)
    parsed.MEMORY.clear()
    cache = PreviewCache(root)
    site = cache.build()
    assert {page.src_uri: page.markdown for page in site.pages} == truth
    warnings = [p for p in cache.project.report.problems if p.code == d.CACHE_NOT_PRIVATE]
    assert len(warnings) == 1 and "can be written by other users" in warnings[0].message
    assert cache.project.inputs_reused == (0, 0)
    assert d.CODES[d.CACHE_NOT_PRIVATE].scope == "environment"  # about the machine: never fails a strict build
    inputs.chmod(0o700)


def test_a_cache_folder_inside_the_project_is_never_used(project_copy, monkeypatch):
    inside = project_copy / ".cache" / "treaty-commentary"
    monkeypatch.setenv("TREATY_COMMENTARY_CACHE", str(inside))
    parsed.MEMORY.clear()
    PreviewCache(project_copy).build()
    assert not (inside / parsed.FOLDER_NAME).exists()


_BUILD = """
import hashlib, sys
from pathlib import Path
from commentary_build.pipeline import PreviewCache
site = PreviewCache(Path(sys.argv[1])).build()
digest = hashlib.sha256()
for page in sorted(site.pages, key=lambda page: page.src_uri):
    digest.update(page.src_uri.encode() + b"\\0" + page.markdown.encode() + b"\\0")
print(digest.hexdigest())
"""


def test_concurrent_builds_sharing_a_cold_folder_publish_the_same(project_copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-cache")
    env = dict(os.environ, TREATY_COMMENTARY_CACHE=str(folder))
    builds = [subprocess.Popen([sys.executable, "-c", _BUILD, str(project_copy)], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    results = [build.communicate(timeout=600)[0].strip() for build in builds]
    assert all(build.returncode == 0 for build in builds)
    parsed.MEMORY.clear()
    site = PreviewCache(project_copy).build()  # warm: reads what the two wrote side by side
    digest = hashlib.sha256()
    for page in sorted(site.pages, key=lambda page: page.src_uri):
        digest.update(page.src_uri.encode() + b"\0" + page.markdown.encode() + b"\0")
    assert results == [digest.hexdigest()] * 2
    no_cache = subprocess.run([sys.executable, "-c", _BUILD, str(project_copy)], env=dict(env, TREATY_COMMENTARY_CACHE=str(project_copy)),
                              stdout=subprocess.PIPE, text=True, check=True, timeout=600)
    assert no_cache.stdout.strip() == digest.hexdigest()  # a cache folder inside the project: none used
    assert not list(folder.rglob(".*.tmp"))  # no half-written entry left
