"""The person page: public people only, with positions, talks, events and sources."""

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


def test_a_person_page_shows_current_and_past_positions_talks_participations_and_sources(client):
    person = make_person(name="Christoph Herbrig", title="Dr.")
    article = make_source(title="Feinmechaniker präsentieren sich")
    cite(person, article)
    impro = make_network(name="Impro")
    cite(make_position(person=person, organisation=impro, role="Vorsitzender", start="2015"), article)
    make_position(
        person=person, organisation=make_organisation(name="Altfirma"), role="Prokurist", start="2001", end="2010"
    )
    make_participation(
        event=make_event(title="Zulieferkonferenz", start="März 2017"),
        person=person,
        organisation=impro,
        role=Participation.Role.SPEAKER,
        talk_title="Impro stellt sich vor",
    )
    make_participation(event=make_event(title="Werkschau", start="2018"), person=person, role=Participation.Role.GUEST)

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assert [p.organisation.name for p in response.context["current_positions"]] == ["Impro"]
    assert [p.organisation.name for p in response.context["past_positions"]] == ["Altfirma"]
    for expected in [
        "Dr. Christoph Herbrig",
        "Vorsitzender",
        "seit 2015",
        "Prokurist",
        "2001 – 2010",
        "„Impro stellt sich vor“",
        "Zulieferkonferenz",
        "März 2017",
        "Werkschau",
        "Gast",
        article.get_absolute_url(),
    ]:
        assert expected in response.text, expected


def test_a_private_person_is_a_404_and_a_public_one_is_not(client):
    private = make_person(is_public=False)
    public = make_person()

    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get("/personen/niemand/").status_code == 404


def test_a_private_colleague_on_the_same_event_is_not_named(client):
    person = make_person(name="Jürgen Graf")
    event = make_event(title="Zulieferkonferenz")
    make_participation(event=event, person=person, role=Participation.Role.SPEAKER, talk_title="Getriebe")
    make_participation(
        event=event,
        person=make_person(name="Henriette Verborgen", is_public=False),
        role=Participation.Role.SPEAKER,
        talk_title="Geheim",
    )

    response = client.get(person.get_absolute_url())

    assert "Verborgen" not in response.text
    assert "Geheim" not in response.text


@pytest.mark.parametrize("rows", [3, 6])
def test_a_person_page_runs_six_queries(client, django_assert_num_queries, rows):
    person = make_person()
    cite(person)
    for _ in range(rows):
        cite(make_position(person=person, start="2015"))
        cite(make_participation(person=person, organisation=make_organisation(), role=Participation.Role.SPEAKER))
        cite(make_participation(person=person, role=Participation.Role.GUEST))

    # 1 the public person, 2 their citations, 3 positions with organisations, 4 their citations,
    # 5 participations with events and organisations, 6 their citations
    with django_assert_num_queries(6):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["talks"]) == rows
    assert len(response.context["other_participations"]) == rows
