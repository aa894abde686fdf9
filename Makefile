# Each target works from a fresh clone with only python3 installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local development values; a deployment sets its own (docs/architecture.md, "Settings").
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test lint format seed clean bench bench-full

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

seed: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py seed

test: $(VENV)/.installed
	$(BIN)/pytest

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
bench: $(VENV)/.installed $(BENCH_VENV)/.installed
	$(BIN)/python -m bench.run --quick

# The full table of docs/performance.md (1k, 10k and 100k records per kind).
bench-full: $(VENV)/.installed $(BENCH_VENV)/.installed
	$(BIN)/python -m bench.run --reuse

clean:
	rm -rf $(VENV) $(BENCH_VENV) bench/var var staticfiles .pytest_cache .ruff_cache
