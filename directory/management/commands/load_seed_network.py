import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.search import deferred_search_refresh
from directory.seed.articles import load_articles
from directory.seed.public import PublicRecord, PublicRecordError
from directory.seed.records import SeedWriter, report_lines
from directory.seed.vocabulary import load_vocabularies


class Command(BaseCommand):
    help = (
        "Load the vocabularies (regions and postcodes, sectors, competences) and the seed network: "
        "the five articles and the public record (directory/seed/public/*.yaml). Safe to run again: "
        "a second run changes nothing, and a value an editor changed or a record an editor deleted "
        "is left alone and reported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--public-dir",
            type=Path,
            default=None,
            help="Where the public record's YAML files are (default: settings.SEED_PUBLIC_DIR, "
            "which is directory/seed/public/).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            # Read and checked before anything is written: every error at once, with file and id.
            public = PublicRecord.read(options["public_dir"] or Path(settings.SEED_PUBLIC_DIR))
        except PublicRecordError as error:
            raise CommandError(str(error)) from error
        # One transaction: a run that fails half-way leaves the database as it was. The search
        # documents (and facet keys) of the organisations it touches are refreshed once at the
        # end, not once per save: on PostgreSQL that is most of a first run's time otherwise.
        with transaction.atomic(), deferred_search_refresh():
            vocabularies = load_vocabularies()
            writer = SeedWriter()
            articles = load_articles(writer, extras=public.article_extras())
            public.load(writer)
        elapsed = time.monotonic() - started

        self.stdout.write("Vocabularies:")
        for line in vocabulary_lines(vocabularies):
            self.stdout.write(f"  {line}")
        self.stdout.write("Articles and public record:")
        for line in report_lines(writer.report):
            self.stdout.write(f"  {line}")
        articles = writer.counts
        changed = sum(c["created"] + c["updated"] for c in articles.values())
        changed += sum(v for k, v in vocabularies.items() if k.endswith(("_created", "_updated")))
        verdict = "nothing changed" if changed == 0 else f"{changed} rows created or updated"
        self.stdout.write(self.style.SUCCESS(f"Seed network loaded in {elapsed:.1f} s: {verdict}."))


def vocabulary_lines(counts: dict[str, int]) -> list[str]:
    """ "regions_created": 3, "regions_updated": 0 -> "regions   3 created   0 updated"."""
    grouped: dict[str, dict[str, int]] = {}
    for key, value in counts.items():
        label, _, what = key.rpartition("_")
        grouped.setdefault(label or key, {})[what] = value
    return [
        f"{label:<24} " + "  ".join(f"{value:>4} {what}" for what, value in values.items())
        for label, values in grouped.items()
    ]
