# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install install-dev content lint format messages superuser clean lighthouse

$(VENV)/.run-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

## make run: a local site on SQLite with the shipped content, at http://127.0.0.1:8000
run: export DEBUG ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install-dev
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_browser_tools.sh
	@bash scripts/ensure_test_tools.sh
	$(PY) -m pytest $(PYTEST_ARGS)

## make lighthouse: Lighthouse on a production-like local site (gunicorn, DEBUG off); fails below 95
lighthouse: install
	PY=$(PY) bash scripts/lighthouse.sh

## make bench: the production stack under wrk at a real help center's size (not part of
## make test; minutes the first time). BENCH_SMALL=1: a quick smoke run. BENCH_DURATION=seconds
## per URL, BENCH_SQLITE=1 also times search on SQLite, BENCH_SEARCH_QUERIES=n uncached searches
## to time (300), BENCH_ONLY=search,suggest loads only those URLs (and the static file),
## BENCH_ARGS=--rebuild builds the data again.
bench: install
	$(PY) -m scripts.bench.run $(BENCH_ARGS)

content: export DEBUG ?= true
content: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content

superuser: export DEBUG ?= true
superuser: install
	$(PY) manage.py createsuperuser

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh and compile the Russian catalogs (needs GNU gettext)
messages: export DEBUG ?= true
messages: install-dev
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=tests --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv
	$(PY) scripts/check_translations.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules test-artifacts
