"""Everything the site publishes under data/: the JSON API, Akoma Ntoso, the change feeds and "cite this" files.

``publish`` is what a site build and ``commentary export json`` both run, so the two give
the same files. A part that cannot be made (no git history for the feeds, a unit id that
cannot form an eId) is left out and named in ``problems``; the rest is still written.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..check import Analysis
from ..document import Documents
from ..load.changes import changes_from
from ..render.navigation import theme_path
from . import akn, feed
from .citation_meta import PageCitation, notes_by_page, page_citation
from .data_json import data_files, dumps
from .publication import SITE_FEED, OpenDataError, Publication


@dataclass
class OpenData:
    files: dict[str, bytes]  # site path -> bytes
    citations: dict[str, PageCitation]  # page src_uri -> its citation metadata
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def feed(self) -> bool:
        """Whether the site's change feed was written (not without a full git history)."""
        return SITE_FEED in self.files

    def citation_for(self, src_uri: str) -> PageCitation | None:
        return self.citations.get(src_uri)


def publish(publication: Publication, analysis: Analysis, pages: Iterable[tuple[str, str]] = (), documents: Documents | None = None) -> OpenData:
    """The files of data/ and the citation metadata of each page (``pages``: src_uri and title of each generated page);
    ``documents``: the build's document tree, shared with the site's pages (made here when not given)."""
    started = time.perf_counter()
    project = publication.project
    documents = documents if documents is not None else Documents.build(project, analysis)
    files: dict[str, bytes] = {}
    problems: list[str] = []
    feeds: dict[str, str] = {}
    changes = changes_from(project.git, project.root, [note.path for note in project.notes])
    if changes.unreadable:
        problems.append(f"{changes.unreadable} past version(s) of notes in the git history could not be read (over the size limit, "
                        "or YAML the note format refuses); the proposals' dates come from the versions that could be read")
    try:
        feed_files = feed.feed_files(publication, changes, documents)
    except OpenDataError as error:
        problems.append(str(error))
    else:
        files.update(feed_files)
        feeds[""] = SITE_FEED
        feeds.update({theme_id: publication.theme_feed(theme_id) for theme_id in project.themes})
        feeds.update({f"article:{instrument.id}/{article.id}": publication.article_feed(instrument, article)
                      for instrument in project.instruments.values() for article in instrument.articles.values()
                      if publication.article_feed(instrument, article) in feed_files})
    akn_files: dict[str, str] = {}
    for instrument in project.instruments.values():
        try:
            files[publication.akn_file(instrument)] = akn.akn_document(instrument, publication, structure=documents.structure(instrument), references=documents.references)
        except OpenDataError as error:
            problems.append(f"no Akoma Ntoso for {instrument.id}: {error}")
        else:
            akn_files[instrument.id] = publication.akn_file(instrument)
            for article in instrument.articles.values():
                files[publication.akn_article_file(instrument, article)] = akn.article_document(instrument, article, publication, references=documents.references)
                akn_files[f"{instrument.id}/{article.id}"] = publication.akn_article_file(instrument, article)
    for note in project.notes:
        instrument = project.instruments[note.instrument_id]
        for proposal in note.proposals:
            result = analysis.proposals.results.get(proposal.id)
            if result is None or not result.ok or instrument.id not in akn_files:
                continue  # a proposal that does not apply has no accepted text (the check reports it)
            try:
                files[publication.akn_proposal_file(instrument, proposal.id)] = akn.proposal_document(instrument, proposal, result, publication, documents)
            except OpenDataError as error:
                problems.append(f"no Akoma Ntoso for proposal {proposal.id}: {error}")
            else:
                akn_files[f"proposal:{proposal.id}"] = publication.akn_proposal_file(instrument, proposal.id)
    citations: dict[str, PageCitation] = {}
    cite: dict[str, str] = {}
    on_page = notes_by_page(documents)
    themes_by_page = {theme_path(theme_id): theme_id for theme_id in project.themes}
    for src_uri, title in pages:
        theme_id = themes_by_page.get(src_uri)
        notes = on_page.get(src_uri, [])
        citation = page_citation(publication, src_uri, title, notes, bool(feeds), feeds.get(theme_id) if theme_id else None)
        citations[src_uri] = citation
        if notes:
            # "Cite this" files for the pages that carry commentary; the others cite as a web page from their tags.
            files[citation.cite_file] = dumps(citation.items)
            cite[src_uri] = citation.cite_file
        else:
            citation.cite_href = None
    files.update(data_files(publication, analysis, feeds, akn_files, documents, cite))
    return OpenData(files, citations, problems, round(time.perf_counter() - started, 4))
