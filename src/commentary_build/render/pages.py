"""The pages of a text: home, preamble, divisions, articles, the overview and the interpretative notes."""

from __future__ import annotations

from markupsafe import escape

from ..model import Article, Division, Instrument, Note
from ..transform.pinpoints import pinpoint
from .comparison import article_sections, how_to_cite_html
from .context import RenderContext, iso, note_anchor
from .downloads import FULL_PDF, article_pdf, chapter_pdf, download_line
from .navigation import CONTRIBUTING_PAGE, article_heading, nav_title, reader_links, theme_path
from .page import SitePage, heading, html_block, make_page, md_escape
from .proposals import render_article_proposals
from .text import TextContext, render_article_text, render_units


def home_page(context: RenderContext) -> SitePage:
    project = context.project
    instrument = project.default_instrument
    urls = context.urls
    here = "index.md"
    meta = instrument.metadata
    rows = []
    for chapter in instrument.divisions:
        article_ids = chapter.all_article_ids()
        first, last = instrument.articles[article_ids[0]], instrument.articles[article_ids[-1]]
        annotated = sum(1 for a in article_ids if project.notes_by_article(instrument.id).get(a))
        rows.append(
            f'<tr><td><a href="{escape(urls.href(here, urls.division_page(instrument, chapter.id)))}">{escape(chapter.label)}</a></td>'
            f"<td>{escape(chapter.title)}</td><td>{_article_range(first, last)}</td><td>{annotated}</td></tr>"
        )
    notes_count = len(project.notes)
    proposals_count = sum(len(n.proposals) for n in project.notes)
    intro = (
        f'<div class="tc-home"><p class="tc-lede">The verbatim text of the <strong>{escape(instrument.title)}</strong>'
        f"{', ' + escape(meta.get('adoption_note')) if meta.get('adoption_note') else ''}"
        f" ({escape(instrument.symbol or '')}), with expert commentary, drafting proposals shown as blacklines, and the sources they rely on.</p>"
        f'<p class="tc-counts">{len(instrument.articles)} articles · {notes_count} notes · {proposals_count} drafting proposals · {len(project.bibliography)} sources</p>'
        f'<ul class="tc-home-links">'
        f'<li><a href="{escape(urls.href(here, urls.instrument_page(instrument, "overview")))}">Overview</a>: commentary on the treaty as a whole</li>'
        f'<li><a href="{escape(urls.href(here, urls.instrument_page(instrument, "preamble")))}">Preamble</a></li>'
        + "".join(f'<li><a href="{escape(urls.href(here, uri))}">{escape(title)}</a></li>' for title, uri in reader_links())
        + "</ul></div>"
    )
    table = '<table class="tc-chapters"><thead><tr><th>Chapter</th><th>Title</th><th>Articles</th><th>Annotated</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    body = html_block(intro) + "\n## Chapters {#chapters}\n" + html_block(table)
    if context.pdf_links:
        body = html_block(download_line(urls.url(here), FULL_PDF, "the full commentary")) + body
    return make_page(here, meta.get("site_title", instrument.short_title), body, kind="home")


def _article_range(first: Article, last: Article) -> str:
    if first is last:
        return f"Art. {escape(first.number)}"
    return f"Arts {escape(first.number)}–{escape(last.number)}"


def preamble_page(instrument: Instrument, context: RenderContext) -> SitePage:
    here = context.urls.instrument_page(instrument, "preamble")
    text_ctx = TextContext(instrument, context.words_html(here, instrument))
    body = html_block(render_units(instrument.preamble, text_ctx, "tc-text tc-preamble"))
    if instrument.final_clauses:
        body += "\n## Final clause {#final-clause}\n" + html_block(render_units(instrument.final_clauses, text_ctx, "tc-text tc-final"))
        if instrument.footnotes:
            items = "".join(f'<li id="{escape(f.id)}"><span class="tc-fn-marker">{escape(f.marker)}</span> {escape(f.text)}</li>' for f in instrument.footnotes)
            body += html_block(f'<ol class="tc-source-footnotes" aria-label="Footnotes of the source text">{items}</ol>')
    return make_page(here, f"Preamble — {instrument.short_title}" if not instrument.is_default else "Preamble", body, kind="preamble", sources=(f"{instrument.directory}/text/front.yml",))


def division_page(instrument: Instrument, division: Division, context: RenderContext) -> SitePage:
    here = context.urls.division_page(instrument, division.id)
    notes_by_article = context.project.notes_by_article(instrument.id)
    items = []
    for article_id in division.all_article_ids():
        article = instrument.articles[article_id]
        count = len(notes_by_article.get(article_id, []))
        badge = f' <span class="tc-badge">{count} note{"s" if count != 1 else ""}</span>' if count else ""
        items.append(f'<li><a href="{escape(context.urls.href(here, context.urls.article_page(instrument, article)))}">{escape(article.label.rstrip("."))}</a> {escape(article.title)}{badge}</li>')
    sub = "".join(f"<li>{escape(c.label)}: {escape(c.title)}</li>" for c in division.children)
    body = html_block(f'<p class="tc-meta">{escape(instrument.short_title)}</p>')
    if context.pdf_links and instrument.is_default and division in instrument.chapters():
        body += html_block(download_line(context.urls.url(here), chapter_pdf(instrument.chapters().index(division) + 1), f"{division.label}, from the full commentary"))
    if sub:
        body += html_block(f'<ul class="tc-subdivisions">{sub}</ul>')
    body += "\n## Articles {#articles}\n" + html_block(f'<ul class="tc-article-list">{"".join(items)}</ul>')
    return make_page(here, f"{division.label}: {division.title}", body, kind="division")


def interpretative_notes_page(instrument: Instrument, context: RenderContext) -> SitePage:
    here = context.urls.instrument_page(instrument, "interpretative-notes")
    blocks = []
    for note in instrument.notes:
        links = ", ".join(
            f'<a href="{escape(context.urls.href(here, context.urls.article_page(instrument, instrument.articles[a])))}">{escape(instrument.articles[a].label.rstrip("."))}</a>'
            for a in note.article_ids
            if a in instrument.articles
        )
        blocks.append(
            f'<div class="tc-unit tc-interpretative-note" id="{escape(note.id)}"><p class="tc-note-heading">{escape(note.heading)}</p>'
            f'<p><a class="tc-num" href="#{escape(note.id)}">{escape(note.num)}</a> {escape(note.text)}</p>'
            f'<p class="tc-meta">Interprets: {links}</p></div>'
        )
    return make_page(here, "Annex: interpretative notes", html_block('<div class="tc-text">' + "".join(blocks) + "</div>"), kind="notes")


def overview_page(instrument: Instrument, context: RenderContext) -> SitePage:
    here = context.urls.instrument_page(instrument, "overview")
    notes = context.project.overview_notes(instrument.id)
    title = "Overview"
    footnotes = context.new_footnotes(here, title)
    body = html_block(
        '<p class="tc-lede">Points that concern the treaty as a whole rather than one provision: its scope, its terminology, '
        "and how it refers to human rights law. Points on a single provision are on that article's page.</p>"
    )
    body += "\n## Commentary {#commentary}\n" + _notes_html(notes, here, context, footnotes, heading_level=3)
    body += _footnotes_section(footnotes)
    context.count_citations(footnotes)
    folder = f"commentary/{instrument.id}/overview/"
    return make_page(here, title, body, kind="overview", edit_path=notes[0].path if len(notes) == 1 else folder, edit_is_new=len(notes) != 1, sources=tuple(n.path for n in notes))


def article_page(instrument: Instrument, article: Article, context: RenderContext) -> SitePage:
    urls = context.urls
    here = urls.article_page(instrument, article)
    project = context.project
    notes = project.notes_by_article(instrument.id).get(article.id, [])
    title = article_heading(article)
    footnotes = context.new_footnotes(here, title)
    division = context.lookups(instrument).division.get(article.id)
    breadcrumb = ""
    if division is not None:
        breadcrumb = f'<p class="tc-meta"><a href="{escape(urls.href(here, urls.division_page(instrument, division.id)))}">{escape(division.label)}: {escape(division.title)}</a></p>'
    text_ctx = TextContext(instrument, context.words_html(here, instrument))
    proposals_html = ""
    if article.instrument is not None and instrument.is_default:
        text_ctx.override, proposals_html = render_article_proposals(article, notes, here, context, footnotes)
    body = html_block(breadcrumb + how_to_cite_html(instrument, article) + render_article_text(article, text_ctx))
    if context.pdf_links and instrument.is_default:
        body = html_block(download_line(urls.url(here), article_pdf(article.id), "this article, as in the full commentary")) + body
    interpretative = context.lookups(instrument).interpretative.get(article.id, [])
    if interpretative:
        notes_uri = urls.instrument_page(instrument, "interpretative-notes")
        items = "".join(
            f'<div class="tc-interpretative-note"><p><a href="{escape(urls.href(here, notes_uri, n.id))}">{escape(n.num)}</a> {escape(n.text)}</p></div>'
            for n in interpretative
        )
        body += "\n## Interpretative notes {#interpretative-notes}\n" + html_block(f'<div class="tc-text">{items}</div>')
    if proposals_html:
        body += "\n## Drafting proposals {#proposals}\n" + html_block(proposals_html)
    body += "\n## Commentary {#commentary}\n"
    if notes:
        body += html_block(context.provenance_html(n.path for n in notes))
        body += _notes_html(notes, here, context, footnotes, heading_level=3)
    else:
        body += html_block(f'<p class="tc-empty">No commentary on this article yet. Notes go in <code>commentary/{escape(instrument.id)}/{escape(article.id)}/</code>; see <a href="{escape(urls.href(here, CONTRIBUTING_PAGE))}">Contributing</a>.</p>')
    body += article_sections(instrument, article, here, context)
    body += _related_html(instrument, article, here, context)
    body += _footnotes_section(footnotes)
    context.count_citations(footnotes)
    folder = f"commentary/{instrument.id}/{article.id}/"
    text_file = f"{instrument.directory}/text/articles/"
    return make_page(
        here,
        title,
        body,
        kind="article",
        edit_path=notes[0].path if len(notes) == 1 else folder,
        edit_is_new=len(notes) != 1,
        sources=tuple(n.path for n in notes) + (text_file,),
    )


def _notes_html(notes: list[Note], page_uri: str, context: RenderContext, footnotes, heading_level: int) -> str:
    if not notes:
        return html_block('<p class="tc-empty">No commentary yet.</p>')
    hashes = "#" * heading_level
    parts = []
    for note in sorted(notes, key=lambda n: (n.target, n.date or 0, n.title)):
        anchor = note_anchor(note)
        instrument = context.project.instruments[note.instrument_id]
        target_label = "the treaty as a whole" if note.target == "overview" else pinpoint(instrument.index[note.target])
        target_link = target_label
        if note.target != "overview":
            href = context.urls.unit_href(page_uri, instrument.id, note.target)
            target_link = f'<a href="{escape(href)}">{escape(target_label)}</a>'
        authors = "; ".join(f"{escape(a.name)}" + (f" ({escape(a.organisation)})" if a.organisation else "") for a in note.authors)
        themes = "".join(
            f'<a class="tc-theme" href="{escape(context.urls.href(page_uri, theme_path(t)))}">{escape(context.project.themes[t].label)}</a>'
            for t in note.themes
            if t in context.project.themes
        )
        draft = f'<span class="tc-draft">Written on: {escape(note.draft)}</span>' if note.draft else ""
        meta = (
            f'<div class="tc-note-meta"><span class="tc-on">On {target_link}</span> · <span class="tc-authors">{authors}</span>'
            f' · <time datetime="{escape(note.date.isoformat() if note.date else "")}">{escape(note.date.isoformat() if note.date else "undated")}</time>'
            f'{" · " + draft if draft else ""}<span class="tc-themes">{themes}</span></div>'
        )
        body_html = context.render_note_markdown(note.body, note, page_uri, footnotes, note.body_line)
        parts.append(f"\n{hashes} {md_escape(note.title)} {{#{anchor}}}\n" + html_block(f'<div class="tc-note" data-note="{escape(note.id)}">{meta}<div class="tc-note-body">{body_html}</div></div>'))
    return "".join(parts)


def _related_html(instrument: Instrument, article: Article, page_uri: str, context: RenderContext) -> str:
    urls = context.urls
    items = []
    by_article: dict[str, list[str]] = {}
    for source_id, kind in context.references.referred_by.get((instrument.id, article.id), set()):
        by_article.setdefault(source_id, []).append(kind)
    if by_article:
        links = []
        position = context.lookups(instrument).position
        for source_id in sorted(by_article, key=position.__getitem__):
            source = instrument.articles[source_id]
            kinds = " and ".join("its text" if k == "text" else "commentary" for k in sorted(set(by_article[source_id]), reverse=True))
            links.append(f'<li><a href="{escape(urls.href(page_uri, urls.article_page(instrument, source)))}">{escape(nav_title(source))}</a> <span class="tc-meta">({kinds})</span></li>')
        items.append(f'<h3 id="referred-to-by">Referred to by</h3><ul class="tc-referred-by">{"".join(links)}</ul>')
    drafts = []
    for concordance, entry in context.lookups(instrument).drafts.get(article.id, []):
        drafts.append(f"<li>{escape(concordance.from_document)} art {escape(entry.draft_ref)}{': ' + escape(entry.draft_title) if entry.draft_title else ''} <span class=\"tc-meta\">({escape(entry.kind)}, {escape(entry.certainty)})</span></li>")
    if drafts:
        items.append(f'<h3 id="drafting-history">Drafting history</h3><ul class="tc-drafts">{"".join(drafts)}</ul>')
    if not items:
        return ""
    return "\n## Related provisions {#related}\n" + html_block('<div class="tc-related">' + "".join(items) + "</div>")


def _footnotes_section(footnotes) -> str:
    html = footnotes.render_html()
    if not html:
        return ""
    return "\n## Notes {#notes}\n" + html_block(html)
