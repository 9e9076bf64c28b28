"""Each key page ships at most about 100 KB, gzip-compressed, of our own HTML, CSS and JS.

Measured as a browser gets it: the page's HTML plus every stylesheet and script it references
from our static files, each compressed on its own. Vendored libraries (static/vendor/: the map's
Leaflet, the graph's library) load only on the pages that use them and do not count here.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

BUDGET = 100 * 1024
KEY_PAGES = [
    "/",
    "/firmen/",
    "/organisationen/?art=firm&region=sachsen",
    "/organisationen/wiegand-glas/",
    "/netzwerke/",
    "/netzwerke/impro/",
    "/personen/christoph-herbrig/",
    "/veranstaltungen/",
    "/veranstaltungen/maker-faire-sachsen-2021/",
    "/quellen/",
    "/kompetenzen/",
    "/barrierefreiheit/",
]
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="/static/([^"?#]+)"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(client, path: str) -> dict[str, int]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content
    weights = {"html": gzipped(html)}
    for asset in sorted(set(ASSET.findall(html.decode()))):
        if asset.startswith("vendor/"):
            continue
        found = finders.find(asset)
        assert found, f"{path} references a missing static file: {asset}"
        with open(found, "rb") as handle:
            weights[asset] = gzipped(handle.read())
    return weights


@pytest.fixture
def seeded(db):
    call_command("load_seed_network", verbosity=0)


@pytest.mark.parametrize("path", KEY_PAGES)
def test_a_key_page_ships_at_most_100_kb_of_our_own_compressed_html_css_and_js(client, seeded, path):
    weights = page_weight(client, path)

    total = sum(weights.values())
    print(f"{path}: {total / 1024:.1f} KB gzip ({', '.join(f'{k} {v / 1024:.1f}' for k, v in weights.items())})")
    assert total <= BUDGET, f"{path} ships {total / 1024:.1f} KB: {weights}"


def test_pages_reference_static_files_through_the_static_tag(client, seeded):
    # A hard-coded /static/ path would miss the manifest's hashed, far-future cached name.
    for path in KEY_PAGES:
        html = client.get(path).content.decode()
        for asset in ASSET.findall(html):
            assert finders.find(asset), f"{path}: {asset}"
