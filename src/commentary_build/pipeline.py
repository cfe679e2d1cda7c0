"""The pipeline as a generator adapter runs it: load → check → render, and the incremental preview.

``load_and_check(root)`` is what every build and export starts from; ``PreviewCache`` keeps the
last build between `serve` rebuilds, draws again only the pages a save can reach, and says which
pages changed.

A preview server rebuilds after every save, and a contributor waits for it. What a save costs:

- **load**: every input is read again, but one whose bytes did not change is neither parsed nor
  validated again (``load/parsed.py``); the model is made afresh from them.
- **check**: every check runs, as `commentary check` would: they work across files, and the problems
  a save introduces or fixes are reported at once (a note with an error is left out of its page and
  named in the log; every other page stays).
- **render**: when the save touched only notes (one edited, added, deleted or broken: what previewing
  is for), every article page the change cannot reach is taken from the previous build. A note
  reaches the article page it is on (before and after the save), the pages of the articles its
  proposals change, and those of the articles its commentary names (their "Related provisions" list
  the note's article); the other pages (home, chapters, proposals, themes, matrix, bibliography…)
  cut across articles and are always drawn. Anything else (a treaty text, a data file such as the
  themes, the bibliography, a concordance or the edition, a template override, a new commit) can
  reach any page through a label, a title, a citation or a date, so every page is drawn again.
  As a guard, a note-only save draws everything when anything but notes and their proposals came
  out different in the model.
- **what the generator gets**: ``changed``, the pages whose Markdown differs from the previous
  build's; all of them when the navigation or the footer changed (every page shows both), which a
  generator rebuilding only changed pages (MkDocs' `serve --dirtyreload`) needs to stay correct.

Sources are fingerprinted by path, size and modification time (nanoseconds), so a save is never
missed; a file saved again unchanged costs one rebuild that reports no page. The project's template
overrides (``template_dirs``) count as sources.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .check import Analysis, check_project
from .load.project import load_project
from .model import Note, Project
from .model.problems import Report
from .model.settings import SiteConfig
from .render.page import SiteBuild
from .render.site import build_site
from .render.urls import SiteUrls
from .transform.xrefs import find_references

SOURCE_FOLDERS = ("content", "commentary")


def load_and_check(root: Path, report: Report | None = None, site: SiteConfig | None = None) -> tuple[Project, Analysis]:
    """The first two stages: what `commentary check` runs, and what every build and export starts from.
    ``site``: what the site generator's configuration says (``model.settings.SiteConfig``), from the adapter."""
    project = load_project(root, report, site)
    return project, check_project(project)


def source_fingerprint(root: Path, extra_folders: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """Every file under content/ and commentary/ (and ``extra_folders``): relative path -> (size, mtime in ns)."""
    fingerprint: dict[str, tuple[int, int]] = {}
    for folder in (*(root / name for name in SOURCE_FOLDERS), *extra_folders):
        for directory, _subdirs, names in os.walk(folder):
            for name in names:
                path = os.path.join(directory, name)
                stat = os.stat(path)
                fingerprint[os.path.relpath(path, root)] = (stat.st_size, stat.st_mtime_ns)
    return fingerprint


@dataclass
class PreviewCache:
    root: Path
    template_dirs: tuple[Path, ...] = ()
    history_base: str | None = None
    config: SiteConfig = field(default_factory=SiteConfig)
    site: SiteBuild | None = None
    directory_urls: bool | None = None
    fingerprint: dict[str, tuple[int, int]] = field(default_factory=dict)
    # src_uri of every page whose Markdown differs from the previous build (all pages on the first, or when
    # the navigation or footer changed).
    changed: set[str] = field(default_factory=set)
    reused: bool = False
    # The loaded project and what the checks found, for adapters that publish more than pages (the open data).
    project: Project | None = None
    analysis: Analysis | None = None
    # Why the last build drew every page ("" when it drew only what the save reached), for the log and the tests.
    drew_all: str = ""

    def build(self, directory_urls: bool = True) -> SiteBuild:
        fingerprint = source_fingerprint(self.root, self.template_dirs)
        same_options = directory_urls == self.directory_urls
        if self.site is not None and fingerprint == self.fingerprint and same_options:
            self.changed = set()
            self.reused = True
            return self.site
        project, analysis = load_and_check(self.root, site=self.config)
        previous = self.site if same_options else None
        unchanged: set[str] = set()
        if previous is None or self.project is None or self.analysis is None:
            self.drew_all = "first build" if previous is None else "no previous build"
        else:
            self.drew_all, unchanged = unreached_articles(self.project, self.analysis, project, analysis, _changed_paths(self.fingerprint, fingerprint),
                                                          SiteUrls(directory_urls))
        site = build_site(project, analysis, directory_urls=directory_urls, template_dirs=self.template_dirs, history_base=self.history_base,
                          previous=previous, unchanged=unchanged)
        if previous is None or site.nav != previous.nav or site.footer != previous.footer:
            self.changed = {page.src_uri for page in site.pages}
        else:
            before = {page.src_uri: page for page in previous.pages}
            self.changed = {page.src_uri for page in site.pages if _differs(before.get(page.src_uri), page.markdown, page.title)}
        self.project, self.analysis = project, analysis
        self.site, self.fingerprint, self.directory_urls, self.reused = site, fingerprint, directory_urls, False
        return site


def _differs(before, markdown: str, title: str) -> bool:
    return before is None or before.markdown != markdown or before.title != title


def _changed_paths(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files added, removed or saved, as paths relative to the project root with "/"."""
    return {path.replace(os.sep, "/") for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _is_note(path: str) -> bool:
    # Every .md under commentary/ is read as a note, whatever its depth (load/notes.py).
    return path.startswith("commentary/") and path.endswith(".md")


def unreached_articles(old: Project, old_analysis: Analysis, new: Project, new_analysis: Analysis, changed_paths: Iterable[str],
                       urls: SiteUrls) -> tuple[str, set[str]]:
    """(why every page must be drawn, or "") and the src_uri of each article page the change from ``old`` to
    ``new`` cannot reach (see the module's text): empty unless only notes changed."""
    paths = set(changed_paths)
    others = sorted(path for path in paths if not _is_note(path))
    if others:
        return f"{others[0]} is not a note", set()
    difference = _other_than_notes(old, new)
    if difference:
        return difference, set()
    reached: set[tuple[str, str]] = set()
    old_notes, new_notes = {note.id: note for note in old.notes}, {note.id: note for note in new.notes}
    changed_notes = [note for note_id in old_notes.keys() | new_notes.keys()
                     for note in (old_notes.get(note_id), new_notes.get(note_id))
                     if note is not None and old_notes.get(note_id) != new_notes.get(note_id)]
    for note in changed_notes:
        project = new if new_notes.get(note.id) is note else old
        reached |= _reached_by_note(project, note)
    changed_paths_of_notes = {note.path for note in changed_notes} | paths
    for analysis in (old_analysis, new_analysis):
        for (instrument_id, article_id), proposals in analysis.proposals.by_article.items():
            for proposal in proposals:
                result_before, result_after = old_analysis.proposals.results.get(proposal.id), new_analysis.proposals.results.get(proposal.id)
                if (proposal.note is not None and proposal.note.path in changed_paths_of_notes) or result_before != result_after:
                    reached.add((instrument_id, article_id))
    unreached = set()
    for instrument in new.instruments.values():
        for article in instrument.articles.values():
            if (instrument.id, article.id) not in reached:
                unreached.add(urls.article_page(instrument, article))
    return "", unreached


def _reached_by_note(project: Project, note: Note) -> set[tuple[str, str]]:
    """The articles whose pages show ``note`` or list its article as referring to them."""
    instrument = project.instruments.get(note.instrument_id)
    if instrument is None or not note.article_id:
        return set()
    reached = {(instrument.id, note.article_id)}
    current = instrument.articles.get(note.article_id)
    for reference in find_references(note.body, instrument=instrument, current_article=current, mode="commentary"):
        target = instrument.article_of(reference.unit_id) if reference.unit_id and reference.problem is None else None
        if target is not None:
            reached.add((instrument.id, target.id))
    return reached


def _other_than_notes(old: Project, new: Project) -> str:
    """What differs between two loads of a project besides its notes ("" when nothing). A save of notes
    alone changes nothing else (no loader reads notes but the notes' own); this guard keeps that so."""
    parts = ("instruments", "concordances", "themes", "bibliography", "recommendations", "instrument_concordances", "edition", "git", "settings")
    for name in parts:
        if getattr(old, name) != getattr(new, name):
            return f"the {name.replace('_', ' ')} changed"
    return ""
