# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint install install-test translations chromium postgresql nginx wrk bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# What prospects read, in every language we ship: .po files in git, the .mo files Flask-Babel
# reads compiled from them here (never committed), again whenever a .po changes.
CATALOGS := landing/translations
MO := $(patsubst %.po,%.mo,$(wildcard $(CATALOGS)/*/LC_MESSAGES/messages.po))

$(CATALOGS)/%/LC_MESSAGES/messages.mo: $(CATALOGS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

install: $(VENV)/.installed $(MO)

install-test: $(VENV)/.installed-test $(MO)

translations: install  ## extract the pages' words into the catalogs; fail if a language lacks one
	$(BIN)/pybabel -q extract -F babel.cfg --add-location=file -w 100 --project=landing \
		-o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel -q update -i $(CATALOGS)/messages.pot -d $(CATALOGS) -w 100 --ignore-obsolete \
		--ignore-pot-creation-date
	$(BIN)/python -m landing.core.catalogs check

run: install  ## create the database (and demo data on first run), then serve on $PORT
	$(BIN)/landing init
	@echo "Serving on http://127.0.0.1:$(PORT), with the notice worker  (Ctrl+C stops both)"
	@$(BIN)/landing worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} \
		--access-logfile - 'landing:create_app()'

chromium:  ## Debian's chromium for the browser tests; browsers cannot be downloaded here
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

postgresql:  ## Debian's PostgreSQL for the second test pass, unless LANDING_TEST_DATABASE_URL names one
	@[ -n "$$LANDING_TEST_DATABASE_URL" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

nginx:  ## Debian's nginx: tests/web/test_nginx_deploy.py runs deploy/nginx/*.conf with it, on its own ports
	@[ -x /usr/sbin/nginx ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }

wrk:  ## the load generator for `make bench`, from Debian
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

lint: install-test
	$(BIN)/ruff check landing tests bench
	$(BIN)/ruff format --check landing tests bench
	$(BIN)/bandit -q -c pyproject.toml -r landing
	$(BIN)/lint-imports

# The suite twice: on SQLite, then on PostgreSQL, the server given in
# LANDING_TEST_DATABASE_URL or else a throwaway one tests/pg_server.py starts and removes.
# Each pass on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: install-test chromium postgresql nginx lint  ## everything CI runs
	env -u LANDING_TEST_DATABASE_URL $(BIN)/pytest -q -n $(PYTEST_WORKERS)
	$(BIN)/python tests/pg_server.py $(BIN)/pytest -q -n $(PYTEST_WORKERS)

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench wrk chromium nginx  ## load and speed benchmarks, on 127.0.0.1 only
	$(BIN)/python bench/page_vs_hello.py
	$(BIN)/python bench/resolve_speed.py
	$(BIN)/python bench/heard_urls.py
	$(BIN)/python bench/call_next_speed.py
	$(BIN)/python bench/results_speed.py
	$(BIN)/python bench/prospect_lists.py
	$(BIN)/python bench/call_session_speed.py
	$(BIN)/python bench/import_speed.py
	$(BIN)/python bench/export_speed.py
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/website_proxy.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
