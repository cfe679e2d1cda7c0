"""Problems found in the inputs, with stable codes.

One registry of codes serves the checker, the build and the generated format
reference, so the three cannot disagree about what a code means or how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from .characters import printable
from .location import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    cause: str
    fix: str
    # "input": a problem in a file of the project (any of them fails a strict build);
    # "environment": a fact about where the build runs (printed, never fails it).
    scope: Literal["input", "environment"] = "input"


CODES: dict[str, Code] = {}


def _code(code: str, title: str, cause: str, fix: str, scope: Literal["input", "environment"] = "input") -> str:
    CODES[code] = Code(code, title, cause, fix, scope)
    return code


# Files and syntax
FILE_NOT_UTF8 = _code("C001", "file is not UTF-8", "The file cannot be decoded as UTF-8.", "Save the file as UTF-8 (without a byte-order mark).")
FILE_EMPTY = _code("C002", "empty file", "The file has no content.", "Add front matter and a body, or delete the file.")
FRONT_MATTER_MISSING = _code("C003", "no front matter", "A commentary file must start with a line '---', YAML front matter and a closing '---'.", "Start the file with '---', the fields, and '---' (see the template from `commentary new note`).")
YAML_SYNTAX = _code("C004", "YAML syntax error", "The YAML could not be parsed.", "Fix the YAML at the line shown: check indentation, colons and quotes.")
FIELD_MISSING = _code("C005", "required field missing", "A required field of the front matter (or of a data file) is absent.", "Add the field named in the message.")
FIELD_TYPE = _code("C006", "wrong type or value", "A field has a value of the wrong type or outside the allowed values.", "Change the value to what the message asks for.")
FIELD_UNKNOWN = _code("C007", "unknown field", "A front-matter field is not part of the format (often a typo).", "Remove it or correct its spelling; the format reference lists every field.")
FILE_TOO_LARGE = _code("C008", "file too large", "A file is larger than 512 KiB, or holds more values than any file of its kind needs (10,000 in a note's front matter, 20,000 in a data or text file); the limits bound the time one file can cost a build.", "Split the commentary into several notes (or the data file into several files where the format allows it).")
PATH_OUTSIDE = _code("C009", "file outside the content folders", "A file given to the checker is not under commentary/ or content/.", "Move the file under commentary/<instrument>/<article>/.")
# Targets and ids
TARGET_UNKNOWN = _code("C010", "unknown target", "The provision a note or edit annotates does not exist in the text.", "Use an id shown by a paragraph's permalink (e.g. art-40-21-b), or an article id (art-40).")
CONCORDANCE_UNKNOWN = _code("C011", "unknown draft provision", "The draft article named through a concordance is not in that concordance.", "Use a draft number listed in the concordance, or target the adopted provision directly.")
NO_COUNTERPART = _code("C012", "draft provision has no counterpart", "The concordance records that this draft provision has no counterpart in the adopted text.", "Target the overview ('overview') or the adopted article the point now bears on, and keep the draft reference in 'draft'.")
DUPLICATE_ID = _code("C013", "duplicate id", "Two units, notes or proposals share an id.", "Give one of them another id; ids must be unique.")
INSTRUMENT_UNKNOWN = _code("C014", "unknown instrument", "The 'instrument' named does not exist under content/.", "Use the id of a folder under content/ (e.g. uncc).")
THEME_UNKNOWN = _code("C015", "unknown theme", "A theme is not in the vocabulary (commentary/themes.yml).", "Use one of the themes listed in the format reference, or propose a new one in themes.yml.")
PROPOSALS_NOT_TAKEN = _code("C016", "text does not take proposals", "A note carries drafting proposals on a text whose pages do not show proposals (only texts with 'proposals: true' in instrument.yml, by default the site's main text).", "Move the proposal to a note on the main text, or write the point as commentary without 'proposals'.")
PLACEHOLDER = _code("C017", "template text not replaced", "A field or the body still holds the placeholder text written by `commentary new`.", "Replace the placeholder with your own words (the message names the field).")
DATE_IN_FUTURE = _code("C018", "date in the future", "A date is later than tomorrow (one day is allowed for time zones).", "Write the date the point was made or proposed (YYYY-MM-DD); a typo in the year is the usual cause.")
# Text
TEXT_STRUCTURE = _code("C020", "malformed treaty text", "A file under content/ does not follow the text format.", "Re-run `commentary import` or fix the structure shown.")
# Redlines
ANCHOR_NOT_FOUND = _code("C030", "quoted anchor not found", "The quoted passage of an edit does not occur in the target's current text.", "Copy the passage again from the text; the message shows the closest passage.")
ANCHOR_AMBIGUOUS = _code("C031", "ambiguous quote", "The quoted passage occurs more than once in the target.", "Quote a longer passage, or add 'occurrence: N' (1 = first).")
EDITS_OVERLAP = _code("C032", "overlapping edits", "Two edits of one proposal change the same characters.", "Merge them into one 'replace', or split them into separate proposals.")
EDIT_OP_UNKNOWN = _code("C033", "unknown operation", "The 'op' of an edit is not one of the operations.", "Use insert-before, insert-after, delete, replace, add-after or delete-unit.")
EDIT_TEXT_EMPTY = _code("C034", "edit without text", "An insertion, replacement or new unit has no new text.", "Add 'text:' with the words to insert.")
EDIT_QUOTE_MISSING = _code("C035", "edit without quote", "An insert, delete or replace edit needs the passage it is anchored to.", "Add 'quote:' with the passage copied from the text.")
# Citations and cross-references
CITATION_UNKNOWN = _code("C040", "unknown citation key", "A citation names a key that is not in the bibliography.", "Use a key from commentary/bibliography.yaml, or add the source there.")
BIBLIOGRAPHY_ENTRY = _code("C041", "malformed bibliography entry", "A bibliography entry lacks a field the citation style needs, or a field has the wrong form.", "Add or correct the field named in the message.")
XREF_UNKNOWN = _code("C042", "reference to a provision that does not exist", "Commentary mentions an article or paragraph that the text does not have.", "Correct the number, or write the reference so it is not a provision (e.g. name the draft: 'CND art 61').")
PINPOINT_OUTSIDE = _code("C044", "page outside the source", "A citation's page is not among the pages the bibliography records for the source (text-pages).", "Check the page against the source and correct the pinpoint (or the source's text-pages).")
BASED_ON_PINPOINT = _code("C045", "source without pages", "A note says it is based on a report or book but not on which pages, so a reader cannot check what it attributes to the source.", "Add 'pinpoint' to the based_on entry: the pages relied on, as in a citation (\"p 6\", \"pp 6–7\").")
CITATION_SYNTAX = _code("C043", "malformed citation", "A citation bracket could not be read.", "Write citations as [@key] or [@key, p 6]; separate several with ';'.")
# Concordance and data files
DATA_STRUCTURE = _code("C050", "malformed data file", "A data file (concordance, themes, recommendations) does not follow its format.", "Fix the entry at the line shown.")
CONCORDANCE_KIND = _code("C053", "pair kind contradicts its paragraphs", "Two articles are paired as equivalent while a pair of their paragraphs is not, so the comparison would contradict itself.", "Make the article pair partly-equivalent, or say in its remark why the articles are equivalent as wholes.")
STATUS_AFTER_EDITION = _code("C082", "status dated after the edition", "A treaty's status (its 'as-of' date in commentary/bibliography.yaml) is dated after the edition's date ('date' in commentary/edition.yml): the edition would state, as at its own day, a fact known only later.", "Correct the status's 'as-of' date, or move the edition's 'date' to the day the commentary is now stated as at.")
PROPONENT_UNSOURCED = _code("C084", "proponent without a source", "A proposal names a proponent other than the editors or the note's authors (a delegation, an organisation, a person) but not where that proponent made it. The site, the PDF, Word and the open data publish the attribution ('Proposal by …'): unsourced, it would be a claim readers cannot check, and a false one if the proponent never made the proposal.", "Add 'proposed_in' with the bibliography key or the document symbol of the text where the proponent made the proposal, and its page or paragraph ('proposed_in: {source: A/AC.291/CRP.10, pinpoint: para 12}'); or, if the drafting is the editors' own, write 'proponent: The editors' (or leave the field out); if it is yours, name yourself as in 'authors'.")
PROPOSED_IN_UNKNOWN = _code("C085", "proposal's source not found", "A proposal's 'proposed_in' names neither a source in commentary/bibliography.yaml nor a document symbol (letters and digits separated by '/', as in A/AC.291/CRP.10), so its proponent's attribution points nowhere.", "Add the source to commentary/bibliography.yaml and name its key, or write the document's symbol exactly as it is printed on the document.")
RECOMMENDATION_NOTE = _code("C051", "recommendation without backing note", "A recommendation's status must be backed by an existing note.", "Name an existing note id in 'note:'.")
# Input safety: what a file may not do, whoever wrote it
INPUT_UNREADABLE = _code("C070", "file could not be read", "Reading this file failed in a way no other code describes; the rest of the project was still read and built.", "Check the file against the format reference; if it looks right, report the message (it names the failure) as a bug.")
SYMLINK = _code("C071", "symbolic link refused", "A file or folder under content/ or commentary/ is a symbolic link; the build never follows links (one could publish a file from outside the project, or a note twice).", "Replace the link with the file itself (git mv the real file into place).")
YAML_REFUSED = _code("C072", "YAML feature not allowed", "The YAML uses an alias ('*name'), a merge key ('<<'), a tag ('!x', '!!binary') or nesting more than 50 levels deep; plain data needs none of them, and aliases can expand a small file to gigabytes.", "Write the values out in full, without tags.")
CONTROL_CHARACTER = _code("C074", "control character", "The file holds a control character (a NUL, vertical tab, form feed, ESC, a C1 control such as U+0085, or U+FFFE/U+FFFF), typed into it or written as a YAML escape (\"\\x0b\", \"\\0\", \"\\e\"). No text needs one; they break the XML the site publishes (feeds, Akoma Ntoso, Word) and can rewrite terminal and CI output.", "Delete the character at the line and column shown (editors often show it as a box or not at all); where the text needs a break, use a new line, and a tab only where the format allows one. The file is not read until then.")
UNSAFE_NAME = _code("C075", "file or folder name not allowed", "A file or folder under content/ or commentary/ is not named with lower-case letters, digits and hyphens, ending in .md (a note) or .yml (a data or text file). Names become addresses, anchors and links on the site, so spaces, capitals, quotes and other characters are refused. Exceptions: commentary/bibliography.yaml, and the source files under content/<text>/source/ (letters, digits, '.', '_' and '-'). A name starting with '.' is hidden, like a draft, and is not read.", "Rename the file or folder to the name suggested (git mv old new); a folder's files are read once it is renamed.")
BODY_TOO_COMPLEX = _code("C073", "note body too complex", "The Markdown of a note has more lines or more markup characters than the limit, which bounds the time a build spends on one file.", "Split the commentary into several notes.")
CACHE_TRACKED = _code("C080", "build cache committed", "A file under a cache folder (.cache/ or .pytest_cache/ anywhere in the project, or the configured cache folder when it lies inside it) is tracked by git. Builds never read caches from the checkout, and a committed cache entry can only be stale or forged output.", "Remove it from the repository (git rm -r --cached <folder>) and keep the folder in .gitignore; caches live in the user's cache folder (~/.cache/treaty-commentary).")
NOT_FINITE = _code("C081", "not a finite number", "A YAML value is NaN or an infinity ('.nan', '.inf', '-.inf', or a number too large for a float such as 1.0e+999); no field of the format takes one, and JSON cannot carry it.", "Write the number itself, or quote the value if it is text.")
NOTE_OVER_BUDGET = _code("C077", "note too large to lay out", "A note makes more than a note may: printed pages (estimated), paragraphs, headings, table columns or cells, levels of nesting, cross-references or footnotes. Each budget bounds the time and memory print and the site spend on one note; the note is left out of the site and the PDFs.", "Do what the message says (split the note, shorten or split the table, cite several sources in one bracket …); the Contributing page lists the budgets.")
PAGE_OVER_BUDGET = _code("C078", "page too large to lay out", "The notes on one page (an article, or a text's overview) and the proposals that change it together make more than a page may: printed pages (estimated), cross-references or footnotes. The note that takes the page over is left out of the site and the PDFs.", "Shorten this note or the others on the page, or move part of the commentary to a note on another article.")
# Provenance and rendering
GIT_UNAVAILABLE = _code("W061", "history unavailable", "The build is not in a full git clone, so dates of last change are unknown.", "Build from a full clone (git fetch --unshallow) to show dates.", scope="environment")
FILE_IGNORED = _code("W062", "file not read", "A file under commentary/ is neither a note (.md) nor one of the data files, so no build reads it.", "Rename it to .md if it is a note, or move it out of commentary/.")
HIDDEN_FILE = _code("W063", "hidden file not published", "A note or data file whose name (or folder) starts with '.' is hidden, like a draft: no build reads it.", "Remove the leading '.' to publish it, or keep the draft out of the repository.")
FOOTNOTE_SYNTAX = _code("W064", "footnote syntax not supported", "Pandoc footnotes ('[^1]' and '[^1]: text') are not part of the format and print literally.", "Cite sources as [@key, p 6] (they become numbered footnotes), or write the remark into the text.")
WORDS_JOINED = _code("W065", "insertion joins words", "An inserted or replacing text touches the word or punctuation next to it without a space, so the proposed text reads e.g. 'network.Such'.", "Start (or end) the text with a space, or widen the quote to include the space.")
NUMBER_REPEATED = _code("W066", "number already used", "A unit added with add-after has the same number as an existing unit beside it (or another added unit).", "Give the new unit the next free number, or renumber in the proposal's rationale.")
UNIT_EMPTIED = _code("W067", "edits leave an empty unit", "The edits delete every word of a paragraph or subparagraph but not the unit itself, which would leave a bare number such as '5.'.", "Use 'op: delete-unit' to delete the whole unit.")
INVISIBLE_CHARACTER = _code("W069", "invisible character in a title, name or label", "A one-line field (a title, name, label, proponent or author) holds a character readers cannot see: a bidirectional override, embedding, isolate or mark (U+202E makes the rest of a line read backwards), a zero-width space or joiner, another format character, a line separator or a blank filler letter. It can make a name look like another, or show a reviewer one text and readers another.", "Delete the character at the column shown (retype the field if your editor does not show it). Note bodies may use such characters where a script needs them.")
NO_SITE_URL = _code("W079", "no site address", "mkdocs.yml has no site_url, so a published build cannot give absolute addresses: sitemap.xml lists no page, no page has a canonical link, robots.txt has no Sitemap line, and the change feeds, the open data, the citation tags and the \"cite this\" files carry relative addresses that other sites and reference managers cannot follow.", "Set site_url in mkdocs.yml to the address the site is published at (a fork: its own address, e.g. https://<owner>.github.io/<repository>/). `mkdocs serve` does not need it.")
PROPOSAL_ID_IN_TEXT = _code("W068", "proposal id in reader text", "A note body or rationale names a drafting proposal by its id (e.g. 'hr-refusal-mla'), which is an anchor for links, not words for readers: the id means nothing on the page, in the PDF or in Word, and may suggest an author it does not have.", "Name the proposal by its title (in italics), with the article it is on; keep the id only in the proposal's 'id:' field.")
DATE_OUT_OF_RANGE = _code("W073", "build date out of range", "A commit's date (the checked-out commit, or one that changed content/ or commentary/) is before 1980, after 2099 or later than tomorrow, or SOURCE_DATE_EPOCH is not a whole number of seconds or lies outside 1980–2099: such a date would be printed as the revision date, or break the formats that store it (gzip, ZIP). The build goes on with the date brought into range (SOURCE_DATE_EPOCH gives way to the commit's date).", "Commit with a correct clock (git commit --amend --reset-author --date=now), or set SOURCE_DATE_EPOCH to a time between 1980 and 2099.", scope="environment")
CACHE_UNWRITABLE = _code("W074", "build cache not written", "The build cache folder cannot be written (read-only, full, or not a folder); the build went on without keeping its work for the next build.", "Make the folder writable, or name another with TREATY_COMMENTARY_CACHE (or the plugin's cache_dir option, or commentary --cache-dir).", scope="environment")
CACHE_NOT_PRIVATE = _code("W084", "build cache not private", "A folder of the build cache (the parsed inputs, the comparisons of the texts or the PDF layouts), or the cache folder holding it, belongs to another user or can be written by other users, so an entry in it could have been put there by someone else and change what is published; the build neither read nor wrote it and did that work itself.", "Name a folder only you can write with TREATY_COMMENTARY_CACHE (or the plugin's cache_dir option, or commentary --cache-dir), or remove the others' write access (chmod go-w).", scope="environment")
TABLE_TOO_WIDE = _code("W071", "table too wide to print", "A table's longest words, side by side, need more room than a printed page's width, so print cuts off its last columns (the site scrolls it).", "Use fewer columns or shorter words in them, or turn the table round (rows for columns).")
# The edition's legal statements: kept current, quoted whole, classified as defined, cited from one place
STATUS_STALE = _code("W075", "treaty status out of date", "A treaty's status that time can change (not yet in force, or not known) is dated more than the edition's 'status_max_age_days' (default 180) before the edition's 'date' (commentary/edition.yml; without one, the day of the build), so readers would take an old status for the current one. A status 'in force' is dated by the entry into force and does not age.", "Consult the depositary's register and record the status as at a recent date with its source and the dated facts that support it ('facts'); if it cannot be established, record it as not known ('state: unknown') as at the edition's date, with a source that says so and the last facts known.")
QUOTATION_CUT = _code("W076", "quotation cut before limiting words", "A passage quoted from a treaty starts or stops inside a sentence of the provision it quotes, and the words it leaves out of that sentence limit what it says ('in accordance with …', 'to the extent …', 'subject to …', 'without prejudice to …', 'unless …'), without marking the cut: a reader takes the fragment for the whole rule. A quotation of the text is a passage in double quotation marks, four words or more, found word for word in a provision named in the same sentence (else once anywhere in the text); a fragment that leaves out no such words is accepted, since commentary works the text's words into its own sentences.", "Quote on to the end of the sentence (or from its start), or mark the cut with an ellipsis ('…', '...' or '[…]') at that end and say in your own words what the omitted words do.")
CONCORDANCE_KIND_UNDEFINED = _code("W077", "concordance kind outside its definition", "A concordance entry uses a kind that its definition does not allow: 'equivalent' (the same obligation in adapted wording) for a draft provision whose wording is not held (basis other than 'draft-text'), 'no-counterpart' with an adopted provision, or another kind without one.", "For a draft provision whose wording is not held, use 'successor' (the adopted provision took its place; wording not compared) or 'partly-equivalent' where the report describes what changed; give 'no-counterpart' no 'adopted', and every other kind one.")
NO_LICENCE = _code("W087", "no licence declared", "commentary/edition.yml declares no 'licence' for the commentary, so the open data (JSON, Akoma Ntoso, feeds) and the pages say nothing about whether and how it may be reused, and reusers must assume it may not be.", "Name the licence the contributors agreed to, with its label and address ('licence: {label: …, url: …}'), and say in 'texts_licence' what covers the treaty texts.")
PROPOSED_BEFORE_SOURCE = _code("W081", "proposal dated before its source", "A proposal's date is earlier than the date of the source named in its 'proposed_in': the proponent cannot have made it there before that text existed, so the date or the source is wrong.", "Give the proposal the date the proponent made it (on or after the source's date), or name the text it was made in.")
TEXT_WITHOUT_ENTRY = _code("W078", "text without its bibliography entry", "The edition names no bibliography entry for a text of the site ('texts.<id>.entry' in commentary/edition.yml), or names one that is not a treaty, so the text's pages cannot give its citation form (they fall back to its title) or its status.", "Add the text to commentary/bibliography.yaml as a treaty and name its key in 'texts.<id>.entry'.")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    location: Location
    severity: Severity = "error"
    hint: str | None = None

    @property
    def fix(self) -> str:
        return self.hint or (CODES[self.code].fix if self.code in CODES else "")

    @property
    def fails_strict(self) -> bool:
        """Errors and warnings about the inputs fail a strict build; a note about the environment never does."""
        return self.severity == "error" or (CODES[self.code].scope == "input" if self.code in CODES else True)

    def format(self) -> str:
        """The problem for people, compiler-style; its second line, the help, is indented. Every value that can come
        from a file (path, message, help) is ``printable``: no input can start a line of its own or send ESC."""
        text = f"{printable(self.location)}: {self.severity}[{self.code}]: {printable(self.message)}"
        if self.fix:
            text += f"\n    help: {printable(self.fix)}"
        return text

    def __str__(self) -> str:
        return self.format()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "help": self.fix,
        }

    def format_github(self) -> str:
        """A workflow command GitHub turns into an annotation; nothing in a file name or message can end it early."""
        level = "error" if self.severity == "error" else "warning"
        props = [f"file={_escape_github_property(self.location.path)}"]
        if self.location.line:
            props.append(f"line={self.location.line}")
        if self.location.column:
            props.append(f"col={self.location.column}")
        title = f"{self.code} {CODES[self.code].title if self.code in CODES else ''}".rstrip()
        props.append(f"title={_escape_github_property(title)}")
        message = f"{self.message} — {self.fix}" if self.fix else self.message
        return f"::{level} {','.join(props)}::{_escape_github_data(message)}"


# The escapes GitHub's runner reverses (actions/toolkit, command.ts): data needs %, CR and LF;
# a property also ends at ":" or ",", so those are escaped too. The other control characters
# (ESC: the log viewer renders ANSI colours) are made visible, as in every other format.
def _escape_github_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """Problems collected while loading and checking, in the order found."""

    problems: list[Problem] = field(default_factory=list)
    # Problems already reported: two passes that meet the same fact (a link found by the
    # folder walk and by the reader) report it once.
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def add(self, code: str, message: str, location: Location, severity: Severity | None = None, hint: str | None = None) -> Problem:
        if severity is None:
            severity = "warning" if code.startswith("W") else "error"
        problem = Problem(code, message, location, severity, hint)
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)
        return problem

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def strict_failures(self) -> list[Problem]:
        """What fails ``mkdocs build --strict`` and ``commentary check --strict``: every problem in the inputs."""
        return [p for p in self.problems if p.fails_strict]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.location.path, p.location.line, p.location.column, p.code))
