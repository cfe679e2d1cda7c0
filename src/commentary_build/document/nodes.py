"""The node kinds of the document tree, and nothing else: every output is written from these.

Three families that never mix, so that no writer can show one as another:

- **Treaty text** (``TextUnit``): a unit of the adopted text with its verbatim wording, which
  is split only where the text names a provision (``CrossRef``), never rewritten.
- **Proposed text** (``BlacklineUnit``, ``ProposedUnit``, in an ``Alternative`` of a
  ``ProposalViews``): wording a drafting proposal would give, as a blackline against the
  adopted text or as clean text. Always attached to its ``Proposal``.
- **Prose** (commentary, rationales, the edition's own Markdown): blocks (``Paragraph``,
  ``Heading``, ``ListBlock``, ``Quote``, ``CodeBlock``, ``Rule``, ``Table``) of inline nodes
  (``Text``, ``Emphasis``, ``Strong``, ``Strikethrough``, ``Code``, ``Link``, ``CrossRef``,
  ``Citation``, ``ProposalMention``, ``SoftBreak``, ``HardBreak``).

Prose holds only these kinds: contributor Markdown is converted from markdown-it's tokens
(``document.prose``), and anything else it could contain (raw HTML, an image) is text. A
writer therefore has nothing to pass through unescaped: it writes each kind in its own way.
A ``Link``'s address was vetted by the parser (``transform.markdown.is_safe_link``).

A citation is a ``Citation`` (the sources cited together, as written): its footnote number and
its OSCOLA form ("ibid", "Short (n 3)") depend on what came before it in the output, so each
writer numbers the footnotes of what it writes (a page, a Word document), in writing order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Instrument, Note, Proposal, Provision
from ..transform.citations import Cluster
from ..transform.pinpoints import ProvisionChange
from ..transform.redline import Segment

# --------------------------------------------------------------------------- inline prose


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class SoftBreak:
    """A line break inside a paragraph of the source: a space to a reader."""


@dataclass(frozen=True, slots=True)
class HardBreak:
    """A line break the author asked for."""


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strikethrough:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link the author wrote: ``href`` is http(s), mailto, relative or a fragment (the parser refuses others)."""

    href: str
    title: str | None
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class CrossRef:
    """A provision named in prose or in treaty text ("art 40(21)(b)"), with the words as written."""

    instrument_id: str
    unit_id: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """Sources cited together ("[@key, p 6; @other]"): one footnote, numbered by the writer."""

    cluster: Cluster


@dataclass(frozen=True, slots=True)
class ProposalMention:
    """A proposal's id met in prose (check warns of it, W068): shown as written on the site, named by
    its title where the reader cannot follow a link (print, Word)."""

    proposal_id: str


Inline = Text | SoftBreak | HardBreak | Emphasis | Strong | Strikethrough | Code | Link | CrossRef | Citation | ProposalMention

# --------------------------------------------------------------------------- prose blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    # A paragraph at the top of a note's body is numbered (from 1 in each note): its citable number.
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 4-6 in a note (its own title is the level above)
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int | None = None  # an ordered list that does not start at 1
    tight: bool = True  # items without blank lines between them: their paragraphs are not set apart


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break."""


@dataclass(frozen=True, slots=True)
class TableCell:
    header: bool
    align: str | None  # "left", "center", "right" or None
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    head: tuple[tuple[TableCell, ...], ...]
    body: tuple[tuple[TableCell, ...], ...]


Block = Paragraph | Heading | ListBlock | Quote | CodeBlock | Rule | Table


@dataclass(frozen=True, slots=True)
class Prose:
    """A piece of contributor (or editor) Markdown as blocks, and where it came from for messages."""

    blocks: tuple[Block, ...]
    path: str = ""

    def __bool__(self) -> bool:
        return bool(self.blocks)


# --------------------------------------------------------------------------- treaty text


@dataclass(frozen=True, slots=True)
class Marker:
    """On a paragraph of the text: how much commentary and how many proposals are on it, and the first of them."""

    label: str  # "2 notes · 1 proposal"
    pinpoint: str  # "art 40(8)"
    note: Note | None  # the first note on the paragraph, or None when only proposals are
    proposal: Proposal | None


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A unit of the adopted text: paragraph, subparagraph, recital or clause, verbatim."""

    unit: Provision
    words: tuple[Text | CrossRef, ...]  # its wording, split where it names a provision
    tail: tuple[Text | CrossRef, ...]  # the words after its sub-units
    children: tuple[TextUnit, ...]
    pinpoint: str | None  # "art 40(21)(b)", when it has a number
    citation: str | None  # "UN Convention against Cybercrime art 40(21)(b)"
    marker: Marker | None = None
    # The proposals that change this paragraph (top-level paragraphs only), shown beside the adopted text.
    proposals: ProposalViews | None = None

    @property
    def id(self) -> str:
        return self.unit.id


# --------------------------------------------------------------------------- proposed text


@dataclass(frozen=True, slots=True)
class BlacklineUnit:
    """A unit as a proposal changes it: the adopted words with the proposal's insertions and deletions."""

    kind: str
    depth: int
    unit_id: str | None  # None for a unit the proposal adds
    state: str | None  # "deleted", "added" or None
    num: str | None
    segments: tuple[Segment, ...] | None  # "same", "ins", "del"; None where the proposal leaves the unit as it is
    words: str  # the unit's own words when it is left as it is
    children: tuple[BlacklineUnit, ...]
    tail: str | None
    # The number of a unit the proposal adds: its one insertion starts with it ("(e) If …"), so print shows a
    # single mark; Word sets it apart with a tab, as the adopted units' numbers are.
    added_num: str | None = None


@dataclass(frozen=True, slots=True)
class ProposedUnit:
    """A unit as it would read with a proposal accepted (clean text): never the adopted text."""

    kind: str
    depth: int
    unit_id: str | None
    num: str | None
    words: str
    children: tuple[ProposedUnit, ...]
    tail: str | None


@dataclass(frozen=True, slots=True)
class Proponent:
    """Who proposes, as every output names them: the editors, or a delegation or organisation with where it made
    the proposal ("Delegation of Examplia (A/AC.291/CRP.10, para 12)"). An attribution to anyone but the editors
    without a source is an error (C084), unless the proponent wrote the note (the note is where they propose it);
    a build that goes on despite the error says so in the name's place. A note's author is a name the same pull
    request writes, so their own drafting is published as theirs ("… (author of this note)"), never as a
    sourced attribution: naming a delegation among the authors does not make its proposal a sourced one."""

    name: str  # as written ("The editors" when the proposal names no one)
    own: bool  # the editors' own proposal, or its note's author's: no source is needed
    source: str | None  # "A/AC.291/CRP.10, para 12", or a bibliography entry's short title and pinpoint
    source_key: str | None  # the bibliography key, when the source is in the bibliography
    author: bool = False  # one of the note's authors, not the editors
    editors: bool = False  # the edition's editors: "the editors" in the middle of a sentence

    @property
    def sourced(self) -> bool:
        """The editors' own drafting, or an attribution with where it was made."""
        return (self.own and not self.author) or self.source is not None

    @property
    def qualifier(self) -> str:
        """What follows the name in brackets: where it was proposed, that it is the note's author's own, or that
        it was not said; empty for the editors."""
        if self.source is not None:
            return self.source
        if self.author:
            return "author of this note"
        return "" if self.own else "attribution not sourced"

    @property
    def line(self) -> str:
        """"Delegation of Examplia (A/AC.291/CRP.10, para 12)", "The editors"."""
        return f"{self.name} ({self.qualifier})" if self.qualifier else self.name

    @property
    def name_in_sentence(self) -> str:
        """The name after "Proposed by": "the editors", not "The editors"; any other name as written."""
        if self.editors and self.name[:4] == "The ":
            return "the " + self.name[4:]
        return self.name

    @property
    def in_sentence(self) -> str:
        """``line`` as it reads in the middle of a sentence: "Proposed by the editors", "… by Delegation of Examplia (…)"."""
        return f"{self.name_in_sentence} ({self.qualifier})" if self.qualifier else self.name_in_sentence


@dataclass(frozen=True, slots=True)
class Alternative:
    """One proposal's version of a paragraph."""

    proposal: Proposal
    proponent: Proponent
    blackline: tuple[BlacklineUnit, ...]  # the paragraph, then the units it adds after it
    proposed: tuple[ProposedUnit, ...]  # empty when the proposal deletes the paragraph


@dataclass(frozen=True, slots=True)
class ProposalViews:
    """The adopted text, the blackline and the proposed text of a paragraph that proposals change."""

    number: int  # numbers the sets of views of a page, from 1
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True, slots=True)
class ProposalEntry:
    """A proposal in an article's "Drafting proposals": in full on the page of its note, else a reference to it."""

    proposal: Proposal
    proponent: Proponent
    full: bool
    changes: tuple[ProvisionChange, ...]  # "amends art 40(21)(d)", "adds art 40(21)(e)"
    broken: bool  # some edits no longer match the text
    rationale: Prose | None  # when full


# --------------------------------------------------------------------------- commentary


@dataclass(frozen=True, slots=True)
class Source:
    """A source a note is based on, as its byline names it: "based on <label>, <pinpoint>"."""

    key: str
    label: str
    pinpoint: str | None
    known: bool  # in the bibliography (then it links there)


@dataclass(frozen=True, slots=True)
class Byline:
    editors: bool  # every author is the editors
    authors: tuple  # model.Author, as the note names them
    based_on: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class NoteNode:
    """A note of commentary: its title, what it is on, its byline, its body with numbered paragraphs."""

    note: Note
    target_label: str  # "art 40(21)" or "the treaty as a whole"
    target_unit: str | None  # the unit it is on, None for the treaty as a whole
    byline: Byline
    themes: tuple[tuple[str, str], ...]  # (theme id, label)
    body: Prose
    # How a paragraph of this note is cited: "<authors>, '<title>', para", its number, then the tail
    # ", in <edition>, commentary on … art 40 (29 November 2026)".
    citation_stem: str
    citation_tail: str

    def paragraph_anchor(self, number: int) -> str:
        """The id of paragraph ``number`` of this note, which other notes never change: "note-<slug>-para-2"."""
        return f"{self.note.anchor}-para-{number}"

    def paragraph_citation(self, number: int) -> str:
        return f"{self.citation_stem} {number}{self.citation_tail}"


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class Header:
    """The top of an article page: where it is in the text and how to cite it."""

    instrument: Instrument
    article: Article
    division: object | None  # model.Division
    citation: str  # "UN Convention against Cybercrime art 40"
    unofficial_copy: object | None  # model.edition.Link of the official text when this copy is unofficial
    version: str | None = None  # the edition's version line, for outputs that travel alone


@dataclass(frozen=True, slots=True)
class ReferredBy:
    article: Article
    kinds: str  # "its text", "commentary", "its text and commentary"


@dataclass(frozen=True, slots=True)
class Related:
    referred_by: tuple[ReferredBy, ...]
    drafts: tuple[tuple[object, object], ...]  # (Concordance, ConcordanceEntry)

    def __bool__(self) -> bool:
        return bool(self.referred_by or self.drafts)


@dataclass(frozen=True, slots=True)
class Comparison:
    """This article compared with its counterparts in another text (``transform.alignment`` groups)."""

    to_text: Instrument
    from_text: Instrument
    groups: tuple  # alignment.Group, in the order of the other text


@dataclass(frozen=True, slots=True)
class Counterparts:
    """On an article another text's articles are compared with: where those comparisons are."""

    from_text: Instrument
    to_text: Instrument
    groups: tuple  # alignment.Group


@dataclass(slots=True)
class ArticlePage:
    """One article: its text, what is said about it and what it is compared with, in reading order."""

    instrument: Instrument
    article: Article
    path: str  # the page's id ("uncc/art-40.md"), as the site and the citation index name it
    title: str  # "Article 40: General principles …"
    header: Header
    text: tuple[TextUnit, ...]
    interpretative_notes: tuple  # model.InterpretativeNote
    proposals: tuple[ProposalEntry, ...]
    notes: tuple[NoteNode, ...]  # in the order of the text
    comparisons: tuple[Comparison, ...]
    counterparts: tuple[Counterparts, ...]
    related: Related
    takes_proposals: bool = True
    sources: tuple[str, ...] = ()  # files whose change changes the page

    @property
    def blackline_in_text(self) -> bool:
        return any(unit.proposals is not None for unit in self.text)


@dataclass(slots=True)
class OverviewPage:
    """Commentary on a text as a whole."""

    instrument: Instrument
    path: str
    title: str
    notes: tuple[NoteNode, ...]


@dataclass(slots=True)
class FrontPage:
    """The preamble and the final clauses of a text, with the text's own footnotes."""

    instrument: Instrument
    path: str
    preamble: tuple[TextUnit, ...]
    final_clauses: tuple[TextUnit, ...]
    footnotes: tuple = ()  # model.Footnote: the treaty's own, printed after the final clause


Page = ArticlePage | OverviewPage | FrontPage
