# Everything a new machine needs, from a checkout with nothing installed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs twice: on the embedded SQLite and on this PostgreSQL server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cms
# The Redis databases each run flushes, one per pytest-xdist worker counting
# down from these (tests/api/test_caching.py), apart so both runs can go at once.
TEST_REDIS_URL_SQLITE ?= redis://127.0.0.1:6379/15
TEST_REDIS_URL_POSTGRES ?= redis://127.0.0.1:6379/7
PYTEST_ARGS ?=
# Both cores (pytest-xdist; each worker copies one migrated database, see
# tests/conftest.py), branch coverage of every process, the slowest tests listed.
PYTEST := $(BIN)/coverage run -m pytest --numprocesses=auto --durations=15

.PHONY: run install lock migrate demo test test-sqlite test-postgres coverage test-reliability lint format check bench clean contract contract-tools site-tools example-site bench-site

run: install migrate demo
	@$(MANAGE) dev_superuser --url http://$(HOST):$(PORT)/admin/
	@echo "Serving on http://$(HOST):$(PORT)/ with a background-task worker (log: var/worker.log); Ctrl+C stops both."
	@trap 'kill 0' INT TERM EXIT; \
		$(MANAGE) db_worker --interval 1 >> var/worker.log 2>&1 & \
		$(MANAGE) runserver $(HOST):$(PORT)

# Installs exactly the versions (and hashes) of the lock file; the stamp file
# reinstalls only when it changed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# After changing requirements*.txt: the runtime lock (Dockerfile) and the
# development lock (make install, CI), both with hashes.
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: install
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

migrate: install
	$(MANAGE) migrate --no-input -v 0

demo: migrate
	$(MANAGE) load_demo

# The two databases' runs at once, and the checks beside them: each one's
# tail (its last, longest tests) runs beside the other's work instead of
# leaving a core idle. Every process writes its own coverage data file
# (patch = ["subprocess"] implies parallel).
test: install contract-tools site-tools
	$(BIN)/coverage erase
	$(MAKE) --jobs=3 --output-sync=target check test-sqlite test-postgres
	$(MAKE) coverage

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/hadolint Dockerfile
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install
	TEST_REDIS_URL=$(TEST_REDIS_URL_SQLITE) $(PYTEST) $(PYTEST_ARGS)

# The tests that use no database run on SQLite only (tests/conftest.py says why).
test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL_POSTGRES) \
		$(PYTEST) --database-tests-only $(PYTEST_ARGS)

# Both databases' runs together (fail_under in pyproject.toml).
coverage: install
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

# Real services under load and faults (tests/reliability/): its own PostgreSQL
# cluster on 5433, Redis on 6380, moto's S3, two gunicorn servers behind a
# balancer and two db_workers, all on 127.0.0.1. About ten minutes.
test-reliability: install
	RELIABILITY=1 $(BIN)/pytest tests/reliability -rfEs $(PYTEST_ARGS)

lint: check

# The delivery API's contract (contract/): the tools that check it (pinned in
# its package-lock.json), and the document itself, rewritten from the code
# after a change to a block, a page type or an endpoint; commit the result.
CONTRACT_TOOLS := contract/node_modules/.installed
$(CONTRACT_TOOLS): contract/package-lock.json
	cd contract && npm ci --no-audit --no-fund --loglevel=error
	touch $@

contract-tools: $(CONTRACT_TOOLS)

contract: install contract-tools
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) export_openapi_schema \
		--api cms.urls.delivery_api --indent 2 --sorted --output contract/openapi.json
	contract/node_modules/.bin/openapi-typescript contract/openapi.json --output contract/api.d.ts

# The reference frontend (examples/astro-site/, see its README section): its
# pinned tools, then the site built from a running CMS's export into
# examples/astro-site/dist/ (CMS_URL, by default the `make run` server;
# SITE_URL, where dist/ is served). Type-checked against the committed contract
# first. `cd examples/astro-site && npm run build -- --since` rebuilds what changed.
SITE := examples/astro-site
SITE_TOOLS := $(SITE)/node_modules/.installed
$(SITE_TOOLS): $(SITE)/package-lock.json
	cd $(SITE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

site-tools: $(SITE_TOOLS)

# The demo's carpentry site by default: `make run` serves three sites.
CMS_SITE ?= localhost
example-site: site-tools
	cd $(SITE) && npm run --silent types && ASTRO_TELEMETRY_DISABLED=1 npm run --silent check && \
		CMS_SITE=$(CMS_SITE) npm run --silent build

# Lighthouse (mobile) on the reference site's home, project, news and contact
# pages, built from a fresh demo CMS; prints the scores, LCP and bytes.
bench-site: install site-tools
	$(BIN)/python benchmarks/site_lighthouse.py

# Performance figures, side by side with their baselines (see benchmarks/):
# the delivery API against vanilla Wagtail's API v2 and a bare WSGI app, and the rendition sets of a 24 MP
# photo and a 100 MP panorama against Wagtail and libvips (libvips optional).
bench: install
	$(BIN)/python benchmarks/api_throughput.py
	$(BIN)/python benchmarks/rendition_set.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var static contract/node_modules $(SITE)/node_modules $(SITE)/dist $(SITE)/.cache
