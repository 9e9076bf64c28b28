"""The path finder: shortest paths as networkx finds them, and a clear answer for every bad input."""

import random

import networkx as nx
import pytest

from directory.graph.edges import node_id
from directory.graph.paths import describe, shortest_paths
from directory.models import Relationship
from tests.factories import make_membership, make_network, make_organisation, make_relationship

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_paths_are_the_shortest_networkx_finds_on_a_random_graph(seed):
    rng = random.Random(seed)
    firms = [make_organisation(name=f"Firma {seed}-{n}") for n in range(30)]
    networks = [make_network(name=f"Netz {seed}-{n}") for n in range(3)]
    reference = nx.Graph()
    reference.add_nodes_from(node_id("o", org.pk) for org in firms + networks)
    kinds = [Relationship.Kind.COOPERATION, Relationship.Kind.SUPPLIER, Relationship.Kind.COMMISSIONED]
    seen = set()
    for _ in range(28):
        a, b = rng.sample(firms, 2)
        kind = rng.choice(kinds)
        if (a.pk, b.pk, kind) in seen or (b.pk, a.pk, kind) in seen:
            continue
        seen.add((a.pk, b.pk, kind))
        make_relationship(from_organisation=a, to_organisation=b, kind=kind)
        reference.add_edge(node_id("o", a.pk), node_id("o", b.pk))
    for firm in rng.sample(firms, 6):
        network = rng.choice(networks)
        make_membership(organisation=firm, network=network)
        reference.add_edge(node_id("o", firm.pk), node_id("o", network.pk))

    nodes = sorted(reference.nodes)
    for _ in range(25):
        start, goal = rng.sample(nodes, 2)
        search = shortest_paths(start, goal, max_depth=12, max_paths=50)
        if not nx.has_path(reference, start, goal):
            assert search.paths == []
            continue
        expected = sorted(nx.all_shortest_paths(reference, start, goal))
        assert search.length == len(expected[0]) - 1
        if len(expected) <= 50:
            assert sorted(search.paths) == expected
        else:
            assert len(search.paths) == 50 and all(path in expected for path in search.paths)


def test_up_to_three_paths_each_step_with_its_edge():
    start, goal = make_organisation(name="Anfang"), make_organisation(name="Ziel")
    for n in range(5):
        middle = make_organisation(name=f"Mitte {n}")
        make_relationship(from_organisation=start, to_organisation=middle, kind=Relationship.Kind.SUPPLIER)
        make_relationship(from_organisation=middle, to_organisation=goal, kind=Relationship.Kind.SUPPLIER)

    search = shortest_paths(node_id("o", start.pk), node_id("o", goal.pk))
    described = describe(search)

    assert search.length == 2
    assert len(described) == 3
    for path in described:
        assert [step["label"] for step in path[::2]][0::2] == ["Anfang", "Ziel"]
        assert [step["label"] for step in path[1::2]] == ["beliefert", "beliefert"]


def test_a_step_reads_in_the_direction_of_travel():
    wfs, amz = make_organisation(name="WFS"), make_organisation(name="AMZ")
    make_relationship(from_organisation=wfs, to_organisation=amz, kind=Relationship.Kind.COMMISSIONED)

    [there] = describe(shortest_paths(node_id("o", wfs.pk), node_id("o", amz.pk)))
    [back] = describe(shortest_paths(node_id("o", amz.pk), node_id("o", wfs.pk)))

    assert there[1]["label"] == "beauftragte"
    assert back[1]["label"] == "beauftragt von"


def test_the_search_stops_at_its_depth():
    chain = [make_organisation(name=f"Glied {n}") for n in range(9)]
    for a, b in zip(chain, chain[1:]):
        make_relationship(from_organisation=a, to_organisation=b, kind=Relationship.Kind.SUPPLIER)

    search = shortest_paths(node_id("o", chain[0].pk), node_id("o", chain[-1].pk))

    assert search.paths == [] and search.exhausted


def test_the_path_page_answers_unknown_organisations_with_a_404_that_says_which(client):
    make_organisation(slug="bekannt")

    page = client.get("/kooperationen/pfad/", {"von": "bekannt", "nach": "unbekannt"})
    data = client.get("/kooperationen/pfad/", {"von": "bekannt", "nach": "unbekannt", "format": "json"})

    assert page.status_code == 404
    assert "Diese Organisation kennt der Atlas nicht: „unbekannt“." in page.text
    assert data.status_code == 404
    assert data.json() == {
        "paths": [],
        "length": None,
        "errors": ["Diese Organisation kennt der Atlas nicht: „unbekannt“."],
    }


def test_the_same_organisation_twice_is_explained(client):
    make_organisation(slug="eins")

    response = client.get("/kooperationen/pfad/", {"von": "eins", "nach": "eins", "format": "json"})

    assert response.status_code == 200
    assert response.json()["paths"] == []
    assert "dieselbe Organisation" in response.json()["errors"][0]


def test_unconnected_organisations_get_a_clear_answer(client):
    make_organisation(slug="insel", name="Insel GmbH")
    make_organisation(slug="festland", name="Festland AG")

    page = client.get("/kooperationen/pfad/", {"von": "insel", "nach": "festland"})

    assert page.status_code == 200
    assert "Zwischen Insel GmbH und Festland AG hat der Atlas keine Verbindung" in page.text


@pytest.mark.parametrize(
    "params",
    [
        {"von": "eins"},
        {"nach": "eins"},
        {"von": "eins", "nach": "x" * 300},
        {"von": "eins", "nach": "zwei", "stand": "morgen"},
        {"von": "eins", "nach": "zwei", "art": "liebe"},
    ],
)
def test_incomplete_or_bad_input_is_explained_and_never_a_500(client, params):
    make_organisation(slug="eins")
    make_organisation(slug="zwei")

    page = client.get("/kooperationen/pfad/", params)
    data = client.get("/kooperationen/pfad/", {**params, "format": "json"})

    assert page.status_code in (200, 404)
    assert data.status_code in (200, 400, 404)
    assert data.json()["errors"]


def test_an_organisation_can_be_named_by_its_short_name(client):
    wfs = make_organisation(name="Wirtschaftsförderung Sachsen GmbH", short_name="WFS", slug="wfs-gmbh")
    amz = make_organisation(name="AMZ", slug="amz")
    make_relationship(from_organisation=wfs, to_organisation=amz, kind=Relationship.Kind.COMMISSIONED)

    data = client.get("/kooperationen/pfad/", {"von": "wfs", "nach": "amz", "format": "json"}).json()

    assert data["length"] == 1


@pytest.mark.parametrize("size", [2, 8])
def test_the_path_json_costs_the_same_queries_however_wide_the_levels(client, django_assert_num_queries, size):
    start, goal = make_organisation(slug="start"), make_organisation(slug="ziel")
    for _ in range(size):
        middle = make_organisation()
        make_relationship(from_organisation=start, to_organisation=middle, kind=Relationship.Kind.SUPPLIER)
        make_relationship(from_organisation=middle, to_organisation=goal, kind=Relationship.Kind.SUPPLIER)
    client.get("/kooperationen/pfad/", {"von": "start", "nach": "ziel", "format": "json"})

    # 1 the search limit's count (netzwerk/ratelimit.py, in the database without Redis),
    # 2 and 3 both organisations, 4 the graph tables' versions, 5 one level from the start,
    # 6 one from the goal (they meet), 7 the chosen edges' details, 8 their sources, 9 the
    # nodes' names
    with django_assert_num_queries(9):
        response = client.get("/kooperationen/pfad/", {"von": "start", "nach": "ziel", "format": "json"})
    assert len(response.json()["paths"]) == min(size, 3)
