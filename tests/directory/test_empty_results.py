"""An empty result that names a known competence says that no firm has it yet, and offers
its relatives (the field, the field's other competences) that firms have."""

import pytest

from tests.factories import make_competence, make_organisation


@pytest.fixture
def tree(db):
    plastics = make_competence(name="Kunststofftechnik", slug="kunststofftechnik")
    make_competence(
        name="Spritzguss", slug="spritzguss", parent=plastics, name_en="Injection moulding", synonyms="Spritzgießen"
    )
    extrusion = make_competence(name="Extrusion", slug="extrusion", parent=plastics)
    thermo = make_competence(name="Thermoformen", slug="thermoformen", parent=plastics)
    make_organisation(name="Alpha Profile GmbH").competences.add(extrusion)
    make_organisation(name="Beta Profile GmbH").competences.add(extrusion)
    make_organisation(name="Gamma Folien GmbH").competences.add(thermo)


def unfilled(response):
    return response.context["unfilled_competences"]


@pytest.mark.parametrize("params", [{"kompetenz": "spritzguss"}, {"q": "Spritzguss"}, {"q": "spritzgiessen"}])
def test_a_known_competence_without_firms_says_so_and_offers_its_relatives(client, tree, params):
    response = client.get("/firmen/", params)

    assert response.context["count"] == 0
    [entry] = unfilled(response)
    assert entry["name"] == "Spritzguss"
    assert [(r["name"], r["count"]) for r in entry["related"]] == [
        ("Kunststofftechnik", 3),
        ("Extrusion", 2),
        ("Thermoformen", 1),
    ]
    html = response.content.decode()
    assert "Spritzguss: noch keine Firma erfasst." in html
    assert 'href="/firmen/?kompetenz=extrusion"' in html


def test_the_english_name_says_so_in_english(client, tree):
    response = client.get("/en/firmen/", {"q": "injection moulding"})

    assert [entry["name"] for entry in unfilled(response)] == ["Injection moulding"]
    assert "Injection moulding: no firm recorded yet." in response.content.decode()


def test_a_competence_with_firms_gets_no_such_note(client, tree):
    response = client.get("/firmen/", {"kompetenz": "extrusion", "q": "Nirgendwo"})

    assert response.context["count"] == 0
    assert unfilled(response) == []


def test_an_unknown_word_gets_no_such_note(client, tree):
    assert unfilled(client.get("/firmen/", {"q": "Quantenschaum"})) == []


def test_an_unknown_word_costs_no_count_over_the_competences(client, tree, django_assert_num_queries):
    client.get("/firmen/", {"q": "Quantenschaum"})  # fills what later requests share

    with django_assert_num_queries(6) as captured:
        # 1 the tables' versions, 2 the place names (is the word a place?), 3 the search
        # limit's count, 4 the word list (nothing close), 5 the firms without the text (the
        # kept totals on PostgreSQL), 6 the competences' names: none is the word, so no count
        client.get("/firmen/", {"q": "Quantenschaum"})

    assert not any("COUNT(DISTINCT" in query["sql"] for query in captured.captured_queries)


def test_the_search_without_its_text_counts_every_firm(client, tree):
    response = client.get("/firmen/", {"q": "Quantenschaum"})

    assert [(s["name"], s["count"]) for s in response.context["suggestions"]] == [("q", 3)]
