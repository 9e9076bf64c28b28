"""The main journeys in a real Chromium, by mouse and by keyboard:
search → filter → profile → export, and network → member → event → calendar.

Parametrised by `lang_prefix` so the English site is one more value ("/en") when it exists.
"""

import pytest
from playwright.sync_api import expect

from events.models import Participation
from tests.browser.checks import Watcher, axe_violations
from tests.factories import (
    make_competence,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANG_PREFIXES = ["", "/en"]
# The interface words the journeys click or read, per language (content stays as entered).
LABELS = {
    "": {"firm": "Unternehmen", "one": "1 Organisation", "ical": "In den Kalender übernehmen (iCal)"},
    "/en": {"firm": "Company", "one": "1 Organisation", "ical": "Add to calendar (iCal)"},
}


@pytest.fixture
def atlas():
    glass = make_competence(name="Glasherstellung", slug="glasherstellung")
    network = make_network(name="KAG Oberzentrum Südthüringen", short_name="KAG", slug="kag")
    wiegand = make_organisation(
        name="Wiegand-Glas", slug="wiegand-glas", city="Schleusingen", description="Behälterglas aus Thüringen."
    )
    wiegand.competences.add(glass)
    make_organisation(name="Glasmuseum Schleusingen", slug="glasmuseum", kind="other", description="Glas im Museum.")
    make_membership(organisation=wiegand, network=network, start="2019")
    event = make_event(title="2. Netzwerktreffen der KAG", slug="netzwerktreffen-kag", start="04.06.2025")
    make_participation(event=event, organisation=wiegand, role=Participation.Role.HOST)
    return network


@pytest.mark.parametrize("lang_prefix", LANG_PREFIXES)
def test_a_buyer_searches_filters_opens_a_profile_and_exports_the_list(live_server, page, atlas, lang_prefix):
    watcher = Watcher(page)
    page.goto(live_server.url + lang_prefix + "/")

    page.locator("#suche-start").fill("Glas")
    page.locator("#suche-start").press("Enter")
    page.wait_for_url("**/organisationen/?q=Glas")
    assert page.locator(".result").count() == 2

    page.locator(".directory__facets").get_by_label(LABELS[lang_prefix]["firm"]).check()
    page.wait_for_url("**art=firm*")
    expect(page.locator(".result")).to_have_count(1)
    assert LABELS[lang_prefix]["one"] in page.locator("#verzeichnis-status").inner_text()
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert "Wiegand-Glas" in open(download.value.path(), encoding="utf-8-sig").read()
    assert "Glasmuseum" not in open(download.value.path(), encoding="utf-8-sig").read()

    page.get_by_role("link", name="Wiegand-Glas").click()
    page.wait_for_url("**/organisationen/wiegand-glas/")
    assert page.locator("h1").inner_text() == "Wiegand-Glas"
    assert watcher.problems == []


@pytest.mark.parametrize("lang_prefix", LANG_PREFIXES)
def test_a_journalist_goes_from_a_network_to_a_member_to_an_event_to_its_calendar(
    live_server, page, atlas, lang_prefix
):
    watcher = Watcher(page)
    page.goto(live_server.url + lang_prefix + "/netzwerke/")

    page.get_by_role("link", name="KAG Oberzentrum Südthüringen").first.click()
    page.wait_for_url("**/netzwerke/kag/")
    page.get_by_role("link", name="Wiegand-Glas").first.click()
    page.wait_for_url("**/organisationen/wiegand-glas/")
    # The first link: the event also appears in the profile's cooperation table.
    page.get_by_role("link", name="2. Netzwerktreffen der KAG").first.click()
    page.wait_for_url("**/veranstaltungen/netzwerktreffen-kag/")

    href = page.get_by_role("link", name=LABELS[lang_prefix]["ical"]).get_attribute("href")
    calendar = page.request.get(live_server.url + href)
    assert calendar.ok
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in calendar.text()
    assert "SUMMARY:2. Netzwerktreffen der KAG" in calendar.text()
    assert watcher.problems == []


def test_the_filters_work_by_keyboard_with_visible_focus_and_announced_results(live_server, page, atlas):
    watcher = Watcher(page)
    page.goto(live_server.url + "/organisationen/")

    # Skip link first, then the header; Tab through to the first facet option.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kompetenz":
            break
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused[0] != "none" and focused[1] != "0px", "the focused option shows its focus"

    page.keyboard.press("Space")
    page.wait_for_url("**kompetenz=glasherstellung*")
    expect(page.locator(".result")).to_have_count(1)
    # The count is announced, and focus stays on the option just chosen.
    assert page.locator("#verzeichnis-status").get_attribute("aria-live") == "polite"
    assert page.locator("#verzeichnis-status").inner_text() == "1 Organisation"
    assert page.evaluate("document.activeElement.value") == "glasherstellung"
    assert watcher.problems == []
