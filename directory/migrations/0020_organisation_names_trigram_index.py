"""A trigram index over the folded names of each organisation (PostgreSQL only), for the path
finder's forgiving name match and its suggestions as one types (directory/names.py).

netzwerk_names(name, short_name, aliases) folds the three as netzwerk_fold() does (migration
0005). It carries its own search_path: pg_restore rebuilds indexes with an empty one, under
which netzwerk_fold() would not find unaccent(). SQLite gets the same function in Python
(directory/names.py); a full scan of its small tables needs no index.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION netzwerk_names(name text, short_name text, aliases text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$ SELECT netzwerk_fold(name || ' ' || short_name || ' ' || aliases) $$;

CREATE INDEX IF NOT EXISTS organisation_names_trgm_idx ON directory_organisation
    USING gin (netzwerk_names(name, short_name, aliases) gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS organisation_names_trgm_idx;
DROP FUNCTION IF EXISTS netzwerk_names(text, text, text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("directory", "0019_search_documents_with_english_competence_names")]

    operations = [migrations.RunPython(forward, backward)]
