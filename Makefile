# Dostop: `make run` serves the site, `make test` runs every test. Both do all set-up first.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
VENV := .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.12) inside the repo; elsewhere any python3.12 on PATH will do.
PYTHON ?= $(shell command -v python3.12 || command -v python3)

.PHONY: setup run test test-fast browsers system-deps catalogs clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Dostop needs Python >= 3.12 (found " + sys.version.split()[0] + "): install python3.12 or use pyenv.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[audit,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(VENV)/bin/dostop serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# System packages from Debian: Chromium and ChromeDriver for the browser tests (Selenium Manager
# is never asked to download), PostgreSQL for the storage tests (they start a throwaway cluster
# on loopback with its initdb and pg_ctl), nginx for the scale-out test (two app processes behind
# it on loopback), Java for the Nu Html Checker (vnu-jar from npm ships only the jar). Installed
# with apt when missing and run as root.
SYSTEM_PACKAGES := chromium chromium-driver postgresql nginx-light default-jre-headless

system-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/sbin/nginx ] && command -v java >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	else \
		echo "The tests need Chromium, ChromeDriver, PostgreSQL, nginx and Java: run 'sudo apt-get install $(SYSTEM_PACKAGES)'."; exit 1; \
	fi

# The old name, kept for muscle memory.
browsers: system-deps

test: setup system-deps
	$(VENV)/bin/dostop content check
	$(VENV)/bin/dostop i18n check
	SE_OFFLINE=true $(PY) -m pytest

# The in-process tests only: no browser, no external servers.
test-fast: setup
	$(PY) -m pytest -m "not browser and not slow"

catalogs: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_gettext --add-comments=Translators: --no-location --sort-by-file -o locales/messages.pot --project=Dostop .
	$(VENV)/bin/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) node_modules var reports
