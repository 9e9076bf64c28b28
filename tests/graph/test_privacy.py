"""A private person is in no graph: not drawn, not in the ego network, not on a path, not exported."""

import pytest

from events.models import Participation
from tests.factories import (
    cite,
    make_event,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_source,
)

pytestmark = pytest.mark.django_db

SECRET = "Henriette Verborgen"


@pytest.fixture
def world():
    firm = make_organisation(name="Telegärtner", slug="telegaertner")
    other = make_organisation(name="Geising", slug="geising")
    secret = make_person(name=SECRET, slug="henriette-verborgen", is_public=False)
    public = make_person(name="Jakub Kleinschmidt", slug="jakub")
    article = make_source(title="Artikel")
    cite(make_position(person=secret, organisation=firm), article, quote=f"sagt {SECRET}")
    # The private person is the only link between the two firms.
    make_position(person=secret, organisation=other, role="Beirätin")
    event = make_event(title="Zulieferkonferenz", slug="zk")
    make_participation(
        event=event, person=secret, organisation=firm, role=Participation.Role.SPEAKER, talk_title="Geheimer Vortrag"
    )
    make_participation(event=event, person=secret, role=Participation.Role.GUEST)
    make_position(person=public, organisation=firm)
    return firm, other, secret


@pytest.mark.parametrize(
    "url",
    [
        "/kooperationen/",
        "/kooperationen/graph.json",
        "/kooperationen/graph.gexf",
        "/kooperationen/graph.graphml",
        "/kooperationen/kanten.csv",
        "/organisationen/telegaertner/",
        "/organisationen/telegaertner/?tiefe=2",
        "/organisationen/telegaertner/kooperationen.json?tiefe=2",
        "/organisationen/geising/kooperationen.json?tiefe=2",
    ],
)
def test_a_private_person_is_in_no_graph(client, world, url):
    response = client.get(url)

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "henriette" not in response.content.decode()
    assert f'"p{world[2].pk}"' not in response.content.decode()


def test_the_public_colleague_is_there(client, world):
    data = client.get("/kooperationen/graph.json").json()

    assert "Jakub Kleinschmidt" in {node["label"] for node in data["nodes"]}


def test_no_path_runs_through_a_private_person(client, world):
    response = client.get("/kooperationen/pfad/", {"von": "telegaertner", "nach": "geising", "format": "json"})

    assert response.json()["paths"] == []
    assert SECRET not in response.content.decode()


# Committed writes: inside a test's transaction nothing is cached at all (data_version()).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/kooperationen/", "/kooperationen/graph.json", "/kooperationen/kanten.csv"])
def test_a_person_made_private_leaves_the_unfiltered_graph_at_once(client, world, url):
    colleague = world[0].positions.get(person__slug="jakub").person
    assert "Jakub Kleinschmidt" in client.get(url).content.decode()

    colleague.is_public = False
    colleague.save()

    # Only the aggregated overview of a large atlas may be served a few minutes old; a graph
    # that draws people is made afresh after any write.
    assert "Jakub Kleinschmidt" not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_aggregated_overview_may_still_be_served_a_few_minutes_old(client, world, monkeypatch):
    # Too big to draw (one node allowed): the overview of networks, which names nobody.
    monkeypatch.setattr("directory.views.graph.MAX_NODES", 1)
    assert client.get("/kooperationen/graph.json").json()["aggregated"]

    make_network(name="Neues Netz", slug="neues-netz")

    assert "Neues Netz" not in client.get("/kooperationen/graph.json").content.decode()
