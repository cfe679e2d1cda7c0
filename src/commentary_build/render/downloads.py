"""Where the site publishes its PDFs, and the "Download PDF" line that links to them.

The MkDocs adapter writes the files under these paths and the page renderers link to
them, so the two share the names from here. The line is ``templates/download.html``.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from .templates import Templates

FULL_PDF = "pdf/commentary.pdf"


def chapter_pdf(number: int) -> str:
    """Site path of one chapter's PDF ("pdf/chapter-5.pdf"); ``number`` counts chapters from 1."""
    return f"pdf/chapter-{number}.pdf"


def article_pdf(article_id: str) -> str:
    """Site path of one article's PDF ("pdf/articles/art-40.pdf"), cut from its chapter's pages."""
    return f"pdf/articles/{article_id}.pdf"


def download_href(page_url: str, pdf_path: str) -> str:
    """The link to ``pdf_path`` from the page at ``page_url`` (a site URL such as "uncc/chp-5/")."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.relpath(pdf_path, folder.rstrip("/") or ".")


def download_line(page_url: str, pdf_path: str, label: str, templates: Templates) -> Markup:
    """A paragraph linking to ``pdf_path`` from the page at ``page_url``."""
    return templates.render("download.html", href=download_href(page_url, pdf_path), label=label)
