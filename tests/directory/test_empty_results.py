"""What an empty result offers (directory/views/empty.py): a known competence with no firm says
so and offers its relatives that firms have; a synonym says which competence it stands for and
that competence's other synonyms; the nearest competences; and the same search without each
filter, with its hit count, at most LOOSEN_LIMIT counts."""

import pytest
from django.db import connection

from directory.views import empty
from tests.factories import make_competence, make_membership, make_network, make_organisation, make_region


@pytest.fixture
def tree(db):
    saxony = make_region(name="Sachsen", slug="sachsen")
    thuringia = make_region(name="Thüringen", slug="thueringen")
    dresden = make_region(
        name="Dresden", slug="dresden", kind="city", parent=saxony, latitude=51.0504, longitude=13.7373
    )
    jena = make_region(name="Jena", slug="jena", kind="city", parent=thuringia, latitude=50.9272, longitude=11.5861)
    plastics = make_competence(name="Kunststofftechnik", slug="kunststofftechnik", name_en="Plastics")
    make_competence(
        name="Spritzguss", slug="spritzguss", parent=plastics, name_en="Injection moulding", synonyms="Spritzgießen"
    )
    extrusion = make_competence(
        name="Extrusion",
        slug="extrusion",
        parent=plastics,
        name_en="Extrusion",
        synonyms="Strangpressen\nProfilextrusion",
    )
    thermo = make_competence(name="Thermoformen", slug="thermoformen", parent=plastics, name_en="Thermoforming")
    impro = make_network(name="Impro", slug="impro", region=jena)

    def firm(name, region, *competences):
        organisation = make_organisation(name=name, region=region, latitude=region.latitude, longitude=region.longitude)
        organisation.competences.add(*competences)
        return organisation

    firm("Alpha Profile GmbH", dresden, extrusion)
    firm("Beta Profile GmbH", dresden, extrusion)
    make_membership(organisation=firm("Gamma Folien GmbH", jena, thermo), network=impro, start="2010")
    return locals()


def unfilled(response):
    return [entry for entry in response.context["empty"].competences if entry["unfilled"]]


def loosened(response):
    return [(s["label"], s["count"], s["url"]) for s in response.context["empty"].loosened]


# ---------------------------------------------------------------------------------------------
# A known competence without firms.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"kompetenz": "spritzguss"}, {"q": "Spritzguss"}, {"q": "spritzgiessen"}])
def test_a_known_competence_without_firms_says_so_and_offers_its_relatives(client, tree, params):
    response = client.get("/firmen/", params)

    assert response.context["count"] == 0
    [entry] = unfilled(response)
    assert entry["name"] == "Spritzguss"
    assert [(r["name"], r["count"]) for r in entry["related"]] == [
        ("Kunststofftechnik", 3),
        ("Extrusion", 2),
        ("Thermoformen", 1),
    ]
    html = response.content.decode()
    assert "Spritzguss: noch keine Firma erfasst." in html
    assert 'href="/firmen/?kompetenz=extrusion"' in html


def test_the_english_name_says_so_in_english(client, tree):
    response = client.get("/en/firmen/", {"q": "injection moulding"})

    assert [entry["name"] for entry in unfilled(response)] == ["Injection moulding"]
    assert "Injection moulding: no firm recorded yet." in response.content.decode()


def test_a_competence_named_among_other_words_still_says_so(client, tree):
    response = client.get("/firmen/", {"q": "Spritzguss Kleinserie"})

    assert [entry["name"] for entry in unfilled(response)] == ["Spritzguss"]


def test_a_competence_with_firms_gets_no_such_note(client, tree):
    response = client.get("/firmen/", {"kompetenz": "extrusion", "q": "Nirgendwo"})

    assert response.context["count"] == 0
    assert unfilled(response) == []
    assert response.context["empty"].competences == []


def test_an_unknown_word_gets_no_such_note(client, tree):
    response = client.get("/firmen/", {"q": "Quantenschaum"})

    assert response.context["empty"].competences == []
    assert response.context["empty"].nearest == []


# ---------------------------------------------------------------------------------------------
# Synonyms.
# ---------------------------------------------------------------------------------------------


def test_a_synonym_names_its_competence_and_the_competence_s_other_synonyms(client, tree):
    # Extrusion has firms, but none in Thuringia.
    response = client.get("/firmen/", {"q": "Strangpressen", "region": "thueringen"})

    assert response.context["count"] == 0
    [entry] = response.context["empty"].competences
    assert (entry["name"], entry["synonym"], entry["synonyms"], entry["count"], entry["unfilled"]) == (
        "Extrusion",
        "Strangpressen",
        ["Profilextrusion"],
        2,
        False,
    )
    html = response.content.decode()
    assert "„Strangpressen“ ist ein anderes Wort für " in html
    assert '<a href="/firmen/?kompetenz=extrusion">Extrusion</a> <span class="muted">(2 Firmen)</span>' in html
    assert "Auch genannt: Profilextrusion." in html


def test_a_synonym_of_an_empty_competence_says_both(client, tree):
    html = client.get("/firmen/", {"q": "Spritzgießen"}).content.decode()

    assert "„Spritzgießen“ ist ein anderes Wort für Spritzguss. Spritzguss: noch keine Firma erfasst." in html


def test_a_synonym_reads_in_english_under_en(client, tree):
    response = client.get("/en/firmen/", {"q": "Strangpressen", "region": "thueringen"})

    html = response.content.decode()
    assert "“Strangpressen” is another word for " in html
    assert '<a href="/en/firmen/?kompetenz=extrusion">Extrusion</a> <span class="muted">(2 firms)</span>' in html
    assert "Also called: Profilextrusion." in html


# ---------------------------------------------------------------------------------------------
# The nearest matches.
# ---------------------------------------------------------------------------------------------


def test_the_nearest_competences_are_those_a_word_of_the_search_begins(client, tree):
    # No firm has both; "Thermo" begins Thermoformen, whose firm is not Alpha.
    response = client.get("/firmen/", {"q": "Thermo Alpha"})

    assert response.context["count"] == 0
    assert [(c["name"], c["count"]) for c in response.context["empty"].nearest] == [("Thermoformen", 1)]
    assert 'Nächste Treffer: <a href="/firmen/?kompetenz=thermoformen">Thermoformen</a>' in response.text


def test_the_nearest_competences_include_the_corrections_of_a_misspelt_word(client, tree):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite corrects no words (no trigrams): it offers the prefix matches only")
    # "Extrusoin" is corrected to the word list's "extrusion" (trigram similarity); none in Jena.
    response = client.get("/firmen/", {"q": "Extrusoin", "region": "jena"})

    assert response.context["count"] == 0
    assert [c["name"] for c in response.context["empty"].nearest] == ["Extrusion"]


def test_the_nearest_competences_read_in_english_under_en(client, tree):
    response = client.get("/en/firmen/", {"q": "Thermo Alpha"})

    assert 'Nearest matches: <a href="/en/firmen/?kompetenz=thermoformen">Thermoforming</a>' in response.text


# ---------------------------------------------------------------------------------------------
# The same search without one filter.
# ---------------------------------------------------------------------------------------------


def test_without_each_filter_the_page_counts_what_the_search_would_find(client, tree):
    response = client.get("/firmen/", {"kompetenz": "extrusion", "region": "thueringen"})

    assert response.context["count"] == 0
    assert loosened(response) == [
        ("Region: Thüringen", 2, "/firmen/?kompetenz=extrusion"),
        ("Kompetenz: Extrusion", 1, "/firmen/?region=thueringen"),
    ]
    assert "Mit weniger Filtern findet sich mehr:" in response.text
    assert 'href="/firmen/?kompetenz=extrusion">ohne „Region: Thüringen“</a>' in response.text


def test_a_filter_whose_dropping_finds_nothing_either_is_not_offered(client, tree):
    response = client.get("/firmen/", {"kompetenz": "thermoformen", "region": "sachsen", "netzwerk": "impro"})

    # Thermoformen in Saxony: none; Impro's members in Saxony: none; Impro's Thermoformen: one.
    assert loosened(response) == [("Region: Sachsen", 1, "/firmen/?kompetenz=thermoformen&netzwerk=impro")]


def test_the_place_in_the_text_is_offered_to_drop_with_the_rest_of_the_search_kept(client, tree):
    response = client.get("/firmen/", {"q": "Profile bei Jena"})

    assert response.context["count"] == 0
    assert ("Ort erkannt: Jena, 25 km", 2, "/firmen/?q=Profile") in loosened(response)
    assert 'ohne „Ort erkannt: Jena, 25 km“</a> <span class="muted">(2 Treffer)</span>' in response.text


def test_a_postcode_radius_is_offered_to_drop(client, tree):
    from directory.models import PostalCode

    PostalCode.objects.create(code="07743", region=tree["jena"], latitude=50.9272, longitude=11.5861)

    response = client.get("/firmen/", {"kompetenz": "extrusion", "plz": "07743", "umkreis": "10"})

    assert loosened(response) == [
        ("Umkreis: 10 km um 07743", 2, "/firmen/?kompetenz=extrusion"),
        ("Kompetenz: Extrusion", 1, "/firmen/?plz=07743&umkreis=10"),
    ]


def test_dropping_one_of_two_competences_counts_the_other(client, tree):
    response = client.get("/firmen/", {"kompetenz": ["extrusion", "thermoformen"]})

    assert response.context["count"] == 0
    assert loosened(response) == [
        ("Kompetenz: Thermoformen", 2, "/firmen/?kompetenz=extrusion"),
        ("Kompetenz: Extrusion", 1, "/firmen/?kompetenz=thermoformen"),
    ]


def test_the_filters_dropped_are_offered_in_english_under_en(client, tree):
    response = client.get("/en/firmen/", {"kompetenz": "extrusion", "region": "thueringen"})

    assert 'without “Region: Thüringen”</a> <span class="muted">(2 results)</span>' in response.text


def test_no_more_than_the_limit_of_filters_are_counted(client, tree, monkeypatch):
    params = {
        "q": "Profile bei Jena",
        "kompetenz": ["extrusion", "thermoformen"],
        "region": "thueringen",
        "netzwerk": "impro",
        "groesse": "1-9",
    }
    chips = [c["name"] for c in client.get("/firmen/", params).context["chips"]]
    assert len(chips) > empty.LOOSEN_LIMIT

    counted = []
    original = empty._count_without

    def counting(filterset, chip):
        counted.append(chip["name"])
        return original(filterset, chip)

    monkeypatch.setattr(empty, "_count_without", counting)
    client.get("/firmen/", params)
    # The place, the region and the network first: what a buyer most often over-narrows.
    assert counted == ["ort", "region", "netzwerk", "kompetenz"]


def test_a_word_close_to_nothing_offers_the_search_without_it_first(client, tree):
    response = client.get("/firmen/", {"q": "Quantenschaum", "region": "sachsen"})

    assert loosened(response)[0][:2] == ("Suche: Quantenschaum", 2)


@pytest.mark.smoke
def test_an_empty_result_helps_on_either_database(client, tree):
    response = client.get("/firmen/", {"q": "Strangpressen Thermo", "region": "thueringen"})

    assert response.status_code == 200
    assert response.context["count"] == 0
    assert [entry["name"] for entry in response.context["empty"].competences] == ["Extrusion"]
    assert [c["name"] for c in response.context["empty"].nearest] == ["Thermoformen"]
    assert ("Region: Thüringen", 0) not in [s[:2] for s in loosened(response)]


# ---------------------------------------------------------------------------------------------
# Query counts.
# ---------------------------------------------------------------------------------------------


def test_an_empty_result_takes_one_query_for_its_competences_and_one_per_filter_dropped(
    client, tree, django_assert_num_queries
):
    for n in range(3):
        make_organisation(name=f"Folienwerk {n} GmbH", region=tree["dresden"]).competences.add(tree["thermo"])
    params = {"q": "Strangpressen Thermo", "region": "thueringen", "netzwerk": "impro"}
    # 1 the data versions, 2 the region and 3 the network chosen, 4 the regions the text could
    # name (none), 5 the search's rate counter (no Redis in tests), 6 the words corrected against
    # the word list, 7 the planner's estimate of the rows (a relevance search), 8 the count, the
    # page and every facet in one statement; then, for the empty result: 9 every competence and
    # 10 their numbers of firms (the synonym, the nearest; the kept totals on PostgreSQL), and the
    # same search 11 without the region, 12 without the network, 13 without the text.
    with django_assert_num_queries(13) as captured:
        response = client.get("/firmen/", params)

    assert response.context["count"] == 0
    assert [entry["name"] for entry in response.context["empty"].competences] == ["Extrusion"]
    assert [(c["name"], c["count"]) for c in response.context["empty"].nearest] == [("Thermoformen", 4)]
    assert [s[:2] for s in loosened(response)] == [("Suche: Strangpressen Thermo", 1)]
    # No count over every competence's links (0.6-2 s at 100k firms).
    assert not any("COUNT(DISTINCT" in query["sql"] for query in captured.captured_queries)


def test_an_empty_competence_and_its_relatives_cost_no_query_of_their_own(client, tree, django_assert_num_queries):
    for n in range(3):
        make_organisation(name=f"Folienwerk {n} GmbH", region=tree["dresden"]).competences.add(tree["thermo"])
    # 1 the data versions, 2 the regions the text could name (none), 3 the rate counter, 4 the
    # words corrected ("spritzguss" is close to no word of a firm: no count, page or facets);
    # 5 every competence, 6 their numbers of firms (a field's counting its competences' firms;
    # the kept totals on PostgreSQL), 7 the search without the text (the kept totals too).
    with django_assert_num_queries(7):
        response = client.get("/firmen/", {"q": "Spritzguss"})

    [entry] = unfilled(response)
    assert [(r["name"], r["count"]) for r in entry["related"]] == [
        ("Kunststofftechnik", 6),
        ("Thermoformen", 4),
        ("Extrusion", 2),
    ]
    assert [s[:2] for s in loosened(response)] == [("Suche: Spritzguss", 6)]
