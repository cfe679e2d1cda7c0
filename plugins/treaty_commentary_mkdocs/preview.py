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
  wrote into the same folder (a build that cleans the folder writes them all). What no page shows (the
  Akoma Ntoso and the JSON API) is made after the page is served (the plugin's ``on_post_build``).
- **the list of the theme's static files**: MkDocs lists every file of the theme's folders on every
  build (Material ships some 14,000, nearly all icons, each tested against a dozen patterns), to copy
  its CSS, scripts and images. The list is kept while the theme's folders (their own modification
  times), its static templates and the files of ``custom_dir`` are those of the last build.

And one thing a preview need not do at all: **Material's search index**, which the plugin deletes after
every build when Pagefind indexes the site (its ``search`` option); Material's search plugin is kept
from reading every rendered page (``leave_out_material_search_index``).
"""

from __future__ import annotations

import os
import re
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
# The filter MkDocs lists the theme's static files with (mkdocs/structure/files.py), the one listing kept.
_THEME_FILES_FILTER = "Files.add_files_from_theme.<locals>.filter"
# What Material's search plugin removes from every page it indexes (attributes meant for its index).
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def leave_out_material_search_index(config: MkDocsConfig) -> bool:
    """Keep Material's search plugin, in this build, from indexing each page and writing an index the plugin deletes
    (the search box it draws stays). Returns whether it was left out; the plugin then removes from each page the
    attributes Material would have (``without_search_attributes``), so the page is as a full build draws it."""
    for name, plugin in config.plugins.items():
        if type(plugin).__module__.startswith("material.plugins.search") and name.endswith("search"):
            for event in ("page_context", "post_build"):
                config.plugins.events[event] = [handler for handler in config.plugins.events[event] if getattr(handler, "__self__", None) is not plugin]
            return True
    return False


def without_search_attributes(content: str) -> str:
    return _SEARCH_ATTRIBUTES.sub("", content)


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


def _modified(folder: str) -> int | None:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


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
        self.theme_files: list[str] = []
        self.theme_files_key: tuple | None = None

    def keep_theme(self, config: MkDocsConfig) -> None:
        """Make ``Theme.get_env`` of this build give the session's environment while it fits (``theme_environment``), and
        an environment that lists the theme's static files from the session's list while that fits (see the module's text).
        To run before any plugin asks for an environment (Material's search reads its language file in its on_config)."""
        theme = config.theme
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            if self.environment is not None and self._environment_key(config) == self.environment_key and len(config.plugins.events["env"]) <= 1:
                return self.environment
            env = make_env()
            list_templates = env.list_templates

            def listed(extensions=None, filter_func=None) -> list[str]:
                if extensions is not None or getattr(filter_func, "__qualname__", None) != _THEME_FILES_FILTER:
                    return list_templates(extensions, filter_func)
                key = (tuple((folder, _modified(folder)) for folder in theme.dirs), tuple(sorted(theme.static_templates)),
                       _files_under(theme.custom_dir))
                if key != self.theme_files_key:
                    self.theme_files, self.theme_files_key = list_templates(extensions, filter_func), key
                return list(self.theme_files)

            env.list_templates = listed  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def theme_environment(self, env: jinja2.Environment, config: MkDocsConfig, env_hooks: int) -> jinja2.Environment:
        """The environment to render with: the session's, when it still fits, else ``env`` (kept for the next build)."""
        if env_hooks > 1:
            # Another plugin changes the environment in its on_env: it must get a new one each build.
            self.environment = self.environment_key = None
            return env
        key = self._environment_key(config)
        if self.environment is not None and key == self.environment_key:
            return self.environment
        env.auto_reload = True
        self.environment, self.environment_key = env, key
        return env

    @staticmethod
    def _environment_key(config: MkDocsConfig) -> tuple:
        theme = config.theme
        return (tuple(theme.dirs), str(theme.locale), _files_under(theme.custom_dir))

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
