"""The directory's filters, alone and combined, and facet counts that keep their promise."""

import re
from urllib.parse import urlencode

import pytest

from directory.models import Organisation, PostalCode
from tests.factories import (
    make_competence,
    make_membership,
    make_network,
    make_organisation,
    make_region,
    make_sector,
)


def names(response):
    return sorted(row["organisation"].name for row in response.context["results"])


@pytest.fixture
def world(db):
    saxony = make_region(name="Sachsen", slug="sachsen")
    thuringia = make_region(name="Thüringen", slug="thueringen")
    dresden = make_region(name="Dresden", slug="dresden", kind="city", parent=saxony)
    chemnitz = make_region(name="Chemnitz", slug="chemnitz", kind="city", parent=saxony)
    district = make_region(name="Saale-Holzland-Kreis", slug="saale-holzland-kreis", kind="district", parent=thuringia)
    village = make_region(name="Hermsdorf", slug="hermsdorf", kind="municipality", parent=district)
    PostalCode.objects.create(code="01067", region=dresden, latitude=51.0577, longitude=13.7205)
    PostalCode.objects.create(code="09111", region=chemnitz, latitude=50.8323, longitude=12.9253)

    machining = make_competence(name="Zerspanung", slug="zerspanung")
    turning = make_competence(name="Drehen", slug="drehen", parent=machining)
    milling = make_competence(name="Fräsen", slug="fraesen", parent=machining)
    glass = make_competence(name="Glasbearbeitung", slug="glasbearbeitung")
    automotive = make_sector(name="Automobil", slug="automobil")
    optics = make_sector(name="Optik", slug="optik")

    a = make_organisation(name="Alpha Drehteile GmbH", postcode="01067", city="Dresden", employees="10-49")
    a.competences.add(turning, milling)
    a.sectors.add(automotive)
    b = make_organisation(name="Beta Fräserei GmbH", postcode="09111", city="Chemnitz", employees="50-249")
    b.competences.add(milling)
    b.sectors.add(automotive)
    c = make_organisation(name="Gamma Glas GmbH", region=village, city="Hermsdorf", employees="10-49")
    c.competences.add(glass)
    c.sectors.add(optics)
    amz = make_network(name="Automobilzuliefernetzwerk", slug="amz", short_name="AMZ", region=saxony)
    impro = make_network(name="Impro", slug="impro")
    make_membership(organisation=a, network=amz, start="2010")
    make_membership(organisation=b, network=amz, start="2005", end="2015")
    make_membership(organisation=c, network=impro, start="2018")
    uni = make_organisation(name="Delta Hochschule", kind=Organisation.Kind.RESEARCH, region=dresden)
    uni.competences.add(glass)
    return locals()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["Alpha Drehteile GmbH", "Beta Fräserei GmbH", "Gamma Glas GmbH"]),
        ({"kompetenz": "drehen"}, ["Alpha Drehteile GmbH"]),
        # A field includes its competences.
        ({"kompetenz": "zerspanung"}, ["Alpha Drehteile GmbH", "Beta Fräserei GmbH"]),
        # Several competences: firms having all of them.
        ({"kompetenz": ["fraesen", "drehen"]}, ["Alpha Drehteile GmbH"]),
        ({"branche": "optik"}, ["Gamma Glas GmbH"]),
        # A state includes its districts and their places.
        ({"region": "thueringen"}, ["Gamma Glas GmbH"]),
        ({"region": "sachsen"}, ["Alpha Drehteile GmbH", "Beta Fräserei GmbH"]),
        ({"region": "saale-holzland-kreis"}, ["Gamma Glas GmbH"]),
        ({"netzwerk": "amz"}, ["Alpha Drehteile GmbH"]),
        ({"netzwerk": "amz", "stand": "2012-06-01"}, ["Alpha Drehteile GmbH", "Beta Fräserei GmbH"]),
        ({"netzwerk": "amz", "stand": "2008-01-01"}, ["Beta Fräserei GmbH"]),
        ({"groesse": "10-49"}, ["Alpha Drehteile GmbH", "Gamma Glas GmbH"]),
        ({"plz": "01067", "umkreis": "20"}, ["Alpha Drehteile GmbH"]),
        ({"plz": "01067", "umkreis": "50"}, ["Alpha Drehteile GmbH"]),
        ({"plz": "01067", "umkreis": "80"}, ["Alpha Drehteile GmbH", "Beta Fräserei GmbH"]),
        ({"plz": "09111"}, ["Beta Fräserei GmbH"]),
        ({"kompetenz": "zerspanung", "groesse": "50-249", "region": "sachsen"}, ["Beta Fräserei GmbH"]),
        (
            {"kompetenz": "fraesen", "netzwerk": "amz", "stand": "2012-01-01", "plz": "09111", "umkreis": "10"},
            ["Beta Fräserei GmbH"],
        ),
    ],
)
def test_each_filter_alone_and_combined(client, world, params, expected):
    response = client.get("/firmen/?" + urlencode(params, doseq=True))

    assert response.status_code == 200
    assert response.context["messages_"] == []
    assert names(response) == expected


def test_the_organisation_list_filters_by_kind_and_the_firm_list_has_only_firms(client, world):
    everything = client.get("/organisationen/")
    research = client.get("/organisationen/", {"art": "research"})
    firms = client.get("/firmen/", {"art": "research"})

    assert "Delta Hochschule" in names(everything)
    assert "Automobilzuliefernetzwerk" in names(everything)
    assert names(research) == ["Delta Hochschule"]
    assert "Delta Hochschule" not in names(firms)
    assert "art" not in firms.context["facets"]


def test_dresden_and_chemnitz_are_between_fifty_and_eighty_km_apart(world):
    import math

    from directory.filters import KM_PER_DEGREE

    d, c = PostalCode.objects.get(code="01067"), PostalCode.objects.get(code="09111")
    dx = (c.longitude - d.longitude) * math.cos(math.radians(d.latitude)) * KM_PER_DEGREE
    dy = (c.latitude - d.latitude) * KM_PER_DEGREE
    assert 50 < math.hypot(dx, dy) < 80


FACET_STATES = [
    {},
    {"kompetenz": "zerspanung"},
    {"region": "sachsen"},
    {"netzwerk": "amz", "stand": "2012-06-01"},
    {"groesse": "10-49", "branche": "automobil"},
]


@pytest.mark.parametrize("params", FACET_STATES)
@pytest.mark.parametrize("path", ["/firmen/", "/organisationen/"])
def test_each_facet_count_equals_the_results_it_promises(client, world, path, params):
    response = client.get(path + "?" + urlencode(params, doseq=True))
    facets = response.context["facets"]
    checked = 0

    for name, options in facets.items():
        for option in options:
            chosen = dict(params)
            if name == "kompetenz":
                chosen["kompetenz"] = list(
                    dict.fromkeys([*([params["kompetenz"]] if "kompetenz" in params else []), option["slug"]])
                )
            else:
                chosen[name] = option["slug"]
            clicked = client.get(path + "?" + urlencode(chosen, doseq=True))
            assert clicked.context["count"] == option["count"], (name, option)
            checked += 1
    assert checked >= 5


def test_the_competence_facet_counts_a_field_with_its_children(client, world):
    response = client.get("/firmen/")

    counts = {o["slug"]: o["count"] for o in response.context["facets"]["kompetenz"]}
    assert counts["zerspanung"] == 2
    assert counts["fraesen"] == 2
    assert counts["drehen"] == 1


def test_the_region_facet_counts_a_state_with_everything_below_it(client, world):
    response = client.get("/firmen/", {"kompetenz": "zerspanung"})

    counts = {o["slug"]: o["count"] for o in response.context["facets"]["region"]}
    assert counts == {"sachsen": 2, "dresden": 1, "chemnitz": 1}


def test_the_network_facet_follows_the_date(client, world):
    today = client.get("/firmen/")
    back_then = client.get("/firmen/", {"stand": "2012-01-01"})

    assert {o["slug"]: o["count"] for o in today.context["facets"]["netzwerk"]} == {"amz": 1, "impro": 1}
    assert {o["slug"]: o["count"] for o in back_then.context["facets"]["netzwerk"]} == {"amz": 2}


def test_the_filterset_works_on_any_organisation_queryset(world):
    from directory.filters import OrganisationFilter, facet_counts

    members = Organisation.objects.filter(memberships__network=world["amz"])
    filterset = OrganisationFilter({"kompetenz": "fraesen"}, queryset=members)

    assert sorted(o.name for o in filterset.qs) == ["Alpha Drehteile GmbH", "Beta Fräserei GmbH"]
    facets = facet_counts(filterset)
    assert {o["slug"]: o["count"] for o in facets["groesse"]} == {"10-49": 1, "50-249": 1}


def test_sorting_by_name_and_newest(client, world):
    by_name = client.get("/firmen/", {"sort": "name"})
    newest = client.get("/firmen/", {"sort": "neueste"})

    assert [r["organisation"].name for r in by_name.context["results"]] == [
        "Alpha Drehteile GmbH",
        "Beta Fräserei GmbH",
        "Gamma Glas GmbH",
    ]
    assert [r["organisation"].name for r in newest.context["results"]] == [
        "Gamma Glas GmbH",
        "Beta Fräserei GmbH",
        "Alpha Drehteile GmbH",
    ]


# Cached counts -------------------------------------------------------------------------------
# Committed data (transactional_db): a transaction that has written never uses the cache, so
# these tests commit their rows, as an editor's request would.


def competence_counts_shown(response):
    return {o["slug"]: o["count"] for o in response.context["facets"]["kompetenz"]}


@pytest.mark.django_db(transaction=True)
def test_a_repeated_directory_page_comes_from_the_cache(client, django_assert_num_queries):
    drehen = make_competence(name="Drehen", slug="drehen")
    for _ in range(3):
        make_organisation(region=make_region()).competences.add(drehen)
    first = client.get("/firmen/", {"kompetenz": "drehen"})

    # 1 the data version; the part below the search box, rendered, comes from the cache
    # (directory/fragments.py): no FilterSet, no slug lookup, no result rendered
    with django_assert_num_queries(1):
        again = client.get("/firmen/", {"kompetenz": "drehen"})
    assert again.text == first.text
    assert 'data-result-count="3"' in again.text
    # The part alone, for the page's script, is the same cached part.
    with django_assert_num_queries(1):
        part = client.get("/firmen/", {"kompetenz": "drehen"}, headers={"X-Requested-With": "fetch"})
    assert part.text.strip() in again.text
    assert "<html" not in part.text


@pytest.mark.django_db(transaction=True)
def test_the_same_filters_in_another_query_string_reuse_the_cached_counts(client, django_assert_num_queries):
    drehen = make_competence(name="Drehen", slug="drehen")
    for _ in range(3):
        make_organisation(region=make_region()).competences.add(drehen)
    first = client.get("/firmen/")

    # Another query string is another rendered part, but the same filters: 1 the data version,
    # 2 the page's rows by id, 3 their memberships, 4 their competences; the count, the
    # page's ids and every facet come from the cache
    with django_assert_num_queries(4):
        again = client.get("/firmen/", {"seite": "1"})
    assert again.context["count"] == first.context["count"] == 3
    assert competence_counts_shown(again) == competence_counts_shown(first) == {"drehen": 3}


@pytest.mark.django_db(transaction=True)
def test_a_write_replaces_the_cached_directory_part(client):
    drehen = make_competence(name="Drehen", slug="drehen")
    make_organisation(name="Alpha GmbH").competences.add(drehen)
    assert "Alpha GmbH" in client.get("/firmen/").text
    assert "Alpha GmbH" in client.get("/firmen/").text

    make_organisation(name="Beta GmbH").competences.add(drehen)
    response = client.get("/firmen/")
    assert "Beta GmbH" in response.text
    assert 'data-result-count="2"' in response.text
    # The counts beside the filters too, not only the results.
    assert competence_counts_shown(response) == {"drehen": 2}

    Organisation.objects.filter(name="Alpha GmbH").update(name="Gamma GmbH")
    text = client.get("/firmen/").text
    assert "Gamma GmbH" in text
    assert "Alpha GmbH" not in text


@pytest.mark.django_db(transaction=True)
def test_an_edit_changes_the_cached_counts(client):
    drehen = make_competence(name="Drehen", slug="drehen")
    a = make_organisation(name="Alpha GmbH", employees="10-49")
    a.competences.add(drehen)
    b = make_organisation(name="Beta GmbH", employees="10-49")
    assert competence_counts_shown(client.get("/firmen/")) == {"drehen": 1}

    b.competences.add(drehen)
    response = client.get("/firmen/", {"kompetenz": "drehen"})
    assert response.context["count"] == 2
    assert competence_counts_shown(client.get("/firmen/")) == {"drehen": 2}

    # A write that bypasses signals (a bulk update) changes them too.
    Organisation.objects.filter(pk=b.pk).update(employees="50-249")
    sizes = {o["slug"]: o["count"] for o in client.get("/firmen/").context["facets"]["groesse"]}
    assert sizes == {"10-49": 1, "50-249": 1}

    b.delete()
    response = client.get("/firmen/")
    assert response.context["count"] == 1
    assert competence_counts_shown(response) == {"drehen": 1}


@pytest.mark.django_db(transaction=True)
def test_the_competence_tree_counts_follow_an_edit(client, django_assert_num_queries):
    drehen = make_competence(name="Drehen", slug="drehen")
    make_organisation().competences.add(drehen)

    def count():
        # Read from the page: a repeated request gets the rendered tree from the cache.
        text = client.get("/kompetenzen/").text
        return int(re.search(r'id="feld-drehen">.*?<span class="muted small">(\d+) Firm', text, re.S)[1])

    assert count() == 1
    # 1 the data version; the rendered tree from the cache
    with django_assert_num_queries(1):
        assert count() == 1
    make_organisation().competences.add(drehen)
    assert count() == 2


@pytest.mark.django_db(transaction=True)
def test_similar_firms_follow_an_edit(client):
    drehen = make_competence(name="Drehen", slug="drehen")
    firm = make_organisation(name="Ausgang GmbH")
    firm.competences.add(drehen)
    make_organisation(name="Erste GmbH").competences.add(drehen)
    assert [f.name for f in client.get(firm.get_absolute_url()).context["similar_firms"]] == ["Erste GmbH"]

    make_organisation(name="Zweite GmbH").competences.add(drehen)
    names = [f.name for f in client.get(firm.get_absolute_url()).context["similar_firms"]]
    assert names == ["Erste GmbH", "Zweite GmbH"]
