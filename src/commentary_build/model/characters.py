"""Which characters an input may hold, which ones a reader cannot see, and how a log line shows them.

One place decides, for every reader of input and every writer of output:

* ``find_control``: characters no input may hold, whether typed into the file or written as a
  YAML escape ("\\x0b", "\\0", "\\e"): the C0 controls but tab and line feed, DEL, the C1
  controls, lone surrogates and the two non-characters U+FFFE and U+FFFF. None of them can
  be written in XML 1.0 (the feeds, Akoma Ntoso, Word), a NUL ends a C string, ESC starts a
  terminal escape sequence, and no treaty or commentary needs them. (A carriage return is
  already a line break when a file is read; inside a YAML value it is refused too.)
* ``find_invisible``: characters a reader does not see but that change what is shown or
  where it leads: bidirectional overrides, embeddings, isolates and marks (they can make a
  title read backwards, the "Trojan Source" trick), zero-width spaces and joiners used to
  make two names look alike, other format characters (Unicode category Cf), line and
  paragraph separators, and the blank "filler" letters. Titles, names and labels are warned
  about (W069); bodies may need them (Arabic, Hebrew, Persian and Indic text, emoji). The soft
  hyphen (U+00AD) is a legitimate hyphenation hint and is not reported; neither is a
  zero-width joiner or non-joiner between two non-ASCII letters or symbols (Persian, Indic
  scripts, emoji sequences), where it is part of the writing.
* ``printable``: a value as a log line may show it. Every control character (line feed,
  carriage return and ESC included), line separator, bidirectional control and lone
  surrogate becomes a visible escape such as ``\\n`` or ``\\x1b``, so no value read from a file
  can start a new line in a CI log (``::error file=…``), colour or move a maintainer's
  terminal, or reorder the line on screen.
"""

from __future__ import annotations

import re
import unicodedata

# What no input may hold (see above). Tab and line feed are text; CR is normalised on reading.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Names of the controls people meet (unicodedata has no names for C0 and C1 controls).
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION (vertical tab)", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0xFFFE: "a non-character", 0xFFFF: "a non-character",
}

# Invisible characters that are not format characters (Cf): blank letters (Hangul fillers, the braille
# blank) and the Mongolian free variation selectors; the line and paragraph separators (Zl, Zp).
_INVISIBLE_OTHERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180b\u180c\u180d\u180f\u2028\u2029")
_SOFT_HYPHEN = "\u00ad"
_JOINERS = frozenset("\u200c\u200d")
# Embeddings, overrides and isolates: they change the order in which the characters after them are shown.
REORDERING_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# What a log line escapes: every Cc but tab, the separators, the bidi controls, surrogates, non-characters.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff" + "".join(sorted(BIDI_CONTROLS)) + "]")
_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff" + "".join(sorted(BIDI_CONTROLS)) + "]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def describe(character: str) -> str:
    """ "U+000B (LINE TABULATION (vertical tab))": how a message names one character."""
    code = ord(character)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(character, "")
    if not name and 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def find_control(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that no input may hold, or None."""
    return _CONTROL.search(text)


def count_control(text: str) -> int:
    return sum(1 for _ in _CONTROL.finditer(text))


def is_invisible(text: str, index: int) -> bool:
    """Whether ``text[index]`` is a character readers cannot see (see the module's docstring)."""
    character = text[index]
    if character == _SOFT_HYPHEN:
        return False
    if character in _JOINERS:
        # Part of the writing between two non-ASCII letters, marks or symbols (فارسی, क्‍ष, 👩‍💻).
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        return not (_joinable(before) and _joinable(after))
    return unicodedata.category(character) == "Cf" or character in _INVISIBLE_OTHERS


def _joinable(character: str) -> bool:
    return bool(character) and ord(character) > 0x7F and unicodedata.category(character)[0] in "LMS"


def find_invisible(text: str) -> list[int]:
    """The positions of invisible characters in ``text`` (see ``is_invisible``)."""
    if text.isascii():
        return []
    return [index for index in range(len(text)) if ord(text[index]) > 0x7F and is_invisible(text, index)]


def printable(value: object) -> str:
    """``value`` as one line of a log: control characters, separators and bidi controls become visible escapes."""
    text = str(value)
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group(0)
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable_json(data: object, indent: int | None = 2) -> str:
    """JSON for a terminal or a log: as ``json.dumps`` with readable non-ASCII text, but with every character
    ``printable`` escapes written as a ``\\uXXXX`` escape (JSON escapes only C0 controls by itself)."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    # JSON escapes the C0 controls itself; what it leaves raw is inside a string, where the escape means the same.
    return _JSON_UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
