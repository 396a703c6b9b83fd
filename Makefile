# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz eval bench lock clean venv web-assets browser-deps postgres-deps screenshots

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Builds the sample store and prints its summary; in a terminal it then serves the web UI and prints
# the URL (Ctrl-C stops it). Without a terminal (scripts, CI) it stops after the summary.
demo: $(STAMP) web-assets
	$(VENV)/bin/newsgraph demo $$([ -t 0 ] || echo --no-serve)

# Everything but the `fuzz` tests (pyproject's addopts leave them out). The PostgreSQL legs use the
# server .ci/run exports (NEWSGRAPH_TEST_POSTGRES_URL), else the tests start a throwaway one.
test: $(STAMP) web-assets browser-deps postgres-deps
	$(PY) -m pytest

# The long runs (README, "Fuzzing"): hypothesis over every reader and schemathesis over the API with
# many examples each (NEWSGRAPH_FUZZ_EXAMPLES, default 3000), and the hostile files at the sizes of
# the attack run under a memory ceiling. Tens of minutes on two cores.
fuzz: $(STAMP) postgres-deps
	NEWSGRAPH_FUZZ=1 $(PY) -m pytest -m "fuzz or property"

# The browser tests write their screenshots to build/screenshots (git-ignored) on every run; this copies
# them over docs/screenshots, the ones the README shows, when the pages changed on purpose.
screenshots: $(STAMP) web-assets browser-deps
	NEWSGRAPH_REFRESH_SCREENSHOTS=1 $(PY) -m pytest -m browser tests/web/test_web_browser.py tests/web/test_web_workspace_browser.py

# Browser libraries of the web UI, pinned in package.json / package-lock.json, copied out of
# node_modules into the package's static folder (git-ignored; nothing is fetched at run time).
WEB_VENDOR := src/newsgraph/web/static/vendor
web-assets: $(WEB_VENDOR)/.installed

$(WEB_VENDOR)/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	rm -rf $(WEB_VENDOR)
	mkdir -p $(WEB_VENDOR)/leaflet $(WEB_VENDOR)/topojson-client \
		$(WEB_VENDOR)/world-atlas $(WEB_VENDOR)/cytoscape $(WEB_VENDOR)/vis-timeline
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(WEB_VENDOR)/leaflet/
	cp node_modules/topojson-client/dist/topojson-client.min.js node_modules/topojson-client/LICENSE \
		$(WEB_VENDOR)/topojson-client/
	cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE $(WEB_VENDOR)/world-atlas/
	cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE $(WEB_VENDOR)/cytoscape/
	cp node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js \
		node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css \
		node_modules/vis-timeline/LICENSE.md $(WEB_VENDOR)/vis-timeline/
	mkdir -p $(WEB_VENDOR)/uplot
	cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css \
		node_modules/uplot/LICENSE $(WEB_VENDOR)/uplot/
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps:
	test -x /usr/bin/chromium || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

# Debian's PostgreSQL server for the PostgreSQL test legs (tools/pg_test_server.py runs a throwaway
# cluster on 127.0.0.1; nothing is configured system-wide).
postgres-deps:
	test -n "$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" || \
		($(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql)

eval: $(STAMP)
	$(VENV)/bin/newsgraph eval all

bench: $(STAMP)
	$(PY) bench/throughput.py

# Re-pin: fresh venv from requirements.in, then freeze.
lock:
	rm -rf /tmp/newsgraph-lock && $(PYTHON) -m venv /tmp/newsgraph-lock
	/tmp/newsgraph-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned dependencies (pip freeze of a fresh venv from requirements.in); \`make\` installs exactly these."; /tmp/newsgraph-lock/bin/pip freeze) > requirements.lock

clean:
	rm -rf $(VENV) newsgraph-demo.db* .pytest_cache build
