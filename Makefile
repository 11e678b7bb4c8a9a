# Attract: one-command habits. `make run` for a newcomer, `make test` for the whole suite.
# Python 3.11 is required (Django 5.2 LTS); the first of python3.11 / python3 that is 3.11 is used.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS="tests/jobs -x".
PYTEST_ARGS ?=

.PHONY: run install migrate demo test lint format bench worker beat clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Attract needs Python 3.11: install python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Attract needs Python 3.11; $(PYTHON) is $$($(PYTHON) -V 2>&1). Try make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# seed_demo is idempotent: the first run creates the demo data, later runs only print the sign-ins.
demo: migrate
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py seed_demo

run: demo
	@echo "Attract is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

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
