"""Project-wide test setup: the PostgreSQL guard and the browser for Playwright tests.

Test data helpers belong in tests/factories.py or in the test modules themselves.
"""

import os

import pytest

# pytest-playwright's sync API runs an event loop in the test thread, which makes Django
# refuse database access there. `make test` sets this too; this covers a bare `pytest`.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_finish(session):
    """Refuse a run that includes non-smoke tests unless it is on PostgreSQL.

    Only the smoke subset (`pytest -m smoke`) may run on SQLite; everything else is
    written for PostgreSQL and must not pass quietly on another database.
    """
    if all(item.get_closest_marker("smoke") for item in session.items):
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.exit(
            f"These tests need PostgreSQL, but the database is {connection.vendor}. "
            "Run `make test`, or set DATABASE_URL to a PostgreSQL server, or run only "
            "the smoke tests with `pytest -m smoke`.",
            returncode=1,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; Playwright's own browser downloads are not used."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Browse like the site's audience: German first (the site's default language)."""
    return {"locale": "de-DE", **browser_context_args}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """admin_client and friends hash a password per test; MD5 is fine for throwaway users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def articles_only_seed(request, settings, tmp_path_factory):
    """load_seed_network loads the articles only, unless the test is marked `public_record`.

    The whole public record (directory/seed/public/) takes 10-30 s to load on PostgreSQL; most
    tests that seed need just a small real network. Marked tests, and the smoke walk over the
    seeded site, load all of it."""
    if request.node.get_closest_marker("public_record") is None:
        settings.SEED_PUBLIC_DIR = str(tmp_path_factory.mktemp("no-public-record"))


@pytest.fixture(autouse=True)
def generous_request_deadline(settings):
    """Public requests get 30 s in tests, not production's 2 s: on a loaded test machine a page
    with thousands of rows can pass 2 s and answer the 400 "zu allgemein" page, which would make
    query-count and page tests depend on the machine's load. tests/test_deadline.py sets its own."""
    settings.REQUEST_DEADLINE_SECONDS = 30.0


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: no rate-limit counts or cached pages from another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in German: a request to /en/ leaves English active in its thread
    (LocaleMiddleware activates a language and nothing resets it)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
