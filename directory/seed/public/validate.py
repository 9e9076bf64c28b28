"""Checking the public record's files before anything is written (see README.md here).

Reads only the files and the reference data in the repository (taxonomy, sectors, topics,
the postcode-to-municipality file), no database, so the test over the committed files needs
none either. Every error carries its file and record id; all of them are reported at once.
"""

import csv
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from directory.seed.articles import article_keys
from directory.seed.articles.facts import ORGANISATIONS as ARTICLE_ORGANISATIONS
from directory.seed.articles.facts import TOPICS
from directory.seed.competences import FIELDS
from directory.seed.sectors import SECTORS
from directory.seed.vocabulary import POSTCODES_FILE, STATES, competence_slug
from netzwerk.lib.fuzzydates import FuzzyDate

SECTIONS = (
    "sources",
    "organisations",
    "facts_about",
    "member_counts",
    "memberships",
    "people",
    "positions",
    "series",
    "events",
    "relationships",
)
ORGANISATION_KINDS = ("firm", "network", "public_body", "chamber", "research", "other")
EVENT_KINDS = (
    "conference",
    "network_meeting",
    "workshop",
    "delegation_visit",
    "delegation_trip",
    "fair",
    "round_table",
    "exhibition",
    "other",
)
EVENT_STATUSES = ("took_place", "planned", "cancelled", "postponed")
PARTICIPATION_ROLES = (
    "organiser",
    "host",
    "commissioner",
    "speaker",
    "guest",
    "delegation_member",
    "exhibitor",
    "partner",
    "participant",
)
MEMBERSHIP_ROLES = ("member", "founding_member", "supporting_member")
RELATIONSHIP_KINDS = ("cooperation", "commissioned", "organised_for", "supplier", "parent", "funding")
# The organisation fields a file may give, and those that are lists (joined across files).
ORGANISATION_SCALARS = (
    "name",
    "kind",
    "short_name",
    "legal_form",
    "description",
    "founded",
    "founded_place",
    "locality",
    "municipality",
    "state",
    "street",
    "postcode",
    "website",
    "note",
)
ORGANISATION_LISTS = ("aliases", "sectors", "competences", "cites")
FACT_FIELDS = (
    "legal_form",
    "founded",
    "founded_place",
    "locality",
    "municipality",
    "state",
    "street",
    "postcode",
    "website",
    "description",
    "short_name",
    "sectors",
)
# What facts_about may say about an article event (a later source confirming it took place).
EVENT_FACT_FIELDS = ("start", "end", "status", "venue_name", "locality", "municipality", "state", "description")
FACT_KEYS = ("record", "fields", "aliases", "competences", "note", "description", "cites", "participations")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
POSTCODE = re.compile(r"^\d{5}$")
URL = re.compile(r"^https?://\S+$")

COMPETENCES = {term.name: competence_slug(term) for f in FIELDS for term in (f, *f.competences)}
SECTOR_SLUGS = {sector.slug for sector in SECTORS}
TOPIC_NAMES = {name for name, _ in TOPICS}


def municipalities() -> dict[str, dict[str, set[str]]]:
    """Municipality name (column `ort`) → state → official keys (ags), from the postcode file."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    with open(POSTCODES_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["bundesland"] in STATES:
                found[row["ort"]][row["bundesland"]].add(row["ags"])
    return found


def municipality_key(munis, municipality: str, state: str = "") -> str | None:
    """The official key of a municipality named in the files; None if unknown or ambiguous."""
    states = munis.get(municipality) or {}
    if state:
        keys = states.get(state, set())
    else:
        keys = set().union(*states.values()) if states else set()
    return next(iter(keys)) if len(keys) == 1 else None


def text(value) -> str:
    """A YAML scalar as text: unquoted dates and years arrive as date and int."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Checked:
    """The files' records after the checks, organisations merged across files by id."""

    errors: list[str] = field(default_factory=list)
    sources: dict[str, dict] = field(default_factory=dict)
    organisations: dict[str, dict] = field(default_factory=dict)
    facts: dict[str, dict] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)
    series: dict[str, dict] = field(default_factory=dict)
    events: dict[str, dict] = field(default_factory=dict)
    member_counts: list[dict] = field(default_factory=list)
    memberships: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    relationships: list[dict] = field(default_factory=list)
    # Where each record came from, for error messages.
    origin: dict[str, str] = field(default_factory=dict)


class Validator:
    def __init__(self, documents: dict[str, object]):
        self.documents = documents
        self.result = Checked()
        self.articles = article_keys()
        self.munis = municipalities()

    def error(self, where: str, message: str) -> None:
        self.result.errors.append(f"{where}: {message}")

    def run(self) -> Checked:
        docs = {}
        for name, doc in self.documents.items():
            if doc is None:
                continue
            if not isinstance(doc, dict):
                self.error(name, "the file must be a mapping of the sections " + ", ".join(SECTIONS))
                continue
            for key in doc:
                if key not in SECTIONS:
                    self.error(name, f"unknown section {key!r}")
            for key in SECTIONS:
                if not isinstance(doc.get(key) or [], list):
                    self.error(name, f"section {key} must be a list")
            docs[name] = {
                key: [item for item in doc.get(key) or [] if self.is_mapping(name, key, item)] for key in SECTIONS
            }
        # Ids first, so references can be checked in any order across files.
        for name, doc in docs.items():
            self.collect(name, doc)
        for name, doc in docs.items():
            self.check(name, doc)
        return self.result

    def is_mapping(self, name, key, item) -> bool:
        if not isinstance(item, dict):
            self.error(name, f"{key}: entry is not a mapping: {item!r}")
            return False
        return True

    # Ids -----------------------------------------------------------------------------------

    def collect(self, name: str, doc: dict) -> None:
        r = self.result
        for section, target in (
            ("sources", r.sources),
            ("people", r.people),
            ("series", r.series),
            ("events", r.events),
        ):
            for item in doc[section]:
                record_id = text(item.get("id"))
                if not record_id:
                    self.error(name, f"{section} entry without id")
                    continue
                if record_id in target or record_id in r.organisations:
                    self.error(f"{name} {record_id}", f"duplicate id (also in {r.origin.get(record_id)})")
                    continue
                target[record_id] = item
                r.origin[record_id] = name
        for item in doc["organisations"]:
            record_id = text(item.get("id"))
            where = f"{name} {record_id}"
            if not record_id:
                self.error(name, "organisations entry without id")
                continue
            if record_id.startswith("article:"):
                self.error(where, "article records are not redefined; use facts_about")
                continue
            if record_id in r.sources or record_id in r.people or record_id in r.events or record_id in r.series:
                self.error(where, "duplicate id (used by another kind of record)")
                continue
            for key in item:
                if key not in ("id", *ORGANISATION_SCALARS, *ORGANISATION_LISTS):
                    self.error(where, f"unknown field {key!r}")
            merged = r.organisations.get(record_id)
            if merged is None:
                r.organisations[record_id] = {**item, "_files": [name]}
                r.origin[record_id] = name
                continue
            # The same organisation in another file: lists join, a field given twice must agree.
            merged["_files"].append(name)
            for key in ORGANISATION_SCALARS:
                if item.get(key) in (None, ""):
                    continue
                if merged.get(key) in (None, ""):
                    merged[key] = item[key]
                elif text(merged[key]) != text(item[key]):
                    self.error(
                        where,
                        f"conflicting definitions of {key}: {merged[key]!r} ({r.origin[record_id]}) and {item[key]!r}",
                    )
            for key in ORGANISATION_LISTS:
                merged[key] = [*(merged.get(key) or []), *(item.get(key) or [])]
        for item in doc["facts_about"]:
            record = text(item.get("record"))
            entry = r.facts.setdefault(
                record,
                {
                    "record": record,
                    "fields": {},
                    "aliases": [],
                    "competences": [],
                    "cites": [],
                    "notes": [],
                    "participations": [],
                    "_files": [],
                },
            )
            entry["_files"].append(name)
            fields = item.get("fields") or {}
            if not isinstance(fields, dict):
                self.error(f"{name} facts_about {record}", "fields must be a mapping")
                fields = {}
            if text(item.get("description")):
                fields = {**fields, "description": item["description"]}
            if text(item.get("note")):
                entry["notes"].append(text(item["note"]))
            entry["participations"] += [
                {**p, "_file": name} for p in item.get("participations") or [] if isinstance(p, dict)
            ]
            for key, value in fields.items():
                if key in entry["fields"] and text(entry["fields"][key]) != text(value):
                    self.error(f"{name} facts_about {record}", f"conflicting values of {key}")
                entry["fields"][key] = value
            for key in ("aliases", "competences", "cites"):
                entry[key] += item.get(key) or []
        r.member_counts += [{**item, "_file": name} for item in doc["member_counts"]]
        r.memberships += [{**item, "_file": name} for item in doc["memberships"]]
        r.positions += [{**item, "_file": name} for item in doc["positions"]]
        r.relationships += [{**item, "_file": name} for item in doc["relationships"]]

    # Checks --------------------------------------------------------------------------------

    def date(self, where: str, key: str, value, *, required: bool = False) -> None:
        value = text(value)
        if not value:
            if required:
                self.error(where, f"no {key}")
            return
        if not DATE.match(value):
            self.error(where, f"{key} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            return
        try:
            FuzzyDate.parse(value)
        except ValueError:
            self.error(where, f"{key} {value!r} is not a valid date")

    def cites(self, where: str, items) -> None:
        if not items:
            self.error(where, "no cites: every fact needs a source")
            return
        if not isinstance(items, list):
            self.error(where, "cites must be a list")
            return
        for cite in items:
            if not isinstance(cite, dict) or not text(cite.get("source")) or not text(cite.get("evidence")):
                self.error(where, f"a cite needs source and evidence: {cite!r}")
                continue
            if text(cite["source"]) not in self.result.sources:
                self.error(where, f"unknown source {cite['source']}")

    def organisation(self, where: str, value, *, network: bool = False, required: bool = True) -> None:
        value = text(value)
        if not value:
            if required:
                self.error(where, "no organisation given")
            return
        if value.startswith("article:"):
            if value not in self.articles:
                self.error(where, f"unknown article record {value}")
            elif network and ARTICLE_ORGANISATIONS.get(value[len("article:") :], {}).get("kind") != "network":
                self.error(where, f"{value} is not a network")
            return
        record = self.result.organisations.get(value)
        if record is None:
            self.error(where, f"unknown organisation {value}")
        elif network and record.get("kind") != "network":
            self.error(where, f"{value} is not a network (kind {record.get('kind')!r})")

    def ref(self, where: str, kind: str, value, *, required: bool = True) -> None:
        value = text(value)
        if not value:
            if required:
                self.error(where, f"no {kind} given")
            return
        if value.startswith("article:"):
            if value not in self.articles:
                self.error(where, f"unknown article record {value}")
        elif value not in getattr(self.result, kind):
            self.error(where, f"unknown {kind} id {value}")

    def place(self, where: str, item: dict) -> None:
        municipality = text(item.get("municipality"))
        state = text(item.get("state"))
        if state and state not in STATES:
            self.error(where, f"state {state!r} is neither Sachsen nor Thüringen")
        if not municipality:
            return
        states = self.munis.get(municipality)
        if not states:
            self.error(where, f"unknown municipality {municipality!r} (column ort of zuordnung_plz_ort.csv)")
        elif state and state not in states:
            self.error(where, f"municipality {municipality!r} is not in {state}")
        elif not state and len(states) > 1:
            self.error(where, f"municipality {municipality!r} exists in both states: give state")
        elif municipality_key(self.munis, municipality, state) is None:
            self.error(where, f"municipality {municipality!r} is ambiguous (several municipalities of that name)")
        postcode = text(item.get("postcode"))
        if postcode and not POSTCODE.match(postcode):
            self.error(where, f"postcode {postcode!r} must be five digits (quoted)")

    def competences(self, where: str, items) -> None:
        for competence in items or []:
            if not isinstance(competence, dict):
                self.error(where, f"competence must be a mapping: {competence!r}")
                continue
            name = text(competence.get("name"))
            if name not in COMPETENCES:
                self.error(where, f"unknown competence {name!r}")
            if competence.get("source"):
                self.ref(where, "sources", competence["source"])
            elif competence.get("inferred_from"):
                self.ref(where, "sources", competence["inferred_from"])
                if not text(competence.get("why")):
                    self.error(where, f"inferred competence {name} without why")
            else:
                self.error(where, f"competence {name} neither cited (source) nor inferred (inferred_from)")

    def check(self, name: str, doc: dict) -> None:
        r = self.result
        for source in doc["sources"]:
            where = f"{name} {source.get('id')}"
            for key in ("url", "title", "publisher", "retrieved"):
                if not text(source.get(key)):
                    self.error(where, f"source without {key}")
            if text(source.get("url")) and not URL.match(text(source["url"])):
                self.error(where, f"url {source['url']!r} is not an http(s) address")
            self.date(where, "published", source.get("published"))
            self.date(where, "retrieved", source.get("retrieved"))
            if text(source.get("retrieved")) and len(text(source["retrieved"])) != 10:
                self.error(where, "retrieved must be a day (YYYY-MM-DD)")
        for item in doc["organisations"]:
            record_id = text(item.get("id"))
            if not record_id or record_id.startswith("article:"):
                continue
            where = f"{name} {record_id}"
            if not text(item.get("name")):
                self.error(where, "no name")
            if item.get("kind") and item["kind"] not in ORGANISATION_KINDS:
                self.error(where, f"unknown kind {item['kind']!r}")
            founded = item.get("founded")
            if founded not in (None, "") and not (isinstance(founded, int) and 1000 <= founded <= 2100):
                self.error(where, f"founded must be a year: {founded!r}")
            self.place(where, item)
            for sector in item.get("sectors") or []:
                if sector not in SECTOR_SLUGS:
                    self.error(where, f"unknown sector {sector!r}")
            self.competences(where, item.get("competences"))
            self.cites(where, item.get("cites"))
        for item in doc["facts_about"]:
            record = text(item.get("record"))
            where = f"{name} facts_about {record}"
            if not (record in self.articles or record in r.organisations):
                self.error(where, "unknown record")
            for key in item:
                if key not in FACT_KEYS:
                    self.error(where, f"unknown field {key!r}")
            is_event = record.startswith("article:event:")
            if not is_event and record.startswith(("article:person:", "article:series:")):
                self.error(where, "facts_about takes organisations and article events only")
            allowed = EVENT_FACT_FIELDS if is_event else FACT_FIELDS
            fields = item.get("fields") or {}
            if isinstance(fields, dict):
                for key in fields:
                    if key not in allowed:
                        self.error(where, f"field {key!r} cannot be set by facts_about")
                self.place(where, fields)
                founded = fields.get("founded")
                if founded not in (None, "") and not (isinstance(founded, int) and 1000 <= founded <= 2100):
                    self.error(where, f"founded must be a year: {founded!r}")
                for sector in fields.get("sectors") or [] if not is_event else []:
                    if sector not in SECTOR_SLUGS:
                        self.error(where, f"unknown sector {sector!r}")
                if is_event:
                    for key in ("start", "end"):
                        self.date(where, key, fields.get(key))
                    self.period(where, fields)
                    if fields.get("status") and fields["status"] not in EVENT_STATUSES:
                        self.error(where, f"unknown status {fields['status']!r}")
            if item.get("participations") and not is_event:
                self.error(where, "participations belong to an event")
            for participation in item.get("participations") or []:
                self.participation(where, participation)
            if is_event and item.get("competences"):
                self.error(where, "an event has no competences")
            self.competences(where, item.get("competences"))
            self.cites(where, item.get("cites"))
        for item in doc["member_counts"]:
            where = f"{name} member_count {item.get('network')}"
            self.organisation(where, item.get("network"), network=True)
            # Without as_of the loader takes the cited source's date and says so in the note.
            self.date(where, "as_of", item.get("as_of"))
            count = item.get("count")
            if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
                self.error(where, f"count must be a positive whole number: {count!r}")
            self.cites(where, item.get("cites"))
        for item in doc["memberships"]:
            where = f"{name} membership {item.get('member')}->{item.get('network')}"
            self.organisation(where, item.get("member"))
            self.organisation(where, item.get("network"), network=True)
            if text(item.get("member")) and text(item.get("member")) == text(item.get("network")):
                self.error(where, "an organisation cannot be a member of itself")
            if item.get("role") and item["role"] not in MEMBERSHIP_ROLES:
                self.error(where, f"unknown role {item['role']!r}")
            for key in ("start", "end", "attested"):
                self.date(where, key, item.get(key))
            if not text(item.get("attested")) and not text(item.get("start")):
                self.error(where, "a membership needs attested (or start)")
            self.period(where, item)
            self.cites(where, item.get("cites"))
        for item in doc["people"]:
            where = f"{name} {item.get('id')}"
            if not text(item.get("name")):
                self.error(where, "no name")
            for key in item:
                if key not in ("id", "name", "title", "description", "note", "cites"):
                    self.error(where, f"unknown field {key!r} (no contact details for people)")
            self.cites(where, item.get("cites"))
        for item in doc["positions"]:
            where = f"{name} position {item.get('person')}@{item.get('organisation')}"
            self.ref(where, "people", item.get("person"))
            self.organisation(where, item.get("organisation"))
            for key in ("start", "end", "attested"):
                self.date(where, key, item.get(key))
            self.period(where, item)
            self.cites(where, item.get("cites"))
        for item in doc["series"]:
            where = f"{name} {item.get('id')}"
            if not text(item.get("name")):
                self.error(where, "no name")
            self.cites(where, item.get("cites"))
        for item in doc["events"]:
            self.event(name, item)
        for item in doc["relationships"]:
            where = f"{name} relationship {item.get('from')}->{item.get('to')}"
            self.organisation(where, item.get("from"))
            self.organisation(where, item.get("to"))
            if text(item.get("from")) and text(item.get("from")) == text(item.get("to")):
                self.error(where, "a relationship needs two different organisations")
            if item.get("kind") not in RELATIONSHIP_KINDS:
                self.error(where, f"unknown kind {item.get('kind')!r}")
            for key in ("start", "end"):
                self.date(where, key, item.get(key))
            self.period(where, item)
            self.cites(where, item.get("cites"))

    def period(self, where: str, item: dict) -> None:
        start, end = text(item.get("start")), text(item.get("end"))
        if start and end and DATE.match(start) and DATE.match(end):
            try:
                if FuzzyDate.parse(end).upper < FuzzyDate.parse(start).lower:
                    self.error(where, f"end {end} before start {start}")
            except ValueError:
                pass

    def event(self, name: str, item: dict) -> None:
        where = f"{name} {item.get('id')}"
        if not text(item.get("title")):
            self.error(where, "no title")
        if item.get("kind") not in EVENT_KINDS:
            self.error(where, f"unknown kind {item.get('kind')!r}")
        if item.get("status") not in EVENT_STATUSES:
            self.error(where, f"unknown status {item.get('status')!r}")
        self.date(where, "start", item.get("start"), required=True)
        self.date(where, "end", item.get("end"))
        self.period(where, item)
        self.place(where, item)
        self.ref(where, "series", item.get("series"), required=False)
        self.organisation(where, item.get("venue"), required=False)
        for topic in item.get("topics") or []:
            if topic not in TOPIC_NAMES:
                self.error(where, f"unknown topic {topic!r}")
        self.cites(where, item.get("cites"))
        for participation in item.get("participations") or []:
            self.participation(where, participation)

    def participation(self, where: str, participation) -> None:
        if not isinstance(participation, dict):
            self.error(where, f"participation must be a mapping: {participation!r}")
            return
        if not participation.get("organisation") and not participation.get("person"):
            self.error(where, "participation without organisation or person")
        self.organisation(where, participation.get("organisation"), required=False)
        self.ref(where, "people", participation.get("person"), required=False)
        if participation.get("role") not in PARTICIPATION_ROLES:
            self.error(where, f"unknown participation role {participation.get('role')!r}")
        self.cites(where, participation.get("cites"))
