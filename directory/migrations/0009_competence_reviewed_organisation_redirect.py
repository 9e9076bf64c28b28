"""Unreviewed competences (created by imports) and redirects for merged organisations."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0008_data_version_for_every_public_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='competence',
            name='reviewed',
            field=models.BooleanField(default=True, verbose_name='Geprüft'),
        ),
        migrations.AddField(
            model_name='historicalcompetence',
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
    ]
