"""Load everything a site is made of, once: texts, concordances, themes, bibliography, notes.

Every consumer (the MkDocs build, `commentary check`, the exports) starts here, then
runs the checks (``commentary_build.check``) over what was loaded. Git is read here too, once
(``load.git``), and the build's settings made from it (``load.settings``). Every file is read
inside the input boundary (``inputs.guard``), so whatever one file holds, the others
load and the build goes on; what failed to load is kept in ``project.unavailable`` so
that the problems that only follow from it are not reported a second time.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Concordance, Location, Project
from ..model import problems as d
from ..model.project import Unavailable
from ..model.settings import SiteConfig
from .bibliography import load_bibliography
from .cache import cache_root, shown
from .datafiles import load_concordances, load_recommendations, load_themes
from .edition import load_edition
from .git import read_git_log
from .inputs import report_links, report_names
from .instrument_concordances import load_instrument_concordances
from .notes import Targets, load_notes
from .parsed import input_folder, remembering
from .settings import read_settings
from .texts import load_instruments


def load_project(root: Path, report: d.Report | None = None, site: SiteConfig | None = None) -> Project:
    """``site``: what the site generator's configuration says (the adapter reads it; the engine never reads mkdocs.yml).
    Parses and schema verdicts of unchanged inputs are reused (``load.parsed``: in memory and in the user's cache folder)."""
    report = report if report is not None else d.Report()
    root = root.resolve()
    cache_dir = cache_root((site or SiteConfig()).cache_dir)
    folder = input_folder(cache_dir, root)
    with remembering(folder) as remembered:
        project = _load(root, report, site or SiteConfig())
    project.cache_dir = cache_dir
    project.inputs_reused = (remembered.parses_reused, remembered.verdicts_reused)
    if remembered.refused and folder is not None:
        report.add(d.CACHE_NOT_PRIVATE, f"the parsed inputs' cache was not used: {remembered.refused}", Location(shown(folder)))
    if remembered.error and remembered.folder is not None:
        # About the machine, like the other caches: said, and the build goes on.
        report.add(d.CACHE_UNWRITABLE, f"the parsed inputs are not kept for the next build: the folder cannot be written ({remembered.error})",
                   Location(shown(remembered.folder)))
    return project


def _load(root: Path, report: d.Report, site: SiteConfig) -> Project:
    unavailable = Unavailable()
    report_links(root, report)
    report_names(root, report)
    instruments = load_instruments(root, report, unavailable)
    concordances: dict[str, Concordance] = {}
    for instrument in instruments.values():
        concordances.update(load_concordances(root, root / instrument.directory, report, unavailable))
    themes = load_themes(root, report, unavailable)
    bibliography = load_bibliography(root, report, unavailable)
    vocabulary = None if unavailable.themes else set(themes)
    notes = load_notes(root, Targets(instruments, concordances, unavailable), vocabulary, report)
    recommendations = load_recommendations(root, report)
    project = Project(root, instruments, concordances, themes, bibliography, notes, recommendations, report)
    project.unavailable = unavailable
    project.instrument_concordances = load_instrument_concordances(root, instruments, report, unavailable)
    project.edition = load_edition(root, report)
    project.git = read_git_log(root)
    project.settings = read_settings(project.edition, site, project.git)
    # Each text is cited as its bibliography entry says (edition texts.<id>.entry); nothing else spells it.
    for text_id, source in project.edition.texts.items():
        if text_id in instruments and source.entry:
            instruments[text_id].bibliography_entry = bibliography.get(source.entry)
    return project
