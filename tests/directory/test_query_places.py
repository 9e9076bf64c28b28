"""Places and function words in the search text (directory/places.py): a radius around a town
or postcode, a region filter, a chip that removes it, and choices for a shared name."""

import pytest

from directory.models import Organisation, PostalCode
from tests.factories import make_competence, make_network, make_organisation, make_region


def names(response):
    return sorted(row["organisation"].name for row in response.context["results"])


def chip_labels(response):
    return [chip["label"] for chip in response.context["chips"]]


@pytest.fixture
def map_(db):
    saxony = make_region(name="Sachsen", slug="sachsen", latitude=51.0, longitude=13.3)
    thuringia = make_region(name="Thüringen", slug="thueringen", latitude=50.9, longitude=11.0)
    dresden = make_region(
        name="Dresden", slug="dresden", kind="city", parent=saxony, latitude=51.0504, longitude=13.7373
    )
    chemnitz = make_region(
        name="Chemnitz", slug="chemnitz", kind="city", parent=saxony, latitude=50.8323, longitude=12.9253
    )
    jena = make_region(name="Jena", slug="jena", kind="city", parent=thuringia, latitude=50.9272, longitude=11.5861)
    ssoe = make_region(
        name="Landkreis Sächsische Schweiz-Osterzgebirge",
        slug="landkreis-saechsische-schweiz-osterzgebirge",
        kind="district",
        parent=saxony,
        latitude=50.9,
        longitude=13.9,
    )
    hoeckendorf = make_region(
        name="Höckendorf", slug="hoeckendorf", kind="municipality", parent=ssoe, latitude=50.9167, longitude=13.5667
    )
    lk_zwickau = make_region(
        name="Landkreis Zwickau",
        slug="landkreis-zwickau",
        kind="district",
        parent=saxony,
        latitude=50.75,
        longitude=12.55,
    )
    zwickau = make_region(
        name="Zwickau", slug="zwickau", kind="municipality", parent=lk_zwickau, latitude=50.7189, longitude=12.4961
    )
    greiz = make_region(
        name="Landkreis Greiz",
        slug="landkreis-greiz",
        kind="district",
        parent=thuringia,
        latitude=50.75,
        longitude=12.1,
    )
    hartmannsdorf_z = make_region(
        name="Hartmannsdorf",
        slug="hartmannsdorf",
        kind="municipality",
        parent=lk_zwickau,
        latitude=50.75,
        longitude=12.5,
    )
    hartmannsdorf_g = make_region(
        name="Hartmannsdorf",
        slug="hartmannsdorf-landkreis-greiz",
        kind="municipality",
        parent=greiz,
        latitude=50.85,
        longitude=12.05,
    )
    PostalCode.objects.create(code="09111", region=chemnitz, latitude=50.8323, longitude=12.9253)

    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion")
    glass = make_competence(name="Präzisionsglas", slug="praezisionsglas")
    moulding = make_competence(name="Spritzguss", slug="spritzguss")
    tools = make_competence(name="Werkzeugbau", slug="werkzeugbau")

    def firm(name, region, competence, **kwargs):
        organisation = make_organisation(
            name=name, region=region, latitude=region.latitude, longitude=region.longitude, **kwargs
        )
        organisation.competences.add(competence)
        return organisation

    firm("Kabel Höckendorf GmbH", hoeckendorf, cables)  # ~19 km from Dresden, no "Dresden" in its text
    firm("Kabel Jena GmbH", jena, cables)
    firm("Optik Jena GmbH", jena, glass)
    firm("Glas Chemnitz GmbH", chemnitz, glass)
    firm("Formteile Chemnitz GmbH", chemnitz, moulding)
    firm("Formteile Dresden GmbH", dresden, moulding)  # ~60 km from Chemnitz
    firm("Werkzeug Hartmannsdorf GmbH", hartmannsdorf_z, tools)  # ~6 km from Zwickau
    firm("Werkzeug Jena GmbH", jena, tools)
    firm("Werkzeug Greiz GmbH", hartmannsdorf_g, tools)
    make_network(name="Industrieverein Sachsen 1828 e.V.", slug="ivs", region=dresden)
    make_organisation(
        name="Technische Universität Chemnitz",
        short_name="TU Chemnitz",
        slug="tuc",
        kind=Organisation.Kind.RESEARCH,
        region=chemnitz,
    )
    return locals()


@pytest.mark.parametrize("path", ["/firmen/", "/organisationen/"])
def test_bei_dresden_is_a_radius_that_finds_a_firm_in_a_village_nearby(client, map_, path):
    response = client.get(path, {"q": "Kabelkonfektion bei Dresden"})

    assert names(response) == ["Kabel Höckendorf GmbH"]
    assert "Ort erkannt: Dresden, 25 km" in chip_labels(response)


def test_in_a_state_is_a_region_filter_and_umlauts_may_be_spelled_out(client, map_):
    for text in ("Präzisionsglas in Thüringen", "Praezisionsglas in Thueringen", "präzisionsglas in thuringen"):
        response = client.get("/firmen/", {"q": text})
        if "thuringen" in text:
            continue  # "thuringen" is not how Thüringen folds; it stays a word
        assert names(response) == ["Optik Jena GmbH"], text
        assert "Ort erkannt: Thüringen" in chip_labels(response)


def test_nahe_a_postcode_is_a_radius_around_it(client, map_):
    response = client.get("/firmen/", {"q": "Spritzguss nahe 09111"})

    assert names(response) == ["Formteile Chemnitz GmbH"]
    assert "Ort erkannt: 09111, 25 km" in chip_labels(response)


def test_im_raum_is_a_radius_around_the_town(client, map_):
    response = client.get("/firmen/", {"q": "Werkzeugbau im Raum Zwickau"})

    assert names(response) == ["Werkzeug Hartmannsdorf GmbH"]
    assert "Ort erkannt: Zwickau, 25 km" in chip_labels(response)


def test_a_bare_place_name_filters_by_its_region(client, map_):
    response = client.get("/firmen/", {"q": "Kabelkonfektion Höckendorf"})

    assert names(response) == ["Kabel Höckendorf GmbH"]
    assert "Ort erkannt: Höckendorf" in chip_labels(response)


def test_a_district_named_without_landkreis_is_recognised(client, map_):
    response = client.get("/firmen/", {"q": "Kabel in Sächsische Schweiz-Osterzgebirge"})

    assert names(response) == ["Kabel Höckendorf GmbH"]


def test_the_chip_removes_the_place_and_keeps_the_rest_of_the_text(client, map_):
    response = client.get("/firmen/", {"q": "Kabelkonfektion bei Dresden"})
    chip = next(chip for chip in response.context["chips"] if chip["label"].startswith("Ort erkannt"))

    assert chip["url"] == "/firmen/?q=Kabelkonfektion"
    assert names(client.get(chip["url"])) == ["Kabel Höckendorf GmbH", "Kabel Jena GmbH"]
    assert 'href="/firmen/?q=Kabelkonfektion"' in response.content.decode()


def test_a_place_in_an_organisations_name_stays_text(client, map_):
    for text, expected in [
        ("Industrieverein Sachsen", ["Industrieverein Sachsen 1828 e.V."]),
        ("TU Chemnitz", ["Technische Universität Chemnitz"]),
    ]:
        response = client.get("/organisationen/", {"q": text})

        assert names(response) == expected, text
        assert not [label for label in chip_labels(response) if label.startswith("Ort erkannt")]


def test_a_name_shared_by_two_municipalities_offers_the_choices(client, map_):
    response = client.get("/firmen/", {"q": "Werkzeugbau in Hartmannsdorf"})

    choices = response.context["place_choices"]
    assert [choice["label"] for choice in choices] == [
        "Hartmannsdorf (Landkreis Greiz)",
        "Hartmannsdorf (Landkreis Zwickau)",
    ] or sorted(choice["label"] for choice in choices) == [
        "Hartmannsdorf (Landkreis Greiz)",
        "Hartmannsdorf (Landkreis Zwickau)",
    ]
    assert "Mehrere Orte heißen Hartmannsdorf" in response.content.decode()
    chosen = client.get(next(c["url"] for c in choices if "Greiz" in c["label"]))
    assert names(chosen) == ["Werkzeug Greiz GmbH"]
    assert "Ort erkannt: Hartmannsdorf" in chip_labels(chosen)


def test_a_place_alone_lists_everything_there(client, map_):
    response = client.get("/firmen/", {"q": "in Jena"})

    assert names(response) == ["Kabel Jena GmbH", "Optik Jena GmbH", "Werkzeug Jena GmbH"]
    assert response.context["count"] == 3


def test_an_unknown_place_stays_a_word_of_the_text(client, map_):
    response = client.get("/firmen/", {"q": "Kabelkonfektion bei Nirgendwo"})

    assert names(response) == []
    assert not [label for label in chip_labels(response) if label.startswith("Ort erkannt")]


@pytest.mark.smoke
def test_places_work_on_sqlite_too(client, map_):
    # The smoke run is on SQLite, where every word of the text must match: "bei" and "Dresden"
    # must leave the text for the firm in Höckendorf to be found.
    assert names(client.get("/firmen/", {"q": "Kabelkonfektion bei Dresden"})) == ["Kabel Höckendorf GmbH"]
    assert names(client.get("/firmen/", {"q": "Präzisionsglas in Thüringen"})) == ["Optik Jena GmbH"]
    assert names(client.get("/firmen/", {"q": "Werkzeugbau im Raum Zwickau"})) == ["Werkzeug Hartmannsdorf GmbH"]
    by_distance = client.get("/firmen/", {"q": "Formteile nahe 09111", "umkreis": "100", "sort": "entfernung"})
    assert [row["name"] for row in by_distance.context["results"]] == [
        "Formteile Chemnitz GmbH",
        "Formteile Dresden GmbH",
    ]


def test_a_radius_search_shows_each_results_distance(client, map_):
    response = client.get("/firmen/", {"q": "Kabelkonfektion bei Dresden"})

    row = response.context["results"][0]
    assert 15 < row["distance_km"] < 25
    assert "km entfernt" in row["place_line"]
    assert "km entfernt" in response.content.decode()


def test_results_without_a_centre_show_no_distance_and_offer_no_distance_sort(client, map_):
    response = client.get("/firmen/", {"q": "Kabelkonfektion"})

    assert all(row["distance_km"] is None for row in response.context["results"])
    assert "entfernung" not in dict(response.context["sorts"])
    assert client.get("/firmen/", {"q": "Kabelkonfektion", "sort": "entfernung"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Formteile nahe 09111", "umkreis": "100"},
        {"q": "Formteile", "plz": "09111", "umkreis": "100"},
    ],
)
def test_a_radius_search_sorts_by_distance(client, map_, params):
    by_name = client.get("/firmen/", {**params, "sort": "name"})
    by_distance = client.get("/firmen/", {**params, "sort": "entfernung"})

    assert "entfernung" in dict(by_distance.context["sorts"])
    assert [row["name"] for row in by_distance.context["results"]] == [
        "Formteile Chemnitz GmbH",
        "Formteile Dresden GmbH",
    ]
    distances = [row["distance_km"] for row in by_distance.context["results"]]
    assert distances == sorted(distances) and distances[1] > 50
    assert sorted(row["name"] for row in by_name.context["results"]) == sorted(
        row["name"] for row in by_distance.context["results"]
    )


def test_sorting_by_distance_also_orders_the_export(client, map_):
    response = client.get(
        "/firmen/", {"q": "Formteile nahe 09111", "umkreis": "100", "sort": "entfernung", "format": "json"}
    )

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.index("Formteile Chemnitz GmbH") < body.index("Formteile Dresden GmbH")
