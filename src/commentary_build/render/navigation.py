"""How pages are named in navigation and headings, and the site's cross-cutting pages."""

from __future__ import annotations

from ..document.naming import article_heading, nav_title
from ..model import Article, Instrument, Project
from .page import NavEntry

__all__ = ["article_heading", "nav_title"]

PROPOSALS_PAGE = "proposals.md"
MATRIX_PAGE = "matrix.md"
TRACKER_PAGE = "recommendations.md"
THEMES_PAGE = "themes/index.md"
CONCORDANCE_PAGE = "concordance.md"
BIBLIOGRAPHY_PAGE = "bibliography.md"
CONTRIBUTING_PAGE = "contributing/index.md"
ABOUT_PAGE = "about.md"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


# How many instruments get a colour of their own in the stylesheet (commentary.css, "Which text"); more reuse them.
INSTRUMENT_SLOTS = 4


def instrument_mark(instrument: Instrument, position: int) -> dict[str, str]:
    """What names a text at the top of each of its pages: its label, who made it and its symbol,
    a short badge (``mark`` in instrument.yml, else the label's initials) and a colour slot
    (``position`` is the text's place among the site's texts, from 0)."""
    meta = instrument.metadata
    detail = ", ".join(str(part) for part in (meta.get("issuer"), instrument.symbol) if part)
    initials = "".join(word[0] for word in instrument.label.split() if word[:1].isupper())
    badge = str(meta.get("mark") or initials[:4] or instrument.id[:4].upper())
    return {"name": instrument.label, "detail": detail, "badge": badge, "slot": str(position % INSTRUMENT_SLOTS + 1)}


def document_title(instrument: Instrument, title: str, article: Article | None = None) -> str:
    """A page's title outside the page (browser tab, the header on scroll, search results, bookmarks): what the
    page is, then its text, so that the start tells pages apart where the title is cut (a phone's header, a row
    of browser tabs): "Art 15 — Conditions and safeguards · Budapest Convention",
    "Chapter V: International cooperation · UN Convention against Cybercrime"."""
    if article is not None:
        title = f"Art {article.number} — {article.title}" if article.title else f"Art {article.number}"
    return f"{title} · {instrument.label}"


def citation_title(instrument: Instrument, title: str) -> str:
    """A page of a text as a reference manager saves it: the text first, then the page's own title
    ("Budapest Convention, Article 25: General principles relating to mutual assistance"), so a saved item
    names its treaty whatever the browser tab showed."""
    return f"{instrument.label}, {title}"


def reader_links() -> list[tuple[str, str]]:
    """The pages that cut across articles, as the home page lists them: (title, page)."""
    return [
        ("Drafting proposals", PROPOSALS_PAGE),
        ("Safeguards matrix", MATRIX_PAGE),
        ("Recommendations tracker", TRACKER_PAGE),
        ("Themes", THEMES_PAGE),
        ("Concordance with the Budapest Convention and other texts", CONCORDANCE_PAGE),
        ("Bibliography", BIBLIOGRAPHY_PAGE),
        ("About this edition", ABOUT_PAGE),
        ("Contributing", CONTRIBUTING_PAGE),
    ]


def reader_nav(project: Project) -> list[NavEntry]:
    themes: list[NavEntry] = [{theme.label: theme_path(theme.id)} for theme in project.themes.values()]
    return [
        {"Drafting proposals": PROPOSALS_PAGE},
        {"Safeguards matrix": MATRIX_PAGE},
        {"Recommendations": TRACKER_PAGE},
        {"Themes": [{"All themes": THEMES_PAGE}, *themes]},
        {"Concordance": CONCORDANCE_PAGE},
        {"Bibliography": BIBLIOGRAPHY_PAGE},
        {"About": ABOUT_PAGE},
        {"Contributing": [CONTRIBUTING_PAGE]},
    ]
