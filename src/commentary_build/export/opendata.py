"""Everything the site publishes under data/: the JSON API, Akoma Ntoso, the change feeds and "cite this" files.

``publish`` is what a site build and ``commentary export json`` both run, so the two give
the same files. A part that cannot be made (no git history for the feeds, a unit id that
cannot form an eId) is left out and named in ``problems``; the rest is still written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..check import Analysis
from ..document import Documents
from ..load.changes import changes_from
from ..model import Article
from ..render.navigation import theme_path
from ..render.page import SitePage
from . import akn, feed
from .bibformats import BIBTEX_MEDIA_TYPE, RIS_MEDIA_TYPE, bibtex, ris
from .citation_meta import PageCitation, PageFacts, describe_page, notes_by_page, page_citation
from .data_json import data_files, dumps
from .publication import SITE_FEED, OpenDataError, Publication


@dataclass
class OpenData:
    files: dict[str, bytes]  # site path -> bytes
    citations: dict[str, PageCitation]  # page src_uri -> its citation metadata
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # What ``publish(deferred=True)`` left to make (the Akoma Ntoso and the JSON API): run by ``complete``.
    _rest: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def complete(self) -> OpenData:
        """Make what was deferred, once: afterwards ``files`` and ``problems`` are those of an undeferred ``publish``."""
        rest, self._rest = self._rest, None
        if rest is not None:
            started = time.perf_counter()
            rest()
            self.seconds = round(self.seconds + time.perf_counter() - started, 4)
        return self

    @property
    def feed(self) -> bool:
        """Whether the site's change feed was written (not without a full git history)."""
        return SITE_FEED in self.files

    def citation_for(self, src_uri: str) -> PageCitation | None:
        return self.citations.get(src_uri)


def publish(publication: Publication, analysis: Analysis, pages: Iterable[SitePage] = (), documents: Documents | None = None,
            deferred: bool = False) -> OpenData:
    """The files of data/ and the citation metadata of each generated page; ``documents``: the build's document
    tree, shared with the site's pages (made here when not given). ``deferred``: make now only what the pages
    need (their citations, the feeds and "cite this" files) and leave the Akoma Ntoso and the JSON API, most of
    the work and read by no page, to ``OpenData.complete`` (a preview serves the page first)."""
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
    citations: dict[str, PageCitation] = {}
    cite: dict[str, dict[str, str]] = {}  # page src_uri -> its cite files (CSL-JSON, BibTeX, RIS)
    on_page = notes_by_page(documents)
    themes_by_page = {theme_path(theme_id): theme_id for theme_id in project.themes}
    articles = _articles_by_page(publication)
    for page in pages:
        src_uri = page.src_uri
        theme_id = themes_by_page.get(src_uri)
        notes = on_page.get(src_uri, [])
        text = project.instruments.get(page.text_id) if page.text_id else None
        article = articles.get(src_uri)
        title = page.citation_title or page.document_title or page.title
        proposals = len(analysis.proposals.on_article(text.id, article.id)) if text and article else sum(len(n.proposals) for n in notes)
        description = describe_page(publication, page.kind, title, text, article, notes, proposals,
                                    project.themes[theme_id].description if theme_id else None)
        facts = PageFacts(src_uri, title, description, page.pdf, text, article)
        # An article's own feed (written only for articles with commentary) is announced in its head, as a theme's is.
        article_feed = feeds.get(f"article:{text.id}/{article.id}") if text and article else None
        citation = page_citation(publication, src_uri, title, notes, bool(feeds), feeds.get(theme_id) if theme_id else None, facts, article_feed)
        citations[src_uri] = citation
        if notes:
            # "Cite this" files for the pages that carry commentary (CSL-JSON, BibTeX, RIS); the others cite from their tags.
            cite_files = citation.cite_files
            files[citation.cite_file] = dumps(citation.items)
            files[cite_files[BIBTEX_MEDIA_TYPE]] = bibtex(citation.items).encode("utf-8")
            files[cite_files[RIS_MEDIA_TYPE]] = ris(citation.items).encode("utf-8")
            cite[src_uri] = {"data": citation.cite_file, "bibtex": cite_files[BIBTEX_MEDIA_TYPE], "ris": cite_files[RIS_MEDIA_TYPE]}
        else:
            citation.cite_href = None

    def rest() -> None:
        # Made into dictionaries of their own and added at the end, so no reader of ``files`` sees a part of them.
        made: dict[str, bytes] = {}
        akn_files = _akn(publication, analysis, documents, made, problems)
        made.update(data_files(publication, analysis, feeds, akn_files, documents, cite))
        files.update(made)

    published = OpenData(files, citations, problems, round(time.perf_counter() - started, 4), rest)
    return published if deferred else published.complete()


def _articles_by_page(publication: Publication) -> dict[str, Article]:
    """Each article page's article, by the page's src_uri."""
    found: dict[str, Article] = {}
    for instrument in publication.project.instruments.values():
        for article in instrument.articles.values():
            found[publication.article_page(instrument, article)] = article
    return found


def _akn(publication: Publication, analysis: Analysis, documents: Documents, files: dict[str, bytes], problems: list[str]) -> dict[str, str]:
    """The Akoma Ntoso files (each text, each article as a portion, each proposal that applies) added to ``files``;
    their site paths by text id, "<text>/<article>" and "proposal:<id>", for the index."""
    project = publication.project
    akn_files: dict[str, str] = {}
    for instrument in project.instruments.values():
        try:
            files[publication.akn_file(instrument)] = akn.akn_document(instrument, publication, structure=documents.structure(instrument), references=documents.references)
        except OpenDataError as error:
            problems.append(f"no Akoma Ntoso for {instrument.id}: {error}")
        else:
            akn_files[instrument.id] = publication.akn_file(instrument)
            for each in instrument.articles.values():
                files[publication.akn_article_file(instrument, each)] = akn.article_document(instrument, each, publication, references=documents.references)
                akn_files[f"{instrument.id}/{each.id}"] = publication.akn_article_file(instrument, each)
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
    return akn_files
