"""One embedded program per font face in a merged PDF.

Every part of a merged book (``export.merge``) was laid out apart, so each part embeds its own
subset of the same fonts: the full commentary carried 64 font programs for 6 faces. WeasyPrint
writes text as glyph ids (``Identity-H``, ``CIDToGIDMap /Identity``) and subsets with HarfBuzz
keeping every glyph id up to the highest one a part uses, so a glyph id means the same glyph in
every part's subset of one font. The subsets of a face can therefore be joined into one program
holding every glyph any part uses, and every part's font descriptor pointed at it; each part's
font dictionaries (their widths and ``ToUnicode`` maps, which text extraction reads) stay as
they were. fontTools does the joining (already installed with WeasyPrint, which uses it too).

A subset keeps ids only up to its highest used glyph: a composite glyph's components beyond it
are renumbered, differently in each part. A composite glyph taken from another part than the
one the joined program is built on is therefore drawn out (decomposed) into a simple glyph, so
that it depends on no other glyph id. Anything that does not fit this (a CFF or bitmap font, a
font with glyphs missing from its file and its own encoding, two parts disagreeing on a glyph,
a program fontTools cannot read) is left as it was: correct, only not shared.
"""

from __future__ import annotations

import io
import struct
from collections import defaultdict
from typing import Any


def share_fonts(pdf: Any) -> None:
    """Join the font programs of each face in ``pdf`` (a ``pikepdf.Pdf``) into one, in place."""
    from pikepdf import Name

    faces: dict[str, list[tuple[Any, set[int]]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for font in _fonts(pdf):
        descendants = font.get("/DescendantFonts")
        if font.get("/Subtype") != Name.Type0 or font.get("/Encoding") != Name("/Identity-H") or descendants is None or len(descendants) != 1:
            continue
        cid_font = descendants[0]
        descriptor = cid_font.get("/FontDescriptor")
        if cid_font.get("/CIDToGIDMap") != Name.Identity or descriptor is None or "/FontFile2" not in descriptor:
            continue
        if descriptor.objgen in seen:
            continue
        seen.add(descriptor.objgen)
        # WeasyPrint names a subset after the font's description (a hash of it, then the font's name).
        faces[str(descriptor.get("/FontName", ""))].append((descriptor, _widths_keys(cid_font.get("/W"))))
    for members in faces.values():
        if len(members) > 1:
            _join(pdf, members)


def _fonts(pdf: Any):
    """Every font dictionary the pages use, in their resources and in their form XObjects'."""
    from pikepdf import Name

    done: set[tuple[int, int]] = set()

    def walk(resources):
        if resources is None or (resources.is_indirect and resources.objgen in done):
            return
        if resources.is_indirect:
            done.add(resources.objgen)
        yield from (resources.get("/Font") or {}).values()
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == Name.Form and xobject.objgen not in done:
                done.add(xobject.objgen)
                yield from walk(xobject.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))


def _widths_keys(widths: Any) -> set[int]:
    """The glyph ids a /W array gives widths for (``c [w1 w2 …]`` and ``c_first c_last w``): the glyphs a part draws."""
    found: set[int] = set()
    if widths is None:
        return found
    items = list(widths)
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1] if index + 1 < len(items) else None
        if following is not None and hasattr(following, "__len__") and not isinstance(following, (int, float)):
            found.update(range(first, first + len(following)))
            index += 2
        else:
            last = int(following) if following is not None else first
            found.update(range(first, last + 1))
            index += 3
    return found


def _join(pdf: Any, members: list[tuple[Any, set[int]]]) -> None:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # The program's date stays (a build is reproducible), and bounding boxes and maxp are not recomputed
        # from every outline (that draws each glyph again):
        # the joined program takes the widest values of the parts' (``_widest``).
        fonts = [TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()), recalcBBoxes=False, recalcTimestamp=False) for descriptor, _ in members]
        if any("glyf" not in font or "hmtx" not in font for font in fonts) or len({font["head"].unitsPerEm for font in fonts}) != 1:
            return
        # Built on the part that draws the highest glyph id, so every id drawn anywhere is in its range.
        base_index = max(range(len(members)), key=lambda index: (max(members[index][1], default=-1), len(members[index][1])))
        base = fonts[base_index]
        base_order = base.getGlyphOrder()
        base_glyphs, base_hmtx = base["glyf"].glyphs, base["hmtx"]
        for index, (font, (_, used)) in enumerate(zip(fonts, members)):
            if index == base_index:
                continue
            order = font.getGlyphOrder()
            glyphs, hmtx = font["glyf"].glyphs, font["hmtx"]
            for glyph_id in sorted(used):
                if glyph_id >= len(order) or glyph_id >= len(base_order):
                    return  # not a subset that keeps glyph ids: the face is left alone
                name, base_name = order[glyph_id], base_order[glyph_id]
                data = _data(glyphs[name], font)
                if not data:
                    continue  # nothing drawn (a space)
                present = _data(base_glyphs[base_name], base)
                if present:
                    if present != data and not (_composite(present) or _composite(data)):
                        return  # two different outlines under one id: not one font after all
                    continue
                base["glyf"][base_name] = _drawn(font, name) if _composite(data) else glyphs[name]
                base_hmtx[base_name] = hmtx[name]
        _widest(base, fonts)
        out = io.BytesIO()
        base.save(out)
    except (TTLibError, ValueError, KeyError, IndexError, AssertionError, struct.error):
        return  # a program fontTools cannot read or write: the face keeps its copies
    program = out.getvalue()
    shared = members[base_index][0].FontFile2
    shared.write(program)
    shared.Length1 = len(program)
    for descriptor, _ in members:
        descriptor.FontFile2 = shared


def _data(glyph: Any, font: Any) -> bytes:
    """A glyph's bytes as stored (without drawing it: fontTools keeps them until a glyph is expanded)."""
    data = getattr(glyph, "data", None)
    if data is not None:
        return bytes(data)
    if getattr(glyph, "numberOfContours", 0) == 0:
        return b""
    return bytes(glyph.compile(font["glyf"]))


def _composite(data: bytes) -> bool:
    return struct.unpack(">h", data[:2])[0] < 0


def _widest(base: Any, fonts: list[Any]) -> None:
    """Font-wide extremes (what ``recalcBBoxes`` would compute from every outline) as the widest of the parts'.
    A composite drawn into a simple glyph has as many points as its components: maxp's composite counts cover it."""
    head, hhea, maxp = base["head"], base["hhea"], base["maxp"]
    head.xMin, head.yMin = min(f["head"].xMin for f in fonts), min(f["head"].yMin for f in fonts)
    head.xMax, head.yMax = max(f["head"].xMax for f in fonts), max(f["head"].yMax for f in fonts)
    hhea.advanceWidthMax = max(f["hhea"].advanceWidthMax for f in fonts)
    hhea.minLeftSideBearing = min(f["hhea"].minLeftSideBearing for f in fonts)
    hhea.minRightSideBearing = min(f["hhea"].minRightSideBearing for f in fonts)
    hhea.xMaxExtent = max(f["hhea"].xMaxExtent for f in fonts)
    if getattr(maxp, "tableVersion", 0) >= 0x00010000:
        maxp.maxPoints = max(max(f["maxp"].maxPoints, f["maxp"].maxCompositePoints) for f in fonts)
        maxp.maxContours = max(max(f["maxp"].maxContours, f["maxp"].maxCompositeContours) for f in fonts)
        for field in ("maxCompositePoints", "maxCompositeContours", "maxComponentElements", "maxComponentDepth", "maxZones",
                      "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
            setattr(maxp, field, max(getattr(f["maxp"], field) for f in fonts))


def _drawn(font: Any, name: str) -> Any:
    """A composite glyph as a simple one (its components drawn in), so it needs no other glyph id."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyph_set = font.getGlyphSet()
    recording = DecomposingRecordingPen(glyph_set)
    glyph_set[name].draw(recording)
    pen = TTGlyphPen(None)
    recording.replay(pen)
    glyph = pen.glyph()
    glyph.recalcBounds(font["glyf"])  # the program is saved without recomputing bounds (``_join``)
    return glyph

