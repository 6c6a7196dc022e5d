# Two commands on a fresh machine: `make site` builds the demo portal, `make test` tests it.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: site test serve check bench clean

$(BIN)/gcm-portal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/gcm-portal  ## build the demo portal into site/
	$(BIN)/gcm-portal build

test: $(BIN)/gcm-portal  ## lint, then run every test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

serve: $(BIN)/gcm-portal  ## live preview on http://127.0.0.1:8000/
	$(BIN)/gcm-portal serve

check: $(BIN)/gcm-portal  ## the pull-request gate: content, data and catalogs
	$(BIN)/gcm-portal check

bench: $(BIN)/gcm-portal  ## page weight, build scale and live preview against the plain stack
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/build_scale.py
	$(BIN)/python bench/serve_reload.py

clean:
	rm -rf site site.building site.previous
