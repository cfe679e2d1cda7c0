"""What a build loaded and rendered, so nothing is lost silently: counts plus the problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .page import SiteBuild


@dataclass
class BuildReport:
    counts: dict = field(default_factory=dict)
    pages_by_kind: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @classmethod
    def from_site(cls, site: SiteBuild) -> BuildReport:
        stats = site.stats
        counts = {
            "pages": len(site.pages),
            "notes": stats.notes,
            "proposals": stats.proposals,
            "citations": stats.citations,
            # links in the treaty texts (found once per build) and in rendered commentary
            "cross_references": stats.cross_references_text + stats.cross_references_commentary,
            "cross_references_text": stats.cross_references_text,
            "cross_references_commentary": stats.cross_references_commentary,
            "errors": len(site.report.errors),
            "warnings": len(site.report.warnings),
        }
        kinds = Counter(page.kind for page in site.pages)
        return cls(counts, dict(sorted(kinds.items())), [p.as_dict() for p in site.report.sorted()])

    def summary(self) -> str:
        c = self.counts
        text = (
            f"treaty-commentary: {c['pages']} pages ({self.pages_by_kind.get('article', 0)} articles), "
            f"{c['notes']} notes, {c['proposals']} proposals, {c['citations']} citations, "
            f"{c['cross_references']} cross-references; {c['errors']} errors, {c['warnings']} warnings"
        )
        return text

    def as_dict(self) -> dict:
        return {"counts": self.counts, "pages_by_kind": self.pages_by_kind, "problems": self.problems}
