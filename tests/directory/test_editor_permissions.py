"""Network editors in admin: each office edits its own network's records, and only those.

Both ways for every view: the insider (AMZ's office on AMZ's records) gets the page, the
outsider (Impro's office on AMZ's records) gets 404, through direct URLs, autocomplete,
bulk actions and forged forms alike.
"""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from directory.models import (
    Competence,
    Firm,
    Membership,
    Network,
    NetworkEditor,
    Organisation,
    Person,
    Position,
    Relationship,
    Source,
    StatedMemberCount,
)
from directory.permissions import (
    EDITOR_GROUP,
    can_edit,
    editable_events,
    editable_networks,
    editable_organisations,
    editable_people,
)
from events.models import Event, Participation
from tests.admin_helpers import add_row, admin_url, errors_of, form_data
from tests.factories import (
    make_competence,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_relationship,
    make_source,
)

pytestmark = pytest.mark.django_db


def make_editor(username: str, *networks) -> User:
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    for network in networks:
        NetworkEditor.objects.create(user=user, network=network)
    return user


@pytest.fixture
def world():
    amz = make_network(name="Automobilzuliefernetzwerk", short_name="AMZ")
    impro = make_network(name="Impro Netzwerk", short_name="Impro")
    geising = make_organisation(name="Feinwerktechnik Geising")
    schleusingen = make_organisation(name="Glaswerk Schleusingen")
    shared = make_organisation(name="Zulieferer in zwei Netzen")
    amz_membership = make_membership(organisation=geising, network=amz, start="2016")
    impro_membership = make_membership(organisation=schleusingen, network=impro, start="2016")
    make_membership(organisation=shared, network=amz)
    make_membership(organisation=shared, network=impro)
    graf = make_person(name="Jürgen Graf", is_public=False)
    wiegand = make_person(name="Oliver Wiegand", is_public=False)
    amz_position = make_position(person=graf, organisation=geising)
    impro_position = make_position(person=wiegand, organisation=schleusingen)
    amz_event = make_event(title="Zulieferkonferenz")
    impro_event = make_event(title="Glastag")
    amz_participation = make_participation(event=amz_event, organisation=amz, role=Participation.Role.ORGANISER)
    impro_participation = make_participation(event=impro_event, organisation=impro, role=Participation.Role.ORGANISER)
    amz_relationship = make_relationship(
        from_organisation=geising, to_organisation=shared, kind=Relationship.Kind.SUPPLIER
    )
    impro_relationship = make_relationship(
        from_organisation=schleusingen, to_organisation=shared, kind=Relationship.Kind.SUPPLIER
    )
    amz_count = StatedMemberCount.objects.create(network=amz, count=158, label="Mitgliedsunternehmen")
    impro_count = StatedMemberCount.objects.create(network=impro, count=13, label="Mitgliedsfirmen")
    return SimpleNamespace(
        amz_count=amz_count,
        impro_count=impro_count,
        amz=amz,
        impro=impro,
        geising=geising,
        schleusingen=schleusingen,
        shared=shared,
        amz_membership=amz_membership,
        impro_membership=impro_membership,
        graf=graf,
        wiegand=wiegand,
        amz_position=amz_position,
        impro_position=impro_position,
        amz_event=amz_event,
        impro_event=impro_event,
        amz_participation=amz_participation,
        impro_participation=impro_participation,
        amz_relationship=amz_relationship,
        impro_relationship=impro_relationship,
        amz_office=make_editor("amz-buero", amz),
        impro_office=make_editor("impro-buero", impro),
    )


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# The scope functions.
# ---------------------------------------------------------------------------------------------


def test_an_office_edits_its_network_members_people_and_events(world):
    office = world.amz_office

    assert set(editable_networks(office)) == {world.amz}
    assert set(editable_organisations(office)) == {world.amz, world.geising, world.shared}
    assert set(editable_people(office)) == {world.graf}
    assert set(editable_events(office)) == {world.amz_event}


def test_a_firm_in_two_networks_is_edited_by_both_offices(world):
    assert can_edit(world.amz_office, world.shared)
    assert can_edit(world.impro_office, world.shared)
    assert not can_edit(world.amz_office, world.schleusingen)


def test_a_network_taking_part_in_an_event_stays_its_own_office_s(world):
    make_participation(event=world.amz_event, organisation=world.impro, role=Participation.Role.PARTNER)

    assert world.impro not in editable_organisations(world.amz_office)


def test_former_members_stay_editable(world):
    former = make_organisation(name="Ehemaliges Mitglied")
    make_membership(organisation=former, network=world.amz, start="2010", end="2014")

    assert can_edit(world.amz_office, former)


def test_a_superuser_edits_everything(world, admin_user):
    assert set(editable_organisations(admin_user)) == set(Organisation.objects.all())
    assert can_edit(admin_user, world.schleusingen)


def test_staff_without_a_network_edit_nothing(world):
    clerk = make_editor("praktikant")

    assert not editable_organisations(clerk).exists()
    assert not can_edit(clerk, world.geising)


# ---------------------------------------------------------------------------------------------
# Every admin view, both ways.
# ---------------------------------------------------------------------------------------------

# (admin section, insider record, outsider record): the insider is AMZ's, the outsider Impro's.
RECORDS = [
    pytest.param(Organisation, "geising", "schleusingen", id="organisation"),
    pytest.param(Firm, "geising", "schleusingen", id="firm"),
    pytest.param(Network, "amz", "impro", id="network"),
    pytest.param(Person, "graf", "wiegand", id="person"),
    pytest.param(Membership, "amz_membership", "impro_membership", id="membership"),
    pytest.param(Position, "amz_position", "impro_position", id="position"),
    pytest.param(Relationship, "amz_relationship", "impro_relationship", id="relationship"),
    pytest.param(Event, "amz_event", "impro_event", id="event"),
    pytest.param(Participation, "amz_participation", "impro_participation", id="participation"),
    # A stated member count follows its network, like the network's memberships.
    pytest.param(StatedMemberCount, "amz_count", "impro_count", id="stated-member-count"),
]


@pytest.mark.parametrize(("model", "mine", "theirs"), RECORDS)
def test_the_changelist_lists_the_office_s_records_only(client, world, model, mine, theirs):
    response = login(client, world.amz_office).get(admin_url(model, "changelist"))

    assert response.status_code == 200
    shown = {record.pk for record in response.context["cl"].result_list}
    assert getattr(world, mine).pk in shown
    assert getattr(world, theirs).pk not in shown


@pytest.mark.parametrize(("model", "mine", "theirs"), RECORDS)
@pytest.mark.parametrize("view", ["change", "history"])
def test_a_record_page_opens_for_its_office_and_is_not_found_for_another(client, world, model, mine, theirs, view):
    login(client, world.amz_office)

    assert client.get(admin_url(model, view, getattr(world, mine).pk)).status_code == 200
    assert client.get(admin_url(model, view, getattr(world, theirs).pk)).status_code in (403, 404)


@pytest.mark.parametrize(("model", "mine", "theirs"), RECORDS)
def test_another_office_cannot_change_a_record_by_posting_to_it(client, world, model, mine, theirs):
    record = getattr(world, theirs)
    before = model._default_manager.filter(pk=record.pk).values().get()

    response = login(client, world.amz_office).post(admin_url(model, "change", record.pk), {"note": "x"})

    assert response.status_code in (403, 404)
    assert model._default_manager.filter(pk=record.pk).values().get() == before


# Deleting a network is left to superusers; the rest the office may delete, when its own.
DELETABLE = [param for param in RECORDS if param.id != "network"]


@pytest.mark.parametrize(("model", "mine", "theirs"), DELETABLE)
def test_the_office_may_delete_its_records_and_not_another_s(client, world, model, mine, theirs):
    login(client, world.amz_office)
    own, other = getattr(world, mine), getattr(world, theirs)

    assert client.get(admin_url(model, "delete", own.pk)).status_code == 200
    assert client.post(admin_url(model, "delete", other.pk), {"post": "yes"}).status_code in (403, 404)
    assert model._default_manager.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("model", "mine", "theirs"), DELETABLE)
def test_a_bulk_delete_passes_over_another_office_s_records(client, world, model, mine, theirs):
    other = getattr(world, theirs)

    login(client, world.amz_office).post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert model._default_manager.filter(pk=other.pk).exists()


def test_a_bulk_delete_removes_the_office_s_own_record(client, world):
    former = make_organisation(name="Ehemaliges Mitglied")
    make_membership(organisation=former, network=world.amz, start="2010", end="2014")

    response = login(client, world.amz_office).post(
        admin_url(Organisation, "changelist"),
        {"action": "delete_selected", "_selected_action": [former.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=former.pk).exists()


def test_a_firm_another_network_also_has_cannot_be_deleted_by_one_office(client, world):
    # Deleting the firm would delete Impro's membership with it.
    response = login(client, world.amz_office).post(admin_url(Organisation, "delete", world.shared.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=world.shared.pk).exists()


def test_an_office_cannot_delete_or_rekind_its_own_network(client, world):
    login(client, world.amz_office)

    assert client.get(admin_url(Organisation, "delete", world.amz.pk)).status_code == 403
    page = client.get(admin_url(Organisation, "change", world.amz.pk))
    assert "kind" not in page.context["adminform"].form.fields


def test_a_superuser_opens_every_office_s_records(admin_client, world):
    for record in (world.geising, world.schleusingen):
        assert admin_client.get(admin_url(Organisation, "change", record.pk)).status_code == 200


# ---------------------------------------------------------------------------------------------
# Adding: what an office adds stays its own, and it cannot add to another network.
# ---------------------------------------------------------------------------------------------


def test_a_firm_the_office_adds_stays_in_its_list(client, world):
    login(client, world.amz_office)
    url = admin_url(Firm, "add")
    data = form_data(client.get(url))
    data.update(name="Neue Firma GmbH", slug="neue-firma")

    response = client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    firm = Organisation.objects.get(slug="neue-firma")
    assert client.get(admin_url(Organisation, "change", firm.pk)).status_code == 200
    assert not can_edit(world.impro_office, firm)


def test_an_office_cannot_add_a_membership_in_another_network(client, world):
    login(client, world.amz_office)
    url = admin_url(Membership, "add")

    response = client.post(url, {"organisation": world.geising.pk, "network": world.impro.pk, "role": "member"})

    assert response.status_code == 200
    assert any("Auswahl" in message or "gültige" in message for message in errors_of(response))
    assert not Membership.objects.filter(organisation=world.geising, network=world.impro).exists()


def test_an_office_cannot_add_a_member_through_another_network_s_page(client, world):
    login(client, world.amz_office)
    page = client.get(admin_url(Organisation, "change", world.geising.pk))
    data = form_data(page)
    add_row(data, "memberships", network=world.impro.pk, role="member")

    response = client.post(admin_url(Organisation, "change", world.geising.pk), data)

    assert response.status_code == 200
    assert not Membership.objects.filter(organisation=world.geising, network=world.impro).exists()


def test_an_office_adds_a_member_to_its_own_network(client, world):
    newcomer = make_organisation(name="Neuling GmbH")
    login(client, world.amz_office)
    url = admin_url(Organisation, "change", world.amz.pk)
    data = form_data(client.get(url))
    # The newcomer is not the office's yet; the office adds it from its own firm list instead.
    add_row(data, "member_links", organisation=world.geising.pk, role="member", start="2020")

    response = client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert Membership.objects.filter(organisation=world.geising, network=world.amz).count() == 2
    assert not Membership.objects.filter(organisation=newcomer).exists()


def test_a_firm_page_shows_only_the_office_s_own_memberships(client, world):
    page = login(client, world.amz_office).get(admin_url(Organisation, "change", world.shared.pk))

    [memberships] = [
        inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.prefix == "memberships"
    ]
    assert [form.instance.network for form in memberships.initial_forms] == [world.amz]


def test_the_network_kind_is_not_offered_to_an_office(client, world):
    page = login(client, world.amz_office).get(admin_url(Organisation, "add"))

    kinds = [value for value, _label in page.context["adminform"].form.fields["kind"].choices]
    assert "network" not in kinds and "firm" in kinds


# ---------------------------------------------------------------------------------------------
# Autocomplete: the answers hold nothing from outside the office's scope.
# ---------------------------------------------------------------------------------------------


def autocomplete(client, app_label: str, model_name: str, field_name: str, term: str = ""):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def names_in(response) -> set[str]:
    return {result["text"] for result in json.loads(response.content)["results"]}


def test_the_network_autocomplete_offers_only_the_office_s_network(client, world):
    response = autocomplete(login(client, world.amz_office), "directory", "membership", "network")

    assert response.status_code == 200
    assert names_in(response) == {world.amz.name}


def test_the_organisation_autocomplete_leaves_out_other_offices_firms(client, world):
    response = autocomplete(login(client, world.amz_office), "directory", "membership", "organisation", "Glas")

    assert names_in(response) == set()
    response = autocomplete(client, "directory", "membership", "organisation", "Geising")
    assert names_in(response) == {world.geising.name}


def test_the_person_autocomplete_leaves_out_other_offices_people(client, world):
    login(client, world.amz_office)

    assert names_in(autocomplete(client, "directory", "position", "person", "Wiegand")) == set()
    assert names_in(autocomplete(client, "directory", "position", "person", "Graf")) == {"Jürgen Graf"}


def test_the_event_autocomplete_leaves_out_other_offices_events(client, world):
    response = autocomplete(login(client, world.amz_office), "events", "participation", "event")

    assert names_in(response) == {world.amz_event.title}


def test_a_superuser_autocompletes_everything(admin_client, world):
    response = autocomplete(admin_client, "directory", "membership", "network")

    assert names_in(response) == {world.amz.name, world.impro.name}


# ---------------------------------------------------------------------------------------------
# Shared vocabulary and sources: editors add, but change or delete nothing.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "make"), [(Competence, make_competence), (Source, make_source)])
def test_an_office_may_add_but_not_change_shared_records(client, world, model, make):
    record = make()
    login(client, world.amz_office)

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200
    page = client.get(admin_url(model, "change", record.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_an_office_cannot_revert_shared_records_from_history(client, world):
    competence = make_competence(name="Drehen")
    competence.name = "Fräsen"
    competence.save()
    version = competence.history.earliest()
    login(client, world.amz_office)

    response = client.post(
        reverse("admin:directory_competence_simple_history", args=[competence.pk, version.pk]),
        {"name": "Drehen", "slug": competence.slug},
    )

    assert response.status_code == 403
    competence.refresh_from_db()
    assert competence.name == "Fräsen"


def test_the_editor_roles_and_citations_are_for_superusers(client, world):
    login(client, world.amz_office)

    assert client.get(admin_url(NetworkEditor, "changelist")).status_code == 403
    assert client.get(reverse("admin:directory_citation_changelist")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert admin_url(NetworkEditor, "changelist") not in index
