"""Where the open data is published and which revision it was made from.

Every open-data export (JSON, Akoma Ntoso, CSL-JSON, the change feeds, the citation tags)
needs the same few facts: the site's title and address, where each page lives, and the
commit the files were built from. The first and the last are the build's settings
(``model.settings``, read once in the load stage), never the clock: two builds of one
commit give the same bytes.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ..document import naming
from ..model import Article, Instrument, Note, Project, ids
from ..model.settings import Revision, Settings
from ..render.navigation import BIBLIOGRAPHY_PAGE, THEMES_PAGE, theme_path
from ..render.urls import SiteUrls

# The data format's version: the major number changes when a field is removed, renamed or
# changes meaning; the minor number when fields are added. Consumers check the major.
# 2.0: footnotes numbered through the page, notes in the order of the text, overviews; one base for every
# address (absolute, or relative to the file that holds it). 1.2: draft concordance kind "successor".
# 2.1: the licence in every file, units' links, Akoma Ntoso per article and per proposal, article feeds, the cite
# files and the citation index in the index; eIds by the AKN naming convention; schemas with $id, open to new fields.
# 2.2: who proposes, sourced: a proposal's `proposed_in` and `proponent_sourced`; `short_title` of notes and proposals.
# 2.3: a proposal's Akoma Ntoso file holds the articles it changes (a portion), not the whole text.
DATA_FORMAT_VERSION = "2.3"

DATA_DIR = "data"
SCHEMA_DIR = f"{DATA_DIR}/schemas"
INDEX_FILE = f"{DATA_DIR}/index.json"
BIBLIOGRAPHY_FILE = f"{DATA_DIR}/bibliography.json"
SITE_FEED = f"{DATA_DIR}/feed.xml"


class OpenDataError(Exception):
    """An export that cannot be made: the message names what is wrong and what to do."""


@dataclass
class Publication:
    """The site the data belongs to and where its pages live. Its title, address, language and revision
    are the build's settings: ``project.settings``, or a copy with another address (``publication_for``)."""

    project: Project
    settings: Settings
    urls: SiteUrls = field(init=False)

    def __post_init__(self) -> None:
        self.urls = SiteUrls(self.directory_urls)
        for instrument in self.project.instruments.values():
            self.urls.register_instrument(instrument)

    @property
    def title(self) -> str:
        return self.settings.title

    @property
    def site_url(self) -> str | None:
        """Absolute, ending in "/"; None when the site's address is not configured."""
        return self.settings.site_url

    @property
    def repo_url(self) -> str | None:
        return self.settings.repo_url

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def directory_urls(self) -> bool:
        return self.settings.directory_urls

    @property
    def revision(self) -> Revision:
        return self.settings.revision

    @property
    def rights(self) -> str:
        """What the edition declares about reuse (``commentary/edition.yml``): its licence, which covers the
        commentary, and the status of the treaty texts; "" when it declares neither."""
        edition = self.project.edition
        parts = []
        if edition.licence is not None:
            parts.append(f"{edition.licence.label} ({edition.licence.url})." if edition.licence.url else f"{edition.licence.label}.")
        if edition.texts_licence:
            parts.append(" ".join(edition.texts_licence.split()))
        return " ".join(parts)

    # ------------------------------------------------------------------ pages (src_uri)
    def article_page(self, instrument: Instrument, article: Article) -> str:
        return self.urls.article_page(instrument, article)

    def note_page(self, note: Note) -> str:
        return naming.note_page(self.project, note)

    # ------------------------------------------------------------------ site paths (relative to the site root)
    def page_path(self, src_uri: str) -> str:
        """The page's path from the site root: "uncc/art-40/" (or "uncc/art-40.html")."""
        return self.urls.url(src_uri)

    def note_path(self, note: Note) -> str:
        return f"{self.page_path(self.note_page(note))}#{note.anchor}"

    def unit_path(self, instrument: Instrument, unit_id: str) -> str | None:
        page = self.urls.page_of_unit(instrument.id, unit_id)
        if page is None:
            return None
        return self.page_path(page) + ("" if ids.is_article(unit_id) else f"#{unit_id}")

    def proposal_path(self, note: Note, proposal_id: str) -> str:
        return f"{self.page_path(self.note_page(note))}#proposal-{proposal_id}"

    def theme_path(self, theme_id: str) -> str:
        return self.page_path(theme_path(theme_id))

    @property
    def themes_path(self) -> str:
        return self.page_path(THEMES_PAGE)

    @property
    def bibliography_path(self) -> str:
        return self.page_path(BIBLIOGRAPHY_PAGE)

    def absolute(self, site_path: str) -> str | None:
        """The full address of a site path, when the site's address is known."""
        return self.settings.absolute(site_path)

    @staticmethod
    def relative(from_file: str, to_site_path: str) -> str:
        """A link from a file of the site (e.g. "data/feed.xml") to a site path ("uncc/art-40/#note-x")."""
        path, _, fragment = to_site_path.partition("#")
        relative = relative_path(posixpath.dirname(from_file), path)
        if (path.endswith("/") or path == "") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{fragment}" if fragment else "")

    # ------------------------------------------------------------------ data files
    @staticmethod
    def instrument_file(instrument: Instrument) -> str:
        return f"{DATA_DIR}/instruments/{instrument.id}.json"

    @staticmethod
    def article_file(instrument: Instrument, article: Article) -> str:
        return f"{DATA_DIR}/articles/{instrument.id}/{article.id}.json"

    @staticmethod
    def overview_file(instrument: Instrument) -> str:
        return f"{DATA_DIR}/overviews/{instrument.id}.json"

    @staticmethod
    def akn_file(instrument: Instrument) -> str:
        return f"{DATA_DIR}/{instrument.id}.akn.xml"

    @staticmethod
    def akn_article_file(instrument: Instrument, article: Article) -> str:
        """One article as an Akoma Ntoso portion of its text: data/akn/uncc/art-40.xml."""
        return f"{DATA_DIR}/akn/{instrument.id}/{article.id}.xml"

    @staticmethod
    def akn_proposal_file(instrument: Instrument, proposal_id: str) -> str:
        """The articles one proposal changes, with it accepted (a portion of a modified expression): data/akn/uncc/proposals/<id>.xml."""
        return f"{DATA_DIR}/akn/{instrument.id}/proposals/{proposal_id}.xml"

    @staticmethod
    def cite_file(src_uri: str) -> str:
        """The "cite this" CSL-JSON of a page: uncc/art-40.md → data/cite/uncc/art-40.json."""
        return naming.cite_file(src_uri)

    @staticmethod
    def theme_feed(theme_id: str) -> str:
        return f"{DATA_DIR}/feeds/{theme_id}.xml"

    @staticmethod
    def article_feed(instrument: Instrument, article: Article) -> str:
        """The change feed of one article's notes and proposals: data/feeds/articles/uncc/art-40.xml."""
        return f"{DATA_DIR}/feeds/articles/{instrument.id}/{article.id}.xml"


def relative_path(folder: str, target: str) -> str:
    """``target`` relative to ``folder``, both paths from the site root (posixpath.relpath without its calls to getcwd)."""
    start = [part for part in folder.split("/") if part and part != "."]
    parts = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def publication_for(project: Project, site_url: str | None = None) -> Publication:
    """A publication of ``project`` with its settings, its address replaced by ``site_url`` when given."""
    return Publication(project, project.settings.with_site_url(site_url))
