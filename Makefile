# Multivende help center. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install serve build test check lint chromium bench

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "Settings: SERVE_ADDR=127.0.0.1:8001 make serve (another port), make check Q=1 (no notices)"

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

install: $(VENV)/.installed ## Create .venv from the pinned requirements

SERVE_ADDR ?= 127.0.0.1:8000
MKDOCS_CONFIG ?= mkdocs.yml
SERVE_FLAGS ?=
serve: install ## Preview on http://127.0.0.1:8000: every save rebuilds what it changes (SERVE_ADDR=127.0.0.1:8001 for another port)
	@$(PY) scripts/port_free.py $(SERVE_ADDR)
	$(MKDOCS) serve --dirty -f $(MKDOCS_CONFIG) --dev-addr $(SERVE_ADDR) $(SERVE_FLAGS)

build: install ## Strict build of both languages into site/
	$(MKDOCS) build --strict

check: install ## Check every article and data file without building (Q=1: problems only, no notices)
	@$(PY) scripts/check_content.py $(if $(Q),-q)

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@bash scripts/ensure-chromium.sh

TEST_WORKERS ?= 2
test: install chromium ## Set everything up, then run every test (TEST_WORKERS=2 processes)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile || { status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest collected no test (exit 5)" >&2; fi; \
	  exit $$status; }

.PHONY: audit publish-dir
audit: install ## Strict build into a temporary folder, then check links, anchors, foreign loads
	$(PY) scripts/audit_site.py

publish-dir: install ## Strict build + audit beside site/, then swap it in (ALLOW_MISSING=1: publish with empty Help Center addresses)
	$(PY) scripts/publish_site.py --site-dir site $(if $(filter 1,$(ALLOW_MISSING)),--allow-missing-addresses)

lint: install ## Ruff (lint and format check) on the core, hooks, scripts and tests
	$(VENV)/bin/ruff check helpcenter hooks scripts tests
	$(VENV)/bin/ruff format --check helpcenter hooks scripts tests

bench: install chromium ## Benchmarks: build, check, preview, search, phone (BENCH_ARTICLES=N: one size; BENCH_FLAGS=--phone: the phone rows alone)
	BENCH_ARTICLES="$(BENCH_ARTICLES)" $(PY) scripts/bench.py $(BENCH_FLAGS)

.PHONY: screenshots
screenshots: install chromium ## PNGs of every page type at 375 and 1280 px, both languages, into screenshots/
	$(PY) scripts/screenshots.py

.PHONY: wizard-diagram
wizard-diagram: install ## Redraw the contact wizard's diagram in README.md from data/contact-tree.yml
	$(PY) scripts/wizard_diagram.py

.PHONY: search search-stemmers
search: install ## What search answers to q="…" (lang=en for English), from the last build in site/
	$(PY) scripts/search_query.py --lang "$(or $(lang),es)" "$(q)"

search-stemmers: install ## Regenerate the browser's Snowball stemmers after upgrading snowballstemmer
	$(PY) scripts/build_search_stemmers.py
