"""`commentary new`: write a commented template for a note or a redline, in the right folder.

The template is valid in every respect but one: the places where the contributor's own
words belong hold placeholders ("Your Name", "Your heading for this note", the body and
rationale paragraphs, "Your new wording", the number "(new)"), and `commentary check`
reports each of them (C017) until it is replaced, so an untouched scaffold never
publishes. Everything else is a valid value (today's date, a theme from the
vocabulary), and the target and the quote are checked with the same code the build
uses before anything is written. The comments come from the descriptions in the note
schema, so they cannot drift from the checker or the format reference.

Exit codes: 0 written, 1 refused (the file exists), 2 invalid input (target, quote, theme).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from pathlib import Path

from ..load.inputs import SLUG
from ..load.notes import (
    PLACEHOLDER_AUTHOR,
    PLACEHOLDER_BODY,
    PLACEHOLDER_NEW_NUMBER,
    PLACEHOLDER_NEW_WORDING,
    PLACEHOLDER_NOTE_TITLE,
    PLACEHOLDER_PROPOSAL_TITLE,
    PLACEHOLDER_RATIONALE,
    Targets,
    note_schema,
    resolve_target,
)
from ..load.project import load_project
from ..model import Edit, Location, Proposal, ids
from ..model import problems as d
from ..transform.redline import apply_proposal

TEXT_OPS_NEEDING_WORDS = ("insert-before", "insert-after", "replace", "add-after")
OPS = ("insert-before", "insert-after", "delete", "replace", "add-after", "delete-unit")

EXIT_REFUSED = 1
EXIT_INVALID = 2


def add_arguments(parser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    note = kinds.add_parser("note", help="a commentary note on an article, paragraph or subparagraph")
    where = note.add_mutually_exclusive_group(required=True)
    where.add_argument("--article", help="article number, e.g. 40")
    where.add_argument("--target", help='a unit id (art-40-21-b), "overview", or a draft article (cnd-2023:61)')
    note.add_argument("--paragraph", help="paragraph number within the article, e.g. 21")
    note.add_argument("--subparagraph", help="subparagraph letter within the paragraph, e.g. b")
    redline = kinds.add_parser("redline", help="a note carrying a drafting proposal anchored to a quoted passage")
    redline.add_argument("--target", required=True, help="the paragraph or subparagraph id the edit changes, e.g. art-40-21")
    redline.add_argument("--quote", help="the passage the edit is anchored to, copied from the text")
    redline.add_argument("--op", choices=OPS, default="replace", help="what the edit does (default: replace)")
    redline.add_argument("--occurrence", type=int, help="which occurrence of the quote (1 = first) when it occurs more than once")
    for sub in (note, redline):
        sub.add_argument("--instrument", help="the text (a folder under content/); default: the site's default text")
        sub.add_argument("--slug", help="file name without .md (default: from the title or the target)")
        sub.add_argument("--title", help="the note's heading (default: a placeholder to replace)")
        sub.add_argument("--theme", action="append", dest="themes", help="a theme id from commentary/themes.yml (repeatable)")


def run(args) -> int:

    root: Path = args.root
    project = load_project(root, d.Report())
    instrument = project.instruments.get(args.instrument) if args.instrument else project.default_instrument
    if instrument is None:
        return _fail(d.INSTRUMENT_UNKNOWN, f"no text '{args.instrument}' under content/ (known: {', '.join(project.instruments)})", "--instrument")

    written_target = _written_target(args)
    check = d.Report()
    resolved = resolve_target(written_target, instrument, Targets(project.instruments, project.concordances), Location("--target"), check)
    if resolved is None:
        return _print_problems(check)
    target, _entry = resolved

    themes = args.themes or [next(iter(project.themes), "")]
    unknown = [t for t in themes if t not in project.themes]
    if unknown or not themes[0]:
        vocabulary = ", ".join(project.themes) or "none: add themes to commentary/themes.yml"
        return _fail(d.THEME_UNKNOWN, f"theme '{(unknown or [''])[0]}' is not in the vocabulary ({vocabulary})", "--theme")

    article = instrument.article_of(target) if target != "overview" else None
    folder = article.id if article else "overview"
    slug = args.slug or _slugify(args.title or "") or (f"redline-{target}" if args.kind == "redline" else f"note-{target}")
    if not re.fullmatch(SLUG, slug):
        return _fail(d.UNSAFE_NAME, f"slug {slug!r} must be lower-case letters, digits and single hyphens (the file name rule)", "--slug")
    rel = f"commentary/{instrument.id}/{folder}/{slug}.md"

    today = dt.date.today()
    proposal_block = ""
    if args.kind == "redline":
        edit = Edit(
            op=args.op,
            target=target,
            quote=args.quote,
            text=PLACEHOLDER_NEW_WORDING if args.op in TEXT_OPS_NEEDING_WORDS else None,
            occurrence=args.occurrence,
            num=PLACEHOLDER_NEW_NUMBER if args.op == "add-after" else None,
            location=Location("--quote"),
        )
        proposal = Proposal(slug, PLACEHOLDER_PROPOSAL_TITLE, PLACEHOLDER_AUTHOR, today, PLACEHOLDER_RATIONALE, [edit], location=Location("--target"))
        result = apply_proposal(proposal, instrument.wording)
        if result.problems:
            for problem in result.problems:
                print(problem.format(), file=sys.stderr)
            return EXIT_INVALID
        proposal_block = _proposal_yaml(slug, today, edit)

    path = root / rel
    if path.exists():
        print(f"{rel}: already exists; not overwritten. Choose another --slug, or edit the file.", file=sys.stderr)
        return EXIT_REFUSED
    if proposal_block and any(p.id == slug for n in project.notes for p in n.proposals):
        return _fail(d.DUPLICATE_ID, f"proposal id '{slug}' is already used; choose another --slug", "--slug")
    text = _note_template(args.title or PLACEHOLDER_NOTE_TITLE, written_target, args.instrument, themes, today, proposal_block, project.themes)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    print(rel)
    print("Next: replace the placeholders (`commentary check` reports each one as C017 until then), then check again: it must report 0 errors.", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- inputs


def _written_target(args: argparse.Namespace) -> str:
    if args.kind == "redline" or args.target:
        return str(args.target)
    # People type what they see printed: "(b)", "21.", "B".
    return ids.unit_id(args.article, args.paragraph or "", args.subparagraph or "")


def _slugify(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-")


def _fail(code: str, message: str, where: str) -> int:
    report = d.Report()
    report.add(code, message, Location(where))
    return _print_problems(report)


def _print_problems(report) -> int:
    for problem in report.problems:
        print(problem.format(), file=sys.stderr)
    return EXIT_INVALID


# --------------------------------------------------------------------------- the template


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and '#' stay text.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _comment(description: str, indent: str = "") -> str:
    lines = textwrap.wrap(" ".join(description.split()), width=92 - len(indent), break_on_hyphens=False)
    return "".join(f"{indent}# {line}\n" for line in lines)


def _describe(*path: str) -> str:
    node = note_schema()
    for part in path:
        node = node["$defs"][part] if part in ("proposal", "edit") else node["properties"][part]
    return node.get("description", "")


def _note_template(title: str, target: str, instrument_id: str | None, themes: list[str], today: dt.date, proposal_block: str, vocabulary: dict) -> str:
    out = ["---\n"]
    out.append("# The front matter (between the two '---' lines) is checked by `commentary check`;\n")
    out.append("# the site's Contributing page describes every field. Lines starting with '#' are comments.\n")
    out.append(_comment(_describe("title")) + f"title: {_yaml_string(title)}\n")
    out.append(_comment(_describe("target")) + f"target: {_yaml_string(target)}\n")
    if instrument_id:
        out.append(_comment(_describe("instrument")) + f"instrument: {_yaml_string(instrument_id)}\n")
    out.append(_comment("Optional. " + _describe("draft")) + '# draft: "CND (April 2023), art 61"\n')
    out.append(_comment(_describe("authors") + " Replace the placeholder; add one entry per author."))
    out.append(f"authors:\n  - name: {_yaml_string(PLACEHOLDER_AUTHOR)}\n    # organisation: Your organisation\n")
    out.append(_comment(_describe("date")) + f"date: {today.isoformat()}\n")
    out.append(_comment(_describe("themes") + " Known themes: " + ", ".join(vocabulary) + "."))
    out.append(f"themes: [{', '.join(themes)}]\n")
    out.append(proposal_block)
    # The body is Markdown, where '#' starts a heading, so its guidance lives up here.
    out.append(_comment("Below the closing '---': the commentary in Markdown. Cite sources from commentary/bibliography.yaml as [@key] or [@key, p 6]; mentions such as 'Article 40(21)(b)' become links."))
    out.append("---\n")
    return "".join(out) + PLACEHOLDER_BODY + "\n"


def _proposal_yaml(proposal_id: str, today: dt.date, edit) -> str:
    out = [_comment(_describe("proposals")) + "proposals:\n"]
    out.append(_comment(_describe("proposal", "id"), "  ") + f"  - id: {proposal_id}\n")
    out.append(_comment(_describe("proposal", "title"), "    ") + f"    title: {_yaml_string(PLACEHOLDER_PROPOSAL_TITLE)}\n")
    out.append(_comment("Optional. " + _describe("proposal", "label"), "    ") + '    # label: "Illustrative drafting"\n')
    out.append(_comment(_describe("proposal", "proponent"), "    ") + f"    proponent: {_yaml_string(PLACEHOLDER_AUTHOR)}\n")
    out.append(_comment(_describe("proposal", "date"), "    ") + f"    date: {today.isoformat()}\n")
    out.append(_comment(_describe("proposal", "rationale") + " Cite as [@key, p 6].", "    ") + f"    rationale: |\n      {PLACEHOLDER_RATIONALE}\n")
    out.append(_comment(_describe("proposal", "edits"), "    ") + "    edits:\n")
    out.append(_comment(_describe("edit", "target"), "      ") + f"      - target: {edit.target}\n")
    out.append(_comment(_describe("edit", "op"), "        ") + f"        op: {edit.op}\n")
    if edit.quote is not None:
        out.append(_comment(_describe("edit", "quote"), "        ") + f"        quote: {_yaml_string(edit.quote)}\n")
    if edit.occurrence is not None:
        out.append(_comment(_describe("edit", "occurrence"), "        ") + f"        occurrence: {edit.occurrence}\n")
    if edit.num is not None:
        out.append(_comment(_describe("edit", "num"), "        ") + f"        num: {_yaml_string(edit.num)}\n")
    if edit.text is not None:
        out.append(_comment(_describe("edit", "text"), "        ") + f"        text: {_yaml_string(edit.text)}\n")
    return "".join(out)
