# Two commands do all set-up on a fresh machine:
#   make run   - install and start stepdown on its embedded SQLite default
#   make test  - install everything and run ruff, a strict docs build and the whole test suite
PY ?= python3
VENV := .venv
export NO_MKDOCS_2_WARNING := 1
BIN := $(VENV)/bin

.PHONY: run test install system-deps bench docs

$(BIN)/stepdown: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/stepdown

run: install
	$(BIN)/stepdown serve

# Browser, PDF tools and a Unicode font for the end-to-end and report tests come from Debian's packages.
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null \
		|| [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(SYSTEM_PACKAGES); \
		else echo "Please install Debian's packages: $(SYSTEM_PACKAGES)"; exit 1; fi; fi

test: install system-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/mkdocs build --strict --quiet --site-dir $$(mktemp -d)
	$(BIN)/pytest -n 2 -q

# The reference site (docs/ + the CLI reference generated from the click commands), built offline.
docs: install
	$(BIN)/mkdocs build --strict

bench: install
	for f in bench/*.py; do $(BIN)/python $$f; done
