"""Refresh every search document: they now hold the competences' English names as well
(directory/search.py), so /en/firmen/?q=cable finds the cable assemblers. Data only."""

from django.db import migrations


def forward(apps, schema_editor):
    from directory import search

    if schema_editor.connection.vendor == "postgresql":
        # One UPDATE for every document, and the word list rebuilt from them.
        search.refresh_search_documents(None)
        return
    Organisation = apps.get_model("directory", "Organisation")
    search.refresh_in_python(Organisation, Organisation.objects.values_list("pk", flat=True))


class Migration(migrations.Migration):
    dependencies = [("directory", "0018_drop_whole_document_trigram_index")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
