"""The iCalendar feeds: all events, one network's, one event's.

Each feed is read three ways: by `icalendar` (which wrote it), by `vobject` (an independent
parser), and line by line as RFC 5545 text, so a fault in the writing library shows.
"""

import datetime

import pytest
import vobject
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar
from icalendar.prop import vText

from events import feeds
from events.models import Event, Participation
from tests.factories import make_event, make_network, make_organisation, make_participation, make_person

pytestmark = pytest.mark.django_db


def lines(response) -> list[str]:
    """The feed's content lines with RFC 5545 folding undone."""
    return response.content.decode("utf-8").replace("\r\n ", "").split("\r\n")


def entries(response) -> dict[str, vobject.base.Component]:
    calendar = vobject.readOne(response.content.decode("utf-8"))
    return {entry.summary.value: entry for entry in calendar.vevent_list}


def test_the_feed_holds_day_precise_events_as_all_day_entries_and_leaves_out_the_rest(client):
    conference = make_event(
        title="Zulieferkonferenz",
        start="24.09.2019",
        end="26.09.2019",
        venue_name="Stadthalle",
        city="Chemnitz",
        description="Drei Tage Zulieferer.",
    )
    one_day = make_event(title="Stammtisch", start="05.03.2020")
    make_event(title="Nur der Monat", start="März 2017")
    make_event(title="Nur das Jahr", start="2016")

    response = client.get(reverse("events:calendar"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    # icalendar reads it back
    parsed = Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["Zulieferkonferenz", "Stammtisch"]
    # an independent parser agrees
    found = entries(response)
    assert set(found) == {"Zulieferkonferenz", "Stammtisch"}
    entry = found["Zulieferkonferenz"]
    assert entry.dtstart.value == datetime.date(2019, 9, 24)
    assert entry.dtend.value == datetime.date(2019, 9, 27)  # exclusive: the day after the last
    assert entry.uid.value == f"event-{conference.pk}@netzwerkatlas"
    assert entry.location.value == "Stadthalle, Chemnitz"
    assert entry.url.value == "http://testserver" + conference.get_absolute_url()
    assert entry.description.value.startswith("Drei Tage Zulieferer.")
    assert entry.status.value == "TENTATIVE"  # planned: announced, not confirmed
    assert found["Stammtisch"].dtend.value == datetime.date(2020, 3, 6)
    # and the raw text says what RFC 5545 wants
    text = lines(response)
    assert text[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in text
    assert any(line.startswith("PRODID:") for line in text)
    assert "DTSTART;VALUE=DATE:20190924" in text
    assert "DTEND;VALUE=DATE:20190927" in text
    assert "DTSTART;VALUE=DATE:20200305" in text
    assert "DTEND;VALUE=DATE:20200306" in text
    assert f"UID:event-{one_day.pk}@netzwerkatlas" in text
    assert sum(line.startswith("DTSTAMP:") and line.endswith("Z") for line in text) == 2
    assert "Nur der Monat" not in response.content.decode()
    assert "Nur das Jahr" not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Event.Status.PLANNED, "TENTATIVE"),
        (Event.Status.TOOK_PLACE, "CONFIRMED"),
        (Event.Status.CANCELLED, "CANCELLED"),
        (Event.Status.POSTPONED, "TENTATIVE"),
    ],
)
def test_the_feed_gives_each_status_its_icalendar_status(client, status, expected):
    make_event(title="Treffen", start="05.03.2020", status=status)

    response = client.get(reverse("events:calendar"))

    assert entries(response)["Treffen"].status.value == expected


def test_a_planned_event_is_tentative_in_the_feed_and_only_one_that_took_place_is_confirmed(client):
    # Regression: "geplant" went out as STATUS:CONFIRMED, claiming more than any source says.
    make_event(title="Angekündigt", start="05.03.2020", status=Event.Status.PLANNED)
    make_event(title="Stattgefunden", start="06.03.2020", status=Event.Status.TOOK_PLACE)

    found = entries(client.get(reverse("events:calendar")))

    assert found["Angekündigt"].status.value == "TENTATIVE"
    assert found["Stattgefunden"].status.value == "CONFIRMED"


def test_the_feed_keeps_an_entrys_uid_when_the_event_is_renamed(client):
    event = make_event(title="Alter Titel", slug="alt", start="05.03.2020")
    before = entries(client.get(reverse("events:calendar")))["Alter Titel"].uid.value
    event.title, event.slug = "Neuer Titel", "neu"
    event.save()

    after = entries(client.get(reverse("events:calendar")))["Neuer Titel"].uid.value

    assert before == after


def test_the_feed_names_no_people(client):
    event = make_event(title="Konferenz", start="05.03.2020")
    make_participation(
        event=event,
        person=make_person(name="Henriette Verborgen", is_public=False),
        role=Participation.Role.SPEAKER,
        talk_title="Geheimer Vortrag",
    )

    response = client.get(reverse("events:calendar"))

    assert "Verborgen" not in response.content.decode()
    assert "Geheimer Vortrag" not in response.content.decode()


def test_the_feed_takes_the_event_lists_filters_and_refuses_bad_ones(client):
    impro = make_network(slug="impro")
    ours = make_event(title="Unseres", start="05.03.2020")
    make_participation(event=ours, organisation=impro, role=Participation.Role.ORGANISER)
    make_event(title="Fremdes", start="06.03.2020")

    filtered = client.get(reverse("events:calendar"), {"netzwerk": "impro"})
    bad = client.get(reverse("events:calendar"), {"netzwerk": "gibt-es-nicht"})

    assert set(entries(filtered)) == {"Unseres"}
    assert bad.status_code == 400
    assert "Dieses Netzwerk gibt es nicht." in bad.content.decode()


def test_a_networks_feed_holds_the_events_it_took_part_in(client):
    impro = make_network(name="Impro", slug="impro")
    organised = make_event(title="Impro-Stammtisch", start="05.03.2020")
    make_participation(event=organised, organisation=impro, role=Participation.Role.ORGANISER)
    attended = make_event(title="Messe", start="07.03.2020")
    make_participation(event=attended, organisation=impro, role=Participation.Role.EXHIBITOR)
    make_participation(event=attended, organisation=make_organisation(), role=Participation.Role.HOST)
    month_only = make_event(title="Monatstreffen", start="April 2020")
    make_participation(event=month_only, organisation=impro)
    make_event(title="Ohne Impro", start="08.03.2020")

    response = client.get(reverse("events:network-calendar", kwargs={"slug": "impro"}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert set(entries(response)) == {"Impro-Stammtisch", "Messe"}
    assert "X-WR-CALNAME:Netzwerkatlas: Impro" in lines(response)


def test_only_networks_have_a_feed(client):
    firm = make_organisation(slug="firma")

    assert client.get(reverse("events:network-calendar", kwargs={"slug": "firma"})).status_code == 404
    assert client.get(reverse("events:network-calendar", kwargs={"slug": "nichts"})).status_code == 404
    assert firm.pk


def test_the_old_network_feed_address_redirects_permanently_to_the_events_feed(client):
    make_network(name="Impro", slug="impro")

    response = client.get("/netzwerke/impro/kalender.ics")

    assert response.status_code == 301
    assert response["Location"] == reverse("events:network-calendar", kwargs={"slug": "impro"})
    assert client.get("/netzwerke/nichts/kalender.ics").status_code == 404


def test_an_events_own_feed_holds_just_that_event(client):
    event = make_event(title="Zulieferkonferenz", slug="zk", start="24.09.2019")
    make_event(title="Andere", start="25.09.2019")

    response = client.get(reverse("events:event-calendar", kwargs={"slug": "zk"}))

    assert response.status_code == 200
    assert set(entries(response)) == {"Zulieferkonferenz"}
    assert f"UID:event-{event.pk}@netzwerkatlas" in lines(response)


def test_an_event_known_only_to_the_month_has_no_feed_and_a_page_that_says_why(client):
    make_event(title="Zulieferkonferenz", slug="zk", start="März 2017")
    make_event(title="Reise", slug="reise", start="2016")

    month = client.get(reverse("events:event-calendar", kwargs={"slug": "zk"}))
    year = client.get(reverse("events:event-calendar", kwargs={"slug": "reise"}))

    assert month.status_code == 404
    assert month["Content-Type"].startswith("text/html")
    assert "März 2017" in month.text
    assert "nicht auf den Tag genau" in month.text
    assert year.status_code == 404
    assert "2016" in year.text
    assert client.get(reverse("events:event-calendar", kwargs={"slug": "nichts"})).status_code == 404


def test_the_feed_reads_its_events_in_one_query_after_the_data_version(client, django_assert_num_queries):
    for n in range(5):
        make_event(start=f"0{n + 1}.03.2020", venue=make_organisation())

    # 1 the data version (None in a test's transaction: not cached),
    # 2 the day-precise events with their venues
    with django_assert_num_queries(2):
        response = client.get(reverse("events:calendar"))
    assert len(entries(response)) == 5


def test_a_feed_of_five_thousand_events_holds_every_one_in_one_query_after_the_data_version(
    client, django_assert_num_queries
):
    # How fast it is belongs to bench/ (the machine is shared and noisy); here: all of it, in one query.
    venue = make_organisation(name="Stadthalle Chemnitz")
    start = datetime.date(2020, 1, 1)
    Event.objects.bulk_create(
        Event(
            title=f"Veranstaltung {n}",
            slug=f"v-{n}",
            kind=Event.Kind.CONFERENCE,
            venue=venue,
            city="Chemnitz",
            description="Ein Treffen der Netzwerke.",
            start_date=start + datetime.timedelta(days=n % 900),
            end_date=start + datetime.timedelta(days=n % 900),
        )
        for n in range(5000)
    )

    # 1 the data version (None in a test's transaction: not cached),
    # 2 the day-precise events with their venues
    with django_assert_num_queries(2):
        response = client.get(reverse("events:calendar"))

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == 5000


@pytest.mark.parametrize(
    "value", ["Treffen, Dresden; Saal 2", "Pfad C:\\Werk", "Zeile eins\r\nZeile zwei\nZeile drei", "Größe € 😀"]
)
def test_text_values_are_escaped_as_icalendar_escapes_them(value):
    assert feeds.escape(value) == vText(value).to_ical().decode()


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "Größenwahn € 😀 " * 20

    folded = feeds.fold(line)

    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@pytest.mark.django_db(transaction=True)
def test_the_feed_is_cached_and_answers_a_conditional_get_until_an_event_changes(client, django_assert_num_queries):
    # Committed data, so the data version is known and the feed is cached under it.
    cache.clear()
    event = make_event(title="Zulieferertag", start="01.03.2020")
    url = reverse("events:calendar")
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified

    # 1 the data version; the body from the cache
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == etag
    with django_assert_num_queries(1):
        unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    event.title = "Zulieferertag 2020"
    event.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert list(entries(changed)) == ["Zulieferertag 2020"]
    assert client.get(url, headers={"If-None-Match": changed["ETag"]}).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_each_feed_has_its_own_etag_and_a_network_feed_changes_with_its_participations(client):
    cache.clear()
    impro = make_network(slug="impro")
    event = make_event(title="Stammtisch", start="05.05.2019")
    network_url = reverse("events:network-calendar", kwargs={"slug": "impro"})
    empty = client.get(network_url)
    tags = {
        empty["ETag"],
        client.get(reverse("events:calendar"))["ETag"],
        client.get(reverse("events:calendar"), {"netzwerk": "impro"})["ETag"],
        client.get(reverse("events:event-calendar", kwargs={"slug": event.slug}))["ETag"],
    }
    assert len(tags) == 4
    assert b"BEGIN:VEVENT" not in empty.content

    make_participation(event=event, organisation=impro)
    joined = client.get(network_url, headers={"If-None-Match": empty["ETag"]})
    assert joined.status_code == 200
    assert list(entries(joined)) == ["Stammtisch"]
