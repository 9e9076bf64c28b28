"""While the database cannot be reached the site answers 503 with a readable page, and works
again as soon as it is back, without a restart."""

import contextlib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_organisation

# The connection is closed and reopened here, which a test inside a transaction cannot do.
pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_away():
    """Point the default connection at a port where nothing listens, as during a restart."""
    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


def test_a_page_answers_503_with_a_readable_page_while_the_database_is_away():
    client = Client(raise_request_exception=False)
    with database_away():
        response = client.get(reverse("directory:organisation-list"), {"q": "Getriebe"})

    assert response.status_code == 503
    assert "Vorübergehend nicht erreichbar" in response.text
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_the_site_recovers_by_itself_when_the_database_is_back():
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner")
    client = Client(raise_request_exception=False)
    with database_away():
        assert client.get(firm.get_absolute_url()).status_code == 503

    response = client.get(firm.get_absolute_url())

    assert response.status_code == 200
    assert "Telegärtner" in response.text


def test_an_error_outside_a_view_gets_the_503_page_too(rf):
    from django.db import OperationalError

    from netzwerk.unavailable import server_error

    request = rf.get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503
    assert "Vorübergehend nicht erreichbar" in response.content.decode()


def test_other_errors_still_get_the_500_page(rf):
    from netzwerk.unavailable import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
