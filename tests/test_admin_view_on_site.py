"""Admin "view on site" (/admin/r/<content type>/<id>/) answers like the change page: an editor
gets the redirect for records in their scope and 404 for everything else, so it gives away no
slug (no name) of a private person or of another network's records."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from directory.models import Person
from tests.admin_helpers import admin_url
from tests.directory.test_editor_permissions import make_editor, world  # noqa: F401 (fixture)
from tests.factories import make_competence, make_person, make_source

pytestmark = pytest.mark.django_db


def view_on_site_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def every_record(world):  # noqa: F811
    make_competence(name="Kabelkonfektion")
    make_source(title="Wie Firmenchefs erfolgreich zusammenarbeiten")
    make_person(name="Privatperson ohne Funktion", is_public=False)
    records = []
    for model in admin.site._registry:
        records += [(model, obj) for obj in model._default_manager.all()[:20]]
    assert len({model for model, _obj in records}) >= 10, "the world should fill most admin models"
    return records


@pytest.mark.parametrize("office", ["amz_office", "impro_office"])
def test_for_every_admin_model_view_on_site_answers_like_the_change_page(world, every_record, office):  # noqa: F811
    client = signed_in(getattr(world, office))
    checked = 0
    for model, obj in every_record:
        change = client.get(admin_url(model, "change", obj.pk))
        shortcut = client.get(view_on_site_url(obj))
        if change.status_code != 200:
            assert shortcut.status_code == 404, (model, obj)
        elif hasattr(obj, "get_absolute_url"):
            assert shortcut.status_code == 302, (model, obj)
        else:
            assert shortcut.status_code == 404, (model, obj)
        checked += 1
    assert checked >= 20


def test_an_editor_learns_no_slug_of_a_private_person_outside_their_scope(world):  # noqa: F811
    client = signed_in(world.amz_office)

    # Oliver Wiegand works at the Impro member firm: private and out of AMZ's scope.
    response = client.get(view_on_site_url(world.wiegand))

    assert response.status_code == 404
    assert world.wiegand.slug not in response.get("Location", "")
    assert world.wiegand.slug not in response.content.decode()


def test_an_editor_gets_the_redirect_for_their_own_networks_records(world):  # noqa: F811
    client = signed_in(world.amz_office)

    response = client.get(view_on_site_url(world.geising))

    assert response.status_code == 302
    assert response["Location"].endswith(world.geising.get_absolute_url())


def test_other_networks_records_answer_404(world):  # noqa: F811
    client = signed_in(world.amz_office)

    assert client.get(view_on_site_url(world.schleusingen)).status_code == 404
    assert client.get(view_on_site_url(world.impro_event)).status_code == 404


def test_a_superuser_is_redirected_for_any_record(world, admin_user):  # noqa: F811
    client = signed_in(admin_user)

    assert client.get(view_on_site_url(world.schleusingen)).status_code == 302


def test_bad_ids_answer_404_not_500(world, admin_user):  # noqa: F811
    client = signed_in(admin_user)
    person_type = ContentType.objects.get_for_model(Person).pk

    assert client.get(f"/admin/r/{person_type}/not-a-number/").status_code == 404
    assert client.get(f"/admin/r/{person_type}/99999999/").status_code == 404
    assert client.get("/admin/r/999999/1/").status_code == 404


def test_signed_out_visitors_are_sent_to_the_login(world):  # noqa: F811
    response = Client().get(view_on_site_url(world.geising))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
