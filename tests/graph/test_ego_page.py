"""The ego network on the organisation page: drawn, and the same data as a table without JavaScript."""

import pytest

from directory.models import Relationship
from tests.factories import cite, make_membership, make_network, make_organisation, make_relationship, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm():
    firm = make_organisation(name="Telegärtner Gerätebau", slug="telegaertner")
    partner = make_organisation(name="Feinwerktechnik Geising", slug="geising")
    network = make_network(name="Impro", slug="impro")
    make_membership(organisation=firm, network=network, start="2008")
    make_membership(organisation=partner, network=network, start="2010")
    cite(
        make_relationship(
            from_organisation=firm,
            to_organisation=partner,
            kind=Relationship.Kind.SUPPLIER,
            start="2015",
            description="Getriebe",
        ),
        make_source(title="Zulieferkonferenz in Dresden"),
    )
    make_relationship(
        from_organisation=partner, to_organisation=make_organisation(name="Weiter weg"), kind=Relationship.Kind.SUPPLIER
    )
    return firm


def test_the_page_shows_the_ego_network_drawn_and_as_a_table(client, firm):
    response = client.get("/organisationen/telegaertner/")

    assert response.status_code == 200
    text = response.text
    assert 'id="kooperationen"' in text
    assert 'id="ego-data"' in text and "vendor/cytoscape/cytoscape.min.js" in text
    table = text[text.index('class="graph-table"') :]
    assert "beliefert" in table and "Getriebe" in table and "seit 2015" in table
    assert 'href="/quellen/' in table and "Zulieferkonferenz in Dresden" in table
    assert 'href="/organisationen/geising/"' in table
    assert "Weiter weg" not in text  # two steps away


def test_depth_two_on_request(client, firm):
    response = client.get("/organisationen/telegaertner/", {"tiefe": "2"})

    assert "Weiter weg" in response.text
    assert "Nur direkte Verbindungen" in response.text


def test_a_bad_depth_falls_back_to_one(client, firm):
    response = client.get("/organisationen/telegaertner/", {"tiefe": "99"})

    assert response.status_code == 200
    assert "Weiter weg" not in response.text


def test_an_organisation_without_links_shows_no_empty_graph(client):
    make_organisation(slug="allein")

    response = client.get("/organisationen/allein/")

    assert 'id="kooperationen"' not in response.text
    assert "cytoscape" not in response.text
