"""The language switch in a real Chromium: it keeps the page and its filters, with and
without the in-place updates of the directory."""

import pytest

from events.models import Event
from tests.factories import make_competence, make_event, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion", name_en="Cable assembly")
    harness = make_competence(name="Kabelbaum", slug="kabelbaum", name_en="Wiring harness")
    first = make_organisation(name="Telegärtner Karl Gärtner GmbH", slug="telegaertner")
    first.competences.add(cables, harness)
    make_organisation(name="Kabelwerk Dresden GmbH", slug="kabelwerk-dresden").competences.add(cables)
    make_event(title="Zulieferkonferenz", slug="zulieferkonferenz", start="24.09.2019", kind=Event.Kind.CONFERENCE)


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_switch_keeps_the_page_and_its_filters_both_ways(live_server, page, directory):
    errors = watch_console(page)
    page.goto(live_server.url + "/firmen/?q=Kabel&kompetenz=kabelbaum")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Firmen"

    page.locator(".language-switch a", has_text="English").click()
    page.wait_for_url("**/en/firmen/?q=Kabel&kompetenz=kabelbaum")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Firms"
    assert page.locator("#suche-verzeichnis").input_value() == "Kabel"
    assert page.get_by_role("checkbox", name="Wiring harness").is_checked()
    assert page.locator(".result__name a").all_inner_texts() == ["Telegärtner Karl Gärtner GmbH"]

    page.locator(".language-switch a", has_text="Deutsch").click()
    page.wait_for_url("**/firmen/?q=Kabel&kompetenz=kabelbaum")
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("checkbox", name="Kabelbaum").is_checked()
    assert errors == []


def test_the_switch_follows_filters_changed_in_place(live_server, page, directory):
    errors = watch_console(page)
    page.goto(live_server.url + "/en/firmen/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("checkbox", name="Wiring harness").check()
    page.wait_for_url("**/en/firmen/?kompetenz=kabelbaum*")
    page.wait_for_function("document.querySelectorAll('.result').length === 1")
    # Updated in place (no reload), so only the script can have updated the switch's link.
    assert page.evaluate("window.__sameDocument") is True

    page.locator(".language-switch a", has_text="Deutsch").click()
    page.wait_for_url("**/firmen/?kompetenz=kabelbaum*")
    assert "/en/" not in page.url
    assert page.get_by_role("checkbox", name="Kabelbaum").is_checked()
    assert errors == []


def test_an_event_reads_in_english_with_an_english_date(live_server, page, directory):
    page.goto(live_server.url + "/veranstaltungen/zulieferkonferenz/")
    assert "24. September 2019" in page.locator(".page-head").inner_text()

    page.locator(".language-switch a", has_text="English").click()
    page.wait_for_url("**/en/veranstaltungen/zulieferkonferenz/")
    head = page.locator(".page-head").inner_text()
    assert "24 September 2019" in head
    assert "conference" in head.lower()
    assert page.locator("nav.site-nav").inner_text().split() == [
        "Firms",
        "Organisations",
        "Networks",
        "Cooperations",
        "Events",
        "Sources",
    ]
