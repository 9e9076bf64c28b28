"""Facet counts of the unfiltered lists, kept by triggers (PostgreSQL only).

`directory_facet_total` holds, per organisation kind, the number of organisations and the
number per facet key (competence and field, sector, region, network, size), as the facet keys
of migration 0013 say. Statement triggers with transition tables move the counts by the
difference of every INSERT, UPDATE and DELETE on directory_organisation, in one upsert per
statement (a bulk refresh of every row included), so the unfiltered directory and each facet
counted under no other filter read a few dozen rows instead of counting 100k organisations.
The network counts are as of the keys' refresh: readers correct them for the organisations
whose keys have run out (directory/filters.py), as the filters do.
"""

from django.db import migrations

from netzwerk.lib.versioning import track_tables, untrack_tables

DELTA = """
SELECT kind, 'count', '', {sign} FROM {rows}
UNION ALL SELECT kind, 'kompetenz', k::text, {sign} FROM {rows}, unnest(facet_competences) k
UNION ALL SELECT kind, 'branche', k::text, {sign} FROM {rows}, unnest(facet_sectors) k
UNION ALL SELECT kind, 'region', k::text, {sign} FROM {rows}, unnest(facet_regions) k
UNION ALL SELECT kind, 'netzwerk', k::text, {sign} FROM {rows}, unnest(facet_networks) k
UNION ALL SELECT kind, 'groesse', employees, {sign} FROM {rows} WHERE employees <> ''
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION directory_facet_totals_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO directory_facet_total AS t (scope, facet, key, n)
    SELECT d.scope, d.facet, d.key, sum(d.n) FROM ({delta}) d(scope, facet, key, n)
    GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (scope, facet, key) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END
$$
"""

DELTAS = {
    "insert": DELTA.format(rows="new_rows", sign=1),
    "delete": DELTA.format(rows="old_rows", sign=-1),
    "update": DELTA.format(rows="new_rows", sign=1) + " UNION ALL " + DELTA.format(rows="old_rows", sign=-1),
}
REFERENCING = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}

FORWARD = [
    """
    CREATE TABLE directory_facet_total (
        scope text NOT NULL,
        facet text NOT NULL,
        key text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (scope, facet, key)
    )
    """,
    *(FUNCTION.format(op=op, delta=DELTAS[op]) for op in DELTAS),
    *(
        f"CREATE TRIGGER organisation_facet_totals_{op} AFTER {op.upper()} ON directory_organisation "
        f"REFERENCING {REFERENCING[op]} FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_totals_{op}()"
        for op in DELTAS
    ),
    # TRUNCATE (a test database's flush, a restore) fires no row or statement DELETE trigger:
    # the totals and the word list (migration 0013) go with the rows.
    """
    CREATE OR REPLACE FUNCTION directory_facet_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM directory_facet_total;
        DELETE FROM directory_search_word;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER organisation_facet_totals_truncate AFTER TRUNCATE ON directory_organisation "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_totals_truncate()",
    # The counts of the rows already there.
    "INSERT INTO directory_facet_total (scope, facet, key, n) SELECT d.scope, d.facet, d.key, sum(d.n) FROM ("
    + DELTA.format(rows="directory_organisation", sign=1)
    + ") d(scope, facet, key, n) GROUP BY 1, 2, 3",
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS organisation_facet_totals_{op} ON directory_organisation" for op in [*DELTAS, "truncate"]),
    *(f"DROP FUNCTION IF EXISTS directory_facet_totals_{op}()" for op in [*DELTAS, "truncate"]),
    "DROP TABLE IF EXISTS directory_facet_total",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_facet_keys_and_search_words")]

    operations = [
        migrations.RunPython(forward, backward),
        # Cached pages read both tables (directory/caching.py): they advance their versions too.
        migrations.RunPython(
            track_tables("directory_facet_total", "directory_search_word"),
            untrack_tables("directory_facet_total", "directory_search_word"),
        ),
    ]
