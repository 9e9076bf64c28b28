import time

from django.core.management.base import BaseCommand
from django.db import transaction

from directory.seed.articles import load_articles
from directory.seed.vocabulary import load_vocabularies


class Command(BaseCommand):
    help = (
        "Load the vocabularies (regions and postcodes, sectors, competences) and the seed network "
        "from the five articles. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        # One transaction: a run that fails half-way leaves the database as it was.
        with transaction.atomic():
            vocabularies = load_vocabularies()
            articles = load_articles()
        elapsed = time.monotonic() - started

        self.stdout.write("Vocabularies:")
        for line in vocabulary_lines(vocabularies):
            self.stdout.write(f"  {line}")
        self.stdout.write("Articles:")
        for label, counts in articles.items():
            self.stdout.write(
                f"  {label:<24} {counts['created']:>4} created  {counts['updated']:>4} updated  "
                f"{counts['unchanged']:>4} unchanged"
            )
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
