"""Search: the stored document, relevance on a small fixture with known answers, the index."""

import pytest
from django.db import connection

from directory.models import Competence, Organisation
from directory.search import parse_query, refresh_search_documents
from tests.factories import make_competence, make_organisation


def names(response):
    return [row["organisation"].name for row in response.context["results"]]


@pytest.fixture
def firms(db):
    cables = make_competence(name="Kabelkonfektion", slug="kabelkonfektion", synonyms="Kabelbaum\nKabelsatz")
    gears = make_competence(name="Getriebe", slug="getriebe", synonyms="Zahnradfertigung")
    optics = make_competence(name="Präzisionsoptik", slug="praezisionsoptik")
    telegaertner = make_organisation(
        name="Telegärtner Karl Gärtner GmbH",
        city="Steinenbronn",
        description="Steckverbinder und konfektionierte Kabel in kleinen Stückzahlen.",
    )
    telegaertner.competences.add(cables)
    geising = make_organisation(
        name="Feinwerktechnik Geising GmbH",
        city="Altenberg",
        description="Getriebe und Baugruppen nach Kundenwunsch.",
    )
    geising.competences.add(gears)
    glas = make_organisation(
        name="Glashütte Präzisionstechnologie AG",
        city="Glashütte",
        description="Uhrwerke und feine Mechanik.",
    )
    glas.competences.add(optics)
    mueller = make_organisation(name="Mueller Zahnrad GmbH", city="Chemnitz", description="Lohnfertigung.")
    mueller.competences.add(gears)
    # Mentions cables only in its description: below the firm with the competence.
    other = make_organisation(name="Elektro Sonstwas GmbH", description="Wir verlegen auch mal ein Kabel.")
    return {"telegaertner": telegaertner, "geising": geising, "glas": glas, "mueller": mueller, "other": other}


@pytest.mark.parametrize(
    "query, first",
    [
        ("Kabelkonfektion", "Telegärtner Karl Gärtner GmbH"),
        ("Kabel", "Telegärtner Karl Gärtner GmbH"),
        ("Kabelbaum", "Telegärtner Karl Gärtner GmbH"),
        ("Kabelkonfektoin", "Telegärtner Karl Gärtner GmbH"),
        ("Getribe", "Feinwerktechnik Geising GmbH"),
        ("Zahnradfertigung", "Feinwerktechnik Geising GmbH"),
        ("Präzision", "Glashütte Präzisionstechnologie AG"),
        ("Praezision", "Glashütte Präzisionstechnologie AG"),
        ("Glashuette", "Glashütte Präzisionstechnologie AG"),
        ("Glashütte", "Glashütte Präzisionstechnologie AG"),
        ("Müller", "Mueller Zahnrad GmbH"),
        ("telegaertner", "Telegärtner Karl Gärtner GmbH"),
    ],
)
def test_the_right_firm_comes_first(client, firms, query, first):
    response = client.get("/firmen/", {"q": query})

    assert response.status_code == 200
    assert names(response)[0] == first


def test_a_competence_ranks_above_a_mention_in_the_description(client, firms):
    response = client.get("/firmen/", {"q": "Kabel"})

    assert names(response) == ["Telegärtner Karl Gärtner GmbH", "Elektro Sonstwas GmbH"]


def test_every_word_of_the_query_must_match(client, firms):
    response = client.get("/firmen/", {"q": "Getriebe Altenberg"})

    assert names(response) == ["Feinwerktechnik Geising GmbH"]


def test_the_snippet_marks_the_match_and_escapes_the_rest(client, firms):
    firm = firms["geising"]
    firm.description = "Getriebe <script>alert(1)</script> & Kupplungen für R&D <3 nach Kundenwunsch."
    firm.save()

    response = client.get("/firmen/", {"q": "Getriebe"})

    assert "<mark>Getriebe</mark>" in response.text
    assert "<script>alert(1)" not in response.text
    assert "&amp; Kupplungen" in response.text


def test_the_document_follows_the_name_and_the_aliases(firms):
    firm = firms["other"]
    firm.name = "Neuer Name GmbH"
    firm.aliases = "Alter Käse"
    firm.save()

    firm.refresh_from_db()
    assert "neuer name" in firm.search_text
    assert "alter kaese" in firm.search_text
    assert Organisation.objects.filter(pk=firm.pk, search_vector="kaese").exists()


def test_the_document_follows_the_competence_set(firms):
    firm = firms["other"]
    welding = make_competence(name="Schweißen", slug="schweissen")

    firm.competences.add(welding)
    firm.refresh_from_db()
    assert "schweissen" in firm.search_text

    firm.competences.remove(welding)
    firm.refresh_from_db()
    assert "schweissen" not in firm.search_text

    welding.organisations.add(firm)
    firm.refresh_from_db()
    assert "schweissen" in firm.search_text

    welding.organisations.clear()
    firm.refresh_from_db()
    assert "schweissen" not in firm.search_text


def test_the_document_follows_a_competence_synonym(firms):
    gears = firms["geising"].competences.get()

    gears.synonyms = "Zahnradfertigung\nStirnradgetriebe"
    gears.save()

    for firm in (firms["geising"], firms["mueller"]):
        firm.refresh_from_db()
        assert "stirnradgetriebe" in firm.search_text


def test_the_document_follows_a_region_rename(db):
    from tests.factories import make_region

    state = make_region(name="Sachsen", slug="sachsen")
    firm = make_organisation(region=state)
    state.name = "Freistaat Sachsen"
    state.save()

    firm.refresh_from_db()
    assert "freistaat sachsen" in firm.search_text


def test_a_bulk_refresh_rebuilds_every_document_in_one_statement(firms, django_assert_num_queries):
    Organisation.objects.update(search_text="", search_vector=None)

    # 1 the tables analysed (a full refresh may follow a bulk load); 2 every document and its
    # facet keys; 3 and 4 the word list emptied and counted afresh
    with django_assert_num_queries(4):
        refresh_search_documents()

    assert not Organisation.objects.filter(search_text="").exists()
    assert not Organisation.objects.filter(search_vector=None).exists()
    with django_assert_num_queries(1):
        refresh_search_documents(Organisation.objects.filter(name__startswith="Glas"))
    with django_assert_num_queries(0):
        refresh_search_documents([])


def test_sql_folding_matches_python_folding(db):
    from directory.text import fold

    samples = ["Müller", "GLASHÜTTE", "Straße", "Crème Brûlée", "Präzisions-Technik (PT)", "ÄÖÜẞ"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT netzwerk_fold(%s)", [sample])
            assert cursor.fetchone()[0] == fold(sample), sample


def test_a_long_query_is_cut_with_a_notice():
    parsed = parse_query("Kabel " * 2000)

    assert len(parsed.tokens) == 1
    assert parsed.notice

    many = parse_query(" ".join(f"wort{n}" for n in range(30)))
    assert len(many.tokens) == 10
    assert "ersten 10" in many.notice


def test_tsquery_operators_in_the_input_are_plain_text():
    parsed = parse_query("kabel & !getriebe | (x:*) <-> 'y'")

    assert parsed.tokens == ["kabel", "getriebe", "x", "y"]


def test_a_text_search_uses_the_gin_index(firms):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        queryset = Organisation.objects.filter(
            search_vector=__import__("directory.search", fromlist=["x"])._tsquery(parse_query("Kabel"))
        )
        plan = queryset.explain()
    assert "organisation_search_vector_idx" in plan


def word_counts(*words):
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, ndoc FROM directory_search_word WHERE word = ANY(%s)", [list(words)])
        return dict(cursor.fetchall())


def test_the_word_list_counts_the_documents_of_each_word(firms):
    assert word_counts("getriebe", "kabelkonfektion", "zahnradfertigung") == {
        "getriebe": 2,
        "kabelkonfektion": 1,
        "zahnradfertigung": 2,
    }


def test_the_word_list_follows_edits_and_deletions(firms):
    firms["glas"].competences.add(Competence.objects.get(slug="getriebe"))
    assert word_counts("getriebe")["getriebe"] == 3

    firms["geising"].delete()
    firms["mueller"].competences.clear()
    assert word_counts("getriebe")["getriebe"] == 1


def test_the_word_list_kept_by_edits_equals_one_built_afresh(firms):
    firms["telegaertner"].competences.add(make_competence(name="Drehen", slug="drehen"))
    firms["other"].delete()
    Organisation.objects.filter(pk=firms["glas"].pk).update(name="Quarzwerk AG")
    refresh_search_documents([firms["glas"].pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, ndoc FROM directory_search_word WHERE ndoc > 0 ORDER BY word")
        kept = cursor.fetchall()
    refresh_search_documents()
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, ndoc FROM directory_search_word ORDER BY word")
        assert cursor.fetchall() == kept


def test_a_typo_is_searched_as_the_closest_words_and_offered(client, firms):
    response = client.get("/firmen/", {"q": "Getribe"})

    assert names(response)[0] == "Feinwerktechnik Geising GmbH"
    assert [option["text"] for option in response.context["did_you_mean"]][0] == "getriebe"
    assert "Meinten Sie" in response.text


def test_a_word_close_to_nothing_finds_nothing_without_reading_a_document(client, firms, django_assert_max_num_queries):
    captured = []
    with connection.execute_wrapper(lambda execute, sql, *args: captured.append(sql) or execute(sql, *args)):
        response = client.get("/firmen/", {"q": "xqzvw"})

    assert response.context["count"] == 0
    assert response.status_code == 200
    # The word list is asked; no query reads the organisations' documents.
    assert any("directory_search_word" in sql for sql in captured)
    assert not any("search_vector" in sql for sql in captured)


def test_a_known_word_is_not_corrected(firms):
    from directory.search import correct

    parsed = correct(parse_query("Getriebe Kabel"))

    assert parsed.corrections == {}
    assert parsed.suggestions() == []


def test_the_seed_has_search_documents(db):
    from django.core.management import call_command

    call_command("load_seed_network", verbosity=0)

    assert Organisation.objects.exists()
    assert not Organisation.objects.filter(search_text="").exists()
    assert not Organisation.objects.filter(search_vector=None).exists()
