"""The import trail in admin: a network's office reads the records of the imports into its own
network, read only; another office's imports answer 404 as the rest of the admin does, and a
superuser reads them all."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from directory.models import ImportRecord
from tests.admin_helpers import admin_url
from tests.directory.test_editor_permissions import login, make_editor
from tests.directory.test_editor_permissions import world as world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def make_record(*, user, network, filename="mitglieder.csv", name="Feinwerktechnik Geising") -> ImportRecord:
    return ImportRecord.objects.create(
        user=user,
        network=network,
        filename=filename,
        digest="ab" * 32,
        created_count=1,
        rows=[{"row": 2, "name": name, "action": "created", "organisation": None, "changes": ["Mitglied"]}],
    )


@pytest.fixture
def records(world):  # noqa: F811
    # AMZ's list imported by a second AMZ editor: the office's import, not only the person's.
    colleague = make_editor("amz-kollegin", world.amz)
    return {
        "amz": make_record(user=colleague, network=world.amz, filename="amz.csv"),
        "impro": make_record(
            user=world.impro_office, network=world.impro, filename="impro.csv", name="Glaswerk Schleusingen"
        ),
        # Without a chosen network: the editor's own is theirs, another office's is not.
        "own_unassigned": make_record(user=world.amz_office, network=None, filename="eigene.csv"),
        "their_unassigned": make_record(user=world.impro_office, network=None, filename="fremde.csv"),
    }


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {record.filename for record in response.context["cl"].result_list}


def test_an_office_lists_the_imports_into_its_network_and_its_own(client, world, records):
    response = login(client, world.amz_office).get(admin_url(ImportRecord, "changelist"))

    assert shown(response) == {"amz.csv", "eigene.csv"}
    assert "impro.csv" not in response.content.decode()
    # The list filters offer only what the office may see.
    assert "impro-buero" not in response.content.decode()


def test_the_other_office_lists_its_own_imports_only(client, world, records):
    response = login(client, world.impro_office).get(admin_url(ImportRecord, "changelist"))

    assert shown(response) == {"impro.csv", "fremde.csv"}


def test_staff_without_a_network_list_no_imports(client, world, records):
    response = login(client, make_editor("praktikant")).get(admin_url(ImportRecord, "changelist"))

    assert shown(response) == set()


def test_a_superuser_lists_every_import(admin_client, world, records):
    assert shown(admin_client.get(admin_url(ImportRecord, "changelist"))) == {
        "amz.csv",
        "impro.csv",
        "eigene.csv",
        "fremde.csv",
    }


@pytest.mark.parametrize("view", ["change", "history"])
def test_an_import_page_opens_for_its_office_and_is_not_found_for_another(client, world, records, view):
    login(client, world.amz_office)

    for mine in ("amz", "own_unassigned"):
        response = client.get(admin_url(ImportRecord, view, records[mine].pk))
        assert response.status_code == 200
    for theirs in ("impro", "their_unassigned"):
        assert client.get(admin_url(ImportRecord, view, records[theirs].pk)).status_code == 404


def test_the_office_reads_the_rows_of_its_import_without_a_save_button(client, world, records):
    response = login(client, world.amz_office).get(admin_url(ImportRecord, "change", records["amz"].pk))

    html = response.content.decode()
    assert "2: Feinwerktechnik Geising – created Mitglied" in html
    assert "ab" * 32 in html
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in html
    # An import record is no public page: there is no "view on site".
    assert "/admin/r/" not in html


@pytest.mark.parametrize("view", ["change", "history"])
def test_a_superuser_opens_every_office_s_imports(admin_client, world, records, view):
    for record in records.values():
        assert admin_client.get(admin_url(ImportRecord, view, record.pk)).status_code == 200


def test_nobody_adds_an_import_record_by_hand(client, admin_client, world, records):
    assert login(client, world.amz_office).get(admin_url(ImportRecord, "add")).status_code == 403
    assert admin_client.get(admin_url(ImportRecord, "add")).status_code == 403


@pytest.mark.parametrize("mine", [True, False])
def test_an_office_cannot_change_an_import_record_by_posting_to_it(client, world, records, mine):
    record = records["amz" if mine else "impro"]

    response = login(client, world.amz_office).post(
        admin_url(ImportRecord, "change", record.pk), {"filename": "umbenannt.csv", "digest": "0" * 64}
    )

    # Read only: refused before the record is looked up, so 403 for another office's too.
    assert response.status_code == 403
    record.refresh_from_db()
    assert (record.filename, record.digest) == ("amz.csv" if mine else "impro.csv", "ab" * 32)


@pytest.mark.parametrize("mine", [True, False])
def test_an_office_cannot_delete_an_import_record(client, world, records, mine):
    record = records["amz" if mine else "impro"]
    login(client, world.amz_office)

    assert client.post(admin_url(ImportRecord, "delete", record.pk), {"post": "yes"}).status_code == 403
    client.post(
        admin_url(ImportRecord, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert ImportRecord.objects.filter(pk=record.pk).exists()


def test_view_on_site_finds_no_page_for_an_import_record(client, admin_client, world, records):
    content_type = ContentType.objects.get_for_model(ImportRecord)
    login(client, world.amz_office)

    for record in (records["amz"], records["impro"]):
        url = f"/admin/r/{content_type.pk}/{record.pk}/"
        assert client.get(url).status_code == 404
        assert admin_client.get(url).status_code == 404


def test_the_admin_index_offers_the_imports_to_an_office(client, world, records):
    index = login(client, world.amz_office).get(reverse("admin:index")).content.decode()

    assert admin_url(ImportRecord, "changelist") in index


def test_an_office_s_import_list_takes_the_same_queries_for_3_and_for_30_imports(
    client, world, records, django_assert_num_queries
):
    login(client, world.amz_office)
    url = admin_url(ImportRecord, "changelist")
    for n in range(28):
        make_record(user=world.amz_office, network=world.amz, filename=f"liste-{n}.csv")

    # 1 the session, 2 the user, 3 the user's own permissions, 4 the group's permissions,
    # 5 the networks and 6 the users of the imports in scope (the list filters' choices),
    # 7 the count of the rows shown, 8 the count of all rows in scope (for "n of m"),
    # 9 the page of rows with their users and networks. The scope is a subquery of each.
    with django_assert_num_queries(9):
        response = client.get(url)

    assert len(response.context["cl"].result_list) == 30
