"""Datenqualität: the admin page listing what needs care, within each office's scope."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from directory.models import Membership, NetworkEditor, Organisation, Position, Relationship
from directory.permissions import EDITOR_GROUP
from events.models import Participation
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
)

pytestmark = pytest.mark.django_db

URL = reverse("data-quality")


def titles_and_rows(response) -> dict[str, set[str]]:
    return {section["title"]: {label for label, _url in section["rows"]} for section in response.context["sections"]}


def test_the_admin_index_links_to_the_page(admin_client):
    assert URL in admin_client.get(reverse("admin:index")).content.decode()


def test_the_page_lists_what_needs_care_and_leaves_out_what_does_not(admin_client):
    bare = make_organisation(name="Ohne alles GmbH")
    complete = make_organisation(name="Vollständig GmbH", region=make_region())
    complete.competences.add(make_competence())
    stale = make_organisation(name="Alt GmbH")
    Organisation.objects.filter(pk=stale.pk).update(updated=timezone.now() - datetime.timedelta(days=800))
    network = make_network(name="AMZ")
    uncited = make_membership(organisation=complete, network=network)
    cited = make_membership(organisation=bare, network=network)
    cite(cited)

    sections = titles_and_rows(admin_client.get(URL))

    assert "Ohne alles GmbH" in sections["Unternehmen ohne Kompetenzen"]
    assert "Vollständig GmbH" not in sections["Unternehmen ohne Kompetenzen"]
    assert "Ohne alles GmbH" in sections["Unternehmen ohne Region"]
    assert "Vollständig GmbH" not in sections["Unternehmen ohne Region"]
    assert sections["Seit 24 Monaten nicht geändert"] == {"Alt GmbH"}
    assert sections["Mitgliedschaften ohne Quelle"] == {str(uncited)}


def test_an_office_sees_only_its_own_records(client):
    amz, impro = make_network(name="AMZ"), make_network(name="Impro")
    mine, theirs = make_organisation(name="Meine GmbH"), make_organisation(name="Fremde GmbH")
    make_membership(organisation=mine, network=amz)
    make_membership(organisation=theirs, network=impro)
    office = User.objects.create_user("amz-buero", is_staff=True)
    office.groups.add(Group.objects.get(name=EDITOR_GROUP))
    NetworkEditor.objects.create(user=office, network=amz)
    client.force_login(office)

    response = client.get(URL)

    assert response.status_code == 200
    rows = set().union(*titles_and_rows(response).values())
    assert "Meine GmbH" in rows
    assert not any("Fremde GmbH" in row or "Impro" in row for row in rows)


def test_the_page_is_for_staff_only(client):
    assert client.get(URL).status_code == 302
    client.force_login(User.objects.create_user("leser"))
    assert client.get(URL).status_code == 302


def test_the_page_runs_one_query_per_list(admin_client, django_assert_num_queries):
    # Three rows for every list, and everything their labels read.
    ContentType.objects.get_for_models(Membership, Position, Relationship, Participation)
    network = make_network()
    event = make_event()
    for _ in range(3):
        firm = make_organisation()
        Organisation.objects.filter(pk=firm.pk).update(updated=timezone.now() - datetime.timedelta(days=800))
        make_membership(organisation=firm, network=network)
        make_position(person=make_person(), organisation=firm)
        make_relationship(from_organisation=firm, to_organisation=network, kind=Relationship.Kind.SUPPLIER)
        make_participation(event=event, organisation=firm)

    with django_assert_num_queries(10):
        # 1 the session, 2 the user, 3 firms without competences, 4 firms without region,
        # 5 organisations not changed for 24 months, 6 memberships, 7 positions,
        # 8 relationships, 9 participations without a citation (each with what it names),
        # 10 unreviewed competences.
        admin_client.get(URL)
