"""What only `mkdocs serve` does: rebuild after a save in the time it takes to look at the browser.

MkDocs notices a save by polling the watched folders every 0.5 s, a quarter of a second of waiting
on average before any work starts. ``poll_sources_faster`` has the folders the plugin adds to the
watch list (content/, commentary/, template overrides: the engine's sources) polled every
``SOURCE_POLL_SECONDS`` instead, by an observer of their own; docs/ and mkdocs.yml keep MkDocs'
observer and pace. A poll of the shipped project's sources costs about 1 ms of CPU (10 ms at
1000 articles). Polling, as MkDocs does, rather than the system's file events, which some mounts
(network shares, containers) never deliver.

On every save MkDocs builds the site again from a new configuration; with ``--dirtyreload`` it
renders only the pages whose file is modified, which the plugin decides with the engine's
``PreviewCache`` (a generated page whose Markdown is unchanged is handed over unmodified). Three
more things MkDocs redoes on every save need not run again, and ``ServeState`` keeps them from
one build of the session to the next:

- **the theme's Jinja environment**, so Material's templates are compiled once per session rather
  than once per save. It is kept while the theme's folders, its language and the files of the
  project's ``custom_dir`` are those of the last build, and only when no other plugin alters the
  environment (``on_env``); it reads an edited template again (``auto_reload``).
- **the 404 page and sitemap.xml**, which MkDocs renders on every build from the navigation and the
  list of pages: under ``--dirtyreload`` (the site folder is kept) they are left as written when the
  navigation, the pages, ``mkdocs.yml``, ``extra`` and the ``custom_dir`` files are those of the last build.
- **the open data files** (data/): written only when their bytes differ from what this session last
  wrote into the same folder (a build that cleans the folder writes them all).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

SOURCE_POLL_SECONDS = 0.15

# The templates MkDocs renders once per build beside the pages (Material: the 404 page and the sitemap).
SITE_WIDE_TEMPLATES = ("404.html", "sitemap.xml")


def _files_under(folder: str | None) -> tuple[tuple[str, int, int], ...]:
    if not folder or not os.path.isdir(folder):
        return ()
    found = []
    for directory, _subdirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def poll_sources_faster(server: LiveReloadServer) -> BaseObserver | None:
    """Give ``server`` an observer polling every ``SOURCE_POLL_SECONDS`` for what it is told to watch from now on
    (MkDocs' serve schedules ``config.watch`` after the plugins' on_serve), and start its own observer, which
    already watches docs/ and mkdocs.yml, as it is. Returns that observer, to stop at shutdown; None (nothing
    changed) when the server does not look as expected."""
    observer = getattr(server, "observer", None)
    if not isinstance(observer, PollingObserver) or observer.is_alive():
        return None
    server.observer = PollingObserver(timeout=SOURCE_POLL_SECONDS)
    observer.start()
    return observer


class ServeState:
    """What one `serve` session keeps between builds (see the module's text)."""

    def __init__(self) -> None:
        self.environment: jinja2.Environment | None = None
        self.environment_key: tuple | None = None
        self.site_wide: tuple | None = None  # what the 404 page and the sitemap were last rendered from
        self.written: dict[Path, bytes] = {}

    def theme_environment(self, env: jinja2.Environment, config: MkDocsConfig, env_hooks: int) -> jinja2.Environment:
        """The environment to render with: the session's, when it still fits, else ``env`` (kept for the next build)."""
        if env_hooks > 1:
            # Another plugin changes the environment in its on_env: it must get a new one each build.
            self.environment = self.environment_key = None
            return env
        theme = config.theme
        key = (tuple(theme.dirs), str(theme.locale), _files_under(theme.custom_dir))
        if self.environment is not None and key == self.environment_key:
            return self.environment
        env.auto_reload = True
        self.environment, self.environment_key = env, key
        return env

    def skip_site_wide_templates(self, config: MkDocsConfig, files: Files, dirty: bool) -> list[str]:
        """Leave out the 404 page and the sitemap when what they show is unchanged (only when the site folder is kept).
        Returns the templates left out."""
        signature = self._site_wide_signature(config, files)
        unchanged = dirty and signature == self.site_wide
        self.site_wide = signature
        if not unchanged:
            return []
        skipped = [name for name in SITE_WIDE_TEMPLATES if name in config.theme.static_templates]
        config.theme.static_templates.difference_update(skipped)
        return skipped

    @staticmethod
    def _site_wide_signature(config: MkDocsConfig, files: Files) -> tuple:
        config_file = config.config_file_path
        try:
            stat = os.stat(config_file) if config_file else None
        except OSError:
            stat = None
        return (
            repr(config.nav),
            tuple(sorted(file.src_uri for file in files.documentation_pages())),
            (config_file, stat.st_size, stat.st_mtime_ns) if stat else None,
            repr(dict(config.extra)),
            config.site_name,
            config.site_url,
            _files_under(config.theme.custom_dir),
        )

    def write(self, site_dir: Path, files: Iterable[tuple[str, bytes]], cleaned: bool) -> int:
        """Write each (site path, bytes) under ``site_dir``, skipping what this session last wrote there unchanged
        (unless the folder was ``cleaned`` since). Returns how many were written."""
        if cleaned:
            self.written = {}
        count = 0
        for path, content in files:
            target = site_dir / path
            if self.written.get(target) == content and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            self.written[target] = content
            count += 1
        return count
