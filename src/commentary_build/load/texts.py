"""Load the structured treaty texts under ``content/`` into the model.

Every unit keeps the file and line it came from. Bad input never raises: each problem
is added to the ``Report`` with its file and line, and the unit concerned is skipped,
so one malformed file does not hide the problems in the others.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model import Article, Division, Footnote, Instrument, InterpretativeNote, Location, Provision
from ..model import problems as d
from ..model.text import ProvisionKind
from .importer import article_file_name
from .yamlio import YamlDoc, YamlError, load_yaml

UNIT_FIELDS = {"id", "num", "text", "items", "tail"}


class _File:
    """One YAML file being read: its data, its lines and where to report problems."""

    def __init__(self, root: Path, path: Path, report: d.Report):
        self.path = path
        self.relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        self.report = report
        self.doc: YamlDoc | None = None

    def read(self, required: bool = True) -> bool:
        if not self.path.is_file():
            if required:
                self.report.add(d.TEXT_STRUCTURE, "file is missing; re-run `commentary import`", Location(self.relative))
            return False
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.report.add(d.FILE_NOT_UTF8, "file is not UTF-8", Location(self.relative))
            return False
        try:
            self.doc = load_yaml(text)
        except YamlError as exc:
            self.report.add(d.YAML_SYNTAX, exc.message, Location(self.relative, exc.line, exc.column))
            return False
        for key_path, line, column in self.doc.duplicate_keys:
            self.report.add(d.TEXT_STRUCTURE, f"field '{key_path[-1]}' is given twice", Location(self.relative, line, column))
        return True

    @property
    def data(self):
        return self.doc.data if self.doc else None

    def location(self, *path) -> Location:
        return Location(self.relative, self.doc.line_of(*path) if self.doc else 0)

    def problem(self, message: str, *path) -> None:
        self.report.add(d.TEXT_STRUCTURE, message, self.location(*path))

    def get(self, mapping: dict, key: str, kind: type | tuple, path: tuple, required: bool = True, default=None):
        """``mapping[key]`` if it has the expected type; otherwise report and return ``default``."""
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(f"'{key}' is required", *path)
            return default
        value = mapping[key]
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # a bare number such as `number: 40` is still a label
        if not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.problem(f"'{key}' must be a {expected}, not {type(value).__name__}", *path, key)
            return default
        return value

    def mapping_at(self, value, path: tuple, what: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(f"{what} must be a mapping of fields", *path)
            return None
        return value


class _Loader:
    # Set by load() before any part of the text is read.
    instrument: Instrument

    def __init__(self, root: Path, instrument_dir: Path, report: d.Report):
        self.root = root
        self.dir = instrument_dir
        self.report = report
        self.first_seen: dict[str, Location] = {}
        # Footnotes are read with final.yml but resolved last: their anchor may be any unit.
        self.footnotes_source: tuple[_File | None, object] = (None, [])
        # Article files already reported as unreadable, so divisions do not report them again.
        self.broken_article_files: set[str] = set()

    def register(self, unit_id: str, unit, location: Location) -> bool:
        if unit_id in self.instrument.index:
            self.report.add(d.DUPLICATE_ID, f"id '{unit_id}' is already used at {self.first_seen[unit_id]}", location)
            return False
        self.instrument.index[unit_id] = unit
        self.first_seen[unit_id] = location
        return True

    def file(self, *parts: str) -> _File:
        return _File(self.root, self.dir.joinpath(*parts), self.report)

    # -- instrument.yml

    def load(self) -> Instrument | None:
        meta_file = self.file("instrument.yml")
        if not meta_file.read():
            return None
        meta = meta_file.mapping_at(meta_file.data, (), "instrument.yml")
        if meta is None:
            return None
        instrument_id = meta_file.get(meta, "id", str, ())
        title = meta_file.get(meta, "title", str, ())
        if instrument_id is None or title is None:
            return None
        if instrument_id != self.dir.name:
            meta_file.problem(f"id '{instrument_id}' differs from the folder name '{self.dir.name}'", "id")
        adopted = meta_file.get(meta, "adopted", dt.date, (), required=False)
        self.instrument = Instrument(
            id=instrument_id,
            title=title,
            short_title=meta_file.get(meta, "short_title", str, (), required=False, default=title),
            symbol=meta_file.get(meta, "symbol", str, (), required=False),
            adopted=adopted,
            metadata=dict(meta),
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
        return self.instrument

    # -- units

    def load_units(self, source: _File, items: object, path: tuple, kind: ProvisionKind, parent: Provision | None, article: Article | None) -> list[Provision]:
        if not isinstance(items, list):
            source.problem("must be a list of units", *path)
            return []
        units = []
        for index, raw in enumerate(items):
            unit_path = path + (index,)
            data = source.mapping_at(raw, unit_path, "a unit")
            if data is None:
                continue
            for key in data:
                if key not in UNIT_FIELDS:
                    source.problem(f"unknown field '{key}' (a unit has {', '.join(sorted(UNIT_FIELDS))})", *unit_path, key)
            unit_id = source.get(data, "id", str, unit_path)
            text = source.get(data, "text", str, unit_path)
            if unit_id is None or text is None:
                continue
            provision = Provision(
                id=unit_id,
                kind=kind,
                num=source.get(data, "num", str, unit_path, required=False),
                text=text,
                tail=source.get(data, "tail", str, unit_path, required=False, default=""),
                location=source.location(*unit_path),
                parent=parent,
                article=article,
            )
            if not self.register(unit_id, provision, provision.location):
                continue
            if "items" in data:
                provision.children = self.load_units(source, data["items"], unit_path + ("items",), "subparagraph", provision, article)
            units.append(provision)
        return units

    def load_front(self, printed: dict) -> None:
        front = self.file("text", "front.yml")
        if not front.read():
            return
        data = front.mapping_at(front.data, (), "front.yml")
        if data is None:
            return
        title = front.get(data, "title", list, (), default=[])
        printed["title"] = [str(line) for line in title]
        printed["preamble_heading"] = front.get(data, "preamble_heading", str, (), required=False, default="")
        self.instrument.preamble = self.load_units(front, data.get("recitals", []), ("recitals",), "recital", None, None)

    def load_articles(self) -> None:
        articles_dir = self.dir / "text" / "articles"
        paths = sorted(articles_dir.glob("*.yml")) if articles_dir.is_dir() else []
        if not paths:
            self.report.add(d.TEXT_STRUCTURE, "no article files; re-run `commentary import`", Location(f"{self.instrument.directory}/text/articles"))
        for path in paths:
            source = _File(self.root, path, self.report)
            if not source.read():
                self.broken_article_files.add(path.name)
                continue
            data = source.mapping_at(source.data, (), "an article file")
            if data is None:
                continue
            fields = {key: source.get(data, key, str, ()) for key in ("id", "number", "label", "title")}
            if any(value is None for value in fields.values()):
                continue
            article = Article(**fields, location=source.location(), instrument=self.instrument)
            if not self.register(article.id, article, article.location):
                continue
            article.paragraphs = self.load_units(source, data.get("paragraphs", []), ("paragraphs",), "paragraph", None, article)
            self.instrument.articles[article.id] = article

    def load_divisions(self) -> None:
        source = self.file("text", "divisions.yml")
        if not source.read(required=False) or source.data is None:
            return
        self.instrument.divisions = self.load_division_list(source, source.data, ())

    def load_division_list(self, source: _File, items, path: tuple) -> list[Division]:
        if not isinstance(items, list):
            source.problem("must be a list of divisions", *path)
            return []
        divisions = []
        for index, raw in enumerate(items):
            division_path = path + (index,)
            data = source.mapping_at(raw, division_path, "a division")
            if data is None:
                continue
            fields = {key: source.get(data, key, str, division_path) for key in ("id", "kind", "number", "label", "title")}
            if any(value is None for value in fields.values()):
                continue
            division = Division(**fields, location=source.location(*division_path))
            if not self.register(division.id, division, division.location):
                continue
            article_ids = source.get(data, "articles", list, division_path, required=False, default=[])
            for position, article_id in enumerate(article_ids):
                article = self.instrument.articles.get(article_id)
                if article is None:
                    if article_file_name(str(article_id).removeprefix("art-")) in self.broken_article_files:
                        continue
                    source.problem(f"article '{article_id}' has no file under text/articles/", *division_path, "articles", position)
                    continue
                division.article_ids.append(article_id)
                article.division_id = division.id
            division.children = self.load_division_list(source, data.get("children", []), division_path + ("children",))
            divisions.append(division)
        return divisions

    def load_final(self) -> None:
        source = self.file("text", "final.yml")
        if not source.read() or source.data is None:
            return
        data = source.mapping_at(source.data, (), "final.yml")
        if data is None:
            return
        self.instrument.final_clauses = self.load_units(source, data.get("clauses", []), ("clauses",), "clause", None, None)
        self.footnotes_source = (source, data.get("footnotes", []))

    def load_notes(self, printed: dict) -> None:
        source = self.file("text", "notes.yml")
        if not source.read(required=False) or source.data is None:
            return
        data = source.mapping_at(source.data, (), "notes.yml")
        if data is None:
            return
        printed["notes_label"] = source.get(data, "label", str, (), required=False, default="")
        printed["notes_title"] = source.get(data, "title", str, (), required=False, default="")
        notes = source.get(data, "notes", list, (), default=[])
        for index, raw in enumerate(notes):
            path = ("notes", index)
            note = source.mapping_at(raw, path, "a note")
            if note is None:
                continue
            fields = {key: source.get(note, key, str, path) for key in ("id", "num", "heading", "text")}
            if any(value is None for value in fields.values()):
                continue
            article_ids = source.get(note, "articles", list, path, default=[])
            unit = InterpretativeNote(**fields, article_ids=[str(a) for a in article_ids], location=source.location(*path))
            if self.register(unit.id, unit, unit.location):
                self.instrument.notes.append(unit)
                for position, article_id in enumerate(unit.article_ids):
                    if article_id not in self.instrument.articles:
                        source.problem(f"note links to '{article_id}', which is not an article of this text", *path, "articles", position)

    def load_footnotes(self) -> None:
        source, footnotes = self.footnotes_source
        if source is None:
            return
        if not isinstance(footnotes, list):
            source.problem("'footnotes' must be a list", "footnotes")
            return
        for index, raw in enumerate(footnotes):
            path = ("footnotes", index)
            data = source.mapping_at(raw, path, "a footnote")
            if data is None:
                continue
            fields = {key: source.get(data, key, str, path) for key in ("id", "marker", "text", "anchor")}
            if any(value is None for value in fields.values()):
                continue
            if not isinstance(self.instrument.index.get(fields["anchor"]), (Provision, InterpretativeNote)):
                source.problem(f"footnote anchor '{fields['anchor']}' is not a unit of wording in this text", *path, "anchor")
                continue
            footnote = Footnote(fields["id"], fields["marker"], fields["text"], fields["anchor"], source.location(*path))
            if self.register(footnote.id, footnote, footnote.location):
                self.instrument.footnotes.append(footnote)

    def check_every_article_has_a_division(self) -> None:
        if self.instrument.divisions:
            for article in self.instrument.articles.values():
                if article.division_id is None:
                    self.report.add(d.TEXT_STRUCTURE, f"{article.id} is not listed in any division of text/divisions.yml", article.location)


def load_instrument(root: Path, instrument_dir: Path, report: d.Report) -> Instrument | None:
    """The instrument in ``instrument_dir`` (a folder with instrument.yml and text/), or None if unreadable."""
    return _Loader(root, instrument_dir, report).load()


def load_instruments(root: Path, report: d.Report) -> dict[str, Instrument]:
    """Every instrument under ``root/content``, the default one first, then by id."""
    content = root / "content"
    folders = sorted(p.parent for p in content.glob("*/instrument.yml")) if content.is_dir() else []
    instruments = [i for i in (load_instrument(root, folder, report) for folder in folders) if i is not None]
    instruments.sort(key=lambda instrument: (not instrument.is_default, instrument.id))
    return {instrument.id: instrument for instrument in instruments}
