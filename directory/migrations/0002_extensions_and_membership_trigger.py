"""PostgreSQL extensions for search, and the rule that a membership's target is a network.

The rule spans two tables, which a CHECK constraint cannot, so a trigger enforces it: on
inserting or re-pointing a membership, and on changing the kind of an organisation that still
has members. On SQLite the same triggers come from directory.dbrules after each migrate.
CreateExtension does nothing on SQLite by itself.
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

def create_triggers(apps, schema_editor):
    # SQLite gets the same rule from directory.dbrules after every migrate instead: its table
    # rebuilds (AlterField and friends) fail while a trigger names the table being rebuilt.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
