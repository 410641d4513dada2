# Ориентир: `make run` sets up and starts the system on SQLite with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test setup deps test-deps migrate demo serve lint bench clean

run: deps migrate demo serve

# The virtual environment is rebuilt only when the pinned requirements change.
$(VENV)/.deps: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.test-deps: $(VENV)/.deps requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

deps: $(VENV)/.deps

test-deps: $(VENV)/.test-deps

migrate: deps
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo --if-empty

serve:
	@echo ""
	@echo "Ориентир запущен: http://$(HOST):$(PORT)/  (остановить: Ctrl+C)"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Unit, HTTP and browser tests. PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: test-deps
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

bench: test-deps
	DEBUG=1 $(PY) bench/run.py

clean:
	rm -rf $(VENV) var/orientir.sqlite3* .pytest_cache
