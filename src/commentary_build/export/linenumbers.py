"""Line numbers in a finished PDF's margin, for oral reference in a meeting ("page 3, line 12").

WeasyPrint has no line numbering, and CSS cannot count the lines a paragraph is broken into: that is
known only once the page is laid out. So the numbers are added to the finished PDF (``commentary pdf
--line-numbers``), from what was laid out: each page's content stream is read back (pikepdf), the
baseline of every run of text WeasyPrint drew is computed (the text matrix times the current
transformation), runs whose baselines lie within half a font size of each other are one line (a
footnote call's raised figure stays on its line), and the lines inside the page's text area are
numbered from 1 on each page, top to bottom, right-aligned in the left margin, well left of the
commentary's own paragraph numbers. Footnotes are not
counted (their text belongs to a ``Note`` in the structure tree, as Word does not count them either),
nor are the running header and footer (outside the text area). A table's columns would interleave
their lines, so the compilation table is not numbered (the CLI refuses the combination).

The numbers are an artifact (``/Artifact BMC … EMC``): outside the structure tree, so a screen reader,
copying and the PDF/UA checks do not meet them; and they are set in a digits-only subset of the sans
font the running header uses, embedded once in the file (PDF/UA wants every font embedded). Each
page's own content is wrapped in ``q … Q`` first, so its transformation does not move the numbers.
"""

from __future__ import annotations

import io
import logging
import math
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# The text area of a printed page: print.css's "@page { margin: 22mm 20mm 20mm 24mm }" (top, right, bottom, left).
MM = 72 / 25.4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT = 22 * MM, 20 * MM, 24 * MM
# Between a number's right edge and the text: wide enough to keep clear of the commentary's paragraph numbers,
# which print.css sets in the margin just left of the text ("1  Editors' analysis …").
GAP = 11 * MM
SIZE = 7.0  # points
GREY = 0.35
FONT_FAMILIES = ("Liberation Sans", "DejaVu Sans")
DIGITS = "0123456789"

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class LineNumberError(Exception):
    """The numbers could not be added (no font for them): the message says what to install."""


@dataclass(frozen=True)
class Run:
    """A run of text as laid out: its baseline (PDF user space, from the bottom) and its font size in points."""

    y: float
    size: float
    note: bool  # part of a footnote


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    """a × b, PDF's row-vector convention (a is applied first)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _matrix(operands) -> Matrix:
    values = tuple(float(value) for value in operands)
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def text_runs(page, notes: set[int]) -> Iterator[Run]:
    """Every run of text drawn on ``page`` (a pikepdf page), with ``notes`` the marked-content ids that belong to a footnote."""
    import pikepdf

    ctm, stack = IDENTITY, []
    line: Matrix = IDENTITY
    size = 0.0
    leading = 0.0
    marked: list[int | None] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else IDENTITY
        elif op == "cm":
            ctm = _multiply(_matrix(operands), ctm)
        elif op == "BT":
            line = IDENTITY
        elif op == "Tm":
            line = _matrix(operands)
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -ty
            line = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), line)
        elif op == "TL":
            leading = float(operands[0])
        elif op == "T*":
            line = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line)
        elif op == "Tf":
            size = float(operands[1])
        elif op in ("BDC", "BMC"):
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            found = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            marked.append(int(found) if found is not None else (marked[-1] if marked else None))
        elif op == "EMC":
            if marked:
                marked.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            if op in ("'", '"'):
                line = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line)
            placed = _multiply(line, ctm)
            scale = math.hypot(placed[2], placed[3])
            mcid = marked[-1] if marked else None
            yield Run(placed[5], size * scale, mcid is not None and mcid in notes)


def lines(runs: Iterable[Run], bottom: float, top: float) -> list[float]:
    """The baselines of the lines between ``bottom`` and ``top`` (user space), top to bottom: runs within half a
    font size of a line's baseline are on that line (a raised footnote figure, a smaller run beside a larger)."""
    found: list[tuple[float, float]] = []  # (baseline, the largest size on the line)
    for run in sorted((r for r in runs if not r.note and bottom <= r.y <= top and r.size > 0), key=lambda r: -r.y):
        if found and found[-1][0] - run.y <= 0.5 * max(found[-1][1], run.size):
            baseline, largest = found[-1]
            found[-1] = (run.y, run.size) if run.size > largest else (baseline, largest)
        else:
            found.append((run.y, run.size))
    return [baseline for baseline, _size in found]


def _note_mcids(pdf, page) -> set[int]:
    """The marked-content ids of ``page`` whose structure element is, or is inside, a Note (a footnote)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    key = page.obj.get("/StructParents")
    if root is None or key is None or "/ParentTree" not in root:
        return set()
    parents = _number_tree(root.ParentTree).get(int(key))
    if not isinstance(parents, pikepdf.Array):
        return set()
    notes = set()
    for mcid, kid in enumerate(parents):
        element: object = kid
        seen = 0
        while isinstance(element, pikepdf.Dictionary) and seen < 64:
            if element.get("/S") == pikepdf.Name.Note:
                notes.add(mcid)
                break
            element, seen = element.get("/P"), seen + 1
    return notes


def _number_tree(node, depth: int = 0) -> dict[int, object]:
    found: dict[int, object] = {}
    if depth > 32:
        return found
    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids") or ():
        found.update(_number_tree(kid, depth + 1))
    return found


def _font_file() -> str:
    for family in FONT_FAMILIES:
        try:
            path = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style=Regular"], capture_output=True, text=True, timeout=30, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            path = ""
        if path and family.replace(" ", "").lower() in path.replace("-", "").replace("_", "").lower():
            return path
    raise LineNumberError(f"the line numbers are set in {' or '.join(FONT_FAMILIES)}, which fontconfig does not find; install fonts-liberation or fonts-dejavu-core")


def _digits_font(pdf):
    """A TrueType font of the ten digits, subset from the header's sans font, as a PDF font dictionary and the
    digits' widths (thousandths of the size)."""
    import pikepdf
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset": a table a PDF does not need
    font = TTFont(_font_file())
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = [1, 2, 3, 4, 6]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=DIGITS)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = [round(font["hmtx"][cmap[ord(digit)]][0] * scale) for digit in DIGITS]
    head, os2 = font["head"], font["OS/2"]
    name = pikepdf.Name("/TCLNUM+" + "".join(str(font["name"].getDebugName(6) or "Sans").split()))
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32, ItalicAngle=0, StemV=80,
        FontBBox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        Ascent=round(os2.sTypoAscender * scale), Descent=round(os2.sTypoDescender * scale),
        CapHeight=round(getattr(os2, "sCapHeight", os2.sTypoAscender) * scale),
        FontFile2=pdf.make_stream(buffer.getvalue()),
    )
    dictionary = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=name, FirstChar=ord("0"), LastChar=ord("9"),
                                    Widths=widths, Encoding=pikepdf.Name.WinAnsiEncoding, FontDescriptor=pdf.make_indirect(descriptor))
    return pdf.make_indirect(dictionary), dict(zip(DIGITS, widths, strict=True))


def number_lines(data: bytes) -> tuple[bytes, int]:
    """``data`` (a PDF laid out with print.css) with its lines numbered in the left margin; and how many lines were numbered."""
    import pikepdf

    pdf = pikepdf.Pdf.open(io.BytesIO(data))
    font, widths = _digits_font(pdf)
    total = 0
    for page in pdf.pages:
        box = [float(v) for v in page.mediabox]
        baselines = lines(text_runs(page, _note_mcids(pdf, page)), box[1] + MARGIN_BOTTOM, box[3] - MARGIN_TOP)
        if not baselines:
            continue
        total += len(baselines)
        name = page.add_resource(font, pikepdf.Name.Font, prefix="TCLN")
        parts = [f"/Artifact BMC q {GREY} g BT {name} {SIZE} Tf"]
        for number, baseline in enumerate(baselines, 1):
            text = str(number)
            width = sum(widths[digit] for digit in text) * SIZE / 1000
            parts.append(f"1 0 0 1 {box[0] + MARGIN_LEFT - GAP - width:.2f} {baseline:.2f} Tm ({text}) Tj")
        parts.append("ET Q EMC")
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n" + "\n".join(parts).encode("ascii")))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue(), total
