"""The commentary's history, from the build's one reading of git; say so when dates of change cannot be known."""

from __future__ import annotations

from ..load.history import History, history_from
from ..model import Location, Project
from ..model import problems as d


def check_history(project: Project) -> History:
    history = history_from(project.git)
    if not history.available:
        project.report.add(d.GIT_UNAVAILABLE, f"dates of last change are unknown: {history.reason}", Location("commentary"))
    changing = {commit.hash for commit in project.git.commits}
    dated = [(given, reason) for commit, _kind, given, reason in project.git.implausible if commit in changing]
    if dated:
        count = len({commit for commit, *_ in project.git.implausible if commit in changing})
        project.report.add(d.DATE_OUT_OF_RANGE, f"{count} commit{'s' if count != 1 else ''} changing content/ or commentary/ "
                           f"{'are' if count != 1 else 'is'} dated out of range (the first: {dated[0][0]}, {dated[0][1]}); "
                           "their dates (of last change, in the feeds) are brought into 1980 to today", Location("commentary"))
    return history


def check_build_date(project: Project) -> None:
    """The date the build carries was plausible, or was brought into range (``load.revision``): say so."""
    revision = project.settings.revision
    if revision.date_problem:
        project.report.add(d.DATE_OUT_OF_RANGE, revision.date_problem, Location(revision.date_source))
