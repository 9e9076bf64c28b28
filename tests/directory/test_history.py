"""Every change in admin is recorded (who, when, what), can be reverted, and a deleted
organisation comes back from its history with what was deleted with it."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from directory.history import NothingToRestore, restore_organisation
from directory.models import Citation, Firm, Membership, NetworkEditor, Organisation, Position
from directory.permissions import EDITOR_GROUP
from events.models import Participation
from tests.admin_helpers import admin_url, errors_of, form_data
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
    make_sector,
)

pytestmark = pytest.mark.django_db


def test_a_change_in_admin_records_who_when_and_what(admin_client, admin_user):
    firm = make_organisation(name="Wiegand Glas", city="Schleusingen")
    url = admin_url(Organisation, "change", firm.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Wiegand-Glas"

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    latest, previous = firm.history.order_by("-history_date")[:2]
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert [change.field for change in latest.diff_against(previous).changes] == ["name"]


def test_the_history_page_shows_the_changes(admin_client):
    firm = make_organisation(name="Wiegand Glas")
    firm.name = "Wiegand-Glas"
    firm.save()

    page = admin_client.get(admin_url(Organisation, "history", firm.pk)).content.decode()

    assert "Wiegand Glas" in page and "Wiegand-Glas" in page


def test_saving_through_the_firm_and_network_sections_is_recorded_too(admin_client, admin_user):
    firm = make_organisation(name="Feinwerktechnik Geising")
    url = admin_url(Firm, "change", firm.pk)
    data = form_data(admin_client.get(url))
    data["city"] = "Altenberg"

    admin_client.post(url, data)

    assert firm.history.latest("history_date").history_user == admin_user
    assert admin_client.get(admin_url(Firm, "history", firm.pk)).status_code == 200


def test_competences_are_part_of_the_history(admin_client):
    firm = make_organisation()
    turning = make_competence(name="Drehen")
    firm.competences.add(turning)

    latest = firm.history.latest("history_date")

    assert list(latest.competences.values_list("competence", flat=True)) == [turning.pk]


def test_a_superuser_reverts_a_change_from_the_history(admin_client):
    firm = make_organisation(name="Wiegand Glas")
    version = firm.history.get()
    firm.name = "Falsch"
    firm.save()
    url = reverse("admin:directory_organisation_simple_history", args=[firm.pk, version.pk])
    form = admin_client.get(url).context["adminform"].form
    # What the browser posts back: the old version's values, as the form shows them.
    data = {bound.html_name: bound.value() for bound in form if bound.value() not in (None, [], False)}

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    firm.refresh_from_db()
    assert firm.name == "Wiegand Glas"
    assert firm.history.count() == 3


def test_deleting_an_organisation_asks_first_and_names_its_memberships(admin_client):
    network = make_network(name="Automobilzuliefernetzwerk")
    firm = make_organisation(name="Feinwerktechnik Geising")
    make_membership(organisation=firm, network=network)

    page = admin_client.get(admin_url(Organisation, "delete", firm.pk)).content.decode()

    assert "Feinwerktechnik Geising in Automobilzuliefernetzwerk" in page
    assert Organisation.objects.filter(pk=firm.pk).exists()


def deleted_firm_with_everything():
    network = make_network(name="AMZ")
    firm = make_organisation(name="Feinwerktechnik Geising")
    firm.competences.add(make_competence(name="Drehen"))
    firm.sectors.add(make_sector(name="Automobil"))
    membership = make_membership(organisation=firm, network=network, start="2016")
    cite(membership)
    cite(firm)
    make_position(person=make_person(), organisation=firm)
    make_participation(event=make_event(), organisation=firm)
    return firm


def snapshot(firm_pk):
    return {
        "memberships": sorted(
            Membership.objects.filter(organisation_id=firm_pk).values_list("pk", "network_id", "start_date")
        ),
        "positions": sorted(Position.objects.filter(organisation_id=firm_pk).values_list("pk", "person_id")),
        "participations": sorted(Participation.objects.filter(organisation_id=firm_pk).values_list("pk", "event_id")),
        "citations": Citation.objects.count(),
        "competences": sorted(
            Organisation.competences.through.objects.filter(organisation_id=firm_pk).values_list(
                "competence_id", flat=True
            )
        ),
        "sectors": sorted(
            Organisation.sectors.through.objects.filter(organisation_id=firm_pk).values_list("sector_id", flat=True)
        ),
    }


def test_a_deleted_organisation_comes_back_with_its_memberships_and_everything(admin_client, admin_user):
    firm = deleted_firm_with_everything()
    before = snapshot(firm.pk)
    fields_before = Organisation.objects.filter(pk=firm.pk).values("name", "slug", "kind").get()

    assert admin_client.post(admin_url(Organisation, "delete", firm.pk), {"post": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=firm.pk).exists()
    assert snapshot(firm.pk)["memberships"] == []

    result = restore_organisation(organisation_id=firm.pk, user=admin_user)

    assert snapshot(firm.pk) == before
    assert Organisation.objects.filter(pk=firm.pk).values("name", "slug", "kind").get() == fields_before
    assert result.counts["Mitgliedschaften"] == 1
    assert result.skipped == []


def test_a_superuser_restores_from_the_list_of_deleted_organisations(admin_client):
    firm = deleted_firm_with_everything()
    before = snapshot(firm.pk)
    admin_client.post(admin_url(Organisation, "delete", firm.pk), {"post": "yes"})
    url = reverse("admin:directory_organisation_deleted")

    assert "Feinwerktechnik Geising" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"organisation": firm.pk})

    assert response.status_code == 302
    assert snapshot(firm.pk) == before


def test_restoring_what_was_not_deleted_changes_nothing(admin_client):
    firm = make_organisation()

    with pytest.raises(NothingToRestore):
        restore_organisation(organisation_id=firm.pk)
    response = admin_client.post(reverse("admin:directory_organisation_deleted"), {"organisation": "x"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 1


def test_an_editor_may_not_restore_deleted_organisations(client):
    network = make_network()
    office = User.objects.create_user("amz-buero", is_staff=True)
    office.groups.add(Group.objects.get(name=EDITOR_GROUP))
    NetworkEditor.objects.create(user=office, network=network)
    firm = make_organisation()
    firm_pk = firm.pk
    firm.delete()
    client.force_login(office)

    url = reverse("admin:directory_organisation_deleted")
    assert client.get(url).status_code == 403
    assert client.post(url, {"organisation": firm_pk}).status_code == 403
    assert not Organisation.objects.filter(pk=firm_pk).exists()


def test_the_list_of_deleted_organisations_runs_one_query(admin_client, django_assert_num_queries):
    for _ in range(3):
        firm = make_organisation()
        make_membership(organisation=firm)
        firm.delete()

    with django_assert_num_queries(3):
        # 1 the session, 2 the user, 3 the deletion records of organisations that are gone,
        # with who deleted them.
        response = admin_client.get(reverse("admin:directory_organisation_deleted"))

    assert len(response.context["deleted"]) == 3
