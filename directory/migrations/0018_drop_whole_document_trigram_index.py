"""Drop the trigram index over whole search documents (PostgreSQL only).

Typos are corrected against the word list now (migration 0012, directory/search.py); nothing
compares a query with whole documents any more, and the index made every document refresh
rewrite hundreds of trigram entries.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_search_text_trgm_idx")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organisation_search_text_trgm_idx ON directory_organisation"
            " USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0017_import_record")]

    operations = [migrations.RunPython(forward, backward)]
