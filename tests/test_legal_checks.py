"""The checks that keep the edition's legal statements honest: a treaty status dated within the edition
(W075, C082), a quotation of a treaty that does not leave out the words limiting it (W076), a concordance
kind used as defined (W077), each text cited from its bibliography entry (W078)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
import yaml

from commentary_build.model import problems as d
from commentary_build.pipeline import load_and_check
from commentary_build.transform import quotations as q
from conftest import ROOT

BIBLIOGRAPHY = "commentary/bibliography.yaml"
EDITION = "commentary/edition.yml"
CONCORDANCE = "content/uncc/concordances/cnd-2023.yml"
TRACKER = "commentary/recommendations/gitoc-roundtable-2023.yml"
OURS = (d.STATUS_STALE, d.STATUS_AFTER_EDITION, d.QUOTATION_CUT, d.CONCORDANCE_KIND_UNDEFINED, d.TEXT_WITHOUT_ENTRY)


def _problems(root: Path, code: str, path: str | None = None):
    project, _analysis = load_and_check(root)
    return [p for p in project.report.problems if p.code == code and (path is None or p.location.path == path)]


def _edit(root: Path, rel: str, old: str, new: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_the_shipped_project_passes_every_check_of_the_edition():
    project, _analysis = load_and_check(ROOT)
    assert [p.format() for p in project.report.problems if p.code in OURS] == []


def test_every_new_code_is_in_the_registry_with_its_cause_and_fix():
    for code in OURS:
        entry = d.CODES[code]
        assert entry.title and entry.cause and entry.fix and entry.scope == "input"


# --------------------------------------------------------------------------- W075 / C082: statuses


def _edition_date(root: Path) -> _dt.date:
    return _dt.date.fromisoformat(yaml.safe_load((root / EDITION).read_text(encoding="utf-8"))["date"])


def _set_un_status(root: Path, state: str, as_of: _dt.date) -> int:
    """Give the UN Convention's status another state and date; the line of its as-of."""
    path = root / BIBLIOGRAPHY
    lines = path.read_text(encoding="utf-8").splitlines()
    entry = lines.index("- id: un-cybercrime-convention-2024")
    state_line = next(i for i in range(entry, len(lines)) if lines[i].startswith("    state: "))
    as_of_line = next(i for i in range(entry, len(lines)) if lines[i].startswith("    as-of: "))
    lines[state_line] = f"    state: {state}"
    lines[as_of_line] = f'    as-of: "{as_of.isoformat()}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return as_of_line + 1


def test_a_status_older_than_the_configured_age_is_a_warning_at_its_date(project_copy):
    edition_date = _edition_date(project_copy)
    line = _set_un_status(project_copy, "not-in-force", edition_date - _dt.timedelta(days=181))
    (problem,) = _problems(project_copy, d.STATUS_STALE)
    assert problem.severity == "warning" and problem.fails_strict
    assert (problem.location.path, problem.location.line) == (BIBLIOGRAPHY, line)
    assert "un-cybercrime-convention-2024" in problem.message and "181 days" in problem.message and "at most 180" in problem.message


def test_a_status_within_the_age_or_in_force_does_not_age(project_copy):
    edition_date = _edition_date(project_copy)
    _set_un_status(project_copy, "not-in-force", edition_date - _dt.timedelta(days=180))
    assert _problems(project_copy, d.STATUS_STALE) == []
    # Budapest's status, "in force" since 2004, is decades old and stays true.
    assert yaml.safe_load((project_copy / BIBLIOGRAPHY).read_text(encoding="utf-8"))[-4]["status"]["state"] == "in-force"


def test_the_age_is_an_edition_setting(project_copy):
    edition_date = _edition_date(project_copy)
    _set_un_status(project_copy, "unknown", edition_date - _dt.timedelta(days=40))
    assert _problems(project_copy, d.STATUS_STALE) == []
    _edit(project_copy, EDITION, "status_max_age_days: 180", "status_max_age_days: 30")
    (problem,) = _problems(project_copy, d.STATUS_STALE)
    assert "'unknown'" in problem.message and "at most 30" in problem.message


def test_without_an_edition_date_the_day_of_the_build_is_the_measure(project_copy, monkeypatch):
    _edit(project_copy, EDITION, 'date: "', '# date: "')
    _set_un_status(project_copy, "not-in-force", _dt.date(2030, 1, 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(_dt.datetime(2031, 1, 1, tzinfo=_dt.UTC).timestamp())))
    (problem,) = _problems(project_copy, d.STATUS_STALE)
    assert "the day of the build" in problem.message and "1 January 2031" in problem.message


def test_a_status_dated_after_the_edition_is_an_error(project_copy):
    edition_date = _edition_date(project_copy)
    line = _set_un_status(project_copy, "not-in-force", edition_date + _dt.timedelta(days=1))
    (problem,) = _problems(project_copy, d.STATUS_AFTER_EDITION)
    assert problem.severity == "error" and (problem.location.path, problem.location.line) == (BIBLIOGRAPHY, line)
    assert _problems(project_copy, d.STATUS_STALE) == []


def test_a_fact_needs_a_date_in_the_calendar_and_a_source(project_copy):
    text = (project_copy / BIBLIOGRAPHY).read_text(encoding="utf-8")
    _edit(project_copy, BIBLIOGRAPHY, '      - date: "2026-12-31"', '      - date: "2026-02-30"')
    problems = [p for p in _problems(project_copy, d.BIBLIOGRAPHY_ENTRY) if "facts" in p.message]
    assert problems and problems[0].location.line == _line_of(text, '      - date: "2026-12-31"')


# --------------------------------------------------------------------------- W078: the citation form


def test_a_text_without_its_bibliography_entry_is_a_warning_and_cited_by_its_title(project_copy):
    _edit(project_copy, EDITION, "    entry: budapest-convention-2001\n", "")
    project, _analysis = load_and_check(project_copy)
    (problem,) = [p for p in project.report.problems if p.code == d.TEXT_WITHOUT_ENTRY]
    assert "budapest" in problem.message and problem.location.path == EDITION
    from commentary_build.transform.pinpoints import citation

    budapest = project.instruments["budapest"]
    assert citation(budapest, budapest.articles["art-15"]) == "Convention on Cybercrime art 15"


def test_an_entry_that_is_not_a_treaty_is_a_warning(project_copy):
    _edit(project_copy, EDITION, "    entry: budapest-convention-2001\n", "    entry: gitoc-roundtable-2023\n")
    (problem,) = _problems(project_copy, d.TEXT_WITHOUT_ENTRY)
    assert "is a report, not a treaty" in problem.message


def test_each_text_is_cited_as_its_bibliography_entry_says(project_copy):
    project, _analysis = load_and_check(project_copy)
    from commentary_build.transform.oscola import bibliography_entry
    from commentary_build.transform.pinpoints import citation

    for instrument in project.instruments.values():
        entry = project.bibliography[project.edition.texts[instrument.id].entry]
        form = " ".join(bibliography_entry(entry).text().split())
        article = next(iter(instrument.articles.values()))
        assert citation(instrument, article).startswith(form)
    un = project.instruments["uncc"]
    assert "UN Doc A/RES/79/243, annex, art 40" in citation(un, un.articles["art-40"])
    # Change the entry, and every citation of the text follows.
    _edit(project_copy, BIBLIOGRAPHY, "  section: annex\n", "  section: annex I\n")
    project, _analysis = load_and_check(project_copy)
    un = project.instruments["uncc"]
    assert "UN Doc A/RES/79/243, annex I, art 40" in citation(un, un.articles["art-40"])


# --------------------------------------------------------------------------- W077: concordance kinds


def test_equivalent_for_a_draft_whose_wording_is_not_held_is_a_warning(project_copy):
    text = _edit(project_copy, CONCORDANCE, '  - draft: "61"\n    title: General principles and procedures relating to mutual legal assistance\n    adopted: art-40\n    kind: successor',
                 '  - draft: "61"\n    title: General principles and procedures relating to mutual legal assistance\n    adopted: art-40\n    kind: equivalent')
    (problem,) = _problems(project_copy, d.CONCORDANCE_KIND_UNDEFINED)
    assert (problem.location.path, problem.location.line) == (CONCORDANCE, _line_of(text, '  - draft: "61"'))
    assert "draft 61" in problem.message and "report-numbering" in problem.message


def test_equivalent_read_against_the_draft_itself_is_within_its_definition(project_copy):
    _edit(project_copy, CONCORDANCE, "    adopted: art-40\n    kind: successor\n    certainty: probable\n    basis: report-numbering",
          "    adopted: art-40\n    kind: equivalent\n    certainty: certain\n    basis: draft-text")
    assert _problems(project_copy, d.CONCORDANCE_KIND_UNDEFINED) == []


def test_a_kind_that_contradicts_its_adopted_provision_is_a_warning(project_copy):
    _edit(project_copy, CONCORDANCE, "    adopted: art-40\n    kind: successor", "    adopted: art-40\n    kind: no-counterpart")
    _edit(project_copy, CONCORDANCE, "  - draft: \"78\"\n    adopted: null\n    kind: no-counterpart", "  - draft: \"78\"\n    adopted: null\n    kind: successor")
    messages = sorted(p.message for p in _problems(project_copy, d.CONCORDANCE_KIND_UNDEFINED))
    assert len(messages) == 2
    assert "draft 61: 'no-counterpart' with an adopted provision ('art-40')" in messages[0]
    assert "draft 78: 'successor' names no adopted provision" in messages[1]


# --------------------------------------------------------------------------- W076: quotations


NOTE = "commentary/uncc/art-6/quotes.md"


def _note(root: Path, body: str, rationale: str | None = None) -> None:
    front = "title: Quotations\ntarget: art-6\nauthors:\n  - name: Test Author\ndate: 2025-01-01\nthemes: [scope]\n"
    if rationale is not None:
        # A literal block, as contributors write rationales: its lines are the file's lines.
        block = "".join(f"      {line}\n" if line else "\n" for line in rationale.splitlines())
        front += ("proposals:\n  - id: p-quotes\n    title: A proposal\n    proponent: Test Author\n    date: 2025-01-01\n"
                  "    rationale: |\n" + block + "    edits:\n      - target: art-6-1\n        op: insert-after\n"
                  "        quote: international human rights law\n        text: \" and humanitarian law\"\n")
    (root / NOTE).write_text("---\n" + front + "---\n" + body, encoding="utf-8")


def _cuts(root: Path):
    return [p for p in _problems(root, d.QUOTATION_CUT) if p.location.path == NOTE]


ARTICLE_6_2 = ("Nothing may be read as permitting \"suppression of human rights or fundamental freedoms, including the rights related to the "
               "freedoms of expression, conscience, opinion, religion or belief, peaceful assembly and association\" (Article 6(2)).")


def test_a_quotation_that_stops_before_limiting_words_is_a_warning_at_its_line(project_copy):
    _note(project_copy, "First line.\n\n" + ARTICLE_6_2 + "\n")
    (problem,) = _cuts(project_copy)
    lines = (project_copy / NOTE).read_text(encoding="utf-8").splitlines()
    assert problem.location.line == next(n for n, line in enumerate(lines, 1) if "suppression of human rights" in line)
    assert "art 6(2)" in problem.message
    assert "in accordance and in a manner consistent with applicable international human rights law" in problem.message
    assert problem.fails_strict


@pytest.mark.parametrize("body", [
    # Quoted on to the end of the sentence.
    ARTICLE_6_2.replace("association\"", "association, in accordance and in a manner consistent with applicable international human rights law\""),
    # The cut marked with an ellipsis, in any of the accepted forms.
    ARTICLE_6_2.replace("association\"", "association …\""),
    ARTICLE_6_2.replace("association\"", "association [...]\""),
    # The limiting words quoted in the same sentence.
    ARTICLE_6_2.replace(" (Article 6(2)).", ", \"in accordance and in a manner consistent with applicable international human rights law\" (Article 6(2))."),
    # A fragment that leaves out words which widen rather than limit the rule.
    'Cooperation covers evidence "of any serious crime" and "sharing of evidence in electronic form of any serious crime" (Article 35(1)(c)).',
    # Within one limb of a sentence: what follows "and" qualifies the next limb, not the words quoted.
    'A request is executed "in accordance with the domestic law of the requested State Party" (Article 40(17)).',
    # Not the text's words (a report's), and words in a code span, are not quotations of the text.
    'The report says "dual criminality is considered a necessary requirement" (p 6).',
    "Write `\"suppression of human rights or fundamental freedoms, including the rights related to the freedoms of expression\"` as code.",
    # Terms of three words or fewer are terms, not passages.
    'The text says "subject to" often (Article 34(2)).',
])
def test_quotations_that_keep_the_rule_whole_are_accepted(project_copy, body):
    _note(project_copy, body + "\n")
    assert [p.message for p in _cuts(project_copy)] == []


def test_limiting_words_left_out_before_a_quotation_are_reported_too(project_copy):
    _note(project_copy, 'Each State must "take effective steps to ensure compliance with requests to remove or render inaccessible the content" (Article 34(6)).\n')
    (problem,) = _cuts(project_copy)
    assert "before it, 'to the extent consistent with its domestic legal framework'" in problem.message


def test_the_provision_named_beside_a_quotation_is_searched_first(project_copy):
    # "shall endeavour to provide mutual legal assistance" is in Articles 45 and 46; the sentence names 46.
    _note(project_copy, 'States "shall endeavour to provide mutual legal assistance" in interception (Article 46).\n')
    (problem,) = _cuts(project_copy)
    assert "art 46" in problem.message and "to the extent permitted under treaties" in problem.message


def test_a_quotation_of_the_preamble_and_one_in_a_rationale_are_reported(project_copy):
    body = 'The preamble recognises "the importance of mainstreaming a gender perspective in all relevant efforts".\n'
    _note(project_copy, "Body.\n", rationale="Line one.\n\n" + ARTICLE_6_2.replace("Nothing", "Again, nothing") + "\n" + body)
    problems = sorted(_cuts(project_copy), key=lambda p: p.location.line)
    assert [("art 6(2)" in p.message, "the preamble" in p.message) for p in problems] == [(True, False), (False, True)]
    assert "after it, 'in accordance with domestic law'" in problems[1].message
    note_text = (project_copy / NOTE).read_text(encoding="utf-8").splitlines()
    assert "Again, nothing" in note_text[problems[0].location.line - 1]
    assert "mainstreaming a gender perspective" in note_text[problems[1].location.line - 1]


def test_a_tracker_assessment_is_checked_at_its_line(project_copy):
    text = (project_copy / TRACKER).read_text(encoding="utf-8")
    quoted = 'association, in accordance and in a manner consistent with applicable international human rights law". Privacy'
    _edit(project_copy, TRACKER, quoted, 'association". Privacy')
    (problem,) = _problems(project_copy, d.QUOTATION_CUT, TRACKER)
    rows = yaml.safe_load(text)["recommendations"]
    row = next(r for r in rows if r["id"] == "gitoc-2023-10")
    assert "art 6(2)" in problem.message and row["assessment"].startswith("Article 6(2) names")
    assert text.splitlines()[problem.location.line - 1].strip() == "assessment: >-"


def test_the_number_of_quotations_examined_is_bounded():
    text = ' "one two three four" ' * (q.MAX_QUOTATIONS + 50)
    assert len(list(q.quotations(text))) == q.MAX_QUOTATIONS
    assert all(found.text == "one two three four" for found in q.quotations(text))


# --------------------------------------------------------------------------- what readers see


def _project():
    project, _analysis = load_and_check(ROOT)
    return project


def test_the_about_page_states_the_edition_date_and_each_review_with_what_is_left(built_site):
    from commentary_build.model.settings import long_date
    from conftest import page, words

    project = _project()
    doc = page(built_site, "about")
    (dated,) = doc.cssselect(".tc-edition-date")
    assert long_date(project.edition.date) in words(dated)
    reviews = doc.cssselect(".tc-commentary-review")
    assert len(reviews) == len(project.edition.reviews) >= 1
    for box, review in zip(reviews, sorted(project.edition.reviews, key=lambda r: r.date, reverse=True), strict=True):
        assert box.cssselect("time")[0].get("datetime") == review.date.isoformat()
        terms = [words(dt) for dt in box.cssselect("dt")]
        details = [words(dd) for dd in box.cssselect("dd")]
        assert dict(zip(terms, details, strict=True)) == ({"What was read, against what": review.scope, "What is left": review.left}
                                                          if review.left else {"What was read, against what": review.scope})
    # The method says which articles of the UN text were read against the Budapest text, and which were not.
    method = words(doc.get_element_by_id("method").getnext())
    assert "read paragraph by paragraph against both texts" not in method
    assert "were not read against the Budapest text" in method


def test_the_bibliography_does_not_call_a_text_of_the_edition_uncited(built_site):
    from conftest import page, words

    doc = page(built_site, "bibliography")
    project = _project()
    for instrument in project.instruments.values():
        (item,) = doc.cssselect(f"li#bib-{instrument.bibliography_entry.id}")
        assert "not cited" not in words(item)
        (link,) = item.cssselect(".tc-reproduced a")
        assert words(link) == "Reproduced on this site"
        assert (built_site / "bibliography" / link.get("href") / "index.html").resolve().is_file()
    un = words(doc.cssselect("li#bib-un-cybercrime-convention-2024")[0])
    notes = sum(1 for n in project.notes if n.instrument_id == "uncc")
    assert f"quoted and cited by article in the {notes} notes on it" in un


def test_the_tracker_says_what_its_statuses_mean_and_labels_concerns(built_site):
    from conftest import page, words

    doc = page(built_site, "recommendations")
    (legend,) = doc.cssselect(".tc-tracker-legend")
    assert all(label in words(legend) for label in ("Reflected:", "Partly reflected:", "Not reflected:", "No counterpart:"))
    rows = [r for rec_set in _project().recommendations for r in rec_set.recommendations]
    concerns = {r.id for r in rows if r.kind == "concern"}
    assert concerns
    for row in rows:
        (tr,) = doc.cssselect(f"tr#{row.id}")
        labelled = bool(tr.cssselect(".tc-rec-kind"))
        assert labelled == (row.id in concerns), row.id


def test_the_draft_concordance_uses_its_kinds_as_the_page_defines_them(built_site):
    from conftest import page, words

    doc = page(built_site, "concordance")
    (kinds,) = doc.cssselect(".tc-draft-kinds")
    assert "successor" in words(kinds) and "wording of the two is not compared" in words(kinds)
    rows = doc.cssselect("table.tc-drafts tbody tr")
    labels = {row.get("data-draft"): words(row.cssselect("td[data-label=Kind]")[0]) for row in rows}
    assert "equivalent" not in labels.values()
    assert labels["61"] == "successor (wording not compared)"
    # A draft article is given only the heading the report gives it, here none.
    (row_58,) = [row for row in rows if row.get("data-draft") == "58(15)"]
    assert words(row_58.cssselect("td[data-label=Draft]")[0]) == "Art. 58(15)"


def test_a_source_address_that_is_not_http_is_refused(project_copy):
    text = _edit(project_copy, BIBLIOGRAPHY, "        url: https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185\n        state: in-force",
                 "        url: javascript:alert(1)\n        state: in-force")
    problems = [p for p in _problems(project_copy, d.BIBLIOGRAPHY_ENTRY) if "url" in p.message or "javascript" in p.message]
    assert problems, "an address a browser would run is an error at its line"
    assert problems[0].location.line in range(_line_of(text, "- id: budapest-convention-2001"), len(text.splitlines()) + 1)
