"""The one way the engine asks git something: a subprocess that never raises and never hangs.

Builds run outside git too (an unpacked release, a shallow CI clone), so every answer may
be None and the callers say what that means for readers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def run_git(root: Path, *args: str, timeout: float = 60) -> str | None:
    """Standard output of `git -C root args…`, or None when git is missing, fails or times out."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
