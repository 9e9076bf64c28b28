"""The seed network: what the five press articles in `shared/seeds/` state, and nothing more.

Every record cites the article that states it, with the passage as quoted (whitespace aside).
What an article does not say outright but its context gives (a year, a district, a place taken
from a firm's name) is stored and explained in the record's `note`. Nothing else is added: no
addresses, postcodes, websites, members or dates that the articles do not give.

`load_articles()` can run again: every record has a stable key ("article:telegaertner"), and
the shared writer (directory/seed/records.py) creates what is missing, changes a field only
where the row still holds what the seed wrote last, and leaves an editor's change or deletion
alone (and reports it). Sectors, competences and topics are only ever added.

The public record (directory/seed/public) can add facts about these records (`facts_about`):
its field values and note lines come in as `extras` and are written with the record itself,
so the two layers never write the same field under two keys.
"""

from collections import Counter

from django.db import transaction

from directory.models import (
    Competence,
    Organisation,
    Person,
    Position,
    Region,
    Relationship,
    Sector,
    Source,
)
from directory.text import german_slugify
from events.models import Event, EventSeries, Participation, Topic
from netzwerk.lib.fuzzydates import FuzzyDate, Precision

from ..records import SeedWriter
from .facts import EVENTS, ORGANISATIONS, PEOPLE, RELATIONSHIPS, SERIES, SOURCES, TOPICS


def article_keys() -> set[str]:
    """The keys the public record may refer to: organisations, people, events and series."""
    return (
        {f"article:{key}" for key in ORGANISATIONS}
        | {person_key(data["name"]) for data in PEOPLE}
        | {event_key(data["slug"]) for data in EVENTS}
        | {f"article:series:{key}" for key in SERIES}
    )


def person_key(name: str) -> str:
    return f"article:person:{german_slugify(name)}"


def event_key(slug: str) -> str:
    return f"article:event:{german_slugify(slug)}"


@transaction.atomic
def load_articles(writer: SeedWriter | None = None, extras: dict[str, dict] | None = None) -> dict[str, Counter]:
    """Load the facts above; return created/updated/unchanged/kept/deleted counts per kind.

    `extras`: by organisation or event key, more `values`, `aliases` and `note` lines from the
    public record.
    """
    if extras is None:
        # Alone (not from load_seed_network), still with what the public record adds, so a
        # run of this loader never takes back the other layer's values.
        from directory.seed.public import PublicRecord

        extras = PublicRecord.read().article_extras()
    writer = writer or SeedWriter()
    loader = _Loader(writer, extras)
    loader.load()
    writer.flush()
    return dict(writer.counts)


class _Loader:
    def __init__(self, writer: SeedWriter, extras: dict[str, dict]):
        self.writer = writer
        self.extras = extras
        self.counts = writer.counts
        self.sources: dict[str, Source] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.series: dict[str, EventSeries] = {}
        self.topics: dict[str, Topic] = {}
        self.regions: dict[tuple, Region] = {}

    def load(self) -> None:
        from directory.seed.public.load import Places

        self.places = Places()
        for data in SOURCES:
            source = self.upsert(
                f"article:source:{data['slug']}",
                Source,
                {"slug": data["slug"]},
                {
                    "title": data["title"],
                    "publisher": data.get("publisher", ""),
                    "author": data.get("author", ""),
                    **fuzzy_fields("published", data["published"]),
                    "excerpt": data["excerpt"],
                    "note": data.get("note", ""),
                },
            )
            self.sources[data["slug"]] = source
        for name, name_en in TOPICS:
            slug = german_slugify(name)
            topic = self.upsert(f"article:topic:{slug}", Topic, {"slug": slug}, {"name": name, "name_en": name_en})
            self.topics[name] = topic
        for key, data in ORGANISATIONS.items():
            self.organisations[key] = self.load_organisation(key, data)
        for data in PEOPLE:
            self.load_person(data)
        for data in RELATIONSHIPS:
            self.load_relationship(data)
        for key, data in SERIES.items():
            series_key = f"article:series:{key}"
            series = self.upsert(
                series_key,
                EventSeries,
                {"slug": german_slugify(data["name"])},
                {
                    "name": data["name"],
                    "description": data.get("description", ""),
                    "note": data.get("note", ""),
                },
            )
            self.cite(series_key, series, data["cites"])
            self.series[key] = series
        for data in EVENTS:
            self.load_event(data)

    def load_organisation(self, key: str, data: dict) -> Organisation:
        key = f"article:{key}"
        extra = self.extras.get(key, {})
        aliases = [line for line in data.get("aliases", "").splitlines() if line.strip()]
        aliases += [alias for alias in extra.get("aliases", []) if alias not in aliases and alias != data["name"]]
        values = {
            "name": data["name"],
            "kind": data.get("kind", Organisation.Kind.FIRM),
            "short_name": data.get("short_name", ""),
            "aliases": "\n".join(aliases),
            "description": data.get("description", ""),
            "city": data.get("city", ""),
            "region_id": self.region(data["region"]).pk if data.get("region") else None,
            "note": "\n".join(filter(None, [data.get("note", ""), *extra.get("note", [])])),
            **extra.get("values", {}),
        }
        region = self.region(data["region"]) if data.get("region") else None
        if region is not None and region.kind != Region.Kind.STATE and "latitude" not in values:
            if region.kind in (Region.Kind.MUNICIPALITY, Region.Kind.CITY):
                # The place the article gives: its only postcode, or its centre, so radius
                # search and the map find the organisation (the note says which).
                location, notes = self.places.locate_in(region)
                values.update(location)
                values["note"] = "\n".join(filter(None, [values["note"], *notes]))
        organisation = self.upsert(key, Organisation, {"slug": german_slugify(data["name"])}, values)
        self.add_missing(key, organisation, "sectors", Sector, data.get("sectors", []))
        self.add_missing(key, organisation, "competences", Competence, data.get("competences", []))
        self.cite(key, organisation, data["cites"])
        return organisation

    def load_person(self, data: dict) -> None:
        key = person_key(data["name"])
        person = self.upsert(
            key,
            Person,
            {"slug": german_slugify(data["name"])},
            {
                "name": data["name"],
                "description": data.get("description", ""),
                "is_public": True,
            },
        )
        self.people[data["name"]] = person
        if person is None:
            return
        person_cites = {}
        for position_data in data["positions"]:
            cites = position_data["cites"]
            # The article's date attests the position; of several articles, the latest.
            attested = max(FuzzyDate.parse(SOURCE_DATES[slug]) for slug, _ in cites)
            organisation = self.organisations[position_data["organisation"]]
            if organisation is None:
                continue
            position_key = f"{key}:position:{position_data['organisation']}:{german_slugify(position_data['role'])}"
            position = self.upsert(
                position_key,
                Position,
                {
                    "person": person,
                    "organisation": organisation,
                    "role": position_data["role"],
                    "start_date": None,
                },
                {
                    "attested_date": attested.date,
                    "attested_precision": attested.precision,
                    "note": position_data.get("note", ""),
                },
            )
            self.cite(position_key, position, cites)
            for slug, quote in cites:
                person_cites.setdefault(slug, quote)
        self.cite(key, person, list(person_cites.items()))

    def load_relationship(self, data: dict) -> None:
        ends = [self.organisations[data["source"]], self.organisations[data["target"]]]
        if None in ends:
            return
        key = f"article:relationship:{data['source']}:{data['target']}:{data['kind']}"
        if data["kind"] in Relationship.UNDIRECTED:
            # Stored lower id first (see Relationship.order_ends), so look it up that way round.
            ends.sort(key=lambda organisation: organisation.pk)
        start = fuzzy_fields("start", data.get("start"))
        relationship = self.upsert(
            key,
            Relationship,
            {
                "from_organisation": ends[0],
                "to_organisation": ends[1],
                "kind": data["kind"],
                "start_date": start["start_date"],
            },
            {
                "from_organisation_id": ends[0].pk,
                "to_organisation_id": ends[1].pk,
                **start,
                **fuzzy_fields("end", data.get("end"), bound="upper"),
                "description": data.get("description", ""),
                "note": data.get("note", ""),
            },
        )
        self.cite(key, relationship, data["cites"])

    def load_event(self, data: dict) -> None:
        key = event_key(data["slug"])
        extra = self.extras.get(key, {})
        venue = self.organisations[data["venue"]] if data.get("venue") else None
        series = self.series[data["series"]] if data.get("series") else None
        event = self.upsert(
            key,
            Event,
            {"slug": german_slugify(data["slug"])},
            {
                "title": data["title"],
                "kind": data["kind"],
                "status": data["status"],
                **fuzzy_fields("start", data["start"]),
                # An event given one date ends within that date too; with no end it would count as
                # running ever since (Event.objects.current(), "seit März 2017").
                **fuzzy_fields("end", data.get("end") or data["start"], bound="upper"),
                "description": data.get("description", ""),
                "series_id": series.pk if series else None,
                "venue_id": venue.pk if venue else None,
                "venue_name": data.get("venue_name", ""),
                "city": data.get("city", ""),
                "region_id": self.region(data["region"]).pk if data.get("region") else None,
                "note": "\n".join(filter(None, [data.get("note", ""), *extra.get("note", [])])),
                **extra.get("values", {}),
            },
        )
        if event is None:
            return
        wanted = {self.topics[name].pk for name in data.get("topics", []) if self.topics[name]}
        self.writer.link(key, event, "topics", wanted)
        self.cite(key, event, data["cites"])
        for item in data["participations"]:
            organisation = self.organisations[item["organisation"]] if item.get("organisation") else None
            person = self.people[item["person"]] if item.get("person") else None
            if (item.get("organisation") and organisation is None) or (item.get("person") and person is None):
                continue  # an editor deleted the organisation or person: the fact goes with it
            who = german_slugify(item["person"]) if item.get("person") else item["organisation"]
            participation_key = f"{key}:{item['role']}:{who}"
            # The database's unique keys: a person once per role; an organisation alone once per role.
            lookup = {"event": event, "role": item["role"], "person": person}
            values = {"talk_title": item.get("talk_title", ""), "note": item.get("note", "")}
            if person:
                values["organisation_id"] = organisation.pk if organisation else None
            else:
                lookup["organisation"] = organisation
            participation = self.upsert(participation_key, Participation, lookup, values)
            self.cite(participation_key, participation, item["cites"])

    # Generic pieces

    def upsert(self, key: str, model, lookup: dict, values: dict):
        """The shared writer's upsert (directory/seed/records.py): None if an editor deleted it."""
        return self.writer.upsert(key, model, lookup, values)

    def add_missing(self, key: str, instance, field: str, model, slugs: list[str]) -> None:
        found = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        missing = set(slugs) - set(found)
        if missing:
            raise LookupError(
                f"{model._meta.verbose_name_plural} fehlen: {', '.join(sorted(missing))}. "
                "Wurden die Vokabulare geladen (load_vocabularies)?"
            )
        self.writer.link(key, instance, field, set(found.values()))

    def cite(self, key: str, record, cites: list[tuple[str, str]]) -> None:
        for slug, quote in cites:
            self.writer.cite(f"{key}|cite:article:source:{slug}", record, self.sources[slug], quote=quote)

    def region(self, spec: tuple[str, str, str | None]) -> Region:
        if spec not in self.regions:
            name, kind, parent = spec
            regions = Region.objects.filter(name=name, kind=kind)
            regions = regions.filter(parent__name=parent) if parent else regions.filter(parent__isnull=True)
            matches = list(regions)
            if len(matches) != 1:
                raise LookupError(
                    f"Region „{name}“ ({kind}, in {parent or '–'}) gibt es {len(matches)}-mal statt einmal. "
                    "Wurden die Regionen geladen (load_regions)?"
                )
            self.regions[spec] = matches[0]
        return self.regions[spec]


# The articles' dates, for positions attested by them (also when an editor changed a source).
SOURCE_DATES = {data["slug"]: data["published"] for data in SOURCES}


def fuzzy_fields(prefix: str, text: str | None, bound: str = "lower") -> dict:
    """`{prefix}_date` and `{prefix}_precision` for a fuzzy date as the model stores it.

    A start is its period's first day and an end its last (see Dated.normalise_dates), so the
    values compare equal to what a reload finds.
    """
    if not text:
        return {f"{prefix}_date": None, f"{prefix}_precision": Precision.DAY}
    value = FuzzyDate.parse(text)
    return {f"{prefix}_date": getattr(value, bound), f"{prefix}_precision": value.precision}
