"""The stored search document of organisations (see directory/search.py).

The fields exist on every database; the folding function and the two GIN indexes (full text on
search_vector, trigrams on search_text) only on PostgreSQL, created here rather than in
Meta.indexes so SQLite migrates too. Existing rows get their documents at the end.
"""

import django.contrib.postgres.search
from django.db import migrations, models

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION netzwerk_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        lower(unaccent('unaccent'::regdictionary,
            replace(replace(replace(replace(replace(replace(replace(replace(value,
                'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'),
                'ß', 'ss'), 'ẞ', 'SS')
        )),
        '[^0-9a-z]+', ' ', 'g'
    ))
$$;
"""

INDEXES = """
CREATE INDEX organisation_search_vector_idx ON directory_organisation USING gin (search_vector);
CREATE INDEX organisation_search_text_trgm_idx ON directory_organisation
    USING gin (search_text gin_trgm_ops);
"""

# The documents as this migration first built them, frozen here: directory.search's refresh has
# since grown (facet keys, the word list of migration 0013) and needs columns made later.
REFRESH_SQL = """
WITH comp AS (
    SELECT oc.organisation_id, string_agg(concat_ws(' ', c.name, c.synonyms, f.name), ' ') AS text
    FROM directory_organisation_competences oc
    JOIN directory_competence c ON c.id = oc.competence_id
    LEFT JOIN directory_competence f ON f.id = c.parent_id
    GROUP BY oc.organisation_id
),
docs AS (
    SELECT o.id,
        concat_ws(' ', o.name, o.short_name, o.aliases) AS a,
        coalesce(comp.text, '') AS b,
        concat_ws(' ', o.description, o.city, r.name, p.name, pp.name) AS c
    FROM directory_organisation o
    LEFT JOIN comp ON comp.organisation_id = o.id
    LEFT JOIN directory_region r ON r.id = o.region_id
    LEFT JOIN directory_region p ON p.id = r.parent_id
    LEFT JOIN directory_region pp ON pp.id = p.parent_id
)
UPDATE directory_organisation t SET
    search_text = netzwerk_fold(concat_ws(' ', d.a, d.b, d.c)),
    search_vector =
        setweight(to_tsvector('german', netzwerk_fold(d.a)), 'A')
        || setweight(to_tsvector('german', netzwerk_fold(d.b)), 'B')
        || setweight(to_tsvector('german', netzwerk_fold(d.c)), 'C')
FROM docs d
WHERE t.id = d.id
"""

BACKWARD = """
DROP INDEX IF EXISTS organisation_search_text_trgm_idx;
DROP INDEX IF EXISTS organisation_search_vector_idx;
DROP FUNCTION IF EXISTS netzwerk_fold(text);
"""


def forward(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_FUNCTION)
        schema_editor.execute(INDEXES)
        schema_editor.execute(REFRESH_SQL)
    else:
        from directory.search import refresh_in_python

        refresh_in_python(Organisation, Organisation.objects.values_list("pk", flat=True))


def add_search_text(apps, schema_editor):
    # SQLite would rebuild the whole table for a NOT NULL column, and the rebuild trips over
    # the membership triggers of 0002 that name this table; a plain ADD COLUMN does not.
    schema_editor.execute("ALTER TABLE directory_organisation ADD COLUMN search_text text NOT NULL DEFAULT ''")


def remove_search_text(apps, schema_editor):
    schema_editor.execute("ALTER TABLE directory_organisation DROP COLUMN search_text")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_postalcode_message")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="organisation",
                    name="search_text",
                    field=models.TextField(blank=True, default="", editable=False, verbose_name="Suchtext"),
                ),
            ],
            database_operations=[migrations.RunPython(add_search_text, remove_search_text)],
        ),
        migrations.AddField(
            model_name="organisation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="Suchvektor"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
