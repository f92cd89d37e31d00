# One command to run, one to test, on a fresh machine with python3 (3.11+) and make.
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Line coverage of the package after the tests; `make test COV=` runs without it (the tracer
# costs the in-process tests about 60% more CPU time; subprocesses and browsers run untraced).
COV    ?= --cov --cov-report=term
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint bench install install-test

run: install            ## install and serve the demo office on SQLite (one process)
	$(VENV)/bin/antrian serve

test: install-test      ## install what the tests need and run them
	$(PY) scripts/check_browser.py
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(COV)

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
