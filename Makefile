# newsprism: `make demo` sets everything up and runs the main job on the bundled samples;
# `make test` runs the whole test suite (.ci/run calls exactly that).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.db
STAMP   = $(VENV)/.installed

.PHONY: demo test lint install browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/newsprism --db $(DB) ingest samples/
	$(BIN)/newsprism --db $(DB) articles
	@bash scripts/demo-tail.sh "$(BIN)/newsprism" "$(DB)"

browser:
	bash scripts/install-chromium.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
