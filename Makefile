# Lernhafen: `make run` starts the whole embedded site, `make test` checks everything. See README.md.
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test install system-packages migrate demo lint format check pytest e2e faults bench messages clean

run: install migrate demo
	scripts/run-dev

test: install lint check pytest

install: system-packages $(VENV)/.installed node_modules/.installed

system-packages:
	scripts/install-system-packages

$(VENV)/.installed: requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate:
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable

demo:
	$(PY) manage.py seed_demo

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check templates
	$(PY) scripts/check_security_doc

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

check:
	DJANGO_SETTINGS_MODULE=learning.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=learning.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

e2e:
	$(VENV)/bin/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Fault injection and the load test on the production shape (tests/faults): its own PostgreSQL, Redis,
# gunicorn, Celery worker and beat on loopback. FAULTS_LOAD_SECONDS shortens the load test (default 300).
faults: install
	$(VENV)/bin/pytest -m faults tests/faults -v $(PYTEST_ARGS)

# Benchmarks on a throw-away seeded site (never part of `make test`); see bench/README.md.
bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

# Compiles the gettext catalogues in locale/ after a .po changed (msgfmt from Debian's gettext); the .mo files are
# committed, so nothing else needs gettext.
messages:
	for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po"; done

# Refreshes requirements.lock from pyproject.toml (exact versions with hashes).
lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) node_modules var staticfiles
