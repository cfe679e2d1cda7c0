"""Read the commentary's git history once per build; say so when dates of change cannot be known."""

from __future__ import annotations

import time

from ..load.history import History, read_history
from ..model import Location, Project
from ..model import problems as d


def check_history(project: Project) -> History:
    started = time.perf_counter()
    history = read_history(project.root)
    history.seconds = round(time.perf_counter() - started, 4)
    if not history.available:
        project.report.add(d.GIT_UNAVAILABLE, f"dates of last change are unknown: {history.reason}", Location("commentary"))
    return history
