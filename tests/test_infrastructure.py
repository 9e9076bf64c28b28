"""The test machinery itself: the database, its extensions and the browser."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_runs_on_postgresql_with_the_pg_trgm_and_unaccent_extensions_available():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select name from pg_available_extensions")
        available = {name for (name,) in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= available


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_database_answers_select_1():
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.browser
def test_the_admin_login_page_opens_in_chromium(live_server, page):
    page.goto(f"{live_server.url}/admin/login/")
    title = page.title()
    assert "Django" in title or "Anmelden" in title, title


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_and_with_room_for_sorts():
    """settings.PG_SESSION_OPTIONS: compiling a faceted search took longer than running it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    assert (jit, work_mem) == ("off", "32MB")
