"""The public pages in a real Chromium: links lead where they say, nothing errs or overflows."""

import pytest

from events.models import Participation
from tests.factories import (
    cite,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_source,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site():
    article = make_source(title="Feinmechaniker präsentieren sich in Dresden")
    network = make_network(
        name="Interessenverband Metall- und Präzisionstechnik Osterzgebirge",
        short_name="Impro",
        slug="impro",
        description="Zusammenschluss der Feinmechaniker aus dem Osterzgebirge.",
        website="https://example.org/ein-sehr-langer-pfad/der-auf-schmalen-bildschirmen-umbrechen-muss",
    )
    cite(network, article)
    firm = make_organisation(name="Feinwerktechnik Geising GmbH", slug="feinwerktechnik-geising")
    cite(make_membership(organisation=firm, network=network, start="2008"), article)
    chair = make_person(name="Christoph Herbrig")
    cite(make_position(person=chair, organisation=network, role="Vorsitzender"), article)
    event = make_event(
        title="Zulieferkonferenz in Dresden", slug="zulieferkonferenz-dresden", start="März 2017", city="Dresden"
    )
    cite(event, article)
    make_participation(
        event=event,
        organisation=network,
        person=chair,
        role=Participation.Role.SPEAKER,
        talk_title="Der Verband Impro stellt sich vor",
    )
    return {"network": network, "event": event}


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 360px"


def test_a_visitor_goes_from_home_to_a_network_to_an_event_on_a_phone(live_server, page, site):
    errors = watch_console(page)
    page.set_viewport_size(NARROWEST_PHONE)

    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert "Industrienetzwerke" in page.locator("h1").inner_text()
    # One search on the home page: its own, not the header's as well.
    assert page.get_by_role("search").count() == 1
    assert page.get_by_role("search").is_visible()
    assert_fits(page)

    page.get_by_role("link", name="Interessenverband Metall- und Präzisionstechnik Osterzgebirge").click()
    page.wait_for_url("**/netzwerke/impro/")
    assert page.locator("h1").inner_text().startswith("Interessenverband Metall- und Präzisionstechnik")
    assert page.get_by_role("heading", name="Mitglieder").is_visible()
    assert_fits(page)

    page.get_by_role("link", name="Zulieferkonferenz in Dresden").click()
    page.wait_for_url("**/veranstaltungen/zulieferkonferenz-dresden/")
    assert page.locator("h1").inner_text() == "Zulieferkonferenz in Dresden"
    assert page.get_by_role("heading", name="Programm").is_visible()
    assert "März 2017" in page.locator(".page-head").inner_text()
    assert_fits(page)

    assert errors == []


def test_the_skip_link_and_the_header_search_work(live_server, page, site):
    errors = watch_console(page)
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"

    page.goto(live_server.url + "/netzwerke/")  # the home page has its own search instead
    page.locator("#suche-kopf").fill("impro")
    page.locator("#suche-kopf").press("Enter")
    page.wait_for_url("**/organisationen/?q=impro")
    assert page.get_by_role(
        "link", name="Interessenverband Metall- und Präzisionstechnik Osterzgebirge (Impro)"
    ).is_visible()
    assert errors == []


@pytest.mark.parametrize("lang_prefix", ["", "/en"])
@pytest.mark.parametrize("width", [320, 375])
def test_a_long_german_compound_wraps_and_the_page_never_scrolls_sideways(live_server, browser, db, lang_prefix, width):
    # Regression: "Automobilzuliefernetzwerk" overflowed at 375 px and the page scrolled sideways.
    network = make_network(name="Automobilzuliefernetzwerk", slug="amz")
    firm = make_organisation(name="Kunststoffspritzgießwerkzeugbau Oberlausitz GmbH", slug="werkzeugbau")
    make_membership(organisation=firm, network=network, start="2019")
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    try:
        for path in ("/netzwerke/amz/", "/netzwerke/", "/organisationen/werkzeugbau/", "/firmen/"):
            page.goto(live_server.url + lang_prefix + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{lang_prefix}{path} scrolls sideways by {overflow} px at {width} px"
        page.goto(live_server.url + lang_prefix + "/netzwerke/amz/")
        heading = page.locator("h1")
        assert heading.evaluate("h => getComputedStyle(h).hyphens") == "auto"
        # German names keep their language on English pages, so they hyphenate by German rules.
        assert heading.evaluate("h => h.closest('[lang]').lang") == "de"
    finally:
        context.close()
