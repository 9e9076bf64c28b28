"""One version per public table instead of one for all, advanced at commit (PostgreSQL only).

Replaces the single `directory_data_version` sequence of migrations 0006 and 0008 and events
0002: a write to one table made every cached page cold at once, and a sequence advanced
before the commit (a page built in between was cached as current without the write) and is
not replicated exactly (a standby sees it in steps of 32). See netzwerk/lib/versioning.py for
the triggers and netzwerk/lib/cache.py for how pages use the versions.

The people tables also advance `privacy` when a person is made private or a person, position
or participation is removed: pages showing people are then never served out of date.
SQLite caches nothing and gets nothing here.
"""

from django.db import migrations

from netzwerk.lib import versioning

TABLES = (
    # directory migration 0006
    "directory_organisation",
    "directory_organisation_competences",
    "directory_organisation_sectors",
    "directory_membership",
    "directory_competence",
    "directory_sector",
    "directory_region",
    # directory migration 0008
    "directory_person",
    "directory_position",
    "directory_relationship",
    "directory_source",
    "directory_citation",
    "directory_postalcode",
    # events migration 0002
    "events_event",
    "events_participation",
    "events_event_topics",
    "events_topic",
    "events_eventseries",
)
REMOVALS = ("directory_person", "directory_position", "events_participation")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_bump_data_version()")
    schema_editor.execute("DROP SEQUENCE IF EXISTS directory_data_version")
    versioning.install(schema_editor)
    versioning.track(schema_editor, *TABLES)
    versioning.track_removals(schema_editor, *REMOVALS)
    versioning.track_person_hidden(schema_editor, "directory_person")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    versioning.untrack_privacy(schema_editor, *REMOVALS)
    versioning.untrack(schema_editor, *TABLES)
    versioning.uninstall(schema_editor)
    schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS directory_data_version")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION directory_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN PERFORM nextval('directory_data_version'); RETURN NULL; END $$"
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version()"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_sitepage"),
        # The event tables' triggers of events migration 0002 are replaced here too.
        ("events", "0003_history"),
    ]

    operations = [migrations.RunPython(forward, backward)]
