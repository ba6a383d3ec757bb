# Two commands: `make run` and `make test`. Each sets up what it needs on a fresh machine
# that has only Python 3.11 (a virtualenv in .venv; for the tests, Debian's chromium, nginx and nodejs).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
NGINX ?= /usr/sbin/nginx
NODE ?= $(shell command -v node || echo /usr/bin/node)

.PHONY: run curate test bench load serve-many validate boundaries clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests and image exports drive Debian's chromium (no browser download is possible here).
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "install chromium at $(CHROMIUM) (Debian: apt-get install chromium)"; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

# The app alone needs no browser: without chromium, only the PNG/SVG/PDF exports are unavailable (the app says so).
run: $(STAMP)
	$(BIN)/python -m streamlit run serve.py

# The curation server, apart from the served app: editors sign in (python -m geo.editors add NAME) to add
# sources and ties. Loopback only, whatever the configuration says.
curate: $(STAMP)
	$(BIN)/python -m streamlit run curate.py --server.address 127.0.0.1 --server.port 8502

# The player's parts are unit-tested under Node's own test runner (tests/js; no npm packages).
$(NODE):
	@command -v apt-get >/dev/null || { echo "install Node.js at $(NODE) (Debian: apt-get install nodejs)"; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs

test: $(STAMP) $(CHROMIUM) $(NGINX) $(NODE)
	$(BIN)/python -m geo validate
	$(BIN)/python -m pytest

bench: $(STAMP) $(CHROMIUM)
	$(BIN)/python bench/run.py

# Several app processes behind nginx (deploy/many.py). The recipe runs its own nginx on 127.0.0.1 with
# its own configuration: the distribution's service, with its default site on every interface, is left off.
$(NGINX):
	@command -v apt-get >/dev/null || { echo "install nginx at $(NGINX) (Debian: apt-get install nginx-light)"; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light
	-command -v systemctl >/dev/null && $(SUDO) systemctl disable --now nginx

# Many sessions at once through Streamlit's protocol, on one server and behind nginx (bench/load.py).
load: $(STAMP) $(NGINX)
	$(BIN)/python -m bench.load

serve-many: $(STAMP) $(NGINX)
	$(BIN)/python -m deploy.many

validate: $(STAMP)
	$(BIN)/python -m geo validate

# Rebuild data/boundaries from Natural Earth (needs npm); the app only reads the derived files, so
# the libraries that derive them (the `boundaries` extra) are installed here, not by `make run`.
boundaries: $(STAMP)
	$(BIN)/pip install --quiet -e '.[boundaries]'
	$(BIN)/python scripts/build_boundaries.py

clean:
	rm -rf $(VENV) .pytest_cache
