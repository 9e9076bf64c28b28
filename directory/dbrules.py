"""The membership rule on SQLite, the embedded default.

On PostgreSQL migration 0002 installs the triggers for "a membership's target is a network".
SQLite gets the same triggers here, dropped before and put back after every migrate, because
SQLite's table rebuilds (which Django uses for AlterField and friends) fail while a trigger
names the table being rebuilt.
"""

from django.db import connections

MESSAGE = "membership_target_is_network: Mitglied sein kann man nur in einem Netzwerk oder Verband."

SQLITE_TRIGGERS = {
    "membership_target_is_network_insert": f"""
        CREATE TRIGGER IF NOT EXISTS membership_target_is_network_insert
        BEFORE INSERT ON directory_membership
        WHEN (SELECT kind FROM directory_organisation WHERE id = NEW.network_id) IS NOT 'network'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    "membership_target_is_network_update": f"""
        CREATE TRIGGER IF NOT EXISTS membership_target_is_network_update
        BEFORE UPDATE OF network_id ON directory_membership
        WHEN (SELECT kind FROM directory_organisation WHERE id = NEW.network_id) IS NOT 'network'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    "network_keeps_kind": f"""
        CREATE TRIGGER IF NOT EXISTS network_keeps_kind
        BEFORE UPDATE OF kind ON directory_organisation
        WHEN OLD.kind = 'network' AND NEW.kind <> 'network'
            AND EXISTS (SELECT 1 FROM directory_membership WHERE network_id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
}


def drop_sqlite_triggers(using="default", **kwargs):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_triggers(using="default", **kwargs):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"directory_membership", "directory_organisation"} <= tables:
        return  # migrated back to before the tables existed
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
