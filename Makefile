# Two commands: `make run` and `make test`. Each sets up what it needs on a fresh machine
# that has only Python 3.11 (a virtualenv in .venv, and Debian's chromium for browser tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core

run: $(STAMP)
	$(BIN)/python -m streamlit run app.py

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m geo validate
	$(BIN)/python -m pytest

bench: $(STAMP) $(CHROMIUM)
	$(BIN)/python bench/run.py

validate: $(STAMP)
	$(BIN)/python -m geo validate

clean:
	rm -rf $(VENV) .pytest_cache
