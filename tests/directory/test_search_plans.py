"""The hot queries are served by their indexes on PostgreSQL, not by reading every row.

On enough rows, after ANALYZE, so the planner's choice is the one a 100k-firm database makes:
the text search by the GIN index on search_vector, the facet filters by the GIN indexes on the
facet keys (migration 0013), the word correction by the word list's trigram index and key.
"""

import datetime
import random

import pytest
from django.db import connection
from django.http import QueryDict

from directory import search
from directory.filters import FirmFilter, KeysContain, one_pass_facets
from directory.models import Competence, Membership, Organisation, Region
from directory.search import parse_query, refresh_search_documents

pytestmark = pytest.mark.django_db

WORDS = ["Präzision", "Kabel", "Getriebe", "Glas", "Gerätebau", "Feinmechanik", "Zerspanung", "Design"]
FIRMS = 4000


@pytest.fixture
def many_organisations():
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")
    rng = random.Random(1)
    states = [Region.objects.create(name=f"Land {n}", slug=f"land-{n}", kind="state") for n in range(2)]
    districts = [
        Region.objects.create(name=f"Kreis {n}", slug=f"kreis-{n}", kind="district", parent=states[n % 2])
        for n in range(60)
    ]
    fields = [Competence.objects.create(name=f"Feld {n}", slug=f"feld-{n}") for n in range(10)]
    competences = [
        Competence.objects.create(name=f"Kompetenz {n}", slug=f"kompetenz-{n}", parent=fields[n % 10])
        for n in range(100)
    ]
    networks = Organisation.objects.bulk_create(
        Organisation(name=f"Netzwerk {n}", slug=f"netzwerk-{n}", kind="network") for n in range(60)
    )
    firms = Organisation.objects.bulk_create(
        Organisation(
            name=f"{WORDS[n % len(WORDS)]}werk {n} GmbH",
            slug=f"werk-{n}",
            kind="firm",
            region=rng.choice(districts),
        )
        for n in range(FIRMS)
    )
    through = Organisation.competences.through
    through.objects.bulk_create(
        through(organisation_id=firm.pk, competence_id=competence.pk)
        for firm in firms
        for competence in rng.sample(competences, 3)
    )
    Membership.objects.bulk_create(
        Membership(organisation=firm, network=rng.choice(networks), start_date=datetime.date(2010, 1, 1))
        for firm in firms
    )
    refresh_search_documents()
    # Words enough that the word list is no toy: the correction must not read it whole.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO directory_search_word (word, ndoc) SELECT 'wort' || md5(n::text), 1"
            " FROM generate_series(1, 20000) n ON CONFLICT DO NOTHING"
        )
        cursor.execute("ANALYZE")
    return {"district": districts[7], "network": networks[3], "competence": competences[5], "field": fields[2]}


def plan_of(sql, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def no_seqscan(many_organisations):
    # At a few thousand rows the planner's costs for a sequential scan and an index are close;
    # forbidding sequential scans shows whether the query *can* use the index, which is what a
    # 100k-row table then chooses by itself (measured: bench at 100k firms, issue 13).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return many_organisations


def test_the_full_text_search_uses_the_gin_index(no_seqscan):
    queryset = search.search(Organisation.objects.all(), parse_query("Kabelwerk"))

    assert "organisation_search_vector_idx" in queryset.explain()


@pytest.mark.parametrize(
    "column, key",
    [
        ("facet_regions", "district"),
        ("facet_competences", "competence"),
        ("facet_competences", "field"),
    ],
)
def test_a_facet_filter_uses_its_gin_index(no_seqscan, column, key):
    queryset = Organisation.objects.filter(KeysContain(column, [no_seqscan[key].pk]))

    assert f"organisation_{column}_idx" in queryset.explain()


def test_the_one_pass_over_a_region_and_a_network_reads_only_their_rows_by_index(many_organisations):
    filterset = FirmFilter(
        QueryDict(f"region={many_organisations['district'].slug}&netzwerk={many_organisations['network'].slug}"),
        queryset=Organisation.objects.firms(),
    )
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        one_pass_facets(filterset, "name", 0, 25)
    sql, params = captured[-1]

    plan = plan_of(sql, params)
    assert "organisation_facet_regions_idx" in plan
    assert "organisation_facet_networks_idx" in plan
    assert "Seq Scan on directory_organisation" not in plan


def test_the_word_correction_uses_the_trigram_index_and_the_prefix_index(no_seqscan):
    # On the 100k-firm database (10,000 real words) the planner chooses both indexes by itself
    # (EXPLAIN ANALYZE: 1 ms for four words, 98 ms with a sequential scan); on these synthetic
    # words its choice varies with ANALYZE's sample, so this shows the query *can* use them.
    plan = plan_of(*search._correct_sql(["getribe", "kabel"]))

    assert "search_word_trgm_idx" in plan
    assert "search_word_prefix_idx" in plan
    assert "Seq Scan on directory_search_word" not in plan
    assert search.correct(parse_query("Getribe")).corrections == {"getribe": ["getriebewerk"]}
