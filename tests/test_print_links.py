"""Links in print lead to the web or nowhere, never to the builder's disk, and a PDF's bytes do not depend on where
the project is (issue 20, item 8: a note's relative link became file:///… in the PDF, with the checkout's path)."""

from __future__ import annotations

import shutil
from io import BytesIO

import pytest

pikepdf = pytest.importorskip("pikepdf")
pytest.importorskip("weasyprint")

from commentary_build.export.pdf import print_options, render_pdf  # noqa: E402
from commentary_build.export.selection import select_articles  # noqa: E402
from commentary_build.pipeline import load_and_check  # noqa: E402
from conftest import copy_project  # noqa: E402

LINKS = ("\n\nSee [the note beside this one](dual-criminality.md), [the next article](../art-42/), [a file](../../../../../etc/passwd), "
         "[an address on the site](/uncc/art-43/) and [the report](https://example.org/report).\n")


def link_targets(data: bytes) -> list[str]:
    """The URI of every link annotation in the PDF."""
    found = []
    with pikepdf.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action.URI))
    return found


def test_an_articles_pdf_has_no_file_links_and_the_same_bytes_wherever_the_project_is(tmp_path):
    pdfs = []
    for where in (tmp_path / "a", tmp_path / "somewhere" / "much" / "deeper"):
        root = copy_project(where)
        note = root / "commentary" / "uncc" / "art-40" / "user-notice.md"
        note.write_text(note.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
        project, analysis = load_and_check(root)
        # Laid out in each copy (no cache), as two contributors on two machines would.
        pdfs.append(render_pdf(project, analysis, select_articles(project, ["40"]), print_options(project, site_url="https://commentary.example/"), cache=False).data)
        shutil.rmtree(where)
    assert pdfs[0] == pdfs[1], "the PDF depends on the folder the project is in"
    targets = link_targets(pdfs[0])
    assert "https://example.org/report" in targets
    assert not [t for t in targets if not t.startswith(("https:", "http:", "mailto:"))], targets
    assert b"file:" not in pdfs[0]
    # A relative link prints as its words: on paper it would lead nowhere, or somewhere on the builder's disk.
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(BytesIO(pdfs[0])).pages)
    for words in ("the note beside this one", "the next article", "a file", "an address on the site", "the report"):
        assert words in text


def test_nothing_is_fetched_while_laying_out(tmp_path):
    # Print HTML carries every asset inline; a reference to a file or a host is never loaded.
    from commentary_build.export.layout import Job, run_job

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    html = (f'<html lang="en"><head><title>t</title><link rel="stylesheet" href="{secret.as_uri()}"></head>'
            f'<body><p>Text</p><img src="{secret.as_uri()}"><a href="{secret.as_uri()}">here</a></body></html>')
    plain = '<html lang="en"><head><title>t</title></head><body><p>Text</p><a>here</a></body></html>'
    result = run_job(Job("j", html, str(tmp_path)))
    assert link_targets(result.pdf) == []
    assert result.pages == run_job(Job("j", plain, "")).pages
    assert b"file:" not in result.pdf
