"""Reading back the search index a build wrote (pagefind/): every record as Pagefind stores it for the browser.

A fragment is gzip-compressed JSON after the marker "pagefind_dcd": the record's url, its words
(content), its filters and its meta (render/search.py puts the page's address in meta.url).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

MARKER = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(MARKER), path
        record = json.loads(data[len(MARKER):])
        record["page"] = record["meta"].get("url", record["url"].lstrip("/"))
        records.append(record)
    return records


def by_kind(site: Path, kind: str) -> list[dict]:
    return [record for record in fragments(site) if record["meta"].get("kind") == kind]
