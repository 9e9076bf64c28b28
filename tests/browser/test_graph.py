"""The cooperation graph in a real Chromium: it draws, a node's card links to its page, an edge
shows its evidence and sources, and the organisation page draws its ego network."""

import pytest
from django.core.cache import cache

from directory.models import Relationship
from tests.factories import cite, make_membership, make_network, make_organisation, make_relationship, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def empty_cache():
    """The graph views cache under the data version; a graph cached by an earlier test of this
    module, under a version number this test's rows can reach again, must not be served."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network():
    impro = make_network(name="Impro", slug="impro")
    firm = make_organisation(name="Telegärtner Gerätebau", slug="telegaertner")
    partner = make_organisation(name="Feinwerktechnik Geising", slug="geising")
    make_membership(organisation=firm, network=impro, start="2008")
    make_membership(organisation=partner, network=impro, start="2010")
    cite(
        make_relationship(
            from_organisation=firm,
            to_organisation=partner,
            kind=Relationship.Kind.SUPPLIER,
            description="Getriebe nach Kundenwunsch",
        ),
        make_source(title="Zulieferkonferenz in Dresden"),
        quote="liefert Getriebe",
    )
    return firm


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def wait_for_graph(page):
    """Until the layout has finished and the drawing fits its box (graph.js sets data-graph-ready)."""
    page.locator(".graph[data-graph-ready]").wait_for(state="attached")


def test_the_graph_draws_and_a_node_leads_to_its_page(live_server, page, network):
    errors = watch_console(page)
    page.goto(live_server.url + "/kooperationen/")
    wait_for_graph(page)

    assert page.evaluate("document.querySelector('.graph').cytoscape.nodes().length") == 3
    assert page.locator(".graph__canvas canvas").count() > 0
    page.evaluate(f"document.querySelector('.graph').cytoscape.getElementById('o{network.pk}').emit('tap')")
    card = page.locator(".graph__card")
    card.get_by_role("heading", name="Telegärtner Gerätebau").wait_for()
    card.get_by_role("link", name="Seite öffnen").click()

    page.wait_for_url(live_server.url + "/organisationen/telegaertner/")
    assert page.get_by_role("heading", level=1).inner_text() == "Telegärtner Gerätebau"
    assert errors == []


def test_an_edge_shows_its_evidence_and_sources(live_server, page, network):
    page.goto(live_server.url + "/kooperationen/")
    wait_for_graph(page)

    page.evaluate("document.querySelector('.graph').cytoscape.edges(\"[type = 'supplier']\").emit('tap')")

    card = page.locator(".graph__card")
    card.get_by_text("Getriebe nach Kundenwunsch").wait_for()
    assert card.get_by_role("link", name="Zulieferkonferenz in Dresden").count() == 1


def test_a_click_on_the_drawing_selects_a_node(live_server, page, network):
    # Tall enough that the drawing is in view without scrolling: Cytoscape maps a click with
    # the container's position, which it reads again only a moment after a scroll.
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(live_server.url + "/kooperationen/")
    wait_for_graph(page)
    position = page.evaluate(
        f"(() => {{ const n = document.querySelector('.graph').cytoscape.getElementById('o{network.pk}');"
        " const p = n.renderedPosition(); return [p.x, p.y]; })()"
    )

    page.locator(".graph__canvas").click(position={"x": position[0], "y": position[1]})

    page.locator(".graph__card").get_by_role("heading", name="Telegärtner Gerätebau").wait_for()


def test_the_organisation_page_draws_its_ego_network(live_server, page, network):
    errors = watch_console(page)
    page.goto(live_server.url + "/organisationen/telegaertner/")
    wait_for_graph(page)

    assert page.evaluate("document.querySelector('.graph').cytoscape.nodes().length") == 3
    assert errors == []


def test_without_javascript_the_table_links_to_the_organisations(live_server, browser, network):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/kooperationen/")

    page.locator(".graph-table").first.get_by_role("link", name="Feinwerktechnik Geising").first.click()

    page.wait_for_url(live_server.url + "/organisationen/geising/")
    context.close()


def test_the_graph_logs_no_warning_about_the_wheel_sensitivity(live_server, page, network):
    # Regression: a custom wheelSensitivity made Cytoscape warn on every graph page.
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    for path in ("/kooperationen/", "/organisationen/telegaertner/"):
        page.goto(live_server.url + path)
        wait_for_graph(page)

    assert [text for text in warnings if "wheel" in text.lower()] == []


@pytest.mark.parametrize("path", ["/kooperationen/", "/kooperationen/pfad/"])
def test_the_graph_forms_submit_button_wears_the_sites_button_style(live_server, page, network, path):
    # Regression: "Anzeigen" and "Verbindung suchen" were the browser's grey default buttons.
    page.goto(live_server.url + path)

    button = page.locator(".graph-filters button[type=submit]")
    colours = button.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    accent = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()")

    assert accent == "#1f5a73"
    assert colours == ["rgb(31, 90, 115)", "rgb(255, 255, 255)"]
