"""Making a network's editor takes one screen: the user's admin page carries the networks they
look after, and saving it sets the editor group; the admin start page tells an editor which
networks they look after."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from directory.models import NetworkEditor
from directory.permissions import EDITOR_GROUP, ensure_editor_group
from tests.factories import make_network

pytestmark = pytest.mark.django_db


def user_form(user, **changes) -> dict:
    """The user change form as the admin posts it, with the networks inline."""
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "network_editor_roles-TOTAL_FORMS": "0",
        "network_editor_roles-INITIAL_FORMS": "0",
        "network_editor_roles-MIN_NUM_FORMS": "0",
        "network_editor_roles-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_one_save_of_the_user_page_makes_an_editor_of_a_network(admin_client):
    ensure_editor_group()
    network = make_network(name="Automobilzulieferer", slug="amz")
    user = User.objects.create_user("buero")

    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert "Betreute Netzwerke" in page.content.decode()
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_form(user, **{"network_editor_roles-TOTAL_FORMS": "1", "network_editor_roles-0-network": str(network.pk)}),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR_GROUP]
    assert list(NetworkEditor.objects.filter(user=user).values_list("network__slug", flat=True)) == ["amz"]


def test_removing_the_last_network_takes_the_user_out_of_the_editor_group(admin_client):
    group = ensure_editor_group()
    network = make_network(name="Automobilzulieferer", slug="amz")
    user = User.objects.create_user("buero", is_staff=True)
    user.groups.add(group)
    role = NetworkEditor.objects.create(user=user, network=network)

    admin_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_form(
            user,
            is_staff="on",
            **{
                "network_editor_roles-TOTAL_FORMS": "1",
                "network_editor_roles-INITIAL_FORMS": "1",
                "network_editor_roles-0-id": str(role.pk),
                "network_editor_roles-0-user": str(user.pk),
                "network_editor_roles-0-network": str(network.pk),
                "network_editor_roles-0-DELETE": "on",
            },
        ),
    )

    assert not NetworkEditor.objects.filter(user=user).exists()
    assert not user.groups.filter(name=EDITOR_GROUP).exists()


def test_the_group_and_the_network_rows_no_longer_share_one_name():
    assert str(NetworkEditor._meta.verbose_name_plural) != EDITOR_GROUP


def test_the_admin_start_page_tells_an_editor_which_networks_they_look_after(client):
    amz = make_network(name="Automobilzulieferer", slug="amz")
    make_network(name="Impro", slug="impro")
    user = User.objects.create_user("buero", password="x", is_staff=True)
    user.groups.add(ensure_editor_group())
    NetworkEditor.objects.create(user=user, network=amz)
    client.force_login(user)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Sie betreuen dieses Netzwerk" in page
    assert reverse("admin:directory_organisation_change", args=[amz.pk]) in page
    assert "Impro" not in page.split('id="meine-netzwerke"')[1].split("</div>")[0]


def test_a_superusers_start_page_names_no_networks_of_their_own(admin_client):
    make_network(name="Automobilzulieferer", slug="amz")

    page = admin_client.get(reverse("admin:index")).content.decode()

    assert 'id="meine-netzwerke"' not in page


def test_an_editor_cannot_open_the_user_pages(client):
    user = User.objects.create_user("buero", password="x", is_staff=True)
    user.groups.add(ensure_editor_group())
    client.force_login(user)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert Group.objects.filter(name=EDITOR_GROUP).exists()
