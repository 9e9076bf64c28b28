"""The map in a real Chromium: it follows the list's filters, links each point to its profile,
works on the state outlines alone, and says so when there is nothing to show."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import Watcher, open_the_map
from tests.factories import make_membership, make_network, make_organisation, make_region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def firms():
    network = make_network(name="Impro", slug="impro")
    dresden = make_organisation(
        name="Kabelwerk Dresden GmbH", slug="kabelwerk-dresden", latitude=51.05, longitude=13.74
    )
    make_organisation(name="Glashütte Suhl GmbH", slug="glashuette-suhl", latitude=50.61, longitude=10.69)
    make_organisation(name="Ohne Ort GmbH", slug="ohne-ort")
    make_membership(organisation=dresden, network=network, start="2010")
    return network


def markers(page):
    return page.locator("[data-map] .map-point")


# Settled: no zoom animation running, and the point where it was a quarter second ago (the fit
# to the points starts a frame or two after they are drawn, so a point can look still, be clicked
# and then move away from under the pointer: once in a full run under load).
POINT_SETTLED = """async (title) => {
    const map = document.querySelector("[data-map]");
    const point = map.querySelector(`.map-point[title="${title}"]`);
    if (!point || map.classList.contains("leaflet-zoom-anim")) return false;
    const before = point.getBoundingClientRect();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = point.getBoundingClientRect();
    return !map.classList.contains("leaflet-zoom-anim") && before.x === after.x && before.y === after.y;
}"""


def open_popup(page, title: str) -> None:
    """Click a firm's point once the map has settled; its popup must open."""
    page.wait_for_function(POINT_SETTLED, arg=title, timeout=10000)
    page.locator(f"[data-map] .map-point[title='{title}']").click()
    expect(page.locator(".leaflet-popup-content", has_text=title)).to_be_visible()


INSIDE_THE_CANVAS = """() => {
    const canvas = document.querySelector("[data-map]").getBoundingClientRect();
    const circle = document.querySelector("[data-map] path.map-radius").getBoundingClientRect();
    const dot = document.querySelector("[data-map] .map-centre").getBoundingClientRect();
    // Settled: the circle inside the canvas, and the centre marker (moved separately from the
    // circle's path while Leaflet animates the zoom) inside the circle.
    return circle.width > 0 && circle.left >= canvas.left && circle.right <= canvas.right
        && circle.top >= canvas.top && circle.bottom <= canvas.bottom
        && circle.left < dot.left && dot.left < circle.right;
}"""


@pytest.fixture
def dresden(firms):
    saxony = make_region(name="Sachsen", slug="sachsen")
    return make_region(name="Dresden", slug="dresden", kind="city", parent=saxony, latitude=51.0504, longitude=13.7373)


def test_a_radius_search_draws_its_centre_and_circle_and_fits_the_view_to_them(live_server, page, dresden):
    watcher = Watcher(page)
    page.goto(live_server.url + "/firmen/?q=Kabelwerk+bei+Dresden")
    open_the_map(page)

    expect(markers(page)).to_have_count(1)
    circle = page.locator("[data-map] path.map-radius")
    expect(circle).to_have_count(1)
    centre = page.locator("[data-map] .map-centre")
    expect(centre).to_have_count(1)
    assert centre.get_attribute("title") == "Suchmittelpunkt: Dresden, 25 km"
    assert centre.inner_text() == "Suchmittelpunkt: Dresden, 25 km"
    assert page.locator("[data-map-status]").inner_text() == (
        "Auf der Karte: 1 von 1 Treffern mit Standort. Suchmittelpunkt: Dresden, 25 km."
    )
    # The view is fitted to the circle (not to the one point): once the zoom has settled, the
    # whole circle shows, the centre inside it.
    page.wait_for_function(INSIDE_THE_CANVAS, timeout=5000)
    box, dot = circle.bounding_box(), centre.bounding_box()
    assert box["width"] > 40
    assert box["x"] < dot["x"] < box["x"] + box["width"]
    assert watcher.problems == []


def test_a_search_without_a_radius_draws_no_centre_or_circle(live_server, page, dresden):
    watcher = Watcher(page)
    page.goto(live_server.url + "/firmen/?q=Kabelwerk")
    open_the_map(page)

    expect(markers(page)).to_have_count(1)
    assert page.locator("[data-map] .map-radius").count() == 0
    assert page.locator("[data-map] .map-centre").count() == 0
    assert watcher.problems == []


def test_the_circle_goes_when_the_radius_is_removed_in_place(live_server, page, dresden):
    watcher = Watcher(page)
    page.goto(live_server.url + "/en/firmen/?q=Kabelwerk+bei+Dresden")
    open_the_map(page)
    expect(page.locator("[data-map] .map-centre")).to_have_text("Search centre: Dresden, 25 km")

    # The chip of the recognised place links to the search without it; the list and the map
    # update in place.
    page.locator(".chips a", has_text="Place recognised").click()
    page.wait_for_url(re.compile(r"q=Kabelwerk$"))
    expect(page.locator("[data-map] .map-radius")).to_have_count(0)
    expect(page.locator("[data-map] .map-centre")).to_have_count(0)
    expect(markers(page)).to_have_count(1)
    assert watcher.problems == []


def test_the_map_shows_the_lists_firms_and_links_their_profiles(live_server, page, firms):
    watcher = Watcher(page)
    # A short window, so the map starts below the fold: with empty facets hidden, three firms no
    # longer fill a tall one.
    page.set_viewport_size({"width": 1280, "height": 360})
    page.goto(live_server.url + "/firmen/")
    # The list comes before the map, for keyboard and screen reader users.
    assert page.evaluate(
        "document.querySelector('.results').compareDocumentPosition(document.querySelector('[data-map]'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    # Leaflet is not loaded before the map comes into view.
    assert page.evaluate("typeof window.L") == "undefined"
    page.set_viewport_size({"width": 1280, "height": 720})
    open_the_map(page)
    expect(page.locator("[data-map] .map-point")).to_have_count(2)
    assert page.locator("[data-map-status]").inner_text() == "Auf der Karte: 2 von 2 Treffern mit Standort."

    open_popup(page, "Kabelwerk Dresden GmbH")
    page.locator(".leaflet-popup-content a", has_text="Kabelwerk Dresden GmbH").click()
    page.wait_for_url("**/organisationen/kabelwerk-dresden/")
    assert watcher.problems == []


def test_the_map_follows_a_filter_that_updates_in_place(live_server, page, firms):
    watcher = Watcher(page)
    page.goto(live_server.url + "/firmen/")
    open_the_map(page)
    expect(page.locator("[data-map] .map-point")).to_have_count(2)

    page.get_by_role("radio", name="Impro").check()  # not the chip the update adds
    page.wait_for_url("**netzwerk=impro*")
    expect(page.locator("[data-map] .map-point")).to_have_count(1)
    assert markers(page).get_attribute("title") == "Kabelwerk Dresden GmbH"
    assert watcher.problems == []


def test_a_map_with_nothing_to_show_says_so(live_server, page, firms):
    watcher = Watcher(page)
    page.goto(live_server.url + "/firmen/?q=Ohne")
    open_the_map(page)
    assert page.locator("[data-map-status]").inner_text() == (
        "Für diese Auswahl sind keine Standorte bekannt; die Karte bleibt leer."
    )
    assert markers(page).count() == 0
    assert watcher.problems == []


def test_the_network_page_maps_its_current_members(live_server, page, firms):
    watcher = Watcher(page)
    page.goto(live_server.url + "/netzwerke/impro/")
    open_the_map(page)
    expect(page.locator("[data-map] .map-point")).to_have_count(1)
    assert markers(page).get_attribute("title") == "Kabelwerk Dresden GmbH"
    assert watcher.problems == []


LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
    }).observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def test_nothing_moves_while_the_map_and_updated_results_load(live_server, page, firms):
    page.goto(live_server.url + "/firmen/")
    open_the_map(page)
    expect(page.locator("[data-map] .map-point")).to_have_count(2)
    assert page.evaluate(LAYOUT_SHIFT) < 0.01

    page.get_by_role("radio", name="Impro").check()  # not the chip the update adds
    expect(page.locator("[data-map] .map-point")).to_have_count(1)
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
