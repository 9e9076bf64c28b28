"""The URLs of the varied load run (bench/load_front.sh): many distinct ones, each sent once.

    DATABASE_URL=postgres://…/bench13_big .venv/bin/python bench/front_paths.py --count 30000 > paths.tsv

Each line: category, tab, path. No path appears twice, so the run never asks for the same page
again (bench/load.sh rotates 123 paths and measures mostly cache hits). Made from the database's
own vocabulary with a fixed seed, so the same database gives the same list: search words
(competences, synonyms, trades, towns, family names, parts of the synthetic firms' names, typos
of them, words with no hit), filter combinations over regions, networks, competences, sectors,
sizes, kinds, dates and postcodes, deep pages, sort orders, the profiles of distinct firms,
people and events, network pages with their member filters, the event list's filters, the
graph page and JSON, ego networks and the path finder. Reads only.
"""

import argparse
import os
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from bench import synthetic  # noqa: E402
from bench.make_queries import FAMILIES, GIVEN_TYPOS, NO_HIT, PLACES, typo_of  # noqa: E402
from directory.graph.edges import EDGE_TYPES  # noqa: E402
from directory.models import Competence, Organisation, Person, PostalCode, Region, Sector, Source  # noqa: E402
from events.models import Event, EventSeries, Topic  # noqa: E402
from netzwerk.lib.fuzzydates import Precision  # noqa: E402

# Shares of the run by category (they sum to 1): what public visitors and crawlers ask for.
MIX = {
    "search": 0.20,
    "search+filter": 0.05,
    "filter": 0.15,
    "list page": 0.04,
    "firm profile": 0.20,
    "person profile": 0.03,
    "event": 0.07,
    "event list": 0.05,
    "network page": 0.08,
    "ego json": 0.05,
    "graph": 0.05,
    "path finder": 0.01,
    "other": 0.02,
}
# Bare list pages, warmed before the run (bench/load_front.sh) and therefore never in it.
WARM_UP = ("/", "/firmen/", "/organisationen/", "/netzwerke/", "/kompetenzen/", "/veranstaltungen/", "/quellen/")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    firms = list(Organisation.objects.firms().order_by("pk").values_list("slug", "name"))
    if len(firms) < 1000:
        sys.exit("front_paths: generate the 100k firms first (bench/README.md)")
    leaves = list(Competence.objects.filter(parent__isnull=False).order_by("slug").values("slug", "name", "synonyms"))
    fields = list(Competence.objects.filter(parent__isnull=True).order_by("slug").values_list("slug", flat=True))
    synonyms = sorted({s.strip() for c in leaves for s in re.split(r"[,\n]", c["synonyms"] or "") if s.strip()})
    sectors = list(Sector.objects.order_by("slug").values_list("slug", flat=True))
    regions = list(Region.objects.exclude(kind="municipality").order_by("slug").values_list("slug", flat=True))
    municipalities = list(
        Region.objects.filter(kind="municipality", organisations__kind="firm")
        .distinct()
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    networks = list(
        Organisation.objects.networks()
        .annotate(n=Count("member_links"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
    )
    postcodes = list(
        PostalCode.objects.filter(latitude__isnull=False).order_by("code").values_list("code", flat=True).distinct()
    )
    people = list(Person.objects.public().order_by("pk").values_list("slug", "name"))
    events = list(Event.objects.order_by("pk").values_list("slug", flat=True))
    # The event pages link their calendar file only for events known to the day (events/feeds.py).
    dated = list(
        Event.objects.filter(start_precision=Precision.DAY, end_precision=Precision.DAY)
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    topics = list(Topic.objects.order_by("slug").values_list("slug", flat=True))
    series = list(EventSeries.objects.order_by("slug").values_list("slug", flat=True))
    sources = list(Source.objects.order_by("slug").values_list("slug", flat=True))
    sizes = [value for value, _ in Organisation.EmployeeBand.choices]
    kinds = [value for value, _ in Organisation.Kind.choices if value != "network"]
    event_kinds = [value for value, _ in Event.Kind.choices]
    edge_types = list(EDGE_TYPES)

    # Words people type: the vocabulary, names and their parts, slips, and words with no hit.
    name_words = sorted(
        {word for _, name in rng.sample(firms, 5000) for word in name.split() if len(word) > 3 and word.isalpha()}
    )
    plain = [c["name"] for c in leaves] + synonyms + list(synthetic.TRADES) + list(PLACES) + list(FAMILIES)

    def word() -> str:
        roll = rng.random()
        if roll < 0.35:
            return rng.choice(plain)
        if roll < 0.50:
            return f"{rng.choice(plain)} {rng.choice(PLACES + FAMILIES)}"
        if roll < 0.62:
            return " ".join(rng.choice(firms)[1].split()[:2])
        if roll < 0.72:
            return rng.choice(name_words)
        if roll < 0.88:
            source = rng.choice([w for w in plain + name_words if len(w) >= 7] or plain)
            return typo_of(rng, source)
        if roll < 0.92:
            return rng.choice(GIVEN_TYPOS)
        if roll < 0.96:
            return rng.choice(NO_HIT)
        return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 5)))

    def day() -> str:
        return f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def filters(most: int = 3) -> list[tuple[str, str]]:
        params = []
        for name in rng.sample(("region", "netzwerk", "kompetenz", "branche", "groesse", "art", "plz"), most):
            if rng.random() > 0.6:
                continue
            if name == "region":
                params.append(("region", rng.choice(regions if rng.random() < 0.7 else municipalities)))
            elif name == "netzwerk":
                params.append(("netzwerk", rng.choice(networks[:40] if rng.random() < 0.6 else networks)))
                if rng.random() < 0.15:
                    params.append(("stand", day()))
            elif name == "kompetenz":
                params.append(("kompetenz", rng.choice(leaves)["slug"] if rng.random() < 0.8 else rng.choice(fields)))
                if rng.random() < 0.1:
                    params.append(("kompetenz", rng.choice(leaves)["slug"]))
            elif name == "branche":
                params.append(("branche", rng.choice(sectors)))
            elif name == "groesse":
                params.append(("groesse", rng.choice(sizes)))
            elif name == "art":
                params.append(("art", rng.choice(kinds)))
            else:
                params += [("plz", rng.choice(postcodes)), ("umkreis", str(rng.choice((5, 10, 25, 50))))]
        return params or [("region", rng.choice(regions))]

    def page(params: list, deep: int = 40) -> list:
        roll = rng.random()
        if roll < 0.15:
            params = [*params, ("sort", rng.choice(("name", "neueste")))]
        if roll > 0.75:
            params = [*params, ("seite", str(rng.randint(2, deep)))]
        return params

    def listing() -> str:
        return rng.choice(("/firmen/", "/firmen/", "/firmen/", "/organisationen/"))

    def make(category: str) -> str:
        if category == "search":
            return listing() + "?" + urlencode(page([("q", word())], deep=8))
        if category == "search+filter":
            return listing() + "?" + urlencode(page([("q", word()), *filters(2)], deep=5))
        if category == "filter":
            return listing() + "?" + urlencode(page(filters(), deep=20))
        if category == "list page":
            path = rng.choice(("/firmen/", "/organisationen/", "/firmen/", "/netzwerke/", "/quellen/"))
            deep = 4000 if path != "/netzwerke/" else 12
            return path + "?" + urlencode([("seite", str(rng.randint(2, deep)))])
        if category == "firm profile":
            return f"/organisationen/{rng.choice(firms)[0]}/"
        if category == "person profile":
            return f"/personen/{rng.choice(people)[0]}/"
        if category == "event":
            if rng.random() < 0.1 and dated:
                return f"/veranstaltungen/{rng.choice(dated)}/kalender.ics"
            return f"/veranstaltungen/{rng.choice(events)}/"
        if category == "event list":
            params = []
            for name in rng.sample(("jahr", "art", "thema", "region", "netzwerk"), rng.randint(1, 3)):
                params.append(
                    (
                        name,
                        {
                            "jahr": lambda: str(rng.randint(2010, 2027)),
                            "art": lambda: rng.choice(event_kinds),
                            "thema": lambda: rng.choice(topics),
                            "region": lambda: rng.choice(regions),
                            "netzwerk": lambda: rng.choice(networks),
                        }[name](),
                    )
                )
            if rng.random() < 0.3:
                params.append(("seite", str(rng.randint(2, 6))))
            return "/veranstaltungen/?" + urlencode(params)
        if category == "network page":
            slug = rng.choice(networks[:60] if rng.random() < 0.5 else networks)
            params = []
            roll = rng.random()
            if roll < 0.35:
                params = filters(2)
                params = [p for p in params if p[0] not in ("netzwerk", "stand", "art")] or [("seite", "2")]
            elif roll < 0.6:
                params = [("seite", str(rng.randint(2, 60)))]
            elif roll < 0.7:
                params = [("ehemalige", "1")]
            elif roll < 0.8:
                params = [("stand", day())]
            elif roll < 0.85:
                # Where the network page links it (its old address answers a permanent redirect).
                return f"/veranstaltungen/netzwerke/{slug}/kalender.ics"
            return f"/netzwerke/{slug}/" + ("?" + urlencode(params) if params else "")
        if category == "ego json":
            params = [("tiefe", rng.choice(("1", "1", "2")))]
            if rng.random() < 0.2:
                params.append(("stand", day()))
            return f"/organisationen/{rng.choice(firms)[0]}/kooperationen.json?" + urlencode(params)
        if category == "graph":
            params = []
            # A day ("stand") or a period ("von"/"bis"), never both: the JSON answers 400 to both.
            when = rng.choice(("von", "stand"))
            for name in rng.sample(("netzwerk", "region", "branche", "art", when), rng.randint(1, 3)):
                if name == "netzwerk":
                    params.append((name, rng.choice(networks)))
                elif name == "region":
                    params.append((name, rng.choice(regions)))
                elif name == "branche":
                    params.append((name, rng.choice(sectors)))
                elif name == "art":
                    params.append((name, rng.choice(edge_types)))
                elif name == "von":
                    start = rng.randint(1995, 2022)
                    params += [("von", str(start)), ("bis", str(rng.randint(start, 2025)))]
                elif name == "stand":
                    params.append((name, day()))
            path = rng.choice(("/kooperationen/", "/kooperationen/graph.json", "/kooperationen/graph.json"))
            return path + "?" + urlencode(params or [("region", rng.choice(regions))])
        if category == "path finder":
            params = [("von", rng.choice(firms)[1]), ("nach", rng.choice(firms)[1])]
            return "/kooperationen/pfad/?" + urlencode(params)
        # Other: series, sources, the competence tree's links into the directory.
        roll = rng.random()
        if roll < 0.3 and series:
            return f"/veranstaltungen/reihen/{rng.choice(series)}/?" + urlencode([("seite", str(rng.randint(1, 4)))])
        if roll < 0.4 and sources:
            return f"/quellen/{rng.choice(sources)}/?" + urlencode([("seite", str(rng.randint(1, 400)))])
        return "/firmen/?" + urlencode([("kompetenz", rng.choice(leaves)["slug"]), ("seite", str(rng.randint(2, 30)))])

    seen = set(WARM_UP)
    rows = []
    for category, share in MIX.items():
        wanted = round(args.count * share)
        made = tries = 0
        while made < wanted and tries < wanted * 50:
            tries += 1
            path = make(category)
            if path not in seen:
                seen.add(path)
                rows.append((category, path))
                made += 1
        if made < wanted:
            print(f"front_paths: only {made} distinct {category} paths of {wanted}", file=sys.stderr)
    rng.shuffle(rows)
    sys.stdout.write("".join(f"{category}\t{path}\n" for category, path in rows))


if __name__ == "__main__":
    main()
