"""Writing a page of the document tree with the templates: the site's pages, and print's sections.

A page is drawn by its page template (``templates/page/article.html``, ``overview.html``,
``front.html``): a list of blocks in reading order, each a heading and the HTML of one
section, which a fork may reorder, drop or add to by copying the template into its template
folder. The page template calls this writer (``w``) for each section; the writer walks the
tree and draws each element with the element templates (``text/unit.html``, ``note.html``,
``blackline/views.html`` …), as partials, with the values they have always received.

The same templates serve two media. On the site (``medium = "site"``) a page is a Markdown
skeleton: ``heading()`` writes a Markdown heading (for the table of contents) and ``block()``
a raw HTML block. In print (``medium = "print"``, ``export.print_document``) they write HTML,
ids are made unique in the document (``anchor()``), links to pages the document does not hold
become text, footnotes are placed where they are cited, and the element templates leave out
what only a screen needs (tabs, markers, hidden prefixes) where they test ``medium``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..document import naming
from ..document.nodes import (
    Alternative,
    ArticlePage,
    BlacklineUnit,
    Citation,
    Comparison,
    CrossRef,
    FrontPage,
    NoteNode,
    OverviewPage,
    Paragraph,
    ProposalEntry,
    ProposalMention,
    ProposedUnit,
    Prose,
    Text,
    TextUnit,
)
from ..model import Instrument, Proposal
from ..model.location import NOWHERE
from ..transform.alignment import Group
from ..transform.citations import FootnoteSequence
from ..transform.pinpoints import pinpoint
from .blackline import render_legend, render_segments
from .comparison import comparison_intro, counterparts_html, group_html
from .context import RenderContext, iso
from .downloads import download_href
from .footnotes import footnotes_html, reference_id
from .navigation import BIBLIOGRAPHY_PAGE, CONCORDANCE_PAGE, CONTRIBUTING_PAGE, citation_title, nav_title, theme_path
from .page import heading as markdown_heading
from .page import html_block
from .prose import ProseHooks, ProseWriter, attribute_html

# The id of an article's text on its page, which its table of contents leads to (above the paragraphs it lists).
TEXT_ANCHOR = "treaty-text"

_XREF_LINK = Markup('<a class="xref" href="{}">{}</a>')
_OFFSITE = Markup('<span class="tc-offsite">{}</span>')


@dataclass
class PageWriter:
    """Writes one page: ``here`` is its path ("uncc/art-40.md"), ``title`` names it in the citation index."""

    context: RenderContext
    here: str
    title: str
    medium: str = "site"
    # Print: an id that is unique only on its page becomes unique in the document (section--id).
    scope: Callable[[str], str] | None = None
    # Print: the footnote mark written where the citation is (a float), in place of the site's marker.
    footnote_mark: Callable[[FootnoteSequence, int, int], str] | None = None
    # Print: a proposal named by its id, named by its title instead.
    mention: Callable[[ProposalMention], str] | None = None
    # Where a provision named in prose leads, when not to its place on the site or in the document (the compilation table's rows).
    cross_ref: Callable[[CrossRef], str | None] | None = None
    # The site: the "Download PDF" line above an article (HTML), when the site publishes PDFs.
    download: Markup | None = None
    # Print: the running header of an article's pages ("Art. 40 General principles …").
    running: str | None = None
    # Print: which part of the front page a section is ("preamble" or "final").
    part: str | None = None
    # Print: what a related article outside the document is said to be ("not in this brief").
    outside: str | None = None
    footnotes: FootnoteSequence = field(init=False)
    # The paragraphs of commentary written so far on the page: their number under the old rule
    # (through the page), which the old anchors "#commentary-N" keep pointing at for this edition.
    _page_paragraphs: int = 0
    # Print: the proposals whose blackline is written so far; the first carries the id "blackline-<proposal>",
    # which a brief's "proposals at a glance" gives the page of.
    _blacklines: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        project = self.context.project
        self.footnotes = FootnoteSequence(project.bibliography, None, index=self.context.citation_index, page_url=self.here, page_title=self.title)

    # ------------------------------------------------------------------ what page templates call
    def page(self, template: str, page: object) -> str:
        """The body of a page: its page template drawn with this writer."""
        return str(self.render(template, page=page, w=self, heading=self.heading, block=self.block))

    def render(self, template: str, /, **values) -> Markup:
        return self.context.templates.render(template, medium=self.medium, anchor=self.anchor, **values)

    def heading(self, level: int, title: str, anchor: str, css: str | None = None) -> Markup:
        """A section's heading: Markdown on the site (so the page's contents list it), HTML in print."""
        if self.medium == "site":
            # Markdown, not HTML: the page is a Markdown skeleton (md_escape makes the title safe there).
            return Markup(markdown_heading(level, title, anchor))
        class_attribute = Markup(' class="{}"').format(css) if css else ""
        return Markup('<h{0}{1} id="{2}">{3}</h{0}>').format(level, class_attribute, self.anchor(anchor), title)

    def block(self, html: str) -> Markup:
        """A section's HTML: a raw block of the Markdown skeleton on the site, itself in print."""
        return Markup(html_block(html)) if self.medium == "site" else Markup(html)

    def anchor(self, name: str) -> str:
        return self.scope(name) if self.scope is not None else name

    def copy_note(self, instrument: Instrument) -> Markup:
        """The line that says a text's copy is unofficial, with its official source; empty for an official copy."""
        return self.context.copy_note_html(instrument)

    def print_comparisons(self, page: ArticlePage) -> Markup:
        """Print's condensed comparisons (export.print_comparison): a print writer gives them; the site has its own blocks."""
        return Markup("")

    # ------------------------------------------------------------------ links
    def href(self, page: str, anchor: str | None = None) -> str:
        return self.context.urls.href(self.here, page, anchor)

    def unit_href(self, instrument_id: str, unit_id: str) -> str | None:
        return self.context.urls.unit_href(self.here, instrument_id, unit_id)

    def proposal_href(self, entry: Alternative | ProposalEntry | Proposal, anchor: str = "proposal") -> str:
        proposal = entry if isinstance(entry, Proposal) else entry.proposal
        return self.href(self.context.documents.proposal_note_page(proposal), f"{anchor}-{proposal.id}")

    # ------------------------------------------------------------------ treaty text
    def words(self, pieces: Iterable[Text | CrossRef]) -> Markup:
        """A run of treaty wording, escaped, with the provisions it names as links: no character changes."""
        parts = []
        for piece in pieces:
            if isinstance(piece, CrossRef):
                href = self.unit_href(piece.instrument_id, piece.unit_id)
                words = "".join(child.text for child in piece.children if isinstance(child, Text))
                parts.append(_XREF_LINK.format(href or "#", words) if href is not None or self.medium == "site" else _OFFSITE.format(words))
            else:
                parts.append(escape(piece.text))
        return Markup("").join(parts)

    def unit(self, node: TextUnit, depth: int = 0, markers: bool = True) -> Markup:
        """A unit of the text, or the views of a paragraph that proposals change."""
        if node.proposals is not None and markers:
            return self.views(node)
        return self.render(
            "text/unit.html",
            unit=node.unit,
            depth=depth,
            pinpoint=node.pinpoint,
            cite=node.citation,
            words=self.words(node.words) if node.words else None,
            children=[self.unit(child, depth + 1, markers) for child in node.children],
            tail=self.words(node.tail) if node.tail else None,
            marker=self.marker(node) if markers else None,
        )

    def units(self, nodes: Iterable[TextUnit], css_class: str = "tc-text", article: object = None) -> Markup:
        return self.render("text/units.html", css_class=css_class, article=article, units=[self.unit(node) for node in nodes], text_id=None)

    def marker(self, node: TextUnit) -> dict | None:
        marker = node.marker
        if marker is None:
            return None
        if marker.note is not None:
            href = f"#{self.anchor(marker.note.anchor)}"
        else:
            assert marker.proposal is not None
            href = self.proposal_href(marker.proposal)
        return {"label": marker.label, "href": href, "pinpoint": marker.pinpoint}

    # ------------------------------------------------------------------ proposed text
    def views(self, node: TextUnit) -> Markup:
        """The adopted text of a paragraph beside its blackline and its proposed text, for each proposal on it."""
        assert node.proposals is not None
        views = node.proposals
        alternatives = [
            {
                "proposal": alternative.proposal,
                "proponent": alternative.proponent,
                "href": self.proposal_href(alternative),
                "blackline": self.blackline(alternative),
                "proposed": Markup("").join(self.proposed(unit) for unit in alternative.proposed),
                "id": self._blackline_id(alternative.proposal.id),
            }
            for alternative in views.alternatives
        ]
        return self.render("blackline/views.html", unit=node.unit, number=views.number, several=len(alternatives) > 1,
                           adopted=self.unit(node, markers=False), alternatives=alternatives, pinpoint=pinpoint(node.unit), marker=self.marker(node),
                           legend=self.legend() if self.medium == "site" else None)

    def _blackline_id(self, proposal_id: str) -> str | None:
        if self.medium != "print" or proposal_id in self._blacklines:
            return None
        self._blacklines.add(proposal_id)
        return self.anchor(f"blackline-{proposal_id}")

    def blackline(self, alternative: Alternative) -> Markup:
        proposal = alternative.proposal
        cite, when = self.proposal_href(alternative, "rationale"), iso(proposal.date)
        return Markup("").join(self._blackline_unit(unit, cite, when) for unit in alternative.blackline)

    def _blackline_unit(self, unit: BlacklineUnit, cite: str, when: str) -> Markup:
        words: str = render_segments(unit.segments, cite=cite, datetime=when, templates=self.context.templates, medium=self.medium) \
            if unit.segments is not None else unit.words
        return self.render("blackline/unit.html", kind=unit.kind, depth=unit.depth, unit_id=unit.unit_id, state=unit.state, num=unit.num,
                           words=words, children=[self._blackline_unit(child, cite, when) for child in unit.children], tail=unit.tail)

    def proposed(self, unit: ProposedUnit) -> Markup:
        return self.render("blackline/unit.html", kind=unit.kind, depth=unit.depth, unit_id=unit.unit_id, state=None, num=unit.num,
                           words=unit.words, children=[self.proposed(child) for child in unit.children], tail=unit.tail)

    def legend(self) -> Markup:
        return render_legend(templates=self.context.templates, medium=self.medium)

    # ------------------------------------------------------------------ an article's sections
    def header(self, page: ArticlePage) -> Markup:
        header = page.header
        division = header.division
        return self.render(
            "article/header.html",
            instrument=page.instrument,
            article=page.article,
            division=division,
            division_href=self.href(naming.instrument_page(page.instrument, division.id)) if division is not None else None,  # type: ignore[attr-defined]
            citation=header.citation,
            copy=header.unofficial_copy,
            jump=self.jump_row(page) if self.medium == "site" else None,
            page_cite=self.page_cite(page) if self.medium == "site" else None,
        )

    def page_cite(self, page: ArticlePage) -> dict:
        """How to cite the page itself (the commentary, not the treaty): OSCOLA's form for a web page, with the
        edition's version and the address; the access date is the reader's, which commentary.js fills in."""
        settings, edition = self.context.project.settings, self.context.project.edition
        site_path = self.context.urls.url(page.path)
        # The files export/opendata.py writes for a page that carries commentary, for reference managers.
        files = [{"href": download_href(site_path, naming.cite_file(page.path, extension)), "label": label}
                 for extension, label in naming.CITE_FORMATS] if self.context.cite_files and page.notes else []
        return {
            "files": files,
            "editors": edition.editors,
            # As the page's citation metadata and "cite this" files title it (the text first).
            "title": citation_title(page.instrument, page.title),
            "edition": settings.title,
            "version": naming.long_date(settings.revision.day),
            "url": settings.absolute(site_path) or site_path,
        }

    def jump_row(self, page: ArticlePage) -> dict:
        """The row under an article's title on screen: its numbered paragraphs, then the page's other sections
        (the right-hand contents lists them too, but a phone shows that only in the menu)."""
        paragraphs = [{"href": f"#{node.id}", "label": node.unit.num.rstrip(".")} for node in page.text if node.unit.num]
        sections = [{"href": "#commentary", "label": "Commentary"}]
        if page.proposals:
            sections.append({"href": "#proposals", "label": "Proposals"})
        sections.extend({"href": f"#compared-{comparison.to_text.id}", "label": f"{comparison.to_text.label} (comparison)"} for comparison in page.comparisons)
        return {"paragraphs": paragraphs if len(paragraphs) > 1 else [], "sections": sections}

    def text(self, page: ArticlePage) -> Markup:
        return self.render("text/units.html", css_class="tc-text", article=page.article, units=[self.unit(node) for node in page.text], text_id=TEXT_ANCHOR)

    def interpretative_notes(self, page: ArticlePage) -> Markup:
        notes_page = naming.instrument_page(page.instrument, "interpretative-notes")
        items = [{"note": note, "href": self.href(notes_page, note.id)} for note in page.interpretative_notes]
        return self.render("article/interpretative_notes.html", notes=items)

    def proposals(self, page: ArticlePage) -> Markup:
        """The article's "Drafting proposals": each proposal, after the key to the blackline where the text has none
        (on screen the key heads each paragraph's blackline view; in print it precedes a text with a blackline)."""
        parts = [self.legend()] if not page.blackline_in_text else []
        parts.extend(self.proposal(page.instrument, entry) for entry in page.proposals)
        return Markup("").join(parts)

    def proposal(self, instrument: Instrument, entry: ProposalEntry) -> Markup:
        proposal = entry.proposal
        targets = [{"verb": change.verb, "label": change.pinpoint, "href": self.unit_href(instrument.id, change.unit_id) or "#"} for change in entry.changes]
        return self.render(
            "proposal.html",
            proposal=proposal,
            proponent=entry.proponent,
            full=entry.full,
            href=self.proposal_href(entry),
            when=iso(proposal.date),
            when_text=naming.long_date(proposal.date),
            targets=targets,
            broken=entry.broken,
            rationale=self.standalone_prose(entry.rationale) if entry.rationale is not None else None,
        )

    def provenance(self, page: ArticlePage) -> Markup:
        return self.context.provenance_html((node.note.path for node in page.notes), self.medium)

    def no_commentary(self, page: ArticlePage) -> Markup:
        return self.render("article/no_commentary.html", instrument=page.instrument, article=page.article, contributing_href=self.href(CONTRIBUTING_PAGE))

    def note(self, node: NoteNode) -> Markup:
        note = node.note
        instrument = self.context.project.instruments[note.instrument_id]
        target = {"label": node.target_label, "href": self.unit_href(instrument.id, node.target_unit) if node.target_unit else None}
        byline = {
            "editors": node.byline.editors,
            "authors": node.byline.authors,
            "based_on": [{"label": source.label, "pinpoint": source.pinpoint, "href": self.href(BIBLIOGRAPHY_PAGE, f"bib-{source.key}") if source.known else None}
                         for source in node.byline.based_on],
        }

        def opening(paragraph: Paragraph) -> str:
            number = paragraph.number or 0
            self._page_paragraphs += 1
            alias = f"commentary-{self._page_paragraphs}" if self.medium == "site" else None
            return str(self.render("note_paragraph.html", id=self.anchor(node.paragraph_anchor(number)), number=number,
                                   cite=node.paragraph_citation(number), alias=alias))

        self._begin_part()
        return self.render(
            "note.html",
            note=note,
            target=target,
            byline=byline,
            date=note.date.isoformat() if note.date else None,
            date_text=naming.long_date(note.date),
            themes=[{"href": self.href(theme_path(theme)), "label": label} for theme, label in node.themes],
            # The concordance page says what the draft is ("CND" alone means nothing to most readers).
            draft_href=self.href(CONCORDANCE_PAGE) if note.draft else None,
            body=self.prose(node.body, opening),
        )

    def related(self, page: ArticlePage) -> Markup:
        referred_by = []
        for item in page.related.referred_by:
            path = naming.article_page(page.instrument, item.article)
            href = self.href(path)
            # A brief links an article it leaves out to the site: it still says the article is not in it.
            outside = self.outside if href is None or not self.context.urls.holds(path) else None
            referred_by.append({"href": href, "title": nav_title(item.article), "kinds": item.kinds, "outside": outside})
        # The draft's short name ("CND") links to its section of the concordance page, which says what it is.
        drafts = [{"concordance": concordance, "entry": entry, "href": self.href(CONCORDANCE_PAGE, concordance.id)}  # type: ignore[attr-defined]
                  for concordance, entry in page.related.drafts]
        return self.render("article/related.html", referred_by=referred_by, drafts=drafts)

    # ------------------------------------------------------------------ comparisons (render.comparison draws them)
    def comparison_intro(self, comparison: Comparison) -> Markup:
        return comparison_intro(comparison, self)

    def comparison_title(self, group: Group) -> str:
        to_text, to_article = group.to_text, group.to_article
        return f"{to_text.label}, {to_article.label.rstrip('.')}: {to_article.title}"

    def comparison_group(self, comparison: Comparison, group: Group, number: int) -> Markup:
        return group_html(comparison, group, number, self)

    def collapsed_comparison(self, comparison: Comparison) -> Markup:
        """The site's comparisons with one text, folded under a summary that names them a comparison (closed by default)."""
        groups = [{"anchor": group.anchor, "title": self.comparison_title(group), "html": self.comparison_group(comparison, group, number)}
                  for number, group in enumerate(comparison.groups, start=1)]
        articles = [group.to_article.label.rstrip(".") for group in comparison.groups]
        return self.render("comparison/collapsed.html", to_text=comparison.to_text, articles=articles,
                           intro=self.comparison_intro(comparison), groups=groups)

    def counterparts(self, page: ArticlePage, index: int) -> Markup:
        return counterparts_html(page.counterparts[index], self)

    # ------------------------------------------------------------------ prose and footnotes
    def prose(self, prose: Prose, paragraph: Callable[[Paragraph], str] | None = None) -> Markup:
        hooks = ProseHooks(cross_ref=self.cross_ref or self.link_cross_ref, citation=self._citation, paragraph=paragraph)
        if self.mention is not None:
            hooks.mention = self.mention
        return ProseWriter(hooks).blocks(prose.blocks)

    def standalone_prose(self, prose: Prose) -> Markup:
        """Prose a reader may arrive at on its own (a proposal's rationale), with footnotes that do not lean on earlier ones."""
        self._begin_part()
        return self.prose(prose)

    def _begin_part(self) -> None:
        """A note or a rationale starts. On the site a reader may land on it from a link, so its first citation of a
        source is in full again; on paper the footnotes are numbered through the article and read in order, so they
        start afresh only with the article (each article has its own writer) and later ones use OSCOLA's short
        form, "GI-TOC Roundtable Report (n 1) 6"."""
        if self.medium != "print":
            self.footnotes.begin_part()

    def link_cross_ref(self, node: CrossRef) -> str | None:
        href = self.unit_href(node.instrument_id, node.unit_id)
        if href is None and self.medium == "site":
            return "#"
        return href

    def _citation(self, node: Citation) -> str:
        number = self.footnotes.cite(node.cluster, NOWHERE)
        occurrence = self.footnotes.refer(number)
        if self.footnote_mark is not None:
            return self.footnote_mark(self.footnotes, number, occurrence)
        ref = reference_id(number, occurrence)
        return f'<sup class="footnote-ref" id="{attribute_html(self.anchor(ref))}"><a href="#{attribute_html(self.anchor(f"fn-{number}"))}">{number}</a></sup>'

    def footnote_list(self) -> Markup:
        """The page's footnotes, listed at its end (the site; print places each where it is cited)."""
        self.context.stats.citations += len(self.footnotes)
        return footnotes_html(self.footnotes, self.context.templates, medium=self.medium, anchor=self.anchor)


# --------------------------------------------------------------------------- pages of the site


def write_article(page: ArticlePage, context: RenderContext, download: Markup | None = None) -> str:
    return PageWriter(context, page.path, page.title, download=download).page("page/article.html", page)


def write_overview(page: OverviewPage, context: RenderContext) -> str:
    return PageWriter(context, page.path, page.title).page("page/overview.html", page)


def write_front(page: FrontPage, context: RenderContext) -> str:
    return PageWriter(context, page.path, "Preamble").page("page/front.html", page)
