"""The network pages: the list of networks and one network, its members as of any date."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from directory.models import Citation, Membership, Organisation, Relationship, StatedMemberCount
from events.models import Participation
from netzwerk.lib.fuzzydates import FuzzyDate
from tests.factories import (
    cite,
    make_competence,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_region,
    make_relationship,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db


def next_year() -> str:
    return str(datetime.date.today().year + 1)


def member_names(response) -> list[str]:
    return [membership.organisation.name for membership in response.context["current_members"]]


# Network list ---------------------------------------------------------------------------


def test_the_network_list_shows_focus_region_members_leadership_and_next_event(client):
    saxony = make_region(name="Sachsen")
    impro = make_network(
        name="Interessenverband Impro",
        region=saxony,
        description="Impro bündelt die Feinmechaniker im Osterzgebirge, z. B. in Geising. Gegründet 2005.",
    )
    amz = make_network(name="AMZ Sachsen")
    amz.sectors.add(make_sector(name="Automobilzulieferer"))
    make_membership(network=impro, start="2010")
    make_membership(network=impro)
    make_membership(network=impro, start="2001", end="2005")
    make_position(person=make_person(name="Christoph Herbrig"), organisation=impro, role="Vorsitzender", start="2015")
    make_position(
        person=make_person(name="Alter Vorsitz"), organisation=impro, role="Vorsitzender", start="2005", end="2014"
    )
    make_position(
        person=make_person(name="Henriette Verborgen", is_public=False), organisation=impro, role="Geschäftsführerin"
    )
    soon = make_event(title="Impro-Stammtisch", start=next_year())
    make_participation(event=soon, organisation=impro, role=Participation.Role.ORGANISER)
    later = make_event(title="Späteres Treffen", start=str(datetime.date.today().year + 2))
    make_participation(event=later, organisation=impro, role=Participation.Role.ORGANISER)
    old = make_event(title="Altes Treffen", start="2015")
    make_participation(event=old, organisation=impro, role=Participation.Role.ORGANISER)
    make_organisation(name="Keine Netzwerkfirma GmbH")

    response = client.get(reverse("directory:network-list"))

    assert response.status_code == 200
    rows = {row["network"].name: row for row in response.context["rows"]}
    assert list(rows) == ["AMZ Sachsen", "Interessenverband Impro"]
    impro_row = rows["Interessenverband Impro"]
    assert impro_row["focus"] == "Impro bündelt die Feinmechaniker im Osterzgebirge, z. B. in Geising."
    assert impro_row["network"].member_count == 2
    assert [p.person.name for p in impro_row["leadership"]] == ["Christoph Herbrig"]
    assert impro_row["next_event"] == soon
    assert rows["AMZ Sachsen"]["focus"] == "Automobilzulieferer"
    assert rows["AMZ Sachsen"]["network"].member_count == 0
    text = response.text
    for expected in ["Sachsen", "Christoph Herbrig", "Vorsitzender", "Impro-Stammtisch", "Automobilzulieferer"]:
        assert expected in text, expected
    for absent in ["Henriette Verborgen", "Alter Vorsitz", "Keine Netzwerkfirma", "Altes Treffen"]:
        assert absent not in text, absent


def test_the_header_links_to_the_network_list(client):
    response = client.get(reverse("directory:home"))

    assert f'href="{reverse("directory:network-list")}"' in response.text
    assert ">Netzwerke</a>" in response.text


@pytest.mark.parametrize("rows", [3, 6])
def test_the_network_list_runs_four_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        network = make_network(region=make_region())
        network.sectors.add(make_sector())
        for _ in range(rows):
            make_membership(network=network, start="2010")
            make_position(organisation=network, start="2015")
            make_participation(event=make_event(start=next_year()), organisation=network)

    # 1 the data version the cached body is keyed on (none inside this test's transaction),
    # 2 networks with regions and their current member counts (a subquery each),
    # 3 their sectors, 4 current positions of public people with the people,
    # 5 participations in upcoming events with the events
    with django_assert_num_queries(5):
        response = client.get(reverse("directory:network-list"))
    assert len(response.context["rows"]) == rows
    assert all(len(row["leadership"]) == rows for row in response.context["rows"])


# Network page: members as of a date -------------------------------------------------------


@pytest.fixture
def impro():
    network = make_network(name="Impro", slug="impro")
    make_membership(network=network, organisation=make_organisation(name="Seit jeher GmbH"))
    make_membership(network=network, organisation=make_organisation(name="Offen seit 2012 GmbH"), start="2012")
    make_membership(
        network=network, organisation=make_organisation(name="Zeitweise GmbH"), start="März 2010", end="2015"
    )
    return network


def test_the_network_page_shows_current_members_with_their_since_dates(client, impro):
    response = client.get(impro.get_absolute_url())

    assert response.status_code == 200
    assert member_names(response) == ["Offen seit 2012 GmbH", "Seit jeher GmbH"]
    assert [m.organisation.name for m in response.context["past_members"]] == ["Zeitweise GmbH"]
    assert "seit 2012" in response.text
    assert "Frühere Mitglieder" in response.text
    assert "März 2010 – 2015" in response.text


def test_the_membership_before_any_start_holds_only_those_with_an_unknown_start(client, impro):
    response = client.get(impro.get_absolute_url(), {"stand": "2009-06-30"})

    assert response.status_code == 200
    assert member_names(response) == ["Seit jeher GmbH"]
    assert response.context["past_members"] == []
    assert "am 30.06.2009" in response.text


def test_the_membership_during_a_closed_period_holds_it(client, impro):
    response = client.get(impro.get_absolute_url(), {"stand": "2013-01-01"})

    assert member_names(response) == ["Offen seit 2012 GmbH", "Seit jeher GmbH", "Zeitweise GmbH"]
    assert response.context["past_members"] == []


def test_a_membership_counts_from_the_first_day_of_its_start_month_to_the_last_day_of_its_end_year(client, impro):
    assert "Zeitweise GmbH" in member_names(client.get(impro.get_absolute_url(), {"stand": "2010-03-01"}))
    assert "Zeitweise GmbH" not in member_names(client.get(impro.get_absolute_url(), {"stand": "2010-02-28"}))
    assert "Zeitweise GmbH" in member_names(client.get(impro.get_absolute_url(), {"stand": "2015-12-31"}))
    assert "Zeitweise GmbH" not in member_names(client.get(impro.get_absolute_url(), {"stand": "2016-01-01"}))


def test_after_a_membership_ends_the_firm_is_listed_apart_as_a_past_member(client, impro):
    response = client.get(impro.get_absolute_url(), {"stand": "2016-01-01"})

    assert member_names(response) == ["Offen seit 2012 GmbH", "Seit jeher GmbH"]
    assert [m.organisation.name for m in response.context["past_members"]] == ["Zeitweise GmbH"]


@pytest.mark.parametrize("stand", ["gestern", "2019-02-30", "2019-13-01", "0000-00-00", "2019-1-1x"])
def test_a_bad_stand_is_answered_with_a_message_and_todays_members(client, impro, stand):
    response = client.get(impro.get_absolute_url(), {"stand": stand})

    assert response.status_code == 200
    assert "Stand" in " ".join(response.context["messages"])
    assert "ist ungültig" in response.text
    assert member_names(response) == ["Offen seit 2012 GmbH", "Seit jeher GmbH"]


def test_the_member_list_pages_twenty_five_at_a_time(client):
    network = make_network()
    for n in range(30):
        make_membership(network=network, organisation=make_organisation(name=f"Mitglied {n:02d} GmbH"))

    first = client.get(network.get_absolute_url())
    second = client.get(network.get_absolute_url(), {"seite": 2})

    assert len(first.context["current_members"]) == 25
    assert member_names(second) == [f"Mitglied {n:02d} GmbH" for n in range(25, 30)]
    assert "Seite 1 von 2" in first.text
    assert "seite=2" in first.text
    assert client.get(network.get_absolute_url(), {"seite": "quatsch"}).status_code == 200


def test_members_filter_by_competence_and_region_with_counts(client):
    network = make_network()
    saxony = make_region(name="Sachsen")
    dresden = make_region(name="Dresden", kind="city", parent=saxony)
    thuringia = make_region(name="Thüringen")
    milling = make_competence(name="Fräsen", slug="fraesen")
    glass = make_competence(name="Präzisionsglas", slug="praezisionsglas")
    millers = [make_organisation(name=f"Fräser {n} GmbH", region=dresden) for n in range(2)]
    glassworks = make_organisation(name="Glaswerk GmbH", region=thuringia)
    for firm in millers:
        firm.competences.add(milling)
        make_membership(network=network, organisation=firm)
    glassworks.competences.add(glass)
    make_membership(network=network, organisation=glassworks)
    outsider = make_organisation(name="Nichtmitglied GmbH", region=dresden)
    outsider.competences.add(milling)

    unfiltered = client.get(network.get_absolute_url())
    kompetenz, region = unfiltered.context["facets"]
    assert {c["slug"]: c["count"] for c in kompetenz["choices"]} == {"fraesen": 2, "praezisionsglas": 1}
    assert {c["slug"]: c["count"] for c in region["choices"]} == {
        saxony.slug: 2,
        dresden.slug: 2,
        thuringia.slug: 1,
    }

    response = client.get(network.get_absolute_url(), {"kompetenz": "fraesen"})

    assert response.status_code == 200
    assert member_names(response) == ["Fräser 0 GmbH", "Fräser 1 GmbH"]
    kompetenz, region = response.context["facets"]
    # A competence narrows down (ALL of those chosen), so it is counted under the chosen ones too.
    assert {c["slug"]: c["count"] for c in kompetenz["choices"]} == {"fraesen": 2}
    assert [c["selected"] for c in kompetenz["choices"]] == [True]
    assert {c["slug"]: c["count"] for c in region["choices"]} == {saxony.slug: 2, dresden.slug: 2}
    assert "Nichtmitglied" not in response.text

    by_region = client.get(network.get_absolute_url(), {"region": thuringia.slug})
    assert member_names(by_region) == ["Glaswerk GmbH"]

    bad = client.get(network.get_absolute_url(), {"kompetenz": "gibt-es-nicht", "region": "nirgendwo"})
    assert bad.status_code == 200
    assert len(bad.context["messages"]) == 2
    assert "gibt es nicht" in bad.text
    assert len(bad.context["current_members"]) == 3


def test_the_member_list_downloads_as_csv_and_json_in_the_directorys_format(client, impro):
    url = impro.get_absolute_url()

    as_json = client.get(url, {"format": "json"})
    as_csv = client.get(url, {"format": "csv", "stand": "2013-01-01"})

    assert as_json.status_code == 200
    data = json.loads(b"".join(as_json.streaming_content))
    assert data["count"] == 2
    assert [row["name"] for row in data["results"]] == ["Offen seit 2012 GmbH", "Seit jeher GmbH"]
    assert data["results"][0]["networks"] == ["Impro"]
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(as_csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    names = [row["name"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
    assert names == ["Offen seit 2012 GmbH", "Seit jeher GmbH", "Zeitweise GmbH"]


def test_a_network_with_five_thousand_members_pages_them_in_the_same_number_of_queries(
    client, django_assert_max_num_queries
):
    network = make_network()
    firms = Organisation.objects.bulk_create(
        Organisation(name=f"Mitglied {n:04d} GmbH", slug=f"mitglied-{n:04d}") for n in range(5000)
    )
    Membership.objects.bulk_create(Membership(network=network, organisation=firm) for firm in firms)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum keeps them in production. An earlier test's ANALYZE of the
        # then empty tables leaves reltuples at 0 (kept outside the rolled-back transaction), and
        # a planner that expects no organisations joined 5,000 x 5,000 of them for the page's
        # relationships (20 s on a fresh cluster: the request deadline's 400, CI of stop 16).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_organisation, directory_membership")

    # Within the count of the query-count test below (where every list has rows).
    with django_assert_max_num_queries(19):
        response = client.get(network.get_absolute_url(), {"seite": 150})
    assert response.context["member_page"].paginator.count == 5000
    assert member_names(response)[0] == "Mitglied 3725 GmbH"
    assert len(response.context["current_members"]) == 25


# Network page: people, events, partners -------------------------------------------------


def test_the_network_page_shows_leadership_events_and_partners_with_evidence(client):
    article = make_source(title="Feinmechaniker präsentieren sich in Dresden")
    network = make_network(name="Impro", description="Die Feinmechaniker des Osterzgebirges.")
    cite(network, article)
    chair = make_person(name="Christoph Herbrig")
    cite(make_position(person=chair, organisation=network, role="Vorsitzender", start="2015"), article)
    make_position(
        person=make_person(name="Früherer Geschäftsführer"),
        organisation=network,
        role="Geschäftsführer",
        start="2005",
        end="2014",
    )
    make_position(
        person=make_person(name="Henriette Verborgen", is_public=False), organisation=network, role="Geschäftsführerin"
    )
    upcoming = make_event(title="Impro-Stammtisch", start=next_year())
    make_participation(event=upcoming, organisation=network, role=Participation.Role.ORGANISER)
    past = make_event(title="Zulieferkonferenz in Dresden", start="März 2017")
    make_participation(event=past, organisation=network, role=Participation.Role.GUEST)
    make_event(title="Fremde Veranstaltung")
    partner = make_network(name="AMZ")
    cite(
        make_relationship(
            from_organisation=network, to_organisation=partner, start="2018", description="Gemeinsamer Messestand"
        ),
        article,
        quote="Impro und AMZ stellen gemeinsam aus.",
    )
    client_org = make_organisation(name="Wirtschaftsförderung Sachsen")
    make_relationship(from_organisation=client_org, to_organisation=network, kind=Relationship.Kind.COMMISSIONED)

    response = client.get(network.get_absolute_url())

    assert response.status_code == 200
    assert response.context["upcoming_events"] == [upcoming]
    assert response.context["past_events"] == [past]
    assert [p.person.name for p in response.context["current_positions"]] == ["Christoph Herbrig"]
    assert [p.person.name for p in response.context["past_positions"]] == ["Früherer Geschäftsführer"]
    text = response.text
    for expected in [
        "Die Feinmechaniker des Osterzgebirges.",
        "Leitung und Geschäftsstelle",
        "Christoph Herbrig",
        "Vorsitzender",
        "seit 2015",
        "Früherer Geschäftsführer",
        "2005 – 2014",
        "Impro-Stammtisch",
        "Zulieferkonferenz in Dresden",
        "März 2017",
        "Arbeitet zusammen mit",
        "Kooperiert mit",
        "AMZ",
        "Gemeinsamer Messestand",
        "„Impro und AMZ stellen gemeinsam aus.“",
        "Beauftragt von",
        "Wirtschaftsförderung Sachsen",
        article.get_absolute_url(),
        reverse("events:network-calendar", kwargs={"slug": network.slug}),
    ]:
        assert expected in text, expected
    assert "Henriette Verborgen" not in text
    assert "Fremde Veranstaltung" not in text
    assert response.context["sources"] == [article]


def test_a_firm_under_the_network_address_redirects_to_its_own(client):
    make_organisation(slug="feinwerktechnik")

    response = client.get("/netzwerke/feinwerktechnik/")

    assert response.status_code == 301
    assert response["Location"] == "/organisationen/feinwerktechnik/"
    assert client.get("/netzwerke/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize("rows", [3, 6])
def test_a_network_page_runs_twenty_two_queries(client, django_assert_num_queries, rows):
    network = make_network(region=make_region())
    cite(network)
    cite(StatedMemberCount.objects.create(network=network, count=13, label="Mitgliedsfirmen"))
    network.sectors.add(*(make_sector() for _ in range(rows)))
    region = make_region()
    competence = make_competence()
    for _ in range(rows):
        member = make_organisation(region=region)
        member.competences.add(competence)
        cite(make_membership(network=network, organisation=member, start="2010"))
        cite(make_membership(network=network, start="2001", end="2005"))
        cite(make_position(organisation=network, start="2015"))
        cite(make_position(organisation=network, start="2001", end="2005"))
        cite(make_relationship(from_organisation=network, kind=Relationship.Kind.COMMISSIONED))
        make_participation(event=make_event(start=next_year()), organisation=network)
        make_participation(event=make_event(start="2015"), organisation=network)

    # 1 the network's name and kind (all a cached body needs)
    # 2 the data version (None in a test's transaction: nothing below is cached)
    # 3 the network with its region and the region's parents, 4 its sectors, 5 its citations
    # 6 count of the members on the day (paginator), 7 this page's membership ids in order,
    # 8 their rows with the members and their regions
    # 9 the ids of the first members whose membership had ended (no count: no more than the
    # preview), 10 their rows, 11 citations of both member lists
    # 12 positions of public people with the people, 13 their citations
    # 14 upcoming events it took part in, 15 past ones
    # 16 relationships both ways with both ends, 17 their citations
    # 18 competence counts among the members, 19 region counts among the members
    # 20 the member counts sources state, 21 their citations (the number of members known
    # to the atlas is the paginator's count), 22 the newest source about the network
    with django_assert_num_queries(22):
        response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["current_members"]) == rows
    assert len(response.context["past_members"]) == rows
    assert len(response.context["upcoming_events"]) == rows
    assert len(response.context["sources"]) == 2 + 5 * rows
    assert response.context["known_members"] == rows


def test_a_filtered_network_page_adds_one_query_per_filter_value_it_checks(client, django_assert_num_queries):
    network = make_network()
    region = make_region()
    competence = make_competence()
    for _ in range(3):
        member = make_organisation(region=region)
        member.competences.add(competence)
        # Citing loads the content types once per process, as any earlier page would.
        cite(make_membership(network=network, organisation=member))
    cite(network)

    # 1 the network's name and kind, 2 the data version (None here: not cached), 3 the network
    # with its region, 4 sectors, 5 citations, then the form's checks: 6 the competence named,
    # 7 the region named;
    # 8 count of the matching members, 9 this page's membership ids, 10 their rows (no past
    # members: filtered, the page links to them instead), 11 the members' citations,
    # 12 positions (none, so no citations), 13 upcoming events, 14 past ones,
    # 15 relationships (none), 16 competence counts, 17 region counts, 18 stated member
    # counts (none, so no citations and no count of the known members), 19 the newest source
    with django_assert_num_queries(19):
        response = client.get(network.get_absolute_url(), {"kompetenz": competence.slug, "region": region.slug})
    assert len(response.context["current_members"]) == 3


def test_past_members_are_previewed_and_paged_apart(client):
    network = make_network()
    make_membership(network=network, organisation=make_organisation(name="Aktuell GmbH"))
    for n in range(30):
        make_membership(
            network=network, organisation=make_organisation(name=f"Ehemals {n:02d} GmbH"), start="2001", end="2005"
        )

    page = client.get(network.get_absolute_url())
    assert member_names(page) == ["Aktuell GmbH"]
    assert [m.organisation.name for m in page.context["past_members"]] == [f"Ehemals {n:02d} GmbH" for n in range(10)]
    assert page.context["past_count"] == 30
    assert "Alle 30 früheren Mitglieder" in page.text
    assert "ehemalige=1" in page.text

    second = client.get(network.get_absolute_url(), {"ehemalige": "1", "seite": "2"})
    assert second.context["member_page"].paginator.count == 30
    assert [m.organisation.name for m in second.context["past_members"]] == [
        "Ehemals 25 GmbH",
        "Ehemals 26 GmbH",
        "Ehemals 27 GmbH",
        "Ehemals 28 GmbH",
        "Ehemals 29 GmbH",
    ]
    assert second.context["current_members"] == []
    assert "Aktuell GmbH" not in second.text
    # as of 2003 they were all members, and none had left
    then = client.get(network.get_absolute_url(), {"ehemalige": "1", "stand": "2003-01-01"})
    assert then.context["member_page"].paginator.count == 0


def test_past_members_filter_like_current_ones(client):
    network = make_network()
    thuringia, saxony = make_region(), make_region()
    make_membership(
        network=network, organisation=make_organisation(name="Erfurt GmbH", region=thuringia), start="2001", end="2005"
    )
    make_membership(
        network=network, organisation=make_organisation(name="Leipzig GmbH", region=saxony), start="2001", end="2005"
    )
    make_membership(network=network, organisation=make_organisation(name="Jetzt GmbH", region=thuringia))

    filtered = client.get(network.get_absolute_url(), {"region": thuringia.slug})
    assert member_names(filtered) == ["Jetzt GmbH"]
    assert filtered.context["past_members"] == []
    assert "Frühere Mitglieder mit diesen Filtern" in filtered.text

    past = client.get(network.get_absolute_url(), {"region": thuringia.slug, "ehemalige": "1"})
    assert [m.organisation.name for m in past.context["past_members"]] == ["Erfurt GmbH"]
    region_facet = past.context["facets"][1]["choices"]
    assert {choice["slug"]: choice["count"] for choice in region_facet}[thuringia.slug] == 1


def test_the_network_page_shows_the_next_and_latest_ten_events_and_links_to_all(client):
    network = make_network()
    for n in range(12):
        make_participation(event=make_event(title=f"Treffen {n:02d}", start=f"{2000 + n}"), organisation=network)

    response = client.get(network.get_absolute_url())

    assert [event.title for event in response.context["past_events"]] == [f"Treffen {n:02d}" for n in range(11, 1, -1)]
    assert response.context["more_events"]
    assert f"?netzwerk={network.slug}" in response.text


@pytest.mark.django_db(transaction=True)
def test_the_network_page_is_cached_until_the_membership_changes(client, django_assert_num_queries):
    # Committed data, so the data version is known and the page body is cached under it.
    cache.clear()
    network = make_network()
    region = make_region()
    competence = make_competence()
    for _ in range(3):
        member = make_organisation(region=region)
        member.competences.add(competence)
        make_membership(network=network, organisation=member)
    first = client.get(network.get_absolute_url())

    # 1 the network's name and kind (for the page title), 2 the data version; the body,
    # rendered, from the cache (directory/fragments.py)
    with django_assert_num_queries(2):
        again = client.get(network.get_absolute_url())
    assert again.text == first.text
    assert 'Mitglieder <span class="count">(3)</span>' in again.text

    newcomer = make_organisation(name="Neu im Netzwerk GmbH", region=region)
    newcomer.competences.add(competence)
    make_membership(network=network, organisation=newcomer)
    response = client.get(network.get_absolute_url())
    assert response.context["member_page"].paginator.count == 4
    assert competence_choice(response, competence)["count"] == 4
    assert "Neu im Netzwerk GmbH" in member_names(response)


@pytest.mark.django_db(transaction=True)
def test_the_member_counts_are_cached_for_another_query_string_too(client, django_assert_num_queries):
    cache.clear()
    network = make_network()
    region = make_region()
    competence = make_competence()
    for _ in range(3):
        member = make_organisation(region=region)
        member.competences.add(competence)
        make_membership(network=network, organisation=member)
    client.get(network.get_absolute_url())

    # Another query string, the same members: 1 the network's name and kind, 2 the data
    # version, 3 the network with its region, 4 sectors, 5 citations, 6 this page's members by
    # their cached ids, 7 their citations, 8 positions (none, so no citations), 9 upcoming
    # events, 10 past ones, 11 relationships (none), 12 stated member counts (none), 13 the
    # newest source; the member count, the page's ids, the past members' preview and both
    # facets' counts from the cache
    with django_assert_num_queries(13):
        response = client.get(network.get_absolute_url(), {"seite": "1"})
    assert response.context["member_page"].paginator.count == 3
    assert competence_choice(response, competence)["count"] == 3


@pytest.mark.django_db(transaction=True)
def test_the_cached_network_page_follows_people_partners_and_sources(client):
    # Tables the page shows beyond memberships advance the data version too (migration 0007).
    cache.clear()
    network = make_network()
    client.get(network.get_absolute_url())

    person = make_person(name="Erika Musterfrau", is_public=True)
    position = make_position(organisation=network, person=person, start="2015")
    assert "Erika Musterfrau" in client.get(network.get_absolute_url()).text

    type(person).objects.filter(pk=person.pk).update(name="Erika Beispiel")
    assert "Erika Beispiel" in client.get(network.get_absolute_url()).text

    source = make_source(title="Jahresbericht des Netzwerks")
    cite(position, source)
    assert "Jahresbericht des Netzwerks" in client.get(network.get_absolute_url()).text
    type(source).objects.filter(pk=source.pk).update(title="Geschäftsbericht des Netzwerks")
    assert "Geschäftsbericht des Netzwerks" in client.get(network.get_absolute_url()).text

    partner = make_organisation(name="Partner Forschung e. V.")
    make_relationship(from_organisation=network, to_organisation=partner, kind=Relationship.Kind.COMMISSIONED)
    assert "Partner Forschung e. V." in client.get(network.get_absolute_url()).text


def competence_choice(response, competence) -> dict:
    facet = next(facet for facet in response.context["facets"] if facet["label"] == "Kompetenz")
    return next(choice for choice in facet["choices"] if choice["slug"] == competence.slug)


# The public record on the network page (issue 12)


def test_the_network_page_shows_the_stated_count_beside_the_members_the_atlas_knows(client):
    network = make_network()
    for _ in range(2):
        make_membership(network=network)
    source = make_source(title="Wie Firmenchefs zusammenarbeiten", publisher="SZ", published=FuzzyDate.parse("2017-05"))
    count = StatedMemberCount.objects.create(network=network, count=13, label="Mitgliedsfirmen")
    count.as_of = FuzzyDate.parse("2017-05")
    count.save()
    Citation.objects.create(content_object=count, source=source, evidence="Die SZ spricht von 13 Firmen.")

    response = client.get(network.get_absolute_url())

    text = " ".join(response.text.split())
    assert "13 Mitgliedsfirmen laut" in text
    assert (
        f'<a href="{source.get_absolute_url()}" title="Wie Firmenchefs zusammenarbeiten">SZ, Mai 2017</a> · 2 im Atlas erfasst'
        in text
    )


def test_a_network_whose_sources_count_members_but_name_none_says_so_and_asks_for_a_source(client):
    counted = make_network()
    StatedMemberCount.objects.create(network=counted, count=160, label="Mitglieder")
    uncounted = make_network()

    counted_text = " ".join(client.get(counted.get_absolute_url()).text.split())
    uncounted_text = " ".join(client.get(uncounted.get_absolute_url()).text.split())

    assert "160 Mitglieder" in counted_text
    assert "nennen die Zahl der Mitglieder, aber keines namentlich" in counted_text
    assert f'href="/korrektur/netzwerk/{counted.slug}/"' in counted_text
    assert "Keine aktuellen Mitglieder erfasst." not in counted_text
    # Without a stated count there is nothing to explain.
    assert "Keine aktuellen Mitglieder erfasst." in uncounted_text
    assert "keines namentlich" not in uncounted_text


def test_each_membership_shows_what_its_source_states_one_click_from_the_source(client):
    network = make_network()
    membership = make_membership(network=network, organisation=make_organisation(name="Werkzeugbau GmbH"))
    membership.attested = FuzzyDate.parse("2019")
    membership.save()
    source = make_source(title="Mitgliederliste", publisher="Impro")
    Citation.objects.create(content_object=membership, source=source, evidence="Die Liste nennt die Firma.")

    response = client.get(network.get_absolute_url())

    assert "belegt: 2019" in response.text
    assert "Die Liste nennt die Firma." in response.text
    assert f'href="{source.get_absolute_url()}"' in response.text
    # Our own words are not set in quotation marks; an article's quote is.
    assert "„Die Liste nennt die Firma.“" not in response.text


def test_the_leadership_is_a_timeline_by_start_or_attested_date_and_the_newest_source_is_dated(client):
    network = make_network()
    later = make_position(
        organisation=network, person=make_person(name="Erika Neu", is_public=True), start="2019", role="Vorsitzende"
    )
    earlier = make_position(
        organisation=network,
        person=make_person(name="Max Alt", is_public=True),
        start="2004",
        end="2018",
        role="Vorsitzender",
    )
    attested = make_position(
        organisation=network, person=make_person(name="Bea Büro", is_public=True), role="Büroleiterin"
    )
    attested.attested = FuzzyDate.parse("2010-04")
    attested.save()
    old_source = make_source(published=FuzzyDate.parse("2012"))
    new_source = make_source(published=FuzzyDate.parse("2024-03"), publisher="Freies Wort")
    cite(earlier, old_source)
    cite(later, new_source)

    response = client.get(network.get_absolute_url())

    assert [p.person.name for p in response.context["leadership"]] == ["Max Alt", "Bea Büro", "Erika Neu"]
    assert response.context["newest_source"] == new_source
    assert "Neueste Quelle:" in response.text and "März 2024" in response.text
