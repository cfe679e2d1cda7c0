"""Commentary notes: Markdown files with YAML front matter under commentary/<instrument>/.

Each file is read inside the input boundary (``inputs.guard``): whatever it holds, it
becomes a note or problems at its lines, never an exception. The front matter is
validated against ``schemas/note.schema.yml`` (the same schema the format reference is
generated from); every problem names file, line and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..model import Author, BasedOn, Concordance, Edit, Instrument, Location, Note, Proposal, ids
from ..model import problems as d
from ..model.commentary import EDITORS_PROPONENT, ProposedIn, anchor_slug
from ..model.project import Unavailable
from .inputs import (
    MAX_NOTE_BYTES,
    MAX_NOTE_NODES,
    NOTE_CODES,
    InputFailure,
    field_name,
    guard,
    parse_yaml,
    read_text,
    relative,
    report_duplicate_keys,
    validate,
    walk_files,
)
from .schema_files import schema
from .yamlio import YamlDoc

FRONT_MATTER_FENCE = "---"

# What `commentary new` writes where the contributor's own words belong. A value that
# still holds one of these is an error (C017), so an untouched scaffold never publishes.
PLACEHOLDER_AUTHOR = "Your Name"
PLACEHOLDER_NOTE_TITLE = "Your heading for this note"
PLACEHOLDER_PROPOSAL_TITLE = "Your title for this proposal"
PLACEHOLDER_NEW_WORDING = "Your new wording"
PLACEHOLDER_NEW_NUMBER = "(new)"
PLACEHOLDER_BODY = (
    "Replace this paragraph with your commentary, in Markdown. Say what was proposed or observed, "
    "how the adopted text stands, and what remains open."
)
PLACEHOLDER_RATIONALE = "Replace this with why the change is needed, in Markdown."
# Placeholders that may appear inside any text field, and those that are one field's whole value.
_PLACEHOLDER_TEXTS = (PLACEHOLDER_AUTHOR, PLACEHOLDER_NOTE_TITLE, PLACEHOLDER_PROPOSAL_TITLE, PLACEHOLDER_NEW_WORDING, PLACEHOLDER_BODY, PLACEHOLDER_RATIONALE)
_PLACEHOLDER_VALUES = {"num": PLACEHOLDER_NEW_NUMBER}

# The Markdown of one note (its body and rationales together) may have at most this many lines and
# this many characters that open inline markup. Markdown is parsed in pure Python at about 10 µs a
# line or markup character (more for nested brackets), so 512 KiB of markup alone would take 5 s;
# with these bounds the worst input known parses in well under a second. Prose is unaffected: a
# 512 KiB note of ordinary text with a citation every sentence has about 7,000 lines and 15,000
# such characters.
MAX_MARKDOWN_LINES = 20_000
MAX_MARKUP_CHARACTERS = 20_000
MARKUP_CHARACTERS = "[]*_~`<&\\|"

# A date may be at most this far ahead of today (UTC): a contributor east of UTC writes
# tomorrow's date for most of a day. Anything later is a typo (2099 for 2019) or a guess.
FUTURE_TOLERANCE = dt.timedelta(days=1)


def note_schema() -> dict:
    return schema("note")


@dataclass
class Targets:
    """Resolves what a note or edit points at: unit ids, "overview", or draft numbers through a concordance."""

    instruments: dict[str, Instrument]
    concordances: dict[str, Concordance]
    unavailable: Unavailable = field(default_factory=Unavailable)


# Files under commentary/ that are data, not notes; everything else that is not .md is reported.
DATA_FILES = ("bibliography.yaml", "themes.yml", "edition.yml")
DATA_FOLDERS = ("recommendations",)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def discover_note_files(root: Path, report: d.Report | None = None) -> list[Path]:
    """The notes to read: every .md under commentary/, except hidden ones (a W063 warning each) and links."""
    folder = root / "commentary"
    found = []
    for path in walk_files(folder):
        if path.suffix != ".md":
            continue
        if _hidden(path.relative_to(folder)):
            if report is not None:
                report.add(d.HIDDEN_FILE, "hidden (a name starting with '.'), so it is not published", Location(relative(root, path), 1))
            continue
        found.append(path)
    return found


def report_unread_files(root: Path, report: d.Report) -> None:
    """A note saved as .markdown or .txt would otherwise vanish from the site without a word."""
    folder = root / "commentary"
    for path in walk_files(folder):
        rel = path.relative_to(folder)
        if path.suffix == ".md" or _hidden(rel):
            continue
        if rel.as_posix() in DATA_FILES or (rel.parts[0] in DATA_FOLDERS and path.suffix == ".yml"):
            continue
        report.add(d.FILE_IGNORED, "not a note (.md) or a commentary data file; no build reads it", Location(relative(root, path), 1))


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml, body, body_first_line) or None when the text has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in (FRONT_MATTER_FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def load_notes(root: Path, targets: Targets, themes: set[str] | None, report: d.Report) -> list[Note]:
    """Every note under commentary/; ``themes`` is None when the vocabulary could not be loaded."""
    notes: list[Note] = []
    seen_proposals: dict[str, Location] = {}
    report_unread_files(root, report)
    for path in discover_note_files(root, report):
        rel = relative(root, path)
        note = guard(report, rel, partial(load_note, root, path, targets, themes, report), None)
        if note is None:
            targets.unavailable.notes.add(rel.removeprefix("commentary/").removesuffix(".md"))
            continue
        for proposal in note.proposals:
            if proposal.id in seen_proposals:
                report.add(d.DUPLICATE_ID, f"proposal id '{proposal.id}' is also used at {seen_proposals[proposal.id]}", proposal.location)
            else:
                seen_proposals[proposal.id] = proposal.location
        notes.append(note)
    assign_anchors(notes, report)
    return notes


def assign_anchors(notes: list[Note], report: d.Report) -> None:
    """Each note's HTML id, from its file name, unique on its page; a collision is an error naming both files.

    The second note of a collision still gets an id of its own (a numbered suffix), so even
    a non-strict build writes valid HTML with working links.
    """
    taken: dict[tuple[str, str], dict[str, Note]] = {}
    for note in notes:
        page = (note.instrument_id, note.article_id or "overview")
        on_page = taken.setdefault(page, {})
        anchor = "note-" + anchor_slug(note.path.rsplit("/", 1)[-1].removesuffix(".md"))
        if anchor in on_page:
            first = on_page[anchor]
            report.add(
                d.DUPLICATE_ID,
                f"this note and {first.path} would both be '#{anchor}' on the page of {page[1]}; rename one of the files",
                Location(note.path, 1),
            )
            number = 2
            while f"{anchor}-{number}" in on_page:
                number += 1
            anchor = f"{anchor}-{number}"
        note.anchor = anchor
        on_page[anchor] = note


def load_note(root: Path, path: Path, targets: Targets, themes: set[str] | None, report: d.Report) -> Note | None:
    """One note, or None after reporting why not. Raises ``InputFailure`` for a file that cannot be read at all."""
    rel = relative(root, path)
    parts = rel.split("/")
    if parts[0] != "commentary" or len(parts) < 3:
        raise InputFailure(d.PATH_OUTSIDE, "commentary notes live at commentary/<instrument>/<article or overview>/<name>.md")
    text = read_text(root, path, MAX_NOTE_BYTES, "one note")
    if not text.strip():
        raise InputFailure(d.FILE_EMPTY, "the file is empty")
    split = split_front_matter(text)
    if split is None:
        first = text.split("\n", 1)[0]
        reason = "the first line must be '---'" if first.strip() != FRONT_MATTER_FENCE else "the front matter is never closed by a line '---'"
        raise InputFailure(d.FRONT_MATTER_MISSING, f"no front matter: {reason} (the front matter sits between two lines '---')")
    yaml_text, body, body_line = split
    doc = parse_yaml(yaml_text, line_offset=1, max_nodes=MAX_NOTE_NODES)
    if not isinstance(doc.data, dict):
        raise InputFailure(d.FIELD_TYPE, f"the front matter must be a mapping of fields (name: value), not {_kind(doc.data)}", 2)
    report_duplicate_keys(doc, rel, report)
    data = doc.data
    if not validate(data, doc, "note", rel, report, NOTE_CODES).ok:
        return None
    _check_markdown_size([body] + [p["rationale"] for p in data.get("proposals") or []], body_line)
    _check_placeholders(data, body, body_line, doc, rel, report)
    _check_dates(data, doc, rel, report)

    note_id = rel.removeprefix("commentary/").removesuffix(".md")
    instrument_id = data.get("instrument") or parts[1]
    instrument = targets.instruments.get(instrument_id)
    if instrument is None:
        if instrument_id in targets.unavailable.instruments:
            return None  # its instrument.yml is broken, and reported there
        report.add(d.INSTRUMENT_UNKNOWN, f"no text '{instrument_id}' under content/ (known: {', '.join(targets.instruments)})", Location(rel, doc.line_of("instrument") if "instrument" in data else 1))
        return None
    target_line = doc.line_of("target")
    resolved = resolve_target(data["target"], instrument, targets, Location(rel, target_line), report)
    if resolved is None:
        return None
    target, entry = resolved
    known_themes = data["themes"] if themes is None else [t for t in data["themes"] if t in themes]
    for index, theme in enumerate(data["themes"]):
        if themes is not None and theme not in themes and not targets.unavailable.theme(theme):
            report.add(d.THEME_UNKNOWN, f"theme '{theme}' is not in the vocabulary ({', '.join(sorted(themes))})", Location(rel, *doc.position_of("themes", index)))
    note = Note(
        id=note_id,
        path=rel,
        title=data["title"].strip(),
        short_title=data["short_title"].strip() if data.get("short_title") else None,
        instrument_id=instrument.id,
        target=target,
        target_as_written=data["target"],
        draft=data.get("draft"),
        authors=[Author(a["name"].strip(), a.get("organisation")) for a in data["authors"]],
        date=dt.date.fromisoformat(data["date"]),
        themes=known_themes,
        body=body,
        body_line=body_line,
        article_id=None if target == "overview" else _article_id(instrument, target),
        concordance_entry=entry,
        front_matter=data,
        location=Location(rel, 1),
        based_on=[
            BasedOn(entry["source"].strip(), entry["pinpoint"].strip() if entry.get("pinpoint") else None, Location(rel, *doc.position_of("based_on", index)))
            for index, entry in enumerate(data.get("based_on") or [])
        ],
    )
    if data.get("proposals") and not instrument.takes_proposals:
        report.add(
            d.PROPOSALS_NOT_TAKEN,
            f"{instrument.label} does not take drafting proposals: its pages do not show them, so they would vanish from the site",
            Location(rel, *doc.position_of("proposals", "__key__")),
        )
        return note
    yaml_lines = yaml_text.split("\n")
    note.proposals = [_proposal(raw, index, note, doc, rel, yaml_lines) for index, raw in enumerate(data.get("proposals") or [])]
    return note


def _check_markdown_size(texts: list[str], line: int) -> None:
    lines = sum(text.count("\n") + 1 for text in texts)
    markup = sum(text.count(char) for text in texts for char in MARKUP_CHARACTERS)
    if lines > MAX_MARKDOWN_LINES or markup > MAX_MARKUP_CHARACTERS:
        raise InputFailure(
            d.BODY_TOO_COMPLEX,
            f"the Markdown of this note has {lines:,} lines and {markup:,} markup characters ({MARKUP_CHARACTERS}); "
            f"the limits are {MAX_MARKDOWN_LINES:,} and {MAX_MARKUP_CHARACTERS:,}",
            line,
        )


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    return f"the {type(value).__name__} {str(value)[:40]!r}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_placeholders(data: dict, body: str, body_line: int, doc: YamlDoc, rel: str, report: d.Report) -> None:
    """Template text of `commentary new` left in a field or in the body: an error at each place (C017)."""

    def visit(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, path + (index,))
        elif isinstance(value, str):
            squashed = _squash(value)
            whole = _PLACEHOLDER_VALUES.get(str(path[-1])) if path else None
            found = next((p for p in _PLACEHOLDER_TEXTS if p in squashed), None) or (whole if whole == squashed else None)
            if found:
                report.add(d.PLACEHOLDER, f"{field_name(path)} still holds the template text {found[:60]!r}", Location(rel, *doc.position_of(*path)))

    visit(data, ())
    if PLACEHOLDER_BODY in _squash(body):
        offset = body.find(PLACEHOLDER_BODY[:40])
        line = body_line + (body.count("\n", 0, offset) if offset >= 0 else 0)
        report.add(d.PLACEHOLDER, "the body still holds the template paragraph; write your commentary there", Location(rel, line))


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _check_dates(data: dict, doc: YamlDoc, rel: str, report: d.Report) -> None:
    latest = _today() + FUTURE_TOLERANCE
    dated = [(("date",), data["date"])] + [(("proposals", i, "date"), p["date"]) for i, p in enumerate(data.get("proposals") or [])]
    for path, written in dated:
        if dt.date.fromisoformat(written) > latest:
            report.add(d.DATE_IN_FUTURE, f"{field_name(path)} {written} is in the future (today is {_today().isoformat()})", Location(rel, *doc.position_of(*path)))


def resolve_target(written: str, instrument: Instrument, targets: Targets, location: Location, report: d.Report):
    """(unit id or "overview", concordance entry or None), or None after reporting why not."""
    if written == "overview":
        return "overview", None
    if ":" in written:
        concordance_id, draft_ref = written.split(":", 1)
        concordance = targets.concordances.get(concordance_id)
        if concordance is None:
            if concordance_id not in targets.unavailable.concordances:
                report.add(d.CONCORDANCE_UNKNOWN, f"no concordance '{concordance_id}' (known: {', '.join(targets.concordances) or 'none'})", location)
            return None
        entry = concordance.lookup(draft_ref)
        if entry is None:
            if (concordance.id, draft_ref.replace(" ", "").lower()) in targets.unavailable.concordance_entries:
                return None  # its entry is broken, and reported there
            known = ", ".join(e.draft_ref for e in concordance.entries)
            report.add(d.CONCORDANCE_UNKNOWN, f"{concordance.from_document} art {draft_ref} is not in the concordance (known: {known})", location)
            return None
        if entry.target is None:
            report.add(d.NO_COUNTERPART, f"{concordance.from_document} art {draft_ref} ({entry.draft_title}) has no counterpart in the adopted text", location)
            return None
        if entry.target not in instrument.index:
            return None  # the concordance names a unit that does not exist: reported at the concordance
        return entry.target, entry
    if written not in instrument.index:
        if not targets.unavailable.article(instrument.id, written):
            report.add(d.TARGET_UNKNOWN, f"'{written}' is not a provision of {instrument.short_title}", location, hint=_suggest(written, instrument))
        return None
    return written, None


def _suggest(written: str, instrument: Instrument) -> str:
    prefix = next((unit for unit in ids.ancestors(written) if unit in instrument.index), "")
    if prefix:
        depth = len(ids.parse(prefix).parts)
        children = [k for k in instrument.index if k.startswith(prefix + "-") and (parsed := ids.try_parse(k)) is not None and len(parsed.parts) == depth + 1]
        if children:
            shown = ", ".join(children[:12]) + (" …" if len(children) > 12 else "")
            return f"'{prefix}' exists; its parts are: {shown}"
        return f"did you mean '{prefix}'?"
    return d.CODES[d.TARGET_UNKNOWN].fix


def _article_id(instrument: Instrument, unit_id: str) -> str | None:
    article = instrument.article_of(unit_id)
    return article.id if article else None


def _proposal(raw: dict, index: int, note: Note, doc: YamlDoc, rel: str, yaml_lines: list[str]) -> Proposal:
    where = ("proposals", index)
    edits = [
        Edit(
            op=e["op"],
            target=e["target"],
            quote=e.get("quote"),
            text=e.get("text"),
            occurrence=e.get("occurrence"),
            num=e.get("num"),
            location=Location(rel, *doc.position_of(*where, "edits", edit_index)),
        )
        for edit_index, e in enumerate(raw["edits"])
    ]
    return Proposal(
        id=raw["id"],
        title=raw["title"].strip(),
        proponent=str(raw.get("proponent") or EDITORS_PROPONENT).strip(),
        date=dt.date.fromisoformat(raw["date"]),
        rationale=raw["rationale"],
        edits=edits,
        label=raw.get("label"),
        location=Location(rel, *doc.position_of(*where)),
        note=note,
        rationale_line=_text_first_line(yaml_lines, doc.position_of(*where, "rationale")),
        short_title=raw["short_title"].strip() if raw.get("short_title") else None,
        proposed_in=_proposed_in(raw.get("proposed_in"), doc, rel, where),
        proponent_location=Location(rel, *doc.position_of(*where, "proponent")) if "proponent" in raw else Location(rel, *doc.position_of(*where)),
    )


def _proposed_in(raw: dict | None, doc: YamlDoc, rel: str, where: tuple) -> ProposedIn | None:
    if not raw:
        return None
    pinpoint = str(raw.get("pinpoint") or "").strip() or None
    return ProposedIn(str(raw["source"]).strip(), pinpoint, Location(rel, *doc.position_of(*where, "proposed_in", "source")))


def _text_first_line(yaml_lines: list[str], position: tuple[int, int]) -> int:
    """The file line where a scalar's text starts: the next line after a '|' or '>' block indicator."""
    line, column = position
    indicator = yaml_lines[line - 2][column - 1 : column] if 2 <= line <= len(yaml_lines) + 1 else ""
    return line + 1 if indicator in ("|", ">") else line

