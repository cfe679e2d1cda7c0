"""The layout cache's key names the fonts installed: a layout made before a font was installed is not reused after."""

from __future__ import annotations

import os
import stat

import pytest

from commentary_build.export import layout


def fake_fc_list(folder, listing: str) -> None:
    script = folder / "fc-list"
    script.write_text(f"#!/bin/sh\nprintf '{listing}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_the_key_changes_with_the_fonts_installed(tmp_path, monkeypatch):
    if os.name != "posix":
        pytest.skip("a shell script stands in for fc-list")
    monkeypatch.setenv("PATH", str(tmp_path))
    fake_fc_list(tmp_path, "/f/a.ttf|A|Regular|1\\n/f/b.ttf|B|Bold|1\\n")
    before = layout.installed_fonts()
    fake_fc_list(tmp_path, "/f/b.ttf|B|Bold|1\\n/f/a.ttf|A|Regular|1\\n")
    assert layout.installed_fonts() == before  # the order fontconfig lists them in does not matter
    fake_fc_list(tmp_path, "/f/a.ttf|A|Regular|1\\n/f/b.ttf|B|Bold|1\\n/f/c.ttf|Liberation Serif|Regular|2\\n")
    assert layout.installed_fonts() != before
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert layout.installed_fonts() == "no fc-list"
