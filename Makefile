# Two commands for a new user: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint typecheck pytest sysdeps testdeps bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# WeasyPrint needs Pango (and HarfBuzz) from the system; pdftotext/qpdf check the PDFs.
sysdeps: $(STAMP)
	@bash scripts/sysdeps.sh $(BIN)/python

# The tests also drive Debian's chromium through Playwright (the web page, tests/web).
testdeps: $(STAMP)
	@bash scripts/sysdeps.sh $(BIN)/python --browser

demo: $(STAMP) sysdeps
	$(BIN)/clex demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest exits 5 when it collected no test: make treats that as a failure too.
pytest: $(STAMP) testdeps
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

test: lint typecheck pytest

# The same checks without the tests marked `slow` (the demo, the README walk-through,
# the durability tests, the long reports): for the edit-test loop.
test-fast: lint typecheck $(STAMP) testdeps
	$(BIN)/python -m pytest -q -n auto --dist loadgroup -m "not slow"

bench: $(STAMP) sysdeps
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
