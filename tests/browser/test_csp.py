"""The Content-Security-Policy in a real Chromium: the admin and the directory's script work
under it, and the browser reports no blocked script, style or image."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.factories import make_membership, make_network, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


def test_the_admin_works_under_the_policy(live_server, page):
    User.objects.create_superuser("redaktion", password="Kabelbaum-Zwickau-2025")
    network = make_network(name="Automobilzuliefernetzwerk")
    make_membership(organisation=make_organisation(name="Wiegand-Glas"), network=network, start="2016")
    errors = watch_console(page)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", "Kabelbaum-Zwickau-2025")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/directory/network/{network.pk}/change/")
    # The admin's own scripts ran: the inlines got their "add another" links.
    page.wait_for_selector(".add-row a")

    # The admin has no favicon, so the browser's /favicon.ico 404 is the one error allowed.
    assert [message for message in errors if "404" not in message] == []


def test_the_directory_search_updates_in_place_under_the_policy(live_server, page):
    make_organisation(name="Feinwerktechnik Geising GmbH")
    make_organisation(name="Wiegand-Glas")
    errors = watch_console(page)

    page.goto(f"{live_server.url}/firmen/")
    page.fill("#suche-verzeichnis", "Wiegand")
    page.press("#suche-verzeichnis", "Enter")
    expect(page.locator("main")).not_to_contain_text("Feinwerktechnik Geising")

    assert "Wiegand-Glas" in page.inner_text("main")
    assert not errors
