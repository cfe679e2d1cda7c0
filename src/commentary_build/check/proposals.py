"""Anchor every drafting proposal in the text it changes, once per build.

The results (where each edit lands, the blackline, the proposed wording) are what the
renderers and exports draw; the problems (a stale quote, an ambiguous one, overlapping
edits) are reported here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Project, Proposal
from ..transform.redline import ProposalResult, apply_proposal


@dataclass
class AnchoredProposals:
    results: dict[str, ProposalResult] = field(default_factory=dict)  # proposal id -> where its edits land
    by_article: dict[tuple[str, str], list[Proposal]] = field(default_factory=dict)  # (text, article id) -> proposals changing it

    def on_article(self, instrument_id: str, article_id: str) -> list[Proposal]:
        return self.by_article.get((instrument_id, article_id), [])


def check_proposals(project: Project) -> AnchoredProposals:
    """Every proposal anchored; each problem is added to the project's report."""
    anchored = AnchoredProposals()
    for note in project.notes:
        instrument = project.instruments[note.instrument_id]
        for proposal in note.proposals:
            result = apply_proposal(proposal, instrument.wording)
            project.report.extend(result.problems)
            anchored.results[proposal.id] = result
            articles = {article.id for edit in proposal.edits if (article := instrument.article_of(edit.target)) is not None}
            for article_id in sorted(articles):
                anchored.by_article.setdefault((instrument.id, article_id), []).append(proposal)
    return anchored
