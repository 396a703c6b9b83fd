# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench lock clean venv

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsgraph demo --no-serve

test: $(STAMP)
	$(PY) -m pytest

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
	rm -rf $(VENV) newsgraph-demo.db* .pytest_cache
