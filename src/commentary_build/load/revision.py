"""Which revision a build is made from, and which date it carries.

Builds of one commit give the same bytes: the build's date is the commit's, not the
clock's, whoever builds it and whenever (the site, `commentary pdf`, `commentary docx`,
`commentary export`). The date is ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/) when the caller set it, else
HEAD's committer time from the build's one reading of git; only outside a git checkout
is it the clock's. ``pin_source_date_epoch`` then sets the variable to that date for the
libraries that read it themselves (MkDocs stamps the sitemap's ``<lastmod>`` and the
gzip header of sitemap.xml.gz with it).

A date is only taken when it is plausible (``plausible_time``): from 1980 (the earliest a
ZIP file, and so a Word file, can store) to the end of 2099, and no later than tomorrow by
the clock (one day covers any time zone). Every commit date is brought into that range
where git is read (``load.git``: an earlier one to 1 January 1980, a later one to the
clock's time); a ``SOURCE_DATE_EPOCH`` that is malformed or outside 1980–2099 gives way to
the commit's date (a future one within 2099 is the caller's to choose, and is kept). Either way the revision says why (``Revision.date_problem``, W073) and the
build goes on: a commit made with a wrong clock (``@5000000000`` is in 2128, past what
gzip can store) crashed MkDocs, and one dated 2099 was printed as the revision date.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping

from ..model.gitlog import GitLog
from ..model.settings import Revision

EARLIEST = _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC)
LATEST = _dt.datetime(2099, 12, 31, 23, 59, 59, tzinfo=_dt.UTC)
_TOLERANCE = _dt.timedelta(days=1)  # how far ahead of the clock a date may be (time zones, a clock a little fast)


def out_of_range(when: _dt.datetime | None, now: _dt.datetime | None = None, future: bool = False) -> str | None:
    """Why ``when`` is not a plausible date for a build ("before 1980", "after 2099", "in the future"), or None.
    ``future``: a date later than tomorrow is plausible (a caller's SOURCE_DATE_EPOCH may be; a commit's may not)."""
    now = now or _dt.datetime.now(_dt.UTC)
    if when is None:
        return "beyond any date a computer stores"
    if when < EARLIEST:
        return "before 1980"
    if when > LATEST:
        return "after 2099"
    if when > now + _TOLERANCE and not future:
        return "in the future"
    return None


def plausible_time(when: _dt.datetime | None, now: _dt.datetime | None = None) -> _dt.datetime:
    """``when`` brought into 1980–2099 and to no later than tomorrow: an earlier one becomes 1 January 1980, a later one
    (or one that cannot be read) the clock's time. A date in range is returned as it is, with its offset."""
    now = now or _dt.datetime.now(_dt.UTC)
    reason = out_of_range(when, now)
    if reason is None and when is not None:
        return when
    return EARLIEST if reason == "before 1980" else min(LATEST, now).replace(microsecond=0)


def revision_from(log: GitLog, environ: Mapping[str, str] = os.environ, now: _dt.datetime | None = None) -> Revision:
    """HEAD, the date the build carries (plausible, see the module's text), and whether the inputs differ from HEAD."""
    date, problem, source = log.head_time, None, "HEAD"
    for commit, kind, given, reason in log.implausible:
        if commit == log.head and kind == "committer":
            problem = f"the commit's date ({given}) is {reason}: the build carries {_shown(date)} instead"
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        caller = _source_date_epoch(value)
        # The caller's date is the operator's choice, not a contributor's clock: a future one is kept (a release dated ahead).
        reason = "is not a whole number of seconds since 1970" if caller is None else f"({_shown(caller)}) is {out_of_range(caller, now, future=True)}"
        if caller is not None and out_of_range(caller, now, future=True) is None:
            date, problem, source = caller, None, "SOURCE_DATE_EPOCH"
        elif caller is not None and date is None:  # outside git: the caller's date, brought into range
            date, source = plausible_time(caller, now), "SOURCE_DATE_EPOCH"
            problem = f"SOURCE_DATE_EPOCH={value.strip()[:30]!r} {reason}: the build carries {_shown(date)} instead"
        else:
            instead = f"{_shown(date)} (the commit's date)" if date is not None else "the clock's date"
            problem, source = f"SOURCE_DATE_EPOCH={value.strip()[:30]!r} {reason}: the build carries {instead} instead", "SOURCE_DATE_EPOCH"
    day = date.date() if date is not None else _dt.datetime.now(_dt.UTC).date()
    return Revision(log.head, date, bool(log.head and log.dirty), day, problem, source)


def _shown(date: _dt.datetime | None) -> str:
    return date.astimezone(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if date is not None else "no date"


def _source_date_epoch(value: str) -> _dt.datetime | None:
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        return _dt.datetime.fromtimestamp(int(value), _dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None  # beyond the dates a datetime holds: as if malformed


def pin_source_date_epoch(revision: Revision) -> str | None:
    """Set SOURCE_DATE_EPOCH to the revision's date (a caller's plausible value stays as it was, an implausible or
    malformed one is replaced: MkDocs would crash on it); return the value in force."""
    if revision.epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(revision.epoch)
    elif "SOURCE_DATE_EPOCH" in os.environ:
        del os.environ["SOURCE_DATE_EPOCH"]  # malformed and no commit to fall back on: the clock, as outside git
    return os.environ.get("SOURCE_DATE_EPOCH")
