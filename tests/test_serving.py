"""Serving for real: /healthz, the read-replica router, gunicorn's configuration and the
static files built for production."""

import importlib.util
import multiprocessing
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client

from directory.models import Organisation
from netzwerk.routers import ReplicaRouter

BASE_DIR = Path(django_settings.BASE_DIR)


# /healthz --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_health_check_answers_200_when_the_database_answers():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_health_check_answers_503_when_the_database_does_not():
    # The real connection, pointed at a port where no PostgreSQL listens, then put back.
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {**original, "HOST": "127.0.0.1", "PORT": str(closed_port())}
    try:
        down = Client().get("/healthz")
    finally:
        connection.close()
        connection.settings_dict = original

    assert down.status_code == 503
    assert down.content == b"database unavailable\n"
    # And it recovers by itself once the database is back.
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_the_health_check_answers_any_host_over_plain_http(settings):
    # A balancer asks by the server's own address, without TLS.
    settings.ALLOWED_HOSTS = ["netzwerkatlas.example"]
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert Client().get("/firmen/", HTTP_HOST="10.0.0.5:8000").status_code == 400


@pytest.mark.django_db
def test_only_get_and_head_are_answered():
    assert Client().post("/healthz").status_code == 405
    assert Client().head("/healthz").status_code == 200


# Read replica ----------------------------------------------------------------------------------


def load_settings(**env) -> object:
    """netzwerk/settings.py evaluated with the given environment, as a separate module."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        spec = importlib.util.spec_from_file_location("settings_under_test", BASE_DIR / "netzwerk" / "settings.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return module


def test_without_a_replica_url_there_is_one_database_and_no_router():
    module = load_settings(DATABASE_REPLICA_URL="")
    assert set(module.DATABASES) == {"default"}
    assert not getattr(module, "DATABASE_ROUTERS", [])


def test_a_replica_url_adds_the_replica_and_the_router():
    module = load_settings(
        DATABASE_URL="postgres://atlas@primary.example:5432/netzwerkatlas",
        DATABASE_REPLICA_URL="postgres://atlas@replica.example:5432/netzwerkatlas",
    )

    assert module.DATABASES["default"]["HOST"] == "primary.example"
    assert module.DATABASES["replica"]["HOST"] == "replica.example"
    assert module.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    assert module.DATABASE_ROUTERS == ["netzwerk.routers.ReplicaRouter"]


def test_the_router_sends_reads_to_the_replica_and_writes_to_the_primary():
    router = ReplicaRouter()

    assert router.db_for_read(Organisation) == "replica"
    assert router.db_for_write(Organisation) == "default"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_stay_on_the_primary():
    router = ReplicaRouter()

    with transaction.atomic():
        inside = router.db_for_read(Organisation)
    outside = router.db_for_read(Organisation)

    assert (inside, outside) == ("default", "replica")


def test_the_router_allows_relations_between_primary_and_replica_objects():
    router = ReplicaRouter()
    on_primary, on_replica, unsaved = Organisation(), Organisation(), Organisation()
    on_primary._state.db, on_replica._state.db = "default", "replica"

    assert router.allow_relation(on_primary, on_replica)
    assert router.allow_relation(on_replica, unsaved)
    elsewhere = Organisation()
    elsewhere._state.db = "archive"
    assert not router.allow_relation(on_primary, elsewhere)


def test_migrations_run_only_on_the_primary():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "directory")
    assert not router.allow_migrate("replica", "directory")


# gunicorn --------------------------------------------------------------------------------------


def load_gunicorn_config(**env) -> dict:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        namespace = {}
        exec(compile((BASE_DIR / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return namespace


def test_gunicorn_runs_two_workers_per_core_plus_one_and_logs_access_to_stdout():
    config = load_gunicorn_config()

    assert config["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert config["accesslog"] == "-"
    assert config["timeout"] > 0 and config["graceful_timeout"] > 0
    assert config["wsgi_app"] == "netzwerk.wsgi:application"


def test_gunicorn_settings_come_from_the_environment():
    config = load_gunicorn_config(GUNICORN_WORKERS="3", GUNICORN_BIND="0.0.0.0:8000", GUNICORN_TIMEOUT="20")
    assert (config["workers"], config["bind"], config["timeout"]) == (3, "0.0.0.0:8000", 20)


def test_gunicorn_accepts_its_configuration_file():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "--check-config"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "a.example",
            "DATABASE_URL": "sqlite://:memory:",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Static files ----------------------------------------------------------------------------------

SERVE_A_PAGE = """
import re, django
django.setup()
from django.test import Client
client = Client()
page = client.get("/gibt-es-nicht/", secure=True)
css = re.search(r'href="(/static/css/site\\.[0-9a-f]{12}\\.css)"', page.content.decode()).group(1)
sheet = client.get(css, secure=True, HTTP_ACCEPT_ENCODING="gzip")
print(page.status_code, sheet.status_code, sheet.get("Content-Encoding"), sheet["Cache-Control"])
"""


def test_collectstatic_builds_compressed_hashed_files_that_whitenoise_serves(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite://:memory:",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "netzwerk.settings",
    }

    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()
    assert list((tmp_path / "static" / "css").glob("site.*.css.gz"))

    served = subprocess.run([sys.executable, "-c", SERVE_A_PAGE], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert served.returncode == 0, served.stderr
    page, sheet, encoding, cache_control = served.stdout.split(maxsplit=3)
    assert (page, sheet, encoding) == ("404", "200", "gzip")
    # Hashed names never change content, so browsers may keep them for good.
    assert "immutable" in cache_control
