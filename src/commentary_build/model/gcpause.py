"""Pause Python's cyclic garbage collector while one input is read or parsed.

Reading a large file allocates hundreds of thousands of small objects (YAML nodes,
Markdown tokens) that all stay alive until the file is done; every collection of the
oldest generation walks all of them, which made loading a 512 KiB file five times
slower than the work itself (1.6 s to compose its YAML instead of 0.3 s). Nothing made
there forms a reference cycle that must be freed early, so the collector is paused
for the duration and resumed (if it was running) afterwards; reference counting still
frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
