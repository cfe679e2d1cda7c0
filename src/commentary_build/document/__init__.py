"""The document layer: one typed tree per page, built once per build, that every output writes from.

Where it sits: model < load | transform < check < **document** < render < export | pipeline < cli.
It reads the checked project (the ``Analysis`` says where proposals land and holds each note's
parsed Markdown) and makes no markup; the writers above it decide how each node looks.

What a page is (``nodes.py``)::

    ArticlePage
      header         Header: instrument, article, its division, how to cite it, the copy's status
      text           TextUnit*: verbatim wording (Text | CrossRef), tail, sub-units, pinpoint,
                     citation, Marker ("1 note · 1 proposal"), and for a paragraph that proposals
                     change, ProposalViews: Alternative* (Proposal, BlacklineUnit*, ProposedUnit*)
      interpretative_notes
      proposals      ProposalEntry*: in full (changes, rationale as Prose) or as a reference
      notes          NoteNode*: target, Byline, themes, body as Prose whose top-level paragraphs are
                     numbered from 1 in each note, and the citation of a paragraph
      comparisons    Comparison*: the word-level alignment with each other text (transform.alignment)
      counterparts   Counterparts*: where other texts' articles are compared with this one
      related        Related: articles referring to this one, draft provisions it comes from
    OverviewPage     notes on a text as a whole
    FrontPage        preamble, final clauses, the text's own footnotes
    TextStructure    per text: the divisions around each article, positions, annexes, drafts

    Prose            Paragraph | Heading | ListBlock | Quote | CodeBlock | Rule | Table of
                     Text | Emphasis | Strong | Strikethrough | Code | Link | CrossRef | Citation
                     | ProposalMention | SoftBreak | HardBreak

Rules the tree keeps, so that writers cannot break them:

- Treaty text, proposed text and commentary are different node kinds (``TextUnit``;
  ``BlacklineUnit``/``ProposedUnit`` always inside the ``Alternative`` of their ``Proposal``;
  ``Prose``), so no writer can print one as another.
- Prose is converted once from markdown-it's tokens (never from HTML) into the node kinds
  above and nothing else: there is no raw-HTML node, so no writer can emit contributor markup.
- A citation is a ``Citation``; its footnote number and OSCOLA form depend on what precedes it
  in the output, so each writer numbers the footnotes of what it writes, in writing order, with
  one ``FootnoteSequence`` (a page on the site and in print, a whole Word document).
- A paragraph of commentary is numbered within its note ("para 2" of "'Dual criminality …'"),
  so adding, removing or reordering other notes never changes its number or its anchor
  (``note-<slug>-para-2``); the site, the PDF margin, Word and the JSON all print that number.
- Order is reading order: notes in the order of the text, related articles in the order of the
  text, footnotes as written.

The writers: the site (``render.write``, page templates with blocks under ``templates/page/``,
the element templates as partials), print (the same templates with ``medium = "print"``,
``export.print_document``), Word (``export.docx``, a visitor over the tree), the JSON
(``export.data_json``, a serialisation of the tree) and Akoma Ntoso (``export.akn``, from
``TextStructure``).
"""

from __future__ import annotations

from .build import Documents, DocumentStats
from .structure import TextStructure

__all__ = ["DocumentStats", "Documents", "TextStructure"]
