"""Which revision a build is made from, and which date it carries.

Builds of one commit give the same bytes: the build's date is the commit's, not the
clock's, whoever builds it and whenever (the site, `commentary pdf`, `commentary docx`,
`commentary export`). The date is ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/) when the caller set it, else
HEAD's committer time from the build's one reading of git; only outside a git checkout
is it the clock's. ``pin_source_date_epoch`` then sets the variable to that date for the
libraries that read it themselves (MkDocs stamps the sitemap's ``<lastmod>`` and the
gzip header of sitemap.xml.gz with it).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping

from ..model.gitlog import GitLog
from ..model.settings import Revision


def revision_from(log: GitLog, environ: Mapping[str, str] = os.environ) -> Revision:
    """HEAD, the date the build carries, and whether the inputs differ from HEAD."""
    date = _source_date_epoch(environ) or log.head_time
    day = date.date() if date is not None else _dt.datetime.now(_dt.UTC).date()
    return Revision(log.head, date, bool(log.head and log.dirty), day)


def _source_date_epoch(environ: Mapping[str, str]) -> _dt.datetime | None:
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    try:
        return _dt.datetime.fromtimestamp(int(value), _dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None  # beyond the dates a datetime holds: as if unset


def pin_source_date_epoch(revision: Revision) -> str | None:
    """Set SOURCE_DATE_EPOCH to the revision's date unless already set; return the value in force."""
    if "SOURCE_DATE_EPOCH" not in os.environ and revision.epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(revision.epoch)
    return os.environ.get("SOURCE_DATE_EPOCH")
