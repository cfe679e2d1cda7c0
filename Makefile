# Two commands on a fresh machine: `make site` (set up + build; `make serve` to preview) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site site-properdocs site-zensical serve test lint check bench bench-worst pdf clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The same site with ProperDocs, the maintained MkDocs 1.x fork (a drop-in: it runs the same plugin and theme).
site-properdocs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/properdocs build --strict -f mkdocs.yml --site-dir site-properdocs

# The same site with Zensical, which runs no third-party plugin: the engine writes its pages into a docs folder
# and a configuration (commentary write-docs), Zensical builds that. Zensical lives in its own venv.
ZENSICAL_VENV := .venv-zensical
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet -r requirements-zensical.txt
	touch $@

site-zensical: $(STAMP) $(ZENSICAL_VENV)/.installed
	$(BIN)/commentary write-docs build/zensical --pdf
	$(ZENSICAL_VENV)/bin/zensical build --clean -f build/zensical/mkdocs.yml
	rm -rf site-zensical && mv build/zensical/site site-zensical

# --dirtyreload: after a save only the pages whose Markdown changed are rendered again (see README, Performance).
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirtyreload

check: $(STAMP)
	$(BIN)/commentary check

# axe-core for the accessibility tests, at the version in tests/browser/package-lock.json
# (a stamp, because npm gives unpacked files a fixed 1985 mtime).
AXE_STAMP := tests/browser/node_modules/.installed
# Without npm (a bare machine) the accessibility tests skip with a reason instead of failing the run.
$(AXE_STAMP): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "npm not found: the accessibility tests will be skipped (CI installs npm)" >&2; \
	fi

# ESLint for the site's scripts, at the versions in lint/package-lock.json (a stamp, as for axe-core).
ESLINT_STAMP := lint/node_modules/.installed
ESLINT := lint/node_modules/.bin/eslint
SCRIPTS := src/commentary_build/assets overrides/partials/early.js.html
$(ESLINT_STAMP): lint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix lint --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "npm not found: the scripts cannot be linted (CI installs npm)" >&2; \
	fi

# Lint first: a style or type error fails in seconds instead of after the suite.
# lint/tree.py: no merge-conflict marker anywhere in the tree, and every stylesheet parses (Python, always runs).
# ESLint on assets/: without npm it is skipped with a warning, except in CI (CI=true), where that fails.
lint: $(STAMP) $(ESLINT_STAMP)
	$(BIN)/ruff check src plugins tests bench lint
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/python lint/tree.py
	@if [ -x $(ESLINT) ]; then \
	  $(ESLINT) --config lint/eslint.config.mjs $(SCRIPTS) && echo "eslint: $(SCRIPTS): no problems"; \
	elif [ -n "$${CI:-}" ]; then \
	  echo "eslint is not installed (npm missing): the scripts are not linted" >&2; exit 1; \
	else \
	  echo "warning: eslint is not installed (npm missing): the scripts are not linted" >&2; \
	fi

test: lint $(AXE_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python -m bench

# The worst contributor inputs known, one file each at the 512 KiB limit: check time and peak memory.
bench-worst: $(STAMP)
	$(BIN)/python -m bench --worst

clean:
	rm -rf site site-properdocs site-zensical build/zensical $(VENV) $(ZENSICAL_VENV) .pytest_cache lint/node_modules
