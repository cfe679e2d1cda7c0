"""`python -m bench.lighthouse SITE_DIR`: Lighthouse scores of the built site, as a Markdown table.

The site is served from 127.0.0.1 with gzip, as a real host serves it (Python's own server does not
compress, which Lighthouse would count against every page), and Lighthouse audits each page at its
mobile and desktop settings with Debian's Chromium (CHROME_PATH; nothing downloads a browser).
Lighthouse itself is not a dependency of the project: pass its command with --lighthouse (a local
`npm install lighthouse` in a temporary folder, or `npx lighthouse`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shlex
import subprocess
import tempfile
import threading
from pathlib import Path

PAGES = {
    "Home": "",
    "Art 40 (UN)": "uncc/art-40/",
    "Art 15 (Budapest)": "budapest/art-15/",
    "Tracker": "recommendations/",
    "Matrix": "matrix/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, with a day's caching of assets, as a host such as GitHub Pages does."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def send_head(self):
        requested = Path(self.translate_path(self.path))
        if requested.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            requested = requested / "index.html"
        if not requested.is_file() or requested.suffix.lower() not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(requested.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(requested)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(lighthouse: list[str], url: str, form_factor: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [*lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
                   "--only-categories=" + ",".join(CATEGORIES),
                   f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir={scratch}/profile"]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
        result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [audit["id"] for audit in result["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric")
               and any(ref["id"] == audit["id"] for name in CATEGORIES[1:] for ref in result["categories"][name]["auditRefs"] if ref.get("weight"))]
    scores["failing"] = failing  # type: ignore[assignment]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (make site writes site/)")
    parser.add_argument("--lighthouse", default="npx lighthouse", help="the Lighthouse command (default: npx lighthouse)")
    parser.add_argument("--page", action="append", help="only these pages (names of the table's rows)")
    args = parser.parse_args()
    server, base = serve(args.site)
    try:
        print("| Page | Form factor | Performance | Accessibility | Best practices | SEO | Audits under 100 |")
        print("|---|---|---|---|---|---|---|")
        for name, path in PAGES.items():
            if args.page and name not in args.page:
                continue
            for form_factor in ("mobile", "desktop"):
                scores = audit(shlex.split(args.lighthouse), base + path, form_factor)
                row = " | ".join(str(scores[c]) for c in CATEGORIES)
                print(f"| {name} | {form_factor} | {row} | {', '.join(scores['failing']) or '–'} |", flush=True)  # type: ignore[arg-type]
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
