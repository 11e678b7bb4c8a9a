# Attract: one-command habits. `make run` for a newcomer, `make test` for the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo test lint format bench worker beat clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Attract needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

worker: install
	$(VENV)/bin/celery -A attract worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A attract beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
