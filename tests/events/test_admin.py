"""The events admin: dates typed as written, who took part, and the rules on participations."""

import datetime

import pytest
from django.urls import reverse

from directory.models import Citation, Organisation, Person
from events.models import Event, EventSeries, Participation
from netzwerk.lib.fuzzydates import Precision
from tests.admin_helpers import add_row, admin_url, errors_of, form_data
from tests.factories import (
    make_event,
    make_organisation,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db


def post_form(client, url, changes):
    data = form_data(client.get(url))
    if callable(changes):
        changes(data)
    else:
        data.update(changes)
    return client.post(url, data)


def new_event(**fields):
    return {"title": "Zulieferkonferenz", "slug": "zulieferkonferenz", "kind": "conference", **fields}


def test_an_event_known_only_by_its_month_is_stored_with_that_precision(admin_client):
    response = post_form(admin_client, admin_url(Event, "add"), new_event(start="Juni 2021", status="planned"))

    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get()
    assert (event.start_date, event.start_precision) == (datetime.date(2021, 6, 1), Precision.MONTH)
    # Without an end the event lasts its start's period (Event.save).
    assert event.end_date == datetime.date(2021, 6, 30)
    assert event.period == "Juni 2021"


def test_a_two_day_event_takes_both_days_as_written(admin_client):
    response = post_form(admin_client, admin_url(Event, "add"), new_event(start="24.09.2019", end="25.09.2019"))

    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get()
    assert (event.start_date, event.end_date) == (datetime.date(2019, 9, 24), datetime.date(2019, 9, 25))
    assert event.start_precision == event.end_precision == Precision.DAY


def test_an_event_with_a_date_that_does_not_exist_is_refused(admin_client):
    response = post_form(admin_client, admin_url(Event, "add"), new_event(start="31.02.2020"))

    assert response.status_code == 200
    assert "„31.02.2020“ ist kein gültiges Datum." in errors_of(response)
    assert not Event.objects.exists()


def test_an_event_page_shows_its_date_as_written(admin_client):
    event = make_event(start="2016")

    response = admin_client.get(admin_url(Event, "change", event.pk))

    assert 'name="start" value="2016"' in response.content.decode()


def test_an_event_without_an_end_shows_an_empty_end_so_a_new_start_moves_it_along(admin_client):
    event = make_event(start="März 2017")
    url = admin_url(Event, "change", event.pk)

    assert 'name="end" value=' not in admin_client.get(url).content.decode()
    response = post_form(admin_client, url, {"start": "April 2017"})

    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert event.period == "April 2017"
    assert event.end_date == datetime.date(2017, 4, 30)


def test_the_event_list_shows_period_place_and_series(admin_client):
    series = make_series(name="KAG-Netzwerktreffen")
    venue = make_organisation(name="Wiegand-Glas")
    make_event(
        title="Zweites Netzwerktreffen",
        start="04.06.2019",
        series=series,
        venue=venue,
        city="Schleusingen",
    )

    content = admin_client.get(admin_url(Event, "changelist")).content.decode()

    assert "4. Juni 2019" in content
    assert "Wiegand-Glas, Schleusingen" in content
    assert "KAG-Netzwerktreffen" in content


def test_speakers_are_added_on_the_event_page_with_their_talk(admin_client):
    event = make_event()
    speaker, firm = make_person(name="Jürgen Graf"), make_organisation(name="Feinwerktechnik Geising")

    response = post_form(
        admin_client,
        admin_url(Event, "change", event.pk),
        lambda data: add_row(
            data,
            "participations",
            person=speaker.pk,
            organisation=firm.pk,
            role="speaker",
            talk_title="Getriebe und Baugruppen nach Kundenwunsch",
        ),
    )

    assert response.status_code == 302, errors_of(response)
    participation = Participation.objects.get(event=event)
    assert (participation.person, participation.organisation) == (speaker, firm)
    assert participation.talk_title == "Getriebe und Baugruppen nach Kundenwunsch"


def test_a_participation_row_without_person_or_organisation_is_refused(admin_client):
    event = make_event()

    response = post_form(
        admin_client,
        admin_url(Event, "change", event.pk),
        lambda data: add_row(data, "participations", role="guest", talk_title="Grußwort"),
    )

    assert response.status_code == 200
    assert "Eine Teilnahme braucht eine Person oder eine Organisation." in errors_of(response)
    assert not Participation.objects.exists()


def test_the_same_speaker_twice_on_a_new_event_is_refused(admin_client):
    speaker = make_person()

    def twice(data):
        data.update(new_event(start="2019"))
        add_row(data, "participations", person=speaker.pk, role="speaker", talk_title="Teil 1")
        add_row(data, "participations", person=speaker.pk, role="speaker", talk_title="Teil 2")

    response = post_form(admin_client, admin_url(Event, "add"), twice)

    assert response.status_code == 200
    assert "Diese Person ist in dieser Rolle schon eingetragen." in errors_of(response)
    assert not Event.objects.exists()
    assert not Participation.objects.exists()


def test_the_same_exhibitor_twice_on_an_event_page_is_refused(admin_client):
    event, firm = make_event(), make_organisation()
    make_participation(event=event, organisation=firm, role=Participation.Role.EXHIBITOR)

    response = post_form(
        admin_client,
        admin_url(Event, "change", event.pk),
        lambda data: add_row(data, "participations", organisation=firm.pk, role="exhibitor"),
    )

    assert response.status_code == 200
    assert "Diese Organisation ist in dieser Rolle schon eingetragen." in errors_of(response)
    assert Participation.objects.count() == 1


def test_one_person_in_two_roles_at_one_event_is_fine(admin_client):
    event, person = make_event(), make_person()

    def two_roles(data):
        add_row(data, "participations", person=person.pk, role="speaker")
        add_row(data, "participations", person=person.pk, role="host")

    response = post_form(admin_client, admin_url(Event, "change", event.pk), two_roles)

    assert response.status_code == 302, errors_of(response)
    assert Participation.objects.filter(event=event, person=person).count() == 2


def test_the_same_event_and_role_twice_on_a_person_page_is_refused(admin_client):
    person, event = make_person(), make_event()

    def twice(data):
        add_row(data, "participations", event=event.pk, role="guest")
        add_row(data, "participations", event=event.pk, role="guest", organisation=make_organisation().pk)

    response = post_form(admin_client, admin_url(Person, "change", person.pk), twice)

    assert response.status_code == 200
    assert "Diese Person ist in dieser Rolle schon eingetragen." in errors_of(response)
    assert not Participation.objects.exists()


def test_an_organisation_page_records_where_it_exhibited(admin_client):
    firm, event = make_organisation(), make_event()

    response = post_form(
        admin_client,
        admin_url(Organisation, "change", firm.pk),
        lambda data: add_row(data, "participations", event=event.pk, role="exhibitor"),
    )

    assert response.status_code == 302, errors_of(response)
    assert Participation.objects.get().event == event


def test_a_series_cites_its_sources_inline(admin_client):
    series, source = make_series(), make_source()

    response = post_form(
        admin_client,
        admin_url(EventSeries, "change", series.pk),
        lambda data: add_row(data, "directory-citation-content_type-object_id", source=source.pk, quote="seit 2017"),
    )

    assert response.status_code == 302, errors_of(response)
    assert Citation.objects.get().content_object == series


def test_the_topic_autocomplete_of_an_event_finds_topics(admin_client):
    make_topic(name="Digitalisierung")
    make_topic(name="Nachhaltigkeit")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "topics", "term": "Digital"},
    )

    assert [item["text"] for item in response.json()["results"]] == ["Digitalisierung"]


def test_the_event_autocomplete_on_a_participation_finds_events_by_title(admin_client):
    make_event(title="Innovationsstammtisch Südthüringen")
    make_event(title="Werkschau")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participation", "field_name": "event", "term": "stammtisch"},
    )

    assert [item["text"] for item in response.json()["results"]] == ["Innovationsstammtisch Südthüringen"]


def test_a_clerk_without_permissions_cannot_add_an_event(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create(username="praktikant", is_staff=True))

    response = client.post(admin_url(Event, "add"), new_event(start="2019"))

    assert response.status_code == 403
    assert not Event.objects.exists()
