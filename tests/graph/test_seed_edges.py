"""The seed network's edges, each with its evidence and sources, read through the public JSON."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

INDUSTRIEVEREIN = "industrieverein-sachsen-1828-ev"
KREATIVES_CHEMNITZ = "kreatives-chemnitz"


@pytest.fixture
def seeded():
    call_command("load_seed_network", stdout=io.StringIO())


def labels(data) -> dict[str, str]:
    return {node["id"]: node["label"] for node in data["nodes"]}


def edges_between(data, first: str, second: str) -> list[dict]:
    names = labels(data)
    return [edge for edge in data["edges"] if {names[edge["source"]], names[edge["target"]]} == {first, second}]


def test_industrieverein_works_with_kreatives_chemnitz_with_its_evidence_and_source(client, seeded):
    data = client.get("/kooperationen/graph.json").json()

    # The article's cooperation since 2012 (the public record may add more links between them).
    [cooperation] = [
        edge
        for edge in edges_between(data, "Industrieverein Sachsen 1828 e.V.", "Kreatives Chemnitz")
        if edge["type"] == "cooperation" and edge["start"] == "2012"
    ]
    assert cooperation["type"] == "cooperation"
    assert cooperation["label"] == "kooperiert mit"
    assert cooperation["start"] == "2012"
    assert cooperation["end"] is None
    assert "Maker Faire Sachsen" in cooperation["evidence"]
    assert cooperation["sources"]
    detail = next(detail for detail in cooperation["source_details"] if "Kreatives Chemnitz" in detail["quote"])
    assert detail["page"].startswith("/quellen/")


def test_both_organised_maker_faire_sachsen_so_the_event_links_them(client, seeded):
    data = client.get("/kooperationen/graph.json").json()
    names = labels(data)
    fair = next(node["id"] for node in data["nodes"] if node["label"] == "Maker Faire Sachsen 2017")

    organisers = {
        names[edge["source"]]: edge
        for edge in data["edges"]
        if edge["target"] == fair and edge["type"] == "participation"
    }

    assert set(organisers) == {"Industrieverein Sachsen 1828 e.V.", "Kreatives Chemnitz"}
    for edge in organisers.values():
        assert edge["label"] == "veranstaltete"
        # The year the article gives, or the day a later source names.
        assert edge["start"].startswith("2017")
        assert edge["evidence"] == "Teilnahme als Veranstalter"
        assert edge["sources"]


def test_the_path_from_telegaertner_to_the_wfs_runs_through_the_zulieferkonferenz(client, seeded):
    data = client.get(
        "/kooperationen/pfad/",
        {"von": "telegaertner-geraetebau", "nach": "wirtschaftsfoerderung-sachsen-gmbh", "format": "json"},
    ).json()

    # Among the shortest paths (the public record may add others of the same length).
    expected = [
        "Telegärtner Gerätebau",
        "sprach bei",
        "Zulieferkonferenz",
        "veranstaltet von",
        "Wirtschaftsförderung Sachsen GmbH (WFS)",
    ]
    [path] = [path for path in data["paths"] if [step["label"] for step in path] == expected]
    assert path[1]["evidence"] == (
        "Teilnahme als Referent/in: „Effiziente Produktion kleiner Stückzahlen in der Kabelkonfektion“"
    )
    assert all(step["sources"] for step in path[1::2])


def test_the_page_names_each_step_and_its_source(client, seeded):
    response = client.get("/kooperationen/pfad/", {"von": "telegaertner-geraetebau", "nach": "WFS"})

    assert response.status_code == 200
    assert "Verbunden in 2 Schritten" in response.text
    assert "— sprach bei —" in response.text
    assert "Feinmechaniker präsentieren sich in Dresden" in response.text


def test_the_people_of_the_seed_are_public_and_linked_by_their_positions(client, seeded):
    data = client.get("/kooperationen/graph.json").json()

    [position] = edges_between(data, "Katrin Hoffmann", "Industrieverein Sachsen 1828 e.V.")
    assert position["type"] == "position"
    assert position["label"] == "Geschäftsführerin bei"


def test_the_ego_network_of_kreatives_chemnitz_reaches_the_industrieverein(client, seeded):
    data = client.get(f"/organisationen/{KREATIVES_CHEMNITZ}/kooperationen.json").json()
    names = set(labels(data).values())

    assert {"Kreatives Chemnitz", "Industrieverein Sachsen 1828 e.V.", "Maker Faire Sachsen 2017"} <= names
    assert "Katrin Hoffmann" not in names  # two steps away: at depth 2 only

    deeper = client.get(f"/organisationen/{KREATIVES_CHEMNITZ}/kooperationen.json", {"tiefe": 2}).json()
    assert "Katrin Hoffmann" in set(labels(deeper).values())
