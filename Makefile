# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint format lock airflow celery-check mirror bench eval clean

install: $(STAMP)

# Setup is skipped while the lock file and pyproject are unchanged since the last install.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	# Bytecode compiled at install: every `zonewatch` process (one per crawl task) starts without
	# recompiling its libraries, also where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . --config-settings editable_mode=compat
	touch $(STAMP)

demo: install
	$(BIN)/zonewatch demo

# Test processes (pytest-xdist). The suite mostly waits (Airflow, Chromium, crawls over loopback,
# PostgreSQL), so three processes keep two cores busy; TEST_WORKERS=0 runs it serially in one process.
# Measured (README, Benchmarks): about 255 s on a fresh clone (2 cores, load ~4), 376 s at load ~8;
# serially 529 s at load ~4.
TEST_WORKERS ?= 3

test: install
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: install
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin after changing the ranges in pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

# The nightly DAG on a real CeleryExecutor cluster (Redis, PostgreSQL, two workers), then a worker
# killed mid-crawl. Needs redis-server and the PostgreSQL server of ZONEWATCH_TEST_PG_URL.
celery-check: install
	$(BIN)/python scripts/celery_check.py

mirror: install
	$(BIN)/zonewatch mirror

# AIRFLOW_PORT (default 8080) moves the API server and the tasks' API address together; one
# Ctrl-C stops every process within about 10 s.
airflow: install
	$(BIN)/python scripts/airflow_local.py

# Extraction against the gold of ../shared: per document P/R/F1, then the missed, extra and wrong records.
eval: install
	$(BIN)/python -m parsers.records.evaluate

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
