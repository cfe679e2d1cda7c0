"""Fixtures for tests that drive Debian's Chromium over the built site (imported by test modules).

The site is served from 127.0.0.1 by a thread of the standard library's HTTP server,
because search (a web worker fetching its index) does not run from file:// URLs.
Nothing here downloads a browser: playwright only drives /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it); browser tests need /usr/bin/chromium"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that cancels a request (a page left before a fetch ends) breaks the pipe: that is not an
        # error of the site, and its traceback in the CI log would read as one.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free port of 127.0.0.1; the base URL, ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(built_site):
    """Base URL (ending in /) of the built site served on a free port of 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


class OffsiteRequests(list):
    """Every request the page tried to send to a host other than 127.0.0.1 (all of them aborted)."""


@pytest.fixture
def page(browser):
    """A fresh page whose requests to any host but 127.0.0.1 are aborted and recorded in ``page.offsite``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    offsite = OffsiteRequests()

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    # Generous: CI lays out PDFs on the other core while these run.
    tab.set_default_timeout(20_000)
    tab.offsite = offsite
    try:
        yield tab
    finally:
        context.close()


# A phone: 390 px wide, touch, no hover (so "@media (hover: none)" applies), as the phone tests use it.
PHONE_CONTEXT = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "service_workers": "block"}


@pytest.fixture
def touch_phone(browser):
    """A fresh page in a phone's context (``PHONE_CONTEXT``)."""
    context = browser.new_context(**PHONE_CONTEXT)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        yield tab
    finally:
        context.close()
