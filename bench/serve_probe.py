"""How long a contributor waits, under `mkdocs serve`, between saving a file and seeing it.

Runs `mkdocs serve` on a copy of the project (never the working tree: the probe edits
files) on a free local port, waits for the first build, then saves a change to a
commentary note and to a treaty-text file (both outside docs/, so this also shows that
such edits are watched at all) and polls the served page until the change shows.
Every wait is bounded; the server is stopped by its own process id at the end.

Besides the wall time (what a contributor waits, which on a shared machine includes waiting for a
core) it records the CPU time the server spent from the save to the page being served (Linux:
/proc/<pid>/stat), which load on the machine changes far less, and that of its main thread alone
(/proc/<pid>/task/<pid>/stat): the work on the way to the page, without what the plugin does after
it in threads of its own (the open data no page shows, the search index) and happens to overlap.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "commentary", "docs", "overrides", "mkdocs.yml")
NOTE = "commentary/uncc/art-40/dual-criminality.md"
NOTE_PAGE = "uncc/art-40/"
TEXT_FILE = "content/uncc/text/articles/art-012.yml"
TEXT_PAGE = "uncc/art-12/"
POLL_SECONDS = 0.02


@dataclass
class ServeTimings:
    mode: str  # the serve flag: --livereload or --dirtyreload
    note_edits: list[float]  # seconds from save to the changed page being served
    text_edit: float | None  # same for an edit to a treaty-text file; None if never seen
    rebuilds: list[float]  # "Documentation built in" figures MkDocs logged after the first build
    note_cpu: list[float] = field(default_factory=list)  # CPU seconds of the server from save to page served
    text_cpu: float | None = None
    note_main_cpu: list[float] = field(default_factory=list)  # the same for the server's main thread alone

    @property
    def note_median(self) -> float:
        return statistics.median(self.note_edits) if self.note_edits else float("nan")

    @property
    def note_cpu_median(self) -> float | None:
        return statistics.median(self.note_cpu) if self.note_cpu else None

    @property
    def note_main_cpu_median(self) -> float | None:
        return statistics.median(self.note_main_cpu) if self.note_main_cpu else None


def cpu_seconds(pid: int, main_thread: bool = False) -> float | None:
    """User and system CPU time of process ``pid`` so far (of its main thread alone with ``main_thread``), or None where
    /proc is not available."""
    try:
        fields = Path(f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        page = fetch(url)
        if page is not None and marker in page:
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    return None


def copy_project(target: Path) -> None:
    for part in PROJECT_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)


@contextlib.contextmanager
def serving(root: Path, mode: str = "--dirtyreload", log_path: Path | None = None, first_page: str = NOTE_PAGE) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve ``mode``` on the project at ``root`` (a copy: it is meant to be edited): yields the base URL
    and the server's process once ``first_page`` is served, and stops the server (by its process group) on leaving."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = log_path or root.parent / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", mode, "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(root / "mkdocs.yml")],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        # MkDocs serves the site under the path of its site_url, and says where once the first build is done.
        deadline = time.monotonic() + 180
        while (served := re.search(r"Serving on (http://\S+)", log_path.read_text(encoding="utf-8"))) is None and time.monotonic() < deadline:
            if server.poll() is not None:
                break
            time.sleep(POLL_SECONDS)
        if served is not None:
            base = served.group(1).rstrip("/") + "/"
        if served is None or wait_for(base + first_page, "</html>", timeout=60) is None:
            raise RuntimeError(f"mkdocs serve did not come up; see its log:\n{log_path.read_text(encoding='utf-8')[-2000:]}")
        time.sleep(1.0)  # the first build's last files and the watcher's first poll
        yield base, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def probe(mode: str = "--dirtyreload", edits: int = 5, project: Path | None = None) -> ServeTimings:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        root = Path(scratch) / "project"
        if project is None:
            copy_project(root)
        else:
            shutil.copytree(project, root)
        log_path = Path(scratch) / "serve.log"
        with serving(root, mode, log_path) as (base, server):
            note_edits: list[float] = []
            note_cpu: list[float] = []
            note_main_cpu: list[float] = []
            for number in range(edits):
                marker = f"Preview probe marker {number} {time.time_ns()}"
                cpu_before, main_before = cpu_seconds(server.pid), cpu_seconds(server.pid, main_thread=True)
                with open(root / NOTE, "a", encoding="utf-8") as note:
                    note.write(f"\n\n{marker}.\n")
                seen = wait_for(base + NOTE_PAGE, marker, timeout=30)
                cpu_after, main_after = cpu_seconds(server.pid), cpu_seconds(server.pid, main_thread=True)
                if seen is not None:
                    note_edits.append(seen)
                    if cpu_before is not None and cpu_after is not None:
                        note_cpu.append(cpu_after - cpu_before)
                    if main_before is not None and main_after is not None:
                        note_main_cpu.append(main_after - main_before)
                time.sleep(1.0)  # let the watcher settle so edits do not merge into one rebuild, and the last one's threads finish
            text_path = root / TEXT_FILE
            title = f"Probe title {time.time_ns()}"
            cpu_before = cpu_seconds(server.pid)
            text_path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text_path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
            text_edit = wait_for(base + TEXT_PAGE, title, timeout=30)
            cpu_after = cpu_seconds(server.pid)
            text_cpu = cpu_after - cpu_before if text_edit is not None and cpu_before is not None and cpu_after is not None else None
        built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", log_path.read_text(encoding="utf-8"))]
        return ServeTimings(mode, note_edits, text_edit, built[1:], note_cpu, text_cpu, note_main_cpu)


if __name__ == "__main__":
    for flag in ("--livereload", "--dirtyreload"):
        result = probe(flag)
        print(flag, [round(s, 3) for s in result.note_edits], "cpu", [round(s, 3) for s in result.note_cpu],
              "text edit", result.text_edit and round(result.text_edit, 3), "cpu", result.text_cpu and round(result.text_cpu, 3), "rebuilds", result.rebuilds)
