PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv dev clean bench bench-sweep bench-optimize readme validate compile all-extras

$(BIN)/deter: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[cluster,discover,explore,optimize]'
	@touch $@

$(VENV)/.dev: $(BIN)/deter
	$(BIN)/pip install --quiet -e '.[dev,cluster,discover,explore,optimize]'
	@touch $@

# `make demo` installs every extra (the explorer, discovery, Dask): every command in the README works.
all-extras: $(BIN)/deter

venv: $(BIN)/deter

dev: $(VENV)/.dev

demo: $(BIN)/deter compile
	$(BIN)/deter run scenarios/baseline.yaml

lint: $(VENV)/.dev
	$(BIN)/ruff check sim tests tools benchmarks examples
	$(BIN)/ruff format --check sim tests tools benchmarks examples

# Byte-compile the project's own modules (pip does this for installed packages; where
# PYTHONDONTWRITEBYTECODE is set, nothing else would, and every process and worker would compile
# the sources anew: about 0.5 s each). Stale files are ignored by Python, so this never misleads.
compile: $(BIN)/deter
	@$(BIN)/python -m compileall -q sim tools tests examples benchmarks >/dev/null

test: lint compile
	$(BIN)/python -m pytest

$(VENV)/.bench: $(BIN)/deter
	$(BIN)/pip install --quiet -e '.[bench,cluster,discover,explore,optimize]'
	@touch $@

# Every speed figure: one core, the machine's limit (numpy and compiled), the analyses users wait for,
# and the sweep's scaling from 1 to 2 workers and to 10^7 worlds (about 15 minutes in all).
bench: $(VENV)/.bench
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/reference_kernel.py
	$(BIN)/python benchmarks/compiled_kernel.py
	$(BIN)/python benchmarks/targets.py
	$(BIN)/python benchmarks/sweep_scaling.py

bench-sweep: $(BIN)/deter
	$(BIN)/python benchmarks/sweep_scaling.py

clean:
	rm -rf $(VENV) build *.egg-info
	find sim tools tests examples benchmarks -name __pycache__ -prune -exec rm -rf {} +

readme: $(VENV)/.dev
	$(BIN)/python -m tools.readme README.md

validate: $(BIN)/deter
	$(BIN)/deter validate --facts

bench-optimize: $(BIN)/deter
	$(BIN)/python benchmarks/optimize_time.py
