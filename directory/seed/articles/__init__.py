"""The seed network: what the five press articles in `shared/seeds/` state, and nothing more.

Every record cites the article that states it, with the passage as quoted (whitespace aside).
What an article does not say outright but its context gives (a year, a district, a place taken
from a firm's name) is stored and explained in the record's `note`. Nothing else is added: no
addresses, postcodes, websites, members or dates that the articles do not give.

`load_articles()` can run again: it finds its records by slug (links by their ends, role and
start), creates what is missing, updates a field only where the value here differs, and only
adds sectors, competences and topics, so what editors add in the admin stays.
"""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from directory.fuzzydates import FuzzyDate, Precision
from directory.models import (
    Citation, Competence, Organisation, Person, Position, Region, Relationship, Sector, Source,
)
from directory.text import german_slugify
from events.models import Event, EventSeries, Participation, Topic

from .facts import EVENTS, ORGANISATIONS, PEOPLE, RELATIONSHIPS, SERIES, SOURCES, TOPICS


@transaction.atomic
def load_articles() -> dict[str, Counter]:
    """Load the facts above; return created/updated/unchanged counts per kind of record."""
    loader = _Loader()
    loader.load()
    return dict(loader.counts)


class _Loader:
    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.sources: dict[str, Source] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.series: dict[str, EventSeries] = {}
        self.topics: dict[str, Topic] = {}
        self.regions: dict[tuple, Region] = {}

    def load(self) -> None:
        for data in SOURCES:
            source = self.upsert(Source, {"slug": data["slug"]}, {
                "title": data["title"], "publisher": data.get("publisher", ""), "author": data.get("author", ""),
                **fuzzy_fields("published", data["published"]),
                "excerpt": data["excerpt"], "note": data.get("note", ""),
            })
            self.sources[source.slug] = source
        for name, name_en in TOPICS:
            topic = self.upsert(Topic, {"slug": german_slugify(name)}, {"name": name, "name_en": name_en})
            self.topics[name] = topic
        for key, data in ORGANISATIONS.items():
            self.organisations[key] = self.load_organisation(data)
        for data in PEOPLE:
            self.load_person(data)
        for data in RELATIONSHIPS:
            self.load_relationship(data)
        for key, data in SERIES.items():
            series = self.upsert(EventSeries, {"slug": german_slugify(data["name"])}, {
                "name": data["name"], "description": data.get("description", ""), "note": data.get("note", ""),
            })
            self.cite(series, data["cites"])
            self.series[key] = series
        for data in EVENTS:
            self.load_event(data)

    def load_organisation(self, data: dict) -> Organisation:
        organisation = self.upsert(Organisation, {"slug": german_slugify(data["name"])}, {
            "name": data["name"],
            "kind": data.get("kind", Organisation.Kind.FIRM),
            "short_name": data.get("short_name", ""),
            "aliases": data.get("aliases", ""),
            "description": data.get("description", ""),
            "city": data.get("city", ""),
            "region_id": self.region(data["region"]).pk if data.get("region") else None,
            "note": data.get("note", ""),
        })
        self.add_missing(organisation, "sectors", Sector, data.get("sectors", []))
        self.add_missing(organisation, "competences", Competence, data.get("competences", []))
        self.cite(organisation, data["cites"])
        return organisation

    def load_person(self, data: dict) -> None:
        person = self.upsert(Person, {"slug": german_slugify(data["name"])}, {
            "name": data["name"], "description": data.get("description", ""), "is_public": True,
        })
        self.people[data["name"]] = person
        person_cites = {}
        for position_data in data["positions"]:
            cites = position_data["cites"]
            # The article's date attests the position; of several articles, the latest.
            attested = max(self.sources[slug].published for slug, _ in cites)
            position = self.upsert(Position, {
                "person": person,
                "organisation": self.organisations[position_data["organisation"]],
                "role": position_data["role"],
                "start_date": None,
            }, {
                "attested_date": attested.date, "attested_precision": attested.precision,
                "note": position_data.get("note", ""),
            })
            self.cite(position, cites)
            for slug, quote in cites:
                person_cites.setdefault(slug, quote)
        self.cite(person, list(person_cites.items()))

    def load_relationship(self, data: dict) -> None:
        ends = [self.organisations[data["source"]], self.organisations[data["target"]]]
        if data["kind"] in Relationship.UNDIRECTED:
            # Stored lower id first (see Relationship.order_ends), so look it up that way round.
            ends.sort(key=lambda organisation: organisation.pk)
        start = fuzzy_fields("start", data.get("start"))
        relationship = self.upsert(Relationship, {
            "from_organisation": ends[0], "to_organisation": ends[1], "kind": data["kind"],
            "start_date": start["start_date"],
        }, {
            "start_precision": start["start_precision"],
            **fuzzy_fields("end", data.get("end"), bound="upper"),
            "description": data.get("description", ""),
            "note": data.get("note", ""),
        })
        self.cite(relationship, data["cites"])

    def load_event(self, data: dict) -> None:
        event = self.upsert(Event, {"slug": german_slugify(data["slug"])}, {
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            **fuzzy_fields("start", data["start"]),
            # An event given one date ends within that date too; with no end it would count as
            # running ever since (Event.objects.current(), "seit März 2017").
            **fuzzy_fields("end", data.get("end") or data["start"], bound="upper"),
            "description": data.get("description", ""),
            "series_id": self.series[data["series"]].pk if data.get("series") else None,
            "venue_id": self.organisations[data["venue"]].pk if data.get("venue") else None,
            "venue_name": data.get("venue_name", ""),
            "city": data.get("city", ""),
            "region_id": self.region(data["region"]).pk if data.get("region") else None,
            "note": data.get("note", ""),
        })
        wanted = {self.topics[name].pk for name in data.get("topics", [])}
        self.add_missing_ids(event, "topics", wanted)
        self.cite(event, data["cites"])
        for item in data["participations"]:
            organisation = self.organisations[item["organisation"]] if item.get("organisation") else None
            person = self.people[item["person"]] if item.get("person") else None
            # The database's unique keys: a person once per role; an organisation alone once per role.
            lookup = {"event": event, "role": item["role"], "person": person}
            values = {"talk_title": item.get("talk_title", ""), "note": item.get("note", "")}
            if person:
                values["organisation_id"] = organisation.pk if organisation else None
            else:
                lookup["organisation"] = organisation
            participation = self.upsert(Participation, lookup, values)
            self.cite(participation, item["cites"])

    # Generic pieces

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Find the row by `lookup`; create it, or save the fields of `values` that differ.

        `values` use attribute names (`region_id`, not `region`), so comparing them reads no
        related rows.
        """
        counts = self.counts[model.__name__]
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.save()
            counts["created"] += 1
            return instance
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if not changed:
            counts["unchanged"] += 1
            return instance
        for name in changed:
            setattr(instance, name, values[name])
        fields = [model._meta.get_field(name).name for name in changed]
        if any(field.name == "updated" for field in model._meta.concrete_fields):
            fields.append("updated")
        instance.save(update_fields=fields)
        counts["updated"] += 1
        return instance

    def add_missing(self, instance, field: str, model, slugs: list[str]) -> None:
        found = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        missing = set(slugs) - set(found)
        if missing:
            raise LookupError(
                f"{model._meta.verbose_name_plural} fehlen: {', '.join(sorted(missing))}. "
                "Wurden die Vokabulare geladen (load_vocabularies)?"
            )
        self.add_missing_ids(instance, field, set(found.values()))

    def add_missing_ids(self, instance, field: str, wanted: set[int]) -> None:
        """Link what is missing; links editors added stay."""
        manager = getattr(instance, field)
        missing = wanted - set(manager.values_list("pk", flat=True))
        if missing:
            manager.add(*missing)
        counts = self.counts[f"{type(instance).__name__}.{field}"]
        counts["created"] += len(missing)
        counts["unchanged"] += len(wanted) - len(missing)

    def cite(self, record: models.Model, cites: list[tuple[str, str]]) -> None:
        content_type = ContentType.objects.get_for_model(record)
        for slug, quote in cites:
            self.upsert(Citation, {
                "source": self.sources[slug], "content_type": content_type, "object_id": record.pk,
            }, {"quote": quote})

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


def fuzzy_fields(prefix: str, text: str | None, bound: str = "lower") -> dict:
    """`{prefix}_date` and `{prefix}_precision` for a fuzzy date as the model stores it.

    A start is its period's first day and an end its last (see Dated.normalise_dates), so the
    values compare equal to what a reload finds.
    """
    if not text:
        return {f"{prefix}_date": None, f"{prefix}_precision": Precision.DAY}
    value = FuzzyDate.parse(text)
    return {f"{prefix}_date": getattr(value, bound), f"{prefix}_precision": value.precision}
