# Loket: `make demo` to run it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.12: from PATH, else from pyenv (bin/find-python tries each), else fail with a clear message.
PYTHON ?= $(shell bin/find-python)
MANAGE := $(BIN)/python manage.py
CONSTRAINTS := requirements/constraints.txt

.PHONY: demo install test-tools design test lint format check bench bench-concurrency constraints clean serve loadtest messages screenshots

$(BIN)/.installed: pyproject.toml $(CONSTRAINTS)
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it or run 'make PYTHON=/path/to/python3.12 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]" -c $(CONSTRAINTS)
	touch $@

install: $(BIN)/.installed

# From npm: the NL Design System CSS the citizen pages use, and axe-core for the browser tests.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: it installs the NL Design System CSS (package.json)"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

# The NL Design System CSS, copied from node_modules into build/static (a STATICFILES_DIRS entry):
# the repository holds no copy of it, package-lock.json pins the versions.
NLDS_DIR := build/static/nlds
$(NLDS_DIR)/.collected: node_modules/.installed
	mkdir -p $(NLDS_DIR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(NLDS_DIR)/utrecht-components.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(NLDS_DIR)/voorbeeld-theme.css
	touch $@

design: $(NLDS_DIR)/.collected

test-tools: node_modules/.installed design

# Re-extract the messages of templates and code into locale/ and compile them (docs/translations.md).
messages: install
	$(BIN)/python bin/messages

# Screenshots of the citizen pages at 320 and 1280 px into var/screenshots/ (the browser tests do it too).
screenshots: install test-tools
	$(BIN)/pytest -m browser tests/browser/test_screenshots.py -q

demo: install design
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	bin/demo

test: install test-tools
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint
	mkdir -p var
	DJANGO_SETTINGS_MODULE=forms_platform.settings.test $(MANAGE) makemigrations --check --dry-run

bench: install
	$(BIN)/python bench/run.py

# 20 citizens complete the bezwaarschrift at once for 60 s on the embedded default (SQLite), worker running.
bench-concurrency: install design
	$(BIN)/python bench/concurrent_submits.py

# Production settings on PostgreSQL and Redis: gunicorn, Celery workers and beat (bin/serve, docs/deploy.md).
serve: install design
	bin/serve

# Citizens completing the demo forms against gunicorn, PostgreSQL, Redis and two workers (bench/loadtest.py).
# LOADTEST_ARGS passes options, e.g. make loadtest LOADTEST_ARGS="--users 20 --duration 30 --faults"
loadtest: install design
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

# Renew requirements/constraints.txt: the newest versions pyproject.toml allows, in a clean virtualenv.
constraints:
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found"; exit 1; }
	rm -rf var/constraints-venv
	$(PYTHON) -m venv var/constraints-venv
	var/constraints-venv/bin/python -m pip install --quiet --upgrade pip
	var/constraints-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ sed -n '1,2p' $(CONSTRAINTS); var/constraints-venv/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf var/constraints-venv

clean:
	rm -rf $(VENV) var build
