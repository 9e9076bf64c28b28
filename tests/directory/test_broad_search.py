"""A relevance search that would match very many firms is answered from a sample of the table
(directory.filters.one_pass.BROAD_ROWS): the count and facets are estimates, and the page says so.

The thresholds are lowered here, so a few hundred firms stand for 100k."""

import re

import pytest
from django.core.cache import cache
from django.db import connection

from directory.filters import one_pass as filters
from directory.models import Organisation
from directory.search import refresh_search_documents
from tests.factories import make_region

pytestmark = [pytest.mark.django_db]
FIRMS = 600


@pytest.fixture
def broad(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate and TABLESAMPLE are PostgreSQL's")
    monkeypatch.setattr(filters, "BROAD_ROWS", 200)
    monkeypatch.setattr(filters, "SAMPLE_ROWS", 300)  # half of the table's pages
    region = make_region(name="Sachsen", slug="sachsen", kind="state")
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Drehteile {n} GmbH",
            slug=f"drehteile-{n}",
            kind="firm",
            region=region,
            description="Wir fertigen Drehteile und Frästeile in Serie. " * 3,
        )
        for n in range(FIRMS)
    )
    refresh_search_documents()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_organisation")


def test_a_broad_search_shows_an_estimated_count_and_says_so(client, broad):
    response = client.get("/firmen/", {"q": "Drehteile"})

    html = response.content.decode()
    count = response.context["count"]
    assert response.context["estimated"] is True
    assert 300 <= count <= 900 and count % 10 == 0  # about 600, rounded to two digits
    assert re.search(r"data-estimated>ca\. \d+ Firmen", html)
    assert "aus einer Stichprobe geschätzt" in html
    assert "≈" in html  # the facet counts too
    # The pages are those of the sample's rows: every page has rows, none is promised beyond.
    paginator = response.context["page"].paginator
    assert 0 < paginator.count < FIRMS
    last = client.get("/firmen/", {"q": "Drehteile", "seite": paginator.num_pages})
    assert last.context["results"]


def test_the_same_broad_search_gives_the_same_sample(client, broad):
    first = client.get("/firmen/", {"q": "Drehteile"}).context
    cache.clear()
    second = client.get("/firmen/", {"q": "Drehteile"}).context
    assert first["count"] == second["count"]
    assert [r["name"] for r in first["results"]] == [r["name"] for r in second["results"]]


def test_a_broad_search_sorted_by_name_is_counted_exactly(client, broad):
    response = client.get("/firmen/", {"q": "Drehteile", "sort": "name"})

    assert response.context["estimated"] is False
    assert response.context["count"] == FIRMS
    assert "Stichprobe" not in response.content.decode()


def test_a_narrow_search_is_counted_exactly(client, broad, monkeypatch):
    monkeypatch.setattr(filters, "BROAD_ROWS", 10_000)

    response = client.get("/firmen/", {"q": "Drehteile"})

    assert response.context["estimated"] is False
    assert response.context["count"] == FIRMS
