"""Redline proposals on an article page: the three views of each affected paragraph, and the proposals themselves.

Proposals are resolved once per build (``ProposalIndex``); a page only looks up the
ones that touch its article. A proposal's full entry (rationale, sources) appears on
the page of the note that holds it; other pages it touches link back to it.
"""

from __future__ import annotations

from typing import Callable

from markupsafe import escape

from ..model import Article, Instrument, Note, Proposal, Provision
from ..transform.citations import FootnoteSequence
from ..transform.pinpoints import pinpoint
from ..transform.redline import ProposalResult, Segment, UnitOutcome
from .blackline import render_legend, render_segments
from .context import RenderContext, iso
from .tabs import tabbed_set
from .text import TextContext, render_unit_plain


def render_article_proposals(article: Article, notes: list[Note], page_uri: str, context: RenderContext, footnotes):
    """(override for affected paragraphs, HTML of the proposals section) for one article page."""
    instrument = article.instrument
    anchored = context.analysis.proposals
    proposals = anchored.on_article(instrument.id, article.id)
    if not proposals:
        return None, ""
    results = [(p, anchored.results[p.id]) for p in proposals if anchored.results[p.id].units]
    affected: dict[str, list[tuple[Proposal, ProposalResult]]] = {}
    for proposal, result in results:
        for unit_result in result.units:
            top = instrument.index[unit_result.target].top
            pairs = affected.setdefault(top.id, [])
            if (proposal, result) not in pairs:
                pairs.append((proposal, result))
    tab_counter = iter(range(1, 10_000))

    def override(unit: Provision) -> str | None:
        if unit.id not in affected:
            return None
        return _three_views(unit, affected[unit.id], instrument, page_uri, context, next(tab_counter))

    section = [render_legend()]
    own = {p.id for n in notes for p in n.proposals}
    for proposal in proposals:
        section.append(_proposal_entry(proposal, anchored.results[proposal.id], instrument, page_uri, context, footnotes, full=proposal.id in own))
    return override, "".join(section)


def _three_views(unit: Provision, proposals: list[tuple[Proposal, ProposalResult]], instrument: Instrument, page_uri: str, context: RenderContext, number: int) -> str:
    plain_ctx = TextContext(instrument, context.words_html(page_uri, instrument))
    adopted = render_unit_plain(unit, plain_ctx)
    blacklines, cleans = [], []
    for proposal, result in proposals:
        heading = _alternative_heading(proposal, page_uri, context, len(proposals) > 1)
        outcomes = {u.target: u for u in result.units}
        cite = _proposal_href(proposal, page_uri, context, "rationale")
        when = iso(proposal.date)
        blacklines.append(f'<div class="tc-alternative tc-has-changes">{heading}{_blackline_unit(unit, outcomes, instrument, cite, when, 0)}</div>')
        cleans.append(f'<div class="tc-alternative">{heading}{_clean_unit(unit, outcomes, 0)}</div>')
    views = tabbed_set(f"__tc_tabs_{unit.id}_{number}", str(number), [
        ("Adopted text", "adopted", adopted),
        ("Blackline", "blackline", "".join(blacklines)),
        ("Proposed text", "proposed", "".join(cleans)),
    ])
    return f'<div class="tc-redline-views" data-unit="{escape(unit.id)}">{views}</div>'


def _alternative_heading(proposal: Proposal, page_uri: str, context: RenderContext, several: bool) -> str:
    prefix = "Alternative: " if several else ""
    return (
        f'<p class="tc-alternative-heading">{prefix}<a href="{escape(_proposal_href(proposal, page_uri, context))}">{escape(proposal.title)}</a>'
        f' <span class="tc-meta">({escape(proposal.proponent)})</span></p>'
    )


def _proposal_href(proposal: Proposal, page_uri: str, context: RenderContext, anchor: str = "proposal") -> str:
    assert proposal.note is not None, "a loaded proposal always belongs to its note"
    return context.proposal_href(page_uri, proposal.note, proposal.id, anchor)


def _unit_open(unit_id: str | None, kind: str, depth: int, extra: str = "") -> str:
    id_attr = f' data-unit="{escape(unit_id)}"' if unit_id else ""
    return f'<div class="tc-unit tc-{kind} tc-depth-{depth}{extra}"{id_attr}>'


def _blackline_unit(unit: Provision, outcomes: dict, instrument: Instrument, cite: str, when: str, depth: int) -> str:
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        body = render_segments(result.segments, cite=cite, datetime=when)
        children = "".join(_struck_unit(c, cite, when, depth + 1) for c in unit.children)
        return _unit_open(unit.id, unit.kind, depth, " tc-unit-deleted") + f'<p>{_num(unit)}{body}</p>{children}</div>'
    if result is not None:
        words = render_segments(result.segments, cite=cite, datetime=when)
    else:
        words = escape(unit.text)
    html = _unit_open(unit.id, unit.kind, depth) + f"<p>{_num(unit)}{words}</p>"
    for child in unit.children:
        html += _blackline_unit(child, outcomes, instrument, cite, when, depth + 1)
    if unit.tail:
        html += f'<p class="tc-tail">{escape(unit.tail)}</p>'
    html += "</div>"
    if result is not None:
        for added in result.outcomes[1:]:
            html += _added_unit(added, unit.kind, depth, cite, when)
    return html


def _struck_unit(unit: Provision, cite: str, when: str, depth: int) -> str:
    body = render_segments([Segment("del", unit.text)], cite=cite, datetime=when) if unit.text else ""
    children = "".join(_struck_unit(c, cite, when, depth + 1) for c in unit.children)
    return _unit_open(unit.id, unit.kind, depth, " tc-unit-deleted") + f"<p>{_num(unit)}{body}</p>{children}</div>"


def _added_unit(outcome: UnitOutcome, kind: str, depth: int, cite: str, when: str) -> str:
    # Label and wording form one insertion, so print shows a single "[+ (e) …]" mark.
    words = f"{outcome.num} {outcome.proposed}" if outcome.num else outcome.proposed
    body = render_segments([Segment("ins", words)], cite=cite, datetime=when)
    return _unit_open(None, kind, depth, " tc-unit-added") + f"<p>{body}</p></div>"


def _clean_unit(unit: Provision, outcomes: dict, depth: int) -> str:
    result = outcomes.get(unit.id)
    if result is not None and result.deleted:
        return ""
    words = escape(result.accepted if result is not None else unit.text)
    html = _unit_open(unit.id, unit.kind, depth) + f"<p>{_num(unit)}{words}</p>"
    html += "".join(_clean_unit(c, outcomes, depth + 1) for c in unit.children)
    if unit.tail:
        html += f'<p class="tc-tail">{escape(unit.tail)}</p>'
    html += "</div>"
    if result is not None:
        for added in result.outcomes[1:]:
            num = f'<span class="tc-num">{escape(added.num)}</span> ' if added.num else ""
            html += _unit_open(None, unit.kind, depth) + f"<p>{num}{escape(added.proposed)}</p></div>"
    return html


def _num(unit: Provision) -> str:
    return f'<span class="tc-num">{escape(unit.num)}</span> ' if unit.num else ""


def _proposal_entry(proposal: Proposal, result: ProposalResult, instrument: Instrument, page_uri: str, context: RenderContext, footnotes, full: bool) -> str:
    targets = []
    for target in dict.fromkeys(e.target for e in proposal.edits):
        if target in instrument.index:
            href = context.urls.unit_href(page_uri, instrument.id, target) or "#"
            targets.append(f'<a href="{escape(href)}">{escape(pinpoint(instrument.index[target]))}</a>')
        else:
            targets.append(escape(target))
    when = iso(proposal.date)
    label = f'<p class="tc-proposal-label">{escape(proposal.label)}</p>' if proposal.label else ""
    meta = (
        f'<p class="tc-note-meta">Proposed by <span class="tc-proponent">{escape(proposal.proponent)}</span>'
        f' · <time datetime="{escape(when)}">{escape(when)}</time> · Changes {", ".join(targets)}</p>'
    )
    broken = ""
    if not result.ok:
        broken = '<p class="tc-warning">Some edits of this proposal no longer match the text and are not shown; see the build report.</p>'
    if not full:
        return (
            f'<div class="tc-proposal tc-proposal-ref"><p class="tc-proposal-title"><a href="{escape(_proposal_href(proposal, page_uri, context))}">{escape(proposal.title)}</a></p>'
            f"{meta}</div>"
        )
    assert proposal.note is not None, "a loaded proposal always belongs to its note"
    rationale = context.render_note_markdown(proposal.rationale, proposal.note, page_uri, footnotes, proposal.rationale_line or proposal.location.line or 1)
    return (
        f'<div class="tc-proposal" id="proposal-{escape(proposal.id)}"><p class="tc-proposal-title">{escape(proposal.title)}</p>{label}{meta}{broken}'
        f'<div class="tc-rationale" id="rationale-{escape(proposal.id)}"><p class="tc-rationale-heading">Rationale</p>{rationale}</div></div>'
    )
