"""Regression tests for the directory's facets: each district under its own state, and no
facet that offers nothing but "Alle"."""

import pytest

from tests.directory.test_filters import world  # noqa: F401  (the shared fixture)
from tests.factories import make_organisation, make_region


def state_above_each_district(options) -> dict:
    """For each district or city option, the state option listed above it (the template
    indents a district under the state before it)."""
    above, state = {}, None
    for option in options:
        if option["is_state"]:
            state = option["slug"]
        else:
            above[option["slug"]] = state
    return above


@pytest.fixture
def saxon_districts(world):  # noqa: F811
    saxony, thuringia = world["saxony"], world["thuringia"]
    # Saxon districts with more firms than the Thuringian one, so they sort first among the
    # districts, and Thüringen sorts after Sachsen among the states.
    for name, slug in [("Sächsische Schweiz-Osterzgebirge", "ssoe"), ("Erzgebirgskreis", "erzgebirgskreis")]:
        district = make_region(name=name, slug=slug, kind="district", parent=saxony)
        for _ in range(3):
            make_organisation(region=district)
    weimarer_land = make_region(name="Weimarer Land", slug="weimarer-land", kind="district", parent=thuringia)
    make_organisation(region=weimarer_land)
    return world


@pytest.mark.parametrize("path", ["/firmen/", "/organisationen/"])
@pytest.mark.parametrize("params", [{}, {"q": "gmbh"}, {"groesse": "10-49"}, {"stand": "2020-01-01"}])
def test_each_district_and_city_sits_under_its_own_state(client, saxon_districts, path, params):
    response = client.get(path, params)

    above = state_above_each_district(response.context["facets"]["region"])
    expected = {
        "ssoe": "sachsen",
        "erzgebirgskreis": "sachsen",
        "dresden": "sachsen",
        "chemnitz": "sachsen",
        "saale-holzland-kreis": "thueringen",
        "weimarer-land": "thueringen",
    }
    assert above == {slug: state for slug, state in expected.items() if slug in above}
    assert above, "the facet lists districts"


def test_the_saxon_districts_are_not_indented_under_thueringen_in_the_page(client, saxon_districts):
    html = client.get("/firmen/").content.decode()
    thuringia_at = html.index('value="thueringen"')
    for slug in ("ssoe", "erzgebirgskreis", "chemnitz"):
        assert html.index(f'value="{slug}"') < thuringia_at, slug
    assert html.index('value="saale-holzland-kreis"') > thuringia_at


def legends(html: str) -> list[str]:
    import re

    return re.findall(r"<legend>([^<]*)</legend>", html)


@pytest.mark.parametrize("path", ["/firmen/", "/organisationen/"])
def test_a_facet_without_options_is_not_shown(client, db, path):
    # A firm in no network and without a size: "Netzwerk: Alle" and "Größe: Alle" offer nothing.
    make_organisation(name="Solo GmbH", region=make_region(name="Sachsen", slug="sachsen"), employees="")

    shown = legends(client.get(path).content.decode())

    assert "Netzwerk" not in shown
    assert "Größe" not in shown
    assert "Region" in shown
    assert "Umkreis" in shown


def test_a_facet_with_options_is_shown(client, world):  # noqa: F811
    shown = legends(client.get("/organisationen/").content.decode())

    assert {"Region", "Netzwerk", "Größe", "Art"} <= set(shown)


def test_a_chosen_option_keeps_its_facet_even_when_nothing_is_left(client, world):  # noqa: F811
    shown = legends(client.get("/firmen/", {"groesse": "250-999", "region": "thueringen"}).content.decode())

    assert "Größe" in shown and "Region" in shown
