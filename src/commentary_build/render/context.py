"""What every page renderer of one build shares: the project, what the checks found, the document
tree (``document.Documents``, with the indexes computed once per build), where pages live and the
templates.

Nothing here reports a problem about the inputs: the check stage has reported them all.
Rendering the same note twice (the site, then a PDF) therefore never duplicates a message.
The one note made here is about the machine: a cache folder that cannot be written (W074).
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..check import Analysis
from ..document import Documents
from ..document.build import citable, provision
from ..document.naming import OVERVIEW_PAGE
from ..model import Article, Instrument, Note, Project
from ..model.edition import Link
from ..transform.citations import CitationIndex
from .handoff import Refused, handoff
from .navigation import citation_title, document_title, instrument_mark
from .page import BuildStats, SitePage, make_page, md_text
from .provenance import provenance_html
from .templates import Templates, default_templates
from .urls import SiteUrls

__all__ = ["OVERVIEW_PAGE", "RenderContext", "citable", "iso", "note_anchor", "provision"]


@dataclass
class RenderContext:
    project: Project
    analysis: Analysis
    urls: SiteUrls
    documents: Documents
    citation_index: CitationIndex = field(default_factory=CitationIndex)
    stats: BuildStats = field(default_factory=BuildStats)
    # True when the site also publishes PDFs (render/downloads.py): pages then link to them.
    pdf_links: bool = False
    # True when the build publishes the open data (export/opendata.py): a page with commentary then links its
    # "cite this" files (CSL-JSON, BibTeX, RIS; document/naming.cite_file).
    cite_files: bool = False
    # Where a repository path's history of changes is (GitHub: <repo>/commits/main/), or None.
    history_base: str | None = None
    # The templates every page element is drawn with (the package's, after any override folders).
    templates: Templates = field(default_factory=default_templates)

    @classmethod
    def create(cls, project: Project, analysis: Analysis, urls: SiteUrls, pdf_links: bool = False,
               template_dirs: Sequence[str | os.PathLike[str]] = (), history_base: str | None = None,
               documents: Documents | None = None, cite_files: bool = False) -> RenderContext:
        """``template_dirs``: folders whose templates replace the package's of the same name, first folder first.
        ``documents``: the build's document tree, when the caller has made it already (it is made here otherwise)."""
        documents = documents if documents is not None else Documents.build(project, analysis)
        found = documents.stats
        stats = BuildStats(
            notes=len(project.notes),
            proposals=len(analysis.proposals.results),
            cross_references_text=found.cross_references_text,
            comparisons=found.comparisons,
            xref_index_seconds=found.xref_index_seconds,
            comparison_seconds=found.comparison_seconds,
            git_seconds=analysis.history.seconds,
        )
        templates = Templates(template_dirs) if template_dirs else default_templates()
        return cls(project, analysis, urls, documents, stats=stats, pdf_links=pdf_links, templates=templates, history_base=history_base,
                   cite_files=cite_files)

    def html(self, template: str, /, **values) -> Markup:
        """The HTML ``template`` draws with ``values`` (strings are escaped, Markup is not)."""
        return self.templates.render(template, **values)

    def unofficial_copy(self, instrument: Instrument) -> Link | None:
        """The official source of a text whose copy on this site is not the official document
        (``texts.<id>.unofficial`` in the edition), which every page of the text sends readers to; else None."""
        source = self.project.edition.texts.get(instrument.id)
        return source.official if source is not None and source.unofficial else None

    def copy_note_html(self, instrument: Instrument) -> Markup:
        """The line that says a text's copy is unofficial, with its official source; empty for an official copy."""
        copy = self.unofficial_copy(instrument)
        return self.html("text/copy_note.html", copy=copy) if copy is not None else Markup("")

    def text_page(self, instrument: Instrument, src_uri: str, title: str, body: str, article: Article | None = None, **kwargs) -> SitePage:
        """A page of a treaty text: its h1 names the instrument above ``title``, and so does its document title
        (which starts with the article on an article's page)."""
        position = list(self.project.instruments).index(instrument.id)
        mark = {key: md_text(value) for key, value in instrument_mark(instrument, position).items()}
        heading = self.html("text/heading.html", mark=mark, title=md_text(title))
        return make_page(src_uri, title, body, heading_markdown=heading, document_title=document_title(instrument, title, article),
                         citation_title=citation_title(instrument, title), **kwargs)

    # ------------------------------------------------------------------ commentary
    def provenance_html(self, paths: Iterable[str], medium: str = "site") -> Markup:
        """The "Contributors … · last changed … · history" line, from the history the check stage read."""
        edition = self.project.edition
        paths = list(paths)
        history_href = None
        if self.history_base and paths:
            # The folder the page's notes share (commentary/uncc/art-40): its history is the page's.
            folder = posixpath.commonpath([posixpath.dirname(p) for p in paths])
            try:
                history_href = self.history_base.rstrip("/") + "/" + handoff(folder, "path")
            except Refused:
                history_href = None

        def name_of(email: str) -> str | None:
            contributor = edition.contributor_for(email)
            return contributor.name if contributor else None

        return provenance_html(self.analysis.history.of(paths, name_of), self.templates, history_href, medium)

    # ------------------------------------------------------------------ where things live
    def note_page(self, note: Note) -> str:
        """The page a note is shown on: its article's page, or the overview of its text."""
        return self.documents.note_page(note)

    def note_href(self, here: str, note: Note) -> str:
        return self.urls.href(here, self.note_page(note), note_anchor(note))

    def proposal_href(self, here: str, proposal_note: Note, proposal_id: str, anchor: str = "proposal") -> str:
        return self.urls.href(here, self.note_page(proposal_note), f"{anchor}-{proposal_id}")


def note_anchor(note: Note) -> str:
    # The loader makes the anchor ("note-<slug>"), unique on the note's page.
    return note.anchor


def iso(day: _dt.date | None) -> str:
    return day.isoformat() if day else ""
