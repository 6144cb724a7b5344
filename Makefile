# The two commands of the quick start: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install lint check

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_offences
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_cases
	$(BIN)/python manage.py seed_demo_custody
	$(BIN)/python manage.py seed_demo_intelligence
	@echo "Athena is starting on http://127.0.0.1:$(PORT) (Ctrl+C stops the web server and the worker)"
	PORT=$(PORT) $(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

test: install
	$(BIN)/python -m pytest

install: $(VENV)/.installed node_modules/.installed

lint: install
	$(BIN)/ruff check .

$(VENV)/.installed: requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Athena needs Python 3.11: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@
