# Netzwerkatlas developer tasks.
#   make run    set everything up on this machine and start the site on http://127.0.0.1:8000
#               (another address or port: make run ADDRESS=0.0.0.0:8080, or ADDRESS=8080)
#   make test   the whole test suite on PostgreSQL, smoke tests on SQLite, Django's checks
# See README.md, section "Quick start".

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

# Python 3.11 is required (pyproject.toml); prefer an explicit python3.11 if there is one.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-lock
# Where `make run` serves: host:port or a port alone (runserver's addrport). Set on the command
# line or in the environment: make run ADDRESS=0.0.0.0:8080, ADDRESS=8080 make run.
ADDRESS ?= 127.0.0.1:8000

# apt-get needs root; everybody else goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Waits for a dpkg lock held by another apt-get instead of failing at once.
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: help install run migrate seed admin test clean lock

help:
	@echo "make run      install, migrate, load the seed network, ensure the 'admin' superuser,"
	@echo "              then serve on $(ADDRESS) (elsewhere: make run ADDRESS=0.0.0.0:8080)"
	@echo "make test     full test suite on PostgreSQL, smoke tests on SQLite, Django checks"
	@echo "make migrate  apply database migrations"
	@echo "make seed     load the seed network data"
	@echo "make admin    create or update the 'admin' superuser"
	@echo "make clean    remove .venv, leftover test clusters (.pg) and caches; keeps db.sqlite3"
	@echo "make serve    production: gunicorn, DEBUG=false, PostgreSQL from DATABASE_URL (docs/deploy.md)"
	@echo "make backup   back up the database to backups/ (pg_dump custom format, or SQLite's backup)"
	@echo "make restore FILE=...  restore a backup into an empty database (REPLACE=1 overwrites)"
	@echo "make lock     re-pin the dependencies of pyproject.toml into requirements/*.txt (with hashes)"

# --- virtual environment ---------------------------------------------------------------

# pip is the last thing `python -m venv` installs, so its presence means the venv is complete.
$(VENV)/bin/pip:
	@if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
	  echo "Netzwerkatlas needs Python 3.11, but '$(PYTHON)' is: $$("$(PYTHON)" -V 2>&1 || true)." >&2
	  echo "Install Python 3.11 or run: make PYTHON=/path/to/python3.11 ..." >&2
	  exit 1
	fi
	rm -rf "$(VENV)"
	echo "Creating $(VENV) with $$("$(PYTHON)" -V)"
	if ! "$(PYTHON)" -m venv "$(VENV)"; then
	  rm -rf "$(VENV)"
	  venv_pkg=$$("$(PYTHON)" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')
	  echo "'$(PYTHON) -m venv' failed; installing Debian's python3-venv ($$venv_pkg)." >&2
	  $(APT_GET) update
	  $(APT_GET) install -y python3-venv "$$venv_pkg"
	  "$(PYTHON)" -m venv "$(VENV)"
	fi

# Installs the pinned, hashed dependencies of requirements/test.txt (the runtime and the
# `test` extra; see "Dependencies" in README.md): every package at the version and with the
# file hash the lock names, nothing else. The project is run from this folder (manage.py) and
# is not installed itself. Re-runs when the lock changes.
$(STAMP): requirements/test.txt $(VENV)/bin/pip
	@echo "Installing the locked dependencies (requirements/test.txt) into $(VENV)"
	"$(PY)" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/test.txt
	touch "$@"

install: $(STAMP)

# --- running the site ------------------------------------------------------------------

# Creates or updates the superuser "admin". The password comes from ADMIN_PASSWORD if set;
# otherwise a random one is made the first time, printed once and kept in .admin-password
# (mode 600, gitignored). An existing admin's password is only changed via ADMIN_PASSWORD.
define ADMIN_SNIPPET
import os, secrets
from django.conf import settings
from django.contrib.auth import get_user_model

path = settings.BASE_DIR / ".admin-password"
stored = path.read_text().strip() if path.exists() else ""
given = os.environ.get("ADMIN_PASSWORD", "")
user, created = get_user_model().objects.get_or_create(username="admin")
user.is_staff = user.is_superuser = user.is_active = True
if given:
    user.set_password(given)
    note = "password from ADMIN_PASSWORD"
elif stored and (created or not user.has_usable_password()):
    user.set_password(stored)
    note = f"password in {path}"
elif stored:
    if user.check_password(stored):
        note = f"password in {path}"
    else:
        note = f"password was changed after {path} was written; ADMIN_PASSWORD=... make run sets a new one"
elif created or not user.has_usable_password():
    password = secrets.token_urlsafe(15)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    os.chmod(path, 0o600)
    user.set_password(password)
    note = f"password {password} (shown only this once; also stored in {path})"
else:
    note = "existing password kept; ADMIN_PASSWORD=... make run sets a new one"
user.save()
print(f"Superuser admin {'created' if created else 'updated'}: {note}")
endef
export ADMIN_SNIPPET

migrate: install
	@"$(PY)" manage.py migrate --noinput

seed: install
	@"$(PY)" manage.py load_seed_network

admin: install
	@"$(PY)" manage.py shell --no-imports -c "$$ADMIN_SNIPPET"

run: install
	@"$(PY)" manage.py migrate --noinput
	"$(PY)" manage.py load_seed_network
	"$(PY)" manage.py shell --no-imports -c "$$ADMIN_SNIPPET"
	# The address to open: a port alone is served on 127.0.0.1; 0.0.0.0 (every interface) is
	# reached on this machine as 127.0.0.1.
	shown="$(ADDRESS)"
	[[ "$$shown" == *:* ]] || shown="127.0.0.1:$$shown"
	shown="$${shown/#0.0.0.0:/127.0.0.1:}"
	echo "Netzwerkatlas: http://$$shown/  (admin: http://$$shown/admin/, Ctrl-C stops)"
	exec "$(PY)" manage.py runserver "$(ADDRESS)"

# --- production --------------------------------------------------------------------------

.PHONY: serve backup restore

# gunicorn with gunicorn.conf.py and DEBUG=false on PostgreSQL from DATABASE_URL: migrates,
# collects the static files (WhiteNoise's compressed manifest storage), then serves on
# GUNICORN_BIND (127.0.0.1:8000) for a TLS-terminating proxy in front. SECRET_KEY comes from
# the environment or, on a single machine, from .secret-key (made once, mode 600, gitignored).
# See docs/deploy.md.
serve: install
	@if [[ "$${DATABASE_URL:-}" != postgres* ]]; then
	  echo "make serve needs DATABASE_URL pointing at PostgreSQL, e.g." >&2
	  echo "  DATABASE_URL=postgres://netzwerkatlas:secret@localhost:5432/netzwerkatlas make serve" >&2
	  echo "(make run serves the development site on SQLite)." >&2
	  exit 1
	fi
	if [[ -z "$${SECRET_KEY:-}" ]]; then
	  if [[ ! -s .secret-key ]]; then
	    (umask 077; "$(PY)" -c 'import secrets; print(secrets.token_urlsafe(50))' >.secret-key)
	    echo "SECRET_KEY: made a new one in .secret-key (several app servers must share one: set SECRET_KEY)"
	  fi
	  SECRET_KEY="$$(cat .secret-key)"
	  export SECRET_KEY
	fi
	if [[ -z "$${REDIS_URL:-}" ]]; then
	  echo "REDIS_URL is not set. That costs: each gunicorn worker keeps its own page cache (every worker"
	  echo "builds each page once for itself), and the rate limits count with one database write per"
	  echo "search or export (shared by all workers, so still exact). Set REDIS_URL for a shared cache."
	fi
	export DEBUG=false
	export ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}"
	"$(PY)" manage.py check --deploy
	"$(PY)" manage.py migrate --noinput
	"$(PY)" manage.py collectstatic --noinput -v0
	echo "Netzwerkatlas (production settings) on $${GUNICORN_BIND:-127.0.0.1:8000} for $$ALLOWED_HOSTS;"
	echo "plain HTTP is redirected to HTTPS unless SECURE_SSL_REDIRECT=false. Ctrl-C stops."
	exec "$(VENV)/bin/gunicorn" --config gunicorn.conf.py

backup: install
	@"$(PY)" manage.py backup $(FILE)

restore: install
	@if [[ -z "$(FILE)" ]]; then echo "usage: make restore FILE=backups/….dump [REPLACE=1]" >&2; exit 2; fi
	"$(PY)" manage.py restore "$(FILE)" $(if $(REPLACE),--replace,)

# --- tests -----------------------------------------------------------------------------

# The browser tests drive Debian's Chromium (Playwright's own browser downloads are not used).
/usr/bin/chromium:
	@echo "/usr/bin/chromium is missing; installing Debian's chromium for the browser tests." >&2
	$(APT_GET) update
	$(APT_GET) install -y chromium

# 1. every test on PostgreSQL (DATABASE_URL if set, else a throwaway cluster),
# 2. the smoke tests on SQLite, 3. Django's system checks, 4. no missing migrations.
test: install /usr/bin/chromium
	@exec </dev/null
	export CI=true DJANGO_ALLOW_ASYNC_UNSAFE=true
	echo "==> 1/5 lint: ruff check and ruff format --check ([tool.ruff]), the app boundary (lint-imports)"
	"$(VENV)/bin/ruff" check .
	"$(VENV)/bin/ruff" format --check .
	"$(VENV)/bin/lint-imports"
	echo "==> 2/5 full test suite on PostgreSQL"
	tests/run_with_postgres.sh "$(PY)" -m pytest
	echo "==> 3/5 smoke tests on SQLite"
	env -u DATABASE_URL "$(PY)" -m pytest -m smoke
	echo "==> 4/5 manage.py check"
	DATABASE_URL=sqlite://:memory: "$(PY)" manage.py check
	echo "==> 5/5 manage.py makemigrations --check --dry-run"
	DATABASE_URL=sqlite://:memory: "$(PY)" manage.py makemigrations --check --dry-run
	echo "==> all tests and checks passed"

# --- dependencies ----------------------------------------------------------------------

# pyproject.toml keeps the ranges; requirements/*.txt pin every package with its hashes, one
# file for the runtime (the Docker image), one with the `test` extra (make run/test) and one
# with the `bench` extra (the benchmarks only). pip-tools runs from a venv of its own, so it is
# not one of the site's dependencies.
PIP_COMPILE := .venv-tools/bin/pip-compile
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-trusted-host --no-emit-find-links

$(PIP_COMPILE):
	"$(PYTHON)" -m venv .venv-tools
	.venv-tools/bin/pip install --quiet --disable-pip-version-check "pip-tools>=7.4"

lock: $(PIP_COMPILE)
	@mkdir -p requirements
	$(PIP_COMPILE) $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) --extra test -o requirements/test.txt pyproject.toml
	if grep -q '^bench = ' pyproject.toml; then
	  $(PIP_COMPILE) $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) --extra bench -o requirements/bench.txt pyproject.toml
	fi
	echo "Locked: requirements/runtime.txt, test.txt$$(test -f requirements/bench.txt && echo ', bench.txt'). Commit them."

# --- housekeeping ----------------------------------------------------------------------

clean:
	rm -rf "$(VENV)" .venv-tools .pg test-results staticfiles *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
