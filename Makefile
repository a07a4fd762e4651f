# One entry point for the daily commands. `make run` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := vanguard/static/vendor
export DJANGO_SETTINGS_MODULE ?= vanguard.settings.local

.PHONY: run test test-pg lint migrations-check format bench seed setup venv assets migrate clean prod-local prod-stop bench-load bench-ballots

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Development machines and CI get the test and lint tools too; production installs requirements.txt alone.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.built: node_modules/.package-lock.json Makefile
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/tabler/css $(VENDOR)/tabler/js $(VENDOR)/tabler-icons $(VENDOR)/echarts $(VENDOR)/htmx
	# Only the files the pages load, with their source maps: collectstatic's manifest follows every
	# url() and map a copied file names, and Tabler's other sheets name images it does not ship here.
	cp node_modules/@tabler/core/dist/css/tabler.min.css* $(VENDOR)/tabler/css/
	cp node_modules/@tabler/core/dist/js/tabler.min.js* $(VENDOR)/tabler/js/
	cp node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css $(VENDOR)/tabler-icons/
	cp -r node_modules/@tabler/icons-webfont/dist/fonts $(VENDOR)/tabler-icons/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	touch $@

assets: $(VENDOR)/.built

setup: venv assets

migrate: setup
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --size small --if-empty
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	DJANGO_SETTINGS_MODULE=vanguard.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-pg: setup
	scripts/with-postgres.sh $(MAKE) test

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

format: venv
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

seed: migrate
	$(PY) manage.py seed_demo --size small

bench: setup
	$(PY) bench/run.py

# Production mode on loopback (PostgreSQL, Redis, Celery, gunicorn, nginx under var/prod-local/), then a
# smoke test through nginx; prod-stop stops exactly what prod-local started. deploy/README.md for servers.
prod-local:
	scripts/prod-local.sh start

prod-stop:
	scripts/prod-local.sh stop

# Load test (bench/load.py) against the same production mode with the large demo, in var/prod-large/ on its
# own ports (8490 nginx): started if nothing runs there (the first seed takes several minutes; the data stays
# between runs) and then stopped again; left running if it ran before. LOAD_ARGS e.g. --duration 30.
LOAD_ENV := PROD_LOCAL_SIZE=large PROD_LOCAL_DIR=$(CURDIR)/var/prod-large PROD_HTTP_PORT=8490 \
	PROD_APP_PORT=8491 PROD_PG_PORT=55491 PROD_REDIS_PORT=56491
bench-load:
	@if $(LOAD_ENV) scripts/prod-local.sh status | grep -q '运行中'; then started=0; else started=1; fi; \
	$(LOAD_ENV) scripts/prod-local.sh start || exit 1; \
	$(PY) bench/load.py http://127.0.0.1:8490 $(LOAD_ARGS); rc=$$?; \
	if [ $$started = 1 ]; then $(LOAD_ENV) scripts/prod-local.sh stop; fi; exit $$rc

# Ballots on the embedded default: 50 a second for 60 s against runserver on a copy of the large cache.
bench-ballots: setup
	$(PY) bench/ballot_load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles var
