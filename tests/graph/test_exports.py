"""GEXF, GraphML and the CSV edge list carry the same graph as the JSON."""

import csv
import io

import networkx as nx
import pytest

from events.models import Participation
from tests.factories import (
    cite,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph_json(client):
    network = make_network(name="Impro")
    firm = make_organisation(name="Telegärtner Gerätebau")
    partner = make_organisation(name='=HYPERLINK("x")')  # a name a spreadsheet would run
    article = make_source(title="Zulieferkonferenz", url="https://example.org/zk")
    cite(make_membership(organisation=firm, network=network, start="2008"), article)
    cite(make_relationship(from_organisation=firm, to_organisation=partner, start="2012"), article)
    # Two links between the same two organisations: the files hold both.
    make_relationship(from_organisation=firm, to_organisation=partner, kind="supplier")
    event = make_event(title="Zulieferkonferenz 2017", start="2017")
    make_participation(
        event=event, organisation=firm, person=make_person(name="Jakub Kleinschmidt"), role=Participation.Role.SPEAKER
    )
    make_participation(event=event, organisation=network, role=Participation.Role.ORGANISER)
    make_position(organisation=network, person=make_person(name="Christoph Herbrig"), role="Vorsitzender")
    return client.get("/kooperationen/graph.json").json()


def expected(graph_json):
    nodes = {node["id"]: node["label"] for node in graph_json["nodes"]}
    edges = sorted((edge["source"], edge["target"], edge["id"], edge["type"]) for edge in graph_json["edges"])
    return nodes, edges


@pytest.mark.parametrize(
    "url, read",
    [
        ("/kooperationen/graph.gexf", nx.read_gexf),
        ("/kooperationen/graph.graphml", lambda f: nx.read_graphml(f, force_multigraph=True)),
    ],
)
def test_networkx_reads_back_the_same_nodes_and_edges(client, graph_json, url, read):
    response = client.get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    graph = read(io.BytesIO(response.content))
    nodes, edges = expected(graph_json)
    assert {node: data["label"] for node, data in graph.nodes(data=True)} == nodes
    assert sorted((a, b, key, data["relation"]) for a, b, key, data in graph.edges(keys=True, data=True)) == edges
    cooperation = next(data for _, _, data in graph.edges(data=True) if data["relation"] == "cooperation")
    assert cooperation["date_start"] == "2012"
    assert cooperation["sources"] == "https://example.org/zk"


def test_the_csv_lists_every_edge_with_both_ends_type_dates_and_sources(client, graph_json):
    response = client.get("/kooperationen/kanten.csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(graph_json["edges"])
    membership = next(row for row in rows if row["type"] == "membership")
    assert (membership["source_label"], membership["target_label"]) == ("Telegärtner Gerätebau", "Impro")
    assert membership["start"] == "2008" and membership["end"] == ""
    assert membership["sources"] == "https://example.org/zk"
    assert membership["source_url"].startswith("http://testserver/organisationen/")
    # A formula in a name is written as text.
    assert any(row["target_label"] == '\'=HYPERLINK("x")' for row in rows)


def test_the_downloads_follow_the_filters(client, graph_json):
    response = client.get("/kooperationen/kanten.csv", {"art": "membership"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["type"] for row in rows} == {"membership"}
