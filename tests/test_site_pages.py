"""sitemap.xml, robots.txt, canonical and Open Graph tags, the accessibility statement."""

import pytest

from directory import sitemaps
from directory.models import Organisation
from tests.factories import (
    make_event,
    make_network,
    make_organisation,
    make_person,
    make_position,
    make_series,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    network = make_network(name="Impro", slug="impro")
    firm = make_organisation(name="Wiegand-Glas", slug="wiegand-glas")
    public = make_person(name="Christoph Herbrig", slug="christoph-herbrig", is_public=True)
    private = make_person(name="Geheime Person", slug="geheime-person", is_public=False)
    make_position(person=public, organisation=network, role="Vorsitzender")
    make_position(person=private, organisation=firm, role="Geschäftsführerin")
    series = make_series(name="Maker Faire Sachsen", slug="maker-faire-sachsen")
    make_event(title="Maker Faire Sachsen 2021", slug="maker-faire-sachsen-2021", series=series)
    make_source(title="Feinmechaniker präsentieren sich", slug="feinmechaniker")
    return {"network": network, "firm": firm}


def test_the_sitemap_index_lists_every_section(client, site):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    for section in sitemaps.SITEMAPS:
        assert f"http://testserver/sitemap-{section}.xml" in response.text


def test_the_sitemap_lists_every_public_page_and_no_private_person(client, site):
    text = "".join(client.get(f"/sitemap-{section}.xml").text for section in sitemaps.SITEMAPS)

    for path in (
        "/",
        "/firmen/",
        "/organisationen/",
        "/netzwerke/",
        "/kompetenzen/",
        "/quellen/",
        "/veranstaltungen/",
        "/barrierefreiheit/",
        "/netzwerke/impro/",
        "/organisationen/wiegand-glas/",
        "/personen/christoph-herbrig/",
        "/veranstaltungen/maker-faire-sachsen-2021/",
        "/veranstaltungen/reihen/maker-faire-sachsen/",
        "/quellen/feinmechaniker/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in text
    assert "geheime-person" not in text
    # A network is listed once per language, under networks, each naming the other language.
    assert text.count("<loc>http://testserver/netzwerke/impro/</loc>") == 1
    assert text.count("<loc>http://testserver/en/netzwerke/impro/</loc>") == 1
    assert '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/netzwerke/impro/"/>' in text


def test_large_sections_are_split_into_pages(client, site, monkeypatch):
    # Two entries a page: one organisation in German and English.
    monkeypatch.setattr(sitemaps.OrganisationSitemap, "limit", 2)
    make_organisation(name="Zweite GmbH", slug="zweite")
    last = Organisation.objects.exclude(kind=Organisation.Kind.NETWORK).count()

    index = client.get("/sitemap.xml").text
    second = client.get("/sitemap-organisationen.xml", {"p": last})

    assert f"sitemap-organisationen.xml?p={last}" in index
    assert second.status_code == 200
    assert "<loc>http://testserver/organisationen/zweite/</loc>" in second.text
    assert "<loc>http://testserver/en/organisationen/zweite/</loc>" in second.text
    assert client.get("/sitemap-organisationen.xml", {"p": last + 1}).status_code == 404
    assert client.get("/sitemap-organisationen.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-gibtesnicht.xml").status_code == 404


def test_the_sitemap_index_counts_and_dates_each_section_in_the_database(client, site, django_assert_num_queries):
    # Per dated section (networks, organisations, people, events): the count for its pages
    # and the latest change; per undated section (series, sources): the count.
    with django_assert_num_queries(4 * 2 + 2):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200


def test_a_sitemap_section_takes_its_rows_in_one_query(client, site, django_assert_num_queries):
    for n in range(3):
        make_organisation(name=f"Firma {n}")
    # 1 the section's rows, read once for both languages (Django pages an i18n sitemap as a
    # list of row and language pairs)
    with django_assert_num_queries(1):
        response = client.get("/sitemap-organisationen.xml")
    assert response.text.count("<url>") == 4 * 2


def test_robots_keeps_crawlers_off_admin_exports_and_filter_variants_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /*?*format=" in lines
    assert "Disallow: /firmen/?" in lines
    assert "Disallow: /quellen/*?" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405


def test_a_profile_names_its_canonical_address_without_the_query_and_its_open_graph_card(client, site):
    html = client.get("/organisationen/wiegand-glas/", {"utm_source": "x", "seite": "2"}).text

    assert '<link rel="canonical" href="http://testserver/organisationen/wiegand-glas/">' in html
    assert '<meta property="og:url" content="http://testserver/organisationen/wiegand-glas/">' in html
    assert '<meta property="og:title" content="Wiegand-Glas">' in html
    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:image" content="http://testserver/static/img/og-default.png">' in html
    assert 'property="og:description" content="' in html


def test_a_filtered_list_is_canonical_without_its_filters(client, site):
    html = client.get("/firmen/", {"q": "glas", "region": "x"}).text

    assert '<link rel="canonical" href="http://testserver/firmen/">' in html


def test_the_accessibility_statement_is_linked_from_every_footer_and_names_the_contact(
    client, settings, django_assert_num_queries
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "barrieren@example.org"

    with django_assert_num_queries(0):
        response = client.get("/barrierefreiheit/")

    assert response.status_code == 200
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in response.text
    assert 'href="mailto:barrieren@example.org"' in response.text
    assert 'href="/barrierefreiheit/"' in client.get("/quellen/").text
    assert client.post("/barrierefreiheit/").status_code == 405


def test_network_pages_carry_schema_org_json_ld_like_every_organisation(client, site):
    html = client.get("/netzwerke/impro/").text

    assert '<script type="application/ld+json">' in html
    assert '"@type": "Organization"' in html or '"@type":"Organization"' in html
    assert '"url": "http://testserver/netzwerke/impro/"' in html or '"url":"http://testserver/netzwerke/impro/"' in html


def test_every_page_type_has_its_own_title_and_description(client, site):
    import re

    seen = {}
    for path in (
        "/",
        "/firmen/",
        "/organisationen/",
        "/netzwerke/",
        "/netzwerke/impro/",
        "/organisationen/wiegand-glas/",
        "/personen/christoph-herbrig/",
        "/veranstaltungen/",
        "/veranstaltungen/maker-faire-sachsen-2021/",
        "/veranstaltungen/reihen/maker-faire-sachsen/",
        "/quellen/",
        "/quellen/feinmechaniker/",
        "/kompetenzen/",
        "/barrierefreiheit/",
    ):
        html = client.get(path).text
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert len(description) > 40, path
        seen[path] = (title, description)
    assert len({title for title, _ in seen.values()}) == len(seen)
    assert len({description for _, description in seen.values()}) == len(seen)


def test_a_paged_list_names_its_own_title_in_open_graph(client):
    # The list's context has a paginator page called `page`; the head's blocks must not be
    # shadowed by it (they once were, leaving og:title empty on every list).
    make_organisation(name="Alpha GmbH")

    html = client.get("/firmen/").text

    assert '<meta property="og:title" content="Firmen">' in html
