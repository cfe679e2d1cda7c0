"""Turn a treaty's plain-text source into the structured files under ``content/<id>/text/``.

The importer is generic: everything that differs between treaties (where the treaty
starts, how chapters, articles and list labels are printed, where the annex of notes
and the footnotes are) is read from the ``import:`` profile in ``instrument.yml``.
Ids are assigned here, once, and written into the files so that they stay stable when
a later correction of the wording is made by hand-reviewed re-import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import ids
from .yamlio import dump_yaml, load_yaml

HEADER_START = "==== SOURCE HEADER"
HEADER_END = "==== END OF SOURCE HEADER ===="
ARTICLE_FILE_WIDTH = 3


class SourceFormatError(Exception):
    """The source text does not follow the profile; ``line`` is the line in the source file."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


class ProfileError(ValueError):
    """instrument.yml's ``import:`` settings are missing or malformed."""


# --------------------------------------------------------------------------- profile


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman_to_int(numeral: str) -> int:
    values = {letter: value for value, letter in _ROMAN if len(letter) == 1}
    total = 0
    lowered = numeral.lower()
    for index, letter in enumerate(lowered):
        value = values[letter]
        following = values[lowered[index + 1]] if index + 1 < len(lowered) else 0
        total += -value if value < following else value
    return total


def int_to_roman(number: int) -> str:
    parts = []
    for value, letters in _ROMAN:
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


@dataclass(frozen=True)
class Sequence:
    """How the labels of one list level count: first label and the label after a given one."""

    name: str

    def first(self, key: str) -> bool:
        return {"arabic": key == "1", "latin": key == "a", "roman": key == "i", "bullet": True}[self.name]

    def follows(self, previous: str | None, key: str) -> bool:
        if self.name == "bullet":
            return True
        if previous is None:
            return False
        if self.name == "arabic":
            return previous.isdigit() and key == str(int(previous) + 1)
        if self.name == "latin":
            return len(previous) == 1 and key == chr(ord(previous) + 1)
        return key == int_to_roman(roman_to_int(previous) + 1)


@dataclass(frozen=True)
class DivisionLevel:
    kind: str
    heading: re.Pattern
    id_prefix: str
    roman_numerals: bool


@dataclass(frozen=True)
class LabelLevel:
    label: re.Pattern
    sequence: Sequence
    id_prefix: str


@dataclass(frozen=True)
class ClosingWords:
    starts_with: str
    closes: str


@dataclass(frozen=True)
class NotesProfile:
    """How an annex of interpretative notes is printed: where it starts, its headings, its numbered notes."""

    start: re.Pattern[str]
    heading: re.Pattern[str]
    label: re.Pattern[str]


@dataclass(frozen=True)
class FootnotesProfile:
    """How the source prints footnotes: the separator line, each footnote line, the marker in the text."""

    separator: re.Pattern[str]
    line: re.Pattern[str]
    marker: re.Pattern[str]


@dataclass(frozen=True)
class Profile:
    start_after: re.Pattern[str] | None
    preamble_heading: re.Pattern[str]
    divisions: list[DivisionLevel]
    article_heading: re.Pattern[str]
    levels: list[LabelLevel]
    final_clauses: re.Pattern[str]
    closing_words: list[ClosingWords]
    notes: NotesProfile | None
    footnotes: FootnotesProfile | None

    @classmethod
    def from_mapping(cls, data: object) -> Profile:
        """The profile from instrument.yml's ``import:`` mapping; ProfileError names what is missing or malformed."""
        if not isinstance(data, dict):
            raise ProfileError("'import' must be a mapping of settings (see content/uncc/instrument.yml)")
        try:
            return cls._from_mapping(data)
        except KeyError as exc:
            raise ProfileError(f"'import' has no {exc.args[0]!r}, which the importer needs") from None
        except re.error as exc:
            raise ProfileError(f"'import' has a pattern that is not a regular expression: {exc}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise ProfileError(f"'import' has a setting of the wrong form ({exc})") from None

    @classmethod
    def _from_mapping(cls, data: dict) -> Profile:
        notes = data.get("notes") or {}
        footnotes = data.get("footnotes") or {}
        return cls(
            start_after=re.compile(data["start_after"]) if data.get("start_after") else None,
            preamble_heading=re.compile(data["preamble_heading"]),
            divisions=[
                DivisionLevel(d["kind"], re.compile(d["heading"]), d["id"], d.get("numerals") == "roman")
                for d in data.get("divisions", [])
            ],
            article_heading=re.compile(data["article_heading"]),
            levels=[
                LabelLevel(re.compile(level["label"]), Sequence(level["sequence"]), level.get("id_prefix", ""))
                for level in data["levels"]
            ],
            final_clauses=re.compile(data["final_clauses"]),
            closing_words=[ClosingWords(c["starts_with"], c["closes"]) for c in data.get("closing_words", [])],
            notes=NotesProfile(re.compile(notes["start"]), re.compile(notes["heading"]), re.compile(notes["label"])) if notes else None,
            footnotes=FootnotesProfile(re.compile(footnotes["separator"]), re.compile(footnotes["line"]), re.compile(footnotes["marker"])) if footnotes else None,
        )


# --------------------------------------------------------------------------- source


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source file
    text: str


def source_body(text: str) -> list[Line]:
    """The lines after the provenance header, numbered as in the file, blank lines dropped."""
    raw = text.splitlines()
    first = 0
    if raw and raw[0].startswith(HEADER_START):
        try:
            first = raw.index(HEADER_END) + 1
        except ValueError:
            raise SourceFormatError("the source header is not closed by '" + HEADER_END + "'", 1) from None
    return [Line(number, line.strip()) for number, line in enumerate(raw[first:], start=first + 1) if line.strip()]


# --------------------------------------------------------------------------- parsing


@dataclass
class _Unit:
    id: str
    num: str | None
    key: str | None
    level: int
    text: str
    line: int
    children: list[_Unit] = field(default_factory=list)
    tail: str | None = None
    # Children of an unnumbered block take their ids from the article, not from the block.
    child_id_base: str = ""

    def as_dict(self) -> dict:
        data: dict = {"id": self.id}
        if self.num is not None:
            data["num"] = self.num
        data["text"] = self.text
        if self.children:
            data["items"] = [child.as_dict() for child in self.children]
        if self.tail is not None:
            data["tail"] = self.tail
        return data


class _ArticleBuilder:
    """Reads the lines of one article into nested units, following the label sequences."""

    def __init__(self, article_id: str, profile: Profile):
        self.article_id = article_id
        self.profile = profile
        self.paragraphs: list[_Unit] = []
        self.stack: list[_Unit] = []  # the open units, outermost first
        self.unnumbered = 0

    def add_line(self, line: Line) -> None:
        rest = line.text
        placed = False
        while True:
            found = self._place_label(rest, line.number)
            if found is None:
                break
            rest = found
            placed = True
        if placed:
            self.stack[-1].text = rest
        elif rest:
            self._add_unlabelled(rest, line.number)

    def _place_label(self, text: str, line_number: int) -> str | None:
        """Open the unit whose label starts ``text``; return the wording after the label.

        A label that fits no open list is an error rather than wording: read as wording it
        would silently merge two units, and the fidelity check could not notice.
        """
        misfit = None
        for level_index, level in enumerate(self.profile.levels):
            match = level.label.match(text)
            if not match:
                continue
            num = match.group("num")
            key = match.groupdict().get("key") or num
            position = self._position_for(level_index, level, key)
            if position is None:
                misfit = num
                continue
            parent_depth = position
            del self.stack[parent_depth:]
            parent = self.stack[-1] if self.stack else None
            siblings = parent.children if parent else self.paragraphs
            if level.sequence.name == "bullet":
                id_key = f"{level.id_prefix}{len(siblings) + 1}"
            else:
                id_key = f"{level.id_prefix}{key}"
            base = parent.child_id_base if parent else self.article_id
            unit = _Unit(f"{base}-{id_key}", num, key, level_index, "", line_number)
            unit.child_id_base = unit.id
            siblings.append(unit)
            self.stack.append(unit)
            return text[match.end():]
        if misfit is not None:
            where = self.stack[-1].id if self.stack else self.article_id
            raise SourceFormatError(f"label '{misfit}' does not continue any list open at {where}", line_number)
        return None

    def _position_for(self, level_index: int, level: LabelLevel, key: str) -> int | None:
        """Stack depth at which a unit labelled ``key`` belongs, or None if the label does not fit here.

        A label continues the list of an open unit of the same level when it is the next in
        sequence, or starts a new list below the innermost open unit when it is the first.
        Continuing is tried first, which is what tells the letter (i) after (h) from the
        numeral (i) that opens a list of items.
        """
        for depth in range(len(self.stack) - 1, -1, -1):
            open_unit = self.stack[depth]
            if open_unit.level != level_index:
                continue
            if open_unit.key is not None and level.sequence.follows(open_unit.key, key):
                return depth
            if open_unit.key is None and level.sequence.first(key):
                return depth
        innermost_level = self.stack[-1].level if self.stack else -1
        if level_index > innermost_level and level.sequence.first(key):
            return len(self.stack)
        return None

    def _add_unlabelled(self, text: str, line_number: int) -> None:
        if len(self.stack) >= 2:
            owner_depth = self._closing_words_owner(text, line_number)
            owner = self.stack[owner_depth]
            if owner.tail is not None:
                raise SourceFormatError(f"{owner.id} already has closing words; cannot place '{text[:40]}...'", line_number)
            owner.tail = text
            del self.stack[owner_depth + 1:]
            return
        self.unnumbered += 1
        unit = _Unit(f"{self.article_id}-u{self.unnumbered}", None, None, 0, text, line_number)
        unit.child_id_base = self.article_id
        self.paragraphs.append(unit)
        self.stack[:] = [unit]

    def _closing_words_owner(self, text: str, line_number: int) -> int:
        for rule in self.profile.closing_words:
            if text.startswith(rule.starts_with):
                for depth, unit in enumerate(self.stack):
                    if unit.id == rule.closes:
                        return depth
                raise SourceFormatError(f"closing words '{rule.starts_with}' should close {rule.closes}, which is not open here", line_number)
        return len(self.stack) - 2


@dataclass
class ParsedText:
    front: dict
    divisions: list[dict]
    articles: list[dict]
    final: dict
    notes: dict | None


class _Parser:
    def __init__(self, lines: list[Line], profile: Profile):
        self.profile = profile
        self.footnotes: list[dict] = []
        self.lines = self._without_footnotes(self._from_start(lines))
        self.position = 0

    def _from_start(self, lines: list[Line]) -> list[Line]:
        if self.profile.start_after is None:
            return lines
        for index, line in enumerate(lines):
            if self.profile.start_after.match(line.text):
                return lines[index + 1:]
        raise SourceFormatError("the line where the treaty starts (start_after) was not found")

    def _without_footnotes(self, lines: list[Line]) -> list[Line]:
        """Lift footnotes out of the flow: the source prints them where the page broke."""
        footnotes = self.profile.footnotes
        if footnotes is None:
            return lines
        kept: list[Line] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if not footnotes.separator.match(line.text):
                kept.append(line)
                index += 1
                continue
            # Blank lines are already dropped, so the footnote block is the run of lines that
            # read as footnotes; the first that does not resumes the text.
            index += 1
            while index < len(lines) and (match := footnotes.line.match(lines[index].text)):
                marker = match.group("marker")
                if not any(existing["marker"] == marker for existing in self.footnotes):
                    self.footnotes.append({"id": f"fn-{marker}", "marker": marker, "text": match.group("text"), "line": lines[index].number})
                index += 1
        return kept

    # -- cursor helpers

    def _peek(self) -> Line | None:
        return self.lines[self.position] if self.position < len(self.lines) else None

    def _take(self) -> Line:
        line = self.lines[self.position]
        self.position += 1
        return line

    def _take_title(self, heading: Line) -> str:
        if self._peek() is None:
            raise SourceFormatError(f"'{heading.text}' has no title line after it", heading.number)
        return self._take().text

    # -- parts

    def parse(self) -> ParsedText:
        front = self._front()
        divisions, articles = self._body()
        final = self._final()
        notes = self._notes()
        if (line := self._peek()) is not None:
            raise SourceFormatError(f"unexpected text after the end of the document: '{line.text[:60]}'", line.number)
        final["footnotes"] = self._anchor_footnotes(front, articles, final, notes)
        if not final["footnotes"]:
            del final["footnotes"]
        return ParsedText(front, divisions, articles, final, notes)

    def _front(self) -> dict:
        title_lines = []
        while (line := self._peek()) is not None and not self.profile.preamble_heading.match(line.text):
            title_lines.append(self._take().text)
        if line is None:
            raise SourceFormatError("the preamble heading was not found")
        heading = self._take().text
        recitals: list[dict] = []
        while (line := self._peek()) is not None and not self._is_body_heading(line.text):
            recitals.append({"id": f"pre-{len(recitals) + 1}", "text": self._take().text})
        return {"title": title_lines, "preamble_heading": heading, "recitals": recitals}

    def _is_body_heading(self, text: str) -> bool:
        return self.profile.article_heading.match(text) is not None or any(level.heading.match(text) for level in self.profile.divisions)

    def _body(self) -> tuple[list[dict], list[dict]]:
        roots: list[dict] = []
        open_divisions: list[dict] = []
        articles: list[dict] = []
        builder: _ArticleBuilder | None = None
        article: dict | None = None

        def finish_article() -> None:
            if article is not None and builder is not None:
                article["paragraphs"] = [unit.as_dict() for unit in builder.paragraphs]

        while (line := self._peek()) is not None and not self.profile.final_clauses.match(line.text):
            self._take()
            division_match = next(((i, m) for i, level in enumerate(self.profile.divisions) if (m := level.heading.match(line.text))), None)
            if division_match is not None:
                division_level, match = division_match
                level = self.profile.divisions[division_level]
                number = match.group("number")
                arabic = roman_to_int(number) if level.roman_numerals else int(number)
                if division_level > len(open_divisions):
                    raise SourceFormatError(f"'{line.text}' is not inside a {self.profile.divisions[division_level - 1].kind}", line.number)
                del open_divisions[division_level:]
                parent = open_divisions[-1] if open_divisions else None
                division_id = f"{parent['id']}-{level.id_prefix}-{arabic}" if parent else f"{level.id_prefix}-{arabic}"
                division: dict = {"id": division_id, "kind": level.kind, "number": number, "label": line.text, "title": self._take_title(line), "articles": [], "children": []}
                (parent["children"] if parent else roots).append(division)
                open_divisions.append(division)
                continue
            heading = self.profile.article_heading.match(line.text)
            if heading:
                finish_article()
                number = heading.group("number")
                article = {"id": ids.article_id(number), "number": number, "label": line.text, "title": self._take_title(line)}
                articles.append(article)
                builder = _ArticleBuilder(article["id"], self.profile)
                if open_divisions:
                    open_divisions[-1]["articles"].append(article["id"])
                continue
            if builder is None:
                raise SourceFormatError(f"text before the first article: '{line.text[:60]}'", line.number)
            builder.add_line(line)
        finish_article()
        if not articles:
            raise SourceFormatError("no article headings were found")
        return [self._prune(division) for division in roots], articles

    def _prune(self, division: dict) -> dict:
        """Drop empty lists so the file shows only what each division really holds."""
        division["children"] = [self._prune(child) for child in division["children"]]
        for key in ("articles", "children"):
            if not division[key]:
                del division[key]
        return division

    def _final(self) -> dict:
        clauses: list[dict] = []
        while (line := self._peek()) is not None and not (self.profile.notes and self.profile.notes.start.match(line.text)):
            clauses.append({"id": f"final-{len(clauses) + 1}", "text": self._take().text})
        return {"clauses": clauses}

    def _notes(self) -> dict | None:
        start = self._peek()
        notes_profile = self.profile.notes
        if start is None or notes_profile is None:
            return None
        label = self._take().text
        title = self._take_title(start)
        notes: list[dict] = []
        heading: str | None = None
        articles: list[str] = []
        while (line := self._take() if self._peek() is not None else None) is not None:
            heading_match = notes_profile.heading.match(line.text)
            if heading_match:
                heading = line.text
                articles = [ids.article_id(n) for n in re.findall(r"\d+", heading_match.group("articles"))]
                continue
            label_match = notes_profile.label.match(line.text)
            if not label_match or heading is None:
                raise SourceFormatError(f"expected a note heading or a numbered note: '{line.text[:60]}'", line.number)
            notes.append({
                "id": f"note-{label_match.group('key')}",
                "num": label_match.group("num"),
                "heading": heading,
                "articles": list(articles),
                "text": line.text[label_match.end():],
            })
        return {"label": label, "title": title, "notes": notes}

    def _anchor_footnotes(self, front: dict, articles: list[dict], final: dict, notes: dict | None) -> list[dict]:
        """Detach each footnote marker from the wording that carries it and record that unit as anchor."""
        if not self.footnotes or self.profile.footnotes is None:
            return []
        marker_pattern = self.profile.footnotes.marker
        units = list(front["recitals"])
        for article in articles:
            units.extend(_walk_dicts(article["paragraphs"]))
        units.extend(final["clauses"])
        if notes:
            units.extend(notes["notes"])
        anchored = []
        for footnote in self.footnotes:
            carriers = []
            for unit in units:
                field_name = last_printed_field(unit)
                match = marker_pattern.search(unit[field_name]) if field_name else None
                if match and match.group("marker") == footnote["marker"]:
                    carriers.append((unit, field_name, match))
            if len(carriers) != 1:
                raise SourceFormatError(f"footnote {footnote['marker']} must be marked in exactly one unit; found {len(carriers)}", footnote["line"])
            unit, field_name, match = carriers[0]
            unit[field_name] = unit[field_name][: match.start()]
            anchored.append({"id": footnote["id"], "marker": footnote["marker"], "text": footnote["text"], "anchor": unit["id"]})
        return anchored


def last_printed_field(unit: dict) -> str | None:
    """The field whose wording ends the unit on the page: where a footnote marker sits.

    A unit with sub-units but no closing words ends inside its last sub-unit, so it has none.
    """
    if unit.get("tail") is not None:
        return "tail"
    if not unit.get("items"):
        return "text"
    return None


def _walk_dicts(units: list[dict]):
    for unit in units:
        yield unit
        yield from _walk_dicts(unit.get("items", []))


# --------------------------------------------------------------------------- writing


def parse_source(text: str, profile: Profile) -> ParsedText:
    return _Parser(source_body(text), profile).parse()


def article_file_name(number: str) -> str:
    return f"art-{number.zfill(ARTICLE_FILE_WIDTH)}.yml"


def article_id_of_file(name: str) -> str:
    """The id of the article a file is named for: "art-040.yml" → "art-40" (the inverse of ``article_file_name``)."""
    number = name.removesuffix(".yml").removeprefix("art-").lstrip("0") or "0"
    return ids.article_id(number)


def import_instrument(instrument_dir: Path, output_dir: Path | None = None) -> list[Path]:
    """Parse the instrument's source file and (over)write its ``text/`` files; return the paths written.

    ``output_dir`` defaults to ``instrument_dir / "text"``; tests pass another to compare runs.
    """
    metadata = load_yaml((instrument_dir / "instrument.yml").read_text(encoding="utf-8")).data
    if not isinstance(metadata, dict):
        raise ProfileError("instrument.yml must be a mapping of settings")
    profile = Profile.from_mapping(metadata.get("import"))
    source = (instrument_dir / "source" / metadata["source"]).read_text(encoding="utf-8")
    parsed = parse_source(source, profile)

    text_dir = output_dir or instrument_dir / "text"
    articles_dir = text_dir / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    # A re-import replaces the text wholesale, so files of units that no longer exist must go.
    for stale in articles_dir.glob("*.yml"):
        stale.unlink()
    notes_path = text_dir / "notes.yml"
    if notes_path.exists():
        notes_path.unlink()

    banner = f"# Imported from source/{metadata['source']} by `commentary import {metadata['id']}`.\n# Never edit the wording by hand; ids may be kept when re-importing.\n"
    written: list[Path] = []

    def write(path: Path, data) -> None:
        path.write_text(banner + dump_yaml(data), encoding="utf-8")
        written.append(path)

    write(text_dir / "front.yml", parsed.front)
    write(text_dir / "divisions.yml", parsed.divisions)
    for article in parsed.articles:
        write(articles_dir / article_file_name(article["number"]), article)
    write(text_dir / "final.yml", parsed.final)
    if parsed.notes is not None:
        write(notes_path, parsed.notes)
    return written
