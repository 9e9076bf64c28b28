import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench import synthetic
from directory.seed.vocabulary import load_vocabularies


class Command(BaseCommand):
    help = (
        "Generate a synthetic network for load tests: firms with German names at real postcodes, "
        "networks, memberships over time, people, events, relationships. Reproducible from --seed. "
        "Every generated slug ends in '-syn'; --replace deletes an earlier synthetic run first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=100_000, help="Number of firms (default 100000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--networks", type=int, default=synthetic.NETWORKS)
        parser.add_argument("--events", type=int, default=synthetic.EVENTS)
        parser.add_argument("--replace", action="store_true", help="Delete the synthetic rows of an earlier run first.")

    def handle(self, *args, firms, seed, networks, events, replace, verbosity, **options):
        if firms < 1 or networks < 1 or events < 0:
            raise CommandError("--firms and --networks must be at least 1, --events at least 0.")
        started = time.monotonic()
        log = self.stdout.write if verbosity >= 2 else (lambda message: None)
        # One transaction: a run that fails half-way leaves the database as it was.
        with transaction.atomic():
            load_vocabularies()
            if synthetic.is_synthetic_present():
                if not replace:
                    raise CommandError(
                        "This database already holds a synthetic network. "
                        "Run with --replace to delete it and generate a new one."
                    )
                deleted = synthetic.delete_synthetic()
                self.stdout.write(
                    f"Deleted the earlier synthetic network in {time.monotonic() - started:.1f} s: "
                    f"{deleted.get('organisations', 0)} organisations."
                )
            generating = time.monotonic()
            counts = synthetic.generate_network(firms=firms, seed=seed, networks=networks, events=events, log=log)
            inserted = time.monotonic() - generating

        refresh_note = refresh_search()
        elapsed = time.monotonic() - started
        for label, count in counts.items():
            self.stdout.write(f"  {label:<22} {count:>9}")
        # ru_maxrss is in kilobytes on Linux.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(refresh_note)
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic network (seed {seed}) generated in {elapsed:.1f} s "
                f"({inserted:.1f} s generating and inserting); peak memory {peak_mb:.0f} MB."
            )
        )


def refresh_search() -> str:
    """Recompute the stored search documents of everything just inserted."""
    from django.db import connection

    from directory.search import refresh_search_documents

    started = time.monotonic()
    if connection.vendor == "postgresql":
        # Freshly bulk-loaded tables have no statistics; without them the set-based refresh
        # (and every page afterwards) gets poor plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = refresh_search_documents()
    return f"Search documents refreshed in {time.monotonic() - started:.1f} s ({result})."
