"""The write storm's one write: rename one firm through the ORM (signals, search document,
history and the data version move as for an editor's save), in a process of its own.

Started by bench/cold_run.py before the storm so Django's start-up is not part of it; it
waits for "write" on stdin, saves, prints the wall time after the commit, then waits for
"revert" and puts the old name back (after the measured window), printing again.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from directory.models import Organisation  # noqa: E402

SUFFIX = " (Bench-Schreibtest)"


def save_name(pk: int, name: str) -> None:
    with transaction.atomic():
        firm = Organisation.objects.select_for_update().get(pk=pk)
        firm.name = name
        firm.save()


def main() -> None:
    firm = Organisation.objects.firms().filter(slug__endswith="-syn").order_by("pk").first()
    if firm is None:
        sys.exit("cold_write: no synthetic firm")
    original = firm.name.removesuffix(SUFFIX)
    print(f"ready {firm.pk} {firm.slug}", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "write":
            save_name(firm.pk, original + SUFFIX)
            print(f"written {time.time():.3f}", flush=True)
        elif command == "revert":
            save_name(firm.pk, original)
            print(f"reverted {time.time():.3f}", flush=True)
            return


if __name__ == "__main__":
    main()
