"""From the network list to a network, to a member firm, to an event, in a real Chromium."""

import pytest

from events.models import Participation
from tests.factories import make_event, make_membership, make_network, make_organisation, make_participation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_goes_from_a_network_to_a_member_firm_to_an_event(live_server, page):
    network = make_network(name="Impro", slug="impro", description="Die Feinmechaniker des Osterzgebirges.")
    firm = make_organisation(name="Feinwerktechnik Geising GmbH", slug="feinwerktechnik-geising")
    make_membership(organisation=firm, network=network, start="2008")
    event = make_event(title="Zulieferkonferenz in Dresden", slug="zulieferkonferenz-dresden", start="24.09.2019")
    make_participation(event=event, organisation=firm, role=Participation.Role.EXHIBITOR)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Netzwerke").click()
    page.wait_for_url("**/netzwerke/")
    assert "Die Feinmechaniker des Osterzgebirges." in page.locator("main").inner_text()

    page.get_by_role("link", name="Impro").click()
    page.wait_for_url("**/netzwerke/impro/")
    assert page.locator("h1").inner_text() == "Impro"
    assert "seit 2008" in page.locator("#mitglieder").locator("..").inner_text()

    page.get_by_role("link", name="Feinwerktechnik Geising GmbH").click()
    page.wait_for_url("**/organisationen/feinwerktechnik-geising/")
    assert page.locator("h1").inner_text() == "Feinwerktechnik Geising GmbH"

    page.get_by_role("link", name="Zulieferkonferenz in Dresden").first.click()  # also in the cooperation table
    page.wait_for_url("**/veranstaltungen/zulieferkonferenz-dresden/")
    assert page.locator("h1").inner_text() == "Zulieferkonferenz in Dresden"
    assert page.get_by_role("link", name="In den Kalender übernehmen (iCal)").is_visible()
    assert errors == []
