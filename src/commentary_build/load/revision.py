"""Which revision a build is made from, and which date it carries.

Builds of one commit give the same bytes: the build's date is the commit's, not the
clock's. MkDocs stamps the sitemap (``<lastmod>``, and the gzip header of
sitemap.xml.gz) and the PDF export prints a date on its cover; both read
``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/). When
the caller has not set it, the time of the checked-out commit is used, so two builds of
the same commit on different days agree. Outside a git checkout the variable stays
unset and the clock is used.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from .git import run_git

UNKNOWN_REVISION = "unknown"


def commit_epoch(root: Path) -> int | None:
    """Committer time of HEAD in seconds since the epoch, or None outside a git checkout."""
    stamp = (run_git(root, "log", "-1", "--format=%ct", timeout=10) or "").strip()
    return int(stamp) if stamp.isdigit() else None


def pin_source_date_epoch(root: Path) -> str | None:
    """Set SOURCE_DATE_EPOCH to the commit's time unless already set; return the value in force."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = commit_epoch(root)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return os.environ.get("SOURCE_DATE_EPOCH")


def build_date() -> _dt.date:
    """The date of SOURCE_DATE_EPOCH, so that a reproducible build prints a fixed date; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date()
    return _dt.date.today()


def source_revision(root: Path) -> str:
    """The short commit the build was made from, or "unknown" outside a git checkout."""
    revision = (run_git(root, "rev-parse", "--short", "HEAD", timeout=10) or "").strip()
    return revision or UNKNOWN_REVISION
