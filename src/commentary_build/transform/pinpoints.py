"""How a unit of a treaty is cited: OSCOLA pinpoints ("art 40(21)(b)") and full citations."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Instrument, Proposal, Provision, ids
from . import oscola


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


def text_citation(instrument: Instrument) -> str:
    """The text as a whole, as its bibliography entry cites it (OSCOLA): "Convention on Cybercrime (opened for
    signature 23 November 2001, entered into force 1 July 2004) ETS No 185". Without an entry (W078), its title."""
    entry = instrument.bibliography_entry
    return " ".join(oscola.bibliography_entry(entry).text().split()) if entry is not None else instrument.title


def citation(instrument: Instrument, unit: Provision | Article) -> str:
    cite = text_citation(instrument)
    if isinstance(unit, Provision) and unit.article is None:
        return cite
    # OSCOLA separates a pinpoint from a treaty series or document reference with a comma ("ETS No 185, art 15",
    # "UN Doc A/RES/79/243, annex, art 40"), so the article is not read as part of the reference.
    entry = instrument.bibliography_entry
    series = oscola.series_reference(entry) if entry is not None else ""
    separator = ", " if cite[-1:].isdigit() or (series and cite.endswith(series)) else " "
    return f"{cite}{separator}{pinpoint(unit)}"


@dataclass(frozen=True)
class ProvisionChange:
    """What a proposal does to one provision, as a reader names it: "adds art 40(21)(e)"."""

    verb: str  # "amends" | "adds" | "deletes" | "replaces"
    pinpoint: str  # "art 40(21)(e)"
    unit_id: str  # the provision itself, or for an addition the one it follows

    @property
    def text(self) -> str:
        return f"{self.verb} {self.pinpoint}"


def proposal_changes(instrument: Instrument, proposal: Proposal) -> list[ProvisionChange]:
    """Each provision a proposal amends, adds or deletes, in the order of its edits, each once.

    An addition is named by the provision it creates (its parent's pinpoint and its new
    label), not by the one it follows: a new (e) after (d) "adds art 40(21)(e)". An edit
    that only prepares an addition (the full stop of (d) made a semicolon) still "amends" (d).
    """
    changes: dict[tuple[str, str], ProvisionChange] = {}
    for edit in proposal.edits:
        target = instrument.provision(edit.target)
        if target is None:
            continue
        if edit.op == "add-after":
            parent = pinpoint(target.parent) if target.parent is not None else (f"art {target.article.number}" if target.article else "")
            label = ids.label(edit.num or "")
            place = f"{parent}({label})" if label else parent
            change = ProvisionChange("adds", place, edit.target)
        elif edit.op == "delete-unit":
            change = ProvisionChange("deletes", pinpoint(target), edit.target)
        elif edit.op == "replace" and edit.quote is not None and " ".join(edit.quote.split()) == " ".join((target.text or "").split()):
            # The whole wording of the provision given a new one: a replacement, as a deletion and re-addition is.
            change = ProvisionChange("replaces", pinpoint(target), edit.target)
        else:
            change = ProvisionChange("amends", pinpoint(target), edit.target)
        changes.setdefault((change.verb, change.pinpoint), change)
    # A provision deleted and added again under the same number is replaced: "replaces art 42(5)".
    for (verb, place), change in list(changes.items()):
        if verb == "deletes" and ("adds", place) in changes:
            del changes[("adds", place)]
            changes[(verb, place)] = ProvisionChange("replaces", place, change.unit_id)
    return list(changes.values())


def _parts(place: str) -> tuple[str, list[str]]:
    """"art 40(21)(d)" -> ("art 40", ["21", "d"])."""
    head, _, rest = place.partition("(")
    return head, (rest.rstrip(")").split(")(") if rest else [])


def _next_label(first: str, second: str) -> bool:
    """Whether ``second`` follows ``first`` directly: 4 → 5, d → e (a run of two is written as a range)."""
    if first.isdigit() and second.isdigit():
        return int(second) == int(first) + 1
    return len(first) == len(second) == 1 and first.isalpha() and ord(second) == ord(first) + 1


def places_pinpoint(places: list[str]) -> str:
    """Several provisions of one article as one pinpoint, OSCOLA-style: "art 40(21)(d)–(e)", "art 36(1)(c), (4)",
    "art 42(4)–(5)". Each provision once, in the order given; a provision next to the one before it under the same
    parent extends a range, a sibling is named by its own label, any other from below the article."""
    places = list(dict.fromkeys(p for p in places if p))
    if not places:
        return ""
    items: list[list[tuple[str, list[str]]]] = []  # runs of consecutive siblings
    for place in places:
        head, labels = _parts(place)
        if items:
            last_head, last_labels = items[-1][-1]
            if head == last_head and labels and last_labels and labels[:-1] == last_labels[:-1] and _next_label(last_labels[-1], labels[-1]):
                items[-1].append((head, labels))
                continue
        items.append([(head, labels)])
    first_head = items[0][0][0]
    out = []
    for index, run in enumerate(items):
        head, labels = run[0]
        before = items[index - 1][-1] if index else None
        if before is None or head != first_head:
            start = head + "".join(f"({label})" for label in labels)
        elif before[0] == head and labels and before[1][:-1] == labels[:-1]:
            start = f"({labels[-1]})"  # a sibling of the provision before: "(a), (c)"
        else:
            start = "".join(f"({label})" for label in labels)
        end = f"\u2013({run[-1][1][-1]})" if len(run) > 1 else ""
        out.append(start + end)
    return ", ".join(out)
