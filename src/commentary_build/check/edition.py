"""The edition against the texts and the bibliography: each text has its entry, and each status is dated
within the edition.

A text is cited, and its status stated, from its bibliography entry (``texts.<id>.entry``), so a text
without one is a warning (W078). A treaty's status is a statement as at a date: one that time can change
(not yet in force, not known) and that is older than the edition's ``status_max_age_days`` before the
edition's ``date`` is stale (W075); "in force" is dated by the entry into force and does not age. A status
dated after the edition's date is an error (C082). The edition's date is ``date`` in
``commentary/edition.yml``, else the day the build carries (``Project.settings.revision``:
``SOURCE_DATE_EPOCH``, else the commit's date), so a fork that sets no date still learns when its
statuses age.
"""

from __future__ import annotations

import datetime as _dt

from ..model import Project
from ..model import problems as d
from ..transform.oscola import format_date

# States that a later event can make untrue; "in-force" stays true from its date on.
_AGEING_STATES = ("not-in-force", "unknown")


def edition_date(project: Project) -> _dt.date:
    """The edition's ``date``, else the day the build carries (SOURCE_DATE_EPOCH, the commit's, or the clock's)."""
    return project.edition.date or project.settings.revision.day


def check_edition(project: Project) -> None:
    _check_texts(project)
    _check_statuses(project)
    if project.edition.licence is None and project.edition.location.path:
        # Every JSON file, Akoma Ntoso file and feed states the licence (export/publication.py: Publication.rights).
        project.report.add(d.NO_LICENCE, "the edition declares no licence: the open data and feeds cannot say how the commentary may be reused",
                           project.edition.location)


def _check_texts(project: Project) -> None:
    """The edition names texts that exist and entries the bibliography holds, with a status; a text
    reproduced from an unofficial copy names its official source."""
    edition = project.edition
    for text_id, source in edition.texts.items():
        if text_id in project.unavailable.instruments:
            continue  # its instrument.yml did not load, and that was reported there
        if text_id not in project.instruments:
            project.report.add(d.INSTRUMENT_UNKNOWN, f"texts.{text_id}: no text '{text_id}' under content/ (known: {', '.join(project.instruments)})", edition.location)
        if source.unofficial and source.official is None:
            project.report.add(d.DATA_STRUCTURE, f"texts.{text_id}: 'unofficial: true' needs 'official', the official text readers are sent to check against", edition.location)
        if source.entry is None:
            continue
        entry = project.bibliography.get(source.entry)
        if entry is None:
            if not (project.unavailable.bibliography or source.entry in project.unavailable.bibliography_keys):
                project.report.add(d.CITATION_UNKNOWN, f"texts.{text_id}.entry: no source with key '{source.entry}' in the bibliography", edition.location)
        elif entry.type != "treaty":
            project.report.add(d.TEXT_WITHOUT_ENTRY, f"texts.{text_id}.entry: '{source.entry}' is a {entry.type}, not a treaty", edition.location)
        elif entry.status is None:
            project.report.add(d.BIBLIOGRAPHY_ENTRY, f"texts.{text_id}.entry: '{source.entry}' records no status (state, as-of, source)", edition.location)
    if not edition.location.path:
        return  # no edition file: a bare project is not asked for what it has nowhere to say
    for text_id in project.instruments:
        if text_id not in edition.texts or edition.texts[text_id].entry is None:
            project.report.add(d.TEXT_WITHOUT_ENTRY, f"texts.{text_id}.entry: the edition names no bibliography entry for '{text_id}'; its pages cite it by its title alone", edition.location)


def _check_statuses(project: Project) -> None:
    today = edition_date(project)
    max_age = project.edition.status_max_age_days
    where = "the edition's date" if project.edition.date else "the day of the build (the edition sets no 'date')"
    for entry in project.bibliography.values():
        status = entry.status
        if status is None:
            continue
        as_of = _dt.date(*status.as_of)
        if as_of > today:
            project.report.add(d.STATUS_AFTER_EDITION, f"'{entry.id}': status as at {format_date(status.as_of)} is after {where}, {format_date((today.year, today.month, today.day))}", status.location)
        elif status.state in _AGEING_STATES and (today - as_of).days > max_age:
            project.report.add(d.STATUS_STALE,
                               f"'{entry.id}': status '{status.state}' as at {format_date(status.as_of)} is {(today - as_of).days} days older than {where}, "
                               f"{format_date((today.year, today.month, today.day))} (at most {max_age})", status.location)
