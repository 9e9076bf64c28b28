"""HEAD is answered wherever GET is: uptime monitors and link checkers ask with HEAD, and a
405 there reads as the site being down.

Every public URL pattern is found by tests/urlwalk.py, so a page added later is checked
without being listed here. Actions that take only POST (the language switch) refuse GET and
HEAD alike; that is not a page.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.test_privacy_walk import build_walked_world
from tests.urlwalk import instances, public_routes, slugs_in_database

pytestmark = pytest.mark.django_db

# The method check comes before the view reads its parameters, so a few filled-in
# addresses per pattern are enough; the first ones hold one slug of each kind.
PER_ROUTE = 3


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # One client asks for every page twice; the limiter would answer 429.
    settings.RATELIMIT_ENABLED = False


def test_every_public_url_pattern_answers_head_as_it_answers_get():
    build_walked_world()
    client = Client()
    slugs = slugs_in_database()
    refused, differing, answered = [], [], 0
    with translation.override(settings.LANGUAGE_CODE):
        urls = [url for route in public_routes() for url in instances(route, slugs)[:PER_ROUTE]]
    for url in urls:
        head = client.head(url)
        get = client.get(url)
        if head.status_code == 405 and get.status_code != 405:
            refused.append(url)
        elif head.status_code != get.status_code:
            differing.append((url, head.status_code, get.status_code))
        answered += head.status_code == 200

    assert refused == []
    assert differing == []
    assert answered > 20, "too few pages answered to mean anything"


def test_a_head_request_gets_no_body():
    build_walked_world()

    response = Client().head("/organisationen/")

    assert response.status_code == 200
    assert response.content == b""


def test_a_post_to_a_page_is_still_refused():
    assert Client().post("/organisationen/").status_code == 405
