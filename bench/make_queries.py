"""Write bench/cold_queries.tsv: the distinct directory queries of the cold run (bench/cold.sh).

The set is committed with the bench and fixed before any optimising, so a later run measures
the same traffic; regenerate it only on purpose (and say so in the commit). It is built from
the vocabulary of `generate_network --firms 100000 --seed 1` (competences with their synonyms
and fields, sectors, regions, networks, postcodes), read in a fixed order and drawn with a
fixed seed, so the same dataset gives the same file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench13_big .venv/bin/python bench/make_queries.py

Each line: number, category, path on the site (`/firmen/?…`). Categories (the mix is written
into the file's header): broad words, narrow words, typos, words with no hit, and filter
combinations (region × network × competence × sector × size, `stand=`, `plz`+`umkreis`, text
with filters, deep pages). The last column of the header lists, for the text categories, how
many of their words the exact search (the prefix tsquery the site runs first) finds fewer
than three firms for: those take the site's typo path.
"""

import os
import random
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench import synthetic  # noqa: E402
from directory.models import Competence, Organisation, PostalCode, Region, Sector  # noqa: E402
from directory.text import fold  # noqa: E402

OUT = BENCH_DIR / "cold_queries.tsv"
SEED = 13
PLACES = (
    "Chemnitz",
    "Dresden",
    "Leipzig",
    "Erfurt",
    "Jena",
    "Zwickau",
    "Gera",
    "Weimar",
    "Plauen",
    "Gotha",
    "Freiberg",
    "Bautzen",
    "Görlitz",
    "Suhl",
    "Meißen",
)
FAMILIES = ("Müller", "Schmidt", "Schubert", "Wagner", "Krause", "Richter", "Uhlig", "Lindner")
# Spellings buyers type: some fold to the right word (Fraesen), some are a prefix of it
# (Spritzgus), some match nothing exactly (Kunststoffverarbeitung, issue 13).
GIVEN_TYPOS = (
    "Kunststoffverarbeitung",
    "Fraesen",
    "Spritzgus",
    "Getribe",
    "Kabelkonfecktion",
    "Schweisen",
    "Präzisonstechnik",
    "Leiterplatenbestückung",
    "Oberflächentechnick",
    "Zerspannung",
    "Blechbearbeitng",
    "Elektronikfertigun",
)
NO_HIT = (
    "Quantenkryptografie",
    "Bäckerei",
    "Weinbau",
    "Friseursalon",
    "Zahnarztpraxis",
    "Blumenladen",
    "Tierarztpraxis",
    "Hufschmied",
    "Reisebüro",
    "Kindergarten",
    "Imkerei",
    "Brauerei",
    "Fahrschule",
    "Steuerberatung",
    "Bestattungen",
    "Yogastudio",
    "Kosmetikstudio",
    "Hundeschule",
    "Eisdiele",
    "Pizzeria",
    "Tattoostudio",
    "Schlüsseldienst",
    "Surfschule",
    "Zirkus",
    "Xylophon",
    "Vulkanologie",
    "Gletscherforschung",
    "Pinguinzucht",
    "Zuckerwatte",
    "Ballett",
)
N_BROAD, N_NARROW, N_TYPO, N_NOHIT = 80, 80, 60, 40


def exact_hits(word: str) -> int:
    """Firms the exact search finds (up to 3), as the site's needs_fuzzy() asks."""
    tokens = list(dict.fromkeys(fold(word).split()))[:10]
    if not tokens:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM directory_organisation WHERE kind = 'firm' AND "
            "search_vector @@ to_tsquery('german', %s) LIMIT 3) s",
            [" & ".join(f"{t}:*" for t in tokens)],
        )
        return cursor.fetchone()[0]


def typo_of(rng: random.Random, word: str) -> str:
    """One keyboard slip in the middle of the word: a letter dropped, doubled, swapped or wrong."""
    letters = list(word)
    i = rng.randrange(3, max(4, len(letters) - 1))
    i = min(i, len(letters) - 2)
    op = rng.choice(("drop", "swap", "double", "wrong"))
    if op == "drop":
        del letters[i]
    elif op == "swap":
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif op == "double":
        letters.insert(i, letters[i])
    else:
        letters[i] = rng.choice("aeiounrst".replace(letters[i].lower(), ""))
    return "".join(letters)


def main() -> None:
    rng = random.Random(SEED)
    firms = Organisation.objects.firms()
    if firms.count() < 1000:
        sys.exit("make_queries: generate the 100k firms first (bench/README.md)")
    leaves = list(
        Competence.objects.filter(parent__isnull=False)
        .annotate(n=Count("organisations"))
        .order_by("-n", "slug")
        .values("slug", "name", "synonyms", "n")
    )
    fields = list(Competence.objects.filter(parent__isnull=True).order_by("slug").values("slug", "name"))
    sectors = list(Sector.objects.order_by("slug").values_list("slug", flat=True))
    states = list(Region.objects.filter(kind="state").order_by("slug").values_list("slug", flat=True))
    districts = list(
        Region.objects.filter(kind__in=("district", "city"))
        .annotate(n=Count("organisations"))
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    municipalities = list(
        Region.objects.filter(kind="municipality", organisations__kind="firm")
        .distinct()
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    networks = list(
        Organisation.objects.networks()
        .filter(slug__endswith=synthetic.SUFFIX)
        .annotate(n=Count("member_links"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
    )
    postcodes = list(
        PostalCode.objects.filter(latitude__isnull=False).order_by("code").values_list("code", flat=True).distinct()
    )
    synonyms = sorted({s.strip() for c in leaves for s in re.split(r"[,\n]", c["synonyms"] or "") if s.strip()})
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(category: str, params: list[tuple[str, str]]) -> bool:
        path = "/firmen/?" + urlencode(params)
        if path in seen:
            return False
        seen.add(path)
        rows.append((category, path))
        return True

    def fill(category: str, n: int, words) -> None:
        start = len(rows)
        for word in words:
            if len(rows) - start >= n:
                break
            add(category, [("q", word)])

    # Broad: the most common competences, the trades firms are named after, big places, names.
    broad = [c["name"] for c in leaves[:35]] + list(synthetic.TRADES) + list(PLACES) + list(FAMILIES)
    broad += [f["name"].split()[0] for f in fields]
    fill("broad", N_BROAD, dict.fromkeys(broad))
    # Narrow: rare competences, synonyms, a competence in a place, a family with a trade.
    rare = [c["name"] for c in leaves[-25:]]
    narrow = rare + rng.sample(synonyms, min(30, len(synonyms)))
    narrow += [f"{rng.choice(leaves[:40])['name']} {rng.choice(PLACES)}" for _ in range(20)]
    narrow += [f"{rng.choice(FAMILIES)} {rng.choice(synthetic.TRADES)}" for _ in range(20)]
    fill("narrow", N_NARROW, narrow)
    # Typos: the given spellings, then one slip in a competence, synonym or trade.
    typos = list(GIVEN_TYPOS)
    sources = [c["name"] for c in leaves if len(c["name"]) >= 7] + [s for s in synonyms if len(s) >= 8]
    while len(typos) < N_TYPO * 3:
        word = rng.choice(sources)
        typo = typo_of(rng, word)
        if fold(typo) != fold(word) and not fold(word).startswith(fold(typo)):
            typos.append(typo)
    fill("typo", N_TYPO, dict.fromkeys(typos))
    fill(
        "nohit",
        N_NOHIT,
        NO_HIT
        + tuple("".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)) for _ in range(40)),
    )

    # Filter combinations, each drawn from the vocabulary.
    comp_all = [c["slug"] for c in leaves] + [f["slug"] for f in fields]
    comp_common = [c["slug"] for c in leaves[:30]]
    nets_top = networks[:40]
    sizes = [value for value, _ in Organisation.EmployeeBand.choices]
    regions = states + districts

    def draw(kinds: str) -> list[tuple[str, str]]:
        params = []
        if "r" in kinds:
            params.append(("region", rng.choice(regions if rng.random() < 0.8 else municipalities)))
        if "n" in kinds:
            params.append(("netzwerk", rng.choice(nets_top if rng.random() < 0.7 else networks)))
        if "k" in kinds:
            params.append(("kompetenz", rng.choice(comp_common if rng.random() < 0.6 else comp_all)))
        if "K" in kinds:  # a second competence (ALL)
            params.append(("kompetenz", rng.choice(comp_common)))
        if "b" in kinds:
            params.append(("branche", rng.choice(sectors)))
        if "g" in kinds:
            params.append(("groesse", rng.choice(sizes)))
        return params

    plan = [
        ("filter:region", "r", 30),
        ("filter:network", "n", 20),
        ("filter:competence", "k", 15),
        ("filter:sector", "b", 8),
        ("filter:size", "g", 5),
        ("filter:region×network", "rn", 25),
        ("filter:region×competence", "rk", 25),
        ("filter:network×competence", "nk", 15),
        ("filter:two competences", "kK", 8),
        ("filter:region×network×competence×sector", "rnkb", 20),
        ("filter:with size", "rkg", 10),
    ]
    for category, kinds, n in plan:
        made = tries = 0
        while made < n and tries < n * 20:
            tries += 1
            made += add(category, draw(kinds))
    # Members on a past day (stand=), with or without a region.
    made = 0
    while made < 15:
        day = f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        made += add(
            "filter:stand",
            [*draw("r" if rng.random() < 0.4 else ""), ("netzwerk", rng.choice(nets_top)), ("stand", day)],
        )
    # Around a postcode, sometimes with a competence.
    made = 0
    while made < 20:
        params = [("plz", rng.choice(postcodes)), ("umkreis", str(rng.choice((5, 10, 25, 50, 100))))]
        made += add("filter:plz+umkreis", params + (draw("k") if rng.random() < 0.5 else []))
    # Text with filters.
    made = 0
    while made < 20:
        word = rng.choice(broad[:50])
        made += add("text+filter", [("q", word), *draw(rng.choice(("r", "n", "k", "rk", "rn")))])
    # Deep pages of broad lists.
    for page, params in (
        (400, []),
        (1200, []),
        (3000, []),
        (50, draw("r")),
        (20, draw("k")),
        (10, [("q", "Kabelkonfektion")]),
        (30, [("q", "GmbH")]),
        (5, draw("rn")),
    ):
        add("deep page", [*params, ("seite", str(page))])

    counts = Counter(category for category, _ in rows)
    typo_path = Counter()
    for category, path in rows:
        if category in ("broad", "narrow", "typo", "nohit"):
            word = path.split("q=", 1)[1]
            typo_path[category] += exact_hits(unquote_plus(word)) < 3
    header = [
        "# The cold run's query set (bench/cold.sh): each path is requested once per run.",
        "# Made by bench/make_queries.py from generate_network --firms 100000 --seed 1 (seed 13);",
        "# committed before the cold-path work of issue 13. Do not edit by hand.",
        f"# {len(rows)} distinct queries: " + ", ".join(f"{category} {n}" for category, n in counts.items()),
        "# Text words the exact search finds fewer than 3 firms for (the site's typo path): "
        + ", ".join(
            f"{category} {typo_path[category]}/{counts[category]}" for category in ("broad", "narrow", "typo", "nohit")
        ),
        "# columns: number, category, path",
    ]
    lines = header + [f"{i}\t{category}\t{path}" for i, (category, path) in enumerate(rows, 1)]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(header))


if __name__ == "__main__":
    main()
