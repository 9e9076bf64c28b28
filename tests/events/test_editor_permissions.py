"""Network editors and events: an office edits the events its network organises, and no others."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from directory.models import NetworkEditor
from directory.permissions import EDITOR_GROUP, can_edit
from events.models import Event, EventSeries, Participation, Topic
from tests.admin_helpers import add_row, admin_url, errors_of, form_data
from tests.factories import (
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_series,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    amz, impro = make_network(name="AMZ"), make_network(name="Impro")
    users = {}
    for name, network in (("amz", amz), ("impro", impro)):
        user = User.objects.create_user(f"{name}-buero", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITOR_GROUP))
        NetworkEditor.objects.create(user=user, network=network)
        users[name] = user
    return amz, impro, users["amz"], users["impro"]


def organised_by(network, **kwargs):
    event = make_event(**kwargs)
    make_participation(event=event, organisation=network, role=Participation.Role.ORGANISER)
    return event


def test_an_office_edits_the_events_its_network_organises_hosts_or_commissioned(offices):
    amz, impro, amz_office, _impro_office = offices
    hosted = make_event()
    make_participation(event=hosted, organisation=amz, role=Participation.Role.HOST)
    attended = make_event()
    make_participation(event=attended, organisation=amz, role=Participation.Role.GUEST)

    assert can_edit(amz_office, organised_by(amz))
    assert can_edit(amz_office, hosted)
    assert not can_edit(amz_office, attended)
    assert not can_edit(amz_office, organised_by(impro))


def test_an_event_both_networks_organise_is_edited_by_both(offices):
    amz, impro, amz_office, impro_office = offices
    joint = organised_by(amz)
    make_participation(event=joint, organisation=impro, role=Participation.Role.ORGANISER)

    assert can_edit(amz_office, joint) and can_edit(impro_office, joint)


def test_the_event_page_is_the_office_s_own_or_not_found(client, offices):
    amz, impro, amz_office, _ = offices
    mine, theirs = organised_by(amz, title="Zulieferkonferenz"), organised_by(impro, title="Glastag")
    client.force_login(amz_office)

    listed = {event.title for event in client.get(admin_url(Event, "changelist")).context["cl"].result_list}
    assert listed == {"Zulieferkonferenz"}
    for view in ("change", "history", "delete"):
        assert client.get(admin_url(Event, view, mine.pk)).status_code == 200
        assert client.get(admin_url(Event, view, theirs.pk)).status_code in (403, 404)


def test_an_event_the_office_adds_stays_its_own(client, offices):
    amz, _impro, amz_office, impro_office = offices
    client.force_login(amz_office)
    url = admin_url(Event, "add")
    data = form_data(client.get(url))
    data.update(title="Netzwerktreffen", slug="netzwerktreffen", kind="network_meeting", start="2025")
    add_row(data, "participations", organisation=amz.pk, role="organiser")

    response = client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get(slug="netzwerktreffen")
    assert can_edit(amz_office, event) and not can_edit(impro_office, event)


def test_an_office_cannot_add_a_participant_from_another_network(client, offices):
    amz, impro, amz_office, _ = offices
    foreign = make_organisation(name="Fremde GmbH")
    make_membership(organisation=foreign, network=impro)
    event = organised_by(amz)
    client.force_login(amz_office)
    url = admin_url(Event, "change", event.pk)
    data = form_data(client.get(url))
    add_row(data, "participations", organisation=foreign.pk, role="guest")

    response = client.post(url, data)

    assert response.status_code == 200
    assert not Participation.objects.filter(organisation=foreign).exists()


def test_the_event_autocomplete_answers_only_the_office_s_events(client, offices):
    amz, impro, amz_office, _ = offices
    organised_by(amz, title="Zulieferkonferenz")
    organised_by(impro, title="Glastag")
    client.force_login(amz_office)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participation", "field_name": "event", "term": ""},
    )

    assert {row["text"] for row in json.loads(response.content)["results"]} == {"Zulieferkonferenz"}


def test_private_people_at_another_network_s_events_stay_hidden(client, offices):
    amz, impro, amz_office, _ = offices
    guest = make_person(name="Geheimer Gast", is_public=False)
    make_participation(event=organised_by(impro), person=guest)
    client.force_login(amz_office)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participation", "field_name": "person", "term": "Geheim"},
    )

    assert json.loads(response.content)["results"] == []
    assert client.get(admin_url(guest.__class__, "change", guest.pk)).status_code == 404


@pytest.mark.parametrize(("model", "make"), [(Topic, make_topic), (EventSeries, make_series)])
def test_topics_and_series_are_add_only_for_offices(client, offices, model, make):
    record = make()
    client.force_login(offices[2])

    assert client.get(admin_url(model, "add")).status_code == 200
    page = client.get(admin_url(model, "change", record.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_a_bulk_delete_passes_over_another_network_s_events(client, offices):
    amz, impro, amz_office, _ = offices
    mine, theirs = organised_by(amz), organised_by(impro)
    client.force_login(amz_office)

    client.post(
        admin_url(Event, "changelist"),
        {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
    )

    assert not Event.objects.filter(pk=mine.pk).exists()
    assert Event.objects.filter(pk=theirs.pk).exists()
