"""The event list's filters and exports, and the event page's JSON-LD and calendar note."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import Event, Participation
from tests.factories import (
    make_event,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_region,
    make_series,
    make_topic,
)

pytestmark = pytest.mark.django_db

LIST = "/veranstaltungen/"


def next_year() -> str:
    return str(datetime.date.today().year + 1)


def titles(response) -> list[str]:
    past = [event for _, events in response.context["past_by_year"] for event in events]
    return [event.title for event in response.context["upcoming"] + past]


def counts(response, name) -> dict[str, int]:
    group = next(g for g in response.context["facet_groups"] if g["name"] == name)
    return {choice["slug"]: choice["count"] for choice in group["choices"]}


@pytest.fixture
def calendar():
    saxony = make_region(name="Sachsen", slug="sachsen")
    dresden = make_region(name="Dresden", slug="dresden", kind="city", parent=saxony)
    thuringia = make_region(name="Thüringen", slug="thueringen")
    digital = make_topic(name="Digitalisierung", slug="digitalisierung")
    impro = make_network(name="Impro", slug="impro")
    amz = make_network(name="AMZ", slug="amz")
    conference = make_event(
        title="Zulieferkonferenz",
        start="März 2017",
        region=dresden,
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.TOOK_PLACE,
    )
    conference.topics.add(digital)
    make_participation(event=conference, organisation=impro, role=Participation.Role.ORGANISER)
    make_participation(event=conference, organisation=amz, role=Participation.Role.GUEST)
    meeting = make_event(
        title="Stammtisch",
        start="05.05.2019",
        region=saxony,
        kind=Event.Kind.ROUND_TABLE,
        status=Event.Status.CANCELLED,
    )
    make_participation(event=meeting, organisation=impro, role=Participation.Role.HOST)
    trip = make_event(title="Reise nach Mexiko", start="2016", region=thuringia, kind=Event.Kind.DELEGATION_TRIP)
    trip.topics.add(digital)
    make_participation(event=trip, organisation=amz, role=Participation.Role.ORGANISER)
    fair = make_event(title="Maker Faire", start=next_year(), kind=Event.Kind.FAIR, status=Event.Status.POSTPONED)
    return {"conference": conference, "meeting": meeting, "trip": trip, "fair": fair}


def test_the_list_shows_status_plainly(client, calendar):
    response = client.get(LIST)

    assert titles(response) == ["Maker Faire", "Stammtisch", "Zulieferkonferenz", "Reise nach Mexiko"]
    for status in ["verschoben", "abgesagt"]:
        assert status in response.text


def test_a_past_planned_event_says_its_taking_place_is_not_recorded_instead_of_geplant(client):
    # Regression: a planned event from years ago still wore "geplant" in the list and on the home page.
    make_event(title="Alter Stammtisch", start="05.05.2019", status=Event.Status.PLANNED)
    make_event(title="Kommender Stammtisch", start=f"05.05.{next_year()}", status=Event.Status.PLANNED)

    def badges(text):
        return re.findall(r'<span class="status status--([a-z_]+)">([^<]+)</span>', text)

    for path in (LIST, "/"):
        german, english = client.get(path).text, client.get("/en" + path).text
        assert ("unrecorded", "Durchführung nicht belegt") in badges(german), path
        assert ("unrecorded", "not confirmed as held") in badges(english), path
    assert badges(client.get(LIST).text).count(("planned", "geplant")) == 1  # only the coming one
    page = client.get(Event.objects.get(title="Alter Stammtisch").get_absolute_url())
    assert "Durchführung nicht belegt" in page.text and "geplant" not in page.text


def test_the_facets_count_under_the_other_filters(client, calendar):
    everything = client.get(LIST)
    assert counts(everything, "netzwerk") == {"amz": 2, "impro": 2}
    assert counts(everything, "art") == {"conference": 1, "round_table": 1, "delegation_trip": 1, "fair": 1}
    assert counts(everything, "thema") == {"digitalisierung": 2}
    assert counts(everything, "region") == {"sachsen": 2, "thueringen": 1, "dresden": 1}
    year = datetime.date.today().year + 1
    assert counts(everything, "jahr") == {str(year): 1, "2019": 1, "2017": 1, "2016": 1}

    impro = client.get(LIST, {"netzwerk": "impro"})
    assert titles(impro) == ["Stammtisch", "Zulieferkonferenz"]
    # the network's own facet still counts every network; the others only Impro's events
    assert counts(impro, "netzwerk") == {"amz": 2, "impro": 2}
    assert counts(impro, "thema") == {"digitalisierung": 1}
    assert counts(impro, "region") == {"sachsen": 2, "dresden": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"art": "conference"}, ["Zulieferkonferenz"]),
        ({"thema": "digitalisierung"}, ["Zulieferkonferenz", "Reise nach Mexiko"]),
        ({"region": "sachsen"}, ["Stammtisch", "Zulieferkonferenz"]),
        ({"region": "dresden"}, ["Zulieferkonferenz"]),
        ({"jahr": "2016"}, ["Reise nach Mexiko"]),
        ({"netzwerk": "amz", "thema": "digitalisierung", "jahr": "2017"}, ["Zulieferkonferenz"]),
    ],
)
def test_each_filter_narrows_the_list(client, calendar, query, expected):
    assert titles(client.get(LIST, query)) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"netzwerk": "gibt-es-nicht"}, "Dieses Netzwerk gibt es nicht."),
        ({"art": "party"}, "Diese Art von Veranstaltung gibt es nicht."),
        ({"thema": "nichts"}, "Dieses Thema gibt es nicht."),
        ({"region": "atlantis"}, "Diese Region gibt es nicht."),
        ({"jahr": "zwanzig"}, "Bitte ein Jahr angeben"),
        ({"jahr": "99999999999999999999"}, "Bitte ein Jahr zwischen 1900 und 2200"),
    ],
)
def test_a_bad_filter_value_is_answered_with_a_message(client, calendar, query, message):
    page = client.get(LIST, query)
    as_json = client.get(LIST, {**query, "format": "json"})
    as_csv = client.get(LIST, {**query, "format": "csv"})

    assert page.status_code == 200
    assert message in page.text
    assert len(titles(page)) == 4  # the bad filter is left out
    assert as_json.status_code == 400
    assert any(message in error for error in as_json.json()["errors"])
    assert as_csv.status_code == 400
    assert message in as_csv.content.decode()


def test_an_unknown_format_is_a_message(client, calendar):
    response = client.get(LIST, {"format": "xml"})

    assert response.status_code == 200
    assert "Das Format „xml“ gibt es nicht" in response.text


def test_the_list_exports_as_json_at_each_dates_precision(client, calendar):
    response = client.get(LIST, {"format": "json", "thema": "digitalisierung"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    assert data["count"] == 2
    conference, trip = data["results"]
    assert conference == {
        "title": "Zulieferkonferenz",
        "slug": calendar["conference"].slug,
        "url": "http://testserver" + calendar["conference"].get_absolute_url(),
        "kind": "conference",
        "status": "took_place",
        "start": "2017-03",
        "end": "2017-03",
        "date_precision": "month",
        "place": "",
        "organisers": ["Impro"],
        "networks": ["Impro", "AMZ"],
    }
    assert (trip["start"], trip["date_precision"], trip["organisers"]) == ("2016", "year", ["AMZ"])


def test_the_list_exports_as_csv_with_a_byte_order_mark(client, calendar):
    response = client.get(LIST, {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["title"] for row in rows][0] == "Maker Faire"
    assert {row["title"]: row["start"] for row in rows}["Stammtisch"] == "2019-05-05"
    assert {row["title"]: row["networks"] for row in rows}["Zulieferkonferenz"] == "Impro; AMZ"


def test_exports_name_no_people(client):
    event = make_event(title="Konferenz")
    make_participation(
        event=event, person=make_person(name="Henriette Verborgen", is_public=False), role=Participation.Role.ORGANISER
    )
    make_participation(event=event, person=make_person(name="Öffentliche Person"), role=Participation.Role.SPEAKER)

    for fmt in ("json", "csv"):
        content = b"".join(client.get(LIST, {"format": fmt}).streaming_content).decode()
        assert "Verborgen" not in content
        assert "Öffentliche Person" not in content


@pytest.mark.parametrize("rows", [3, 6])
def test_the_event_list_runs_eight_queries(client, django_assert_num_queries, rows):
    series = make_series()
    region = make_region()
    network = make_network()
    for n in range(rows):
        venue = make_organisation()
        upcoming = make_event(start=next_year(), venue=venue, series=series, region=region)
        upcoming.topics.add(make_topic())
        make_participation(event=upcoming, organisation=network)
        make_event(start=str(2010 + n), venue=venue, series=series)

    # 1 the data version (None in a test's transaction: the counts are not cached)
    # 2 count of the events (paginator), 3 this page of them, upcoming then past, with venue
    # and series, counts per 4 network, 5 kind, 6 topic, 7 region (with the places above), 8 year
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["upcoming"]) == rows
    assert sum(len(events) for _, events in response.context["past_by_year"]) == rows


def test_the_list_pages_upcoming_first_then_past_by_year(client):
    for n in range(30):
        make_event(title=f"Künftig {n:02d}", start=f"{n + 1:02d}.01.{next_year()}")
    for n in range(30):
        make_event(title=f"Früher {n:02d}", start=f"01.06.{1990 + n}")

    first = client.get(LIST)
    assert titles(first) == [f"Künftig {n:02d}" for n in range(25)]
    assert first.context["count"] == 60
    assert "Seite 1 von 3" in first.text
    assert "seite=2" in first.text

    second = client.get(LIST, {"seite": "2"})
    assert titles(second) == [f"Künftig {n:02d}" for n in range(25, 30)] + [f"Früher {n:02d}" for n in range(29, 9, -1)]
    assert [year for year, _ in second.context["past_by_year"]] == list(range(2019, 1999, -1))

    third = client.get(LIST, {"seite": "3"})
    assert titles(third) == [f"Früher {n:02d}" for n in range(9, -1, -1)]
    assert "Demnächst" not in third.text


@pytest.mark.parametrize(
    ("page", "message"),
    [("x", "keine Zahl"), ("0", "beginnen bei 1"), ("99", "gezeigt wird die letzte")],
)
def test_a_bad_page_number_is_answered_with_a_message(client, calendar, page, message):
    response = client.get(LIST, {"seite": page})

    assert response.status_code == 200
    assert message in response.text
    assert len(titles(response)) == 4


def test_facet_links_start_again_on_the_first_page(client, calendar):
    response = client.get(LIST, {"seite": "1", "art": "fair"})

    links = [c["url"] for g in response.context["facet_groups"] for c in g["choices"]] + [
        g["clear_url"] for g in response.context["facet_groups"]
    ]
    assert links and not any("seite" in link for link in links)
    assert "?art=fair&netzwerk=" not in links  # the chosen filter is kept as it was given
    assert any(link.startswith("?art=fair&") for link in links)


def test_the_network_facet_offers_the_networks_with_most_events_and_the_chosen_one(client):
    networks = [make_network(name=f"Netzwerk {n:02d}", slug=f"netzwerk-{n:02d}") for n in range(25)]
    for n, network in enumerate(networks):
        for _ in range(n + 1):
            make_participation(event=make_event(), organisation=network)

    offered = counts(client.get(LIST), "netzwerk")
    assert set(offered) == {f"netzwerk-{n:02d}" for n in range(5, 25)}
    assert offered["netzwerk-24"] == 25

    chosen = counts(client.get(LIST, {"netzwerk": "netzwerk-00"}), "netzwerk")
    assert chosen["netzwerk-00"] == 1
    assert len(chosen) == 21


def test_the_region_facet_names_municipalities_only_when_chosen(client):
    saxony = make_region(name="Sachsen", slug="sachsen")
    district = make_region(name="Landkreis Meißen", slug="meissen", kind="district", parent=saxony)
    town = make_region(name="Radebeul", slug="radebeul", kind="municipality", parent=district)
    make_event(region=town)

    assert counts(client.get(LIST), "region") == {"sachsen": 1, "meissen": 1}
    assert counts(client.get(LIST, {"region": "radebeul"}), "region") == {"sachsen": 1, "meissen": 1, "radebeul": 1}


def test_the_json_export_runs_four_queries(client, django_assert_num_queries):
    for _ in range(3):
        event = make_event(venue=make_organisation())
        make_participation(event=event, organisation=make_network(), role=Participation.Role.ORGANISER)
        make_participation(event=event, organisation=make_organisation(), role=Participation.Role.GUEST)

    # 1 the export limit's count (netzwerk/ratelimit.py, in the database without Redis), 2 the
    # count, 3 the events with their venues (one chunk), 4 their organisations' participations
    with django_assert_num_queries(4):
        data = json.loads(b"".join(client.get(LIST, {"format": "json"}).streaming_content))
    assert data["count"] == 3


# Event page ---------------------------------------------------------------------------------


def json_ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_an_event_page_carries_schema_org_json_ld(client):
    event = make_event(
        title="Zulieferkonferenz </script><script>alert(1)</script>",
        start="24.09.2019",
        end="26.09.2019",
        venue_name="Stadthalle",
        city="Chemnitz",
        status=Event.Status.TOOK_PLACE,
    )
    make_participation(event=event, organisation=make_network(name="Impro"), role=Participation.Role.ORGANISER)
    make_participation(
        event=event, person=make_person(name="Jürgen Graf"), role=Participation.Role.SPEAKER, talk_title="Getriebe"
    )
    make_participation(
        event=event,
        person=make_person(name="Henriette Verborgen", is_public=False),
        role=Participation.Role.SPEAKER,
        talk_title="Geheim",
    )

    response = client.get(event.get_absolute_url())

    assert "<script>alert(1)</script>" not in response.text
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert (data["startDate"], data["endDate"]) == ("2019-09-24", "2019-09-26")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Stadthalle"
    assert data["location"]["address"]["addressLocality"] == "Chemnitz"
    assert data["organizer"] == [{"@type": "Organization", "name": "Impro"}]
    assert data["performer"] == [{"@type": "Person", "name": "Jürgen Graf"}]
    assert "Verborgen" not in response.text


@pytest.mark.parametrize(
    ("status", "schema"),
    [
        (Event.Status.PLANNED, "EventScheduled"),
        (Event.Status.CANCELLED, "EventCancelled"),
        (Event.Status.POSTPONED, "EventPostponed"),
    ],
)
def test_the_json_ld_maps_each_status(client, status, schema):
    event = make_event(status=status)

    assert json_ld(client.get(event.get_absolute_url()))["eventStatus"] == f"https://schema.org/{schema}"


def test_an_event_known_only_to_the_month_says_it_is_left_out_of_calendars(client):
    month = make_event(start="März 2017")
    day = make_event(start="24.09.2019")

    month_page = client.get(month.get_absolute_url())
    day_page = client.get(day.get_absolute_url())

    assert json_ld(month_page)["startDate"] == "2017-03"
    assert "Nicht in den Kalendern" in month_page.text
    assert "nicht auf den Tag genau" in month_page.text
    assert reverse("events:event-calendar", kwargs={"slug": month.slug}) not in month_page.text
    assert reverse("events:event-calendar", kwargs={"slug": day.slug}) in day_page.text
    assert "Nicht in den Kalendern" not in day_page.text


@pytest.mark.django_db(transaction=True)
def test_the_counts_are_cached_until_an_event_table_changes(client, django_assert_num_queries, calendar):
    # Committed data, so the data version is known and the counts are cached under it.
    cache.clear()
    client.get(LIST)

    # 1 the data version; the list, rendered, from the cache (directory/fragments.py)
    with django_assert_num_queries(1):
        again = client.get(LIST)
    assert "4 Veranstaltungen" in again.text

    # Another query string, the same filters: 1 the data version, 2 this page of events; the
    # count and the five facets from the cache
    with django_assert_num_queries(2):
        response = client.get(LIST, {"seite": "1"})
    assert response.context["count"] == 4
    assert counts(response, "thema") == {"digitalisierung": 2}

    # A topic link is a row in events_event_topics, whose trigger advances the version too.
    calendar["meeting"].topics.add(Event.topics.field.related_model.objects.get(slug="digitalisierung"))
    make_event(title="Neu", start="01.02.2018")
    response = client.get(LIST)
    assert response.context["count"] == 5
    assert counts(response, "thema") == {"digitalisierung": 3}
    assert "Neu" in response.text
    assert "5 Veranstaltungen" in client.get(LIST).text
