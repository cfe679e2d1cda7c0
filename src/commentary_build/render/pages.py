"""Page bodies: Markdown headings (for the page's table of contents) around HTML blocks.

Contributor text never reaches these templates as Markdown: notes are rendered to
safe HTML by ``commentary_build.markdown`` first, and every other string is escaped
here, both as HTML and as Markdown, because the page skeleton is itself Markdown.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import escape

from .. import diagnostics as d
from ..model import Article, Division, Instrument, Note, Provision
from .text import TextContext, pinpoint, render_article_text, render_units

if TYPE_CHECKING:
    from ..project import Project
    from ..site import SitePage
    from ..urls import SiteUrls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")


def md_escape(text: str) -> str:
    """Make text safe to place in a Markdown heading: no markup, no raw HTML, no attribute lists."""
    return _MD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))


def html_block(html: str) -> str:
    # A blank line before and after keeps Python-Markdown treating the block as raw HTML.
    return "\n\n" + html.replace("\n\n", "\n") + "\n\n"


def nav_title(article: Article) -> str:
    return f"Art. {article.number} {article.title}"


def article_heading(article: Article) -> str:
    return f"{article.label.rstrip('.')}: {article.title}"


@dataclass
class BuildContext:
    project: "Project"
    urls: "SiteUrls"
    backlinks: dict[tuple[str, str], dict[str, str]]  # (instrument, article id) -> {source key: label}
    stats: dict = field(default_factory=dict)
    citation_index: object = None
    proposals: object = None
    comparisons: object = None
    _text_refs: dict[tuple[str, str, str], list] = field(default_factory=dict)
    _history: object = None
    # Per-instrument lookups (article -> division, interpretative notes, drafts, position),
    # built once: scanning every division or concordance entry per article was quadratic.
    _lookups: dict = field(default_factory=dict)
    # True when the site also publishes PDFs (export/site_files.py): pages then link to them.
    pdf_links: bool = False

    @classmethod
    def create(cls, project: "Project", urls: "SiteUrls") -> "BuildContext":
        from ..citations import CitationIndex

        context = cls(project, urls, {}, {"notes": 0, "proposals": 0, "citations": 0, "cross_references_text": 0, "cross_references_commentary": 0})
        context.citation_index = CitationIndex()
        started = time.perf_counter()
        context._index_references()
        context.stats["xref_index_seconds"] = round(time.perf_counter() - started, 4)
        from .proposals import ProposalIndex

        context.proposals = ProposalIndex.build(context)
        from .comparison import ComparisonIndex

        context.comparisons = ComparisonIndex.build(context)
        return context

    # ------------------------------------------------------------------ cross-references, once per build
    def _index_references(self) -> None:
        from ..xrefs import find_references

        for instrument in self.project.instruments.values():
            for article in instrument.articles.values():
                for unit in article.walk():
                    for field_name, words in (("text", unit.text), ("tail", unit.tail)):
                        if not words:
                            continue
                        refs = [r for r in find_references(words, instrument=instrument, current_article=article, mode="treaty") if r.problem is None]
                        self._text_refs[(instrument.id, unit.id, field_name)] = refs
                        self.stats["cross_references_text"] += len(refs)
                        for ref in refs:
                            self._add_backlink(instrument, ref.unit_id, f"text:{article.id}", article)
        for note in self.project.notes:
            instrument = self.project.instruments[note.instrument_id]
            current = instrument.articles.get(note.article_id) if note.article_id else None
            for ref in find_references(note.body, instrument=instrument, current_article=current, mode="commentary"):
                if ref.problem is None and current is not None:
                    self._add_backlink(instrument, ref.unit_id, f"note:{current.id}", current, commentary=True)

    def _add_backlink(self, instrument: Instrument, unit_id: str, key: str, source: Article, commentary: bool = False) -> None:
        target = instrument.article_of(unit_id)
        if target is None or target.id == source.id:
            return
        label = f"{nav_title(source)}" + (" (commentary)" if commentary else "")
        self.backlinks.setdefault((instrument.id, target.id), {})[key] = label

    def words_html(self, page_uri: str, instrument: Instrument):
        from ..xrefs import link_text_html

        def render(unit: Provision, words: str) -> str:
            field_name = "tail" if words is unit.tail and unit.tail else "text"
            refs = self._text_refs.get((instrument.id, unit.id, field_name), [])
            return link_text_html(words, refs, lambda unit_id: self.urls.unit_href(page_uri, instrument.id, unit_id) or "#")

        return render

    # ------------------------------------------------------------------ commentary
    def new_footnotes(self, page_uri: str, page_title: str):
        from ..citations import FootnoteSequence

        return FootnoteSequence(self.project.bibliography, self.project.report, index=self.citation_index, page_url=page_uri, page_title=page_title)

    def render_note_markdown(self, text: str, note: Note, page_uri: str, footnotes, first_line: int) -> str:
        from ..markdown import MarkdownEnv, render_markdown

        instrument = self.project.instruments[note.instrument_id]
        env = MarkdownEnv(
            instrument=instrument,
            current_article=instrument.articles.get(note.article_id) if note.article_id else None,
            footnotes=footnotes,
            url_for=lambda unit_id: self.urls.unit_href(page_uri, instrument.id, unit_id) or "#",
            bibliography=self.project.bibliography,
            report=self.project.report,
            path=note.path,
            first_line=first_line,
        )
        html = render_markdown(text, env)
        self.stats["cross_references_commentary"] += env.links_made
        return html

    def count_citations(self, footnotes) -> None:
        self.stats["citations"] += len(footnotes)

    def provenance_html(self, paths) -> str:
        """The "Commentary by … · last changed …" line; git is read on the first call only."""
        from ..model import Location
        from ..provenance import read_history
        from .provenance import provenance_html

        if self._history is None:
            started = time.perf_counter()
            self._history = read_history(self.project.root)
            self.stats["git_seconds"] = round(time.perf_counter() - started, 4)
            if not self._history.available:
                self.project.report.add(d.GIT_UNAVAILABLE, f"dates of last change are unknown: {self._history.reason}", Location("commentary"))
        return provenance_html(self._history.of(paths))

    def lookups(self, instrument: Instrument) -> dict:
        found = self._lookups.get(instrument.id)
        if found is not None:
            return found
        division_of: dict[str, Division] = {}
        for top in instrument.divisions:
            for division in top.walk():
                for article_id in division.article_ids:
                    division_of.setdefault(article_id, division)
        interpretative: dict[str, list] = {}
        for note in instrument.notes:
            for article_id in dict.fromkeys(note.article_ids):
                interpretative.setdefault(article_id, []).append(note)
        drafts: dict[str, list] = {}
        for concordance in self.project.concordances.values():
            if concordance.to_instrument != instrument.id:
                continue
            for entry in concordance.entries:
                articles = {instrument.article_of(t).id for t in entry.targets if instrument.article_of(t) is not None}
                for article_id in articles:
                    drafts.setdefault(article_id, []).append((concordance, entry))
        found = {
            "division": division_of,
            "interpretative": interpretative,
            "drafts": drafts,
            "position": {article_id: position for position, article_id in enumerate(instrument.articles)},
        }
        self._lookups[instrument.id] = found
        return found

    def finish(self) -> None:
        self.stats["notes"] = len(self.project.notes)


# ---------------------------------------------------------------------------- pages


def _page(src_uri: str, title: str, body: str, **kwargs) -> "SitePage":
    from ..site import SitePage

    return SitePage(src_uri=src_uri, title=title, markdown=f"# {md_escape(title)}\n{body}", **kwargs)


def home_page(context: BuildContext) -> "SitePage":
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
        + "".join(f'<li><a href="{escape(urls.href(here, uri))}">{escape(title)}</a></li>' for title, uri in reader_links(context))
        + "</ul></div>"
    )
    table = '<table class="tc-chapters"><thead><tr><th>Chapter</th><th>Title</th><th>Articles</th><th>Annotated</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    body = html_block(intro) + "\n## Chapters {#chapters}\n" + html_block(table)
    if context.pdf_links:
        from ..export.site_files import FULL_PDF, download_line

        body = html_block(download_line(urls.url(here), FULL_PDF, "the full commentary")) + body
    return _page(here, meta.get("site_title", instrument.short_title), body, kind="home")


def _article_range(first: Article, last: Article) -> str:
    if first is last:
        return f"Art. {escape(first.number)}"
    return f"Arts {escape(first.number)}–{escape(last.number)}"


def reader_links(context: BuildContext) -> list[tuple[str, str]]:
    from .reader import reader_links as links

    return links(context)


def preamble_page(instrument: Instrument, context: BuildContext) -> "SitePage":
    here = context.urls.instrument_page(instrument, "preamble")
    text_ctx = TextContext(instrument, context.words_html(here, instrument))
    body = html_block(render_units(instrument.preamble, text_ctx, "tc-text tc-preamble"))
    if instrument.final_clauses:
        body += "\n## Final clause {#final-clause}\n" + html_block(render_units(instrument.final_clauses, text_ctx, "tc-text tc-final"))
        if instrument.footnotes:
            items = "".join(f'<li id="{escape(f.id)}"><span class="tc-fn-marker">{escape(f.marker)}</span> {escape(f.text)}</li>' for f in instrument.footnotes)
            body += html_block(f'<ol class="tc-source-footnotes" aria-label="Footnotes of the source text">{items}</ol>')
    return _page(here, f"Preamble — {instrument.short_title}" if not instrument.is_default else "Preamble", body, kind="preamble", sources=(f"{instrument.directory}/text/front.yml",))


def division_page(instrument: Instrument, division: Division, context: BuildContext) -> "SitePage":
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
        from ..export.site_files import chapter_pdf, download_line

        body += html_block(download_line(context.urls.url(here), chapter_pdf(instrument.chapters().index(division) + 1), f"{division.label}, from the full commentary"))
    if sub:
        body += html_block(f'<ul class="tc-subdivisions">{sub}</ul>')
    body += "\n## Articles {#articles}\n" + html_block(f'<ul class="tc-article-list">{"".join(items)}</ul>')
    return _page(here, f"{division.label}: {division.title}", body, kind="division")


def interpretative_notes_page(instrument: Instrument, context: BuildContext) -> "SitePage":
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
    return _page(here, "Annex: interpretative notes", html_block('<div class="tc-text">' + "".join(blocks) + "</div>"), kind="notes")


def overview_page(instrument: Instrument, context: BuildContext) -> "SitePage":
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
    return _page(here, title, body, kind="overview", edit_path=notes[0].path if len(notes) == 1 else folder, edit_is_new=len(notes) != 1, sources=tuple(n.path for n in notes))


def article_page(instrument: Instrument, article: Article, context: BuildContext) -> "SitePage":
    urls = context.urls
    here = urls.article_page(instrument, article)
    project = context.project
    notes = project.notes_by_article(instrument.id).get(article.id, [])
    title = article_heading(article)
    footnotes = context.new_footnotes(here, title)
    division = context.lookups(instrument)["division"].get(article.id)
    breadcrumb = ""
    if division is not None:
        breadcrumb = f'<p class="tc-meta"><a href="{escape(urls.href(here, urls.division_page(instrument, division.id)))}">{escape(division.label)}: {escape(division.title)}</a></p>'
    text_ctx = TextContext(instrument, context.words_html(here, instrument))
    proposals_html = ""
    if article.instrument is not None and instrument.is_default:
        from .proposals import render_article_proposals

        text_ctx.override, proposals_html = render_article_proposals(article, notes, here, context, footnotes)
    from .comparison import article_sections, how_to_cite_html

    body = html_block(breadcrumb + how_to_cite_html(instrument, article) + render_article_text(article, text_ctx))
    interpretative = context.lookups(instrument)["interpretative"].get(article.id, [])
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
        body += html_block(f'<p class="tc-empty">No commentary on this article yet. Notes go in <code>commentary/{escape(instrument.id)}/{escape(article.id)}/</code>; see <a href="{escape(urls.href(here, "contributing/index.md"))}">Contributing</a>.</p>')
    body += article_sections(instrument, article, here, context)
    body += _related_html(instrument, article, here, context)
    body += _footnotes_section(footnotes)
    context.count_citations(footnotes)
    folder = f"commentary/{instrument.id}/{article.id}/"
    text_file = f"{instrument.directory}/text/articles/"
    return _page(
        here,
        title,
        body,
        kind="article",
        edit_path=notes[0].path if len(notes) == 1 else folder,
        edit_is_new=len(notes) != 1,
        sources=tuple(n.path for n in notes) + (text_file,),
    )


def _notes_html(notes: list[Note], page_uri: str, context: BuildContext, footnotes, heading_level: int) -> str:
    if not notes:
        return html_block('<p class="tc-empty">No commentary yet.</p>')
    hashes = "#" * heading_level
    parts = []
    for note in sorted(notes, key=lambda n: (n.target, n.date or 0, n.title)):
        anchor = "note-" + note.id.rsplit("/", 1)[-1]
        instrument = context.project.instruments[note.instrument_id]
        target_label = "the treaty as a whole" if note.target == "overview" else pinpoint(instrument.index[note.target])
        target_link = target_label
        if note.target != "overview":
            href = context.urls.unit_href(page_uri, instrument.id, note.target)
            target_link = f'<a href="{escape(href)}">{escape(target_label)}</a>'
        authors = "; ".join(f"{escape(a.name)}" + (f" ({escape(a.organisation)})" if a.organisation else "") for a in note.authors)
        themes = "".join(
            f'<a class="tc-theme" href="{escape(context.urls.href(page_uri, f"themes/{t}.md"))}">{escape(context.project.themes[t].label)}</a>'
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


def _related_html(instrument: Instrument, article: Article, page_uri: str, context: BuildContext) -> str:
    urls = context.urls
    items = []
    referrers = context.backlinks.get((instrument.id, article.id), {})
    by_article: dict[str, list[str]] = {}
    for key, label in referrers.items():
        kind, source_id = key.split(":", 1)
        by_article.setdefault(source_id, []).append(kind)
    if by_article:
        links = []
        position = context.lookups(instrument)["position"]
        for source_id in sorted(by_article, key=position.__getitem__):
            source = instrument.articles[source_id]
            kinds = " and ".join("its text" if k == "text" else "commentary" for k in sorted(set(by_article[source_id]), reverse=True))
            links.append(f'<li><a href="{escape(urls.href(page_uri, urls.article_page(instrument, source)))}">{escape(nav_title(source))}</a> <span class="tc-meta">({kinds})</span></li>')
        items.append(f'<h3 id="referred-to-by">Referred to by</h3><ul class="tc-referred-by">{"".join(links)}</ul>')
    drafts = []
    for concordance, entry in context.lookups(instrument)["drafts"].get(article.id, []):
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
