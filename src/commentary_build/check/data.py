"""Cross-checks between data files: concordances and recommendations against the texts and notes.

A check that depends on a file that did not load (its problem is reported at that file)
stays silent, so one broken file is one message.
"""

from __future__ import annotations

from ..model import Concordance, ConcordanceEntry, Instrument, InstrumentConcordance, Project, ids
from ..model import problems as d
from ..model.project import Unavailable


def check_data_files(project: Project) -> None:
    _check_concordances(project.concordances, project.instruments, project.report, project.unavailable)
    _check_recommendations(project)
    for concordance in project.instrument_concordances:
        _check_pair_kinds(concordance, project)


def _check_pair_kinds(concordance: InstrumentConcordance, project: Project) -> None:
    """An article pair called equivalent must not hold a paragraph pair that is not, unless its remark says why."""
    from_text = project.instruments[concordance.from_instrument]
    to_text = project.instruments[concordance.to_instrument]
    article_pairs = {(p.from_unit, p.to_unit): p for p in concordance.pairs if ids.is_article(p.from_unit) and ids.is_article(p.to_unit)}
    for pair in concordance.pairs:
        from_article, to_article = from_text.article_of(pair.from_unit), to_text.article_of(pair.to_unit)
        if from_article is None or to_article is None or (pair.from_unit, pair.to_unit) in article_pairs:
            continue
        whole = article_pairs.get((from_article.id, to_article.id))
        if whole is not None and whole.kind == "equivalent" and pair.kind != "equivalent" and not whole.remark:
            project.report.add(d.CONCORDANCE_KIND, f"{whole.from_unit} ↔ {whole.to_unit} is 'equivalent' but {pair.from_unit} ↔ {pair.to_unit} is '{pair.kind}' (line {pair.location.line})", whole.location)


def _check_concordances(concordances: dict[str, Concordance], instruments: dict[str, Instrument], report: d.Report, unavailable: Unavailable) -> None:
    for concordance in concordances.values():
        instrument = instruments.get(concordance.to_instrument)
        if instrument is None:
            if concordance.to_instrument not in unavailable.instruments:
                report.add(d.INSTRUMENT_UNKNOWN, f"concordance '{concordance.id}' maps to unknown text '{concordance.to_instrument}'", concordance.location)
            continue
        for entry in concordance.entries:
            _check_draft_kind(concordance, entry, report)
            for target in entry.targets:
                if target not in instrument.index and not unavailable.article(instrument.id, target):
                    report.add(d.TARGET_UNKNOWN, f"concordance entry {entry.draft_ref} maps to '{target}', which is not a provision of {instrument.short_title}", entry.location)


def _check_recommendations(project: Project) -> None:
    if not project.instruments:
        return
    instrument = project.default_instrument
    unavailable = project.unavailable
    note_ids = {n.id for n in project.notes}
    for rec_set in project.recommendations:
        for rec in rec_set.recommendations:
            for provision in rec.provisions:
                if provision not in instrument.index and not unavailable.article(instrument.id, provision):
                    project.report.add(d.TARGET_UNKNOWN, f"recommendation {rec.id} concerns '{provision}', which does not exist", rec.location)
            if (not rec.note_id or rec.note_id not in note_ids) and rec.note_id not in unavailable.notes:
                project.report.add(d.RECOMMENDATION_NOTE, f"recommendation {rec.id}: backing note '{rec.note_id}' does not exist", rec.location)
            for theme in rec.themes:
                if theme not in project.themes and not unavailable.theme(theme):
                    project.report.add(d.THEME_UNKNOWN, f"recommendation {rec.id}: theme '{theme}' is not in the vocabulary", rec.location)


def _check_draft_kind(concordance: Concordance, entry: ConcordanceEntry, report: d.Report) -> None:
    """A draft mapping's kind within its definition: "equivalent" compares wording, so it needs the draft's
    text (basis draft-text); "no-counterpart" has no adopted provision, and every other kind has one."""
    where = f"concordance '{concordance.id}', draft {entry.draft_ref}"
    if entry.kind == "equivalent" and entry.basis != "draft-text":
        basis = f"basis '{entry.basis}'" if entry.basis else "no basis"
        report.add(d.CONCORDANCE_KIND_UNDEFINED, f"{where}: 'equivalent' says the wording is the same, but the mapping rests on {basis}, not on the draft's text", entry.location)
    elif entry.kind == "no-counterpart" and entry.target:
        report.add(d.CONCORDANCE_KIND_UNDEFINED, f"{where}: 'no-counterpart' with an adopted provision ('{entry.target}')", entry.location)
    elif entry.kind != "no-counterpart" and not entry.target:
        report.add(d.CONCORDANCE_KIND_UNDEFINED, f"{where}: '{entry.kind}' names no adopted provision", entry.location)
