"""Refresh the organisations whose network keys run out today (run daily, after midnight).

"Current member" changes at midnight without any write: a membership starts or ends. Each
organisation's keys say until which day they hold (`facet_networks_until`, migration 0013);
this refreshes those whose day has come, with the search document, in one statement. Until it
runs, the filters answer those rows from the memberships (directory/filters/sets.py), so a missed
run is slower, not wrong. `--all` rebuilds every organisation's keys and the word list (after
a restore, or to correct the word counts).
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from directory.models import Organisation
from directory.search import refresh_search_documents


def due_organisations(day=None):
    """Organisations whose network keys no longer hold on `day` (today)."""
    day = day or timezone.localdate()
    return Organisation.objects.extra(where=["facet_networks_until <= %s"], params=[day])


class Command(BaseCommand):
    help = (
        "Refresh the facet keys (networks, regions, competences, sectors) of the organisations "
        "whose current memberships change today; --all: every organisation and the word list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every organisation, and the word list afresh.")

    def handle(self, *args, all=False, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite: no facet keys; the filters read the link tables.")
            return
        with transaction.atomic():
            if all:
                count = Organisation.objects.count()
                refresh_search_documents()
            else:
                ids = list(due_organisations().values_list("pk", flat=True))
                count = len(ids)
                refresh_search_documents(ids)
        self.stdout.write(f"Facet keys refreshed for {count} organisations.")
