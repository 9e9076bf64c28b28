"""Every rule the database enforces refuses its bad row there, and the admin says why in German.

Each named constraint (and the trigger membership_target_is_network) has two tests: the bad row
written past Django's validation raises IntegrityError naming the rule, and the same bad data
posted through the admin form comes back as a readable message with nothing saved.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.html import escape

from directory.forms import OrganisationForm
from directory.models import (
    Citation,
    Competence,
    CorrectionRequest,
    Membership,
    Network,
    NetworkEditor,
    Organisation,
    Position,
    PostalCode,
    Region,
    Relationship,
    Source,
    StatedMemberCount,
)
from events.models import Event, Participation
from tests.admin_helpers import add_row, admin_url, errors_of, form_data
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
    make_source,
)

pytestmark = pytest.mark.django_db

TARGET_IS_NETWORK = "Mitglied sein kann man nur in einem Netzwerk oder Verband."
END_BEFORE_START = "Das Ende darf nicht vor dem Beginn liegen."


def named_constraints() -> set[str]:
    return {
        constraint.name
        for app in ("directory", "events")
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
    }


def day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


# ---------------------------------------------------------------------------------------------
# At the database: each bad row, written past Django's validation, is refused by its rule.
# ---------------------------------------------------------------------------------------------

DATABASE_CASES = {}


def database_case(name: str):
    def register(write):
        DATABASE_CASES[name] = write
        return write

    return register


@database_case("organisation_latitude_range")
def _():
    make_organisation(latitude=91)


@database_case("organisation_longitude_range")
def _():
    make_organisation(longitude=-181)


@database_case("organisation_founded_plausible")
def _():
    make_organisation(founded=999)


@database_case("region_unique_ags")
def _():
    state = make_region(ags="14")
    make_region(kind=Region.Kind.DISTRICT, parent=state, ags="14")


@database_case("region_only_states_are_roots")
def _():
    make_region(kind=Region.Kind.DISTRICT)


@database_case("postalcode_unique_per_region")
def _():
    region = make_region()
    PostalCode.objects.create(code="01067", region=region)
    PostalCode.objects.create(code="01067", region=region)


@database_case("competence_unique_name_in_field")
def _():
    field = make_competence(name="Zerspanung")
    make_competence(name="Drehen", parent=field)
    make_competence(name="Drehen", parent=field)


@database_case("competence_unique_field_name")
def _():
    make_competence(name="Zerspanung")
    make_competence(name="Zerspanung")


@database_case("competence_not_own_parent")
def _():
    competence = make_competence()
    Competence.objects.filter(pk=competence.pk).update(parent=competence)


@database_case("directory_membership_end_not_before_start")
def _():
    Membership.objects.create(
        organisation=make_organisation(),
        network=make_network(),
        start_date=day("01.01.2019"),
        end_date=day("31.12.2016"),
    )


@database_case("membership_unique_start")
def _():
    existing = make_membership(start="2016")
    make_membership(organisation=existing.organisation, network=existing.network, start="2016")


@database_case("membership_unique_start_unknown")
def _():
    existing = make_membership()
    make_membership(organisation=existing.organisation, network=existing.network)


@database_case("membership_not_self")
def _():
    network = make_network()
    Membership.objects.create(organisation=network, network=network)


@database_case("directory_position_end_not_before_start")
def _():
    Position.objects.create(
        person=make_person(),
        organisation=make_organisation(),
        start_date=day("01.01.2019"),
        end_date=day("31.12.2016"),
    )


@database_case("position_unique_start")
def _():
    existing = make_position(start="2016")
    make_position(person=existing.person, organisation=existing.organisation, role=existing.role, start="2016")


@database_case("position_unique_start_unknown")
def _():
    existing = make_position()
    make_position(person=existing.person, organisation=existing.organisation, role=existing.role)


@database_case("directory_relationship_end_not_before_start")
def _():
    Relationship.objects.create(
        from_organisation=make_organisation(),
        to_organisation=make_organisation(),
        kind=Relationship.Kind.SUPPLIER,
        start_date=day("01.01.2019"),
        end_date=day("31.12.2016"),
    )


@database_case("relationship_unique_start")
def _():
    existing = make_relationship(kind=Relationship.Kind.SUPPLIER, start="2016")
    make_relationship(
        from_organisation=existing.from_organisation,
        to_organisation=existing.to_organisation,
        kind=Relationship.Kind.SUPPLIER,
        start="2016",
    )


@database_case("relationship_unique_start_unknown")
def _():
    existing = make_relationship(kind=Relationship.Kind.SUPPLIER)
    make_relationship(
        from_organisation=existing.from_organisation,
        to_organisation=existing.to_organisation,
        kind=Relationship.Kind.SUPPLIER,
    )


@database_case("relationship_not_self")
def _():
    firm = make_organisation()
    Relationship.objects.create(from_organisation=firm, to_organisation=firm, kind=Relationship.Kind.SUPPLIER)


@database_case("relationship_undirected_ordered")
def _():
    first, second = make_organisation(), make_organisation()
    # bulk_create skips save(), which would put the ends in order.
    Relationship.objects.bulk_create(
        [Relationship(from_organisation=second, to_organisation=first, kind=Relationship.Kind.COOPERATION)]
    )


@database_case("citation_unique_per_record")
def _():
    firm, source = make_organisation(), make_source()
    cite(firm, source)
    cite(firm, source)


@database_case("events_event_end_not_before_start")
def _():
    make_event(start="2019", end="2018")


@database_case("event_has_start")
def _():
    Event.objects.create(title="Ohne Datum", slug="ohne-datum", kind=Event.Kind.WORKSHOP)


@database_case("participation_has_participant")
def _():
    Participation.objects.create(event=make_event())


@database_case("participation_unique_person_role")
def _():
    event, person = make_event(), make_person()
    make_participation(event=event, person=person, role=Participation.Role.SPEAKER)
    make_participation(event=event, person=person, role=Participation.Role.SPEAKER)


@database_case("participation_unique_organisation_role")
def _():
    event, firm = make_event(), make_organisation()
    make_participation(event=event, organisation=firm, role=Participation.Role.EXHIBITOR)
    make_participation(event=event, organisation=firm, role=Participation.Role.EXHIBITOR)


@database_case("network_editor_unique")
def _():
    user, network = User.objects.create_user("amz-buero"), make_network()
    NetworkEditor.objects.create(user=user, network=network)
    NetworkEditor.objects.create(user=user, network=network)


@database_case("statedmembercount_count_positive")
def _():
    StatedMemberCount.objects.create(network=make_network(), count=0, label="Mitglieder")


@database_case("import_record_digest_is_sha256")
def _():
    from directory.models import ImportRecord

    ImportRecord.objects.create(filename="liste.csv", digest="nicht-hex")


@database_case("correction_decided_has_date")
def _():
    CorrectionRequest.objects.create(
        record=make_organisation(), record_label="Firma", message="Falsch.", status="applied"
    )


def test_every_named_constraint_has_a_database_test():
    assert named_constraints() == set(DATABASE_CASES)


@pytest.mark.parametrize("name", sorted(DATABASE_CASES))
def test_the_database_refuses_a_row_that_breaks_a_rule(name):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        DATABASE_CASES[name]()

    assert refused.value.__cause__.diag.constraint_name == name


def test_the_database_refuses_a_membership_in_a_firm():
    firm, member = make_organisation(), make_organisation()

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Membership.objects.create(organisation=member, network=firm)

    assert refused.value.__cause__.diag.constraint_name == "membership_target_is_network"
    assert not Membership.objects.exists()


def test_the_database_refuses_to_move_a_membership_to_a_firm():
    membership, firm = make_membership(), make_organisation()

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(network=firm)

    assert refused.value.__cause__.diag.constraint_name == "membership_target_is_network"
    assert Membership.objects.get().network_id == membership.network_id


def test_the_database_refuses_to_turn_a_network_with_members_into_a_firm():
    membership = make_membership()

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Organisation.objects.filter(pk=membership.network_id).update(kind=Organisation.Kind.FIRM)

    assert refused.value.__cause__.diag.constraint_name == "membership_target_is_network"
    assert Organisation.objects.get(pk=membership.network_id).is_network


def test_a_network_without_members_may_become_a_firm():
    network = make_network()

    Organisation.objects.filter(pk=network.pk).update(kind=Organisation.Kind.FIRM)

    network.refresh_from_db()
    assert network.kind == Organisation.Kind.FIRM


def test_the_database_refuses_a_second_organisation_with_the_same_slug():
    make_organisation(slug="impro")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_network(slug="impro")


# ---------------------------------------------------------------------------------------------
# In the admin: the same bad data comes back as a readable message, and nothing is saved.
# ---------------------------------------------------------------------------------------------

ADMIN_CASES = {}


def admin_case(name: str, model, message: str):
    """Register how to post the bad data: the case returns the url and the changed fields
    (a dict, or a function that edits the posted data, for inline rows)."""

    def register(arrange):
        ADMIN_CASES[name] = (arrange, model, message)
        return arrange

    return register


def new_organisation(**fields):
    return {"name": "Neue Firma GmbH", "slug": "neue-firma", **fields}


@admin_case("organisation_latitude_range", Organisation, "Der Breitengrad liegt zwischen -90 und 90.")
def _():
    return admin_url(Organisation, "add"), new_organisation(latitude="91", longitude="13")


@admin_case("organisation_longitude_range", Organisation, "Der Längengrad liegt zwischen -180 und 180.")
def _():
    return admin_url(Organisation, "add"), new_organisation(latitude="51", longitude="-181")


@admin_case("organisation_founded_plausible", Organisation, "Das Gründungsjahr ist nicht plausibel.")
def _():
    return admin_url(Organisation, "add"), new_organisation(founded="999")


@admin_case("region_unique_ags", Region, "Dieser Gemeindeschlüssel ist schon vergeben.")
def _():
    state = make_region(name="Sachsen", ags="14")
    return admin_url(Region, "add"), {
        "name": "Dresden",
        "slug": "dresden",
        "kind": "city",
        "parent": state.pk,
        "ags": "14",
    }


@admin_case("region_only_states_are_roots", Region, "Nur ein Bundesland steht ohne übergeordnete Region.")
def _():
    return admin_url(Region, "add"), {"name": "Görlitz", "slug": "goerlitz", "kind": "district"}


@admin_case(
    "postalcode_unique_per_region",
    PostalCode,
    "Diese Postleitzahl ist dieser Gemeinde schon zugeordnet.",
)
def _():
    region = make_region()
    PostalCode.objects.create(code="01067", region=region)
    return admin_url(PostalCode, "add"), {"code": "01067", "region": region.pk}


@admin_case("competence_unique_name_in_field", Competence, "Diese Kompetenz gibt es in diesem Feld schon.")
def _():
    field = make_competence(name="Zerspanung")
    make_competence(name="Drehen", parent=field)
    return admin_url(Competence, "add"), {"name": "Drehen", "slug": "drehen-2", "parent": field.pk}


@admin_case("competence_unique_field_name", Competence, "Dieses Kompetenzfeld gibt es schon.")
def _():
    make_competence(name="Zerspanung")
    return admin_url(Competence, "add"), {"name": "Zerspanung", "slug": "zerspanung-2"}


@admin_case("competence_not_own_parent", Competence, "Eine Kompetenz kann nicht ihr eigenes Feld sein.")
def _():
    competence = make_competence()
    return admin_url(Competence, "change", competence.pk), {"parent": competence.pk}


@admin_case("directory_membership_end_not_before_start", Membership, END_BEFORE_START)
def _():
    return admin_url(Membership, "add"), {
        "organisation": make_organisation().pk,
        "network": make_network().pk,
        "start": "2019",
        "end": "2016",
    }


@admin_case("membership_unique_start", Membership, "Diese Mitgliedschaft mit diesem Beginn gibt es schon.")
def _():
    existing = make_membership(start="März 2016")
    return admin_url(Membership, "add"), {
        "organisation": existing.organisation_id,
        "network": existing.network_id,
        "start": "03.2016",
    }


@admin_case("membership_unique_start_unknown", Membership, "Diese Mitgliedschaft mit diesem Beginn gibt es schon.")
def _():
    existing = make_membership()
    return admin_url(Membership, "add"), {
        "organisation": existing.organisation_id,
        "network": existing.network_id,
    }


@admin_case(
    "statedmembercount_count_positive", StatedMemberCount, "Eine angegebene Mitgliederzahl ist größer als null."
)
def _():
    return admin_url(StatedMemberCount, "add"), {"network": make_network().pk, "count": "0", "label": "Mitglieder"}


@admin_case("membership_not_self", Membership, "Eine Organisation kann nicht Mitglied ihrer selbst sein.")
def _():
    network = make_network()
    return admin_url(Membership, "add"), {"organisation": network.pk, "network": network.pk}


@admin_case("directory_position_end_not_before_start", Position, END_BEFORE_START)
def _():
    return admin_url(Position, "add"), {
        "person": make_person().pk,
        "organisation": make_organisation().pk,
        "start": "24.09.2019",
        "end": "23.09.2019",
    }


@admin_case("position_unique_start", Position, "Diese Funktion mit diesem Beginn gibt es schon.")
def _():
    existing = make_position(role="Vorsitzender", start="2016")
    return admin_url(Position, "add"), {
        "person": existing.person_id,
        "organisation": existing.organisation_id,
        "role": "Vorsitzender",
        "start": "2016",
    }


@admin_case("position_unique_start_unknown", Position, "Diese Funktion mit diesem Beginn gibt es schon.")
def _():
    existing = make_position(role="Vorsitzender")
    return admin_url(Position, "add"), {
        "person": existing.person_id,
        "organisation": existing.organisation_id,
        "role": "Vorsitzender",
    }


@admin_case("directory_relationship_end_not_before_start", Relationship, END_BEFORE_START)
def _():
    return admin_url(Relationship, "add"), {
        "from_organisation": make_organisation().pk,
        "to_organisation": make_organisation().pk,
        "kind": "supplier",
        "start": "2019",
        "end": "Dezember 2018",
    }


@admin_case("relationship_unique_start", Relationship, "Diese Beziehung mit diesem Beginn gibt es schon.")
def _():
    existing = make_relationship(kind=Relationship.Kind.COOPERATION, start="2016")
    # Given the other way round: the form puts the ends in stored order first, then compares.
    return admin_url(Relationship, "add"), {
        "from_organisation": existing.to_organisation_id,
        "to_organisation": existing.from_organisation_id,
        "kind": "cooperation",
        "start": "2016",
    }


@admin_case("relationship_unique_start_unknown", Relationship, "Diese Beziehung mit diesem Beginn gibt es schon.")
def _():
    existing = make_relationship(kind=Relationship.Kind.SUPPLIER)
    return admin_url(Relationship, "add"), {
        "from_organisation": existing.from_organisation_id,
        "to_organisation": existing.to_organisation_id,
        "kind": "supplier",
    }


@admin_case("relationship_not_self", Relationship, "Eine Organisation kann keine Beziehung zu sich selbst haben.")
def _():
    firm = make_organisation()
    return admin_url(Relationship, "add"), {
        "from_organisation": firm.pk,
        "to_organisation": firm.pk,
        "kind": "supplier",
    }


@admin_case("citation_unique_per_record", Citation, "Diese Quelle ist für diesen Eintrag schon angegeben.")
def _():
    existing = cite(make_organisation())
    return admin_url(Citation, "add"), {
        "source": existing.source_id,
        "content_type": existing.content_type_id,
        "object_id": existing.object_id,
    }


@admin_case("events_event_end_not_before_start", Event, END_BEFORE_START)
def _():
    return admin_url(Event, "add"), {
        "title": "Werkschau",
        "slug": "werkschau",
        "kind": "exhibition",
        "start": "2019",
        "end": "2018",
    }


@admin_case("event_has_start", Event, "Eine Veranstaltung braucht ein Datum, mindestens das Jahr.")
def _():
    return admin_url(Event, "add"), {"title": "Werkschau", "slug": "werkschau", "kind": "exhibition"}


@admin_case(
    "participation_has_participant",
    Participation,
    "Eine Teilnahme braucht eine Person oder eine Organisation.",
)
def _():
    return admin_url(Participation, "add"), {"event": make_event().pk, "role": "guest"}


@admin_case(
    "participation_unique_person_role",
    Participation,
    "Diese Person ist in dieser Rolle schon eingetragen.",
)
def _():
    existing = make_participation(person=make_person(), role=Participation.Role.SPEAKER)
    return admin_url(Participation, "add"), {
        "event": existing.event_id,
        "person": existing.person_id,
        "role": "speaker",
    }


@admin_case(
    "participation_unique_organisation_role",
    Participation,
    "Diese Organisation ist in dieser Rolle schon eingetragen.",
)
def _():
    existing = make_participation(role=Participation.Role.EXHIBITOR)
    return admin_url(Participation, "add"), {
        "event": existing.event_id,
        "organisation": existing.organisation_id,
        "role": "exhibitor",
    }


@admin_case("membership_target_is_network", Membership, TARGET_IS_NETWORK)
def _():
    return admin_url(Membership, "add"), {
        "organisation": make_organisation().pk,
        "network": make_organisation().pk,
    }


@admin_case("network_keeps_kind", Organisation, str(OrganisationForm.KIND_LOCKED))
def _():
    membership = make_membership()
    return admin_url(Organisation, "change", membership.network_id), {"kind": "firm"}


@admin_case("network_editor_unique", NetworkEditor, "Diese Person betreut dieses Netzwerk schon.")
def _():
    editor = NetworkEditor.objects.create(user=User.objects.create_user("amz-buero"), network=make_network())
    return admin_url(NetworkEditor, "add"), {"user": editor.user_id, "network": editor.network_id}


def post_form(client, url, changes):
    data = form_data(client.get(url))
    changes(data)
    return client.post(url, data)


def snapshot(model) -> list[dict]:
    return list(model._default_manager.order_by("pk").values())


def post_bad_data(client, url, changes, model):
    """Post the page with `changes` (a dict, or a function editing the data); report whether
    the model's rows, organisations and memberships are all as they were."""
    before = snapshot(model), snapshot(Organisation), snapshot(Membership)
    data = form_data(client.get(url))
    if callable(changes):
        changes(data)
    else:
        data.update(changes)
    response = client.post(url, data)
    return response, before == (snapshot(model), snapshot(Organisation), snapshot(Membership))


def test_every_rule_has_an_admin_test():
    # An undirected relationship given the other way round is no error: the form stores it in
    # order (test_a_cooperation_given_the_other_way_round_is_saved_in_stored_order).
    # A correction request's decision date is set by the admin itself when the status changes
    # (test_an_editor_marks_a_report_applied_with_a_note); no form field can leave it out.
    # An import record is written by the import alone; the admin shows it read-only.
    rules = named_constraints() - {
        "relationship_undirected_ordered",
        "correction_decided_has_date",
        "import_record_digest_is_sha256",
    }
    assert rules | {"membership_target_is_network", "network_keeps_kind"} == set(ADMIN_CASES)


@pytest.mark.parametrize("name", sorted(ADMIN_CASES))
def test_the_admin_form_says_in_german_why_it_refuses_a_row(admin_client, name):
    arrange, model, message = ADMIN_CASES[name]
    url, changes = arrange()

    response, nothing_changed = post_bad_data(admin_client, url, changes, model)

    assert response.status_code == 200
    assert message in errors_of(response)
    assert escape(message) in response.content.decode()
    assert nothing_changed


# Inline rows: Django skips some checks there, the forms add them back.


def test_a_membership_row_on_a_firm_page_pointing_at_a_firm_is_refused(admin_client):
    member, other_firm = make_organisation(), make_organisation()

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Organisation, "change", member.pk),
        lambda data: add_row(data, "memberships", network=other_firm.pk),
        Membership,
    )

    assert response.status_code == 200
    assert TARGET_IS_NETWORK in errors_of(response)
    assert nothing_changed


def test_a_network_cannot_list_itself_among_its_members(admin_client):
    network = make_network()

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Network, "change", network.pk),
        lambda data: add_row(data, "member_links", organisation=network.pk, role="member"),
        Membership,
    )

    assert response.status_code == 200
    assert "Eine Organisation kann nicht Mitglied ihrer selbst sein." in errors_of(response)
    assert nothing_changed


def test_an_organisation_cannot_list_itself_among_its_networks(admin_client):
    network = make_network()

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Organisation, "change", network.pk),
        lambda data: add_row(data, "memberships", network=network.pk, role="member"),
        Membership,
    )

    assert response.status_code == 200
    assert "Eine Organisation kann nicht Mitglied ihrer selbst sein." in errors_of(response)
    assert nothing_changed


def test_two_equal_member_rows_on_a_new_network_are_refused(admin_client):
    member = make_organisation()

    def two_equal_rows(data):
        data.update(name="Neues Netzwerk", slug="neues-netzwerk")
        add_row(data, "member_links", organisation=member.pk, role="member", start="2016")
        add_row(data, "member_links", organisation=member.pk, role="founding_member", start="2016")

    response, nothing_changed = post_bad_data(admin_client, admin_url(Network, "add"), two_equal_rows, Membership)

    assert response.status_code == 200
    assert "Diese Mitgliedschaft mit diesem Beginn gibt es schon." in errors_of(response)
    assert nothing_changed


def test_two_member_rows_of_one_organisation_without_a_start_are_refused(admin_client):
    network, member = make_network(), make_organisation()

    def rows(data):
        add_row(data, "member_links", organisation=member.pk, role="member", start="2016")
        add_row(data, "member_links", organisation=member.pk, role="member")
        add_row(data, "member_links", organisation=member.pk, role="supporting_member")

    response, nothing_changed = post_bad_data(admin_client, admin_url(Network, "change", network.pk), rows, Membership)

    assert response.status_code == 200
    assert errors_of(response).count("Diese Mitgliedschaft mit diesem Beginn gibt es schon.") == 1
    assert nothing_changed


def test_member_rows_with_different_starts_are_fine(admin_client):
    network, member = make_network(), make_organisation()

    def rows(data):
        add_row(data, "member_links", organisation=member.pk, role="member", start="2010", end="2012")
        add_row(data, "member_links", organisation=member.pk, role="member", start="2016")
        add_row(data, "member_links", organisation=member.pk, role="member", end="2009")

    response = post_form(admin_client, admin_url(Network, "change", network.pk), rows)

    assert response.status_code == 302, errors_of(response)
    assert Membership.objects.filter(network=network, organisation=member).count() == 3


def test_a_member_row_equal_to_a_stored_one_is_refused(admin_client):
    existing = make_membership()

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Network, "change", existing.network_id),
        lambda data: add_row(data, "member_links", organisation=existing.organisation_id, role="member"),
        Membership,
    )

    assert response.status_code == 200
    assert "Diese Mitgliedschaft mit diesem Beginn gibt es schon." in errors_of(response)
    assert nothing_changed


def test_moving_a_stored_member_row_aside_makes_room_for_a_new_one_with_its_old_start(admin_client):
    existing = make_membership(start="2016")
    url = admin_url(Network, "change", existing.network_id)
    data = form_data(admin_client.get(url))
    data["member_links-0-start"] = "2017"
    add_row(data, "member_links", organisation=existing.organisation_id, role="member", start="2016")

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    starts = Membership.objects.filter(network_id=existing.network_id).values_list("start_date", flat=True)
    assert sorted(start.year for start in starts) == [2016, 2017]


def test_an_inline_membership_ending_before_it_starts_is_refused(admin_client):
    member, network = make_organisation(), make_network()

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Organisation, "change", member.pk),
        lambda data: add_row(data, "memberships", network=network.pk, role="member", start="2019", end="2016"),
        Membership,
    )

    assert response.status_code == 200
    assert END_BEFORE_START in errors_of(response)
    assert nothing_changed


def test_the_same_source_cited_twice_on_one_page_is_refused(admin_client):
    firm, source = make_organisation(), make_source()
    prefix = "directory-citation-content_type-object_id"

    def two_citations(data):
        add_row(data, prefix, source=source.pk, quote="erstes Zitat")
        add_row(data, prefix, source=source.pk, quote="zweites Zitat")

    response, nothing_changed = post_bad_data(
        admin_client, admin_url(Organisation, "change", firm.pk), two_citations, Citation
    )

    assert response.status_code == 200
    assert "Diese Quelle ist für diesen Eintrag schon angegeben." in errors_of(response)
    assert nothing_changed


def test_a_citation_of_a_record_that_does_not_exist_is_refused(admin_client):
    source = make_source()
    firm = make_organisation()
    content_type = cite(firm, source).content_type

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Citation, "add"),
        {"source": source.pk, "content_type": content_type.pk, "object_id": "999999"},
        Citation,
    )

    assert response.status_code == 200
    assert "Organisation Nr. 999999 gibt es nicht." in errors_of(response)
    assert nothing_changed


def test_a_network_with_members_keeps_its_kind_even_with_member_rows_added(admin_client):
    membership = make_membership()
    newcomer = make_organisation()

    def to_firm_with_a_new_member(data):
        data["kind"] = "firm"
        add_row(data, "member_links", organisation=newcomer.pk, role="member")

    response, nothing_changed = post_bad_data(
        admin_client,
        admin_url(Organisation, "change", membership.network_id),
        to_firm_with_a_new_member,
        Membership,
    )

    assert response.status_code == 200
    assert str(OrganisationForm.KIND_LOCKED) in errors_of(response)
    assert nothing_changed


def test_a_network_without_members_may_become_a_firm_in_the_admin(admin_client):
    network = make_network()
    url = admin_url(Organisation, "change", network.pk)
    data = form_data(admin_client.get(url))
    data["kind"] = "firm"

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    network.refresh_from_db()
    assert network.kind == Organisation.Kind.FIRM


def test_a_cooperation_given_the_other_way_round_is_saved_in_stored_order(admin_client):
    first, second = make_organisation(), make_organisation()
    url = admin_url(Relationship, "add")
    data = form_data(admin_client.get(url))
    data.update(from_organisation=second.pk, to_organisation=first.pk, kind="cooperation", start="2016")

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    relationship = Relationship.objects.get()
    assert (relationship.from_organisation, relationship.to_organisation) == (first, second)


def test_a_directed_relationship_keeps_the_direction_it_was_given(admin_client):
    first, second = make_organisation(), make_organisation()
    url = admin_url(Relationship, "add")
    data = form_data(admin_client.get(url))
    data.update(from_organisation=second.pk, to_organisation=first.pk, kind="commissioned")

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    relationship = Relationship.objects.get()
    assert (relationship.from_organisation, relationship.to_organisation) == (second, first)


@pytest.mark.parametrize("section", [Organisation, Network])
def test_a_slug_taken_by_a_firm_is_refused_for_a_network_too(admin_client, section):
    make_organisation(slug="impro")
    url = admin_url(section, "add")
    data = form_data(admin_client.get(url))
    data.update(name="Impro", slug="impro", kind="network")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Organisation mit diesem Wert für das Feld Kürzel (URL) existiert bereits." in errors_of(response)
    assert Organisation.objects.filter(slug="impro").count() == 1


def test_a_source_slug_is_unique_in_the_admin(admin_client):
    make_source(slug="freie-presse-2019")
    url = admin_url(Source, "add")
    data = form_data(admin_client.get(url))
    data.update(title="Anderer Artikel", slug="freie-presse-2019")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Quelle mit diesem Wert für das Feld Kürzel existiert bereits." in errors_of(response)
    assert Source.objects.count() == 1
