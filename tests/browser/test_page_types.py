"""Every page type in a real Chromium, on the seeded network: it renders without console errors
or failed requests, axe-core finds no WCAG 2.1 A/AA violation (with the map drawn where there is
one), it fits a 320 px and a 375 px phone without scrolling sideways (long German compounds such as
"Automobilzuliefernetzwerk" hyphenate or wrap), and screenshots at 320, 375 and 1280 px land in
test-results/screenshots/.

Each page type in German (no prefix) and English ("/en").
"""

import pytest
from django.core.management import call_command

from directory.models import Organisation, Person, PostalCode
from tests.browser.checks import WIDTHS, Watcher, axe_violations, fits_the_width, open_the_map, screenshot
from tests.test_operator_pages import ensure_site_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANG_PREFIXES = ["", "/en"]

# name: (path, expected status). Slugs are the seeded network's (directory/seed/).
PAGE_TYPES = {
    "home": ("/", 200),
    "firm-list": ("/firmen/", 200),
    "organisation-list-filtered": ("/organisationen/?art=firm&region=sachsen&sort=name", 200),
    "organisation-list-empty": ("/organisationen/?q=gibtesnicht&region=thueringen", 200),
    "organisation": ("/organisationen/wiegand-glas/", 200),
    "network-list": ("/netzwerke/", 200),
    "network": ("/netzwerke/impro/", 200),
    "network-long-name": ("/netzwerke/automobilzuliefernetzwerk-amz/", 200),
    "person": ("/personen/christoph-herbrig/", 200),
    "event-list": ("/veranstaltungen/", 200),
    "event": ("/veranstaltungen/maker-faire-sachsen-2021/", 200),
    "series": ("/veranstaltungen/reihen/maker-faire-sachsen/", 200),
    "source-list": ("/quellen/", 200),
    "source": ("/quellen/digitale-chancen-gruene-energie-starke-vernetzung/", 200),
    "competences": ("/kompetenzen/", 200),
    "accessibility": ("/barrierefreiheit/", 200),
    "privacy": ("/datenschutz/", 200),
    "imprint": ("/impressum/", 200),
    "graph": ("/kooperationen/", 200),
    "path": ("/kooperationen/pfad/?von=Telegärtner+Gerätebau&nach=Wirtschaftsförderung+Sachsen+GmbH", 200),
    "correction": ("/korrektur/organisation/wiegand-glas/", 200),
    "not-found": ("/organisationen/gibt-es-nicht/", 404),
}


@pytest.fixture
def seeded():
    """The five articles' network, with postcodes for a few firms so the maps have points."""
    call_command("load_seed_network", verbosity=0)
    ensure_site_pages()  # the privacy notice and imprint, which a flush before took away
    for slug, code in {
        "wiegand-glas": "98553",
        "feinwerktechnik-geising": "01778",
        "telegaertner-geraetebau": "01774",
    }.items():
        postcode = PostalCode.objects.filter(code=code).first()
        if postcode:
            Organisation.objects.filter(slug=slug).update(latitude=postcode.latitude, longitude=postcode.longitude)
    assert Person.objects.public().filter(slug="christoph-herbrig").exists()


@pytest.mark.parametrize("lang_prefix", LANG_PREFIXES)
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_each_page_type_is_clean_accessible_and_fits(live_server, browser, seeded, name, lang_prefix):
    path, status = PAGE_TYPES[name]
    label = f"{name}{lang_prefix.replace('/', '-')}"
    for width, viewport in WIDTHS.items():
        context = browser.new_context(locale="de-DE", viewport=viewport)
        page = context.new_page()
        try:
            watcher = Watcher(page, expected_status=status)
            response = page.goto(live_server.url + lang_prefix + path)
            assert response.status == status
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").count() == 1, f"{path}: one h1"
            assert page.locator("main").count() == 1
            open_the_map(page)
            if width != "small-phone":  # the same markup as at 375 px; only the width is checked there
                assert axe_violations(page) == [], f"{path} at {viewport['width']} px"
            assert fits_the_width(page) <= 0, f"{path} scrolls sideways at {viewport['width']} px"
            screenshot(page, label, width)
            assert watcher.problems == []
        finally:
            context.close()
