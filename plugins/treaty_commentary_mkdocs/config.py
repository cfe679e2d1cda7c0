"""What mkdocs.yml says that the engine needs, read by MkDocs itself, for the plugin and for the command line.

The engine never reads mkdocs.yml (it never imports MkDocs). The plugin hands it these values
from the config MkDocs loaded (``site_config``); `commentary pdf`, `docx` and `export` ask for
the same values through the ``commentary_build.site_config`` entry point, which is
``read_site_config`` below: MkDocs' own loader reads the file, so ``!ENV`` values, ``INHERIT``,
MkDocs' defaults and its validation are the site's exactly, and a command never prints a
title or an address the site would not.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from commentary_build.model.settings import SiteConfig

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "treaty-commentary"


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be used: the message names the file and what is wrong."""


def template_dirs(root: Path, templates: str | None) -> tuple[Path, ...]:
    """The plugin's ``templates`` folder resolved against the project root; an error if it is not there
    (a typo would otherwise change nothing)."""
    if not templates:
        return ()
    folder = (root / templates).resolve()
    if not folder.is_dir():
        raise SiteConfigError(f"treaty-commentary: templates: {folder} is not a folder")
    return (folder,)


def site_config(config: Any, plugin_config: Any, root: Path) -> SiteConfig:
    """The values of a loaded MkDocs config (``MkDocsConfig``) and of this plugin's options that the engine needs."""
    return SiteConfig(
        site_name=config.site_name or None,
        site_url=config.site_url or None,
        repo_url=config.repo_url or None,
        language=str(config.theme.get("language") or "en"),
        directory_urls=bool(config.use_directory_urls),
        template_dirs=template_dirs(root, plugin_config.templates),
        cache_dir=(root / plugin_config.cache_dir).resolve() if plugin_config.cache_dir else None,
        source=str(config.config_file_path or CONFIG_FILE),
        nav=tuple(config.nav or ()),
        theme_dir=Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None,
        edit_file_uri=plugin_config.edit_file_uri,
        new_file_uri=plugin_config.new_file_uri,
    )


def read_site_config(root: Path) -> SiteConfig | None:
    """``root/mkdocs.yml`` loaded by MkDocs, or None when the project has none.

    The entry point's contract: ``SiteConfigError`` (a ``ValueError``) for a file that cannot be
    used, ``ImportError`` when MkDocs is not installed (the command goes on without the file)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        from mkdocs.config import load_config
    except ImportError as error:
        raise ImportError(f"{path} is read by MkDocs, which is not installed (pip install 'treaty-commentary[site]')") from error

    try:
        config = load_config(str(path))
    except Exception as error:  # noqa: BLE001 - whatever MkDocs raises, the command says what and where, without a traceback
        raise SiteConfigError(f"{path}: {error}") from None
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise SiteConfigError(f"{path}: the {PLUGIN_NAME} plugin is not listed under plugins:, so this is not the site's configuration")
    return site_config(config, plugin.config, root.resolve())
