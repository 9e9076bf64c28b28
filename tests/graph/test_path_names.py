"""The path finder's forgiving names: "Telegärtner" finds "Telegärtner Gerätebau", an ambiguous
name lists its candidates, an unknown one its close names, and the suggestions as one types
(directory/names.py, views/graph.py path_page and path_suggestions)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Organisation, Relationship
from directory.names import CANDIDATES, find_organisation, suggestions
from directory.text import name_words
from tests.factories import make_network, make_organisation, make_person, make_position, make_relationship

pytestmark = pytest.mark.django_db

PATH = "/kooperationen/pfad/"
SUGGEST = "/kooperationen/pfad/vorschlaege.json"


@pytest.fixture
def atlas():
    telegaertner = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner", city="Höckendorf")
    wfs = make_organisation(
        name="Wirtschaftsförderung Sachsen GmbH",
        short_name="WFS",
        slug="wfs",
        aliases="Sächsische Wirtschaftsförderung\nWirtschaftsfoerderung Sachsen",
        kind=Organisation.Kind.PUBLIC_BODY,
    )
    verein = make_network(name="Industrieverein Sachsen 1828 e.V.", slug="industrieverein")
    make_relationship(from_organisation=wfs, to_organisation=telegaertner, kind=Relationship.Kind.COMMISSIONED)
    return {"telegaertner": telegaertner, "wfs": wfs, "verein": verein}


# Matching a name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Telegärtner", "telegaertner"),
        ("telegaertner geraetebau", "telegaertner"),
        ("TELEGÄRTNER GERÄTEBAU GMBH", "telegaertner"),
        ("Telegärtner Geräte", "telegaertner"),
        ("telegaertner", "telegaertner"),  # the slug
        ("wfs", "wfs"),
        ("Sächsische Wirtschaftsförderung", "wfs"),  # an alias
        ("WIRTSCHAFTSFOERDERUNG", "wfs"),
        ("Industrieverein Sachsen 1828", "verein"),  # without its e.V.
        ("industrieverein sachsen 1828 ev", "verein"),
    ],
)
def test_a_name_as_people_write_it_finds_the_organisation(atlas, text, key):
    match = find_organisation(text)

    assert match.found == atlas[key]
    assert match.candidates == []


def test_a_name_that_fits_several_lists_them_all():
    first = make_organisation(name="Telegärtner Gerätebau GmbH")
    second = make_organisation(name="Telegärtner Karl Gärtner GmbH")
    make_organisation(name="Gärtnerei Tele")  # "tele" starts no word of it after "gaertnerei"

    match = find_organisation("Telegärtner")

    assert match.found is None and match.ambiguous
    assert set(match.candidates) == {first, second}


def test_an_exact_name_wins_over_longer_names_that_begin_with_it():
    impro = make_network(name="Impro e.V.")
    make_organisation(name="Impro Service GmbH")
    make_organisation(name="Improtech Sachsen")

    assert find_organisation("impro").found == impro


def test_the_same_name_twice_is_ambiguous_and_each_is_offered():
    dresden = make_organisation(name="Müller GmbH", city="Dresden")
    chemnitz = make_organisation(name="Mueller GmbH", city="Chemnitz")

    match = find_organisation("Müller")

    assert match.ambiguous
    assert set(match.candidates) == {dresden, chemnitz}


def test_an_ambiguous_name_lists_at_most_the_cap_and_says_there_are_more():
    for n in range(CANDIDATES + 3):
        make_organisation(name=f"Feinwerk {n} GmbH")

    match = find_organisation("Feinwerk")

    assert len(match.candidates) == CANDIDATES
    assert match.more


@pytest.mark.parametrize(("text", "key"), [("Telegartner", "telegaertner"), ("Wirtschaftsforderung", "wfs")])
def test_an_unknown_name_offers_close_names(atlas, text, key):
    # A typo, or an umlaut typed as its bare vowel: offered, not guessed.
    match = find_organisation(text)

    assert match.found is None and not match.ambiguous
    assert match.close == [atlas[key]]


def test_people_are_never_candidates_whether_private_or_public(atlas):
    secret = make_person(name="Erika Verborgenheit", is_public=False)
    known = make_person(name="Hans Bekanntmann", is_public=True)
    make_position(person=secret, organisation=atlas["wfs"])
    make_position(person=known, organisation=atlas["wfs"])

    for name in ("Verborgenheit", "Erika Verborgenheit", "Bekanntmann"):
        match = find_organisation(name)
        assert (match.found, match.candidates, match.close) == (None, [], [])
        assert suggestions(name) == []


@pytest.mark.parametrize("text", ["GmbH", "e.V.", "%", "_", ".*", "(", "'; DROP TABLE x; --", "ü" * 3])
def test_odd_names_find_nothing_or_something_but_never_fail(atlas, text):
    find_organisation(text)
    suggestions(text)


def test_name_words_fold_and_leave_out_legal_forms():
    assert name_words("Industrieverein Sachsen 1828 e. V.") == ["industrieverein", "sachsen", "1828"]
    assert name_words("GmbH") == ["gmbh"]  # nothing else to look for
    assert name_words("Müller & Müller") == ["mueller"]


def test_the_lookup_reads_the_trigram_index_of_the_names(atlas):
    # The index of migration 0020 serves the word-start match and the close names; with
    # sequential scans off the plan shows whether the query can use it at all.
    queries = [
        Organisation.objects.named(["telegaertner", "geraetebau"]),
        Organisation.objects.close_to(["telegartner"]),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset in queries:
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "organisation_names_trgm_idx" in plan, plan


# The page and its JSON --------------------------------------------------------------------


def test_part_of_a_name_finds_the_path(client, atlas):
    page = client.get(PATH, {"von": "Telegärtner", "nach": "WFS"})

    assert page.status_code == 200
    assert "Verbunden in 1 Schritt" in page.text
    assert 'value="Telegärtner"' in page.text  # the field keeps what was typed


def test_an_ambiguous_name_offers_each_candidate_as_a_link_that_searches_again(client, atlas):
    other = make_organisation(name="Telegärtner Karl Gärtner GmbH", slug="telegaertner-karl", city="Steinenbronn")

    page = client.get(PATH, {"von": "telegärtner", "nach": "wfs", "stand": "2024-01-01"})

    assert page.status_code == 200
    assert "„telegärtner“ (Von) passt auf mehrere Organisationen" in page.text
    assert "Welche Organisation meinen Sie mit „telegärtner“?" in page.text
    assert "Steinenbronn" in page.text
    link = f"{PATH}?von=telegaertner-karl&amp;nach=wfs&amp;stand=2024-01-01"
    assert f'href="{link}"' in page.text
    picked = client.get(link.replace("&amp;", "&"))
    assert picked.status_code == 200
    assert "Verbunden in" not in picked.text  # the other Telegärtner has no connection
    assert "Zwischen Telegärtner Karl Gärtner GmbH und Wirtschaftsförderung Sachsen GmbH" in picked.text
    assert other.name in picked.text


def test_the_json_lists_the_candidates_of_an_ambiguous_name(client, atlas):
    make_organisation(name="Telegärtner Karl Gärtner GmbH", slug="telegaertner-karl")

    data = client.get(PATH, {"von": "Telegärtner", "nach": "wfs", "format": "json"})

    assert data.status_code == 200
    assert data.json()["paths"] == []
    assert data.json()["candidates"] == {
        "von": [
            {"name": "Telegärtner Gerätebau GmbH", "slug": "telegaertner"},
            {"name": "Telegärtner Karl Gärtner GmbH", "slug": "telegaertner-karl"},
        ]
    }


def test_an_unknown_name_is_a_404_that_offers_close_names(client, atlas):
    page = client.get(PATH, {"von": "Telegartner", "nach": "wfs"})

    assert page.status_code == 404
    assert "Diese Organisation kennt der Atlas nicht: „Telegartner“." in page.text
    assert "Meinten Sie statt „Telegartner“ eine dieser Organisationen?" in page.text
    assert f'href="{PATH}?von=telegaertner&amp;nach=wfs"' in page.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"von": "Telegärtner", "nach": ""}, "Bitte beide Organisationen angeben"),
        ({"von": "   ", "nach": "wfs"}, "Bitte beide Organisationen angeben"),
        ({"von": "Telegärtner", "nach": "x" * 201}, "„Nach“: Der Name ist zu lang (höchstens 200 Zeichen)."),
        ({"von": "Tele\x00gärtner", "nach": "wfs"}, "„Von“ enthält Steuerzeichen"),
        ({"von": "Tele\tgärtner", "nach": "wfs"}, "„Von“ enthält Steuerzeichen"),
        ({"von": "Telegärtner", "nach": "Telegärtner Gerätebau"}, "dieselbe Organisation"),
        ({"von": "WFS", "nach": "Wirtschaftsförderung Sachsen"}, "dieselbe Organisation"),
    ],
)
def test_bad_input_gets_a_clear_message_and_never_a_500(client, atlas, params, message):
    page = client.get(PATH, params)
    data = client.get(PATH, {**params, "format": "json"})

    assert page.status_code == 200
    assert message in page.text
    assert data.status_code in (200, 400)
    assert any(message in error for error in data.json()["errors"])
    assert data.json()["paths"] == []


def test_finding_the_path_by_names_costs_the_same_queries_as_by_slugs(client, django_assert_num_queries, atlas):
    for _ in range(3):
        make_organisation(name="Telegärtner Zulieferer GmbH")  # more rows with the word "Telegärtner"
    params = {"von": "Telegärtner Gerätebau", "nach": "WFS", "format": "json"}
    client.get(PATH, params)  # Django caches the content types the sources need

    # 1 the search limit's count, 2 "Telegärtner Gerätebau" and 3 "WFS" (one lookup each, as a
    # slug is), 4 the graph tables' versions, 5 one level from the start (it reaches the goal),
    # 6 the edge's details, 7 its sources, 8 the nodes' names
    with django_assert_num_queries(8):
        response = client.get(PATH, params)
    assert response.json()["length"] == 1


def test_an_ambiguous_and_an_unknown_name_cost_a_query_each_and_one_for_close_names(
    client, django_assert_num_queries, atlas
):
    make_organisation(name="Telegärtner Karl Gärtner GmbH")

    # 1 the search limit's count, 2 the lookup of "Telegärtner" (two fit), 3 the lookup of
    # "Wirtschaftsfördrung" (none fits) and 4 its close names; no path is searched
    with django_assert_num_queries(4):
        response = client.get(PATH, {"von": "Telegärtner", "nach": "Wirtschaftsfördrung", "format": "json"})
    assert response.status_code == 404
    assert [o["slug"] for o in response.json()["candidates"]["nach"]] == ["wfs"]


# Suggestions as one types -------------------------------------------------------------------


def test_suggestions_list_organisations_whose_names_begin_so(client, atlas):
    response = client.get(SUGGEST, {"q": "telegä"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [
            {
                "name": "Telegärtner Gerätebau GmbH",
                "short_name": "",
                "slug": "telegaertner",
                "kind": "firm",
                "kind_label": "Unternehmen",
                "city": "Höckendorf",
                "value": "Telegärtner Gerätebau GmbH",
            }
        ]
    }


def test_suggestions_are_capped(client):
    for n in range(CANDIDATES + 5):
        make_organisation(name=f"Präzisionsglas {n}")

    results = client.get(SUGGEST, {"q": "praezisions"}).json()["results"]

    assert len(results) == CANDIDATES


def test_two_suggestions_of_one_name_fill_the_field_with_their_slugs(client):
    make_organisation(name="Müller GmbH", slug="mueller-dresden", city="Dresden")
    make_organisation(name="Müller GmbH", slug="mueller-chemnitz", city="Chemnitz")
    make_organisation(name="Müllerei Sachsen", slug="muellerei")

    results = client.get(SUGGEST, {"q": "Müller"}).json()["results"]

    assert sorted(r["value"] for r in results) == ["Müllerei Sachsen", "mueller-chemnitz", "mueller-dresden"]


def test_a_typo_suggests_the_close_names(client, atlas):
    results = client.get(SUGGEST, {"q": "Telegartner"}).json()["results"]

    assert [r["slug"] for r in results] == ["telegaertner"]


def test_suggestions_under_english_addresses_carry_english_labels(client, atlas):
    results = client.get("/en" + SUGGEST, {"q": "wfs"}).json()["results"]

    assert [r["slug"] for r in results] == ["wfs"]
    assert results[0]["kind_label"] == "Public body"


@pytest.mark.parametrize(
    ("q", "status"),
    [("", 200), ("t", 200), ("  ", 200), ("x" * 201, 400), ("tele\x00", 400), ("tele\ngaertner", 400)],
)
def test_short_or_bad_input_to_the_suggestions_is_answered_without_a_500(client, atlas, q, status):
    response = client.get(SUGGEST, {"q": q})

    assert response.status_code == status
    if status == 200:
        assert response.json() == {"results": []}
    else:
        assert response.json()["errors"]


def test_suggestions_cost_a_fixed_number_of_queries(client, django_assert_num_queries, atlas):
    for n in range(5):
        make_organisation(name=f"Telegärtner Tochter {n} GmbH")

    # 1 the suggestion limit's count, 2 the names' table version (nothing is cached inside a
    # test's transaction), 3 the lookup
    with django_assert_num_queries(3):
        assert len(client.get(SUGGEST, {"q": "telegärtner"}).json()["results"]) == 6
    # 1 the count, 2 the version, 3 the lookup (none), 4 the close names
    with django_assert_num_queries(4):
        client.get(SUGGEST, {"q": "Telegartner"})
    # 1 the count: too short to look anything up
    with django_assert_num_queries(1):
        client.get(SUGGEST, {"q": "t"})


@pytest.mark.django_db(transaction=True)
def test_suggestions_are_cached_until_an_organisation_changes(client, django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner")
    client.get(SUGGEST, {"q": "telegaertner"})

    # 1 the count, 2 the names' table version: the answer comes from the cache
    with django_assert_num_queries(2):
        cached = client.get(SUGGEST, {"q": "Telegärtner"}).json()["results"]
    firm.name = "Telegärtner Gerätebau Dresden GmbH"
    firm.save()
    fresh = client.get(SUGGEST, {"q": "Telegärtner"}).json()["results"]

    assert [r["name"] for r in cached] == ["Telegärtner Gerätebau GmbH"]
    assert [r["name"] for r in fresh] == ["Telegärtner Gerätebau Dresden GmbH"]
    cache.clear()


# The rate limit, both sides ---------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"search": "2/d", "suggest": "3/d", "export": "1/d", "correction": "1/d"}


def test_suggestions_past_their_limit_get_429_and_another_client_does_not(limits, atlas):
    visitor = Client(REMOTE_ADDR="192.0.2.10")
    allowed = [visitor.get(SUGGEST, {"q": "tele"}).status_code for _ in range(3)]

    refused = visitor.get(SUGGEST, {"q": "telegae"})
    other = Client(REMOTE_ADDR="192.0.2.11").get(SUGGEST, {"q": "tele"})

    assert allowed == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other.status_code == 200


def test_typing_does_not_use_up_the_path_searches(limits, atlas):
    visitor = Client(REMOTE_ADDR="192.0.2.12")
    for _ in range(3):
        visitor.get(SUGGEST, {"q": "tele"})

    searches = [visitor.get(PATH, {"von": "Telegärtner", "nach": "WFS"}).status_code for _ in range(3)]

    assert searches == [200, 200, 429]


# On SQLite (make run) ------------------------------------------------------------------------


@pytest.mark.smoke
def test_forgiving_names_and_suggestions_work_on_either_database(client):
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner")
    make_organisation(name="Industrieverein Sachsen 1828 e.V.", slug="verein", short_name="IVS")

    assert find_organisation("telegaertner gerätebau").found == firm
    assert find_organisation("Industrieverein Sachsen 1828").found.slug == "verein"
    assert find_organisation("ivs").found.slug == "verein"
    assert [r["slug"] for r in client.get(SUGGEST, {"q": "Telegä"}).json()["results"]] == ["telegaertner"]
    assert [r["slug"] for r in client.get(SUGGEST, {"q": "Telegartner"}).json()["results"]] == ["telegaertner"]


def test_the_plain_form_needs_no_script_and_loads_the_combobox_from_static_files(client):
    page = client.get(PATH)

    assert page.status_code == 200
    assert 'name="von"' in page.text and 'name="nach"' in page.text
    assert 'data-suggest="/kooperationen/pfad/vorschlaege.json"' in page.text
    assert "/static/js/combobox.js" in page.text
    assert "<script>" not in page.text  # the CSP allows no inline script
    assert 'role="combobox"' not in page.text  # the script makes them comboboxes, not the HTML


def test_sqlite_fallback_query_matches_nothing_it_should_not(atlas):
    # The close names of a word nobody wrote: none, on PostgreSQL by similarity.
    assert find_organisation("Zzyzx").close == []


def test_the_queries_name_only_the_organisation_table(client, atlas):
    with CaptureQueriesContext(connection) as queries:
        client.get(SUGGEST, {"q": "Telegartner"})
    lookups = [q["sql"] for q in queries.captured_queries if "netzwerk_names" in q["sql"]]

    assert lookups and all("directory_person" not in sql for sql in lookups)


def test_the_candidates_and_messages_speak_english_under_en(client, atlas):
    make_organisation(name="Telegärtner Karl Gärtner GmbH", slug="telegaertner-karl")

    page = client.get("/en" + PATH, {"von": "Telegärtner", "nach": "wfs"})
    too_long = client.get("/en" + PATH, {"von": "Telegärtner", "nach": "x" * 201})

    assert page.status_code == 200
    assert "Which organisation do you mean by “Telegärtner”?" in page.text
    assert "fits several organisations; please choose one." in page.text
    assert f'href="/en{PATH}?von=telegaertner-karl&amp;nach=wfs"' in page.text
    assert "the name is too long (at most 200 characters)." in too_long.text
