"""The graph's edges: types, dates, as-of filtering, filters, bad input, and query counts."""

import pytest

from directory.models import Organisation
from events.models import Event, Participation
from netzwerk.lib.fuzzydates import FuzzyDate
from tests.factories import (
    cite,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_region,
    make_relationship,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db


def pairs(data) -> set[tuple[str, str, str]]:
    names = {node["id"]: node["label"] for node in data["nodes"]}
    return {(names[edge["source"]], edge["type"], names[edge["target"]]) for edge in data["edges"]}


@pytest.fixture
def history():
    """A network with an old and a current member, a cooperation that ended, an event."""
    network = make_network(name="Impro", slug="impro")
    old = make_organisation(name="Altfirma", slug="altfirma")
    new = make_organisation(name="Neufirma", slug="neufirma")
    make_membership(organisation=old, network=network, start="2001", end="2010")
    make_membership(organisation=new, network=network, start="2015")
    cooperation = make_relationship(from_organisation=old, to_organisation=new, start="2005")
    cooperation.end = FuzzyDate.parse("2008")
    cooperation.save()
    fair = make_event(title="Messe 2020", start="2020")
    make_participation(event=fair, organisation=new, role=Participation.Role.EXHIBITOR)
    return network, old, new


def test_the_graph_holds_every_kind_of_edge_with_its_dates(client, history):
    data = client.get("/kooperationen/graph.json").json()

    assert pairs(data) == {
        ("Altfirma", "membership", "Impro"),
        ("Neufirma", "membership", "Impro"),
        ("Altfirma", "cooperation", "Neufirma"),
        ("Neufirma", "participation", "Messe 2020"),
    }
    membership = next(edge for edge in data["edges"] if edge["type"] == "membership" and edge["end"])
    assert (membership["start"], membership["end"], membership["period"]) == ("2001", "2010", "2001 – 2010")
    assert {node["kind"] for node in data["nodes"]} == {"network", "firm", "event"}
    assert all(node["url"] for node in data["nodes"])


def test_as_of_a_date_only_the_links_of_that_day_count(client, history):
    in_2006 = pairs(client.get("/kooperationen/graph.json", {"stand": "2006-06-01"}).json())
    in_2021 = pairs(client.get("/kooperationen/graph.json", {"stand": "2021-06-01"}).json())

    assert in_2006 == {("Altfirma", "membership", "Impro"), ("Altfirma", "cooperation", "Neufirma")}
    # The fair of 2020 had happened by 2021; the old member had left, the cooperation ended.
    assert in_2021 == {("Neufirma", "membership", "Impro"), ("Neufirma", "participation", "Messe 2020")}


def test_a_period_keeps_the_links_that_overlap_it(client, history):
    data = client.get("/kooperationen/graph.json", {"von": "2009", "bis": "2012"}).json()

    assert pairs(data) == {("Altfirma", "membership", "Impro")}


def test_the_edge_type_filter_keeps_only_those_types(client, history):
    data = client.get("/kooperationen/graph.json", {"art": ["cooperation", "participation"]}).json()

    assert {edge["type"] for edge in data["edges"]} == {"cooperation", "participation"}


def test_a_cancelled_event_links_nobody(client, history):
    Event.objects.update(status=Event.Status.CANCELLED)

    data = client.get("/kooperationen/graph.json").json()

    assert "participation" not in {edge["type"] for edge in data["edges"]}


def test_a_network_filter_shows_its_members_only(client, history):
    other = make_organisation(name="Fremdfirma")
    make_relationship(from_organisation=other, to_organisation=make_organisation(name="Noch eine"))

    data = client.get("/kooperationen/graph.json", {"netzwerk": "impro", "stand": "2021-01-01"}).json()

    assert {node["label"] for node in data["nodes"]} >= {"Impro", "Neufirma"}
    assert "Altfirma" not in {node["label"] for node in data["nodes"]}
    assert "Fremdfirma" not in {node["label"] for node in data["nodes"]}
    assert data["centre"] == f"o{history[0].pk}"


def test_region_and_sector_filters_narrow_the_organisations(client, history):
    saxony = make_region(name="Sachsen", slug="sachsen")
    metal = make_sector(name="Metall", slug="metall")
    network, old, new = history
    Organisation.objects.filter(pk=new.pk).update(region=saxony)
    new.sectors.add(metal)

    by_region = client.get("/kooperationen/graph.json", {"region": "sachsen"}).json()
    by_sector = client.get("/kooperationen/graph.json", {"branche": "metall"}).json()

    # The firm, with the network it belongs to and the event it shares with nobody else left out.
    assert {node["label"] for node in by_region["nodes"]} == {"Neufirma", "Impro"}
    assert {node["label"] for node in by_sector["nodes"]} == {"Neufirma", "Impro"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"netzwerk": "gibt-es-nicht"}, "Das Netzwerk „gibt-es-nicht“ gibt es nicht"),
        ({"region": "atlantis"}, "Die Region „atlantis“ gibt es nicht"),
        ({"branche": "x"}, "Die Branche „x“ gibt es nicht"),
        ({"art": "freundschaft"}, "Die Verbindungsart „freundschaft“ gibt es nicht"),
        ({"von": "zwanzig"}, "„Von“ ist kein Jahr"),
        ({"bis": "99999"}, "„Bis“ ist kein Jahr"),
        ({"von": "2020", "bis": "2010"}, "„Bis“ liegt vor „Von“"),
        ({"stand": "2020-02-30"}, "Das Datum bei „Stand“ ist ungültig"),
        ({"stand": "2020-01-01", "von": "2010"}, "Entweder ein Stichtag"),
        ({"alle": "vielleicht"}, None),
    ],
)
def test_bad_filters_get_a_clear_message_and_never_a_500(client, history, params, message):
    json_response = client.get("/kooperationen/graph.json", params)
    page = client.get("/kooperationen/", params)
    download = client.get("/kooperationen/graph.gexf", params)

    assert page.status_code == 200
    if message is None:
        assert json_response.status_code == 200
        return
    assert json_response.status_code == 400
    assert any(message in error for error in json_response.json()["errors"])
    assert message in page.text
    assert download.status_code == 400
    assert message in download.text


def test_the_page_draws_and_tabulates_the_same_graph(client, history):
    response = client.get("/kooperationen/")

    assert response.status_code == 200
    assert 'id="graph-data"' in response.text
    assert "vendor/cytoscape/cytoscape.min.js" in response.text
    assert "<table" in response.text
    assert "kooperiert mit" in response.text
    assert 'href="/netzwerke/impro/"' in response.text
    assert "onclick" not in response.text


def test_pages_without_a_graph_do_not_load_cytoscape(client, history):
    response = client.get("/netzwerke/")

    assert "cytoscape" not in response.text


def test_over_the_limit_the_default_view_shows_the_networks_with_member_counts(client, history, monkeypatch):
    monkeypatch.setattr("directory.views.graph.MAX_NODES", 2)
    second = make_network(name="AMZ", slug="amz")
    make_membership(organisation=history[2], network=second, start="2016")

    data = client.get("/kooperationen/graph.json").json()

    assert data["aggregated"] is True
    assert {(node["label"], node["members"]) for node in data["nodes"]} == {("Impro", 2), ("AMZ", 1)}
    [shared] = data["edges"]
    assert shared["type"] == "shared_members" and shared["weight"] == 1
    assert all(node["expand"].startswith("/kooperationen/?netzwerk=") for node in data["nodes"])
    page = client.get("/kooperationen/")
    assert "Netz von Impro zeigen" in page.text


def test_over_the_limit_a_network_shows_its_best_connected_members(client, monkeypatch):
    monkeypatch.setattr("directory.views.graph.MAX_NODES", 3)
    network = make_network(slug="gross")
    members = [make_organisation(name=f"Mitglied {n}") for n in range(5)]
    for member in members:
        make_membership(organisation=member, network=network)
    make_relationship(from_organisation=members[3], to_organisation=members[4])

    data = client.get("/kooperationen/graph.json", {"netzwerk": "gross"}).json()

    assert data["truncated"] is True and data["total"] == 6
    assert {node["label"] for node in data["nodes"]} == {network.name, "Mitglied 3", "Mitglied 4"}
    assert "am stärksten vernetzten" in data["notices"][0]


@pytest.mark.parametrize("size", [3, 9])
def test_the_graph_json_costs_the_same_queries_for_any_size(client, django_assert_num_queries, size):
    network = make_network()
    source = make_source()
    for _ in range(size):
        firm = make_organisation()
        cite(make_membership(organisation=firm, network=network), source)
        cite(make_relationship(from_organisation=firm, to_organisation=make_organisation()), source)
        cite(make_position(organisation=firm, person=make_person()), source)
        make_participation(event=make_event(), organisation=firm)
    client.get("/kooperationen/graph.json")  # content types cached, as in a running site

    # 1 the data version, 2 the total size (within the limit: no overview), 3 the organisations,
    # 4 networks, events and people that come with them, 5 the edges among all of them,
    # 6 their names, 7 the edges' sources
    with django_assert_num_queries(7):
        response = client.get("/kooperationen/graph.json")
    assert len(response.json()["edges"]) == 4 * size


@pytest.mark.parametrize("size", [3, 9])
def test_the_ego_json_costs_the_same_queries_for_any_size(client, django_assert_num_queries, size):
    centre = make_organisation(slug="mitte")
    network = make_network()
    make_membership(organisation=centre, network=network)
    for _ in range(size):
        partner = make_organisation()
        cite(make_relationship(from_organisation=centre, to_organisation=partner))
        make_membership(organisation=partner, network=network)
    client.get("/organisationen/mitte/kooperationen.json")

    # 1 the organisation, 2 the data version, 3 depth 1, 4 depth 2, 5 the edges among the nodes,
    # 6 their names, 7 the sources
    with django_assert_num_queries(7):
        response = client.get("/organisationen/mitte/kooperationen.json", {"tiefe": 2})
    assert len(response.json()["nodes"]) == size + 2


def test_the_ego_json_of_an_unknown_organisation_is_404(client):
    assert client.get("/organisationen/gibt-es-nicht/kooperationen.json").status_code == 404


@pytest.mark.parametrize("depth", ["0", "3", "zwei"])
def test_a_bad_depth_is_a_400_with_a_message(client, depth):
    make_organisation(slug="mitte")

    response = client.get("/organisationen/mitte/kooperationen.json", {"tiefe": depth})

    assert response.status_code == 400
    assert response.json()["errors"] == ["Die Tiefe ist 1 oder 2; gezeigt wird Tiefe 1."]
