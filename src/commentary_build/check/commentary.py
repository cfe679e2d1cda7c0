"""Citations and cross-references in every note body and proposal rationale.

The same Markdown rule that later renders them finds them here (``transform.markdown``),
so a citation the build would print is exactly a citation checked: unknown keys,
unreadable brackets, references to provisions that do not exist. Rendering reports
nothing; every problem comes from this pass.
"""

from __future__ import annotations

from ..model import Note, Project
from ..transform.citations import FootnoteSequence
from ..transform.markdown import MarkdownEnv, scan_markdown


def check_commentary(project: Project) -> None:
    for note in project.notes:
        _scan(project, note, note.body, note.body_line)
        for proposal in note.proposals:
            first_line = proposal.rationale_line or proposal.location.line or 1
            _scan(project, note, proposal.rationale, first_line)


def _scan(project: Project, note: Note, text: str, first_line: int) -> None:
    instrument = project.instruments[note.instrument_id]
    env = MarkdownEnv(
        instrument=instrument,
        current_article=instrument.articles.get(note.article_id) if note.article_id else None,
        footnotes=FootnoteSequence(project.bibliography, project.report),
        url_for=lambda unit_id: "#",
        bibliography=project.bibliography,
        report=project.report,
        path=note.path,
        first_line=first_line,
    )
    scan_markdown(text, env)
