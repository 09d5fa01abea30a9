# FarmHub: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run sandbox test lint bench clean

# The venv is rebuilt when pyproject.toml changes; the stamp records that.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Migrate the database, load the sample data on a new database (never with a
# token set: a real bot starts empty), then start the bot (or the offline sandbox
# when no token is set).
run: $(STAMP)
	$(BIN)/farmhub db upgrade
	$(BIN)/farmhub sample load --if-empty
	$(BIN)/farmhub run

# The offline sandbox on the bundled database, whether or not a token is set.
sandbox: $(STAMP)
	$(BIN)/farmhub db upgrade
	FARMHUB_TELEGRAM_TOKEN= $(BIN)/farmhub sample load --if-empty
	$(BIN)/farmhub sandbox

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check bot handlers knowledge tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports

# The search quality evaluation (quick); the other benchmarks take minutes each:
# .venv/bin/python bench/{search,prices,stations,fanout}.py, python -m bench.updates,
# python -m bench.sqlite_lock, python -m bench.scale,
# python -m bench.soak (10 minutes of mixed traffic)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/eval_search.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
