"""The pages of a text: home, preamble, divisions, articles, the overview and the interpretative notes.

Each page is a Markdown skeleton (headings, for the table of contents) around HTML blocks;
every block is drawn by a template named after it (``home/intro.html``, ``article/header.html``,
``note.html``…), and the functions here only gather what each template shows.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Article, Division, Instrument, Note, Proposal
from ..transform.citations import FootnoteSequence
from ..transform.pinpoints import citation, pinpoint
from .about import text_summaries
from .comparison import article_sections
from .context import RenderContext, citable, note_anchor, provision
from .downloads import FULL_PDF, article_pdf, chapter_pdf, download_line
from .footnotes import footnotes_html
from .navigation import CONTRIBUTING_PAGE, article_heading, nav_title, reader_links, theme_path
from .notes import ParagraphNumbers, byline, commentary_citation, commentary_locator, in_text_order, long_date, paragraph_markers
from .page import SitePage, heading, html_block, make_page
from .proposals import render_article_proposals
from .text import TextContext, render_article_text, render_units


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
    here = context.urls.instrument_page(instrument, "preamble")
    text_ctx = TextContext(instrument, context.words_html(here, instrument), templates=context.templates)
    body = html_block(context.copy_note_html(instrument) + render_units(instrument.preamble, text_ctx, "tc-text tc-preamble"))
    if instrument.final_clauses:
        body += heading(2, "Final clause", "final-clause") + html_block(render_units(instrument.final_clauses, text_ctx, "tc-text tc-final"))
        if instrument.footnotes:
            body += html_block(context.html("text/source_footnotes.html", footnotes=instrument.footnotes))
    return context.text_page(instrument, here, "Preamble", body, kind="preamble", sources=(f"{instrument.directory}/text/front.yml",))


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
    here = context.urls.instrument_page(instrument, "overview")
    notes = context.project.overview_notes(instrument.id)
    title = "Overview"
    footnotes = context.new_footnotes(here, title)
    body = html_block(context.copy_note_html(instrument) + context.html("overview/intro.html"))
    body += heading(2, "Commentary", "commentary") + _notes_html(notes, here, context, footnotes, heading_level=3,
                                                                  locator=commentary_locator(instrument, None))
    body += _footnotes_section(footnotes, context)
    context.count_citations(footnotes)
    folder = f"commentary/{instrument.id}/overview/"
    return context.text_page(instrument, here, title, body, kind="overview", edit_path=notes[0].path if len(notes) == 1 else folder, edit_is_new=len(notes) != 1, sources=tuple(n.path for n in notes))


def article_page(instrument: Instrument, article: Article, context: RenderContext) -> SitePage:
    urls = context.urls
    here = urls.article_page(instrument, article)
    project = context.project
    notes = project.notes_by_article(instrument.id).get(article.id, [])
    title = article_heading(article)
    footnotes = context.new_footnotes(here, title)
    division = context.lookups(instrument).division.get(article.id)
    text_ctx = TextContext(instrument, context.words_html(here, instrument), templates=context.templates)
    proposals_html = Markup("")
    proposal_units: list[tuple[str, str]] = []
    if article.instrument is not None and instrument.takes_proposals:
        anchored = context.analysis.proposals
        for proposal in anchored.on_article(instrument.id, article.id):
            proposal_units += [(provision(instrument, unit.target).top.id, proposal.id) for unit in anchored.results[proposal.id].units]
    proposals = {p.id: p for p in context.analysis.proposals.on_article(instrument.id, article.id)} if proposal_units else {}
    text_ctx.markers = paragraph_markers(
        article, notes, proposal_units,
        note_href=lambda note: f"#{note_anchor(note)}",
        proposal_href=lambda proposal_id: _proposal_href(context, here, proposals[proposal_id]),
    )
    if article.instrument is not None and instrument.takes_proposals:
        text_ctx.override, proposals_html = render_article_proposals(article, notes, here, context, footnotes, text_ctx.markers)
    header = context.html(
        "article/header.html",
        instrument=instrument,
        article=article,
        division=division,
        division_href=urls.href(here, urls.division_page(instrument, division.id)) if division is not None else None,
        citation=citation(instrument, article),
        copy=context.unofficial_copy(instrument),
    )
    body = html_block(header + render_article_text(article, text_ctx))
    pdf = article_pdf(article.id) if context.pdf_links and instrument.is_default else None
    if pdf:
        body = html_block(download_line(urls.url(here), pdf, "this article, as in the full commentary", context.templates)) + body
    interpretative = context.lookups(instrument).interpretative.get(article.id, [])
    if interpretative:
        notes_uri = urls.instrument_page(instrument, "interpretative-notes")
        items = [{"note": n, "href": urls.href(here, notes_uri, n.id)} for n in interpretative]
        body += heading(2, "Interpretative notes", "interpretative-notes") + html_block(context.html("article/interpretative_notes.html", notes=items))
    if proposals_html:
        body += heading(2, "Drafting proposals", "proposals") + html_block(proposals_html)
    body += heading(2, "Commentary", "commentary")
    if notes:
        body += html_block(context.provenance_html(n.path for n in notes))
        body += _notes_html(notes, here, context, footnotes, heading_level=3, locator=commentary_locator(instrument, article))
    else:
        body += html_block(context.html("article/no_commentary.html", instrument=instrument, article=article, contributing_href=urls.href(here, CONTRIBUTING_PAGE)))
    body += article_sections(instrument, article, here, context)
    body += _related_html(instrument, article, here, context)
    body += _footnotes_section(footnotes, context)
    context.count_citations(footnotes)
    folder = f"commentary/{instrument.id}/{article.id}/"
    text_file = f"{instrument.directory}/text/articles/"
    return context.text_page(
        instrument,
        here,
        title,
        body,
        article=article,
        kind="article",
        edit_path=notes[0].path if len(notes) == 1 else folder,
        edit_is_new=len(notes) != 1,
        sources=tuple(n.path for n in notes) + (text_file,),
        pdf=pdf,
    )


def _notes_html(notes: list[Note], page_uri: str, context: RenderContext, footnotes: FootnoteSequence, heading_level: int,
                locator: str = "") -> str:
    """Each note under its own heading (its title), for the page's table of contents, in the order of the
    text they are on; the paragraphs of their bodies numbered through the page, each citable (``locator``)."""
    if not notes:
        return html_block(context.html("no_notes.html"))
    project = context.project
    numbers = ParagraphNumbers()
    parts = []
    # The notes of a page are all on one text.
    position = context.lookups(project.instruments[notes[0].instrument_id]).unit_position
    for note in in_text_order(notes, position):
        instrument = project.instruments[note.instrument_id]
        target: dict[str, str | None]
        if note.target == "overview":
            target = {"label": "the treaty as a whole", "href": None}
        else:
            target = {"label": pinpoint(citable(instrument, note.target)), "href": context.urls.unit_href(page_uri, instrument.id, note.target)}
        themes = [
            {"href": context.urls.href(page_uri, theme_path(t)), "label": project.themes[t].label}
            for t in note.themes
            if t in project.themes
        ]
        body = context.render_note_markdown(note.body, note, page_uri, footnotes, note.body_line)

        def opening(number: int, note: Note = note) -> Markup:
            cite = commentary_citation(note, project.edition, locator, number)
            return context.html("note_paragraph.html", id=f"commentary-{number}", number=number, cite=cite)

        html = context.html(
            "note.html",
            note=note,
            target=target,
            byline=byline(note, project.edition, project.bibliography, lambda page, anchor: context.urls.href(page_uri, page, anchor)),
            date=note.date.isoformat() if note.date else None,
            date_text=long_date(note.date),
            themes=themes,
            body=numbers.number(body, opening),
        )
        parts.append(heading(heading_level, note.title, note_anchor(note)) + html_block(html))
    return "".join(parts)


def _proposal_href(context: RenderContext, here: str, proposal: Proposal) -> str:
    assert proposal.note is not None, "a loaded proposal always belongs to its note"
    return context.proposal_href(here, proposal.note, proposal.id)


def _related_html(instrument: Instrument, article: Article, page_uri: str, context: RenderContext) -> str:
    urls = context.urls
    by_article: dict[str, list[str]] = {}
    for source_id, kind in context.references.referred_by.get((instrument.id, article.id), set()):
        by_article.setdefault(source_id, []).append(kind)
    referred_by = []
    position = context.lookups(instrument).position
    for source_id in sorted(by_article, key=position.__getitem__):
        source = instrument.articles[source_id]
        kinds = " and ".join("its text" if k == "text" else "commentary" for k in sorted(set(by_article[source_id]), reverse=True))
        referred_by.append({"href": urls.href(page_uri, urls.article_page(instrument, source)), "title": nav_title(source), "kinds": kinds})
    drafts = [{"concordance": concordance, "entry": entry} for concordance, entry in context.lookups(instrument).drafts.get(article.id, [])]
    if not referred_by and not drafts:
        return ""
    return heading(2, "Related provisions", "related") + html_block(context.html("article/related.html", referred_by=referred_by, drafts=drafts))


def _footnotes_section(footnotes: FootnoteSequence, context: RenderContext) -> str:
    html = footnotes_html(footnotes, context.templates)
    if not html:
        return ""
    return heading(2, "Notes", "notes") + html_block(html)
