"""What the site's search finds: one record per article's text, note, proposal and tracker row.

The search index (Pagefind, run after the build by ``export/search_index.py``) is made from these
records, not from the built pages: a page mixes the treaty's text, commentary on it, proposals that
would change it and comparisons with another text, and search must tell them apart. Each record is a
small HTML document drawn by ``templates/search/record.html``, whose ``data-pagefind-*`` attributes
carry what a result shows and is filtered by:

- ``kind`` (a filter and the result's label): treaty text, commentary, proposal, tracker, other pages;
- ``text`` (a filter): the treaty the record belongs to, by its label ("Budapest Convention");
- ``theme`` (a filter): the themes of a note, of its proposals and of a tracker row;
- ``url``: the page the record is on; the record's elements keep the ids they have on that page
  (``art-40-8``, ``note-<slug>-para-2``, ``proposal-…``), so the search script sends a hit to the
  paragraph it is in, and ``anchors`` names each of those ids for the result ("Art 40(8)").

The treaty's own words weigh most (``TEXT_WEIGHT``), and a note's or a proposal's title no more than
the treaty's words, so the adopted text comes before what is said about it or proposed for it (the
search script also ranks the treaty text first among results of like relevance). Everything is escaped by the template (autoescape); the
commentary is the document tree's prose written as the site writes it (``render.prose``), without footnote markers.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from markupsafe import Markup

from ..document.nodes import NoteNode, Paragraph, Prose
from ..model import Article, Division, Instrument, Proposal, Provision
from ..transform.pinpoints import pinpoint, proposal_changes
from .context import RenderContext
from .navigation import TRACKER_PAGE, article_heading
from .page import SearchInput, SearchRecord
from .prose import ProseHooks, ProseWriter, attribute_html
from .reader import STATUS_LABELS

# The kinds a reader filters by; a result shows the label.
KINDS = {
    "text": "Treaty text",
    "commentary": "Commentary",
    "proposal": "Proposal",
    "tracker": "Tracker",
    "page": "Other pages",
}
# How much a word counts by where it is (Pagefind's data-pagefind-weight, on a quadratic scale: 2 is about
# four times 1, the default): the treaty's words, and the headings of each kind of record.
TEXT_WEIGHT = 2.0
HEADING_WEIGHTS = {"text": 3.0, "commentary": 1.5, "tracker": 1.5, "proposal": 1.2, "page": 1.5}
# Where a citation was: a control character, which no input may hold (C074), so none is taken for one.
_CITED = "\x00"
_SPACES = (" ", "\n", "\t", "\u00a0", "&nbsp;")
# Generated pages indexed as they are, whole: pages of their own words that no record covers.
WHOLE_PAGE_KINDS = frozenset({"about", "contributing", "bibliography", "concordance"})


def _add(result: SearchInput, context: RenderContext, kind: str, *, title: str, url: str, anchor: str | None, anchors: dict[str, str],
        heading: str | None = None, units: list[Provision] | None = None, body: Markup | None = None,
        place: str | None = None, text: str | None = None, themes: list[str] | None = None) -> None:
    html = context.html(
        "search/record.html", language=result.language, kind=kind, kind_label=KINDS[kind], weight=TEXT_WEIGHT, heading_weight=HEADING_WEIGHTS[kind],
        title=title, heading=heading, url=url, anchor=anchor, anchors=json.dumps(anchors, ensure_ascii=False, sort_keys=True, allow_nan=False),
        units=units or [], body=body, place=place, text=text, themes=themes or [],
    )
    result.records.append(SearchRecord(f"{kind}/{len(result.records)}.html", str(html)))


def search_input(context: RenderContext, whole_pages: list[str]) -> SearchInput:
    project = context.project
    result = SearchInput(language=project.settings.language, whole_pages=whole_pages)
    for instrument in project.instruments.values():
        for article in instrument.articles.values():
            _article_record(result, context, instrument, article)
        if instrument.preamble or instrument.final_clauses:
            _preamble_record(result, context, instrument)
        for division in instrument.divisions:
            for each in division.walk():
                _division_record(result, context, instrument, each)
        if instrument.notes:
            _interpretative_notes_record(result, context, instrument)
        _note_records(result, context, instrument)
    _tracker_records(result, context)
    return result


# --------------------------------------------------------------------------- treaty text


def _labels(units: list[Provision]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for top in units:
        for unit in top.walk():
            place = pinpoint(unit) if unit.article is not None else (unit.num or "").strip()
            labels[unit.id] = place.replace("art ", "Art ", 1) if place.startswith("art ") else place
    return labels


def _article_record(result: SearchInput, context: RenderContext, instrument: Instrument, article: Article) -> None:
    """The article's title, a record of its own (a query for "extradition" finds "Art 37 — Extradition"), then
    a record per paragraph with its subparagraphs: a short record ranks by its own words, where a whole
    article of 3,000 words would rank below any note that names the subject in its title."""
    urls = context.urls
    url = urls.url(urls.article_page(instrument, article))
    title = f"Art {article.number} — {article.title}"
    division = context.documents.structure(instrument).division_of(article)
    place = f"{division.label}: {division.title}" if division is not None else None
    _add(result, context, "text", title=title, heading=article_heading(article), url=url, anchor=None, anchors={}, place=place, text=instrument.label)
    for paragraph in article.paragraphs:
        _add(result, context, "text", title=title, url=url, anchor=None, anchors=_labels([paragraph]), units=[paragraph], text=instrument.label)


def _preamble_record(result: SearchInput, context: RenderContext, instrument: Instrument) -> None:
    urls = context.urls
    units = instrument.preamble + instrument.final_clauses
    labels = {unit.id: "Preamble" for unit in instrument.preamble} | {unit.id: "Final clause" for unit in instrument.final_clauses}
    _add(result, context, "text", title="Preamble and final clause", heading="Preamble", url=urls.url(urls.instrument_page(instrument, "preamble")),
               anchor=None, anchors=labels, units=units, text=instrument.label)


def _division_record(result: SearchInput, context: RenderContext, instrument: Instrument, division: Division) -> None:
    urls = context.urls
    title = f"{division.label}: {division.title}"
    _add(result, context, "text", title=title, heading=title, url=urls.url(urls.division_page(instrument, division.id)),
               anchor=None, anchors={}, text=instrument.label)


def _interpretative_notes_record(result: SearchInput, context: RenderContext, instrument: Instrument) -> None:
    urls = context.urls
    labels = {note.id: f"Interpretative note {note.num.rstrip('.')}" for note in instrument.notes}
    notes = [Provision(id=note.id, kind="paragraph", num=note.num, text=f"{note.heading}: {note.text}") for note in instrument.notes]
    _add(result, context, "text", title="Annex: interpretative notes", heading="Annex: interpretative notes",
               url=urls.url(urls.instrument_page(instrument, "interpretative-notes")), anchor=None, anchors=labels,
               units=notes, text=instrument.label)


# --------------------------------------------------------------------------- commentary and proposals


def _themes(context: RenderContext, theme_ids: list[str]) -> list[str]:
    return [context.project.themes[t].label for t in theme_ids if t in context.project.themes]


def _note_records(result: SearchInput, context: RenderContext, instrument: Instrument) -> None:
    """A record per note and per proposal of ``instrument``'s notes, from the pages' document trees (built once per
    build, shared with the pages): a note's paragraphs keep their ids on the page (``note-<slug>-para-2``)."""
    documents = context.documents
    urls = context.urls
    pages = [(page.path, page.notes) for page in documents.articles(instrument)]
    overview = documents.overview(instrument)
    pages.append((overview.path, overview.notes))
    for page_uri, nodes in pages:
        url = urls.url(page_uri)
        for node in nodes:
            note = node.note

            def opening(paragraph: Paragraph, node: NoteNode = node) -> str:
                return f'<p id="{attribute_html(node.paragraph_anchor(paragraph.number or 0))}">'

            body = _prose(node.body, opening)
            labels = {note.anchor: "Commentary"} | {node.paragraph_anchor(n): f"Commentary, para {n}" for n in _numbers(node.body)}
            _add(result, context, "commentary", title=note.title, heading=note.title, url=url, anchor=note.anchor, anchors=labels, body=body,
                 place=f"On {_target(node)}", text=instrument.label, themes=[label for _, label in node.themes])
            for proposal in note.proposals:
                if proposal.id in context.analysis.proposals.results:
                    _proposal_record(result, context, instrument, node, proposal, url)


def _prose(prose: Prose, paragraph: Callable[[Paragraph], str] | None = None) -> Markup:
    """Prose as the site writes it, less what depends on the page: a citation leaves no footnote number (a result
    quotes the words), and a provision named in it is its words, not a link (a record is no page)."""
    written = ProseWriter(ProseHooks(cross_ref=lambda node: None, citation=lambda node: _CITED, paragraph=paragraph)).blocks(prose.blocks)
    # The space before a citation goes with it ("victim [@report]." is "victim.", not "victim ."); Markup's own
    # replace keeps the writer's escaping (nothing here is made Markup from a string).
    for space in _SPACES * 2:
        while space + _CITED in written:
            written = written.replace(space + _CITED, _CITED)
    return written.replace(_CITED, "")


def _numbers(prose: Prose) -> list[int]:
    return [block.number for block in prose.blocks if isinstance(block, Paragraph) and block.number]


def _target(node: NoteNode) -> str:
    if node.target_unit is None:
        return node.target_label
    return node.target_label.replace("art ", "Art ", 1) if node.target_label.startswith("art ") else node.target_label


def _place(instrument: Instrument, unit_id: str) -> str:
    unit = instrument.index.get(unit_id)
    if isinstance(unit, Article) or (isinstance(unit, Provision) and unit.article is not None):
        return pinpoint(unit).replace("art ", "Art ", 1)
    return unit_id


def _proposal_record(result: SearchInput, context: RenderContext, instrument: Instrument, node: NoteNode, proposal: Proposal, url: str) -> None:
    anchor = f"proposal-{proposal.id}"
    changes = [change.text.replace("art ", "Art ", 1) for change in proposal_changes(instrument, proposal)]
    wording = [edit.text for edit in proposal.edits if edit.text]
    body = context.html("search/proposal.html", proposal=proposal, proponent=context.documents.proponent(proposal), changes=changes, wording=wording,
                        rationale=_prose(context.documents.prose(node.note, proposal)))
    place = f"Proposal by {context.documents.proponent(proposal).in_sentence}, not adopted" + (f" · {', '.join(changes)}" if changes else "")
    _add(result, context, "proposal", title=proposal.title, heading=proposal.title, url=url, anchor=anchor,
         anchors={anchor: "Proposal, not adopted"}, body=body, place=place, text=instrument.label, themes=[label for _, label in node.themes])


# --------------------------------------------------------------------------- tracker


def _tracker_records(result: SearchInput, context: RenderContext) -> None:
    project = context.project
    instrument = project.default_instrument
    url = context.urls.url(TRACKER_PAGE)
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            provisions = [_place(instrument, p) for p in rec.provisions]
            kind = "Concern" if rec.kind == "concern" else "Recommendation"
            status = STATUS_LABELS.get(rec.status, rec.status)
            body = context.html("search/tracker.html", rec=rec, kind=kind, status=status, provisions=provisions)
            _add(result, context, "tracker", title=rec.summary, url=url, anchor=rec.id, anchors={rec.id: kind}, body=body,
                       place=f"{kind} · {status} · {rec_set.title}", text=instrument.label,
                       themes=_themes(context, rec.themes))
