"""Two builds of the same inputs give byte-identical sites; the build date is the commit's."""

from __future__ import annotations

import gzip
import os
import struct
from datetime import datetime, timezone
from pathlib import Path

import pytest

from commentary_build.reproducible import commit_epoch, pin_source_date_epoch
from conftest import ROOT, build_with_mkdocs


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_identical(built_site, tmp_path):
    second = tmp_path / "second"
    build_with_mkdocs(ROOT, second, strict=True)
    first_files, second_files = _files(built_site), _files(second)
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == []


def test_sitemap_is_stamped_with_the_commit_date_not_the_clock(built_site):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        pytest.skip("not a git checkout and SOURCE_DATE_EPOCH unset: the clock is the only date")
    stamp = struct.unpack("<I", (built_site / "sitemap.xml.gz").read_bytes()[4:8])[0]
    day = datetime.fromtimestamp(int(epoch), timezone.utc).date()
    assert datetime.fromtimestamp(stamp, timezone.utc).date() == day
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_source_date_epoch_defaults_to_the_commit_and_respects_the_caller(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    expected = commit_epoch(ROOT)
    if expected is None:
        pytest.skip("not a git checkout")
    assert pin_source_date_epoch(ROOT) == str(expected)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert pin_source_date_epoch(ROOT) == "86400"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert commit_epoch(tmp_path) is None
    assert pin_source_date_epoch(tmp_path) is None
