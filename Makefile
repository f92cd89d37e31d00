# One command to run, one to test, on a fresh machine with python3 (3.11+) and make.
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Line coverage of the package after the tests; `make test COV=` runs without it (the tracer
# costs the in-process tests about 60% more CPU time; subprocesses and browsers run untraced).
COV    ?= --cov --cov-report=term
# The tests run in parallel processes (pytest-xdist), one per core and at most 4: many wait on
# live servers and Chromium. A test file stays whole on one process, the heaviest files first
# (tests/conftest.py); each process has its own databases and ports (tests/support/workers.py).
# `make test XDIST=` runs them in one process.
JOBS   ?= $(shell python3 -c "import os; print(max(1, min(4, os.cpu_count() or 1)))")
XDIST  ?= -n $(JOBS) --dist loadfile --no-loadscope-reorder
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint bench install install-test

run: install            ## install and serve the demo office on SQLite (one process)
	$(VENV)/bin/antrian serve

test: install-test      ## install what the tests need and run them
	$(PY) scripts/check_browser.py
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(XDIST) $(COV)

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test     ## the benchmarks of bench/, printing their figures
	for b in bench/[!_]*.py; do [ $$b = bench/soak.py ] || $(PY) $$b || exit 1; done  # soak: 30 min, run on its own

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

install-test: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	bash scripts/ensure-chromium
