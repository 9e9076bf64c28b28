"""Expired rate-limit windows are deleted by a trigger when a new window's counter is inserted.

Before, the request that happened to draw a 1-in-100 number sent a DELETE of its own: an extra
query at random, which query-count tests could not rely on. Now the INSERT that opens a window
clears the closed ones in the same statement (an AFTER INSERT trigger does not fire on the
upsert's UPDATE path, so only about once per client and window); the `expires` index finds them.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION netzwerk_ratecounter_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM netzwerk_ratecounter WHERE expires < now();
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER netzwerk_ratecounter_cleanup AFTER INSERT ON netzwerk_ratecounter "
    "FOR EACH ROW EXECUTE FUNCTION netzwerk_ratecounter_cleanup()",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS netzwerk_ratecounter_cleanup ON netzwerk_ratecounter",
    "DROP FUNCTION IF EXISTS netzwerk_ratecounter_cleanup()",
]
# Django stores SQLite datetimes as ISO text in UTC ("2026-12-03 20:08:01"), which compares as
# text against datetime('now') (also UTC).
SQLITE = [
    "CREATE TRIGGER netzwerk_ratecounter_cleanup AFTER INSERT ON netzwerk_ratecounter "
    "BEGIN DELETE FROM netzwerk_ratecounter WHERE expires < datetime('now'); END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS netzwerk_ratecounter_cleanup"]


def run(statements):
    def apply(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor, [])
        for statement in chosen:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("netzwerk", "0001_rate_counter")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
