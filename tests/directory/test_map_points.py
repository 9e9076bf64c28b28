"""The map's points (`?format=geojson` on the list pages): the list's filters, profile links,
grouping beyond the point limit, bad input, query counts."""

import pytest

from directory.models import PostalCode
from directory.views import maps
from tests.factories import (
    make_membership,
    make_network,
    make_organisation,
    make_person,
    make_position,
    make_region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms():
    network = make_network(name="Impro", slug="impro", latitude=50.76, longitude=13.76)
    dresden = make_organisation(
        name="Kabelwerk Dresden GmbH", slug="kabelwerk-dresden", latitude=51.05, longitude=13.74, postcode="01067"
    )
    make_organisation(
        name="Glashütte Suhl GmbH", slug="glashuette-suhl", latitude=50.61, longitude=10.69, postcode="98527"
    )
    make_organisation(name="Ohne Ort GmbH", slug="ohne-ort")
    make_membership(organisation=dresden, network=network, start="2010")
    return network


def features(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()["features"]


def test_it_answers_the_firms_with_coordinates_each_linking_its_profile(client, firms):
    found = features(client.get("/firmen/", {"format": "geojson"}))

    assert [f["properties"] for f in found] == [
        {"count": 1, "name": "Glashütte Suhl GmbH", "url": "/organisationen/glashuette-suhl/"},
        {"count": 1, "name": "Kabelwerk Dresden GmbH", "url": "/organisationen/kabelwerk-dresden/"},
    ]
    assert found[1]["geometry"] == {"type": "Point", "coordinates": [13.74, 51.05]}


def test_it_follows_the_lists_filters_and_links_networks_to_their_page(client, firms):
    assert [
        f["properties"]["name"] for f in features(client.get("/firmen/", {"format": "geojson", "netzwerk": "impro"}))
    ] == ["Kabelwerk Dresden GmbH"]
    networks = features(client.get("/organisationen/", {"format": "geojson", "art": "network"}))
    assert [f["properties"]["url"] for f in networks] == ["/netzwerke/impro/"]


def test_a_selection_without_coordinates_answers_an_empty_collection(client, firms):
    response = client.get("/firmen/", {"format": "geojson", "q": "Ohne Ort"})

    assert features(response) == []
    assert response.json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"region": "gibt-es-nicht"},
        {"seite": "abc"},
        {"umkreis": "x", "plz": "1"},
        {"sort": "quer"},
        {"kompetenz": "\x00"},
        {"stand": "2019-02-30"},
    ],
)
def test_bad_filters_are_left_out_as_on_the_page_never_a_500(client, firms, params):
    assert len(features(client.get("/firmen/", {"format": "geojson", **params}))) == 2


def test_beyond_the_point_limit_firms_come_grouped_by_place_with_a_link_to_the_list(client, firms, monkeypatch):
    monkeypatch.setattr(maps, "MAP_POINT_LIMIT", 2)
    make_organisation(name="Zweite Dresdner GmbH", latitude=51.05, longitude=13.74, postcode="01067")

    response = client.get("/firmen/", {"format": "geojson", "groesse": ""})

    data = response.json()
    assert data["grouped"] is True
    assert data["total"] == 3
    assert [f["properties"] for f in data["features"]] == [
        {"count": 2, "name": "01067", "url": "/firmen/?groesse=&plz=01067&umkreis=5"},
        {"count": 1, "name": "Glashütte Suhl GmbH", "url": "/organisationen/glashuette-suhl/"},
    ]


def test_it_leaves_people_out_whatever_their_visibility(client, firms):
    make_position(person=make_person(name="Geheime Person", is_public=False), organisation=firms)

    assert "Geheime" not in client.get("/organisationen/", {"format": "geojson"}).text


def test_the_points_take_three_queries(client, firms, django_assert_num_queries):
    for n in range(3):
        make_organisation(name=f"Firma {n}", latitude=51 + n / 10, longitude=13)
    # 1 the data version (in the test's writing transaction, so nothing comes from the cache)
    # 2 the count (the list page's cached one, outside tests), 3 the firms with coordinates
    with django_assert_num_queries(3):
        response = client.get("/firmen/", {"format": "geojson"})
    assert len(response.json()["features"]) == 5


def test_grouped_points_take_three_queries(client, firms, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(maps, "MAP_POINT_LIMIT", 1)
    for n in range(3):
        make_organisation(name=f"Firma {n}", latitude=51, longitude=13, postcode="01067")
    # 1 the data version, 2 the count (over the limit), 3 the places, grouped
    with django_assert_num_queries(3):
        response = client.get("/firmen/", {"format": "geojson"})
    assert [f["properties"]["count"] for f in response.json()["features"]] == [3, 1, 1]


def test_the_list_page_offers_the_map_after_the_list(client, firms):
    html = client.get("/firmen/", {"netzwerk": "impro", "seite": "1"}).text

    assert 'data-points="?netzwerk=impro&amp;format=geojson"' in html
    assert html.index('class="results"') < html.index("data-map")
    assert "vendor/leaflet" in html  # as data for map.js, which loads it lazily
    assert '<script src="/static/vendor/leaflet' not in html


def test_the_network_page_maps_its_current_members(client, firms):
    html = client.get("/netzwerke/impro/").text

    assert 'data-points="/organisationen/?netzwerk=impro&amp;stand=&amp;format=geojson"' in html


def test_the_tile_server_is_a_setting(client, firms, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© Beispiel"

    html = client.get("/firmen/").text

    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Beispiel"' in html


def test_pages_without_a_list_of_places_load_no_map(client, firms):
    assert "data-map" not in client.get("/organisationen/kabelwerk-dresden/").text
    assert "map.js" not in client.get("/").text


def test_a_text_search_settles_near_misses_once_as_the_list_does(client, firms, django_assert_num_queries):
    # 1 the tables' versions, 2 whether the exact search finds enough, 3 the count, 4 the points,
    # 5 the regions the text's words could name (directory/places.py), 6 the text search's
    # rate-limit count (a map search counts like the list's, netzwerk/ratelimit.py)
    with django_assert_num_queries(6):
        response = client.get("/firmen/", {"format": "geojson", "q": "Kabelwerk"})
    assert [f["properties"]["name"] for f in response.json()["features"]] == ["Kabelwerk Dresden GmbH"]


@pytest.fixture
def dresden(firms):
    saxony = make_region(name="Sachsen", slug="sachsen")
    city = make_region(name="Dresden", slug="dresden", kind="city", parent=saxony, latitude=51.0504, longitude=13.7373)
    PostalCode.objects.create(code="01067", region=city, latitude=51.0567, longitude=13.7282)
    return city


def test_a_radius_search_in_the_text_gives_the_map_its_centre_and_radius(client, dresden):
    data = client.get("/firmen/", {"format": "geojson", "q": "Kabelwerk bei Dresden"}).json()

    assert [f["properties"]["name"] for f in data["features"]] == ["Kabelwerk Dresden GmbH"]
    assert data["search"] == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [13.7373, 51.0504]},
        "properties": {"name": "Dresden", "radius_km": 25.0, "label": "Suchmittelpunkt: Dresden, 25 km"},
    }


def test_a_postcode_radius_gives_the_map_its_centre_and_radius_in_english_too(client, dresden):
    data = client.get("/en/firmen/", {"format": "geojson", "plz": "01067", "umkreis": "10"}).json()

    assert data["search"]["geometry"]["coordinates"] == [13.7282, 51.0567]
    assert data["search"]["properties"] == {
        "name": "Postcode 01067",
        "radius_km": 10.0,
        "label": "Search centre: Postcode 01067, 10 km",
    }


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "Kabelwerk in Dresden"},  # a region, not a radius
        {"q": "Kabelwerk Dresden"},
        {"netzwerk": "impro"},
        {"plz": "01067", "umkreis": "500"},  # out of range: the postcode alone, 25 km
    ],
)
def test_without_a_radius_search_the_map_gets_no_centre(client, dresden, params):
    data = client.get("/firmen/", {"format": "geojson", **params}).json()

    assert ("search" in data) == ("plz" in params)


def test_the_centre_of_a_radius_search_costs_no_query_of_its_own(client, dresden, django_assert_num_queries):
    for n in range(3):
        make_organisation(name=f"Kabelwerk {n}", latitude=51 + n / 100, longitude=13.7)
    # 1 the regions the text could name (Dresden), 2 the search's rate counter (no Redis in
    # tests), 3 the data version, 4 the words corrected against the word list, 5 the count,
    # 6 the firms with coordinates. The centre and radius come from the place read in 1.
    with django_assert_num_queries(6):
        data = client.get("/firmen/", {"format": "geojson", "q": "Kabelwerk bei Dresden"}).json()
    assert len(data["features"]) == 4
    assert data["search"]["properties"]["radius_km"] == 25.0
