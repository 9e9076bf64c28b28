"""Writes to the event tables advance the directory's data version (PostgreSQL only).

The event list's counts, the network pages' event sections and the calendar feeds are cached
under `directory_data_version` (directory migration 0006), so every write to what they read
has to move it on: the same statement triggers and function as the directory tables. SQLite
caches nothing (see directory.filters.data_version) and gets nothing here.
"""

from django.db import migrations

TABLES = (
    "events_event",
    "events_participation",
    "events_event_topics",
    "events_topic",
    "events_eventseries",
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
    dependencies = [
        ("events", "0001_initial"),
        # The sequence and directory_bump_data_version() the triggers call.
        ("directory", "0006_directory_data_version_and_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
