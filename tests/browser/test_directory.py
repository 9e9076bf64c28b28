"""The firm directory in a real Chromium: search, a facet, back, a profile; with and without JS."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_competence, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion")
    harness = make_competence(name="Kabelbaum", slug="kabelbaum")
    first = make_organisation(
        name="Telegärtner Karl Gärtner GmbH",
        slug="telegaertner",
        description="Konfektionierte Kabel in kleinen Stückzahlen.",
    )
    first.competences.add(cables, harness)
    second = make_organisation(
        name="Kabelwerk Dresden GmbH", slug="kabelwerk-dresden", description="Kabel für den Maschinenbau."
    )
    second.competences.add(cables)
    make_organisation(name="Feinwerktechnik Geising GmbH", description="Getriebe.")


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def result_names(page) -> list[str]:
    return page.locator(".result__name a").all_inner_texts()


def test_with_javascript_the_results_update_in_place(live_server, page, directory):
    errors = watch_console(page)
    page.goto(live_server.url + "/firmen/")
    page.evaluate("window.__sameDocument = true")

    page.locator("#suche-verzeichnis").fill("Kabel")
    page.locator("#suche-verzeichnis").press("Enter")
    page.wait_for_url("**/firmen/?q=Kabel*")
    assert sorted(result_names(page)) == ["Kabelwerk Dresden GmbH", "Telegärtner Karl Gärtner GmbH"]

    page.get_by_role("checkbox", name="Kabelbaum").check()  # not the chip the update adds
    page.wait_for_url("**kompetenz=kabelbaum*")
    # expect() polls without evaluating strings in the page, which the CSP forbids.
    expect(page.locator(".result")).to_have_count(1)
    assert result_names(page) == ["Telegärtner Karl Gärtner GmbH"]
    # Updated in place: the page was never reloaded, and the count was announced.
    assert page.evaluate("window.__sameDocument") is True
    assert "1 Firma" in page.locator("#verzeichnis-status").inner_text()
    assert page.locator(".chip", has_text="Kompetenz: Kabelbaum").is_visible()

    page.go_back()
    expect(page.locator(".result")).to_have_count(2)
    assert "kompetenz" not in page.url
    assert page.evaluate("window.__sameDocument") is True

    page.get_by_role("link", name="Telegärtner Karl Gärtner GmbH").click()
    page.wait_for_url("**/organisationen/telegaertner/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Telegärtner")
    assert errors == []


def test_without_javascript_the_form_and_links_work(live_server, browser, directory):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/firmen/")
        page.locator("#suche-verzeichnis").fill("Kabel")
        page.locator("#suche-verzeichnis").press("Enter")
        page.wait_for_url("**/firmen/?q=Kabel*")
        assert sorted(result_names(page)) == ["Kabelwerk Dresden GmbH", "Telegärtner Karl Gärtner GmbH"]

        page.get_by_role("checkbox", name="Kabelbaum").check()  # not the chip the update adds
        page.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url("**kompetenz=kabelbaum*")
        assert result_names(page) == ["Telegärtner Karl Gärtner GmbH"]

        page.get_by_role("link", name="Filter entfernen: Kompetenz: Kabelbaum").click()
        page.wait_for_load_state()
        assert len(result_names(page)) == 2

        page.go_back()
        page.wait_for_url("**kompetenz=kabelbaum*")
        assert result_names(page) == ["Telegärtner Karl Gärtner GmbH"]

        page.get_by_role("link", name="Telegärtner Karl Gärtner GmbH").click()
        page.wait_for_url("**/organisationen/telegaertner/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Telegärtner")
    finally:
        context.close()
