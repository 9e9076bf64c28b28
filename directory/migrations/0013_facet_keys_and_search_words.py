"""Facet keys on organisations and the word list of the search documents (PostgreSQL only).

Both serve the directory's cold path (issue 13); directory/search.py keeps them current in the
same statement that rebuilds an organisation's search document, and directory/facets.py reads
them. SQLite gets neither and keeps the joins (small databases, `make run`).

- `facet_regions`: the organisation's region and the regions above it (municipality, district,
  state); a region filter is `facet_regions @> ARRAY[id]`.
- `facet_competences`: its competences and their fields (the tree is two levels deep), so a
  field's filter and count include its competences.
- `facet_sectors`: its sectors.
- `facet_networks`: the networks it is a member of on the day of the last refresh, valid until
  `facet_networks_until` (exclusive): the first day on which one of its memberships starts or
  ends. Readers use the keys only where `facet_networks_until > today` and fall back to the
  membership join otherwise, so a missed nightly refresh is slower, never wrong.
- `directory_search_word`: every distinct word of the folded search documents with the number
  of documents containing it, trigram-indexed: the query's words are corrected against it.

Columns in SQL rather than on the model: ArrayField does not exist on SQLite, and nothing but
the raw facet queries reads them.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE directory_organisation
        ADD COLUMN facet_regions integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN facet_competences integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN facet_sectors integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN facet_networks integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN facet_networks_until date NOT NULL DEFAULT '-infinity'
    """,
    "CREATE INDEX organisation_facet_regions_idx ON directory_organisation USING gin (facet_regions)",
    "CREATE INDEX organisation_facet_competences_idx ON directory_organisation USING gin (facet_competences)",
    "CREATE INDEX organisation_facet_sectors_idx ON directory_organisation USING gin (facet_sectors)",
    "CREATE INDEX organisation_facet_networks_idx ON directory_organisation USING gin (facet_networks)",
    "CREATE INDEX organisation_facet_networks_until_idx ON directory_organisation (facet_networks_until)",
    """
    CREATE TABLE directory_search_word (
        word text PRIMARY KEY,
        ndoc integer NOT NULL
    )
    """,
    # The column keeps the database's collation: a trigram index on a "C" column is not used
    # for the default-collation query. Prefixes (LIKE 'token%') by the pattern index.
    "CREATE INDEX search_word_trgm_idx ON directory_search_word USING gin (word gin_trgm_ops)",
    "CREATE INDEX search_word_prefix_idx ON directory_search_word (word text_pattern_ops)",
]

BACKWARD = [
    "DROP TABLE IF EXISTS directory_search_word",
    """
    ALTER TABLE directory_organisation
        DROP COLUMN IF EXISTS facet_regions,
        DROP COLUMN IF EXISTS facet_competences,
        DROP COLUMN IF EXISTS facet_sectors,
        DROP COLUMN IF EXISTS facet_networks,
        DROP COLUMN IF EXISTS facet_networks_until
    """,
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)
    from directory.search import refresh_search_documents

    # Existing rows: keys and words. Imported here, as the refresh is the one that stays current.
    refresh_search_documents()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_cache_versions_per_table")]

    operations = [migrations.RunPython(forward, backward)]
