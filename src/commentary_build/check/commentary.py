"""Citations and cross-references in every note body and proposal rationale.

The same Markdown rule that later renders them finds them here (``transform.markdown``),
so a citation the build would print is exactly a citation checked: unknown keys,
unreadable brackets, references to provisions that do not exist, pandoc footnotes.
Rendering reports nothing; every problem comes from this pass. Each note is checked
inside the input boundary, so a failure in one never stops the others.
"""

from __future__ import annotations

from functools import partial

from ..load.inputs import guard
from ..model import Location, Note, Project
from ..model import problems as d
from ..transform.citations import Cluster, FootnoteSequence
from ..transform.markdown import MarkdownEnv, scan_markdown
from ..transform.oscola import cited_pages, text_pages


class _CheckedFootnotes(FootnoteSequence):
    """The footnotes of one note, checking each citation's page against the pages of its source."""

    def cite(self, cluster: Cluster, location: Location) -> int:
        for item in cluster.items:
            entry = self.bibliography.get(item.key)
            pages = cited_pages(item.locator)
            bounds = text_pages(entry) if entry is not None else None
            if pages and bounds and not (bounds[0] <= pages[0] <= pages[1] <= bounds[1]) and self.report is not None:
                self.report.add(d.PINPOINT_OUTSIDE, f"'{item.locator}' of {item.key}: its text runs from p {bounds[0]} to p {bounds[1]}", location)
        return super().cite(cluster, location)


# Sources cited by page: a note that rests on one names the pages (a treaty is cited by article in the text itself).
_PAGED_TYPES = ("report", "book", "document")


def _check_based_on(project: Project, note: Note) -> None:
    """What a note rests on must exist, be pinpointed when it is paged, and the pages must be the source's."""
    for basis in note.based_on:
        entry = project.bibliography.get(basis.source)
        if entry is None:
            if not (project.unavailable.bibliography or basis.source in project.unavailable.bibliography_keys):
                project.report.add(d.CITATION_UNKNOWN, f"based_on: no source with key '{basis.source}' in the bibliography", basis.location)
            continue
        if entry.type in _PAGED_TYPES and not basis.pinpoint:
            project.report.add(d.BASED_ON_PINPOINT, f"based_on: '{basis.source}' ({entry.type}) without the pages the note relies on", basis.location)
            continue
        pages = cited_pages(basis.pinpoint)
        bounds = text_pages(entry)
        if pages and bounds and not (bounds[0] <= pages[0] <= pages[1] <= bounds[1]):
            project.report.add(d.PINPOINT_OUTSIDE, f"based_on: '{basis.pinpoint}' of {basis.source}: its text runs from p {bounds[0]} to p {bounds[1]}", basis.location)


def check_commentary(project: Project) -> None:
    for note in project.notes:
        guard(project.report, note.path, partial(_check_note, project, note), None)


def _check_note(project: Project, note: Note) -> None:
    _check_based_on(project, note)
    _scan(project, note, note.body, note.body_line)
    for proposal in note.proposals:
        first_line = proposal.rationale_line or proposal.location.line or 1
        _scan(project, note, proposal.rationale, first_line)


def _scan(project: Project, note: Note, text: str, first_line: int) -> None:
    instrument = project.instruments[note.instrument_id]
    unavailable = project.unavailable
    env = MarkdownEnv(
        instrument=instrument,
        current_article=instrument.articles.get(note.article_id) if note.article_id else None,
        footnotes=_CheckedFootnotes(
            project.bibliography, project.report,
            unreported=lambda key: unavailable.bibliography or key in unavailable.bibliography_keys,
        ),
        url_for=lambda unit_id: "#",
        bibliography=project.bibliography,
        report=project.report,
        path=note.path,
        first_line=first_line,
        unreported_unit=lambda unit_id: unavailable.article(instrument.id, unit_id),
    )
    scan_markdown(text, env)
