# Ориентир: `make run` sets up and starts the system on SQLite with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Tests run in parallel, one worker per core; `make test TEST_WORKERS=0` runs them in this process. A worker that runs
# out of tests takes some from the other's queue: the browser journeys (seconds each) come last in the collection, and
# with a fixed split one worker ran them alone for minutes while the other stood idle.
TEST_WORKERS ?= auto
TEST_DIST := --dist worksteal
# Days of the year the non-browser suite is also run on (`make test-dates`, CI): winter, summer, the new school year.
TEST_DATES ?= 2027-01-10 2027-06-20 2027-09-15
HOST ?= 127.0.0.1

.PHONY: run test test-dates setup deps test-deps migrate demo serve lint bench mutate clean

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

# The server and, beside it, the worker of background jobs (big exports, report books: orientir/jobs): the database
# backend's `db_worker`, so nothing else needs to run. Ctrl+C (or the server ending) stops the worker too.
serve:
	@echo ""
	@echo "Ориентир запущен: http://$(HOST):$(PORT)/  (остановить: Ctrl+C)"
	@echo ""
	@DEBUG=1 $(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Обработчик фоновых заданий запущен (процесс $$worker)."; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Lint, unit, HTTP and browser tests. PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: test-deps lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) $(TEST_DIST)

# The non-browser suite once more on each of TEST_DATES, the clock set there (conftest.py: ORIENTIR_TEST_TODAY):
# a test that holds only in part of the year fails here, not on the day the calendar reaches it. Tests marked
# `dateless` (walks over every page for input bounds, file names, read logs; the workbook fuzz) run once, in `test`;
# tests marked `today(...)` live on their own date whatever the clock says, so a second run would repeat the first.
# The permission matrices ask only the roles let through on these days: the gate reads no clock, so a refusal was
# already checked today (accounts/tests/matrix_kit.py, DATE_RUN).
test-dates: test-deps
	@for day in $(TEST_DATES); do \
	  echo "== the non-browser suite on $$day"; \
	  ORIENTIR_TEST_TODAY=$$day $(PY) -m pytest -n $(TEST_WORKERS) $(TEST_DIST) -m "not browser and not dateless and not today" || exit 1; \
	done

lint: test-deps
	$(PY) -m ruff check .

bench: test-deps
	DEBUG=1 $(PY) bench/run.py

# Mutation testing of the modules where a wrong line hurts people (docs/mutation.md); not part of `make test`: it
# takes a while. Each run starts afresh; `make mutate MUTANTS='orientir.forecast.rates.*'` re-tests only those
# mutants on the last run's copy (mutants/). Always on SQLite, MUTATE_WORKERS processes at a time.
MUTATE_WORKERS ?= 2
MUTANTS ?=
mutate: test-deps
	@$(PY) -m pip show mutmut 2>/dev/null | grep -qx 'Version: 3.8.1' || $(PY) -m pip install --quiet mutmut==3.8.1
	@if [ -z "$(MUTANTS)" ]; then rm -rf mutants; fi
	env -u DATABASE_URL $(PY) tools/mutate.py run --max-children $(MUTATE_WORKERS) $(foreach m,$(MUTANTS),'$(m)')
	@$(PY) tools/mutate.py summary

clean:
	rm -rf $(VENV) var/orientir.sqlite3* .pytest_cache
