"""No build cache comes from the checkout: a file git tracks under a cache folder is an error (C080).

Builds keep their caches in the user's cache folder (``load.cache``), never in the project.
A cache folder inside the project (``.cache/`` or ``.pytest_cache/`` anywhere in it, or a
configured cache folder that lies inside it) belongs to one machine; a file committed there
arrives with a pull request and can only be stale or forged output (a comparison with other
wording, a chapter's PDF computed by its author). It is reported, and a configured cache
folder that holds committed files is not used by the build.
"""

from __future__ import annotations

from pathlib import Path

from ..load.cache import CACHE_FOLDER_NAMES
from ..load.git import run_git
from ..model import Location, Project
from ..model import problems as d

# Files named one by one; the rest are counted in one more problem (a committed PDF cache holds hundreds).
MAX_LISTED = 20


def check_caches(project: Project) -> None:
    root = project.root
    specs = [f":(glob)**/{name}/**" for name in CACHE_FOLDER_NAMES]
    configured = _inside(project.cache_dir, root)
    if configured:
        specs.append(f":(literal){configured}")
    listed = run_git(root, "ls-files", "-z", "--", *specs, timeout=20)
    if not listed:
        return  # nothing tracked there, or not a git checkout (then nothing can be committed either)
    tracked = sorted(path for path in listed.split("\0") if path)
    for path in tracked[:MAX_LISTED]:
        project.report.add(d.CACHE_TRACKED, "a build cache file is committed to the repository; builds never read caches from the checkout, "
                           "and a committed one can only be stale or forged output", Location(path))
    if len(tracked) > MAX_LISTED:
        folders = sorted({path.split("/", 1)[0] for path in tracked[MAX_LISTED:]})
        project.report.add(d.CACHE_TRACKED, f"{len(tracked) - MAX_LISTED} more committed cache files (not listed)", Location(folders[0]))
    if configured and any(path == configured or path.startswith(configured + "/") for path in tracked):
        project.cache_dir = None  # the configured folder holds committed files: build without a cache


def _inside(folder: Path | None, root: Path) -> str | None:
    """``folder`` relative to the project root when it lies inside it (and is not the root itself), else None."""
    if folder is None:
        return None
    try:
        relative = folder.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return None
    return relative if relative not in ("", ".") else None
