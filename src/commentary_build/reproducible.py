"""Builds of one commit give the same bytes: the build's date is the commit's, not the clock's.

MkDocs stamps the sitemap (``<lastmod>``, and the gzip header of sitemap.xml.gz) and the PDF
export prints a date on its cover; both read ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/). When the caller has not set it,
the time of the checked-out commit is used, so two builds of the same commit on different
days agree. Outside a git checkout the variable stays unset and the clock is used.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def commit_epoch(root: Path) -> int | None:
    """Committer time of HEAD in seconds since the epoch, or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    return int(stamp) if result.returncode == 0 and stamp.isdigit() else None


def pin_source_date_epoch(root: Path) -> str | None:
    """Set SOURCE_DATE_EPOCH to the commit's time unless already set; return the value in force."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = commit_epoch(root)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return os.environ.get("SOURCE_DATE_EPOCH")
