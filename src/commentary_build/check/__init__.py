"""The check stage: every analysis that can find a problem in the loaded project, run once.

``commentary check`` is load + check; a build is load + check + render, and rendering
reports nothing, so the two cannot disagree. What the checks work out on the way (where
proposals land, the git history) is kept in an ``Analysis`` for the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.history import History
from ..model import Project
from .budgets import Budgets, check_budgets
from .caches import check_caches
from .commentary import ParsedProse, check_commentary
from .data import check_data_files
from .edition import check_edition
from .history import check_build_date, check_history
from .proposals import AnchoredProposals, check_proposals
from .quotations import check_quotations


@dataclass
class Analysis:
    proposals: AnchoredProposals
    history: History
    # The tokens of every note body and rationale that could be read, for the document layer.
    prose: ParsedProse = field(default_factory=dict)
    budgets: Budgets = field(default_factory=Budgets)  # what each note makes, and the notes refused for it


def check_project(project: Project) -> Analysis:
    """Run every check; problems go to ``project.report``."""
    check_caches(project)
    check_data_files(project)
    check_edition(project)
    proposals = check_proposals(project)
    prose, shapes = check_commentary(project)
    # A note over a budget leaves the project here, with its proposals: the checks after it never read it.
    budgets = check_budgets(project, proposals, shapes)
    check_quotations(project)
    history = check_history(project)
    check_build_date(project)
    return Analysis(proposals, history, prose, budgets)
