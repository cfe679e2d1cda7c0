"""treaty-commentary's engine: load → check → transform → render, and the exports (see README.md)."""

from __future__ import annotations

import functools


@functools.cache
def package_version() -> str:
    """The installed package's version ("unknown" in a source tree never installed): part of every cache key,
    with a hash of the code that makes the entry (``load.cache``)."""
    from importlib import metadata

    try:
        return metadata.version("treaty-commentary")
    except metadata.PackageNotFoundError:
        return "unknown"
