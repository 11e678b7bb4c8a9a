# Attract: one-command habits. `make run` for a newcomer, `make test` for the whole suite.
# Any Python from 3.11 to 3.14 works (Django 5.2 LTS); the newest one found is used, or make PYTHON=/path.
SUPPORTED := python3.14 python3.13 python3.12 python3.11 python3
IS_SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 14))
# A name on PATH may not start (a pyenv shim for a version that is not active), so each one is tried.
ifndef PYTHON
PYTHON := $(shell for p in $(SUPPORTED); do $$p -c '$(IS_SUPPORTED)' >/dev/null 2>&1 && { command -v $$p; break; }; done)
endif
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS="tests/jobs -x".
PYTEST_ARGS ?=

.PHONY: run install migrate demo test lint format bench worker beat clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Attract needs Python 3.11 to 3.14: install one (e.g. python3.13)"; exit 1; }
	@$(PYTHON) -c '$(IS_SUPPORTED)' || \
		{ echo "Attract needs Python 3.11 to 3.14; $(PYTHON) is $$($(PYTHON) -V 2>&1). Try make PYTHON=/path/to/python3.13"; exit 1; }
	@echo "Using $$($(PYTHON) -V 2>&1) ($(PYTHON)) for $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# DEBUG as `run` sets it: with DEBUG off the sandbox app is not installed, so its tables would be missing.
migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput

# seed_demo is idempotent: the first run creates the demo data, later runs only print the sign-ins.
demo: migrate
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py seed_demo

run: demo
	@echo "Attract is starting on http://$(HOST):$(PORT)/ with $$($(PY) -V) (Ctrl-C stops it)"
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	LINKEDIN_SANDBOX=true $(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	@set -e; for script in bench/*.py; do echo "== $$script"; $(PY) $$script; done

worker: install
	$(VENV)/bin/celery -A attract worker --loglevel=info

beat: install
	@mkdir -p var
	$(VENV)/bin/celery -A attract beat --loglevel=info --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles test-artifacts
