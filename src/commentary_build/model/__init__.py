"""The data model shared by every stage: what a project is made of, and the problems found in it.

The lowest layer: nothing here imports from the rest of the package, reads a file or
writes HTML. Loaders build these objects, checks read them, renderers and exports turn
them into pages and documents.
"""

from .bibliography import Entry, Name
from .commentary import Author, BasedOn, Edit, Note, Proposal, Theme
from .concordance import Concordance, ConcordanceEntry, InstrumentConcordance, InstrumentPair
from .location import Location
from .project import Project
from .text import Article, Division, Footnote, Instrument, InterpretativeNote, Provision, Unit
from .tracker import Recommendation, RecommendationSet

__all__ = [
    "Article", "Author", "BasedOn", "Concordance", "ConcordanceEntry", "Division", "Edit", "Entry", "Footnote",
    "Instrument", "InstrumentConcordance", "InstrumentPair", "InterpretativeNote", "Location", "Name",
    "Note", "Project", "Proposal", "Provision", "Recommendation", "RecommendationSet", "Theme", "Unit",
]
