"""Load the reference vocabularies: regions with their postcodes, sectors and competences.

Every loader can run again: it finds what is already there (regions by their official key,
sectors and competences by slug), creates what is missing and updates what the data now says
differently. Nothing is deleted, so rows added in the admin stay. Each loader returns how many
rows it created and updated.

The loaders work in a handful of bulk queries, not one per row: the regions and postcodes are
some 2,300 rows and the command that calls this runs on every fresh database.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

from django.db import models, transaction

from directory.models import Competence, Organisation, PostalCode, Region, Sector
from directory.search import refresh_search_documents
from directory.seed.competences import FIELDS
from directory.seed.sectors import SECTORS
from directory.text import german_slugify

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
POSTCODES_FILE = DATA_DIR / "zuordnung_plz_ort.csv"
COORDINATES_FILE = DATA_DIR / "plz_geocoord.csv"
STATES = ("Sachsen", "Thüringen")

REGION_FIELDS = ["name", "slug", "kind", "parent", "ags", "latitude", "longitude"]
POSTCODE_FIELDS = ["latitude", "longitude"]
SECTOR_FIELDS = ["name", "name_en", "slug", "description"]
# A competence's description is left to the editors; the data file does not carry one.
COMPETENCE_FIELDS = ["name", "name_en", "slug", "parent", "synonyms"]


@transaction.atomic
def load_vocabularies() -> dict[str, int]:
    """Regions, sectors and competences, all or none; the counts of the three, merged."""
    return {**load_regions(), **load_sectors(), **load_competences()}


# Regions and postcodes


@dataclass
class PlannedRegion:
    """A region as the postcode file describes it, before it meets the database."""

    ags: str
    name: str
    kind: str
    parent_ags: str | None
    codes: set[str] = field(default_factory=set)
    slug: str = ""
    latitude: float | None = None
    longitude: float | None = None


@transaction.atomic
def load_regions(*, postcodes_file: Path = POSTCODES_FILE, coordinates_file: Path = COORDINATES_FILE) -> dict[str, int]:
    """Sachsen and Thüringen, their Landkreise and kreisfreie Städte, their municipalities and postcodes."""
    with open(postcodes_file, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["bundesland"] in STATES]
    coordinates = read_coordinates(coordinates_file)
    levels = plan_regions(rows)
    planned = [region for level in levels for region in level]
    place_regions(planned, coordinates)

    ours = [region.ags for region in planned]
    # Slugs held by regions from elsewhere (another state, added by hand with a key) stay theirs.
    foreign = set(Region.objects.exclude(ags="").exclude(ags__in=ours).values_list("slug", flat=True))
    assign_slugs(levels, taken=foreign)
    existing = {region.ags: region for region in Region.objects.filter(ags__in=ours)}
    # A region someone added by hand, without a key, under the very slug we would give it is
    # the same place: take it over instead of failing on the unique slug.
    keyless = {
        region.slug: region for region in Region.objects.filter(ags="", slug__in=[plan.slug for plan in planned])
    }

    ids: dict[str, int] = {}
    created = updated = 0
    # Level by level, because a region needs its parent's id.
    for level in levels:
        pairs = []
        for plan in level:
            values = {
                "ags": plan.ags,
                "name": plan.name,
                "slug": plan.slug,
                "kind": plan.kind,
                "parent_id": ids[plan.parent_ags] if plan.parent_ags else None,
                "latitude": plan.latitude,
                "longitude": plan.longitude,
            }
            pairs.append((existing.get(plan.ags) or keyless.get(plan.slug), values))
        level_created, level_updated = save_all(Region, pairs, REGION_FIELDS)
        created += level_created
        updated += level_updated
        ids.update(Region.objects.filter(ags__in=[plan.ags for plan in level]).values_list("ags", "pk"))

    postcodes_created, postcodes_updated = load_postcodes(planned, ids, coordinates)
    return {
        "regions_created": created,
        "regions_updated": updated,
        "postcodes_created": postcodes_created,
        "postcodes_updated": postcodes_updated,
    }


def read_coordinates(path: Path) -> dict[str, tuple[float, float]]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row[""].zfill(5): (float(row["lat"]), float(row["lng"])) for row in csv.DictReader(f)}


def plan_regions(rows: Iterable[dict[str, str]]) -> list[list[PlannedRegion]]:
    """The region tree in three levels (states; districts and cities; municipalities), each sorted by key."""
    rows = list(rows)
    states: dict[str, PlannedRegion] = {}
    districts: dict[str, PlannedRegion] = {}
    municipalities: dict[str, PlannedRegion] = {}

    def plan(table, ags, name, kind, parent_ags) -> PlannedRegion:
        region = table.setdefault(ags, PlannedRegion(ags, name, kind, parent_ags))
        if (region.name, region.kind) != (name, kind):
            raise ValueError(f"Key {ags} names both {region.name} ({region.kind}) and {name} ({kind}).")
        return region

    # The Landkreise first, so a row without one can tell a kreisfreie Stadt from a town the file
    # forgot to file under its Landkreis: Eisenach, in the Wartburgkreis since 2021, has an empty
    # `landkreis` but the Wartburgkreis's key.
    for row in rows:
        plan(states, row["ags"][:2], row["bundesland"], Region.Kind.STATE, None)
        if row["landkreis"]:
            plan(districts, row["ags"][:5], row["landkreis"], Region.Kind.DISTRICT, row["ags"][:2])
    for row in rows:
        ags, code = row["ags"], row["plz"].zfill(5)
        district = districts.get(ags[:5])
        if district is not None and district.kind == Region.Kind.DISTRICT:
            plan(municipalities, ags, row["ort"], Region.Kind.MUNICIPALITY, ags[:5]).codes.add(code)
        else:
            # A kreisfreie Stadt has no municipalities below it: its postcodes are its own.
            plan(districts, ags[:5], row["ort"], Region.Kind.CITY, ags[:2]).codes.add(code)
    return [sorted(table.values(), key=lambda region: region.ags) for table in (states, districts, municipalities)]


def place_regions(planned: list[PlannedRegion], coordinates: dict[str, tuple[float, float]]) -> None:
    """Put each region at the mean centre of the postcodes in it (for a district: all those below it)."""
    by_ags = {region.ags: region for region in planned}
    codes_below: dict[str, set[str]] = {region.ags: set(region.codes) for region in planned}
    # Deepest first, so a district has its municipalities' postcodes before it hands them to its state.
    for region in sorted(planned, key=lambda region: -len(region.ags)):
        if region.parent_ags:
            codes_below[region.parent_ags] |= codes_below[region.ags]
    for ags, codes in codes_below.items():
        points = [coordinates[code] for code in sorted(codes) if code in coordinates]
        if points:
            # Rounded to about ten centimetres, so a reload compares equal to what it stored.
            by_ags[ags].latitude = round(fmean(lat for lat, _ in points), 6)
            by_ags[ags].longitude = round(fmean(lng for _, lng in points), 6)


def assign_slugs(levels: list[list[PlannedRegion]], *, taken: set[str]) -> None:
    """Slug each region from its name; a name already used gets its parent's slug appended.

    Municipality names repeat (Hainichen in Mittelsachsen and in the Saale-Holzland-Kreis). The
    levels are sorted by key, so the same region always gets the plain slug: Saxony's, key 14.
    """
    used = set(taken)
    slugs: dict[str, str] = {}
    for level in levels:
        for region in level:
            base = german_slugify(region.name, max_length=150)
            candidates = [base]
            if region.parent_ags:
                candidates.append(f"{base}-{slugs[region.parent_ags]}"[:150].strip("-"))
            candidates.append(f"{base}-{region.ags}")
            region.slug = next(slug for slug in candidates if slug not in used)
            used.add(region.slug)
            slugs[region.ags] = region.slug


def load_postcodes(
    planned: list[PlannedRegion], ids: dict[str, int], coordinates: dict[str, tuple[float, float]]
) -> tuple[int, int]:
    existing = {
        (postcode.code, postcode.region_id): postcode
        for postcode in PostalCode.objects.filter(region_id__in=ids.values())
    }
    pairs = []
    for region in planned:
        for code in sorted(region.codes):
            latitude, longitude = coordinates.get(code, (None, None))
            key = (code, ids[region.ags])
            values = {"code": code, "region_id": key[1], "latitude": latitude, "longitude": longitude}
            pairs.append((existing.get(key), values))
    return save_all(PostalCode, pairs, POSTCODE_FIELDS)


# Sectors and competences


@transaction.atomic
def load_sectors() -> dict[str, int]:
    """The Branchen from `sectors.py`, found by slug (or, for one added by hand, by name)."""
    by_slug = {sector.slug: sector for sector in Sector.objects.all()}
    ours = {term.slug for term in SECTORS}
    # Only a row no term claims by slug may be claimed by name, or two terms could share a row.
    by_name = {sector.name: sector for sector in by_slug.values() if sector.slug not in ours}
    pairs = []
    for term in SECTORS:
        values = term._asdict()
        pairs.append((by_slug.get(term.slug) or by_name.get(term.name), values))
    created, updated = save_all(Sector, pairs, SECTOR_FIELDS)
    return {"sectors_created": created, "sectors_updated": updated}


@transaction.atomic
def load_competences() -> dict[str, int]:
    """The fields and competences from `competences.py`, found by slug.

    A competence someone added by hand under the same name in the same field is taken over
    rather than duplicated (the database allows a name only once per field).
    """
    existing = list(Competence.objects.all())
    by_slug = {competence.slug: competence for competence in existing}
    ours = {competence_slug(f) for f in FIELDS} | {competence_slug(t) for f in FIELDS for t in f.competences}
    by_name = {
        (competence.parent_id, competence.name): competence for competence in existing if competence.slug not in ours
    }

    def pairs_for(terms, parent_id):
        pairs = []
        for term in terms:
            values = {
                "name": term.name,
                "name_en": term.name_en,
                "slug": competence_slug(term),
                "parent_id": parent_id,
                "synonyms": "\n".join(term.synonyms),
            }
            match = by_slug.get(values["slug"]) or by_name.get((parent_id, term.name))
            pairs.append((match, values))
        return pairs

    changed: list[Competence] = []
    created, updated = save_all(Competence, pairs_for(FIELDS, None), COMPETENCE_FIELDS, changed)
    field_ids = dict(Competence.objects.filter(slug__in=[competence_slug(f) for f in FIELDS]).values_list("slug", "pk"))
    pairs = []
    for competence_field in FIELDS:
        pairs += pairs_for(competence_field.competences, field_ids[competence_slug(competence_field)])
    children_created, children_updated = save_all(Competence, pairs, COMPETENCE_FIELDS, changed)
    if changed:
        # bulk_update sends no post_save, so the search signal does not see a new synonym or
        # name: refresh the documents of the organisations having a changed competence or a
        # competence of a changed field, as the signal would.
        ids = [competence.pk for competence in changed]
        refresh_search_documents(
            Organisation.objects.filter(
                models.Q(competences__in=ids) | models.Q(competences__parent__in=ids)
            ).distinct()
        )
    return {
        "competences_created": created + children_created,
        "competences_updated": updated + children_updated,
    }


def competence_slug(term) -> str:
    return term.slug or german_slugify(term.name, max_length=120)


# Shared


def save_all(
    model: type[models.Model],
    pairs: list[tuple[models.Model | None, dict]],
    fields: list[str],
    changed: list | None = None,
) -> tuple[int, int]:
    """Create a row for each pair without an instance; update the instances whose values differ.

    Two queries at most (plus batches), whatever the number of rows. Returns (created, updated);
    the updated instances are added to `changed` when given (bulk updates send no signals).
    """
    to_create = [model(**values) for instance, values in pairs if instance is None]
    to_update = [instance for instance, values in pairs if instance is not None and assign(instance, values)]
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, fields, batch_size=500)
    if changed is not None:
        changed.extend(to_update)
    return len(to_create), len(to_update)


def assign(instance: models.Model, values: dict) -> bool:
    """Set the values that differ on the instance; tell whether there were any."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
