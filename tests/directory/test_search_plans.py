"""The text search is served by its GIN indexes on PostgreSQL, not by reading every row."""

import pytest
from django.db import connection

from directory.models import Organisation
from directory.search import fuzzy_match, parse_query, refresh_search_documents, search

pytestmark = pytest.mark.django_db

WORDS = ["Präzision", "Kabel", "Getriebe", "Glas", "Gerätebau", "Feinmechanik", "Zerspanung", "Design"]


@pytest.fixture
def many_organisations():
    Organisation.objects.bulk_create(
        Organisation(name=f"{WORDS[n % len(WORDS)]}werk {n} GmbH", slug=f"werk-{n}") for n in range(3000)
    )
    refresh_search_documents()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_organisation")
        # Planner costs at this size are close; forbidding sequential scans shows whether the
        # query *can* use the index, which is what a 100k-row table then chooses by itself.
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_the_full_text_search_uses_the_gin_index(many_organisations):
    queryset = search(Organisation.objects.all(), parse_query("Kabelkonfekt"))

    plan = queryset.explain()

    assert "organisation_search_vector_idx" in plan


def test_the_typo_tolerant_search_uses_the_trigram_index(many_organisations):
    queryset = Organisation.objects.filter(fuzzy_match(parse_query("Getribe")))

    plan = queryset.explain()

    assert "organisation_search_text_trgm_idx" in plan
    assert queryset.exists()
