"""The commentary's history, from the build's one reading of git; say so when dates of change cannot be known."""

from __future__ import annotations

from ..load.history import History, history_from
from ..model import Location, Project
from ..model import problems as d


def check_history(project: Project) -> History:
    history = history_from(project.git)
    if not history.available:
        project.report.add(d.GIT_UNAVAILABLE, f"dates of last change are unknown: {history.reason}", Location("commentary"))
    return history
