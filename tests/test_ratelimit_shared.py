"""The limits hold for the whole site, not per worker: gunicorn's workers (and several machines)
count in one place, Redis or the database, and requests that arrive at once are all counted."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from netzwerk import ratelimit
from netzwerk.models import RateCounter

BASE_DIR = Path(django_settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_a_fresh_minute() -> None:
    # A fixed window of one minute resets on the minute: start early in one, so all requests
    # of a test fall into the same window.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn_with_four_workers(transaction_db_url, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": transaction_db_url,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_EXPORT": "20/m",
        "GUNICORN_WORKERS": "4",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    env.pop("REDIS_URL", None)
    # DEBUG off serves static files from collectstatic's manifest; the 429 page needs it.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "--max-requests", "0"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get_status(f"{base}/healthz") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not come up")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def transaction_db_url(transactional_db):
    """The test database as a URL, for another process (the gunicorn under test)."""
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    host = params["HOST"] or "127.0.0.1"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


def test_under_gunicorn_the_21st_export_in_a_minute_is_refused_even_when_all_arrive_at_once(
    gunicorn_with_four_workers,
):
    wait_for_a_fresh_minute()
    url = f"{gunicorn_with_four_workers}/firmen/?format=csv"

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda _: get_status(url), range(25)))

    assert sorted(statuses).count(200) == 20, statuses
    assert statuses.count(429) == 5, statuses
    # The next one, one by one, is refused too: the count is the workers' common one.
    assert get_status(url) == 429


@pytest.mark.django_db
def test_without_redis_the_count_is_one_row_in_the_database(settings):
    settings.RATELIMIT_ENABLED = True
    settings.REDIS_URL = ""
    settings.RATELIMITS = {**settings.RATELIMITS, "export": "3/d"}
    visitor = Client(REMOTE_ADDR="192.0.2.77")

    statuses = [visitor.get("/firmen/", {"format": "csv"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    (counter,) = RateCounter.objects.filter(key__contains="192.0.2.77")
    assert counter.count == 4


def reachable_redis() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url} (set TEST_REDIS_URL); the database counter is tested above")
    return url


@pytest.mark.django_db
def test_with_redis_every_request_is_counted_in_redis_even_at_once(settings):
    url = reachable_redis()
    settings.REDIS_URL = url
    key_client = f"198.51.100.{int(time.time()) % 200}"
    request = type("Request", (), {"META": {"REMOTE_ADDR": key_client}})()

    with ThreadPoolExecutor(max_workers=10) as pool:
        waits = list(pool.map(lambda _: ratelimit.hit(request, "test", "30/d"), range(40)))

    assert waits.count(0) == 30
    assert all(wait > 0 for wait in waits if wait)
    assert not RateCounter.objects.exists()
    for key in redis.Redis.from_url(url).scan_iter(f"ratelimit:test:{key_client}:*"):
        redis.Redis.from_url(url).delete(key)
