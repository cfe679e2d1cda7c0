"""What a command that writes an output loads: the project, read with the site's own configuration, its date pinned.

`commentary pdf`, `docx` and `export` must say what the site says for the same commit: the
same title, address and version. The engine never reads the site generator's configuration
(mkdocs.yml), so it asks the installed adapter to: an adapter registers a reader under the
``commentary_build.site_config`` entry point (the MkDocs plugin's is
``treaty_commentary_mkdocs.config:read_site_config``), which returns a ``SiteConfig``, or
None when the project has no configuration of its kind. An entry point rather than an
import, because the engine may not import an adapter (the layer contract, tests/test_layers.py):
adapters depend on the engine, never the reverse. The date is then pinned as the plugin
pins it, so a PDF made today says the commit's date, as the site's PDF of that commit does.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path

from ..check import Analysis
from ..load.revision import pin_source_date_epoch
from ..model import Project
from ..model.settings import SiteConfig
from ..pipeline import load_and_check

ENTRY_POINT_GROUP = "commentary_build.site_config"


class ConfigUnusable(Exception):
    """The site's configuration exists but cannot be used; the message says where and why."""


def site_config(root: Path, warn=lambda message: print(message, file=sys.stderr)) -> SiteConfig:
    """The site's configuration as the first adapter that finds one reads it; defaults when none does."""
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            config = entry.load()(root)
        except ImportError as error:
            warn(f"note: {error}; going on without it (the title comes from commentary/edition.yml, links out of the document become text)")
            continue
        except Exception as error:  # noqa: BLE001 - an adapter's failure is a message, never a traceback
            raise ConfigUnusable(str(error)) from None
        if config is not None:
            return config
    return SiteConfig()


def load_for_output(root: Path, command: str) -> tuple[Project, Analysis] | None:
    """The loaded and checked project, or None after saying why the configuration cannot be used."""
    try:
        config = site_config(root, warn=lambda message: print(f"{command}: {message}", file=sys.stderr))
    except ConfigUnusable as error:
        print(f"{command}: error: {error} (the site's build fails on it too)", file=sys.stderr)
        return None
    project, analysis = load_and_check(root, site=config)
    pin_source_date_epoch(project.settings.revision)
    return project, analysis
