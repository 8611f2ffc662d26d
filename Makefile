# Samverkan: `make run` serves the platform with demo content; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: install demo run test lint format clean screenshots

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content

run: demo
	@$(MANAGE) create_local_admin
	@echo "Sites:"
	@$(MANAGE) site_urls
	$(MANAGE) runserver 0.0.0.0:8000

test: install
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# Every home page at 1280 and 390 pixels wide, from a headless Chromium
# (tests/browser/screenshots.py), into docs/screenshots/.
screenshots: install
	$(BIN)/pytest -p no:xdist -q tests/browser/screenshots.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media static var

# Load the sites and the API with wrk at the demo size and at a large size (bench/run.py):
# needs PostgreSQL on 127.0.0.1:5432 and wrk (installed with apt-get when missing and root).
# Prints a Markdown table and writes bench/results.md. E.g. BENCH_ARGS="--sizes demo".
.PHONY: bench
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Security and operations (issue #7, README "Security and operations"): schemathesis
# against the API schema, and 50 users for two minutes while an editor publishes; each
# against gunicorn on 127.0.0.1 with the demo content (ops/fuzz.py, ops/loadtest.py).
.PHONY: fuzz loadtest
fuzz: install
	$(BIN)/python ops/fuzz.py

loadtest: install
	$(BIN)/python ops/loadtest.py
