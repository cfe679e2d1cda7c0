"""Fonts in merged PDFs, and what the print layout changes in WeasyPrint for speed, read back.

Two small documents are laid out (a few tenths of a second each) and merged as a book's parts are:
the merged PDF holds one font program per face, its text extracts as the parts' did, and its pages
look as the parts' pages did (rendered by pdftoppm), including a composite glyph (é) that only a
part the shared program is not built on drew. The site's full commentary (session build) is checked
for one program per face too, and an article's PDF for keeping small subsets of its own.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

pikepdf = pytest.importorskip("pikepdf")
pytest.importorskip("weasyprint")

from commentary_build.export.layout import Job, PageLabels, Slice, run_job  # noqa: E402
from commentary_build.export.merge import Piece, merge  # noqa: E402
from commentary_build.export.shared_fonts import _widths_keys  # noqa: E402

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")

STYLE = "body { font: 14pt 'Liberation Serif', serif; } h1 { font: 700 18pt 'Liberation Sans', sans-serif; }"


def document(title: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>{title}</title><style>{STYLE}</style></head><body><h1 id="{title}">{title}</h1>{body}</body></html>'


# "é" is a composite glyph (e and an accent) in Liberation Serif, at a lower glyph id than "€" and "→":
# the shared program is built on the second part, so the first part's é is taken into it.
FIRST = document("First", "<p>Résumé of the first part, with über and naïve words.</p><ol><li>One</li><li>Two</li></ol>")
SECOND = document("Second", "<p>The second part costs 10 € → paid, in other words.</p>")


def font_programs(pdf) -> list[tuple[str, str]]:
    """(face, key) of every embedded font program, once per stream, whoever points at it."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    found[obj[key].objgen] = (str(obj.FontName).split("+", 1)[-1], key)
    return list(found.values())


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fonts")
    first, second = run_job(Job("first", FIRST, "")), run_job(Job("second", SECOND, ""))
    merged = merge([Piece(first.pdf, PageLabels("A-")), Piece(second.pdf, PageLabels("B-"))], title="Fonts", author="Tests")
    paths = {}
    for name, data in (("first", first.pdf), ("second", second.pdf), ("merged", merged)):
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def test_a_merged_pdf_embeds_each_font_program_once(parts):
    with pikepdf.open(parts["first"]) as first, pikepdf.open(parts["second"]) as second:
        faces = {face for face, _ in font_programs(first) + font_programs(second)}
        assert len(font_programs(first)) + len(font_programs(second)) > len(faces), "the parts share no face: nothing to test"
    with pikepdf.open(parts["merged"]) as merged:
        programs = font_programs(merged)
    assert sorted(face for face, _ in programs) == sorted(faces)
    assert all(count == 1 for count in Counter(face for face, _ in programs).values())


@needs_poppler
def test_merged_text_extracts_and_its_pages_look_like_the_parts(parts, tmp_path):
    def text(path: Path) -> str:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout

    merged_text = text(parts["merged"])
    for word in ("Résumé", "über", "naïve", "10 € → paid"):
        assert word in merged_text
    assert text(parts["merged"]) == text(parts["first"]) + text(parts["second"])

    def pixels(path: Path, page: int) -> bytes:
        return subprocess.run(["pdftoppm", "-r", "150", "-gray", "-f", str(page), "-l", str(page), str(path)], capture_output=True, check=True).stdout

    for merged_page, (part, page) in enumerate([("first", 1), ("second", 1)], start=1):
        expected, got = pixels(parts[part], page), pixels(parts["merged"], merged_page)
        assert len(expected) == len(got)
        # The same glyphs in the same places: a wrong glyph (an accent from another glyph id) changes whole letters;
        # the rasteriser may shade a few edge pixels differently when a program holds more glyphs (0 here;
        # an accent taken from the wrong glyph id changes about 100).
        differing = sum(1 for a, b in zip(expected, got) if abs(a - b) > 64)
        assert differing < 10, f"page {merged_page} differs from {part}'s page {page} in {differing} pixels"


@needs_poppler
def test_ordered_lists_keep_their_numbers_in_print(parts):
    # The print layout gives ::marker to list items only (layout._print_html): numbers must still print.
    text = subprocess.run(["pdftotext", str(parts["first"]), "-"], capture_output=True, text=True, check=True).stdout
    assert "1. One" in " ".join(text.split()) and "2. Two" in " ".join(text.split())


def test_the_full_commentary_and_a_chapter_embed_each_face_once_and_an_article_keeps_small_subsets(built_site_with_pdfs):
    folder = built_site_with_pdfs / "pdf"
    for path in (folder / "commentary.pdf", folder / "chapter-5.pdf"):
        with pikepdf.open(path) as pdf:
            counts = Counter(face for face, _ in font_programs(pdf))
        assert len(counts) >= 4 and all(count == 1 for count in counts.values()), f"{path.name}: {dict(counts)}"
    with pikepdf.open(folder / "articles" / "art-40.pdf") as pdf:
        programs = [obj.FontFile2 for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj]
        # A whole Liberation face is 300-400 KB; an article's subset a few KB.
        assert programs and all(len(program.read_bytes()) < 60_000 for program in programs)


def test_a_jobs_whole_pdf_is_not_written_when_only_its_slices_are_used():
    body = "".join(f'<section id="c{n}" style="break-before: page"><p>Cover {n}</p></section>' for n in range(2))
    job = Job("covers", f'<html lang="en"><head><title>c</title></head><body>{body}</body></html>', "",
              slices=(Slice("covers:0", "", anchor="c0"), Slice("covers:1", "", anchor="c1")), whole=False)
    result = run_job(job)
    assert result.pdf == b"" and result.pages == 2 and sorted(result.slices) == ["covers:0", "covers:1"]
    assert job.key() != Job(job.name, job.html, "", slices=job.slices).key()


def test_page_references_follow_the_pages_added():
    import pydyf

    from commentary_build.export.layout import _index_page_references

    _index_page_references()
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 1  # kept while no page is added
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 2 and pdf.page_references[0] == first[0]


def test_widths_arrays_give_the_glyphs_drawn():
    assert _widths_keys(pikepdf.Array([3, pikepdf.Array([500, 250]), 10, 12, 600])) == {3, 4, 10, 11, 12}
    assert _widths_keys(None) == set()


def test_every_footnote_style_sets_its_own_call_and_marker():
    # The print layout's user-agent stylesheet has no ::footnote-call or ::footnote-marker rules (layout._print_html):
    # whatever print.css floats into the footnote area must say itself what its call and marker print.
    import tinycss2

    from commentary_build.export.print_document import stylesheet

    rules = [rule for rule in tinycss2.parse_stylesheet(stylesheet(), skip_comments=True, skip_whitespace=True) if rule.type == "qualified-rule"]

    def declarations(rule) -> dict[str, str]:
        parsed = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
        return {d.lower_name: tinycss2.serialize(d.value).strip() for d in parsed if d.type == "declaration"}

    by_selector = {tinycss2.serialize(rule.prelude).strip(): declarations(rule) for rule in rules}
    footnotes = [selector for selector, found in by_selector.items() if found.get("float") == "footnote"]
    assert ".tc-footnote" in footnotes
    for selector in footnotes:
        for pseudo in ("::footnote-call", "::footnote-marker"):
            assert "content" in by_selector.get(selector + pseudo, {}), selector + pseudo
