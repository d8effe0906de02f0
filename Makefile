# Loket: `make demo` to run it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.12: from PATH, else from pyenv (bin/find-python tries each), else fail with a clear message.
PYTHON ?= $(shell bin/find-python)
MANAGE := $(BIN)/python manage.py

.PHONY: demo install test lint format check bench bench-concurrency clean serve loadtest

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it or run 'make PYTHON=/path/to/python3.12 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	bin/demo

test: install
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
bench-concurrency: install
	$(BIN)/python bench/concurrent_submits.py
# Production settings on PostgreSQL and Redis: gunicorn, Celery workers and beat (bin/serve, docs/deploy.md).
serve: install
	bin/serve

# Citizens completing the demo forms against gunicorn, PostgreSQL, Redis and two workers (bench/loadtest.py).
# LOADTEST_ARGS passes options, e.g. make loadtest LOADTEST_ARGS="--users 20 --duration 30 --faults"
loadtest: install
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) var
