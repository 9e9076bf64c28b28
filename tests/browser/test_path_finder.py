"""The path finder in a real Chromium: part of a name typed, a suggestion picked with the
keyboard, the path found; and the same form without JavaScript, an ambiguous name included."""

import pytest
from django.core.cache import cache

from directory.models import Relationship
from tests.browser.checks import axe_violations
from tests.factories import make_network, make_organisation, make_relationship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def empty_cache():
    # Paths and suggestions are cached under table versions that another test's rows can reach again.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def atlas():
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner", city="Höckendorf")
    wfs = make_organisation(name="Wirtschaftsförderung Sachsen GmbH", short_name="WFS", slug="wfs")
    make_network(name="Impro e.V.", slug="impro")
    make_relationship(from_organisation=wfs, to_organisation=firm, kind=Relationship.Kind.COMMISSIONED)
    return firm


def test_a_suggestion_picked_with_the_keyboard_finds_the_path(live_server, page, atlas):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/kooperationen/pfad/")
    origin = page.get_by_role("combobox", name="Von")

    origin.press_sequentially("telegä", delay=30)
    listbox = page.get_by_role("listbox", name="Von")
    listbox.get_by_role("option").first.wait_for()

    assert origin.get_attribute("aria-expanded") == "true"
    assert origin.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert page.locator("[data-combobox-status]").text_content() == (
        "Ein Vorschlag; mit den Pfeiltasten wählen, mit der Eingabetaste übernehmen."
    )
    origin.press("ArrowDown")
    option = listbox.get_by_role("option").first
    assert option.get_attribute("aria-selected") == "true"
    assert origin.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert axe_violations(page) == []  # with the list open
    origin.press("Enter")  # takes the suggestion; does not submit

    assert origin.input_value() == "Telegärtner Gerätebau GmbH"
    assert origin.get_attribute("aria-expanded") == "false"
    assert page.url == live_server.url + "/kooperationen/pfad/"

    target = page.get_by_role("combobox", name="Nach")
    target.press_sequentially("wf", delay=30)
    page.get_by_role("listbox", name="Nach").get_by_role("option").first.wait_for()
    target.press("Escape")
    assert target.get_attribute("aria-expanded") == "false"
    target.press("Enter")  # nothing highlighted: submits the form with "wf" as typed

    page.wait_for_url("**/kooperationen/pfad/?*")
    assert page.get_by_role("heading", name="Verbunden in 1 Schritt").is_visible()
    assert page.locator(".path").get_by_role("link", name="Wirtschaftsförderung Sachsen GmbH").is_visible()
    assert errors == []


def test_without_javascript_the_form_finds_the_path_and_offers_candidates(live_server, browser, atlas):
    make_organisation(name="Telegärtner Karl Gärtner GmbH", slug="telegaertner-karl")
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/kooperationen/pfad/")

    # Plain text fields: no combobox without the script that drives it.
    assert page.get_by_role("combobox").count() == 0
    page.get_by_label("Von").fill("Telegärtner")
    page.get_by_label("Nach").fill("WFS")
    page.get_by_role("button", name="Verbindung suchen").click()

    page.get_by_role("heading", name="Welche Organisation meinen Sie mit „Telegärtner“?").wait_for()
    page.get_by_role("link", name="Telegärtner Gerätebau GmbH").click()

    page.get_by_role("heading", name="Verbunden in 1 Schritt").wait_for()
    assert page.get_by_label("Von").input_value() == "telegaertner"
    context.close()
