"""Writes to people, positions, relationships, sources, citations and postcodes advance the
data version too (PostgreSQL only).

The rendered parts of the directory, network and event pages are cached under
`directory_data_version` (directory/fragments.py), and those parts show these tables as well:
a network page its staff, partners and footnotes, the directory's postcode filter its
postcodes. The same statement triggers and function as migration 0006; SQLite caches nothing
and gets nothing here.
"""

from django.db import migrations

TABLES = (
    "directory_person",
    "directory_position",
    "directory_relationship",
    "directory_source",
    "directory_citation",
    "directory_postalcode",
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version()"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_history_and_editors")]

    operations = [migrations.RunPython(forward, backward)]
