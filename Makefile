# Each target works from a fresh clone with only python3 installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local development values; a deployment sets its own (docs/architecture.md, "Settings").
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test test-fast coverage lint format seed clean bench bench-full messages catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The translation catalogs (locale/<language>/LC_MESSAGES/django.po), compiled when they
# change, by polib: nothing but python3 needed (tests/test_catalogs.py checks them).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

messages: $(MO_FILES)

%.mo: %.po | $(VENV)/.installed
	$(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

# After changing a translatable string: bring every catalog up to date with the code, then
# translate what is new (docs/development.md, "Languages").
catalogs: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py makemessages --all --no-obsolete --no-location \
		--ignore=tests --ignore=bench --ignore=var --ignore=staticfiles

run: $(VENV)/.installed messages
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

seed: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py seed

# Tests (docs/development.md). Both cores, a test database per worker, each module's tests
# on one worker (loadfile), so that data a module shares is built once.
WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(WORKERS) --dist loadfile
# Local runs keep the test databases between runs (PostgreSQL); CI builds them anew.
REUSE_DB := $(if $(CI),--create-db,--reuse-db)
# `make test` runs everything. MARKS narrows it (CI: MARKS="not browser" on its second engine);
# RESILIENCE=0 leaves out the resilience tests, which run serially after the rest because
# they restart the local PostgreSQL server.
MARKS ?=
RESILIENCE ?= 1

test: $(VENV)/.installed messages
	$(PYTEST) $(REUSE_DB) -m "not resilience$(if $(MARKS), and $(MARKS))"
ifeq ($(RESILIENCE),1)
	RUN_RESILIENCE=1 $(BIN)/pytest -p no:xdist -m resilience tests/resilience
endif

# The edit-test loop: everything but the browser, fuzzing, resilience and slow tests (those
# that take seconds each: whole-site crawls, servers in other processes, the extra seeds of
# the random write sequences...). It keeps compiled modules and pytest's rewritten asserts
# between runs even where the environment sets PYTHONDONTWRITEBYTECODE (each process would
# otherwise compile everything again: seconds per run).
test-fast: $(VENV)/.installed messages
	env -u PYTHONDONTWRITEBYTECODE $(PYTEST) --reuse-db -m "not browser and not fuzz and not resilience and not slow"

# Branch coverage of the suite (the resilience tests exercise gunicorn in other processes).
coverage: $(VENV)/.installed messages
	$(PYTEST) --create-db -m "not resilience" --cov --cov-report=term-missing:skip-covered --cov-report=json

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark's tools (locust, Datasette) live in a virtualenv of their own.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements.txt
	touch $@

# A short run (1k records, SQLite and PostgreSQL); docs/performance.md.
bench: $(VENV)/.installed $(BENCH_VENV)/.installed messages
	$(BIN)/python -m bench.run --quick

# The full table of docs/performance.md (1k, 10k and 100k records per kind).
bench-full: $(VENV)/.installed $(BENCH_VENV)/.installed messages
	$(BIN)/python -m bench.run --reuse

clean:
	rm -rf $(VENV) $(BENCH_VENV) bench/var var staticfiles .pytest_cache .ruff_cache .coverage coverage.json
