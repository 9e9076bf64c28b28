"""The directory list pages: query counts, pages, chips, partial updates, exports, bad input."""

import json

import pytest

from directory.models import Organisation
from directory.views import listing
from tests.factories import (
    make_competence,
    make_membership,
    make_network,
    make_organisation,
    make_region,
    make_sector,
)


def make_firms(count):
    state = make_region(name="Sachsen", slug="sachsen")
    network = make_network(name="Impro", slug="impro")
    gears = make_competence(name="Getriebe", slug="getriebe")
    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion")
    sector = make_sector(name="Maschinenbau", slug="maschinenbau")
    for n in range(count):
        firm = make_organisation(
            name=f"Getriebebau {n:03d} GmbH",
            region=state,
            employees="10-49",
            description="Getriebe nach Kundenwunsch.",
        )
        firm.competences.add(gears, cables)
        firm.sectors.add(sector)
        make_membership(organisation=firm, network=network, start="2010")
    return {"state": state, "network": network}


@pytest.fixture
def many(db):
    return make_firms(120)


@pytest.fixture
def few(db):
    return make_firms(12)


@pytest.mark.parametrize("per_page", [10, 100])
def test_the_firm_list_runs_the_same_queries_for_any_page_size(
    client, many, monkeypatch, django_assert_num_queries, per_page
):
    monkeypatch.setattr(listing, "PER_PAGE", per_page)

    # 1 the data version (inside the test's writing transaction: nothing comes from the cache)
    # 2 the count and the five facets (competences, sectors, regions, networks, sizes) of the
    #   unfiltered list, from the kept totals (directory migration 0014)
    # 3 the ids of the page, in order (the (kind, name, id) index)
    # 4 the page of firms by id with region, district and state
    # 5 the current memberships of those firms, with their networks
    # 6 the competences of those firms
    with django_assert_num_queries(6):
        response = client.get("/firmen/")
    assert len(response.context["results"]) == per_page
    assert response.context["results"][0]["networks"][0].name == "Impro"


@pytest.mark.parametrize("per_page", [10, 100])
def test_a_filtered_search_runs_the_same_queries_for_any_page_size(
    client, many, monkeypatch, django_assert_num_queries, per_page
):
    monkeypatch.setattr(listing, "PER_PAGE", per_page)

    # 1 the tables' versions (None in the test's transaction: no cached part, no cached counts)
    # 2 the competence slug, validated; 3 the region slug; 4 the network slug
    # 5 the text search's rate-limit count (netzwerk/ratelimit.py, in the database without Redis)
    # 6 the query's words against the word list (a correction for a word that starts none)
    # 7 the planner's estimate of the rows (a relevance search over very many is sampled)
    # 8 the count, the page's ids and the six facets (competences, sectors, regions, networks,
    #   sizes, kinds), in one statement over the filtered rows
    # 9 the page by id with headlines, 10 memberships, 11 competences
    # 12 the regions the text's words could name (directory/places.py)
    with django_assert_num_queries(12):
        response = client.get(
            "/organisationen/",
            {
                "q": "getriebe",
                "kompetenz": "kabelkonfektion",
                "region": "sachsen",
                "netzwerk": "impro",
            },
        )
    assert len(response.context["results"]) == per_page
    assert response.context["results"][0]["snippet"].startswith("<mark>Getriebe</mark>")
    assert [c.name for c in response.context["results"][0]["competences"]] == ["Getriebe", "Kabelkonfektion"]


def test_deep_pages_work(client, few, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 1)

    response = client.get("/firmen/", {"seite": 12})

    assert response.status_code == 200
    assert [r["organisation"].name for r in response.context["results"]] == ["Getriebebau 011 GmbH"]
    assert "Seite 12 von 12" in response.text


BAD_INPUTS = [
    ({"seite": "0"}, "Seiten beginnen bei 1"),
    ({"seite": "-1"}, "Seiten beginnen bei 1"),
    ({"seite": "abc"}, "keine Zahl"),
    ({"seite": str(10**9)}, "So viele Seiten gibt es nicht"),
    ({"seite": "9" * 5000}, "keine Zahl"),
    ({"kompetenz": "gibt-es-nicht"}, "Die Kompetenz „gibt-es-nicht“ gibt es nicht"),
    ({"region": "atlantis"}, "Die Region „atlantis“ gibt es nicht"),
    ({"netzwerk": "<b>x</b>"}, "Das Netzwerk „&lt;b&gt;x&lt;/b&gt;“ gibt es nicht"),
    ({"branche": "nix"}, "Die Branche „nix“ gibt es nicht"),
    ({"netzwerk": "impro", "stand": "2019-13-45"}, "Das Datum bei „Stand“ ist ungültig"),
    ({"groesse": "riesig"}, "Diese Größenklasse gibt es nicht"),
    ({"plz": "01067", "umkreis": "-5"}, "Der Umkreis liegt zwischen 1 und 200 km"),
    ({"plz": "01067", "umkreis": "100000"}, "Der Umkreis liegt zwischen 1 und 200 km"),
    ({"plz": "01067", "umkreis": "weit"}, "Der Umkreis ist keine Zahl"),
    ({"plz": "99999"}, "Die Postleitzahl 99999 kennen wir nicht"),
    ({"plz": "abc"}, "Eine Postleitzahl hat fünf Ziffern"),
    ({"sort": "zufall"}, "Diese Sortierung gibt es nicht"),
    ({"q": "Getriebe " * 1200}, "Die Suche war zu lang"),
    ({"q": " ".join(f"w{n}" for n in range(40))}, "zu viele Wörter"),
]


@pytest.mark.parametrize("params, message", BAD_INPUTS)
@pytest.mark.parametrize("path", ["/firmen/", "/organisationen/"])
def test_bad_input_gets_a_message_and_never_an_error(client, few, path, params, message):
    response = client.get(path, params)

    assert response.status_code == 200
    assert message in response.text
    assert "<b>x</b>" not in response.text


@pytest.mark.parametrize("params, message", BAD_INPUTS[5:17])
def test_bad_input_in_an_export_is_a_400_with_the_message(client, few, params, message):
    as_json = client.get("/firmen/", {**params, "format": "json"})
    as_csv = client.get("/firmen/", {**params, "format": "csv"})

    assert as_json.status_code == 400
    assert message.replace("&lt;", "<").replace("&gt;", ">") in json.loads(as_json.content)["error"]
    assert as_csv.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE directory_organisation; --",
        "<script>alert('x')</script>",
        "kabel & | ! <-> :* ( )",
        "\\x00 %_ *",
    ],
)
def test_sql_and_html_in_the_query_are_just_text(client, few, query):
    response = client.get("/firmen/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert Organisation.objects.count() == 13


def test_an_unknown_export_format_is_a_400(client, few):
    assert client.get("/firmen/", {"format": "xml"}).status_code == 400


def test_the_export_has_every_filtered_row_in_the_pages_order(client, few, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 5)
    make_organisation(name="Ohne Getriebe", description="Nur Kabel.")

    response = client.get("/firmen/", {"q": "getriebe", "sort": "name", "format": "json"})
    page = client.get("/firmen/", {"q": "getriebe", "sort": "name"})

    data = json.loads(b"".join(response.streaming_content))
    assert data["count"] == page.context["count"] == 13
    names = [r["name"] for r in data["results"]]
    assert names[:5] == [r["organisation"].name for r in page.context["results"]]
    assert names == sorted(names)


def test_a_fetch_request_gets_only_the_results_part(client, few):
    response = client.get("/firmen/", {"kompetenz": "getriebe"}, headers={"X-Requested-With": "fetch"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'data-result-count="12"' in response.text
    assert "X-Requested-With" in response["Vary"]


def test_the_full_page_loads_the_script_and_the_styles(client, few):
    response = client.get("/firmen/")

    assert '<script src="/static/js/directory.js" defer></script>' in response.text
    assert "/static/css/directory.css" in response.text
    assert "onclick" not in response.text and "<script>" not in response.text


def test_each_chip_drops_its_own_filter(client, few):
    gears = "getriebe"
    response = client.get("/firmen/", {"kompetenz": [gears, "kabelkonfektion"], "region": "sachsen", "seite": "2"})

    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips["Kompetenz: Getriebe"] == "/firmen/?kompetenz=kabelkonfektion&region=sachsen"
    assert chips["Region: Sachsen"] == "/firmen/?kompetenz=getriebe&kompetenz=kabelkonfektion"
    assert 'href="/firmen/?kompetenz=kabelkonfektion&amp;region=sachsen"' in response.text


def test_no_results_says_so_and_suggests_a_filter_to_drop(client, few):
    other = make_region(name="Thüringen", slug="thueringen")

    response = client.get("/firmen/", {"region": other.slug, "kompetenz": "getriebe"})

    assert response.context["count"] == 0
    assert "Keine Treffer" in response.text
    assert response.context["empty"].loosened[0]["label"] == "Region: Thüringen"
    assert response.context["empty"].loosened[0]["count"] == 12


def test_the_header_search_still_finds_networks_by_short_name(client, db):
    make_network(name="Automobilzuliefernetzwerk", short_name="AMZ")

    response = client.get("/organisationen/", {"q": "amz"})

    assert [r["organisation"].name for r in response.context["results"]] == ["Automobilzuliefernetzwerk"]


@pytest.mark.smoke
def test_the_seed_is_searchable_on_any_database(client, db):
    from django.core.management import call_command

    call_command("load_seed_network", verbosity=0)

    telegaertner = client.get("/organisationen/", {"q": "telegaertner"})
    cables = client.get("/organisationen/", {"q": "Kabel"})

    assert telegaertner.status_code == 200
    assert any("Telegärtner" in r["organisation"].name for r in telegaertner.context["results"])
    assert cables.context["count"] >= 1
