# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_SETTINGS_MODULE ?= portal.settings

.PHONY: run test test-prod lint format install install-dev migrate seed bench clean dev-env

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/.seeded: | $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	touch $@

## make dev-env: a development .env (DEBUG=1) when there is none, so `python manage.py …` works as README prints it.
## An existing .env is never touched. settings.py reads .env; the environment wins over it (docs/decisions/0751).
dev-env:
	@if [ -f .env ]; then echo ".env exists; left as it is"; else \
	  printf '%s\n' \
	    '# Development settings, written by `make dev-env` (make run does it when .env is missing).' \
	    '# DEBUG=1 gives the development defaults: SQLite, file cache and filesystem broker under var/, a dev' \
	    '# secret key, localhost hosts, emails printed to the console. Production never reads this file: the' \
	    '# compose stack sets DEBUG=0 itself and the image does not contain it (.dockerignore).' \
	    'DEBUG=1' \
	    '# DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal' \
	    '# REDIS_URL=redis://127.0.0.1:6379/0' \
	    '# EMAIL_URL=filemail://var/mail' > .env; \
	  echo "wrote .env (development: DEBUG=1)"; fi

## make run: development stack on http://127.0.0.1:8000 with a Celery worker and beat (SQLite, no servers).
run: $(VENV)/.installed dev-env
	DEBUG=1 $(PY) manage.py migrate --noinput
	@$(MAKE) --no-print-directory var/.seeded
	DEBUG=1 $(VENV)/bin/honcho start -f Procfile

## make test: the whole suite; uses DATABASE_URL / REDIS_URL when set (PostgreSQL and Redis in CI).
test: $(VENV)/.installed-dev
	@if [ -f package.json ] && command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; fi
	DJANGO_SETTINGS_MODULE=portal.settings_test $(VENV)/bin/pytest $(PYTEST_ARGS)

## make test-prod: the production-shape suite (tests/prod, marker `prod`): nginx with deploy/nginx/portal.conf →
## gunicorn (2 sync workers) → PostgreSQL + Redis, Celery worker and beat, DEBUG=0, mail to a local SMTP sink.
## The servers run from a venv built from requirements.txt ALONE (var/prodvenv, rebuilt when requirements.txt
## changes); pytest and Playwright run from the dev venv. Needs PostgreSQL on 127.0.0.1:5432 (PROD_PG), nginx,
## redis-server and chromium. See README "Deploying".
PRODVENV := var/prodvenv
REQ_HASH = $(shell sha256sum requirements.txt | cut -c1-16)
test-prod: $(VENV)/.installed-dev
	@if [ ! -f $(PRODVENV)/.req-$(REQ_HASH) ]; then \
	  rm -rf $(PRODVENV) && $(PYTHON) -m venv $(PRODVENV) && \
	  $(PRODVENV)/bin/pip install --quiet --upgrade pip && \
	  $(PRODVENV)/bin/pip install --quiet -r requirements.txt && touch $(PRODVENV)/.req-$(REQ_HASH); \
	fi
	PORTAL_PROD_VENV=$(PRODVENV) DJANGO_SETTINGS_MODULE=portal.settings_test \
	  $(VENV)/bin/pytest tests/prod -m prod $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

## make bench: load and scale benchmarks against PostgreSQL and Redis on 127.0.0.1 (wrk, nginx, gunicorn started
## natively); writes bench/RESULTS.md. BENCH_ARGS="--quick" for a short development run. See bench/README.md.
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	@if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk nginx-light; \
	  else echo "make bench needs wrk and nginx: sudo apt-get install wrk nginx-light"; exit 1; fi; \
	fi
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf var/cache var/celery var/test
