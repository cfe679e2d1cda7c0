"""What other sites and reference managers read from the published site: absolute addresses (sitemap, robots.txt,
canonical links, one base for every address in the data), citation tags as Zotero parses them, JSON-LD, and the
BibTeX and RIS "cite this" files read back by parsers.

Zotero's rules are reproduced from its translators (zotero/translators: "Embedded Metadata.js",
processHighwireCreators; "COinS.js"; zotero/utilities: cleanAuthor, parseContextObject), so a
test fails when a tag would be saved wrongly: "The editors" split into first name "The" and last
name "Editors", a page item without its URL, a title without its treaty.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import bibtexparser
import lxml.etree
import lxml.html
import pytest
import rispy
from pylatexenc.latex2text import LatexNodes2Text

from commentary_build.export import bibformats
from commentary_build.export.citation_meta import json_ld_text
from commentary_build.export.data_json import data_files
from commentary_build.export.opendata import publish
from commentary_build.export.publication import Publication
from commentary_build.model.settings import Settings
from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site
from conftest import ROOT, build_with_mkdocs, read_page

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def project_and_analysis():
    return load_and_check(ROOT)


def _site_url(site: Path) -> str:
    return json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))["site_url"]


def _pages(site: Path) -> list[str]:
    """Every page's address below the site root ("uncc/art-40/"), the home page as ""."""
    found = []
    for path in site.rglob("index.html"):
        relative = path.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else relative + "/")
    return sorted(found)


def _head(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html).find("head")


def _meta(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in _head(html).iter("meta"):
        if meta.get("name"):
            found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


# --------------------------------------------------------------------------- absolute addresses


def test_the_shipped_site_has_an_address_a_sitemap_of_every_page_and_robots_txt_naming_it(built_site):
    site_url = _site_url(built_site)
    assert site_url and site_url.startswith("https://") and site_url.endswith("/")
    listed = {loc.text for loc in lxml.etree.parse(str(built_site / "sitemap.xml")).getroot().iter(f"{SITEMAP}loc")}
    assert listed == {site_url + page for page in _pages(built_site)}
    assert len(listed) > 150
    robots = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots and f"Sitemap: {site_url}sitemap.xml" in robots


def test_every_page_has_a_canonical_link_to_its_own_address(built_site):
    site_url = _site_url(built_site)
    for page in _pages(built_site):
        head = _head(read_page(built_site, page))
        assert [link.get("href") for link in head.iter("link") if link.get("rel") == "canonical"] == [site_url + page], page


def test_every_address_in_the_data_resolves_against_the_file_that_holds_it(built_site):
    """One base: absolute when the site's address is known (the shipped site), so urljoin(file, value) is the value."""
    site_url = _site_url(built_site)
    article = json.loads((built_site / "data/articles/uncc/art-40.json").read_text(encoding="utf-8"))
    here = site_url + "data/articles/uncc/art-40.json"
    addresses = [article["$schema"], article["instrument"]["data"], article["article"]["url"], article["article"]["cite"]]
    addresses += [unit["url"] for unit in article["units"]] + [note["url"] for note in article["notes"]]
    # A footnote reference ("#fn-1") points into the note's own footnotes (its "footnotes" records), not to an address.
    addresses += re.findall(r'href="([^"#][^"]*)"', "".join(note["html"] for note in article["notes"]))
    for address in addresses:
        absolute = urljoin(here, address)
        assert absolute == address and absolute.startswith(site_url), address
        path = absolute[len(site_url):].partition("#")[0]
        assert (built_site / (path + "index.html" if path.endswith("/") else path)).is_file(), address


def test_without_a_site_address_the_data_is_relative_to_each_file(project_and_analysis):
    project, analysis = project_and_analysis
    files = data_files(Publication(project, Settings(title="Commentary")), analysis)
    article = json.loads(files["data/articles/uncc/art-40.json"])
    here = "https://mirror.example/x/data/articles/uncc/art-40.json"
    assert urljoin(here, article["article"]["url"]) == "https://mirror.example/x/uncc/art-40/"
    assert urljoin(here, article["$schema"]) == "https://mirror.example/x/data/schemas/article.schema.json"
    assert urljoin(here, article["instrument"]["data"]) == "https://mirror.example/x/data/instruments/uncc.json"
    assert urljoin(here, article["article"]["cite"]) == "https://mirror.example/x/data/cite/uncc/art-40.json"
    links = re.findall(r'href="([^"#]+)', "".join(note["html"] for note in article["notes"]))
    assert links and all(urljoin(here, link).startswith("https://mirror.example/x/uncc/") for link in links)
    index = json.loads(files["data/index.json"])
    assert urljoin("https://mirror.example/x/data/index.json", index["articles"][0]["url"]).startswith("https://mirror.example/x/uncc/")
    assert urljoin("https://mirror.example/x/data/index.json", index["articles"][0]["data"]).startswith("https://mirror.example/x/data/articles/")


def test_a_publishing_build_without_site_url_warns_and_a_strict_one_fails(project_copy, tmp_path, caplog):
    from mkdocs.exceptions import Abort

    config = project_copy / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(Abort):
        build_with_mkdocs(project_copy, tmp_path / "strict", strict=True)
    assert "warning[W079]" in caplog.text and "site_url is not set" in caplog.text
    robots = (tmp_path / "strict" / "robots.txt")
    assert not robots.exists() or "Sitemap:" not in robots.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- Zotero's rules


def _fix_case(name: str) -> str:
    return name.title() if name in (name.upper(), name.lower()) else name


def zotero_clean_author(author: str, use_comma: bool) -> dict:
    """ZU.cleanAuthor (zotero/utilities), the parts that decide first and last name."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        parts = re.split(r"[,\u060c] ?", author)
        return {"lastName": parts[0], "firstName": parts[1]} if len(parts) > 1 else {"lastName": author, "firstName": None}
    space = len(author)
    while True:
        space = author.rfind(" ", 0, space)
        last, first = author[space + 1:], author[:max(space, 0)]
        if not (last and not last[0].isalpha() and space > 0):
            return {"lastName": last, "firstName": first}


def zotero_highwire_creators(values: list[str], language: str) -> list[dict]:
    """processHighwireCreators of Embedded Metadata.js, for the citation_author tags of a page."""
    creators, last = [], None
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            two_word = len(by_comma) == 2 and language in ("es", "spa", "Spanish", "español") and len(by_comma[0].split(" ")) == 2
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1] and not two_word:
                names = by_comma
        for name in names:
            name = name.strip()
            if not name or not re.search(r"[^\s,\-.;]", name) or name == last:
                continue
            last = name
            creator = zotero_clean_author(name, "," in name)
            if creator["firstName"]:
                creator = {"firstName": _fix_case(creator["firstName"]), "lastName": _fix_case(creator["lastName"])}
            creators.append(creator)
    return creators


def zotero_parse_context_object(title: str) -> dict:
    """Zotero.OpenURL.parseContextObject, the keys this site writes."""
    parts = title.split("&")
    item: dict = {"creators": []}
    if "rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook" in parts:
        item["itemType"] = "bookSection" if "rft.genre=bookitem" in parts else "book"
    for part in parts:
        key, _, raw = part.partition("=")
        value = unquote(re.sub(r"\+|%2[bB]", " ", raw.split("=")[0]))
        if not value:
            continue
        if key == "rft_id" and re.match(r"^https?://", value):
            item["url"] = value
        elif key == "rft.atitle":
            item["title"] = value
        elif key == "rft.btitle":
            item["publicationTitle"] = value
        elif key == "rft.au":
            item["creators"].append(zotero_clean_author(value, "," in value))
        elif key == "rft.aucorp":
            item["creators"].append({"lastName": value, "fieldMode": 1})
        elif key == "rft.description":
            item["abstractNote"] = value
        elif key == "rft.date":
            item["date"] = value
    return item


def test_the_reproduction_splits_the_editors_as_zotero_did():
    """The issue's observation, as a check on the reproduction itself."""
    assert zotero_highwire_creators(["The editors"], "en") == [{"firstName": "The", "lastName": "Editors"}]


def test_zotero_reads_the_editors_as_one_institutional_name(built_site, project_and_analysis):
    project, _ = project_and_analysis
    editors = project.edition.editors
    for page in ("uncc/art-40", "uncc/overview"):
        tags = _meta(read_page(built_site, page))
        creators = zotero_highwire_creators(tags["citation_author"], tags["citation_language"][0])
        assert {"lastName": editors, "firstName": None} in creators, page
        assert all(c["lastName"] for c in creators)
        assert tags["DC.creator"][0] == editors


def test_zotero_coins_offers_the_page_first_and_every_item_has_its_address(built_site, project_and_analysis):
    project, _ = project_and_analysis
    html = read_page(built_site, "uncc/art-40")
    tags = _meta(html)
    spans = lxml.html.fromstring(html).find_class("Z3988")
    items = [zotero_parse_context_object(span.get("title")) for span in spans]
    notes = project.notes_by_article("uncc")["art-40"]
    assert len(items) == len(notes) + 1 and all(item["itemType"] == "bookSection" for item in items)
    page = items[0]
    assert page["title"] == tags["citation_title"][0] and page["url"] == tags["citation_public_url"][0]
    assert page["abstractNote"] == tags["description"][0]
    assert [item["title"] for item in items[1:]] and {item["title"] for item in items[1:]} == {n.title for n in notes}
    for item in items:
        assert item["url"].startswith(page["url"]) and item["publicationTitle"] == project.edition.title
        assert {"lastName": project.edition.editors, "fieldMode": 1} in item["creators"]
    # A page without commentary has no span, so Zotero's Embedded Metadata saves the page (with its PDF, where there is one).
    assert not lxml.html.fromstring(read_page(built_site, "uncc/art-1")).find_class("Z3988")


def test_titles_name_the_treaty_and_each_page_has_its_own_description(built_site):
    budapest = _meta(read_page(built_site, "budapest/art-25"))
    assert budapest["citation_title"] == ["Budapest Convention, Article 25: General principles relating to mutual assistance"]
    assert budapest["DC.title"] == budapest["citation_title"]
    assert "unofficial copy" in budapest["description"][0]
    uncc = _meta(read_page(built_site, "uncc/art-40"))
    assert uncc["citation_title"][0].startswith("UN Convention against Cybercrime, Article 40: ")
    site_description = _meta(read_page(built_site, ""))["description"][0]
    descriptions = {}
    for page in _pages(built_site):
        if page.startswith(("uncc/", "budapest/")):
            tags = _meta(read_page(built_site, page))
            assert tags["description"] != [site_description] and tags["DC.description"] == tags["description"], page
            descriptions[page] = tags["description"][0]
    assert len(set(descriptions.values())) == len(descriptions)


def test_citation_pdf_url_names_the_pdf_the_page_links(built_site_with_pdfs):
    site = built_site_with_pdfs
    site_url = _site_url(site)
    html = read_page(site, "uncc/art-40")
    tags = _meta(html)
    assert tags["citation_pdf_url"] == [site_url + "pdf/articles/art-40.pdf"]
    assert (site / "pdf/articles/art-40.pdf").is_file()
    hrefs = lxml.html.fromstring(html).xpath("//a[contains(@href, '.pdf')]/@href")
    assert urljoin(site_url + "uncc/art-40/", hrefs[0]) == tags["citation_pdf_url"][0]
    assert _meta(read_page(site, "budapest/art-25")).get("citation_pdf_url") is None  # no PDF of that text is published


# --------------------------------------------------------------------------- JSON-LD


def _json_ld(html: str) -> dict:
    scripts = _head(html).xpath("script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_json_ld_describes_the_text_as_legislation_and_the_notes_as_scholarly_articles(built_site, project_and_analysis):
    project, _ = project_and_analysis
    site_url = _site_url(built_site)
    graph = _json_ld(read_page(built_site, "uncc/art-40"))["@graph"]
    text = graph[0]
    assert text["@type"] == "Legislation" and text["url"] == site_url + "uncc/art-40/"
    assert text["legislationIdentifier"] == "A/RES/79/243, art 40"
    assert text["isPartOf"]["name"] == project.instruments["uncc"].title and text["isPartOf"]["legislationDate"] == "2024-12-24"
    assert text["workExample"]["legislationLegalValue"] == "https://schema.org/UnofficialLegalValue"
    notes = project.notes_by_article("uncc")["art-40"]
    articles = graph[1:]
    assert len(articles) == len(notes) and all(a["@type"] == "ScholarlyArticle" and a["about"] == {"@id": text["@id"]} for a in articles)
    assert {"@type": "Organization", "name": project.edition.editors} in articles[0]["author"]
    assert not _head(read_page(built_site, "bibliography")).xpath("script[@type='application/ld+json']")


def test_json_ld_cannot_close_its_script_element():
    text = str(json_ld_text({"name": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


# --------------------------------------------------------------------------- BibTeX and RIS


def decode_latex(latex: str) -> str:
    """A BibTeX field as text; pylatexenc's decoder does not know the kernel's \\textbraceleft/\\textbraceright (BibTeX's readers do)."""
    braces = latex.replace("\\textbraceleft{}", "\\{").replace("\\textbraceright{}", "\\}")
    return LatexNodes2Text().latex_to_text(braces)


ODD_TITLES = [
    "Costs & benefits: 100% of $5 for #1, a_b ~ c ^ d \\e {f} }g{",
    "Ærø – “quoted” é ü ß 中文 🙂",
    "Line\nbreak\r\nand\ttab\x0bvertical\x1b[31mESC",
    "}, title = {forged",
    "Dual criminality}} @online(forged, author = {Mallory}, year = 2020, title = {Forged})",
    "\\}\\{}}}{{",
    "@comment{ @article{x, title={y}}",
    "\nER  - \nTY  - JOUR\nTI  - forged record",
    "",
]


def _items(title: str) -> list[dict]:
    return [{
        "id": "uncc/art-40/a b,{c}%", "type": "chapter", "title": title, "container-title": "Cybercrime conventions, annotated",
        "author": [{"literal": "The editors of treaty-commentary"}, {"literal": "Ana {Pérez} & Co"}],
        "issued": {"date-parts": [[2026, 11, 29]]}, "URL": "https://example.org/a b/{c}\\d#x", "note": title, "keyword": "a, b",
    }]


def _one_line(text: str) -> str:
    """What a one-line field keeps of ``text``: white space runs as one space, other control characters dropped."""
    return re.sub("[\x00-\x1f\x7f-\x9f]", "", " ".join(text.split())).strip()


@pytest.mark.parametrize("title", ODD_TITLES)
def test_bibtex_reads_back_with_every_odd_title(title):
    written = bibformats.bibtex(_items(title))
    # As BibTeX and biber read it: every brace counts, a backslash before it or not.
    depth = 0
    for character in written.split("title", 1)[1].split("\n", 1)[0]:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0, written
    assert depth == 0, written
    library = bibtexparser.parse_string(written)
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "incollection" and re.fullmatch(r"[A-Za-z0-9_:.-]+", entry.key)
    # pylatexenc decodes \textasciicircum as the modifier letter "ˆ".
    decode = decode_latex
    assert " ".join(decode(entry["title"]).replace("ˆ", "^").split()) == _one_line(title)
    assert decode(entry["author"]) == "The editors of treaty-commentary and Ana {Pérez} & Co"
    assert entry["author"].startswith("{{The editors of treaty-commentary}") or entry["author"].startswith("{The editors")
    assert " " not in entry["url"] and "{" not in entry["url"] and entry["year"] == "2026"


@pytest.mark.parametrize("title", ODD_TITLES)
def test_ris_reads_back_as_one_record_with_every_odd_title(title):
    text = bibformats.ris(_items(title))
    assert text.endswith("ER  - \r\n") and all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in text.split("\r\n") if line)
    records = rispy.loads(text)
    assert len(records) == 1
    record = records[0]
    assert record["type_of_reference"] == "CHAP" and record["authors"][0] == "The editors of treaty-commentary"
    assert record.get("title", "") == _one_line(title)[:bibformats.RIS_SHORT_FIELD]


def test_each_page_with_commentary_offers_csl_json_bibtex_and_ris_saying_the_same(built_site):
    html = lxml.html.fromstring(read_page(built_site, "uncc/art-40"))
    links = {link.get("type"): link.get("href") for link in html.find("head").iter("link") if link.get("rel") == "alternate"}
    folder = built_site / "uncc" / "art-40"
    csl = json.loads((folder / links["application/vnd.citationstyles.csl+json"]).read_text(encoding="utf-8"))
    bib = bibtexparser.parse_string((folder / links["application/x-bibtex"]).read_text(encoding="utf-8"))
    ris = rispy.loads((folder / links["application/x-research-info-systems"]).read_text(encoding="utf-8"))
    assert len(csl) == len(bib.entries) == len(ris) > 1
    decode = decode_latex
    for item, entry, record in zip(csl, bib.entries, ris):
        assert decode(entry["title"]) == item["title"] == record["title"]
        assert entry["url"] == item["URL"] == record["urls"][0]
    assert [a.text for a in html.xpath("//p[contains(@class, 'tc-cite')]/a")] == ["CSL-JSON", "BibTeX", "RIS"]


def test_cite_files_come_from_the_same_publication_as_the_site(project_and_analysis):
    project, analysis = project_and_analysis
    publication = Publication(project, Settings(title="Commentary").with_site_url("https://example.org/c"))
    site = build_site(project, analysis, pdf_links=True)
    data = publish(publication, analysis, site.pages)
    citation = data.citation_for("uncc/art-40.md")
    assert dict(citation.tags)["citation_pdf_url"] == "https://example.org/c/pdf/articles/art-40.pdf"
    assert set(citation.cite_files.values()) <= set(data.files)
