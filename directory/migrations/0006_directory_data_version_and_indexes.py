"""A data version for cached directory counts, and indexes for the directory's hot queries.

PostgreSQL only (the SQLite default is small and does not cache counts, see
directory/filters.py):

- `directory_data_version`: a sequence that statement triggers advance on every write to the
  tables the directory counts read (organisations, their competence and sector links,
  memberships, competences, sectors, regions). A sequence is not transactional, so a rolled
  back write still moves it on, and a number is never handed out twice; that keeps a cached
  count from ever being served for different data under the same number, bulk loads and raw
  SQL included, which signals would miss.
- Indexes that let the hot queries read an index only: (kind, name, id) for the name-sorted
  pages and the filtered id lists, (kind, region_id) and (kind, employees) for the facets on
  organisation columns. Created in SQL rather than Meta.indexes: the lead owns the model, and
  SQLite needs none of them.
"""

from django.db import migrations

TABLES = (
    "directory_organisation",
    "directory_organisation_competences",
    "directory_organisation_sectors",
    "directory_membership",
    "directory_competence",
    "directory_sector",
    "directory_region",
)

FORWARD = [
    "CREATE SEQUENCE IF NOT EXISTS directory_data_version",
    """
    CREATE OR REPLACE FUNCTION directory_bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM nextval('directory_data_version');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version()"
        for table in TABLES
    ),
    "CREATE INDEX IF NOT EXISTS organisation_kind_name_id_idx ON directory_organisation (kind, name, id)",
    "CREATE INDEX IF NOT EXISTS organisation_kind_region_idx ON directory_organisation (kind, region_id)",
    "CREATE INDEX IF NOT EXISTS organisation_kind_employees_idx ON directory_organisation (kind, employees)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS organisation_kind_employees_idx",
    "DROP INDEX IF EXISTS organisation_kind_region_idx",
    "DROP INDEX IF EXISTS organisation_kind_name_id_idx",
    *(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS directory_bump_data_version()",
    "DROP SEQUENCE IF EXISTS directory_data_version",
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
    dependencies = [("directory", "0005_organisation_search_document")]

    operations = [migrations.RunPython(forward, backward)]
