"""The settings of one edition's build: its title, addresses, language and the revision it is made from.

One ``Settings`` object per build, made once by ``load.settings.read_settings`` (from the
edition, what the site generator's configuration says, and one reading of git) and kept
as ``Project.settings``. Every output takes the title, the site's address and the version
from it, so the site, the PDFs, Word, the JSON, Akoma Ntoso and the feeds of one commit say
the same thing, whoever builds them and whenever.

How a version is shown, everywhere (``Revision.version_line``):

    Version of 1 December 2026 (commit 3f2a9c1d4e5b)
    Version of 1 December 2026 (commit 3f2a9c1d4e5b, with uncommitted changes)
    Version of 7 December 2026 (not built from a git commit)

The date is the day (UTC) of the commit's committer time, or of ``SOURCE_DATE_EPOCH`` when
the caller set it, and only outside git of the clock; the commit is its first 12 hex digits
(``git rev-parse --short`` would give a length that depends on the size of the repository,
so two clones could print two lengths). ``version_label`` is the same line without the commit,
for a reader-facing place that keeps the commit in metadata (a PDF cover).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
SHORT_COMMIT = 12
DEFAULT_TITLE = "Treaty commentary"


def long_date(day: _dt.date | None) -> str:
    """OSCOLA's date: "1 December 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


@dataclass(frozen=True)
class Revision:
    """The commit a build is made from and the date it carries."""

    commit: str | None = None  # full hash of HEAD; None outside git
    # The build's date: SOURCE_DATE_EPOCH when the caller set it, else the commit's committer time
    # (UTC); None outside git without SOURCE_DATE_EPOCH (then ``day`` is the clock's).
    date: _dt.datetime | None = None
    dirty: bool = False  # content/ or commentary/ differ from the commit (edited, added or deleted files)
    day: _dt.date = field(default_factory=lambda: _dt.datetime.now(_dt.UTC).date())  # the date printed
    # Why the date is not the one given (a commit dated after 2099, a malformed SOURCE_DATE_EPOCH), and where
    # that date came from ("HEAD" or "SOURCE_DATE_EPOCH"): the check stage warns about it (W073).
    date_problem: str | None = field(default=None, compare=False)
    date_source: str = field(default="HEAD", compare=False)

    @property
    def short(self) -> str | None:
        """The commit as printed: its first 12 hex digits."""
        return self.commit[:SHORT_COMMIT] if self.commit else None

    @property
    def epoch(self) -> int | None:
        """The date as seconds since the epoch (what SOURCE_DATE_EPOCH is pinned to), None when unknown."""
        return int(self.date.timestamp()) if self.date is not None else None

    @property
    def version_label(self) -> str:
        """ "Version of 1 December 2026": the reader's words, without the commit."""
        return f"Version of {long_date(self.day)}"

    @property
    def version_line(self) -> str:
        """ "Version of 1 December 2026 (commit 3f2a9c1d4e5b)": one line that traces any output to its source."""
        if self.commit is None:
            return f"{self.version_label} (not built from a git commit)"
        dirty = ", with uncommitted changes" if self.dirty else ""
        return f"{self.version_label} (commit {self.short}{dirty})"

    def as_dict(self) -> dict[str, object]:
        """The revision block of every JSON file."""
        return {"commit": self.commit, "date": self.date.isoformat() if self.date else None, "uncommitted_changes": self.dirty,
                "version": self.version_line}


@dataclass(frozen=True)
class SiteConfig:
    """What the site generator's configuration says (mkdocs.yml), as an adapter passes it in.

    The engine never reads that file: the MkDocs plugin gives these values from the config
    MkDocs loaded, and the command line asks the installed adapter to load the same file
    (``treaty_commentary_mkdocs.config``). Every field is optional; ``None`` is "not set".
    """

    site_name: str | None = None
    site_url: str | None = None
    repo_url: str | None = None
    language: str | None = None
    directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()  # page template overrides, resolved, first folder first
    cache_dir: Path | None = None  # the plugin's cache_dir, resolved; None: the user's cache folder (load.cache)
    source: str | None = None  # the file the values were read from, for messages
    # For another generator reading the engine's pages from a docs folder (`commentary write-docs`): the
    # hand-written pages' navigation as the configuration gives it, and where "edit this page" leads.
    nav: tuple[Any, ...] = ()
    theme_dir: Path | None = None  # the theme's overrides (custom_dir), resolved
    edit_file_uri: str = "edit/main/"
    new_file_uri: str = "new/main/"


@dataclass(frozen=True)
class Settings:
    """The edition's settings for one build (see the module's docstring for the version rule)."""

    title: str = DEFAULT_TITLE  # the edition's title (commentary/edition.yml), else site_name
    site_url: str | None = None  # absolute and ending in "/", or None when the site's address is not configured
    repo_url: str | None = None
    language: str = "en"
    directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()
    revision: Revision = field(default_factory=Revision)

    def absolute(self, site_path: str) -> str | None:
        """The full address of a path from the site root, when the site's address is known."""
        return self.site_url + site_path if self.site_url else None

    def with_site_url(self, site_url: str | None) -> Settings:
        """The same settings with another site address (a command's ``--site-url``); None keeps this one."""
        return replace(self, site_url=normal_site_url(site_url)) if site_url else self


def normal_site_url(site_url: str | None) -> str | None:
    """An address ending in "/", or None for an empty one."""
    if not site_url or not site_url.strip():
        return None
    site_url = site_url.strip()
    return site_url if site_url.endswith("/") else site_url + "/"
