"""Unreviewed competences (created by imports), redirects for merged organisations, and a
trigram index on the folded names for the duplicates page in admin (PostgreSQL only, like the
indexes of migration 0005).
"""

import django.db.models.deletion
from django.db import migrations, models


NAME_TRGM_INDEX = """
CREATE INDEX IF NOT EXISTS organisation_name_fold_trgm_idx ON directory_organisation
    USING gin (netzwerk_fold(name) gin_trgm_ops);
"""


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NAME_TRGM_INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_name_fold_trgm_idx;")


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0006_directory_data_version_and_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='competence',
            name='reviewed',
            field=models.BooleanField(default=True, verbose_name='Geprüft'),
        ),
        migrations.CreateModel(
            name='OrganisationRedirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_slug', models.SlugField(max_length=200, unique=True, verbose_name='Früheres Kürzel (URL)')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='Angelegt')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='redirects', to='directory.organisation', verbose_name='Organisation')),
            ],
            options={
                'verbose_name': 'Weiterleitung',
                'verbose_name_plural': 'Weiterleitungen',
                'ordering': ['old_slug'],
            },
        ),
        migrations.RunPython(add_index, drop_index),
    ]
