# The two commands of the README: `make run` and `make test`.
# Works on a fresh machine with Python 3.11, git and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test test-clock lint format check messages benchmark clean

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

# The modules whose behaviour depends on the date and the hour (digests,
# reminders, embargoes, scheduled news, terms and role end dates, meetings,
# reports, tokens), run again with the clock moved away from today: to 23:30
# UTC on 31 December of next year (already the new year in Asia) and to
# about 800 days ahead at another hour. A test tied to the day it was written
# fails here long before that day comes.
TIME_SENSITIVE := tests/notifications/test_digest.py tests/notifications/test_reminders.py \
	tests/notifications/test_events.py tests/notifications/test_benchmark_digest.py \
	tests/monitoring/test_embargo_release.py tests/monitoring/test_rules.py \
	tests/monitoring/test_data_page.py tests/news tests/committee tests/stakeholders \
	tests/meetings tests/activities/test_lifecycle.py tests/activities/test_centres.py \
	tests/activities/test_demo.py tests/activities/test_permission_matrix.py \
	tests/workinggroups tests/api/test_tokens.py tests/partnership/test_schedules.py
CLOCKS = $(shell $(PYTHON) -c "import datetime as d; n = d.datetime.now(d.UTC); \
	print(f'{n.year + 1}-12-31T23:30:00+00:00', \
	(n + d.timedelta(days=800, hours=7)).isoformat(timespec='seconds'))")

## test-clock: the time-sensitive tests again, with the clock moved a year and more ahead
test-clock: $(VENV)/.installed
	@for clock in $(CLOCKS); do \
		echo "== clock moved to $$clock"; \
		$(PY) -m pytest $(TIME_SENSITIVE) -m "not worker and not browser" \
			--clock=$$clock $(PYTEST_ARGS) || exit 1; \
	done

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=partnership.settings.production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789 ALLOWED_HOSTS=portal.example \
		EMAIL_URL=smtp://mail.example:587 SITE_URL=https://portal.example REDIS_URL=redis://redis.example:6379/0 \
		AWS_STORAGE_BUCKET_NAME=portal-files AWS_S3_ENDPOINT_URL=http://s3.example:9000 \
		$(PY) manage.py check --deploy --fail-level WARNING

## messages: refresh the five message catalogues (zh_Hans ru ko ja mn), compile them, list what lacks a translation
messages: $(VENV)/.installed
	$(PY) manage.py catalogues refresh
	$(PY) manage.py catalogues check

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
