"""The competence tree page, /kompetenzen/."""

import pytest

from directory.models import Organisation
from tests.factories import make_competence, make_network, make_organisation

pytestmark = pytest.mark.django_db


def make_tree():
    zerspanung = make_competence(
        name="Zerspanung", slug="zerspanung", name_en="Machining", synonyms="Spanende Fertigung"
    )
    drehen = make_competence(
        name="Drehen", slug="drehen", parent=zerspanung, name_en="Turning", synonyms="Drehteile\nCNC-Drehen"
    )
    fraesen = make_competence(name="Fräsen", slug="fraesen", parent=zerspanung)
    glas = make_competence(name="Glas", slug="glas")
    return zerspanung, drehen, fraesen, glas


def tree_by_slug(response) -> dict[str, int]:
    counts = {}
    for entry in response.context["fields"]:
        counts[entry["field"].slug] = entry["field"].firm_count
        for competence in entry["competences"]:
            counts[competence.slug] = competence.firm_count
    return counts


def test_it_counts_firms_per_competence_and_each_field_counts_a_firm_once(client):
    zerspanung, drehen, fraesen, glas = make_tree()
    make_organisation().competences.add(drehen, fraesen)  # counted once for the field
    make_organisation().competences.add(drehen)
    make_organisation().competences.add(zerspanung, fraesen)  # the field and a child: once
    make_organisation().competences.add(zerspanung)
    # Only firms count: a network or a research institute with the competence does not.
    make_network().competences.add(drehen, glas)
    make_organisation(kind=Organisation.Kind.RESEARCH).competences.add(fraesen)

    response = client.get("/kompetenzen/")

    assert response.status_code == 200
    assert tree_by_slug(response) == {"zerspanung": 4, "drehen": 2, "fraesen": 2, "glas": 0}


def test_it_shows_the_tree_with_links_to_the_filtered_firm_directory(client):
    zerspanung, drehen, fraesen, glas = make_tree()
    make_organisation().competences.add(drehen)  # a field no firm has links nowhere (folded)

    response = client.get("/kompetenzen/")

    assert [entry["field"].name for entry in response.context["fields"]] == ["Glas", "Zerspanung"]
    assert [c.name for c in response.context["fields"][1]["competences"]] == ["Drehen", "Fräsen"]
    for expected in [
        'href="/firmen/?kompetenz=zerspanung"',
        'href="/firmen/?kompetenz=drehen"',
        '<p class="muted small" lang="en">Machining</p>',
        '<span lang="en">Turning</span>',
        "Auch: Drehteile, CNC-Drehen",
        "Auch: Spanende Fertigung",
        "0 Firmen",
    ]:
        assert expected in response.text, expected


def test_the_tree_is_folded_and_competences_without_firms_wait_behind_a_closed_details(client):
    # Regression: /kompetenzen/ was 17,000 px tall, almost all of it "0 Firmen".
    zerspanung, drehen, fraesen, glas = make_tree()
    make_organisation().competences.add(drehen)

    page = client.get("/kompetenzen/").content.decode()

    # Zerspanung has a firm: Drehen is listed openly, Fräsen waits folded (closed, no "open").
    field = page[page.index('id="feld-zerspanung"') :]  # the last field: Glas sorts first
    assert field.index("?kompetenz=drehen") < field.index("<details")
    assert "<details open" not in page
    folded = field[field.index("<details") : field.index("</details>")]
    assert "1 weitere Kompetenz, noch ohne Firma" in folded
    assert "?kompetenz=fraesen" in folded and "?kompetenz=drehen" not in folded
    # Glas, a field no firm has, is a heading without a link into an empty directory.
    glas_field = page[page.index('id="feld-glas"') :]
    assert 'href="/firmen/?kompetenz=glas"' not in glas_field.split("</h2>")[0]
    assert "competence-field--empty" in page


def test_an_empty_taxonomy_says_so(client):
    response = client.get("/kompetenzen/")

    assert response.status_code == 200
    assert "Noch keine Kompetenzen erfasst." in response.text


def test_competence_names_are_escaped(client):
    make_competence(name="<script>alert(1)</script>", slug="boese")

    response = client.get("/kompetenzen/")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("fields", [3, 8])
def test_the_competence_page_runs_two_queries(client, django_assert_num_queries, fields):
    for _ in range(fields):
        field = make_competence()
        for _ in range(3):
            competence = make_competence(parent=field)
            make_organisation().competences.add(competence, field)

    # 1 the data version (inside the test's writing transaction: nothing comes from the cache)
    # 2 every competence with its firm count, one grouped pass over the links
    with django_assert_num_queries(2):
        response = client.get("/kompetenzen/")
    assert response.status_code == 200
    assert all(entry["field"].firm_count == 3 for entry in response.context["fields"])
