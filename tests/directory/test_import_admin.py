"""The editors' tools in admin: importing a member list (upload, preview, confirm), the
duplicates page and merging; each for the allowed and the refused."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.admin.tools import IMPORT_MAX_BYTES, SESSION_KEY
from directory.models import Membership, Organisation, OrganisationRedirect
from tests.factories import make_membership, make_network, make_organisation

pytestmark = pytest.mark.django_db

IMPORT = "admin:directory_organisation_import"
DUPLICATES = "admin:directory_organisation_duplicates"
MERGE = "admin:directory_organisation_merge"
GOOD = "name;website;networks;member_since\nMüller GmbH;mueller.example;amz;2016\nSchulze AG;;;\n".encode()


def upload(content: bytes = GOOD, name: str = "liste.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def staff(*codenames: str) -> User:
    user = User.objects.create_user("redakteurin", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="directory", codename__in=codenames))
    return user


@pytest.fixture
def network():
    return make_network(name="Automobilzulieferer", short_name="AMZ", slug="amz")


def test_the_changelist_links_to_import_and_duplicates(admin_client):
    page = admin_client.get(reverse("admin:directory_organisation_changelist")).content.decode()

    assert reverse(IMPORT) in page
    assert reverse(DUPLICATES) in page


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("admin:directory_organisation_import", "put"),
        ("admin:directory_organisation_duplicates", "post"),
        ("admin:directory_organisation_merge", "delete"),
    ],
)
def test_the_tools_answer_only_the_methods_they_use(admin_client, name, method):
    assert getattr(admin_client, method)(reverse(name)).status_code == 405


def test_upload_previews_then_confirm_imports(admin_client, network):
    form = admin_client.get(reverse(IMPORT))
    assert form.status_code == 200

    preview = admin_client.post(reverse(IMPORT), {"file": upload()})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Probelauf: 2 neu, 0 geändert, 0 unverändert" in page
    assert "Müller GmbH" in page
    assert not Organisation.objects.filter(name="Müller GmbH").exists()
    digest = preview.context["digest"]
    assert admin_client.session[SESSION_KEY]["digest"] == digest

    done = admin_client.post(reverse(IMPORT), {"confirm": digest})

    assert done.status_code == 200
    assert "Importiert: 2 neu" in done.content.decode()
    firm = Organisation.objects.get(name="Müller GmbH")
    assert Membership.objects.get(organisation=firm).network == network
    assert SESSION_KEY not in admin_client.session

    # Confirming again (a second click, a stale tab) imports nothing twice.
    again = admin_client.post(reverse(IMPORT), {"confirm": digest}, follow=True)
    assert "erneut hochladen" in again.content.decode()
    assert Organisation.objects.filter(name="Müller GmbH").count() == 1


def test_the_network_chosen_on_upload_applies_to_every_row(admin_client, network):
    other = make_network(slug="glas")
    preview = admin_client.post(reverse(IMPORT), {"file": upload(), "network": other.pk})

    admin_client.post(reverse(IMPORT), {"confirm": preview.context["digest"]})

    assert Membership.objects.filter(network=other).count() == 2


def test_a_preview_with_errors_names_row_and_column_and_offers_no_confirmation(admin_client, network):
    bad = b"name;postcode\nA GmbH;01067\nB GmbH;123\n"

    preview = admin_client.post(reverse(IMPORT), {"file": upload(bad)})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Import abgebrochen" in page
    assert "<td>3</td><td>postcode</td>" in page
    assert 'name="confirm"' not in page
    assert SESSION_KEY not in admin_client.session
    assert not Organisation.objects.filter(name="A GmbH").exists()


def test_a_wrong_digest_does_not_import(admin_client, network):
    admin_client.post(reverse(IMPORT), {"file": upload()})

    response = admin_client.post(reverse(IMPORT), {"confirm": "0" * 64}, follow=True)

    assert "erneut hochladen" in response.content.decode()
    assert not Organisation.objects.filter(name="Müller GmbH").exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("liste.pdf", b"%PDF"), "Nur .csv- und .xlsx-Dateien"),
        (SimpleUploadedFile("liste.csv", b"name\n" + b"x" * IMPORT_MAX_BYTES), "größer als 5 MB"),
        (SimpleUploadedFile("liste.csv", b""), "leer"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(admin_client, file, message):
    response = admin_client.post(reverse(IMPORT), {"file": file})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SESSION_KEY not in admin_client.session


def test_anonymous_users_are_sent_to_the_login(client):
    for name in (IMPORT, DUPLICATES, MERGE):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_non_staff_users_are_sent_to_the_login(client):
    user = User.objects.create_user("mitglied", password="x")
    client.force_login(user)

    assert client.get(reverse(IMPORT)).status_code == 302
    assert client.post(reverse(IMPORT), {"file": upload()}).status_code == 302
    assert not Organisation.objects.exists()


def test_staff_without_the_add_permission_may_not_import(client, network):
    client.force_login(staff("view_organisation", "change_organisation"))

    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.post(reverse(IMPORT), {"file": upload()}).status_code == 403
    assert not Organisation.objects.filter(name="Müller GmbH").exists()


def test_staff_with_the_add_permission_but_no_network_may_not_import(client, network):
    client.force_login(staff("add_organisation", "view_organisation"))

    preview = client.post(reverse(IMPORT), {"file": upload()})

    assert preview.status_code == 403
    assert not Organisation.objects.filter(name="Müller GmbH").exists()


# Editors import their own network's list -----------------------------------------------


def editor_of(network, username: str = "amz-buero") -> User:
    from directory.models import NetworkEditor
    from directory.permissions import ensure_editor_group

    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(ensure_editor_group())
    NetworkEditor.objects.create(user=user, network=network)
    return user


def test_an_editor_imports_their_networks_list_and_the_import_is_recorded(client, network):
    from directory.models import ImportRecord

    editor = editor_of(network)
    client.force_login(editor)
    content = "Firma;PLZ;Ort;Mitglied seit\nMüller GmbH;01067;Dresden;2016\nSchulze AG;;;\n".encode()

    form = client.get(reverse(IMPORT))
    assert form.status_code == 200
    assert form.context["form"].fields["network"].initial == network.pk  # their only network
    preview = client.post(reverse(IMPORT), {"file": upload(content), "network": network.pk})
    assert preview.status_code == 200, preview.content
    assert "Probelauf: 2 neu" in preview.content.decode()
    assert "Mitglied in Automobilzulieferer seit 2016" in preview.content.decode()
    done = client.post(reverse(IMPORT), {"confirm": preview.context["digest"]})

    assert done.status_code == 200
    assert set(Membership.objects.filter(network=network).values_list("organisation__name", flat=True)) == {
        "Müller GmbH",
        "Schulze AG",
    }
    record = ImportRecord.objects.get()
    assert record.user == editor and record.network == network
    assert record.digest == preview.context["digest"] and len(record.digest) == 64
    assert (record.created_count, record.updated_count) == (2, 0)
    assert [(row["row"], row["action"]) for row in record.rows] == [(2, "created"), (3, "created")]
    assert record.rows[0]["organisation"] == Organisation.objects.get(name="Müller GmbH").pk


def test_an_editors_row_naming_another_network_is_an_error_naming_the_row(client, network):
    make_network(name="Impro", slug="impro")
    client.force_login(editor_of(network))
    content = b"name;networks\nNeu GmbH;AMZ\nFremd GmbH;Impro\n"

    preview = client.post(reverse(IMPORT), {"file": upload(content)})

    report = preview.context["report"]
    assert [(problem.row, problem.column) for problem in report.errors] == [(3, "networks")]
    assert "Impro" in report.errors[0].message
    assert not Organisation.objects.filter(name__in=["Neu GmbH", "Fremd GmbH"]).exists()


def test_an_editor_may_not_change_a_firm_outside_their_scope_but_may_enrol_it_in_their_network(client, network):
    impro = make_network(name="Impro", slug="impro")
    other = make_organisation(name="Fremd GmbH", city="Jena")
    make_membership(organisation=other, network=impro, start="2010")
    client.force_login(editor_of(network))

    changing = client.post(reverse(IMPORT), {"file": upload(b"name;city\nFremd GmbH;Dresden\n"), "network": network.pk})
    enrolling = client.post(reverse(IMPORT), {"file": upload(b"name\nFremd GmbH\n"), "network": network.pk})
    client.post(reverse(IMPORT), {"confirm": enrolling.context["digest"]})

    assert [(p.row, p.column) for p in changing.context["report"].errors] == [(2, "name")]
    other.refresh_from_db()
    assert other.city == "Jena"
    assert Membership.objects.filter(organisation=other, network=network).exists()


def test_an_editor_updates_a_member_of_their_own_network(client, network):
    member = make_organisation(name="Mitglied GmbH", city="Jena")
    make_membership(organisation=member, network=network, start="2010")
    client.force_login(editor_of(network))

    preview = client.post(reverse(IMPORT), {"file": upload(b"Firma;Ort\nMitglied GmbH;Dresden\n")})
    client.post(reverse(IMPORT), {"confirm": preview.context["digest"]})

    assert preview.context["report"].ok
    member.refresh_from_db()
    assert member.city == "Dresden"


def test_an_editor_cannot_import_for_a_network_they_do_not_keep_by_forging_the_form(client, network):
    impro = make_network(name="Impro", slug="impro")
    client.force_login(editor_of(network))

    preview = client.post(reverse(IMPORT), {"file": upload(b"name\nNeu GmbH\n"), "network": impro.pk})

    assert preview.status_code == 200
    assert "network" in preview.context["form"].errors
    assert not Organisation.objects.filter(name="Neu GmbH").exists()


def test_the_changelist_offers_the_import_to_an_editor_but_not_the_duplicates(client, network):
    client.force_login(editor_of(network))

    page = client.get(reverse("admin:directory_organisation_changelist")).content.decode()

    assert reverse(IMPORT) in page
    assert reverse(DUPLICATES) not in page


# Duplicates and merging -----------------------------------------------------------------


def test_the_duplicates_page_lists_similar_names_same_websites_and_postcodes(admin_client):
    a = make_organisation(name="Müller Präzisionstechnik GmbH")
    b = make_organisation(name="Mueller Praezisionstechnik")
    c = make_organisation(name="Alpha GmbH", website="https://www.alpha.example")
    d = make_organisation(name="Beta AG", website="http://alpha.example/kontakt")
    make_organisation(name="Gamma Werkzeugbau", postcode="01067")
    make_organisation(name="Gamma Werkzeugbau Dresden", postcode="01067")
    make_organisation(name="Ganz Anders KG")

    response = admin_client.get(reverse(DUPLICATES))

    assert response.status_code == 200
    pairs = {frozenset((pair.first.pk, pair.second.pk)): pair for pair in response.context["candidates"]}
    assert frozenset((a.pk, b.pk)) in pairs
    assert pairs[frozenset((c.pk, d.pk))].reasons == ["website"]
    assert any("postcode" in pair.reasons for pair in pairs.values())
    assert len(pairs) == 3
    assert f"?keep={min(a.pk, b.pk)}&amp;remove={max(a.pk, b.pk)}" in response.content.decode()


def test_merge_previews_then_merges_and_redirects(admin_client):
    keep = make_organisation(name="Müller GmbH", slug="mueller")
    remove = make_organisation(name="Mueller", slug="mueller-alt")
    make_membership(organisation=remove)

    preview = admin_client.get(reverse(MERGE), {"keep": keep.pk, "remove": remove.pk})
    assert preview.status_code == 200
    assert "Mueller" in preview.content.decode()
    assert Organisation.objects.filter(pk=remove.pk).exists()

    response = admin_client.post(reverse(MERGE), {"keep": keep.pk, "remove": remove.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:directory_organisation_change", args=[keep.pk])
    assert not Organisation.objects.filter(pk=remove.pk).exists()
    assert Membership.objects.get().organisation == keep
    assert OrganisationRedirect.objects.get().old_slug == "mueller-alt"


def test_the_merge_action_takes_exactly_two(admin_client):
    a, b, c = make_organisation(), make_organisation(), make_organisation()
    url = reverse("admin:directory_organisation_changelist")

    two = admin_client.post(url, {"action": "merge_selected", "_selected_action": [a.pk, b.pk]})
    three = admin_client.post(url, {"action": "merge_selected", "_selected_action": [a.pk, b.pk, c.pk]}, follow=True)

    assert two.status_code == 302
    assert two["Location"].startswith(reverse(MERGE))
    assert "genau zwei" in three.content.decode()


def test_bad_merge_parameters_never_fail_with_a_500(admin_client):
    firm = make_organisation()
    network = make_network()
    make_membership(network=network)

    assert admin_client.get(reverse(MERGE), {"keep": "x"}).status_code == 302
    assert admin_client.get(reverse(MERGE), {"keep": firm.pk, "remove": 999999}).status_code == 404
    refused = admin_client.post(reverse(MERGE), {"keep": firm.pk, "remove": network.pk})
    assert refused.status_code == 200
    same = admin_client.post(reverse(MERGE), {"keep": firm.pk, "remove": firm.pk})
    assert same.status_code == 200
    assert Organisation.objects.filter(pk=network.pk).exists()


def test_staff_without_change_and_delete_permissions_may_not_merge(client):
    a, b = make_organisation(), make_organisation()
    client.force_login(staff("view_organisation", "change_organisation"))

    assert client.get(reverse(DUPLICATES)).status_code == 403
    assert client.get(reverse(MERGE), {"keep": a.pk, "remove": b.pk}).status_code == 403
    assert client.post(reverse(MERGE), {"keep": a.pk, "remove": b.pk}).status_code == 403
    assert Organisation.objects.filter(pk=b.pk).exists()


def test_staff_without_superuser_rights_may_not_merge_even_with_change_and_delete_permissions(client):
    # Merging moves links that may be other networks' records: superusers only.
    a, b = make_organisation(), make_organisation()
    client.force_login(staff("view_organisation", "change_organisation", "delete_organisation"))

    assert client.get(reverse(DUPLICATES)).status_code == 403
    assert client.post(reverse(MERGE), {"keep": a.pk, "remove": b.pk}).status_code == 403
    assert Organisation.objects.filter(pk=b.pk).exists()


def test_the_duplicates_page_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    for n in range(4):
        make_organisation(name=f"Zwilling Werkzeugbau {n} GmbH", website=f"https://zwilling{n % 2}.example")
    url = reverse(DUPLICATES)
    admin_client.get(url)

    # The session, the user; a savepoint around SET LOCAL and the pairs; the pairs' organisations.
    with django_assert_num_queries(7):
        response = admin_client.get(url)

    assert len(response.context["candidates"]) >= 3


def test_the_merge_preview_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    keep, remove = make_organisation(), make_organisation()
    for _ in range(3):
        make_membership(organisation=remove)
        make_membership(organisation=keep)

    # The session, the user, then each organisation with its counts.
    with django_assert_num_queries(4):
        response = admin_client.get(reverse(MERGE), {"keep": keep.pk, "remove": remove.pk})

    assert response.context["remove"].membership_count == 3


def test_a_duplicates_search_that_takes_too_long_is_cut_off_with_a_message(admin_client, monkeypatch):
    from directory import duplicates

    monkeypatch.setattr(duplicates, "TIMEOUT", "10ms")
    monkeypatch.setattr(duplicates, "_SQL", "SELECT 1, 2, 1.0, ARRAY['name'] FROM pg_sleep(1) LIMIT %(limit)s")

    response = admin_client.get(reverse(DUPLICATES))

    assert response.status_code == 200
    assert response.context["candidates"] == []
    assert "zu lange gedauert" in response.content.decode()


def test_the_changelist_offers_the_tools_only_to_those_allowed(client):
    client.force_login(staff("view_organisation"))

    page = client.get(reverse("admin:directory_organisation_changelist")).content.decode()

    assert reverse(IMPORT) not in page
    assert reverse(DUPLICATES) not in page
