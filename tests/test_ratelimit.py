"""Per-client limits on the public search and the exports: 429 with Retry-After past the limit,
other clients and plain browsing untouched; exports bounded in size."""

import json

import pytest
from django.test import Client

from tests.factories import make_event, make_membership, make_network, make_organisation

pytestmark = pytest.mark.django_db

# Per day: a test never straddles the end of the fixed window (which would reset the count).
TINY = {"search": "2/d", "export": "1/d", "correction": "1/d"}


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = TINY
    make_organisation(name="Feinwerktechnik Geising GmbH")


def client(address="192.0.2.1"):
    return Client(REMOTE_ADDR=address)


def test_a_text_search_past_the_limit_gets_429_with_retry_after(limits):
    visitor = client()
    allowed = [visitor.get("/firmen/", {"q": "feinwerk"}).status_code for _ in range(2)]

    refused = visitor.get("/organisationen/", {"q": "geising"})

    assert allowed == [200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 86400
    assert "Zu viele Anfragen" in refused.content.decode()


def test_another_client_is_not_limited_by_the_first(limits):
    first = client("192.0.2.1")
    for _ in range(3):
        first.get("/firmen/", {"q": "feinwerk"})

    assert first.get("/firmen/", {"q": "feinwerk"}).status_code == 429
    assert client("192.0.2.2").get("/firmen/", {"q": "feinwerk"}).status_code == 200


def test_browsing_without_a_text_search_is_not_limited(limits):
    visitor = client()
    for _ in range(3):
        visitor.get("/firmen/", {"q": "feinwerk"})

    pages = [
        visitor.get("/firmen/", {"seite": "1"}).status_code,
        visitor.get("/organisationen/").status_code,
        visitor.get("/netzwerke/").status_code,
        visitor.get("/veranstaltungen/").status_code,
    ]

    assert pages == [200, 200, 200, 200]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_directory_exports_are_limited(limits, fmt):
    visitor = client()

    first = visitor.get("/firmen/", {"format": fmt})
    second = visitor.get("/organisationen/", {"format": fmt})

    assert first.status_code == 200
    assert second.status_code == 429
    assert second["Retry-After"]


def test_network_member_and_event_exports_share_the_export_limit(limits):
    network = make_network(name="Automobilzuliefernetzwerk")
    make_membership(organisation=make_organisation(name="Wiegand-Glas"), network=network, start="2016")
    make_event(title="Zulieferkonferenz")
    visitor = client()

    member_export = visitor.get(network.get_absolute_url(), {"format": "csv"})
    event_export = visitor.get("/veranstaltungen/", {"format": "json"})

    assert member_export.status_code == 200
    assert event_export.status_code == 429
    assert client("192.0.2.9").get("/veranstaltungen/", {"format": "json"}).status_code == 200


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(limits, settings):
    proxy = client("10.0.0.1")
    for _ in range(2):
        proxy.get("/firmen/", {"q": "feinwerk"}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    # Untrusted: the header is ignored, both requests came from the proxy's address.
    assert proxy.get("/firmen/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429

    settings.RATELIMIT_TRUST_FORWARDED = True
    assert proxy.get("/firmen/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_switched_off_nothing_is_limited(limits, settings):
    settings.RATELIMIT_ENABLED = False
    visitor = client()

    assert {visitor.get("/firmen/", {"format": "csv"}).status_code for _ in range(3)} == {200}


# Export size ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_event_export_above_the_limit_is_refused_with_a_message(settings, fmt):
    settings.EXPORT_MAX_ROWS = 2
    for number in range(3):
        make_event(title=f"Zulieferkonferenz {number}")

    refused = client().get("/veranstaltungen/", {"format": fmt})
    settings.EXPORT_MAX_ROWS = 3
    allowed = client("192.0.2.5").get("/veranstaltungen/", {"format": fmt})

    assert refused.status_code == 400
    text = refused.content.decode()
    if fmt == "json":
        text = json.loads(text)["errors"][0]
    assert "höchstens 2" in text and "Filtern" in text
    assert allowed.status_code == 200


def test_a_directory_export_above_the_limit_is_refused_with_a_message(settings):
    settings.EXPORT_MAX_ROWS = 1
    make_organisation(name="Feinwerktechnik Geising GmbH")
    make_organisation(name="Wiegand-Glas")

    refused = client().get("/firmen/", {"format": "csv"})

    assert refused.status_code == 400
    assert "höchstens 1" in refused.content.decode()


def test_the_export_limit_is_two_hundred_thousand_rows_by_default():
    from django.conf import settings

    assert settings.EXPORT_MAX_ROWS == 200_000


def test_graph_downloads_and_path_searches_are_limited_per_client(client, settings):
    # The cooperation graph's downloads count as exports, the path finder as a search.
    settings.RATELIMITS = {**settings.RATELIMITS, "export": "2/m", "search": "2/m"}
    downloads = [client.get("/kooperationen/kanten.csv").status_code for _ in range(3)]
    searches = [client.get("/kooperationen/pfad/", {"von": "a", "nach": "b"}).status_code for _ in range(3)]
    other = client.get("/kooperationen/kanten.csv", REMOTE_ADDR="10.0.0.9")

    assert downloads[:2] == [200, 200] and downloads[2] == 429
    assert 429 not in searches[:2] and searches[2] == 429
    assert other.status_code == 200


# Every format, every costly graph ------------------------------------------------------------


def test_a_text_search_for_the_map_counts_toward_the_search_limit(limits):
    visitor = client()
    allowed = [visitor.get("/firmen/", {"q": "feinwerk", "format": "geojson"}).status_code for _ in range(2)]

    refused = visitor.get("/firmen/", {"q": "feinwerk", "format": "geojson"})
    page_after = visitor.get("/firmen/", {"q": "feinwerk"})

    assert allowed == [200, 200]
    assert refused.status_code == 429 and refused["Retry-After"]
    assert page_after.status_code == 429  # the map and the page share one count


def test_the_map_without_a_text_search_is_not_limited(limits):
    visitor = client()

    answers = [visitor.get("/firmen/", {"format": "geojson", "seite": "1"}).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 200]
    assert visitor.get("/firmen/", {"q": "feinwerk"}).status_code == 200


def test_the_whole_graph_as_json_counts_as_an_export(limits):
    visitor = client()

    first = visitor.get("/kooperationen/graph.json", {"alle": "1"})
    second = visitor.get("/kooperationen/graph.json", {"alle": "1"})
    download = client("192.0.2.7").get("/kooperationen/graph.json", {"alle": "1"})

    assert first.status_code == 200
    assert second.status_code == 429 and second["Retry-After"]
    assert download.status_code == 200  # another client has its own count


def test_the_whole_graph_page_counts_as_an_export_too(limits):
    visitor = client()
    visitor.get("/firmen/", {"format": "csv"})

    assert visitor.get("/kooperationen/", {"alle": "1"}).status_code == 429


def test_the_default_graph_and_its_json_are_not_limited(limits):
    visitor = client()
    visitor.get("/firmen/", {"format": "csv"})  # the one export allowed, used up

    answers = [visitor.get("/kooperationen/graph.json").status_code for _ in range(3)]
    answers += [visitor.get("/kooperationen/graph.json", {"alle": "false"}).status_code]  # the checkbox off
    answers += [visitor.get("/kooperationen/").status_code]

    assert answers == [200, 200, 200, 200, 200]


@pytest.mark.smoke
def test_a_new_window_clears_the_closed_ones_without_a_query_of_its_own(django_assert_num_queries):
    from datetime import UTC, datetime, timedelta

    from netzwerk.models import RateCounter
    from netzwerk.ratelimit import count_in_database

    RateCounter.objects.create(key="closed", count=3, expires=datetime.now(UTC) - timedelta(minutes=2))
    RateCounter.objects.create(key="open", count=3, expires=datetime.now(UTC) + timedelta(minutes=1))
    later = int((datetime.now(UTC) + timedelta(minutes=1)).timestamp())

    with django_assert_num_queries(1):  # the upsert; the trigger deletes in the same statement
        assert count_in_database("new", later) == 1
    assert count_in_database("new", later) == 2

    assert set(RateCounter.objects.values_list("key", flat=True)) == {"open", "new"}
