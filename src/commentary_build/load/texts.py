"""Load the structured treaty texts under ``content/`` into the model.

Every file is read inside the input boundary (``inputs.guard``) and validated against
its schema (``schemas/instrument``, ``text-front``, ``text-article``, ``text-divisions``,
``text-final``, ``text-notes``); every unit keeps the file and line it came from. Bad
input never raises: each problem is reported with its file and line, and the unit
concerned is skipped, so one malformed file does not hide the problems in the others.
What only follows from a file that did not load (notes on its articles, articles in no
division when divisions.yml is broken) is recorded in ``Unavailable`` and not reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model import Article, Division, Footnote, Instrument, InterpretativeNote, Location, Provision
from ..model import problems as d
from ..model.project import Unavailable
from ..model.text import ProvisionKind
from .importer import article_id_of_file
from .inputs import TEXT_CODES, Validation, guard, list_files, name_problem, read_yaml, relative, report_duplicate_keys, validate
from .yamlio import YamlDoc

UNIT_FIELDS = {"id", "num", "text", "items", "tail"}


class _File:
    """One YAML file being read: its data, its lines, what failed its schema, and where to report problems."""

    def __init__(self, root: Path, path: Path, report: d.Report, kind: str):
        self.root = root
        self.path = path
        self.kind = kind
        self.relative = relative(root, path)
        self.report = report
        self.doc: YamlDoc | None = None
        self.validation = Validation()

    def read(self, required: bool = True) -> bool:
        """Read and validate the file; False (after reporting why) when nothing in it can be used."""
        if not self.path.exists() and not self.path.is_symlink():
            if required:
                self.report.add(d.TEXT_STRUCTURE, "file is missing; re-run `commentary import`", Location(self.relative, 1))
            return False
        return guard(self.report, self.relative, self._read, False)

    def _read(self) -> bool:
        doc = read_yaml(self.root, self.path)
        report_duplicate_keys(doc, self.relative, self.report, d.TEXT_STRUCTURE)
        self.validation = validate(doc.data, doc, self.kind, self.relative, self.report, TEXT_CODES, what=self.path.name)
        self.doc = doc
        return not self.validation.unusable(())

    @property
    def data(self):
        return self.doc.data if self.doc else None

    def location(self, *path) -> Location:
        return Location(self.relative, self.doc.line_of(*path) if self.doc else 1)

    def problem(self, message: str, *path) -> None:
        self.report.add(d.TEXT_STRUCTURE, message, self.location(*path))

    def usable(self, path: tuple, *fields: str) -> bool:
        return not self.validation.unusable(path, fields)

    def value(self, mapping: dict, key: str, path: tuple, default=None):
        """``mapping[key]`` as text (a bare number such as ``number: 40`` is still a label), or ``default``
        when it is absent or failed the schema (already reported)."""
        if key not in mapping or mapping[key] is None or self.validation.bad(*path, key):
            return default
        value = mapping[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value

    def items(self, mapping: dict, key: str, path: tuple) -> list:
        """A list field, or [] when it is absent or not a list (already reported)."""
        value = mapping.get(key)
        return value if isinstance(value, list) and not self.validation.unusable(path + (key,)) else []


class _Loader:
    # Set by load() before any part of the text is read.
    instrument: Instrument

    def __init__(self, root: Path, instrument_dir: Path, report: d.Report, unavailable: Unavailable):
        self.root = root
        self.dir = instrument_dir
        self.report = report
        self.unavailable = unavailable
        self.first_seen: dict[str, Location] = {}
        # Footnotes are read with final.yml but resolved last: their anchor may be any unit.
        self.footnotes_source: tuple[_File | None, object] = (None, [])
        # Article files already reported as unreadable, so divisions and notes do not report them again.
        # Ids of the articles whose file could not be read: what refers to them is not reported again.
        self.broken_article_ids: set[str] = set()
        self.divisions_broken = False

    def skipped(self, data) -> None:
        """A unit left out for a problem reported at it: references to it (and its parts) are not reported again."""
        if isinstance(data, dict) and isinstance(data.get("id"), str) and hasattr(self, "instrument"):
            self.unavailable.units.setdefault(self.instrument.id, set()).add(data["id"])

    def register(self, unit_id: str, unit, location: Location) -> bool:
        if unit_id in self.instrument.index:
            self.report.add(d.DUPLICATE_ID, f"id '{unit_id}' is already used at {self.first_seen[unit_id]}", location)
            return False
        self.instrument.index[unit_id] = unit
        self.first_seen[unit_id] = location
        return True

    def file(self, kind: str, *parts: str) -> _File:
        return _File(self.root, self.dir.joinpath(*parts), self.report, kind)

    # -- instrument.yml

    def load(self) -> Instrument | None:
        meta_file = self.file("instrument", "instrument.yml")
        if not meta_file.read() or not meta_file.usable((), "id", "title"):
            return None
        meta = meta_file.data
        instrument_id = meta["id"]
        title = meta["title"]
        if instrument_id != self.dir.name:
            meta_file.problem(f"id '{instrument_id}' differs from the folder name '{self.dir.name}'", "id")
        adopted_text = meta_file.value(meta, "adopted", ())
        self.instrument = Instrument(
            id=instrument_id,
            title=title,
            short_title=meta_file.value(meta, "short_title", (), default=title),
            symbol=meta_file.value(meta, "symbol", ()),
            adopted=dt.date.fromisoformat(adopted_text) if adopted_text else None,
            metadata={key: value for key, value in meta.items() if not meta_file.validation.bad(key)},
            directory=meta_file.relative.rsplit("/", 1)[0],
        )
        printed: dict = {}
        self.instrument.metadata["printed"] = printed
        self.load_front(printed)
        self.load_articles()
        self.load_divisions()
        self.load_final()
        self.load_notes(printed)
        self.load_footnotes()
        self.check_every_article_has_a_division()
        if self.broken_article_ids:
            self.unavailable.articles[self.instrument.id] = set(self.broken_article_ids)
        if self.divisions_broken:
            self.unavailable.divisions.add(self.instrument.id)
        return self.instrument

    # -- units

    def load_units(self, source: _File, items: list, path: tuple, kind: ProvisionKind, parent: Provision | None, article: Article | None) -> list[Provision]:
        units = []
        for index, data in enumerate(items):
            unit_path = path + (index,)
            if not source.usable(unit_path, "id", "text"):
                self.skipped(data)
                continue
            provision = Provision(
                id=data["id"],
                kind=kind,
                num=source.value(data, "num", unit_path),
                text=data["text"],
                tail=source.value(data, "tail", unit_path, default=""),
                location=source.location(*unit_path),
                parent=parent,
                article=article,
            )
            if not self.register(provision.id, provision, provision.location):
                continue
            provision.children = self.load_units(source, source.items(data, "items", unit_path), unit_path + ("items",), "subparagraph", provision, article)
            units.append(provision)
        return units

    def load_front(self, printed: dict) -> None:
        front = self.file("text-front", "text", "front.yml")
        if not front.read():
            return
        data = front.data
        printed["title"] = [str(line) for line in front.items(data, "title", ())]
        printed["preamble_heading"] = front.value(data, "preamble_heading", (), default="")
        self.instrument.preamble = self.load_units(front, front.items(data, "recitals", ()), ("recitals",), "recital", None, None)

    def load_articles(self) -> None:
        articles_dir = self.dir / "text" / "articles"
        paths = list_files(articles_dir, ".yml")
        if not paths:
            self.report.add(d.TEXT_STRUCTURE, "no article files; re-run `commentary import`", Location(f"{self.instrument.directory}/text/articles", 1))
        for path in paths:
            source = _File(self.root, path, self.report, "text-article")
            if not source.read() or not source.usable((), "id", "number", "label", "title"):
                self.broken_article_ids.add(article_id_of_file(path.name))
                continue
            data = source.data
            fields = {key: source.value(data, key, ()) for key in ("id", "number", "label", "title")}
            article = Article(**fields, location=source.location(), instrument=self.instrument)
            if not self.register(article.id, article, article.location):
                continue
            article.paragraphs = self.load_units(source, source.items(data, "paragraphs", ()), ("paragraphs",), "paragraph", None, article)
            self.instrument.articles[article.id] = article

    def load_divisions(self) -> None:
        source = self.file("text-divisions", "text", "divisions.yml")
        if not source.path.exists() and not source.path.is_symlink():
            return
        if not source.read():
            self.divisions_broken = True
            return
        if source.data is None:
            return
        self.instrument.divisions = self.load_division_list(source, source.data, ())

    def load_division_list(self, source: _File, items: list, path: tuple) -> list[Division]:
        divisions = []
        for index, data in enumerate(items):
            division_path = path + (index,)
            if not source.usable(division_path, "id", "kind", "number", "label", "title"):
                continue
            fields = {key: source.value(data, key, division_path) for key in ("id", "kind", "number", "label", "title")}
            division = Division(**fields, location=source.location(*division_path))
            if not self.register(division.id, division, division.location):
                continue
            for position, article_id in enumerate(source.items(data, "articles", division_path)):
                if source.validation.bad(*division_path, "articles", position):
                    continue
                article = self.instrument.articles.get(article_id)
                if article is None:
                    if self.unavailable_article(article_id):
                        continue
                    source.problem(f"article '{article_id}' has no file under text/articles/", *division_path, "articles", position)
                    continue
                division.article_ids.append(article_id)
                article.division_id = division.id
            division.children = self.load_division_list(source, source.items(data, "children", division_path), division_path + ("children",))
            divisions.append(division)
        return divisions

    def load_final(self) -> None:
        source = self.file("text-final", "text", "final.yml")
        if not source.read() or source.data is None:
            return
        data = source.data
        self.instrument.final_clauses = self.load_units(source, source.items(data, "clauses", ()), ("clauses",), "clause", None, None)
        self.footnotes_source = (source, source.items(data, "footnotes", ()))

    def load_notes(self, printed: dict) -> None:
        source = self.file("text-notes", "text", "notes.yml")
        if not source.path.exists() and not source.path.is_symlink():
            return
        if not source.read() or source.data is None:
            return
        data = source.data
        printed["notes_label"] = source.value(data, "label", (), default="")
        printed["notes_title"] = source.value(data, "title", (), default="")
        for index, note in enumerate(source.items(data, "notes", ())):
            path = ("notes", index)
            if not source.usable(path, "id", "num", "heading", "text", "articles"):
                continue
            fields = {key: source.value(note, key, path) for key in ("id", "num", "heading", "text")}
            unit = InterpretativeNote(**fields, article_ids=[str(a) for a in note["articles"]], location=source.location(*path))
            if self.register(unit.id, unit, unit.location):
                self.instrument.notes.append(unit)
                for position, article_id in enumerate(unit.article_ids):
                    if article_id not in self.instrument.articles and not self.unavailable_article(article_id):
                        source.problem(f"note links to '{article_id}', which is not an article of this text", *path, "articles", position)

    def unavailable_article(self, article_id: str) -> bool:
        return str(article_id) in self.broken_article_ids

    def load_footnotes(self) -> None:
        source, footnotes = self.footnotes_source
        if source is None or not isinstance(footnotes, list):
            return
        for index, data in enumerate(footnotes):
            path = ("footnotes", index)
            if not source.usable(path, "id", "marker", "text", "anchor"):
                continue
            fields = {key: source.value(data, key, path) for key in ("id", "marker", "text", "anchor")}
            if not isinstance(self.instrument.index.get(fields["anchor"]), (Provision, InterpretativeNote)):
                if not any(fields["anchor"] == a or fields["anchor"].startswith(a + "-") for a in self.broken_article_ids):
                    source.problem(f"footnote anchor '{fields['anchor']}' is not a unit of wording in this text", *path, "anchor")
                continue
            footnote = Footnote(fields["id"], fields["marker"], fields["text"], fields["anchor"], source.location(*path))
            if self.register(footnote.id, footnote, footnote.location):
                self.instrument.footnotes.append(footnote)

    def check_every_article_has_a_division(self) -> None:
        if not self.instrument.divisions and not self.divisions_broken and self.instrument.articles:
            # The site's navigation, print and Akoma Ntoso place articles by division: without one, every
            # article page would be left out of the site with nothing said.
            self.report.add(d.TEXT_STRUCTURE, f"the text has {len(self.instrument.articles)} article{'' if len(self.instrument.articles) == 1 else 's'} but no division: "
                            "list them in a division of text/divisions.yml (a text without chapters in its source needs "
                            "a division heading in instrument.yml's import settings, or one division written for it)",
                            Location(f"{self.instrument.directory}/text/divisions.yml", 1))
        if self.instrument.divisions and not self.divisions_broken:
            for article in self.instrument.articles.values():
                if article.division_id is None:
                    self.report.add(d.TEXT_STRUCTURE, f"{article.id} is not listed in any division of text/divisions.yml", article.location)


def load_instrument(root: Path, instrument_dir: Path, report: d.Report, unavailable: Unavailable | None = None) -> Instrument | None:
    """The instrument in ``instrument_dir`` (a folder with instrument.yml and text/), or None if unreadable."""
    unavailable = unavailable if unavailable is not None else Unavailable()
    rel = relative(root, instrument_dir / "instrument.yml")
    instrument = guard(report, rel, lambda: _Loader(root, instrument_dir, report, unavailable).load(), None)
    if instrument is None:
        unavailable.instruments.add(instrument_dir.name)
    return instrument


def load_instruments(root: Path, report: d.Report, unavailable: Unavailable | None = None) -> dict[str, Instrument]:
    """Every instrument under ``root/content``, the default one first, then by id."""
    content = root / "content"
    folders = [folder for folder in _folders(content) if (folder / "instrument.yml").exists() or (folder / "instrument.yml").is_symlink()]
    instruments = [i for i in (load_instrument(root, folder, report, unavailable) for folder in folders) if i is not None]
    instruments.sort(key=lambda instrument: (not instrument.is_default, instrument.id))
    return {instrument.id: instrument for instrument in instruments}


def _folders(content: Path) -> list[Path]:
    """The folders directly under content/; links, hidden folders and names not allowed are left out (the walks of
    content/ report them: ``report_links``, ``report_names``)."""
    if content.is_symlink() or not content.is_dir():
        return []
    return sorted(p for p in content.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and name_problem(f"content/{p.name}", True) is None)
