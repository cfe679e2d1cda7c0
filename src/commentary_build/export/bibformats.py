"""BibTeX and RIS beside the CSL-JSON "cite this" files: the same items, for the reference managers and LaTeX users that read those.

Both are written from the CSL-JSON items of ``csl`` (a page and each note on it), so the three
formats always say the same. Every value comes from contributor files, so each is made safe for
its format rather than trusted:

- **BibTeX** field values are LaTeX: ``pylatexenc`` (a maintained LaTeX encoder) turns the ten
  special characters (``& % $ # _ { } ~ ^ \\``) and non-ASCII letters into LaTeX that classic
  BibTeX and biber both read, and a character it has no macro for (CJK, emoji) is kept as UTF-8.
  Braces are then balanced by construction (the encoder escapes every brace of the input). A
  title is wrapped in one more pair of braces so styles keep its capitals; an institutional author
  ("The editors of …") is double-braced, BibTeX's way of saying "one name, do not split".
  Citation keys are built from the item's id with everything but letters, digits, ``-``, ``_``,
  ``:`` and ``.`` replaced, since a key cannot hold ``,``, ``{``, ``}``, ``%`` or spaces.
- **RIS** is line-based (``TY  - ``, one tag per line, ``ER  - `` closes a record): ``rispy`` writes
  the records, after every value has been made one line here (a line break or control character
  in a title would otherwise start a new, forged tag) and cut to RIS's 255-character limit for
  short fields. Lines end in CRLF, as the format's specification asks.
"""

from __future__ import annotations

import re
from typing import Any

import rispy
from pylatexenc.latexencode import UnicodeToLatexEncoder

BIBTEX_MEDIA_TYPE = "application/x-bibtex"
RIS_MEDIA_TYPE = "application/x-research-info-systems"

# A character without a LaTeX macro (CJK, emoji) stays as UTF-8, silently (the "keep" policy logs a warning for each).
_LATEX = UnicodeToLatexEncoder(non_ascii_only=False, unknown_char_policy="keep", unknown_char_warning=False, replacement_latex_protection="braces-all")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.-]+")
_SPACES = re.compile(r"\s+")
# Every C0/C1 control, line and paragraph separators: none may reach a line-based format.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
RIS_SHORT_FIELD = 255


class _RisWriter(rispy.RisWriter):
    """RIS as the specification writes it: no reference number before each record, CRLF line ends."""

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


# --------------------------------------------------------------------------- BibTeX


def bibtex(items: list[dict[str, Any]]) -> str:
    """The CSL-JSON ``items`` as BibTeX entries (``@incollection`` for a chapter, ``@online`` for a web page)."""
    return "\n".join(_bibtex_entry(item) for item in items)


def _bibtex_entry(item: dict[str, Any]) -> str:
    kind = "incollection" if item.get("type") == "chapter" else "online"
    fields: list[tuple[str, str]] = []
    authors = [_author(a) for a in item.get("author", [])]
    if authors:
        fields.append(("author", " and ".join(authors)))
    fields.append(("title", "{" + _latex(item.get("title", "")) + "}"))
    if item.get("container-title"):
        fields.append(("booktitle", "{" + _latex(item["container-title"]) + "}"))
    issued = _date_parts(item.get("issued"))
    if issued:
        fields.append(("year", str(issued[0])))
        fields.append(("date", "-".join(f"{part:02d}" if n else str(part) for n, part in enumerate(issued))))
    if item.get("URL"):
        # BibTeX's url is verbatim, not LaTeX (a "\\%" would stay "\\%"): the few characters that could end
        # the field or unbalance it are percent-encoded instead.
        fields.append(("url", _url(item["URL"])))
    for csl_name, bib_name in (("note", "note"), ("abstract", "abstract"), ("keyword", "keywords"), ("language", "langid")):
        if item.get(csl_name):
            fields.append((bib_name, _latex(item[csl_name])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{citation_key(item.get('id', 'item'))},\n{body}\n}}\n"


def citation_key(item_id: str) -> str:
    """A BibTeX key for a CSL id ("uncc/art-40/dual-criminality" → "uncc/art-40/dual-criminality" with "/" as ":")."""
    return _KEY_UNSAFE.sub("-", str(item_id).replace("/", ":")).strip("-") or "item"


def _author(author: dict[str, Any]) -> str:
    if "literal" in author:
        # One name, not "First Last": double braces keep BibTeX from splitting or abbreviating it.
        return "{" + _latex(author["literal"]) + "}"
    family, given = _latex(author.get("family", "")), _latex(author.get("given", ""))
    return f"{family}, {given}" if given else family


def _latex(value: Any) -> str:
    # BibTeX, biber and pybtex count every brace, escaped or not, so an escaped brace (\}) from the
    # encoder can still close the field early ("x}}" forged an entry): braces are spelt as macros.
    text = _one_line(value)
    chunks = text.replace("}", "{").split("{")
    braces = [c for c in text if c in "{}"]
    out = _LATEX.unicode_to_latex(chunks[0])
    for brace, chunk in zip(braces, chunks[1:], strict=True):
        out += (r"\textbraceleft{}" if brace == "{" else r"\textbraceright{}") + _LATEX.unicode_to_latex(chunk)
    return out


def _url(value: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in "{}\\ " else c for c in _one_line(value))


# --------------------------------------------------------------------------- RIS


def ris(items: list[dict[str, Any]]) -> str:
    """The CSL-JSON ``items`` as RIS records (``CHAP`` for a chapter, ``ELEC`` for a web page)."""
    records = [_ris_record(item) for item in items]
    return rispy.dumps(records, implementation=_RisWriter)


def _ris_record(item: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"type_of_reference": "CHAP" if item.get("type") == "chapter" else "ELEC"}
    record["title"] = _short(item.get("title", ""))
    authors = [_short(a.get("literal") or ", ".join(p for p in (a.get("family"), a.get("given")) if p)) for a in item.get("author", [])]
    if authors:
        record["authors"] = authors
    if item.get("container-title"):
        record["secondary_title"] = _short(item["container-title"])
    issued = _date_parts(item.get("issued"))
    if issued:
        record["year"] = str(issued[0])
        # RIS's DA is YYYY/MM/DD/other info.
        record["date"] = "/".join(f"{part:02d}" if n else str(part) for n, part in enumerate(issued)) + ("/" * (3 - len(issued)))
    if item.get("URL"):
        record["urls"] = [_one_line(item["URL"])]
    if item.get("abstract"):
        record["abstract"] = _one_line(item["abstract"])
    if item.get("note"):
        record["notes"] = [_one_line(item["note"])]
    if item.get("keyword"):
        record["keywords"] = [_short(k) for k in str(item["keyword"]).split(",") if k.strip()]
    if item.get("language"):
        record["language"] = _short(item["language"])
    record["id"] = _short(item.get("id", ""))
    return record


def _short(value: Any) -> str:
    return _one_line(value)[:RIS_SHORT_FIELD]


# --------------------------------------------------------------------------- shared


def _one_line(value: Any) -> str:
    """One line of printable text: line breaks and runs of white space become one space, other controls go."""
    text = _SPACES.sub(" ", str(value))
    return _CONTROLS.sub("", text).strip()


def _date_parts(issued: Any) -> list[int]:
    if isinstance(issued, dict) and issued.get("date-parts") and issued["date-parts"][0]:
        return [int(part) for part in issued["date-parts"][0]]
    return []
