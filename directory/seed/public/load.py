"""Writing the checked public record (validate.Checked) through the shared seed writer.

Keys: `public:<id>` for records with an id; links by what they join
(`public:membership:<member>:<network>`, …); citations `<record key>|cite:public:<source id>`.
Entries for the same link (the same member of the same network named by three sources) are
one row with the three sources' citations; its attested date is the latest of theirs.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from directory.models import (
    Competence,
    Membership,
    Organisation,
    Person,
    Position,
    PostalCode,
    Region,
    Relationship,
    Sector,
    Source,
    StatedMemberCount,
)
from directory.text import german_slugify
from events.models import Event, EventSeries, Participation, Topic
from netzwerk.lib.fuzzydates import FuzzyDate, Precision

from ..records import SeedWriter
from .validate import COMPETENCES, Checked, municipalities, municipality_key, text

ARTICLE = "article:"


def fuzzy(prefix: str, value, bound: str = "lower") -> dict:
    value = text(value)
    if not value:
        return {f"{prefix}_date": None, f"{prefix}_precision": Precision.DAY}
    parsed = FuzzyDate.parse(value)
    return {f"{prefix}_date": getattr(parsed, bound), f"{prefix}_precision": parsed.precision}


def latest(values) -> FuzzyDate | None:
    dates = [FuzzyDate.parse(text(v)) for v in values if text(v)]
    return max(dates, key=lambda d: (d.lower, d.upper)) if dates else None


def joined(*parts: str) -> str:
    seen = []
    for part in parts:
        part = text(part)
        if part and part not in seen:
            seen.append(part)
    return "\n".join(seen)


def org_key(ref: str) -> str:
    return ref if ref.startswith(ARTICLE) else f"public:{ref}"


def person_key(ref: str) -> str:
    return ref if ref.startswith(ARTICLE) else f"public:{ref}"


class Places:
    """Municipalities by official key, and the ones with a single postcode (one query each)."""

    def __init__(self):
        self.munis = municipalities()
        self.regions = {
            region.ags: region
            for region in Region.objects.filter(kind__in=[Region.Kind.MUNICIPALITY, Region.Kind.CITY]).exclude(ags="")
        }
        codes = defaultdict(set)
        self.coordinates = {}
        for region_id, code, latitude, longitude in PostalCode.objects.values_list(
            "region_id", "code", "latitude", "longitude"
        ):
            codes[region_id].add(code)
            self.coordinates[(code, region_id)] = (latitude, longitude)
        self.codes = codes

    def region(self, municipality: str, state: str = "") -> Region:
        ags = municipality_key(self.munis, municipality, state) or ""
        # A kreisfreie Stadt is stored under its district's five-digit key (load_regions).
        region = self.regions.get(ags) or self.regions.get(ags[:5])
        if region is None:
            raise LookupError(
                f"Gemeinde „{municipality}“ ({state or '–'}) fehlt. Wurden die Regionen geladen (load_regions)?"
            )
        return region

    def locate(self, item: dict) -> tuple[dict, list[str]]:
        """Region, city, postcode and coordinates of an organisation, and the note lines saying
        what was inferred."""
        municipality = text(item.get("municipality"))
        if not municipality:
            return {}, []
        region = self.region(municipality, text(item.get("state")))
        values, notes = self.locate_in(region, text(item.get("postcode")))
        values["city"] = text(item.get("locality")) or municipality
        return values, notes

    def locate_in(self, region: Region, postcode: str = "") -> tuple[dict, list[str]]:
        """Postcode and coordinates in a municipality: the stated postcode, else its only one,
        else none and the municipality's centre."""
        municipality = region.name
        values = {"region_id": region.pk}
        notes = []
        if not postcode and len(self.codes[region.pk]) == 1:
            postcode = next(iter(self.codes[region.pk]))
            notes.append(f"PLZ erschlossen: einzige PLZ der Gemeinde {municipality}.")
        if postcode:
            latitude, longitude = self.coordinates.get((postcode, region.pk)) or next(
                (xy for (code, _), xy in self.coordinates.items() if code == postcode), (None, None)
            )
            values["postcode"] = postcode
        else:
            latitude, longitude = region.latitude, region.longitude
            notes.append(
                f"Keine PLZ belegt: Karte und Umkreissuche nutzen den Mittelpunkt der Gemeinde {municipality}."
            )
        values["latitude"], values["longitude"] = latitude, longitude
        return values, notes


class PublicLoader:
    def __init__(self, checked: Checked, writer: SeedWriter):
        self.data = checked
        self.writer = writer
        self.places = Places()
        self.competences = dict(Competence.objects.values_list("slug", "pk"))
        self.sectors = dict(Sector.objects.values_list("slug", "pk"))
        self.topics = dict(Topic.objects.values_list("name", "pk"))

    # Lookups through the seed records --------------------------------------------------------

    def row(self, key: str, model):
        record = self.writer.records.get(key)
        if record is None or record.content_type_id != ContentType.objects.get_for_model(model).pk:
            return None
        return self.writer._row(model, record)

    def organisation(self, ref) -> Organisation | None:
        return self.row(org_key(text(ref)), Organisation) if text(ref) else None

    def person(self, ref) -> Person | None:
        return self.row(person_key(text(ref)), Person) if text(ref) else None

    def source_line(self, source_id: str) -> str:
        source = self.data.sources[source_id]
        parts = [text(source.get("publisher")), text(source.get("published"))]
        return f"„{text(source['title'])}“ ({', '.join(p for p in parts if p)})"

    def cite(self, key: str, record, cites) -> None:
        """The record's citations, one per source (several entries' evidence joined)."""
        by_source: dict[str, list[str]] = {}
        for cite in cites or []:
            by_source.setdefault(text(cite["source"]), []).append(text(cite["evidence"]))
        for source_id, evidence in by_source.items():
            source = self.row(f"public:{source_id}", Source)
            self.writer.cite(
                f"{key}|cite:public:{source_id}", record, source, evidence=" ".join(dict.fromkeys(evidence))
            )

    def competence_notes(self, competences) -> list[str]:
        lines = []
        for competence in competences or []:
            name = text(competence["name"])
            if competence.get("source"):
                lines.append(f"Kompetenz „{name}“: genannt in {self.source_line(text(competence['source']))}.")
            else:
                lines.append(
                    f"Kompetenz „{name}“: erschlossen aus {self.source_line(text(competence['inferred_from']))}: "
                    f"{text(competence['why'])}"
                )
        return lines

    def competence_ids(self, competences) -> set[int]:
        slugs = [COMPETENCES[text(c["name"])] for c in competences or []]
        missing = [slug for slug in slugs if slug not in self.competences]
        if missing:
            raise LookupError(f"Kompetenzen fehlen: {', '.join(missing)}. Wurden die Vokabulare geladen?")
        return {self.competences[slug] for slug in slugs}

    # The facts about article records, written with the article record itself -----------------

    def article_extras(self) -> dict[str, dict]:
        extras = {}
        for record, facts in self.data.facts.items():
            if not record.startswith(ARTICLE):
                continue
            if record.startswith(f"{ARTICLE}event:"):
                extras[record] = self.event_extras(facts)
                continue
            fields = facts["fields"]
            values = {
                key: text(fields[key])
                for key in ("legal_form", "founded_place", "street", "website", "short_name", "description")
                if text(fields.get(key))
            }
            if fields.get("founded"):
                values["founded"] = int(fields["founded"])
            location, notes = self.places.locate(fields)
            values.update(location)
            extras[record] = {
                "values": values,
                "aliases": [text(alias) for alias in facts["aliases"]],
                "note": [*facts["notes"], *notes, *self.competence_notes(facts["competences"])],
            }
        return extras

    def event_extras(self, facts: dict) -> dict:
        """What later sources add about an article event: its date, status, place."""
        fields = facts["fields"]
        values = {key: text(fields[key]) for key in ("status", "venue_name", "description") if text(fields.get(key))}
        if text(fields.get("start")):
            values.update(fuzzy("start", fields["start"]))
            # One date given: the event ends within it (as the loaders store every event).
            values.update(fuzzy("end", text(fields.get("end")) or text(fields["start"]), bound="upper"))
        elif text(fields.get("end")):
            values.update(fuzzy("end", fields["end"], bound="upper"))
        if text(fields.get("municipality")):
            region = self.places.region(text(fields["municipality"]), text(fields.get("state")))
            values["region_id"] = region.pk
            values["city"] = text(fields.get("locality")) or text(fields["municipality"])
        return {"values": values, "note": list(facts["notes"])}

    # Loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        for source_id, data in self.data.sources.items():
            self.writer.upsert(
                f"public:{source_id}",
                Source,
                {"slug": source_id[:120]},
                {
                    "title": text(data["title"])[:300],
                    "publisher": text(data.get("publisher"))[:200],
                    "author": text(data.get("author"))[:200],
                    **fuzzy("published", data.get("published")),
                    "url": text(data["url"]),
                    "retrieved_date": FuzzyDate.parse(text(data["retrieved"])).lower,
                    "note": text(data.get("note")),
                },
            )
        for org_id, data in self.data.organisations.items():
            self.load_organisation(org_id, data)
        for record, facts in self.data.facts.items():
            # Competences and citations of an article record: its fields came with the articles.
            if not record.startswith(ARTICLE):
                continue  # written with the organisation itself (load_organisation)
            if record.startswith(f"{ARTICLE}event:"):
                continue  # after the people and organisations (below)
            organisation = self.organisation(record)
            if organisation is None:
                continue
            self.writer.link(record, organisation, "competences", self.competence_ids(facts["competences"]))
            self.writer.link(
                record,
                organisation,
                "sectors",
                {self.sectors[slug] for slug in facts["fields"].get("sectors") or [] if slug in self.sectors},
            )
            self.cite(record, organisation, facts["cites"])
        for person_id, data in self.data.people.items():
            person = self.writer.upsert(
                f"public:{person_id}",
                Person,
                {"slug": german_slugify(text(data["name"]))},
                {
                    "name": text(data["name"]),
                    "title": text(data.get("title")),
                    "description": text(data.get("description"))[:300],
                    # Only office holders and people acting for their firm in a report are named
                    # in the files (README), and only in that role.
                    "is_public": True,
                    "note": text(data.get("note")),
                },
            )
            self.cite(f"public:{person_id}", person, data.get("cites"))
        self.load_positions()
        self.load_member_counts()
        self.load_memberships()
        for series_id, data in self.data.series.items():
            series = self.writer.upsert(
                f"public:{series_id}",
                EventSeries,
                {"slug": german_slugify(text(data["name"]))},
                {
                    "name": text(data["name"]),
                    "description": text(data.get("description")),
                    "note": text(data.get("note")),
                },
            )
            self.cite(f"public:{series_id}", series, data.get("cites"))
        for event_id, data in self.data.events.items():
            self.load_event(event_id, data)
        for record, facts in self.data.facts.items():
            event = self.row(record, Event) if record.startswith(f"{ARTICLE}event:") else None
            if event is not None:
                self.cite(record, event, facts["cites"])
                self.load_participations(f"public:facts:{record}", event, facts["participations"])
        self.load_relationships()

    def load_organisation(self, org_id: str, data: dict) -> None:
        facts = self.data.facts.get(org_id, {"fields": {}, "aliases": [], "competences": [], "cites": [], "notes": []})
        merged = {**{k: v for k, v in facts["fields"].items() if text(v)}, **{k: v for k, v in data.items() if text(v)}}
        competences = [*(data.get("competences") or []), *facts["competences"]]
        location, notes = self.places.locate(merged)
        name = text(data["name"])
        aliases = [text(a) for a in [*(data.get("aliases") or []), *facts["aliases"]] if text(a) and text(a) != name]
        key = f"public:{org_id}"
        organisation = self.writer.upsert(
            key,
            Organisation,
            {"slug": german_slugify(name)[:200]},
            {
                "name": name,
                "kind": text(data.get("kind")) or Organisation.Kind.FIRM,
                "short_name": text(merged.get("short_name"))[:60],
                "aliases": "\n".join(dict.fromkeys(aliases)),
                "legal_form": text(merged.get("legal_form"))[:60],
                "description": text(merged.get("description")),
                "founded": int(merged["founded"]) if merged.get("founded") else None,
                "founded_place": text(merged.get("founded_place"))[:120],
                "street": text(merged.get("street"))[:200],
                "website": text(merged.get("website")),
                **location,
                "note": joined(data.get("note"), *facts["notes"], *notes, *self.competence_notes(competences)),
            },
        )
        if organisation is None:
            return
        self.writer.link(key, organisation, "competences", self.competence_ids(competences))
        self.writer.link(
            key,
            organisation,
            "sectors",
            {
                self.sectors[slug]
                for slug in [*(data.get("sectors") or []), *(facts["fields"].get("sectors") or [])]
                if slug in self.sectors
            },
        )
        self.cite(key, organisation, [*(data.get("cites") or []), *facts["cites"]])

    def load_positions(self) -> None:
        groups = defaultdict(list)
        for item in self.data.positions:
            groups[
                (text(item["person"]), text(item["organisation"]), text(item.get("role")), text(item.get("start")))
            ].append(item)
        for (person_ref, org_ref, role, start), items in groups.items():
            person, organisation = self.person(person_ref), self.organisation(org_ref)
            if person is None or organisation is None:
                continue
            key = f"public:position:{person_ref}:{org_ref}:{german_slugify(role)}:{start}"
            attested = latest(item.get("attested") for item in items)
            end = max(
                (FuzzyDate.parse(text(i["end"])) for i in items if text(i.get("end"))),
                key=lambda d: d.upper,
                default=None,
            )
            start_fields = fuzzy("start", start)
            position = self.writer.upsert(
                key,
                Position,
                {
                    "person": person,
                    "organisation": organisation,
                    "role": role[:150],
                    "start_date": start_fields["start_date"],
                },
                {
                    **start_fields,
                    **fuzzy("end", end.iso if end else "", bound="upper"),
                    "attested_date": attested.lower if attested else None,
                    "attested_precision": attested.precision if attested else Precision.DAY,
                    "note": joined(*(item.get("note") for item in items)),
                },
            )
            self.cite(key, position, [cite for item in items for cite in item.get("cites") or []])

    def load_member_counts(self) -> None:
        for item in self.data.member_counts:
            network = self.organisation(item["network"])
            if network is None:
                continue
            note = text(item.get("note"))
            as_of_text = text(item.get("as_of"))
            if not as_of_text:
                # Not dated in the file: as of the source's date; an undated source leaves it
                # open (the page says when the source was read).
                source = self.data.sources[text(item["cites"][0]["source"])]
                as_of_text = text(source.get("published"))
                if as_of_text:
                    note = joined(note, "Stand erschlossen: Erscheinungsdatum der Quelle.")
                else:
                    note = joined(note, f"Quelle undatiert, abgerufen am {text(source.get('retrieved'))}.")
            as_of = fuzzy("as_of", as_of_text)
            key = f"public:count:{text(item['network'])}:{text(item.get('as_of'))}:{item['count']}"
            count = self.writer.upsert(
                key,
                StatedMemberCount,
                {
                    "network": network,
                    "count": item["count"],
                    "as_of_date": as_of["as_of_date"],
                },
                {
                    **as_of,
                    "label": text(item.get("label"))[:120],
                    "note": note,
                },
            )
            self.cite(key, count, item.get("cites"))

    def load_memberships(self) -> None:
        groups = defaultdict(list)
        for item in self.data.memberships:
            groups[(text(item["member"]), text(item["network"]))].append(item)
        for (member_ref, network_ref), items in groups.items():
            member, network = self.organisation(member_ref), self.organisation(network_ref)
            if member is None or network is None:
                continue
            key = f"public:membership:{member_ref}:{network_ref}"
            starts = [FuzzyDate.parse(text(i["start"])) for i in items if text(i.get("start"))]
            ends = [FuzzyDate.parse(text(i["end"])) for i in items if text(i.get("end"))]
            start = min(starts, key=lambda d: d.lower) if starts else None
            end = max(ends, key=lambda d: d.upper) if ends else None
            attested = latest(item.get("attested") for item in items)
            roles = [text(i.get("role")) for i in items if text(i.get("role")) not in ("", "member")]
            start_fields = fuzzy("start", start.iso if start else "")
            membership = self.writer.upsert(
                key,
                Membership,
                {
                    "organisation": member,
                    "network": network,
                    "start_date": start_fields["start_date"],
                },
                {
                    **start_fields,
                    **fuzzy("end", end.iso if end else "", bound="upper"),
                    "role": roles[0] if roles else Membership.Role.MEMBER,
                    "attested_date": attested.lower if attested else None,
                    "attested_precision": attested.precision if attested else Precision.DAY,
                    "note": joined(*(item.get("note") for item in items)),
                },
            )
            self.cite(key, membership, [cite for item in items for cite in item.get("cites") or []])

    def load_event(self, event_id: str, data: dict) -> None:
        key = f"public:{event_id}"
        venue = self.organisation(data.get("venue"))
        series = self.row(org_key(text(data["series"])) if text(data.get("series")) else "", EventSeries)
        region = None
        if text(data.get("municipality")):
            region = self.places.region(text(data["municipality"]), text(data.get("state")))
        slug = german_slugify(event_id.removeprefix("event-"))[:200]
        event = self.writer.upsert(
            key,
            Event,
            {"slug": slug},
            {
                "title": text(data["title"])[:300],
                "kind": data["kind"],
                "status": data["status"],
                **fuzzy("start", data["start"]),
                # A one-date event ends within its date (see the article loader).
                **fuzzy("end", text(data.get("end")) or text(data["start"]), bound="upper"),
                "description": text(data.get("description")),
                "series_id": series.pk if series else None,
                "venue_id": venue.pk if venue else None,
                "venue_name": text(data.get("venue_name"))[:200],
                "city": (text(data.get("locality")) or text(data.get("municipality")))[:120],
                "region_id": region.pk if region else None,
                "note": text(data.get("note")),
            },
        )
        if event is None:
            return
        self.writer.link(
            key, event, "topics", {self.topics[name] for name in data.get("topics") or [] if name in self.topics}
        )
        self.cite(key, event, data.get("cites"))
        self.load_participations(key, event, data.get("participations") or [])

    def load_participations(self, key: str, event, participations: list[dict]) -> None:
        """One row per person and role (or organisation and role); entries for the same are joined."""
        groups = defaultdict(list)
        for item in participations:
            groups[
                (
                    text(item.get("person")),
                    text(item.get("organisation")) if not text(item.get("person")) else "",
                    item["role"],
                )
            ].append(item)
        for (person_ref, _org_only, role), items in groups.items():
            person = self.person(person_ref) if person_ref else None
            org_ref = next((text(i.get("organisation")) for i in items if text(i.get("organisation"))), "")
            organisation = self.organisation(org_ref) if org_ref else None
            if (person_ref and person is None) or (org_ref and organisation is None):
                continue
            participation_key = f"{key}:{role}:{person_ref or org_ref}"
            lookup = {"event": event, "role": role, "person": person}
            values = {
                "talk_title": next((text(i.get("talk_title")) for i in items if text(i.get("talk_title"))), "")[:300],
                "note": joined(*(i.get("note") for i in items)),
            }
            if person:
                values["organisation_id"] = organisation.pk if organisation else None
            else:
                lookup["organisation"] = organisation
            participation = self.writer.upsert(participation_key, Participation, lookup, values)
            self.cite(participation_key, participation, [c for i in items for c in i.get("cites") or []])

    def load_relationships(self) -> None:
        groups = defaultdict(list)
        for item in self.data.relationships:
            ends = [text(item["from"]), text(item["to"])]
            groups[(*ends, item["kind"], text(item.get("start")))].append(item)
        for (from_ref, to_ref, kind, start), items in groups.items():
            ends = [self.organisation(from_ref), self.organisation(to_ref)]
            if None in ends or ends[0].pk == ends[1].pk:
                continue
            if kind in Relationship.UNDIRECTED:
                ends.sort(key=lambda organisation: organisation.pk)
            key = f"public:relationship:{from_ref}:{to_ref}:{kind}:{start}"
            start_fields = fuzzy("start", start)
            ends_given = [text(i.get("end")) for i in items if text(i.get("end"))]
            relationship = self.writer.upsert(
                key,
                Relationship,
                {
                    "from_organisation": ends[0],
                    "to_organisation": ends[1],
                    "kind": kind,
                    "start_date": start_fields["start_date"],
                },
                {
                    "from_organisation_id": ends[0].pk,
                    "to_organisation_id": ends[1].pk,
                    **start_fields,
                    **fuzzy("end", ends_given[0] if ends_given else "", bound="upper"),
                    "description": joined(*(i.get("description") for i in items))[:300],
                    "note": joined(*(i.get("note") for i in items)),
                },
            )
            self.cite(key, relationship, [c for i in items for c in i.get("cites") or []])
