"""The request deadline (netzwerk/lib/deadline.py): a public GET that runs out of time gets a
400 page, never the 503 or a 500, and the timeout never stays on the connection."""

import pytest
from django.db import connection

from netzwerk.lib import deadline
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")


@pytest.fixture
def firms(db):
    for n in range(3):
        make_organisation(name=f"Getriebewerk {n} GmbH")


def test_a_public_page_within_its_budget_is_served_and_leaves_no_timeout(client, firms, postgres_only):
    response = client.get("/firmen/", {"q": "Getriebe"})

    assert response.status_code == 200
    assert statement_timeout() == "0"


@pytest.mark.django_db(transaction=True)
def test_a_query_cancelled_by_the_deadline_answers_400_too_broad(client, firms, postgres_only, settings):
    # Long enough for the first statements, short enough that a one-second one is cancelled.
    settings.REQUEST_DEADLINE_SECONDS = 0.5
    from directory import filters

    original = filters.one_pass_facets

    def slow_pass(*args, **kwargs):
        with connection.cursor() as cursor:
            # Cancelled by PostgreSQL after what is left of the half second, not refused in Python.
            cursor.execute("SELECT pg_sleep(1)")
        return original(*args, **kwargs)

    filters_patch = pytest.MonkeyPatch()
    filters_patch.setattr("directory.views.listing.one_pass_facets", slow_pass)
    try:
        response = client.get("/firmen/", {"q": "Getriebe"})
    finally:
        filters_patch.undo()

    assert response.status_code == 400
    assert "Diese Suche ist zu allgemein, bitte eingrenzen" in response.text
    assert statement_timeout() == "0"


def test_a_spent_budget_refuses_the_next_statement_with_the_same_page(client, firms, settings):
    settings.REQUEST_DEADLINE_SECONDS = 0.0

    response = client.get("/firmen/")

    if connection.vendor == "postgresql":
        assert response.status_code == 400
        assert "zu allgemein" in response.text
    else:
        # SQLite has no statement timeout: no deadline there.
        assert response.status_code == 200


def test_the_english_page_says_it_in_english(client, firms, postgres_only, settings):
    settings.REQUEST_DEADLINE_SECONDS = 0.0

    response = client.get("/en/firmen/")

    assert response.status_code == 400
    assert "too broad" in response.text.lower()


def test_the_admin_has_no_deadline(admin_client, firms, postgres_only, settings):
    settings.REQUEST_DEADLINE_SECONDS = 0.0

    response = admin_client.get("/admin/directory/firm/")

    assert response.status_code == 200
    assert statement_timeout() == "0"


def test_a_post_has_no_deadline(client, firms, settings):
    settings.REQUEST_DEADLINE_SECONDS = 0.0

    assert deadline.budget_for(type("R", (), {"method": "POST", "path": "/firmen/", "GET": {}})()) is None


def test_management_commands_run_without_a_deadline(firms, postgres_only, settings):
    from django.core.management import call_command

    settings.REQUEST_DEADLINE_SECONDS = 0.0
    call_command("refresh_facet_keys", verbosity=0)

    assert statement_timeout() == "0"


def test_an_export_has_a_longer_budget(rf, settings):
    settings.REQUEST_DEADLINE_SECONDS = 2.0  # production's (the tests' default is generous)
    assert deadline.budget_for(rf.get("/firmen/", {"format": "csv"})) > deadline.budget_for(rf.get("/firmen/"))
    assert deadline.budget_for(rf.get("/admin/")) is None
