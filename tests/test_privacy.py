"""A person who is not public appears nowhere on the public site.

The private person here has everything that could leak a name: a position at a firm and at
a network, a speaking participation with a talk title, a guest participation of their own,
and citations of a source that public records cite too.
"""

import pytest
from django.urls import reverse

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
    make_series,
    make_source,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Henriette Verborgen"
SECRET_SLUG = "henriette-verborgen"


@pytest.fixture
def world():
    return build_world()


def build_world() -> dict:
    article = make_source(title="Zulieferkonferenz in Dresden")
    network = make_network(name="Impro", slug="impro")
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner")
    make_membership(organisation=firm, network=network)
    series = make_series(name="Zulieferkonferenz Sachsen", slug="zulieferkonferenz")
    event = make_event(title="Zulieferkonferenz 2017", slug="zk-2017", start="März 2017", series=series)
    cite(event, article)

    private = make_person(name=SECRET_NAME, slug=SECRET_SLUG, title="Dr.", is_public=False)
    cite(private, article)
    cite(make_position(person=private, organisation=firm, role="Geschäftsführerin", start="2015"), article)
    cite(make_position(person=private, organisation=network, role="Vorsitzende", start="2015"), article)
    cite(
        make_participation(
            event=event,
            person=private,
            organisation=firm,
            role=Participation.Role.SPEAKER,
            talk_title="Kleine Stückzahlen in der Kabelkonfektion",
        ),
        article,
    )
    cite(make_participation(event=event, person=private, role=Participation.Role.GUEST), article)

    public = make_person(name="Jürgen Graf", slug="juergen-graf")
    cite(make_position(person=public, organisation=firm, role="Prokurist"), article)
    make_participation(
        event=event,
        person=public,
        organisation=firm,
        role=Participation.Role.SPEAKER,
        talk_title="Getriebe nach Kundenwunsch",
    )
    return {
        "article": article,
        "network": network,
        "firm": firm,
        "series": series,
        "event": event,
        "private": private,
        "public": public,
    }


def public_pages(world) -> list[str]:
    return [
        reverse("directory:home"),
        reverse("directory:organisation-list"),
        world["firm"].get_absolute_url(),
        world["network"].get_absolute_url(),
        world["event"].get_absolute_url(),
        reverse("events:event-list"),
        world["series"].get_absolute_url(),
        world["article"].get_absolute_url(),
        reverse("directory:source-list"),
        world["public"].get_absolute_url(),
        # The site's own: sitemaps, the map's points, the accessibility statement.
        *(
            reverse("sitemap-section", kwargs={"section": section})
            for section in ("personen", "seiten", "organisationen")
        ),
        reverse("sitemap"),
        reverse("directory:organisation-list") + "?format=geojson",
        reverse("accessibility"),
    ]


def test_a_private_person_is_named_on_no_public_page(client, world):
    for url in public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Verborgen" not in response.text, url
        assert SECRET_SLUG not in response.text, url


def test_searching_for_a_private_persons_name_finds_nothing(client, world):
    response = client.get(reverse("directory:organisation-list"), {"q": "Verborgen"})

    # The page repeats the query itself; it must find no record that would name the person.
    assert response.context["organisations"] == []


def test_a_private_person_has_no_page_of_their_own(client, world):
    response = client.get(world["private"].get_absolute_url())

    assert response.status_code == 404
    assert "Verborgen" not in response.text


def test_public_people_next_to_the_private_one_are_shown(client, world):
    firm_page = client.get(world["firm"].get_absolute_url()).text
    event_page = client.get(world["event"].get_absolute_url()).text
    source_page = client.get(world["article"].get_absolute_url()).text

    assert "Jürgen Graf" in firm_page
    assert "Prokurist" in firm_page
    assert "Jürgen Graf" in event_page
    assert "Getriebe nach Kundenwunsch" in event_page
    assert "Jürgen Graf" in source_page
    assert client.get(world["public"].get_absolute_url()).status_code == 200


def test_a_private_speaker_with_an_organisation_shows_only_the_organisation(client, world):
    response = client.get(world["event"].get_absolute_url())

    speakers = response.context["speakers"]
    private_talk = next(p for p in speakers if p.talk_title.startswith("Kleine"))
    # The person was filtered out in the query: the relation reads as None, not a lazy load.
    assert private_talk.person is None
    assert private_talk.organisation == world["firm"]
    # A guest with no organisation has nothing left to show, so the query leaves them out.
    assert response.context["others"] == []


def test_positions_of_private_people_are_left_out_of_the_query(client, world):
    firm_page = client.get(world["firm"].get_absolute_url())
    network_page = client.get(world["network"].get_absolute_url())

    assert [p.person for p in firm_page.context["current_positions"]] == [world["public"]]
    assert network_page.context["current_positions"] == []
    assert "Geschäftsführerin" not in firm_page.text
    assert "Vorsitzende" not in network_page.text


def test_a_person_made_public_appears(client, world):
    private = world["private"]
    private.is_public = True
    private.save()

    assert client.get(private.get_absolute_url()).status_code == 200
    assert "Verborgen" in client.get(world["firm"].get_absolute_url()).text
    assert "Verborgen" in client.get(world["event"].get_absolute_url()).text
