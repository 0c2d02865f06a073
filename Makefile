PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv dev clean bench bench-sweep readme validate

$(BIN)/deter: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/deter
	$(BIN)/pip install --quiet -e '.[dev,cluster,discover,explore]'
	@touch $@

venv: $(BIN)/deter

dev: $(VENV)/.dev

demo: $(BIN)/deter
	$(BIN)/deter run scenarios/baseline.yaml

lint: $(VENV)/.dev
	$(BIN)/ruff check sim tests tools benchmarks examples
	$(BIN)/ruff format --check sim tests tools benchmarks examples

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/deter
	$(BIN)/python benchmarks/throughput.py

bench-sweep: $(BIN)/deter
	$(BIN)/python benchmarks/sweep_scaling.py

clean:
	rm -rf $(VENV) build *.egg-info

readme: $(VENV)/.dev
	$(BIN)/python -m tools.readme README.md

validate: $(BIN)/deter
	$(BIN)/deter validate --facts
