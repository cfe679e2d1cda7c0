"""What a contributor writes renders as written: code keeps its blank lines, and a proposal on any
text that takes proposals shows on that text's page and is listed under it."""

from __future__ import annotations

import lxml.html

from commentary_build.pipeline import load_and_check
from commentary_build.render.site import build_site

CODE_NOTE = """---
title: A note with code
target: art-40
authors:
  - name: Test Author
date: 2025-01-01
themes: [scope]
---
A request looks like this:

```
first line

third line, after a blank one
```
"""

BUDAPEST_PROPOSAL = """---
title: A proposal on the Budapest text
target: art-15-1
authors:
  - name: Test Author
date: 2025-01-01
themes: [scope]
proposals:
  - id: budapest-test-proposal
    title: Proportionality spelt out
    proponent: Test Author
    date: 2025-01-01
    rationale: Why.
    edits:
      - target: art-15-1
        op: insert-after
        quote: "human rights and liberties"
        text: ", and the principle of proportionality"
---
Body.
"""


def _page(site, src_uri):
    page = site.page(src_uri)
    assert page is not None, src_uri
    return page.markdown


def test_blank_lines_inside_code_survive(project_copy):
    (project_copy / "commentary/uncc/art-40/code.md").write_text(CODE_NOTE, encoding="utf-8")
    site = build_site(*load_and_check(project_copy))
    markdown = _page(site, "uncc/art-40.md")
    pre = lxml.html.fragment_fromstring(markdown[markdown.index("<pre"): markdown.index("</pre>") + 6])
    assert pre.text_content() == "first line\n\nthird line, after a blank one\n"


def test_a_proposal_on_another_text_that_takes_proposals_renders_there_and_is_listed_under_it(project_copy):
    metadata = project_copy / "content/budapest/instrument.yml"
    metadata.write_text(metadata.read_text(encoding="utf-8") + "proposals: true\n", encoding="utf-8")
    folder = project_copy / "commentary/budapest/art-15"
    folder.mkdir(parents=True)
    (folder / "proportionality.md").write_text(BUDAPEST_PROPOSAL, encoding="utf-8")
    project, analysis = load_and_check(project_copy)
    assert not project.report.errors, [p.format() for p in project.report.errors]
    site = build_site(project, analysis)
    article = _page(site, "budapest/art-15.md")
    assert 'id="proposal-budapest-test-proposal"' in article and "tc-redline-views" in article
    listing = _page(site, "proposals.md")
    heading = next(line for line in listing.splitlines() if line.endswith("{#budapest-art-15}"))
    assert heading.startswith("## Budapest Convention, Art")
    section = listing[listing.index(heading) + len(heading):]
    assert "Proportionality spelt out" in section.split("\n## ", 1)[0]
    uncc_15 = _page(site, "uncc/art-15.md")
    assert "budapest-test-proposal" not in uncc_15
