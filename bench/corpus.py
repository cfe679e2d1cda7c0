"""Synthetic projects shaped like the shipped one, at a scale factor of its content.

Scale 1 is the size of the shipped UN Convention with its commentary (68 articles in 9
chapters, about 4 paragraphs and 3 subparagraphs an article, 38 words a unit; 24 notes
on articles, half of them with a redline, 5 overview notes). Scale 10 and 100 multiply
articles, chapters and article notes; the overview, themes and bibliography stay as
shipped, as they would in a larger treaty. Wording is synthesised from treaty-like
phrases (same length as the real units, internal references such as "article 12,
paragraph 3 of this Convention") so every reference, citation and redline quote
resolves and the build has nothing to report. A fixed seed makes every corpus
reproducible, so two runs compare like with like.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from commentary_build.load.yamlio import dump_yaml, load_yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIED_PARTS = ("mkdocs.yml", "docs", "overrides", "commentary/themes.yml", "commentary/bibliography.yaml")

# Counts of the shipped UN Convention and its commentary (measured with load_project).
ARTICLES_AT_1X = 68
ARTICLES_PER_CHAPTER = 7.5
ARTICLE_NOTES_AT_1X = 24
OVERVIEW_NOTES = 5
PROPOSAL_SHARE = 0.45
NOTE_DATE = dt.date(2023, 5, 1)

SUBJECTS = ["Each State Party", "States Parties", "The requested State Party", "The requesting State Party", "A State Party"]
VERBS = [
    "shall adopt such legislative and other measures as may be necessary to",
    "shall, in accordance with its domestic law, take the measures necessary to",
    "may, to the extent consistent with its legal system,",
    "shall endeavour to",
    "shall ensure that its competent authorities are able to",
]
ACTIONS = [
    "establish as criminal offences under its domestic law the conduct described",
    "afford one another the widest measure of cooperation in investigations, prosecutions and judicial proceedings",
    "preserve electronic data that have been stored by means of an information and communications technology system",
    "collect traffic data in real time associated with specified communications in its territory",
    "provide for the confiscation of proceeds of crime derived from offences established in accordance with this Convention",
    "protect witnesses and experts who give testimony concerning offences covered by this Convention",
    "exchange information on the means and methods used to commit the offences",
]
QUALIFIERS = [
    "when committed intentionally and without right",
    "subject to the conditions and safeguards provided for in its domestic law",
    "with due regard for the protection of human rights and fundamental freedoms",
    "to the fullest extent possible under relevant laws, treaties, agreements and arrangements",
    "in a manner consistent with the principle of proportionality",
    "without prejudice to the rights of bona fide third parties",
]
ITEMS = [
    "Taking evidence or statements from persons",
    "Effecting service of judicial documents",
    "Executing searches and seizures, and freezing",
    "Examining objects and sites, including by accessing electronic data",
    "Providing information, evidentiary items and expert evaluations",
    "Identifying or tracing proceeds of crime, property or instrumentalities",
    "Facilitating the voluntary appearance of persons in the requesting State Party",
]
TITLE_WORDS = [
    "Mutual legal assistance", "Expedited preservation", "Jurisdiction", "Confiscation", "Protection of witnesses",
    "Extradition", "Real-time collection of traffic data", "Illegal access", "Technical assistance", "Data protection",
    "Liability of legal persons", "Search and seizure", "Conditions and safeguards", "Transfer of criminal proceedings",
]
NOTE_SENTENCES = [
    "The roundtable considered that the provision should be read together with the safeguards of the Convention",
    "Participants warned that a broad reading would make cooperation slower and less predictable",
    "The adopted wording leaves the matter to domestic law and adds no condition of its own",
    "Several delegations proposed a narrower text during the negotiations, without success",
    "The drafting below would make the safeguard a condition rather than an option",
    "The interpretative notes do not address the point, which remains open",
    "Implementation will depend on how the competent authorities apply the test in practice",
]
AUTHORS = [
    {"name": "GI-TOC expert roundtable", "organisation": "Global Initiative Against Transnational Organized Crime"},
    {"name": "Benchmark editors"},
]


@dataclass
class Corpus:
    root: Path
    scale: float
    articles: int
    chapters: int
    notes: int
    proposals: int


@dataclass
class _Article:
    number: int
    title: str
    paragraphs: list[dict]


def write_corpus(root: Path, scale: float, seed: int = 7) -> Corpus:
    """Write a project of ``scale`` times the shipped content into ``root`` (created, must be empty or absent)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    _copy_site_parts(root)
    article_count = max(1, round(ARTICLES_AT_1X * scale))
    articles = [_synthesise_article(rng, number) for number in range(1, article_count + 1)]
    _add_internal_references(rng, articles)
    chapter_count = max(1, round(article_count / ARTICLES_PER_CHAPTER))
    _write_text(root / "content" / "uncc", articles, chapter_count)
    themes = [t["id"] for t in load_yaml((root / "commentary/themes.yml").read_text(encoding="utf-8")).data["themes"]]
    sources = [entry["id"] for entry in load_yaml((root / "commentary/bibliography.yaml").read_text(encoding="utf-8")).data]
    notes, proposals = _write_notes(rng, root / "commentary" / "uncc", articles, round(ARTICLE_NOTES_AT_1X * scale), themes, sources)
    return Corpus(root, scale, article_count, chapter_count, notes, proposals)


def _copy_site_parts(root: Path) -> None:
    for part in COPIED_PARTS:
        source, target = REPO_ROOT / part, root / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


# --------------------------------------------------------------------------- treaty text


def _sentence(rng: random.Random, min_words: int) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(ACTIONS)]
    while len(" ".join(parts).split()) < min_words:
        parts.append(rng.choice(QUALIFIERS) if rng.random() < 0.6 else "and " + rng.choice(ACTIONS))
    return ", ".join([" ".join(parts[:3])] + parts[3:])


def _synthesise_article(rng: random.Random, number: int) -> _Article:
    paragraphs = []
    for p in range(1, rng.choice((1, 2, 3, 4, 4, 5, 6, 7)) + 1):
        unit = {"id": f"art-{number}-{p}", "num": f"{p}.", "text": _sentence(rng, rng.randint(18, 60)) + "."}
        if rng.random() < 0.2:
            unit["text"] = unit["text"][:-1] + " for any of the following purposes:"
            letters = "abcdefghijk"[: rng.randint(2, 8)]
            unit["items"] = [
                {"id": f"art-{number}-{p}-{letter}", "num": f"({letter})", "text": rng.choice(ITEMS) + (";" if letter != letters[-1] else ".")}
                for letter in letters
            ]
        paragraphs.append(unit)
    return _Article(number, f"{rng.choice(TITLE_WORDS)} ({number})", paragraphs)


def _add_internal_references(rng: random.Random, articles: list[_Article]) -> None:
    """About one paragraph in three names another provision, as the real text does."""
    for article in articles:
        for unit in article.paragraphs:
            if rng.random() < 0.33:
                other = rng.choice(articles)
                paragraph = rng.randint(1, len(other.paragraphs))
                reference = f"article {other.number}, paragraph {paragraph} of this Convention" if rng.random() < 0.7 else f"article {other.number} of this Convention"
                unit["text"] = unit["text"].rstrip(".:") + f", in accordance with {reference}" + (":" if "items" in unit else ".")


def _write_text(instrument_dir: Path, articles: list[_Article], chapter_count: int) -> None:
    text_dir = instrument_dir / "text"
    (text_dir / "articles").mkdir(parents=True, exist_ok=True)
    (instrument_dir / "instrument.yml").write_text(
        dump_yaml(
            {
                "id": "uncc",
                "title": "Synthetic Convention for benchmarks",
                "short_title": "Synthetic Convention",
                "label": "Synthetic Convention",
                "symbol": "A/RES/00/000",
                "adopted": dt.date(2024, 12, 24),
                "default": True,
            }
        ),
        encoding="utf-8",
    )
    recitals = [{"id": f"pre-{i}", "text": _sentence(random.Random(i), 30) + ","} for i in range(1, 18)]
    (text_dir / "front.yml").write_text(dump_yaml({"title": ["Synthetic Convention"], "preamble_heading": "Preamble", "recitals": recitals}), encoding="utf-8")
    (text_dir / "final.yml").write_text(dump_yaml({"clauses": [{"id": "final-1", "text": "IN WITNESS WHEREOF, the undersigned have signed this Convention."}]}), encoding="utf-8")
    for article in articles:
        data = {"id": f"art-{article.number}", "number": str(article.number), "label": f"Article {article.number}", "title": article.title, "paragraphs": article.paragraphs}
        (text_dir / "articles" / f"art-{article.number:03d}.yml").write_text(dump_yaml(data), encoding="utf-8")
    divisions = []
    per_chapter = len(articles) / chapter_count
    for index in range(chapter_count):
        members = articles[round(index * per_chapter) : round((index + 1) * per_chapter)]
        divisions.append(
            {
                "id": f"chp-{index + 1}",
                "kind": "chapter",
                "number": str(index + 1),
                "label": f"Chapter {index + 1}",
                "title": f"{TITLE_WORDS[index % len(TITLE_WORDS)]} and related matters",
                "articles": [f"art-{a.number}" for a in members],
            }
        )
    (text_dir / "divisions.yml").write_text(dump_yaml(divisions), encoding="utf-8")


# --------------------------------------------------------------------------- commentary


def _front_matter(data: dict, body: str) -> str:
    return "---\n" + dump_yaml(data) + "---\n" + body


def _note_body(rng: random.Random, articles: list[_Article], sources: list[str]) -> str:
    paragraphs = []
    for _ in range(3):
        sentences = [rng.choice(NOTE_SENTENCES) for _ in range(rng.randint(3, 5))]
        other = rng.choice(articles)
        sentences.append(f"Compare Article {other.number}({rng.randint(1, len(other.paragraphs))})")
        if rng.random() < 0.45:
            sentences[0] += f" [@{rng.choice(sources)}, p {rng.randint(1, 9)}]"
        paragraphs.append(". ".join(sentences) + ".")
    return "\n\n".join(paragraphs) + "\n"


def _quote_in(rng: random.Random, text: str) -> str:
    """A run of words that occurs exactly once in ``text``, as a redline quote must."""
    words = text.split(" ")
    for length in range(4, len(words) + 1):
        start = rng.randint(0, len(words) - length)
        quote = " ".join(words[start : start + length])
        if text.count(quote) == 1:
            return quote
    return text


def _write_notes(rng: random.Random, folder: Path, articles: list[_Article], article_notes: int, themes: list[str], sources: list[str]) -> tuple[int, int]:
    proposals = 0
    for index in range(OVERVIEW_NOTES):
        data = {"title": f"Overview point {index + 1}", "target": "overview", "authors": [AUTHORS[0]], "date": NOTE_DATE, "themes": rng.sample(themes, 2)}
        path = folder / "overview" / f"point-{index + 1}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(data, _note_body(rng, articles, sources)), encoding="utf-8")
    # Commentary clusters on a fifth of the articles, as it does in the shipped project.
    annotated = rng.sample(articles, max(1, min(len(articles), round(len(articles) * 0.2))))
    for index in range(article_notes):
        article = annotated[index % len(annotated)]
        paragraph = rng.choice(article.paragraphs)
        data = {
            "title": f"Note {index + 1} on article {article.number}",
            "target": paragraph["id"],
            "authors": [rng.choice(AUTHORS)],
            "date": NOTE_DATE,
            "themes": rng.sample(themes, rng.randint(1, 3)),
        }
        if rng.random() < PROPOSAL_SHARE:
            proposals += 1
            data["proposals"] = [
                {
                    "id": f"proposal-{index + 1}",
                    "title": f"Proposal {index + 1}",
                    "proponent": "The editors",  # the corpus's own drafting: no source needed (C084)
                    "date": NOTE_DATE,
                    "rationale": f"{rng.choice(NOTE_SENTENCES)} [@{rng.choice(sources)}, p {rng.randint(1, 9)}].",
                    "edits": [{"target": paragraph["id"], "op": "replace", "quote": _quote_in(rng, paragraph["text"]), "text": rng.choice(QUALIFIERS)}],
                }
            ]
        path = folder / f"art-{article.number}" / f"note-{index + 1}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(data, _note_body(rng, articles, sources)), encoding="utf-8")
    return article_notes + OVERVIEW_NOTES, proposals
