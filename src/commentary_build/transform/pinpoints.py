"""How a unit of a treaty is cited: OSCOLA pinpoints ("art 40(21)(b)") and full citations."""

from __future__ import annotations

from ..model import Article, Instrument, Provision


def pinpoint(unit: Provision | Article) -> str:
    """OSCOLA pinpoint of a unit: "art 40", "art 40(21)(b)", "art 2(e)(ii)"."""
    if isinstance(unit, Article):
        return f"art {unit.number}"
    labels = []
    node: Provision | None = unit
    while node is not None:
        # A dash item ("–") has no label to cite; the pinpoint stops at its list.
        if node.short_num and node.short_num.isalnum() and node.kind in ("paragraph", "subparagraph"):
            labels.append(node.short_num)
        node = node.parent
    article = unit.article
    base = f"art {article.number}" if article else ""
    return base + "".join(f"({label})" for label in reversed(labels))


def citation(instrument: Instrument, unit: Provision | Article) -> str:
    cite = instrument.metadata.get("citation") or instrument.title
    if isinstance(unit, Provision) and unit.article is None:
        return cite
    # OSCOLA separates a pinpoint from a treaty series number with a comma ("ETS No 185, art 15"),
    # so the article number is not read as part of the series reference.
    separator = ", " if cite[-1:].isdigit() else " "
    return f"{cite}{separator}{pinpoint(unit)}"
