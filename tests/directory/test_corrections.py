"""'Eintrag korrigieren': the public form, its spam limits, and the moderation queue in admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse

from directory.models import CorrectionRequest, NetworkEditor, Organisation
from directory.permissions import EDITOR_GROUP
from events.models import Participation
from tests.admin_helpers import admin_url
from tests.factories import (
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
)

pytestmark = pytest.mark.django_db

VALID = {"message": "Die Firma ist 2021 nach Freital umgezogen.", "contact": "leser@example.org"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def correction_url(kind, slug):
    return reverse("directory:correction", args=[kind, slug])


def records():
    network = make_network(name="Automobilzuliefernetzwerk")
    return {
        "organisation": make_organisation(name="Feinwerktechnik Geising"),
        "netzwerk": network,
        "person": make_person(name="Jürgen Graf", is_public=True),
        "veranstaltung": make_event(title="Zulieferkonferenz"),
    }


@pytest.mark.parametrize("kind", ["organisation", "netzwerk", "person", "veranstaltung"])
def test_every_public_profile_links_to_its_correction_form(client, kind):
    record = records()[kind]

    page = client.get(record.get_absolute_url()).content.decode()

    assert correction_url(kind, record.slug) in page
    assert "Eintrag korrigieren" in page


@pytest.mark.parametrize("kind", ["organisation", "netzwerk", "person", "veranstaltung"])
def test_a_reader_reports_a_mistake_and_it_lands_in_the_queue(client, kind):
    record = records()[kind]
    url = correction_url(kind, record.slug)

    assert client.get(url).status_code == 200
    response = client.post(url, VALID)

    assert response.status_code == 302
    assert response.url == url + "?gesendet=1"
    request = CorrectionRequest.objects.get()
    assert request.record == record
    assert request.message == VALID["message"]
    assert request.status == CorrectionRequest.Status.NEW
    assert len(request.client_hash) == 64 and "127.0.0.1" not in request.client_hash
    assert "Danke" in client.get(response.url).content.decode()


def test_a_report_changes_nothing_but_the_queue(client):
    firm = make_organisation(name="Feinwerktechnik Geising", city="Geising")
    before = Organisation.objects.filter(pk=firm.pk).values().get()
    history_before = firm.history.count()

    client.post(correction_url("organisation", firm.slug), VALID)

    assert Organisation.objects.filter(pk=firm.pk).values().get() == before
    assert firm.history.count() == history_before
    assert CorrectionRequest.objects.count() == 1


def test_a_private_person_has_no_correction_form(client):
    private = make_person(name="Privatperson", is_public=False)
    url = correction_url("person", private.slug)

    assert client.get(url).status_code == 404
    assert client.post(url, VALID).status_code == 404
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize(
    ("kind", "slug"), [("unbekannt", "x"), ("organisation", "gibt-es-nicht"), ("netzwerk", "firma")]
)
def test_an_unknown_kind_or_record_is_not_found(client, kind, slug):
    make_organisation(slug="firma")

    assert client.get(correction_url(kind, slug)).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "zu kurz"}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({**VALID, "contact": "keine-adresse"}, "contact"),
        ({**VALID, "contact": "a" * 200 + "@example.org"}, "contact"),
        ({**VALID, "website": "x" * 201}, "website"),
    ],
    ids=["empty", "too-short", "too-long", "bad-email", "long-email", "long-trap"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, data, field):
    firm = make_organisation()

    response = client.post(correction_url("organisation", firm.slug), data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CorrectionRequest.objects.exists()


def test_a_filled_honeypot_is_thanked_and_dropped(client):
    firm = make_organisation()

    response = client.post(correction_url("organisation", firm.slug), {**VALID, "website": "http://spam"})

    assert response.status_code == 302
    assert not CorrectionRequest.objects.exists()


def test_too_many_reports_from_one_address_are_refused(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "correction": "2/h"}
    firm = make_organisation()
    url = correction_url("organisation", firm.slug)

    statuses = [client.post(url, VALID).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert int(client.post(url, VALID)["Retry-After"]) > 0
    assert CorrectionRequest.objects.count() == 2
    # Reading the form is not limited.
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------
# The moderation queue.
# ---------------------------------------------------------------------------------------------


def office(username, network):
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    NetworkEditor.objects.create(user=user, network=network)
    return user


def report(record):
    return CorrectionRequest.objects.create(record=record, record_label=str(record), message="Falsch.")


def test_the_queue_shows_an_office_the_reports_about_its_records_only(client):
    amz, impro = make_network(name="AMZ"), make_network(name="Impro")
    geising, glaswerk = make_organisation(), make_organisation()
    make_membership(organisation=geising, network=amz)
    make_membership(organisation=glaswerk, network=impro)
    graf = make_person()
    make_position(person=graf, organisation=geising)
    event = make_event()
    make_participation(event=event, organisation=amz, role=Participation.Role.ORGANISER)
    mine = [report(geising), report(amz), report(graf), report(event)]
    theirs = [report(glaswerk), report(impro), report(make_person())]
    client.force_login(office("amz-buero", amz))

    response = client.get(admin_url(CorrectionRequest, "changelist"))

    assert set(response.context["cl"].result_list) == set(mine)
    for request in theirs:
        assert client.get(admin_url(CorrectionRequest, "change", request.pk)).status_code == 404


def test_an_editor_marks_a_report_applied_with_a_note(client):
    amz = make_network()
    editor = office("amz-buero", amz)
    request = report(amz)
    client.force_login(editor)

    response = client.post(
        admin_url(CorrectionRequest, "change", request.pk),
        {"status": "applied", "editor_note": "Adresse korrigiert."},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "applied"
    assert request.editor_note == "Adresse korrigiert."
    assert request.decided_by == editor and request.decided_at is not None


def test_an_editor_rejects_reports_in_bulk_but_only_their_own(client):
    amz, impro = make_network(), make_network()
    mine, theirs = report(amz), report(impro)
    client.force_login(office("amz-buero", amz))

    client.post(
        admin_url(CorrectionRequest, "changelist"),
        {"action": "mark_rejected", "_selected_action": [mine.pk, theirs.pk]},
    )

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "rejected"
    assert theirs.status == "new"


def test_nobody_adds_reports_in_admin_and_editors_delete_none(client, admin_client):
    amz = make_network()
    request = report(amz)
    client.force_login(office("amz-buero", amz))

    assert client.get(admin_url(CorrectionRequest, "add")).status_code == 403
    assert client.post(admin_url(CorrectionRequest, "delete", request.pk), {"post": "yes"}).status_code == 403
    assert admin_client.get(admin_url(CorrectionRequest, "add")).status_code == 403
    assert CorrectionRequest.objects.filter(pk=request.pk).exists()


def test_the_form_costs_one_query(client, django_assert_num_queries):
    firm = make_organisation()

    with django_assert_num_queries(1):
        # 1 the organisation by slug.
        client.get(correction_url("organisation", firm.slug))
