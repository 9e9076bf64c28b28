"""English competence names are searchable (the search document holds them, directory/search.py)."""

import pytest

from tests.factories import make_competence, make_organisation


@pytest.fixture
def firms(db):
    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion", name_en="Cable assembly")
    moulding = make_competence(name="Spritzguss", slug="spritzguss", name_en="Injection moulding")
    field = make_competence(name="Glastechnik", slug="glastechnik", name_en="Glass technology")
    glass = make_competence(name="Präzisionsglas", slug="praezisionsglas", name_en="Precision glass", parent=field)
    make_organisation(name="Alpha Leitungen GmbH").competences.add(cables)
    make_organisation(name="Beta Formteile GmbH").competences.add(moulding)
    make_organisation(name="Gamma Optik GmbH").competences.add(glass)


def names(response):
    return sorted(row["organisation"].name for row in response.context["results"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cable assembly", ["Alpha Leitungen GmbH"]),
        ("cable", ["Alpha Leitungen GmbH"]),
        ("injection moulding", ["Beta Formteile GmbH"]),
        ("glass", ["Gamma Optik GmbH"]),
    ],
)
def test_english_competence_names_are_searchable_under_en(client, firms, query, expected):
    assert names(client.get("/en/firmen/", {"q": query})) == expected


def test_the_german_names_still_find_the_same_firms(client, firms):
    assert names(client.get("/firmen/", {"q": "Kabelkonfektion"})) == ["Alpha Leitungen GmbH"]
    assert names(client.get("/en/firmen/", {"q": "Spritzguss"})) == ["Beta Formteile GmbH"]


def test_a_changed_english_name_is_found_at_once(client, firms):
    from directory.models import Competence

    competence = Competence.objects.get(slug="spritzguss")
    competence.name_en = "Plastic injection"
    competence.save()

    assert names(client.get("/en/firmen/", {"q": "plastic"})) == ["Beta Formteile GmbH"]


@pytest.mark.smoke
def test_english_names_are_searchable_on_sqlite_too(client, firms):
    assert names(client.get("/en/firmen/", {"q": "cable assembly"})) == ["Alpha Leitungen GmbH"]
