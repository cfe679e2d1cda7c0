"""The pages of a text: home, preamble, divisions, articles, the overview and the interpretative notes.

Each page is a Markdown skeleton (headings, for the table of contents) around HTML blocks;
every block is drawn by a template named after it (``home/intro.html``, ``article/header.html``,
``note.html``…). The pages that the document tree holds (articles, the overview, the preamble)
are written from it by ``render.write`` with their page templates (``page/*.html``); for the
others the functions here gather what each template shows.
"""

from __future__ import annotations

from ..document.nodes import ArticlePage, Text, TextUnit
from ..model import Article, Division, Instrument
from .about import text_summaries
from .context import RenderContext
from .downloads import FULL_PDF, article_pdf, chapter_pdf, download_line
from .navigation import reader_links
from .page import SitePage, heading, html_block, make_page
from .write import TEXT_ANCHOR, write_article, write_front, write_overview


def home_page(context: RenderContext) -> SitePage:
    """The edition's title and subtitle, each text with its sourced status, the pages that cut across
    articles, and the chapters of the default text."""
    project = context.project
    edition = project.edition
    instrument = project.default_instrument
    urls = context.urls
    here = "index.md"
    chapters = []
    for chapter in instrument.divisions:
        article_ids = chapter.all_article_ids()
        chapters.append({
            "href": urls.href(here, urls.division_page(instrument, chapter.id)),
            "division": chapter,
            "first": instrument.articles[article_ids[0]],
            "last": instrument.articles[article_ids[-1]],
            "annotated": sum(1 for a in article_ids if project.notes_by_article(instrument.id).get(a)),
        })
    intro = context.html(
        "home/intro.html",
        edition=edition,
        counts={
            "texts": len(project.instruments),
            "articles": len(instrument.articles),
            "notes": len(project.notes),
            "proposals": sum(len(n.proposals) for n in project.notes),
            "sources": len(project.bibliography),
        },
        default=instrument,
    )
    body = html_block(intro)
    if context.pdf_links:
        body += html_block(download_line(urls.url(here), FULL_PDF, "the full commentary", context.templates))
    body += heading(2, "The texts", "texts") + html_block(context.html("home/texts.html", texts=text_summaries(context, here)))
    links = [{"href": urls.href(here, uri), "title": title} for title, uri in reader_links()]
    body += heading(2, "Across the texts", "across") + html_block(context.html("home/links.html", links=links))
    body += heading(2, f"Chapters of the {instrument.label}", "chapters") + html_block(context.html("home/chapters.html", chapters=chapters))
    return make_page(here, edition.title, body, kind="home", pdf=FULL_PDF if context.pdf_links else None)


def preamble_page(instrument: Instrument, context: RenderContext) -> SitePage:
    page = context.documents.front(instrument)
    body = write_front(page, context)
    return context.text_page(instrument, page.path, "Preamble", body, kind="preamble", sources=(f"{instrument.directory}/text/front.yml",))


def division_page(instrument: Instrument, division: Division, context: RenderContext) -> SitePage:
    here = context.urls.division_page(instrument, division.id)
    notes_by_article = context.project.notes_by_article(instrument.id)
    articles = []
    for article_id in division.all_article_ids():
        article = instrument.articles[article_id]
        href = context.urls.href(here, context.urls.article_page(instrument, article))
        articles.append({"href": href, "article": article, "notes": len(notes_by_article.get(article_id, []))})
    body = html_block(context.copy_note_html(instrument) + context.html("division/intro.html", instrument=instrument))
    pdf = None
    if context.pdf_links and instrument.is_default and division in instrument.chapters():
        pdf = chapter_pdf(instrument.chapters().index(division) + 1)
        body += html_block(download_line(context.urls.url(here), pdf, f"{division.label}, from the full commentary", context.templates))
    if division.children:
        body += html_block(context.html("division/subdivisions.html", children=division.children))
    body += heading(2, "Articles", "articles") + html_block(context.html("division/articles.html", articles=articles))
    return context.text_page(instrument, here, f"{division.label}: {division.title}", body, kind="division", pdf=pdf)


def interpretative_notes_page(instrument: Instrument, context: RenderContext) -> SitePage:
    here = context.urls.instrument_page(instrument, "interpretative-notes")
    notes = []
    for note in instrument.notes:
        articles = [
            {"href": context.urls.href(here, context.urls.article_page(instrument, instrument.articles[a])), "label": instrument.articles[a].label.rstrip(".")}
            for a in note.article_ids
            if a in instrument.articles
        ]
        notes.append({"note": note, "articles": articles})
    body = html_block(context.copy_note_html(instrument) + context.html("interpretative_notes.html", notes=notes))
    return context.text_page(instrument, here, "Annex: interpretative notes", body, kind="notes")


def overview_page(instrument: Instrument, context: RenderContext) -> SitePage:
    page = context.documents.overview(instrument)
    notes = [node.note for node in page.notes]
    body = write_overview(page, context)
    folder = f"commentary/{instrument.id}/overview/"
    return context.text_page(instrument, page.path, page.title, body, kind="overview", edit_path=notes[0].path if len(notes) == 1 else folder,
                             edit_is_new=len(notes) != 1, sources=tuple(n.path for n in notes))


def article_page(instrument: Instrument, article: Article, context: RenderContext) -> SitePage:
    page = context.documents.article(instrument, article)
    download = None
    pdf = article_pdf(article.id) if context.pdf_links and instrument.is_default else None
    if pdf:
        download = download_line(context.urls.url(page.path), pdf, "this article, as in the full commentary", context.templates)
    body = write_article(page, context, download)
    notes = [node.note for node in page.notes]
    folder = f"commentary/{instrument.id}/{article.id}/"
    return context.text_page(
        instrument,
        page.path,
        page.title,
        body,
        article=article,
        kind="article",
        edit_path=notes[0].path if len(notes) == 1 else folder,
        edit_is_new=len(notes) != 1,
        sources=page.sources,
        contents=text_contents(page),
        pdf=pdf,
    )


# How much of a paragraph's opening words its entry in the table of contents shows.
_CONTENTS_WORDS = 42


def text_contents(page: ArticlePage) -> tuple[tuple[str, str], tuple[tuple[str, str], ...]] | None:
    """The article's numbered paragraphs for the table of contents: "1. States Parties shall afford one…"
    (the treaty's own opening words, cut at a word and marked as cut); none for an article of one paragraph."""
    entries = []
    for node in page.text:
        if not node.unit.num:
            continue
        words = _opening(node)
        if len(words) > _CONTENTS_WORDS:
            words = words[:_CONTENTS_WORDS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        entries.append((node.id, f"{node.unit.num} {words}".strip()))
    return ((TEXT_ANCHOR, "Text"), tuple(entries)) if len(entries) > 1 else None


def _opening(node: TextUnit) -> str:
    """A unit's first words, or for a paragraph that has none before its subparagraphs, its first subparagraph's ("(a) Each …")."""
    words = " ".join("".join(piece.text if isinstance(piece, Text) else "".join(c.text for c in piece.children if isinstance(c, Text))
                              for piece in node.words).split())
    if not words and node.children:
        child = node.children[0]
        return f"{child.unit.num or ''} {_opening(child)}".strip()
    return words
