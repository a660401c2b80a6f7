# The two commands of the README: `make run` and `make test`.
# Works on a fresh machine with Python 3.11, git and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test lint format check messages benchmark clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: set up and run the portal with demo data on the embedded default
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runportal $(ADDR)

## test: run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=partnership.settings.production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789 ALLOWED_HOSTS=portal.example $(PY) manage.py check --deploy --fail-level WARNING

## messages: refresh the five message catalogues (zh_Hans ru ko ja mn), compile them, list what lacks a translation
messages: $(VENV)/.installed
	$(PY) manage.py catalogues refresh
	$(PY) manage.py catalogues check

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
