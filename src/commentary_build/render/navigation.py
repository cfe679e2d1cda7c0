"""How pages are named in navigation and headings, and the site's cross-cutting pages."""

from __future__ import annotations

from ..model import Article, Project
from .page import NavEntry

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


def nav_title(article: Article) -> str:
    return f"Art. {article.number} {article.title}"


def article_heading(article: Article) -> str:
    return f"{article.label.rstrip('.')}: {article.title}"


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
