"""PostgreSQL extensions for search, and the rule that a membership's target is a network.

The rule spans two tables, which a CHECK constraint cannot, so a trigger enforces it on both
vendors: on inserting or re-pointing a membership, and on changing the kind of an
organisation that still has members. CreateExtension does nothing on SQLite by itself.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

MESSAGE = "membership_target_is_network: Mitglied sein kann man nur in einem Netzwerk oder Verband."

POSTGRES_FORWARD = f"""
CREATE FUNCTION directory_membership_target_is_network() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM directory_organisation WHERE id = NEW.network_id AND kind = 'network'
    ) THEN
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_target_is_network';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER membership_target_is_network
    BEFORE INSERT OR UPDATE OF network_id ON directory_membership
    FOR EACH ROW EXECUTE FUNCTION directory_membership_target_is_network();

CREATE FUNCTION directory_network_keeps_kind() RETURNS trigger AS $$
BEGIN
    IF OLD.kind = 'network' AND NEW.kind <> 'network' AND EXISTS (
        SELECT 1 FROM directory_membership WHERE network_id = NEW.id
    ) THEN
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_target_is_network';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER network_keeps_kind
    BEFORE UPDATE OF kind ON directory_organisation
    FOR EACH ROW EXECUTE FUNCTION directory_network_keeps_kind();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS network_keeps_kind ON directory_organisation;
DROP FUNCTION IF EXISTS directory_network_keeps_kind();
DROP TRIGGER IF EXISTS membership_target_is_network ON directory_membership;
DROP FUNCTION IF EXISTS directory_membership_target_is_network();
"""

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER membership_target_is_network_insert
    BEFORE INSERT ON directory_membership
    WHEN (SELECT kind FROM directory_organisation WHERE id = NEW.network_id) IS NOT 'network'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER membership_target_is_network_update
    BEFORE UPDATE OF network_id ON directory_membership
    WHEN (SELECT kind FROM directory_organisation WHERE id = NEW.network_id) IS NOT 'network'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER network_keeps_kind
    BEFORE UPDATE OF kind ON directory_organisation
    WHEN OLD.kind = 'network' AND NEW.kind <> 'network'
        AND EXISTS (SELECT 1 FROM directory_membership WHERE network_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS membership_target_is_network_insert",
    "DROP TRIGGER IF EXISTS membership_target_is_network_update",
    "DROP TRIGGER IF EXISTS network_keeps_kind",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
