"""Time `manage.py import_organisations` on a 10,000-row member list.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_10k.py [--rows 10000] [--keep]

Needs a migrated database with the seed vocabularies and networks (`manage.py load_seed_network`;
the script loads them when no network exists). Writes a reproducible CSV (semicolons, BOM, as
German Excel saves it) to a temporary folder and times three runs of the command: the first
creates every row, the second finds nothing to change, the third changes one field in every row.
Everything runs inside one transaction that is rolled back at the end, unless --keep is given.
Not part of the test suite: tests are never timed.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from directory.models import Competence, Organisation, PostalCode, Sector  # noqa: E402

COLUMNS = [
    "name",
    "kind",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "founded",
    "employees",
    "competences",
    "sectors",
    "networks",
    "member_since",
    "source_url",
    "source_title",
]


class Rollback(Exception):
    pass


def write_csv(path: Path, rows: int, *, phone_suffix: str) -> None:
    rng = random.Random(1)
    networks = list(Organisation.objects.networks().values_list("slug", flat=True))
    sectors = list(Sector.objects.values_list("name", flat=True))
    competences = list(Competence.objects.values_list("name", flat=True))
    postcodes = list(PostalCode.objects.select_related("region").values_list("code", "region__name")[:2000])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in range(1, rows + 1):
            code, city = rng.choice(postcodes) if postcodes else ("", "")
            chosen = rng.sample(competences, k=min(3, len(competences)))
            if i % 50 == 0:
                chosen.append(f"Benchkompetenz {i // 500}")  # a few unknown ones, created unreviewed
            writer.writerow(
                [
                    f"Bench Firma {i} GmbH",
                    "firm",
                    f"www.bench-firma-{i}.example",
                    f"info@bench-firma-{i}.example",
                    f"0351 {i:06d}{phone_suffix}",
                    f"Hauptstraße {i % 200 + 1}",
                    code,
                    city,
                    str(1950 + i % 70),
                    rng.choice(["1-9", "10-49", "50-249", "250-999"]),
                    "; ".join(chosen),
                    rng.choice(sectors) if sectors else "",
                    rng.choice(networks),
                    str(2000 + i % 24),
                    "https://example.org/bench-mitgliederliste",
                    "Bench-Mitgliederliste",
                ]
            )


def timed(label: str, path: Path) -> float:
    started = time.perf_counter()
    call_command("import_organisations", str(path), verbosity=1)
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.1f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Commit the imported rows instead of rolling back.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark is meant for PostgreSQL: set DATABASE_URL.")
    if not Organisation.objects.networks().exists():
        call_command("load_seed_network", verbosity=0)
    print(f"{Organisation.objects.count()} organisations in the database before the import")
    with tempfile.TemporaryDirectory() as folder:
        first, changed = Path(folder, "liste.csv"), Path(folder, "liste-neu.csv")
        write_csv(first, args.rows, phone_suffix="")
        write_csv(changed, args.rows, phone_suffix="-1")
        try:
            with transaction.atomic():
                timed(f"{args.rows} rows, all new", first)
                timed(f"{args.rows} rows, unchanged", first)
                timed(f"{args.rows} rows, each updated", changed)
                if not args.keep:
                    raise Rollback
        except Rollback:
            print("rolled back")


if __name__ == "__main__":
    main()
