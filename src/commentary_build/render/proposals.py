"""Redline proposals on an article page: the three views of each affected paragraph, and the proposals themselves.

Proposals are resolved once per build (``ProposalIndex``); a page only looks up the
ones that touch its article. A proposal's full entry (rationale, sources) appears on
the page of the note that holds it; other pages it touches link back to it.
The markup: ``templates/blackline/views.html`` (the three views), ``blackline/unit.html``
(a paragraph in them) and ``proposal.html`` (an entry).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..model import Article, Instrument, Note, Proposal, Provision
from ..transform.citations import FootnoteSequence
from ..transform.pinpoints import pinpoint, proposal_changes
from ..transform.redline import ProposalResult, Segment, UnitOutcome
from .blackline import render_legend, render_segments
from .context import RenderContext, iso, provision
from .notes import long_date
from .templates import Templates
from .text import TextContext, render_unit_plain


def render_article_proposals(article: Article, notes: list[Note], page_uri: str, context: RenderContext,
                             footnotes: FootnoteSequence, markers: dict[str, dict] | None = None,
                             ) -> tuple[Callable[[Provision], Markup | None] | None, Markup]:
    """(override for affected paragraphs, HTML of the proposals section) for one article page;
    ``markers`` (paragraph id -> its marker, render/notes.py) go above the views of a paragraph."""
    instrument = article.instrument
    assert instrument is not None, "an article of a loaded text knows its instrument"
    anchored = context.analysis.proposals
    proposals = anchored.on_article(instrument.id, article.id)
    if not proposals:
        return None, Markup("")
    results = [(p, anchored.results[p.id]) for p in proposals if anchored.results[p.id].units]
    affected: dict[str, list[tuple[Proposal, ProposalResult]]] = {}
    for proposal, result in results:
        for unit_result in result.units:
            top = provision(instrument, unit_result.target).top
            pairs = affected.setdefault(top.id, [])
            if (proposal, result) not in pairs:
                pairs.append((proposal, result))
    tab_counter = iter(range(1, 10_000))

    def override(unit: Provision) -> Markup | None:
        if unit.id not in affected:
            return None
        return _three_views(unit, affected[unit.id], instrument, page_uri, context, next(tab_counter), (markers or {}).get(unit.id))

    section = [render_legend(templates=context.templates)]
    own = {p.id for n in notes for p in n.proposals}
    for proposal in proposals:
        section.append(_proposal_entry(proposal, anchored.results[proposal.id], instrument, page_uri, context, footnotes, full=proposal.id in own))
    return override, Markup("").join(section)


def _three_views(unit: Provision, proposals: list[tuple[Proposal, ProposalResult]], instrument: Instrument, page_uri: str, context: RenderContext,
                 number: int, marker: dict | None = None) -> Markup:
    plain_ctx = TextContext(instrument, context.words_html(page_uri, instrument), templates=context.templates)
    adopted = render_unit_plain(unit, plain_ctx)
    alternatives = []
    for proposal, result in proposals:
        outcomes = {u.target: u for u in result.units}
        cite = _proposal_href(proposal, page_uri, context, "rationale")
        when = iso(proposal.date)
        alternatives.append({
            "proposal": proposal,
            "href": _proposal_href(proposal, page_uri, context),
            "blackline": _blackline_unit(unit, outcomes, cite, when, 0, context.templates),
            "proposed": _clean_unit(unit, outcomes, 0, context.templates),
        })
    return context.html("blackline/views.html", unit=unit, number=number, several=len(proposals) > 1, adopted=adopted, alternatives=alternatives,
                        pinpoint=pinpoint(unit), marker=marker)


def _proposal_href(proposal: Proposal, page_uri: str, context: RenderContext, anchor: str = "proposal") -> str:
    assert proposal.note is not None, "a loaded proposal always belongs to its note"
    return context.proposal_href(page_uri, proposal.note, proposal.id, anchor)


def _unit(templates: Templates, kind: str, depth: int, *, unit_id: str | None = None, state: str | None = None, num: str | None = None,
          words: str = "", children: list[Markup] | None = None, tail: str | None = None) -> Markup:
    return templates.render("blackline/unit.html", kind=kind, depth=depth, unit_id=unit_id, state=state, num=num, words=words, children=children or [], tail=tail)


def _blackline_unit(unit: Provision, outcomes: dict, cite: str, when: str, depth: int, templates: Templates) -> Markup:
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        body = render_segments(result.segments, cite=cite, datetime=when, templates=templates)
        children = [_struck_unit(c, cite, when, depth + 1, templates) for c in unit.children]
        return _unit(templates, unit.kind, depth, unit_id=unit.id, state="deleted", num=unit.num, words=body, children=children)
    if result is not None:
        words: str = render_segments(result.segments, cite=cite, datetime=when, templates=templates)
    else:
        words = unit.text
    children = [_blackline_unit(child, outcomes, cite, when, depth + 1, templates) for child in unit.children]
    html = _unit(templates, unit.kind, depth, unit_id=unit.id, num=unit.num, words=words, children=children, tail=unit.tail)
    if result is not None:
        for added in result.outcomes[1:]:
            html += _added_unit(added, unit.kind, depth, cite, when, templates)
    return html


def _struck_unit(unit: Provision, cite: str, when: str, depth: int, templates: Templates) -> Markup:
    body = render_segments([Segment("del", unit.text)], cite=cite, datetime=when, templates=templates) if unit.text else ""
    children = [_struck_unit(c, cite, when, depth + 1, templates) for c in unit.children]
    return _unit(templates, unit.kind, depth, unit_id=unit.id, state="deleted", num=unit.num, words=body, children=children)


def _added_unit(outcome: UnitOutcome, kind: str, depth: int, cite: str, when: str, templates: Templates) -> Markup:
    # Label and wording form one insertion, so print shows a single "[+ (e) …]" mark.
    words = f"{outcome.num} {outcome.proposed}" if outcome.num else outcome.proposed
    body = render_segments([Segment("ins", words)], cite=cite, datetime=when, templates=templates)
    return _unit(templates, kind, depth, state="added", words=body)


def _clean_unit(unit: Provision, outcomes: dict, depth: int, templates: Templates) -> Markup:
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        return Markup("")
    words = result.accepted if result is not None else unit.text
    children = [_clean_unit(c, outcomes, depth + 1, templates) for c in unit.children]
    html = _unit(templates, unit.kind, depth, unit_id=unit.id, num=unit.num, words=words, children=children, tail=unit.tail)
    if result is not None:
        for added in result.outcomes[1:]:
            html += _unit(templates, unit.kind, depth, num=added.num, words=added.proposed)
    return html


def _proposal_entry(proposal: Proposal, result: ProposalResult, instrument: Instrument, page_uri: str, context: RenderContext,
                    footnotes: FootnoteSequence, full: bool) -> Markup:
    # "amends art 40(21)(d), adds art 40(21)(e)": an addition is named by the provision it creates.
    targets: list[dict[str, str | None]] = [
        {"verb": change.verb, "label": change.pinpoint, "href": context.urls.unit_href(page_uri, instrument.id, change.unit_id) or "#"}
        for change in proposal_changes(instrument, proposal)
    ]
    rationale = None
    if full:
        assert proposal.note is not None, "a loaded proposal always belongs to its note"
        first_line = proposal.rationale_line or proposal.location.line or 1
        rationale = context.render_note_markdown(proposal.rationale, proposal.note, page_uri, footnotes, first_line)
    return context.html(
        "proposal.html",
        proposal=proposal,
        full=full,
        href=_proposal_href(proposal, page_uri, context),
        when=iso(proposal.date),
        when_text=long_date(proposal.date),
        targets=targets,
        broken=not result.ok,
        rationale=rationale,
    )
