"""The floor the plugin adds to: plain Material building the engine's pages from disk.

The engine renders the project once; its pages' Markdown is written into a docs
folder next to the hand-written docs/ and the plugin's stylesheets, and mkdocs.yml is
copied without the treaty-commentary plugin but with the same navigation, theme,
extensions and assets. Building that folder costs what MkDocs and Material cost for
the same pages; the difference to the plugin build is what the plugin adds.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site

PLUGIN_NAME = "treaty-commentary"
ASSET_DIR = "assets/treaty-commentary"
ASSETS = ("commentary.css", "redline.css", "commentary.js")


def _without_plugin(plugins: list) -> list:
    return [p for p in plugins if p != PLUGIN_NAME and not (isinstance(p, dict) and PLUGIN_NAME in p)]


def write_plain_project(root: Path, target: Path) -> Path:
    """Write a plugin-free copy of the project at ``root`` into ``target``; returns its mkdocs.yml."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    site = build_site(*load_and_check(root), directory_urls=config.get("use_directory_urls", True))
    docs = target / "docs"
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    shutil.copytree(root / "overrides", target / "overrides")
    for page in site.pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    assets = resources.files("commentary_build").joinpath("assets")
    (docs / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (docs / ASSET_DIR / name).write_bytes(assets.joinpath(name).read_bytes())
    config["plugins"] = _without_plugin(config.get("plugins", []))
    config["nav"] = site.nav + list(config.get("nav") or [])
    config["extra_css"] = list(config.get("extra_css", [])) + [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".css")]
    config["extra_javascript"] = list(config.get("extra_javascript", [])) + [f"{ASSET_DIR}/{n}" for n in ASSETS if n.endswith(".js")]
    config_path = target / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path
