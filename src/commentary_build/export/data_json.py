"""The static JSON API: an index, one file per text, one per article, and the bibliography as CSL-JSON.

Files and what they hold (paths relative to the ``data/`` folder; the README shows examples):

    index.json                       texts, articles, notes, proposals and themes, each with its page and data file
    instruments/<text>.json          every unit of a text in document order: id, kind, label, wording, parent, eId
    articles/<text>/<article>.json   one article: its units, its notes in the order of the text (Markdown source,
                                     HTML and plain text, authors, what they are based on, themes, numbered
                                     paragraphs with their citations, footnotes numbered through the page with the
                                     sources they cite), its drafting proposals (edits, rationale, proponent, date
                                     and the accepted wording), the draft provisions it came from and its
                                     counterparts in the other texts
    overviews/<text>.json            the commentary on a text as a whole, its notes as in an article's file
    bibliography.json                every source as a CSL-JSON item
    cite/<page>.json                 "cite this": a page with commentary and each note on it as CSL-JSON items
    schemas/*.schema.json            a JSON Schema for each kind of file

Every address in a file (pages, other data files, schemas, the links inside note HTML) has one
base: it is absolute when the site's address is configured (``site_url``, as the published site
has it), and otherwise relative to the file that holds it, so ``urljoin(file_url, value)`` always
gives the right address. Every file names the data format's version and the commit it was built from.

The article and overview files are a serialisation of the document tree (``document``): the
same notes in the same order as the page, the same paragraph numbers, and footnotes numbered
as the page numbers them, so "n 3" and "para 2" mean the same in the data as on the site.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import posixpath
from collections.abc import Callable, Iterator
from functools import partial
from importlib import resources
from typing import Any

from ..check import Analysis
from ..document import Documents
from ..document.nodes import Citation, CrossRef, NoteNode, Paragraph, Prose
from ..document.prose import block_lines, inline_text
from ..load.history import History
from ..model import Article, Division, Instrument, InterpretativeNote, Proposal, Provision, ids
from ..model.commentary import Edit
from ..model.location import NOWHERE
from ..render.citation_index import CITATION_INDEX
from ..render.prose import ProseHooks, ProseWriter
from ..transform.citations import FootnoteSequence
from ..transform.pinpoints import citation, pinpoint, text_citation
from ..transform.redline import ProposalResult
from . import csl
from .publication import BIBLIOGRAPHY_FILE, DATA_FORMAT_VERSION, INDEX_FILE, SCHEMA_DIR, Publication

SCHEMAS = {
    "index": "index.schema.json",
    "instrument": "instrument.schema.json",
    "article": "article.schema.json",
    "overview": "overview.schema.json",
    "csl": "csl-data.schema.json",
}


def schema_text(name: str) -> str:
    """A published JSON Schema, from the package data."""
    return resources.files("commentary_build").joinpath("export", "schemas", SCHEMAS[name]).read_text(encoding="utf-8")


def dumps(value: Any) -> bytes:
    """Compact, deterministic JSON in UTF-8 (keys in the order written, never sorted by hash)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def data_files(publication: Publication, analysis: Analysis, feeds: dict[str, str] | None = None,
               akn: dict[str, str] | None = None, documents: Documents | None = None, cite: dict[str, dict[str, str]] | None = None) -> dict[str, bytes]:
    """Every JSON file of the API by its path from the site root ("data/index.json" …), and the schemas.

    ``feeds`` (theme id, "article:<text>/<article>", or "" for the whole site → site path), ``akn`` (text id, "<text>/<article>" or
    "proposal:<id>" → site path) and ``cite`` (page src_uri → its "cite this" file) name the other
    published files, so the index can point at them. ``documents``: the build's
    document tree (made here when not given).
    """
    writer = _Writer(publication, analysis, documents if documents is not None else Documents.build(publication.project, analysis))
    files: dict[str, bytes] = {}

    def write(site_path: str, make: Callable[[], Any]) -> None:
        # The writer is placed first: in ``files[writer.at(p)] = dumps(make())`` Python would make the
        # document before the subscript moved the base, relative to the file written before it.
        writer.at(site_path)
        files[site_path] = dumps(make())

    for instrument in publication.project.instruments.values():
        write(publication.instrument_file(instrument), partial(writer.instrument, instrument))
        for article in instrument.articles.values():
            write(publication.article_file(instrument, article), partial(writer.article, instrument, article))
        if writer.has_overview(instrument):
            write(publication.overview_file(instrument), partial(writer.overview, instrument))
    files[BIBLIOGRAPHY_FILE] = dumps(csl.bibliography_items(publication.project))
    write(INDEX_FILE, partial(writer.index, feeds or {}, akn or {}, analysis.history, cite or {}))
    for name in SCHEMAS.values():
        files[f"{SCHEMA_DIR}/{name}"] = published_schema(name, publication)
    return files


def published_schema(file_name: str, publication: Publication) -> bytes:
    """A schema as the site publishes it: with its ``$id`` (its absolute address when the site's address is known,
    else its file name, resolved against where it is read from) and the CSL-JSON schema it refers to embedded
    under that schema's own ``$id``, so plain ``jsonschema.validate`` resolves every reference without fetching."""
    schema = _schema_json(file_name)
    own_id = publication.absolute(f"{SCHEMA_DIR}/{file_name}") or file_name
    published = {"$schema": schema.pop("$schema"), "$id": own_id, **schema}
    csl_file = SCHEMAS["csl"]
    if file_name != csl_file and f'"{csl_file}#' in json.dumps(schema, allow_nan=False):
        embedded = _schema_json(csl_file)
        embedded.pop("$schema", None)
        embedded_id = publication.absolute(f"{SCHEMA_DIR}/{csl_file}") or csl_file
        published.setdefault("$defs", {})[csl_file.removesuffix(".schema.json")] = {"$id": embedded_id, **embedded}
    return (json.dumps(published, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _schema_json(file_name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("commentary_build").joinpath("export", "schemas", file_name).read_text(encoding="utf-8"))
    return loaded


# --------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, publication: Publication, analysis: Analysis, documents: Documents):
        self.publication = publication
        self.project = publication.project
        self.analysis = analysis
        self.documents = documents
        self._article_units: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        # The concordance index by the base of its addresses (one base when they are absolute).
        self._concordance: dict[str, dict[tuple[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]] = {}
        self.here = INDEX_FILE  # the file being written: relative addresses are relative to it

    def at(self, site_path: str) -> str:
        """Write the next file at ``site_path`` (returned): the base of its relative addresses."""
        self.here = site_path
        return site_path

    @property
    def _base(self) -> str:
        """What the addresses made now depend on: nothing when they are absolute, else the folder of the file."""
        return "" if self.publication.site_url else posixpath.dirname(self.here)

    def url(self, site_path: str | None) -> str | None:
        """A site path as the data gives it: absolute when the site's address is known, else relative to the file written."""
        if site_path is None:
            return None
        return self.publication.absolute(site_path) or Publication.relative(self.here, site_path)

    @functools.cached_property
    def licence(self) -> dict[str, Any] | None:
        """What the edition declares about reuse: its licence (of the commentary) and the status of the treaty texts."""
        edition = self.project.edition
        if edition.licence is None and not edition.texts_licence:
            return None
        return {"label": edition.licence.label if edition.licence else None, "url": edition.licence.url if edition.licence else None,
                "texts": " ".join(edition.texts_licence.split()) or None}

    def header(self, schema: str, depth: int) -> dict[str, Any]:
        return {
            "$schema": self.url(f"{SCHEMA_DIR}/{SCHEMAS[schema]}"),
            "format_version": DATA_FORMAT_VERSION,
            "revision": self.publication.revision.as_dict(),
            "licence": self.licence,
        }

    # ------------------------------------------------------------------ index.json
    def index(self, feeds: dict[str, str], akn: dict[str, str], history: History, cite: dict[str, dict[str, str]]) -> dict[str, Any]:
        publication, project = self.publication, self.project
        instruments = []
        articles = []
        notes = []
        proposals = []
        for instrument in project.instruments.values():
            instruments.append({
                "id": instrument.id,
                "title": instrument.title,
                "short_title": instrument.short_title,
                "label": instrument.label,
                "symbol": instrument.symbol,
                "adopted": instrument.adopted.isoformat() if instrument.adopted else None,
                "default": instrument.is_default,
                "citation": text_citation(instrument),
                "articles": len(instrument.articles),
                "url": self.url(publication.page_path(publication.urls.instrument_page(instrument, "preamble"))),
                "data": self.url(publication.instrument_file(instrument)),
                "overview": self.url(publication.overview_file(instrument)) if self.has_overview(instrument) else None,
                "akn": self.url(akn[instrument.id]) if instrument.id in akn else None,
            })
            by_article = project.notes_by_article(instrument.id)
            for article in instrument.articles.values():
                article_notes = by_article.get(article.id, [])
                articles.append({
                    "instrument": instrument.id,
                    "id": article.id,
                    "number": article.number,
                    "label": article.label,
                    "title": article.title,
                    "url": self.url(publication.page_path(publication.article_page(instrument, article))),
                    "data": self.url(publication.article_file(instrument, article)),
                    "notes": len(article_notes),
                    "proposals": len(self.analysis.proposals.on_article(instrument.id, article.id)),
                    "akn": self.url(akn[f"{instrument.id}/{article.id}"]) if f"{instrument.id}/{article.id}" in akn else None,
                    "feed": self.url(feeds[f"article:{instrument.id}/{article.id}"]) if f"article:{instrument.id}/{article.id}" in feeds else None,
                })
        for note in project.notes:
            instrument = project.instruments[note.instrument_id]
            note_article = instrument.articles.get(note.article_id) if note.article_id else None
            notes.append({
                "id": note.id,
                "title": note.title,
                "instrument": note.instrument_id,
                "article": note.article_id,
                "target": note.target,
                "authors": [a.name for a in note.authors],
                "date": _iso(note.date),
                "themes": list(note.themes),
                "url": self.url(publication.note_path(note)),
                "data": self.url(publication.article_file(instrument, note_article) if note_article else publication.overview_file(instrument)),
            })
            for proposal in note.proposals:
                result = self.analysis.proposals.results.get(proposal.id)
                proposals.append({
                    "id": proposal.id,
                    "title": proposal.title,
                    "note": note.id,
                    "instrument": note.instrument_id,
                    "articles": _proposal_articles(instrument, proposal),
                    "targets": list(dict.fromkeys(e.target for e in proposal.edits)),
                    **self.proponent_fields(proposal),
                    "date": _iso(proposal.date),
                    "applies": bool(result and result.ok),
                    "akn": self.url(akn[f"proposal:{proposal.id}"]) if f"proposal:{proposal.id}" in akn else None,
                    "url": self.url(publication.proposal_path(note, proposal.id)),
                    "data": self.url(publication.article_file(instrument, note_article)) if note_article else None,
                })
        themes = [
            {
                "id": theme.id,
                "label": theme.label,
                "description": theme.description,
                "url": self.url(publication.theme_path(theme.id)),
                "notes": [n.id for n in project.notes if theme.id in n.themes],
                "feed": self.url(feeds[theme.id]) if theme.id in feeds else None,
            }
            for theme in project.themes.values()
        ]
        return {
            **self.header("index", 0),
            "title": publication.title,
            "site_url": publication.site_url,
            "history": {"available": history.available, "reason": history.reason or None},
            "instruments": instruments,
            "articles": articles,
            "notes": notes,
            "proposals": proposals,
            "themes": themes,
            "bibliography": self.url(BIBLIOGRAPHY_FILE),
            "feed": self.url(feeds[""]) if "" in feeds else None,
            "cite": [{"page": self.url(publication.page_path(src_uri)), **{kind: self.url(path) for kind, path in paths.items()}}
                     for src_uri, paths in cite.items()],
            # The site's index of citable units (the search reads it); written with the site, not by `commentary export json`.
            "citation_index": self.url(CITATION_INDEX),
            "schemas": {name: self.url(f"{SCHEMA_DIR}/{file}") for name, file in SCHEMAS.items()},
        }

    # ------------------------------------------------------------------ instruments/<text>.json
    def instrument(self, instrument: Instrument) -> dict[str, Any]:
        return {
            **self.header("instrument", 1),
            "instrument": {
                "id": instrument.id,
                "title": instrument.title,
                "short_title": instrument.short_title,
                "label": instrument.label,
                "symbol": instrument.symbol,
                "adopted": _iso(instrument.adopted),
                "citation": text_citation(instrument),
                "provenance": instrument.metadata.get("provenance"),
            },
            "units": list(self.units(instrument)),
        }

    def units(self, instrument: Instrument) -> Iterator[dict[str, Any]]:
        """Every unit in document order: recitals, divisions, articles and their provisions, clauses, notes, footnotes."""
        for recital in instrument.preamble:
            yield from self.provision_records(instrument, recital, None)
        structure = self.documents.structure(instrument)
        for article in instrument.articles.values():
            for division in structure.opened_by.get(article.id, []):
                yield self.division_record(instrument, division, structure.parents.get(division.id))
            yield self.article_record(instrument, article)
            yield from self.article_units(instrument, article)
        for clause in instrument.final_clauses:
            yield from self.provision_records(instrument, clause, None)
        for note in instrument.notes:
            yield self.interpretative_record(instrument, note)
        for footnote in instrument.footnotes:
            yield {"id": footnote.id, "kind": "footnote", "num": footnote.marker, "label": footnote.marker, "title": None,
                   "text": footnote.text, "tail": None, "parent": footnote.anchor_id, "article": None,
                   "eid": _eid(footnote.id), "url": self.url(self.publication.unit_path(instrument, footnote.anchor_id)), "links": []}

    def division_record(self, instrument: Instrument, division: Division, parent: str | None) -> dict[str, Any]:
        return {"id": division.id, "kind": division.kind, "num": division.label, "label": division.number, "title": division.title,
                "text": None, "tail": None, "parent": parent, "article": None, "eid": _eid(division.id), "links": [],
                "url": self.url(self.publication.page_path(self.publication.urls.division_page(instrument, division.id)))}

    def article_record(self, instrument: Instrument, article: Article) -> dict[str, Any]:
        return {"id": article.id, "kind": "article", "num": article.label, "label": article.number, "title": article.title,
                "text": None, "tail": None, "parent": self.documents.structure(instrument).division_id(article), "article": article.id,
                "eid": _eid(article.id), "url": self.url(self.publication.page_path(self.publication.article_page(instrument, article))), "links": []}

    def article_units(self, instrument: Instrument, article: Article) -> list[dict[str, Any]]:
        """The records of an article's units, made once for the text's file and the article's."""
        key = (instrument.id, article.id, self._base)
        found = self._article_units.get(key)
        if found is None:
            found = self._article_units[key] = [r for paragraph in article.paragraphs for r in self.provision_records(instrument, paragraph, article.id)]
        return found

    def provision_records(self, instrument: Instrument, provision: Provision, article_id: str | None) -> Iterator[dict[str, Any]]:
        parent = provision.parent.id if provision.parent is not None else article_id
        yield {"id": provision.id, "kind": provision.kind, "num": provision.num, "label": provision.short_num, "title": None,
               "text": provision.text, "tail": provision.tail or None, "parent": parent, "article": article_id,
               "eid": _unit_eid(provision), "url": self.url(self.publication.unit_path(instrument, provision.id)),
               "links": self.links(instrument, provision)}
        for child in provision.children:
            yield from self.provision_records(instrument, child, article_id)

    def links(self, instrument: Instrument, provision: Provision) -> list[dict[str, Any]]:
        """The provisions a unit's wording names, as the site links them (the same references as the page and the AKN)."""
        found = []
        for field_name, words in (("text", provision.text), ("tail", provision.tail)):
            for reference in self.documents.references.in_text.get((instrument.id, provision.id, field_name), ()):
                if reference.unit_id is None:
                    continue
                target = instrument.index.get(reference.unit_id)
                found.append({"field": field_name, "start": reference.start, "end": reference.end, "text": words[reference.start:reference.end],
                              "target": reference.unit_id, "eid": _unit_eid(target) if isinstance(target, Provision) else _eid(reference.unit_id),
                              "url": self.url(self.publication.unit_path(instrument, reference.unit_id))})
        return found

    def interpretative_record(self, instrument: Instrument, note: InterpretativeNote) -> dict[str, Any]:
        return {"id": note.id, "kind": "interpretative-note", "num": note.num, "label": ids.label(note.num), "title": note.heading,
                "text": note.text, "tail": None, "parent": None, "article": None, "articles": list(note.article_ids),
                "eid": _eid(note.id), "url": self.url(self.publication.unit_path(instrument, note.id)), "links": []}

    # ------------------------------------------------------------------ articles/<text>/<article>.json
    def article(self, instrument: Instrument, article: Article) -> dict[str, Any]:
        """An article's page of the document tree, with its units and concordances."""
        publication = self.publication
        page = self.documents.article(instrument, article)
        footnotes = _PageFootnotes(self.project.bibliography)
        # Footnotes are numbered as the page writes them: the full proposals' rationales, then the notes.
        rationales = {entry.proposal.id: self.prose(entry.rationale, instrument, footnotes) for entry in page.proposals if entry.rationale is not None}
        note_records = [self.note_record(instrument, node, footnotes) for node in page.notes]
        proposal_records = [self.proposal_record(p, rationales.get(p.id)) for p in self.analysis.proposals.on_article(instrument.id, article.id)]
        return {
            **self.header("article", 2),
            "instrument": {"id": instrument.id, "label": instrument.label, "data": self.url(publication.instrument_file(instrument))},
            "article": {
                "id": article.id,
                "number": article.number,
                "label": article.label,
                "title": article.title,
                "division": self.documents.structure(instrument).division_id(article),
                "eid": _eid(article.id),
                "citation": _citation(instrument, article),
                "url": self.url(publication.page_path(publication.article_page(instrument, article))),
                # "Cite this" is published for pages that carry commentary (export/opendata.py).
                "cite": self.url(publication.cite_file(publication.article_page(instrument, article))) if page.notes else None,
            },
            "units": self.article_units(instrument, article),
            "interpretative_notes": [
                {"id": n.id, "num": n.num, "heading": n.heading, "text": n.text, "url": self.url(publication.unit_path(instrument, n.id))}
                for n in instrument.notes if article.id in n.article_ids
            ],
            "notes": note_records,
            "proposals": proposal_records,
            "concordance": self.concordance(instrument, article),
            "sources": self.sources(footnotes, page.proposals),
        }

    # ------------------------------------------------------------------ overviews/<text>.json
    def has_overview(self, instrument: Instrument) -> bool:
        return bool(self.project.overview_notes(instrument.id))

    def overview(self, instrument: Instrument) -> dict[str, Any]:
        publication = self.publication
        page = self.documents.overview(instrument)
        footnotes = _PageFootnotes(self.project.bibliography)
        notes = [self.note_record(instrument, node, footnotes) for node in page.notes]
        return {
            **self.header("overview", 1),
            "instrument": {"id": instrument.id, "label": instrument.label, "data": self.url(publication.instrument_file(instrument))},
            "url": self.url(publication.page_path(page.path)),
            "cite": self.url(publication.cite_file(page.path)) if page.notes else None,
            "notes": notes,
            "sources": self.sources(footnotes, ()),
        }

    def note_record(self, instrument: Instrument, node: NoteNode, footnotes: _PageFootnotes) -> dict[str, Any]:
        note = node.note
        body = self.prose(node.body, instrument, footnotes)
        target = instrument.index.get(note.target)
        page_path = self.publication.page_path(self.documents.note_page(note))
        paragraphs = [
            {
                "number": block.number,
                "anchor": node.paragraph_anchor(block.number),
                "url": self.url(f"{page_path}#{node.paragraph_anchor(block.number)}"),
                "citation": node.paragraph_citation(block.number),
                "text": " ".join(inline_text(block.children, footnotes.marker).split()),
            }
            for block in node.body.blocks if isinstance(block, Paragraph) and block.number is not None
        ]
        return {
            "id": note.id,
            "title": note.title,
            "short_title": note.short_title,
            "target": note.target,
            "target_citation": pinpoint(target) if isinstance(target, Provision | Article) else None,
            "draft": note.draft,
            "authors": [{"name": a.name, "organisation": a.organisation} for a in note.authors],
            "based_on": [{"source": source.key, "label": source.label, "pinpoint": source.pinpoint} for source in node.byline.based_on],
            "date": _iso(note.date),
            "themes": list(note.themes),
            "source": note.path,
            "url": self.url(self.publication.note_path(note)),
            "markdown": note.body,
            **body,
            "paragraphs": paragraphs,
            "proposals": [p.id for p in note.proposals],
        }

    def proponent_fields(self, proposal: Proposal) -> dict[str, Any]:
        """Who proposes (``proponent``, as written; the editors when the proposal names no one), where they made
        the proposal (``proposed_in``) and whether the attribution is sourced (the editors', or with a source)."""
        proponent = self.documents.proponent(proposal)
        where = proposal.proposed_in
        return {
            "proponent": proponent.name,
            "proposed_in": {"source": where.source, "pinpoint": where.pinpoint, "label": proponent.source, "in_bibliography": proponent.source_key is not None}
            if where is not None else None,
            "proponent_sourced": proponent.sourced,
        }

    def proposal_record(self, proposal: Proposal, rationale: dict[str, Any] | None) -> dict[str, Any]:
        note = proposal.note
        assert note is not None
        result: ProposalResult | None = self.analysis.proposals.results.get(proposal.id)
        if rationale is None:
            # A proposal that also changes this article but belongs to another article's note: its rationale is numbered there.
            rationale = self.prose(self.documents.prose(note, proposal), self.project.instruments[note.instrument_id], _PageFootnotes(self.project.bibliography))
        return {
            "id": proposal.id,
            "title": proposal.title,
            "label": proposal.label,
            "short_title": proposal.short_title,
            **self.proponent_fields(proposal),
            "date": _iso(proposal.date),
            "note": note.id,
            "url": self.url(self.publication.proposal_path(note, proposal.id)),
            "rationale": {"markdown": proposal.rationale, **rationale},
            "citations": list(proposal.citations),
            "edits": [_edit_record(edit) for edit in proposal.edits],
            "applies": bool(result and result.ok),
            "problems": [p.message for p in result.problems] if result else [],
            "result": [
                {
                    "target": unit.target,
                    "original": unit.original,
                    "accepted": unit.accepted,
                    "deleted": unit.deleted,
                    "added": [{"num": o.num, "text": o.proposed} for o in unit.outcomes if o.kind == "added"],
                }
                for unit in (result.units if result else [])
            ],
        }

    def prose(self, prose: Prose, instrument: Instrument, footnotes: _PageFootnotes) -> dict[str, Any]:
        """Safe HTML (links absolute or from the site root), plain text and footnotes of a note's body or a rationale."""
        # Each is a part of its own, as on the page: a record is read alone, so its first footnote is never "ibid".
        footnotes.begin_part()
        first = len(footnotes)

        def cross_ref(node: CrossRef) -> str:
            return self.url(self.publication.unit_path(self.project.instruments[node.instrument_id], node.unit_id)) or "#"

        html = str(ProseWriter(ProseHooks(cross_ref=cross_ref, citation=footnotes.mark)).blocks(prose.blocks))
        text = "\n".join(block_lines(prose.blocks, footnotes.marker))
        records = []
        for footnote in footnotes.notes()[first:]:
            records.append({
                "number": footnote.number,
                "html": str(footnote.cited.html()),
                "text": footnote.cited.text(),
                "citations": [
                    {"key": item.key, "locator": item.locator, "prefix": item.prefix, "found": item.key in self.project.bibliography}
                    for item in footnote.cluster.items
                ],
            })
        return {"html": html, "text": text, "footnotes": records}

    def sources(self, footnotes: _PageFootnotes, proposals) -> dict[str, Any]:
        """Every source cited on the page (footnotes, then the keys proposals list), as CSL-JSON, by key."""
        cited: list[str] = []
        for footnote in footnotes.notes():
            cited.extend(item.key for item in footnote.cluster.items)
        for entry in proposals:
            cited.extend(entry.proposal.citations)
        bibliography = self.project.bibliography
        return {key: csl.entry_item(bibliography[key]) for key in dict.fromkeys(cited) if key in bibliography}

    def concordance(self, instrument: Instrument, article: Article) -> dict[str, Any]:
        index = self._concordance.get(self._base)
        if index is None:
            index = self._concordance[self._base] = self._concordance_index()
        drafts, pairs = index.get((instrument.id, article.id), ([], []))
        return {"drafts": drafts, "instruments": pairs}

    def _concordance_index(self) -> dict[tuple[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """Draft provisions and counterparts by (text, article), found in one pass over the concordances."""
        index: dict[tuple[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}

        def entry(instrument_id: str, article_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            return index.setdefault((instrument_id, article_id), ([], []))

        for concordance in self.project.concordances.values():
            instrument = self.project.instruments.get(concordance.to_instrument)
            if instrument is None:
                continue
            for item in concordance.entries:
                articles = dict.fromkeys(found.id for t in item.targets if (found := instrument.article_of(t)) is not None)
                for article_id in articles:
                    entry(instrument.id, article_id)[0].append({
                        "concordance": concordance.id, "document": concordance.from_document, "draft_ref": item.draft_ref,
                        "draft_title": item.draft_title, "targets": list(item.targets), "kind": item.kind,
                        "certainty": item.certainty, "remark": item.remark})
        for between in self.project.instrument_concordances:
            for pair in between.pairs:
                for here_id, here_unit, other_id, other_unit in ((between.from_instrument, pair.from_unit, between.to_instrument, pair.to_unit),
                                                                 (between.to_instrument, pair.to_unit, between.from_instrument, pair.from_unit)):
                    here = self.project.instruments.get(here_id)
                    found = here.article_of(here_unit) if here is not None else None
                    if found is None:
                        continue
                    other = self.project.instruments.get(other_id)
                    entry(here_id, found.id)[1].append({
                        "concordance": between.id, "unit": here_unit, "other_instrument": other_id, "other_unit": other_unit,
                        "kind": pair.kind, "certainty": pair.certainty, "remark": pair.remark,
                        "other_url": self.url(self.publication.unit_path(other, other_unit)) if other else None})
        return index


# --------------------------------------------------------------------------- helpers


class _PageFootnotes(FootnoteSequence):
    """The footnotes of one page, numbered as the site numbers them; each citation is written as its marker."""

    def __init__(self, bibliography):
        super().__init__(bibliography, None)
        self._marked: dict[int, int] = {}  # id of a Citation node -> its number, for the plain text written after the HTML

    def mark(self, node: Citation) -> str:
        number = self.cite(node.cluster, NOWHERE)
        self.refer(number)
        self._marked[id(node)] = number
        return f'<sup class="footnote-ref" id="fnref-{number}"><a href="#fn-{number}">{number}</a></sup>'

    def marker(self, node: Citation) -> str:
        return f"[{self._marked[id(node)]}]" if id(node) in self._marked else ""


def _edit_record(edit: Edit) -> dict[str, Any]:
    return {"op": edit.op, "target": edit.target, "quote": edit.quote, "text": edit.text, "occurrence": edit.occurrence, "num": edit.num}


def _unit_eid(unit: Provision) -> str | None:
    try:
        return ids.unit_eid(unit)
    except ids.IdError:
        return None


def _eid(unit_id: str) -> str | None:
    try:
        return ids.eid(unit_id)
    except ids.IdError:
        return None


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _citation(instrument: Instrument, article: Article) -> str:
    return citation(instrument, article)


def _proposal_articles(instrument: Instrument, proposal: Proposal) -> list[str]:
    found = (instrument.article_of(edit.target) for edit in proposal.edits)
    return list(dict.fromkeys(article.id for article in found if article is not None))


_MIN_DATE = _dt.date.min
