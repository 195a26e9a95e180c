# zwgk — everything needs only python3 and make (plus Debian packages it installs when missing).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test lint test-pg e2e verify clean messages check-messages format fonts

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# The TrueType CJK font that PDF letters embed (zwgk/disclosure_requests/letters/render.py).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
fonts:
	@test -f $(CJK_FONT) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei)

run: install fonts
	ZWGK_DEMO=1 $(BIN)/zwgk migrate --no-input
	ZWGK_DEMO=1 $(BIN)/zwgk compilemessages --ignore=.venv -v 0
	ZWGK_DEMO=1 $(BIN)/zwgk collectstatic --no-input -v 0
	ZWGK_DEMO=1 $(BIN)/zwgk demo
	ZWGK_DEMO=1 ZWGK_DEMO_PORT=$(PORT) $(BIN)/zwgk demo_site
	ZWGK_DEMO=1 $(BIN)/zwgk publish --rebuild
	ZWGK_DEMO=1 $(BIN)/zwgk serve --port $(PORT)

messages: install
	$(BIN)/python scripts/messages.py make

check-messages: install
	$(BIN)/python scripts/messages.py check

lint: install check-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
# bandit (security.md T20): no high-severity finding outside tests and migrations (the medium
# and low ones are listed by `bandit -r zwgk config scripts -x '*/tests/*,*/migrations/*'`).
	$(BIN)/bandit -q -r zwgk config scripts -x '*/tests/*,*/migrations/*' --severity-level high
	$(BIN)/lint-imports
	$(BIN)/djlint --lint templates zwgk
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/zwgk makemigrations --check --dry-run
# The production-like environment documented in .env.example must pass the deploy checks.
	set -a && . ./.env.example && set +a && \
	  env -u DJANGO_SETTINGS_MODULE $(BIN)/zwgk check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint fonts
	ZWGK_DEMO=1 $(BIN)/zwgk compilemessages --ignore=.venv -v 0
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: install fonts
	ZWGK_DEMO=1 $(BIN)/zwgk compilemessages --ignore=.venv -v 0
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

e2e: install fonts
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	ZWGK_DEMO=1 $(BIN)/zwgk compilemessages --ignore=.venv -v 0
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Long checks (issue 5 items 6, 8 and 10; figures in docs/security.md): every public-form fuzz
# test with FUZZ_EXAMPLES examples each, crash safety with 50 kill -9 on SQLite (after its
# negative control, which must lose records) and 20 immediate PostgreSQL stops, then the locust
# load test against gunicorn + PostgreSQL on 127.0.0.1 for LOAD_SECONDS.
LOAD_SECONDS ?= 300
FUZZ_EXAMPLES ?= 2000
verify: install fonts
	@test -x $(BIN)/locust || $(BIN)/python -m pip install --quiet -e ".[bench]"
	ZWGK_DEMO=1 $(BIN)/zwgk compilemessages --ignore=.venv -v 0
	ZWGK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -k fuzz zwgk
	env -u DATABASE_URL $(BIN)/python bench/crash_safety.py sqlite --kills 5 --control
	env -u DATABASE_URL $(BIN)/python bench/crash_safety.py sqlite --kills 50
	scripts/with-postgres.sh $(BIN)/python bench/crash_safety.py postgres --kills 20
	scripts/with-postgres.sh $(BIN)/python bench/load/run.py --seconds $(LOAD_SECONDS)

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
