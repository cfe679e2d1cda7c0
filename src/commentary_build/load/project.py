"""Load everything a site is made of, once: texts, concordances, themes, bibliography, notes.

Every consumer (the MkDocs build, `commentary check`, the exports) starts here, then
runs the checks (``commentary_build.check``) over what was loaded.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Concordance, Project
from ..model import problems as d
from .bibliography import load_bibliography
from .datafiles import load_concordances, load_recommendations, load_themes
from .edition import load_edition
from .instrument_concordances import load_instrument_concordances
from .notes import Targets, load_notes
from .texts import load_instruments


def load_project(root: Path, report: d.Report | None = None) -> Project:
    report = report if report is not None else d.Report()
    root = root.resolve()
    instruments = load_instruments(root, report)
    concordances: dict[str, Concordance] = {}
    for instrument in instruments.values():
        concordances.update(load_concordances(root, root / instrument.directory, report))
    themes = load_themes(root, report)
    bibliography = load_bibliography(root, report)
    notes = load_notes(root, Targets(instruments, concordances), set(themes), report)
    recommendations = load_recommendations(root, report)
    project = Project(root, instruments, concordances, themes, bibliography, notes, recommendations, report)
    project.instrument_concordances = load_instrument_concordances(root, instruments, report)
    project.edition = load_edition(root, report)
    return project
