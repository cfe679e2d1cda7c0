"""Which articles an export holds: all of them, a list, those a theme touches, or one chapter.

A selection is resolved against the loaded project before anything is rendered, so a
typo in ``--articles`` or ``--theme`` fails at once with a message naming the choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Division, Instrument, Project, ids


class SelectionError(ValueError):
    """The requested articles, theme or chapter do not exist."""


@dataclass
class Selection:
    instrument: Instrument
    kind: str  # "full" | "articles" | "theme" | "chapter"
    title: str  # what the cover says the document is
    article_ids: list[str]  # in the order of the text

    @property
    def is_full(self) -> bool:
        return self.kind == "full"

    def articles(self) -> list[Article]:
        return [self.instrument.articles[a] for a in self.article_ids]

    def chapters(self) -> list[tuple[Division, list[Article]]]:
        """The chapters that hold selected articles, each with its selected articles, in text order."""
        wanted = set(self.article_ids)
        grouped = []
        for chapter in self.instrument.chapters():
            members = [self.instrument.articles[a] for a in chapter.all_article_ids() if a in wanted]
            if members:
                grouped.append((chapter, members))
        return grouped


def chapter_number(instrument: Instrument, chapter: Division) -> int:
    """The chapter's position from 1, whatever numerals the text prints ("V" is 5)."""
    return instrument.chapters().index(chapter) + 1


def select_all(project: Project) -> Selection:
    instrument = project.default_instrument
    return Selection(instrument, "full", "Full commentary", list(instrument.articles))


def select_articles(project: Project, numbers: list[str]) -> Selection:
    instrument = project.default_instrument
    by_number = {article.number: article.id for article in instrument.articles.values()}
    wanted = [ids.typed_article_number(n) for n in numbers if n.strip()]
    unknown = [n for n in wanted if n not in by_number]
    if unknown:
        raise SelectionError(
            f"{instrument.short_title} has no article {', '.join(unknown)} "
            f"(articles are numbered {min(map(int, by_number))}–{max(map(int, by_number))})"
        )
    if not wanted:
        raise SelectionError("no article numbers given (e.g. --articles 40,42,43)")
    chosen = {by_number[n] for n in wanted}
    ordered = [a for a in instrument.articles if a in chosen]
    labels = ", ".join(instrument.articles[a].number for a in ordered)
    return Selection(instrument, "articles", f"Brief: Article{'s' if len(ordered) > 1 else ''} {labels}", ordered)


def select_theme(project: Project, theme_id: str) -> Selection:
    instrument = project.default_instrument
    theme = project.themes.get(theme_id)
    if theme is None:
        raise SelectionError(f"no theme '{theme_id}'; themes are: {', '.join(sorted(project.themes))}")
    touched = {n.article_id for n in project.notes if n.instrument_id == instrument.id and n.article_id and theme_id in n.themes}
    if not touched:
        raise SelectionError(f"no note on an article has the theme '{theme_id}'")
    ordered = [a for a in instrument.articles if a in touched]
    return Selection(instrument, "theme", f"Brief: {theme.label}", ordered)


def select_chapter(project: Project, number: str) -> Selection:
    instrument = project.default_instrument
    chapters = instrument.chapters()
    wanted = number.strip()
    for position, chapter in enumerate(chapters, 1):
        if wanted in (str(position), chapter.number, chapter.id):
            return Selection(instrument, "chapter", f"{chapter.label}: {chapter.title}", chapter.all_article_ids())
    raise SelectionError(f"{instrument.short_title} has no chapter '{number}' (chapters 1–{len(chapters)})")
