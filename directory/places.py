"""Places in the search text: "Kabelkonfektion bei Dresden", "Präzisionsglas in Thüringen",
"Spritzguss nahe 09111", "Werkzeugbau im Raum Zwickau".

recognise() finds one place in the query's folded tokens: a postcode, or the name of a
municipality, district, independent city or state of the region table (folded, so "Thueringen"
and "thüringen" are Thüringen), with the German function words around it:

- "bei / nahe / um / im Raum / Umgebung X" draws a radius (25 km) around X, when X is a
  municipality, an independent city or a postcode; around a district or a state it means the
  region;
- "in / im / Region X" and a bare place name filter by the region;
- a postcode is a point, so always a radius.

The recognised words (the place and its function words) leave the text search, so neither
"bei" nor "Dresden" has to appear in a firm's own text (on SQLite every word must). A place
name next to another word of the query that together make part of a known organisation's name
("Industrieverein Sachsen", "TU Chemnitz") stays text. A name shared by several municipalities
filters nothing until one is chosen (`ort=<slug>`); the page offers them.

Queries: one for the regions named (when the text has a word that could be one), one for a
postcode (when it has five digits), one for organisation names (a bare place next to another
word only).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from directory.text import fold

DEFAULT_RADIUS_KM = 25
# Folded function words. "im Raum" is "im" then "raum"; "Umgebung" may follow the place too.
RADIUS_BEFORE = {"bei", "nahe", "um", "raum", "umgebung"}
REGION_BEFORE = {"in", "im", "region"}
RADIUS_AFTER = {"umgebung"}
FUNCTION_WORDS = RADIUS_BEFORE | REGION_BEFORE | RADIUS_AFTER | {"von"}
# The longest place name in words ("Landkreis Sächsische Schweiz-Osterzgebirge").
MAX_WORDS = 4
# Among regions of one name: the state, then the city, the district, the municipality.
KIND_ORDER = {"state": 0, "city": 1, "district": 2, "municipality": 3}


@dataclass
class Place:
    """What was recognised: a radius (`latitude`, `longitude`, `radius_km`) or a region, or
    several municipalities to choose from (`choices`, nothing filtered)."""

    label: str
    words: list[str]  # the folded tokens it took from the query
    region: object = None
    code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    choices: list = field(default_factory=list)

    @property
    def is_radius(self) -> bool:
        return self.radius_km is not None

    def key(self) -> str:
        """For cache keys: what the place filters by."""
        if self.choices:
            return "choices:" + ",".join(r.slug for r in self.choices)
        if self.is_radius:
            return f"radius:{self.code or self.region.slug}:{self.radius_km:g}"
        return f"region:{self.region.slug}"


def _candidates(tokens: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every run of up to MAX_WORDS tokens that could name a place."""
    spans = []
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + MAX_WORDS, len(tokens)) + 1):
            run = tokens[start:end]
            if any(t in FUNCTION_WORDS or t.isdigit() or len(t) < 2 for t in run):
                break
            spans.append((start, end))
    return spans


def _function_before(tokens, start) -> tuple[int, str | None]:
    """(first index of the function words before `start`, "radius"/"region"/None)."""
    if start >= 2 and tokens[start - 2] == "im" and tokens[start - 1] == "raum":
        return start - 2, "radius"
    if start >= 2 and tokens[start - 2] == "umgebung" and tokens[start - 1] == "von":
        return start - 2, "radius"
    if start >= 1 and tokens[start - 1] in RADIUS_BEFORE:
        return start - 1, "radius"
    if start >= 1 and tokens[start - 1] in REGION_BEFORE:
        return start - 1, "region"
    return start, None


def recognise(tokens: list[str], *, chosen: str = "", radius_km: float | None = None) -> Place | None:
    """The place in the folded `tokens`, or None. `chosen`: the slug the user picked among
    municipalities of one name; `radius_km`: the radius asked for (25 km without)."""
    from directory.models import Organisation, PostalCode, Region

    radius = float(radius_km or DEFAULT_RADIUS_KM)
    found = []  # (has function word, length, -start, start, end, mode, regions or postcode)

    codes = [i for i, t in enumerate(tokens) if len(t) == 5 and t.isdigit()]
    if codes:
        i = codes[0]
        row = (
            PostalCode.objects.filter(code=tokens[i], latitude__isnull=False)
            .values_list("latitude", "longitude")
            .first()
        )
        if row is not None:
            first, _ = _function_before(tokens, i)
            end = i + 1 + (1 if i + 1 < len(tokens) and tokens[i + 1] in RADIUS_AFTER else 0)
            return Place(
                label=tokens[i],
                words=tokens[first:end],
                code=tokens[i],
                latitude=row[0],
                longitude=row[1],
                radius_km=radius,
            )

    spans = _candidates(tokens)
    if not spans:
        return None
    names = {" ".join(tokens[s:e]) for s, e in spans}
    slugs = {name.replace(" ", "-") for name in names}
    condition = Q(slug__in=slugs | {f"landkreis-{slug}" for slug in slugs})
    # Municipalities of one name have the district in their slug ("hartmannsdorf-landkreis-greiz").
    condition |= reduce(or_, (Q(slug__startswith=f"{slug}-") for slug in slugs))
    by_name: dict[str, list] = {}
    for region in Region.objects.filter(condition).select_related("parent"):
        folded = fold(region.name)
        for name in dict.fromkeys((folded, folded.removeprefix("landkreis "))):
            if name in names:
                # An exact name before "Landkreis X" for "X" ("Zwickau" is the town).
                by_name.setdefault(name, []).append((name != folded, KIND_ORDER[region.kind], region))
    if not by_name:
        return None

    for start, end in spans:
        name = " ".join(tokens[start:end])
        if name not in by_name:
            continue
        first, mode = _function_before(tokens, start)
        after = end < len(tokens) and tokens[end] in RADIUS_AFTER
        if after:
            mode = "radius"
        found.append((mode is not None, end - start, -start, first, start, end + after, mode, name))
    if not found:
        return None
    found.sort(reverse=True)
    has_word, _, _, first, start, end, mode, name = found[0]

    if not has_word:
        # A bare place name next to another word: part of an organisation's name?
        phrases = []
        if start > 0:
            phrases.append(" ".join(tokens[start - 1 : end]))
        if end < len(tokens):
            phrases.append(" ".join(tokens[start : end + 1]))
        if (
            phrases
            and Organisation.objects.filter(
                reduce(or_, (Q(name__icontains=p) | Q(short_name__iexact=p) | Q(aliases__icontains=p) for p in phrases))
            ).exists()
        ):
            return None

    regions = sorted(by_name[name], key=lambda entry: (entry[0], entry[1], entry[2].name, entry[2].slug))
    best = [r for landkreis, order, r in regions if (landkreis, order) == regions[0][:2]]
    picked = [r for r in best if r.slug == chosen]
    words = tokens[first:end]
    if len(best) > 1 and not picked:
        return Place(label=best[0].name, words=words, choices=best)
    region = picked[0] if picked else best[0]
    if mode == "radius" and region.kind in ("municipality", "city") and region.latitude is not None:
        return Place(
            label=region.name,
            words=words,
            region=region,
            latitude=region.latitude,
            longitude=region.longitude,
            radius_km=radius,
        )
    return Place(label=region.name, words=words, region=region)
