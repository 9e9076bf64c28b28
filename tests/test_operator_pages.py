"""The privacy notice and the imprint: templates from the migration, edited in the admin."""

import importlib

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.urls import reverse

from directory.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages():
    ensure_site_pages()


def ensure_site_pages() -> None:
    """The rows the data migration made. A transactional test run earlier flushes every table,
    so they are made again here by the migration's own function when they are gone."""
    if SitePage.objects.count() < len(SitePage.Key):
        [create_pages] = [
            operation.code
            for (app, _name), migration in MigrationLoader(None).disk_migrations.items()
            if app == "directory"
            for operation in migration.operations
            if isinstance(operation, RunPython) and operation.code.__name__ == "create_pages"
        ]
        create_pages(apps, None)
        # And the section on public sources that migration 0012 adds to the untouched notice.
        public_record = importlib.import_module("directory.migrations.0015_public_record")
        public_record.replace_privacy(public_record.PRIVACY_0011, public_record.PRIVACY)(apps, None)


def test_both_pages_exist_as_templates_after_migrating(client):
    privacy = client.get("/datenschutz/")
    imprint = client.get("/impressum/")

    assert privacy.status_code == 200
    assert "<h1>Datenschutzerklärung</h1>" in privacy.text
    assert "Art. 15 DSGVO" in privacy.text
    assert imprint.status_code == 200
    assert "§ 5 DDG" in imprint.text
    for response in (privacy, imprint):
        assert "Vorlage:" in response.text
        assert "[E-Mail-Adresse]" in response.text


def test_every_page_links_both_from_the_footer(client):
    page = client.get(reverse("directory:home")).text

    assert '<a href="/impressum/">Impressum</a>' in page
    assert '<a href="/datenschutz/">Datenschutz</a>' in page


def test_an_edited_page_shows_the_text_without_the_template_notice(client):
    page = SitePage.objects.get(key=SitePage.Key.IMPRINT)
    page.body = "## Angaben gemäß § 5 DDG\nNetzwerkbüro Muster e. V.\nMusterstraße 1\n\nE-Mail: info@example.org"
    page.is_template = False
    page.save()

    response = client.get("/impressum/")

    assert "Vorlage:" not in response.text
    assert "<h2>Angaben gemäß § 5 DDG</h2>" in response.text
    assert "<p>Netzwerkbüro Muster e. V.<br>Musterstraße 1</p>" in response.text
    assert '<a href="mailto:info@example.org">info@example.org</a>' in response.text


def test_markup_typed_into_a_page_is_shown_as_text(client):
    page = SitePage.objects.get(key=SitePage.Key.PRIVACY)
    page.body = '<script>alert("x")</script>\n\n## <b>Fett</b>'
    page.save()

    response = client.get("/datenschutz/")

    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text
    assert "<h2>&lt;b&gt;Fett&lt;/b&gt;</h2>" in response.text


def test_a_deleted_page_is_a_404(client):
    SitePage.objects.filter(key=SitePage.Key.PRIVACY).delete()

    assert client.get("/datenschutz/").status_code == 404


def test_staff_edit_the_pages_in_the_admin_but_cannot_delete_them(admin_client):
    page = SitePage.objects.get(key=SitePage.Key.PRIVACY)
    change_url = reverse("admin:directory_sitepage_change", args=[page.pk])

    response = admin_client.post(
        change_url, {"title": "Datenschutzerklärung", "body": "## Verantwortlicher\nNetzwerkbüro", "is_template": ""}
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "## Verantwortlicher\nNetzwerkbüro"
    assert page.is_template is False
    assert page.key == SitePage.Key.PRIVACY
    assert admin_client.get(reverse("admin:directory_sitepage_delete", args=[page.pk])).status_code == 403


def test_a_second_page_for_the_same_address_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        reverse("admin:directory_sitepage_add"),
        {"key": "impressum", "title": "Noch ein Impressum", "body": "Text", "is_template": "on"},
    )

    assert response.status_code == 200
    assert "existiert bereits" in response.text
    assert SitePage.objects.filter(key="impressum").count() == 1


def test_an_empty_text_is_refused_with_a_message(admin_client):
    page = SitePage.objects.get(key=SitePage.Key.IMPRINT)

    response = admin_client.post(
        reverse("admin:directory_sitepage_change", args=[page.pk]), {"title": "", "body": "", "is_template": "on"}
    )

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.text
    page.refresh_from_db()
    assert page.title == "Impressum"


def test_visitors_cannot_edit_the_pages(client):
    page = SitePage.objects.get(key=SitePage.Key.IMPRINT)

    response = client.post(
        reverse("admin:directory_sitepage_change", args=[page.pk]), {"title": "Gehackt", "body": "x"}
    )

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    page.refresh_from_db()
    assert page.title == "Impressum"


def test_the_pages_answer_only_get(client):
    assert client.post("/impressum/").status_code == 405


def test_a_page_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        # 1 the page by its key
        client.get("/impressum/")


def test_the_privacy_notice_says_firms_and_people_from_public_sources_are_recorded_and_how_to_object(client):
    text = " ".join(client.get("/datenschutz/").text.split())

    assert "Firmen und Personen aus öffentlichen Quellen" in text
    # Where from: the sources, each with its address and dates, on the page "Quellen".
    assert "auf der Seite „Quellen“" in text
    # How to object or correct: the correction form of each profile, read by the network's editors.
    assert "„Eintrag korrigieren“" in text and "Redaktion des Netzwerks" in text


def test_the_privacy_section_reaches_only_an_untouched_notice():
    migration = importlib.import_module("directory.migrations.0015_public_record")
    page = SitePage.objects.get(key=SitePage.Key.PRIVACY)
    page.body = "Unser eigener Text."
    page.save()

    migration.replace_privacy(migration.PRIVACY_0011, migration.PRIVACY)(apps, None)

    page.refresh_from_db()
    assert page.body == "Unser eigener Text."
