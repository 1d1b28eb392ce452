# 居住证积分自测指南 — build, serve and test.
#
# Works on a fresh Debian machine with Python 3.11+ and Node 20+; installs what it needs
# (Python packages into .venv, npm packages into node_modules, Debian's chromium and a CJK font)
# and records each set-up step in a stamp file (.venv/.installed, node_modules/.installed) so
# re-runs are fast. Run as root, or with sudo available.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE := site
PORT ?= 8000
PYTEST_ARGS ?=

# Silence Material's banner about its successor on every build.
export NO_MKDOCS_2_WARNING := 1

# Files loadPyodide() fetches from its indexURL (the .mjs loader, the classic .js loader for
# non-module workers, the Emscripten module and binary, the standard library and the lock file).
PYODIDE_FILES := pyodide.mjs pyodide.js pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip \
	pyodide-lock.json

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: help venv node_modules chromium generate build serve lint format test golden clean distclean

help:
	@echo "make serve     build the site and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test      set up, build, lint and run every test (PYTEST_ARGS=... to narrow)"
	@echo "make build     generate pages, build site/, copy Pyodide and the Python bundle"
	@echo "make lint      ruff check, ruff format --check, mypy"
	@echo "make bench-batch  batch speed and memory for 10,000 client rows (a script, not a test)"
	@echo "make golden    diff examples/expected/ against the calculator (GOLDEN_ARGS=--write rewrites)"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make clean     remove build output and caches (distclean: also .venv, node_modules)"

# ---------------------------------------------------------------------------- set-up

# Each stamp lives inside what it certifies, so deleting .venv or node_modules re-runs the step.
venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "error: Python 3.11 or newer is needed ($(PYTHON) is older)" >&2; exit 1; }
	@# Debian's python3 lacks ensurepip until python3-venv is installed.
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null \
		|| { $(APT_GET) update -q && $(APT_GET) install -y -q python3-venv; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e '.[dev]'
	@touch $@

node_modules: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: Node.js 20+ with npm is needed" >&2; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
		|| { echo "error: Node.js 20 or newer is needed" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# Debian's chromium (Playwright cannot download its own browser here), a Chinese font so
# screenshots show characters, not boxes, and the QR decoder (zbar-tools, librsvg2-bin) for tests.
chromium:
	@command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . \
		|| { $(APT_GET) update -q && $(APT_GET) install -y -q chromium fonts-wqy-zenhei; }
	@# zbarimg decodes the QR codes in tests; rsvg-convert turns their SVG into PNG for it.
	@command -v zbarimg >/dev/null && command -v rsvg-convert >/dev/null \
		|| { $(APT_GET) update -q && $(APT_GET) install -y -q zbar-tools librsvg2-bin; }
	@chromium --version

# ---------------------------------------------------------------------------- build

generate: venv
	$(BIN)/python scripts/build_rules.py
	$(BIN)/python scripts/build_form.py

build: venv node_modules generate
	$(BIN)/mkdocs build --strict --site-dir $(SITE)
	mkdir -p $(SITE)/assets/pyodide $(SITE)/assets/py
	cp $(addprefix node_modules/pyodide/,$(PYODIDE_FILES)) $(SITE)/assets/pyodide/
	$(BIN)/python scripts/bundle_python.py $(SITE)/assets/py/calculator.zip
	# Pyodide memory snapshot + trimmed stdlib (checked against a normal start), prestart.js
	# written into the calculator page, CSP meta tags
	# (hashes of each page's inline scripts), .gz/.br copies (their sizes give the calculator's
	# download size, which build_sw.py writes into its page), the service worker (hashes every
	# file), then copies of what build_sw.py changed.
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/snapshot.mjs --site $(SITE)
	$(BIN)/python scripts/inline_prestart.py $(SITE)
	$(BIN)/python scripts/csp.py $(SITE)
	$(BIN)/python scripts/precompress.py $(SITE)
	$(BIN)/python scripts/build_sw.py $(SITE)
	$(BIN)/python scripts/precompress.py $(SITE)

serve: build
	$(BIN)/python scripts/serve.py --dir $(SITE) --port $(PORT)

# ---------------------------------------------------------------------------- checks

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy calculator scripts

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Expected outputs of examples/*.json (examples/expected/): prints the diff; rewrites only with
# GOLDEN_ARGS=--write.
GOLDEN_ARGS ?=
golden: venv
	$(BIN)/python scripts/golden.py $(GOLDEN_ARGS)

# pytest exits 5 when it collected no test; that must fail loudly, never pass as "nothing to do".
test: venv node_modules chromium build lint
	@rc=0; $(BIN)/python -m pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; fi; \
	exit $$rc

# ---------------------------------------------------------------------------- cleaning

clean:
	rm -rf $(SITE) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules

# ---------------------------------------------------------------------------- benchmark

# Speed figures (a script, not a test): prints a table, writes bench/results.json and a Chrome
# trace of one cold calculator load, bench/trace.json (both ignored).
.PHONY: bench
bench: build chromium
	$(BIN)/python scripts/bench.py --site $(SITE) --trace bench/trace.json

# Batch figures (a script, not a test): 10,000 generated client rows (BENCH_BATCH_ARGS="--rows N
# --plan-rows M" to change), with and without the what-ifs; prints seconds and peak memory.
BENCH_BATCH_ARGS ?=
.PHONY: bench-batch
bench-batch: venv
	$(BIN)/python scripts/bench_batch.py $(BENCH_BATCH_ARGS)
