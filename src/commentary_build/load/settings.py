"""The build's one ``Settings`` object, made once in the load stage.

Its inputs: the edition (``commentary/edition.yml``), what the site generator's
configuration says (``SiteConfig``, passed in by the adapter: the engine never reads
mkdocs.yml) and the build's one reading of git. See ``model.settings`` for what each
field means and how the version is shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..model.edition import Edition
from ..model.gitlog import GitLog
from ..model.settings import DEFAULT_TITLE, Settings, SiteConfig, normal_site_url
from .revision import revision_from


def read_settings(edition: Edition, site: SiteConfig, log: GitLog, environ: Mapping[str, str] = os.environ) -> Settings:
    """The title is the edition's when commentary/edition.yml exists (the MkDocs plugin warns when
    site_name differs), else the configuration's site_name."""
    title = edition.title if edition.location.path else (site.site_name or "").strip() or DEFAULT_TITLE
    return Settings(
        title=title,
        site_url=normal_site_url(site.site_url),
        repo_url=(site.repo_url or "").strip() or None,
        language=(site.language or "").strip() or "en",
        directory_urls=site.directory_urls,
        template_dirs=site.template_dirs,
        revision=revision_from(log, environ),
    )
