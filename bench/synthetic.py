"""A synthetic network for scale: firms, networks, people, events and their links, from a seed.

`generate_network(firms=100_000, seed=1)` fills the database with data that looks like the real
directory (German firm names, real postcodes and municipalities of Sachsen and Thüringen,
competences drawn with a Zipf-like skew, memberships over time, events with speakers) so the
benchmark in `bench/` measures pages at a realistic size. Everything comes from one
`random.Random(seed)` drawing over rows read in a fixed order, so the same seed gives the same
names and slugs. Only the event statuses depend on `today` (what is upcoming).

Rows go in with bulk_create in batches, never one query per row. bulk_create does not call
`save()`, so what the models' save() methods derive (region and coordinates from the
postcode, normalised fuzzy dates, an event's end, undirected relationships lower id first) is
set here directly.

Every generated slug ends in `-syn`, so the rows never collide with the seed network's and
`delete_synthetic()` finds them again; the `Source` with the slug `synthetischer-datensatz-syn`
is cited by the generated networks, memberships, positions, relationships and events.
"""

import datetime
import random
import time
from collections.abc import Callable, Sequence
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    Person,
    Position,
    PostalCode,
    Relationship,
    Sector,
    Source,
)
from directory.text import german_slugify
from events.models import Event, EventSeries, Participation, Topic
from netzwerk.lib.fuzzydates import FuzzyDate, Precision

SUFFIX = "-syn"
SOURCE_SLUG = "synthetischer-datensatz" + SUFFIX
BATCH_SIZE = 5_000
NETWORKS = 300
EVENTS = 5_000
BIG_NETWORK_MEMBERS = 5_000
BIG_NETWORK_NAME = "Industrienetzwerk Mitteldeutschland"

Kind = Organisation.Kind
Band = Organisation.EmployeeBand

# --- vocabularies for names ----------------------------------------------------------------

FAMILY_NAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomas",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Ebert",
    "Kretzschmar",
    "Uhlig",
    "Lindner",
    "Ullrich",
    "Hähnel",
    "Fritzsche",
    "Kunze",
    "Rößler",
    "Göbel",
    "Thiele",
    "Reichel",
    "Schönherr",
    "Eichler",
    "Wendler",
    "Löffler",
)
FIRST_NAMES = (
    "Andreas",
    "Thomas",
    "Michael",
    "Frank",
    "Jens",
    "Uwe",
    "Steffen",
    "Matthias",
    "Stefan",
    "Torsten",
    "Dirk",
    "Ralf",
    "Sven",
    "Heiko",
    "Mario",
    "René",
    "Tobias",
    "Christian",
    "Martin",
    "Sebastian",
    "Anja",
    "Kerstin",
    "Katrin",
    "Sabine",
    "Claudia",
    "Susanne",
    "Petra",
    "Ines",
    "Silke",
    "Grit",
    "Franziska",
    "Julia",
    "Anne",
    "Maria",
    "Christina",
    "Stefanie",
    "Nadine",
    "Sandra",
    "Manuela",
    "Ulrike",
    "Birgit",
    "Heike",
    "Jana",
    "Antje",
    "Dörte",
    "Jörg",
    "Lutz",
)
TRADES = (
    "Präzisionstechnik",
    "Gerätebau",
    "Kabelkonfektion",
    "Maschinenbau",
    "Metallbau",
    "Feinmechanik",
    "Sondermaschinenbau",
    "Zerspanungstechnik",
    "Kunststofftechnik",
    "Elektrotechnik",
    "Werkzeugbau",
    "Antriebstechnik",
    "Automatisierungstechnik",
    "Oberflächentechnik",
    "Blechbearbeitung",
    "Formenbau",
    "Stahlbau",
    "Anlagenbau",
    "Messtechnik",
    "Glastechnik",
    "Leiterplattenbestückung",
    "Getriebebau",
    "Schweißtechnik",
    "Vorrichtungsbau",
    "Industrieservice",
    "Steuerungstechnik",
    "Textiltechnik",
    "Optik",
)
TRADE_ENDINGS = (
    "technik",
    "bau",
    "konfektion",
    "fertigung",
    "bearbeitung",
    "montage",
    "ung",
    "guss",
    "druck",
    "technologie",
    "tronik",
    "optik",
    "service",
    "teile",
)
LEGAL_FORMS = (
    ("GmbH", 60),
    ("GmbH & Co. KG", 14),
    ("e.K.", 8),
    ("AG", 2),
    ("KG", 4),
    ("OHG", 2),
    ("UG (haftungsbeschränkt)", 4),
    ("GbR", 2),
    ("Inh. {first} {family}", 4),
)
STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Industriestraße",
    "Gewerbering",
    "Am Gewerbepark",
    "Dresdner Straße",
    "Leipziger Straße",
    "Chemnitzer Straße",
    "Erfurter Straße",
    "Gewerbestraße",
    "Werkstraße",
    "Mühlenweg",
    "Gartenstraße",
    "Lindenstraße",
    "Schulstraße",
    "Ringstraße",
    "Zwickauer Straße",
    "Technologiepark",
    "An der Autobahn",
    "Siemensstraße",
    "Robert-Bosch-Straße",
)
NETWORK_PATTERNS = (
    "Netzwerk {trade} {place}",
    "{trade}-Cluster {place}",
    "Verbund {trade} {state}",
    "Innovationsnetzwerk {trade}",
    "Unternehmerverband {place}",
    "Arbeitskreis {trade} {place}",
    "Kompetenznetz {trade} {state}",
    "Industrieverein {place}",
    "Allianz {trade} {state}",
)
RESEARCH_PATTERNS = (
    "Fraunhofer-Institut für {trade} {place}",
    "Institut für {trade} {place} e.V.",
    "Hochschule {place}, Fakultät {trade}",
)
PUBLIC_PATTERNS = ("Wirtschaftsförderung {place}", "Stadtverwaltung {place}", "Landratsamt {place}")
CHAMBER_PATTERNS = ("Industrie- und Handelskammer {place}", "Handwerkskammer {place}")
EVENT_KINDS = (
    (Event.Kind.NETWORK_MEETING, "Netzwerktreffen", 30),
    (Event.Kind.CONFERENCE, "Fachkonferenz", 15),
    (Event.Kind.WORKSHOP, "Workshop", 20),
    (Event.Kind.ROUND_TABLE, "Unternehmerstammtisch", 12),
    (Event.Kind.FAIR, "Zuliefermesse", 8),
    (Event.Kind.DELEGATION_VISIT, "Delegationsbesuch", 5),
    (Event.Kind.DELEGATION_TRIP, "Delegationsreise", 3),
    (Event.Kind.EXHIBITION, "Ausstellung", 4),
    (Event.Kind.OTHER, "Tag der offenen Tür", 3),
)
TOPICS = (
    "Digitalisierung",
    "Industrie 4.0",
    "Nachhaltigkeit",
    "Fachkräftesicherung",
    "Leichtbau",
    "Elektromobilität",
    "Wasserstoff",
    "Künstliche Intelligenz",
    "Energieeffizienz",
    "Internationalisierung",
    "Unternehmensnachfolge",
    "Kreislaufwirtschaft",
    "Automatisierung",
    "Förderprogramme",
    "Qualitätsmanagement",
)
VENUES = (
    "Stadthalle {city}",
    "Rathaus {city}",
    "Technologiezentrum {city}",
    "Messe {city}",
    "Kulturhaus {city}",
    "Gründerzentrum {city}",
)
NETWORK_ROLES = (
    "Vorsitzender",
    "Vorsitzende",
    "Geschäftsführer",
    "Geschäftsführerin",
    "Netzwerkmanager",
    "Netzwerkmanagerin",
    "Stellvertretender Vorsitzender",
)
FIRM_ROLES = (
    "Geschäftsführer",
    "Geschäftsführerin",
    "Inhaber",
    "Inhaberin",
    "Vertriebsleiter",
    "Technischer Leiter",
    "Prokuristin",
    "Leiterin Einkauf",
)
TALK_PATTERNS = (
    "{topic} im Mittelstand: Erfahrungen aus der {trade}",
    "Wie {topic} die {trade} verändert",
    "Praxisbericht {topic}",
    "{topic} – Chancen für Zulieferer",
    "Neue Wege in der {trade}",
)
RELATIONSHIP_KINDS = (
    (Relationship.Kind.COOPERATION, 40),
    (Relationship.Kind.SUPPLIER, 25),
    (Relationship.Kind.COMMISSIONED, 10),
    (Relationship.Kind.PARENT, 8),
    (Relationship.Kind.ORGANISED_FOR, 7),
    (Relationship.Kind.FUNDING, 10),
)
EMPLOYEE_BANDS = ((Band.MICRO, 55), (Band.SMALL, 28), (Band.MEDIUM, 12), (Band.LARGE, 4), (Band.XLARGE, 1))
PRECISIONS = ((Precision.YEAR, 35), (Precision.MONTH, 35), (Precision.DAY, 30))
EVENT_PRECISIONS = ((Precision.DAY, 80), (Precision.MONTH, 14), (Precision.YEAR, 6))
COMPETENCES_PER_FIRM = ((1, 20), (2, 28), (3, 22), (4, 14), (5, 10), (6, 6))


class Picker:
    """Weighted choices from one random.Random, with the cumulative weights computed once."""

    def __init__(self, rng: random.Random, items: Sequence, weights: Sequence[float]):
        self.rng, self.items, self.cum = rng, list(items), list(accumulate(weights))

    def __call__(self):
        return self.rng.choices(self.items, cum_weights=self.cum)[0]

    def distinct(self, k: int) -> list:
        """k different items (fewer if there are fewer), still following the weights."""
        chosen: list = []
        for _ in range(k * 4):
            item = self()
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == k:
                    break
        return chosen


def weighted(rng: random.Random, pairs: Sequence[tuple]) -> Picker:
    return Picker(rng, [pair[:-1] if len(pair) > 2 else pair[0] for pair in pairs], [pair[-1] for pair in pairs])


def zipf(rng: random.Random, items: Sequence, exponent: float = 1.0) -> Picker:
    """The first item is drawn most, the tenth a tenth as often, like words in a language."""
    return Picker(rng, items, [1 / (rank**exponent) for rank in range(1, len(items) + 1)])


def is_synthetic_present() -> bool:
    return (
        Source.objects.filter(slug=SOURCE_SLUG).exists() or Organisation.objects.filter(slug__endswith=SUFFIX).exists()
    )


@transaction.atomic
def delete_synthetic() -> dict[str, int]:
    """Remove every generated row: those under the synthetic source and those with the slug suffix.

    One DELETE per table, dependants first, with QuerySet._raw_delete (what Django's collector
    itself uses for fast deletes): a plain delete() would load all 100k organisations to walk
    their generic citations and cascades.
    """
    synthetic_orgs = Organisation.objects.filter(slug__endswith=SUFFIX)
    synthetic_events = Event.objects.filter(slug__endswith=SUFFIX)
    counts = {}
    counts["citations"] = Citation.objects.filter(source__slug=SOURCE_SLUG)._raw_delete("default")
    counts["participations"] = Participation.objects.filter(event__in=synthetic_events)._raw_delete("default")
    Event.topics.through.objects.filter(event__in=synthetic_events)._raw_delete("default")
    counts["events"] = synthetic_events._raw_delete("default")
    EventSeries.objects.filter(slug__endswith=SUFFIX)._raw_delete("default")
    Topic.objects.filter(slug__endswith=SUFFIX).delete()
    counts["memberships"] = Membership.objects.filter(organisation__in=synthetic_orgs)._raw_delete("default")
    counts["positions"] = Position.objects.filter(person__slug__endswith=SUFFIX)._raw_delete("default")
    counts["relationships"] = Relationship.objects.filter(from_organisation__in=synthetic_orgs)._raw_delete("default")
    Participation.objects.filter(person__slug__endswith=SUFFIX)._raw_delete("default")
    counts["people"] = Person.objects.filter(slug__endswith=SUFFIX)._raw_delete("default")
    Organisation.competences.through.objects.filter(organisation__in=synthetic_orgs)._raw_delete("default")
    Organisation.sectors.through.objects.filter(organisation__in=synthetic_orgs)._raw_delete("default")
    counts["organisations"] = synthetic_orgs._raw_delete("default")
    Source.objects.filter(slug=SOURCE_SLUG).delete()
    return counts


def reads_as_trade(name: str) -> bool:
    """ "Kabelkonfektion" names a firm well; a verb such as "Fräsen" or "Gießen" does not."""
    return " " not in name and name.endswith(TRADE_ENDINGS)


def fuzzy_start(rng: random.Random, year: int, precision: str) -> FuzzyDate:
    day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    return FuzzyDate(FuzzyDate(day, precision).lower, precision)


def bulk(model, rows: list, *, batch_size: int = BATCH_SIZE) -> list:
    """Insert in batches; on PostgreSQL the returned objects carry their new ids."""
    return model.objects.bulk_create(rows, batch_size=batch_size)


def generate_network(
    *,
    firms: int,
    seed: int,
    networks: int = NETWORKS,
    events: int = EVENTS,
    big_network_members: int = BIG_NETWORK_MEMBERS,
    today: datetime.date | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Generate and insert the synthetic network; the counts of what was created, by kind.

    Expects the vocabularies (regions and postcodes, sectors, competences) to be loaded, and no
    synthetic rows yet (see `delete_synthetic`).
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    started = time.monotonic()

    def step(message: str) -> None:
        log(f"{time.monotonic() - started:7.1f} s  {message}")

    # Rows read in a fixed order so the drawing does not depend on ids or table order.
    postcodes = list(PostalCode.objects.select_related("region__parent__parent").order_by("code", "region__ags"))
    if not postcodes:
        raise ValueError("Keine Postleitzahlen geladen: erst die Vokabulare laden (load_vocabularies).")
    competences = list(Competence.objects.filter(parent__isnull=False).order_by("slug"))
    sectors = list(Sector.objects.order_by("slug"))
    # A fixed shuffle decides which competences are common, so the skew is not alphabetical.
    rng.shuffle(competences)
    # Kabelkonfektion stays common: the benchmark searches for it.
    competences.sort(key=lambda c: c.slug != "kabelkonfektion")
    pick_competence = zipf(rng, competences, 0.9)
    pick_sector = zipf(rng, sectors, 0.8)
    pick_postcode = Picker(rng, postcodes, [1] * len(postcodes))
    pick_legal = weighted(rng, LEGAL_FORMS)
    pick_band = weighted(rng, EMPLOYEE_BANDS)
    pick_precision = weighted(rng, PRECISIONS)
    pick_event_precision = weighted(rng, EVENT_PRECISIONS)
    pick_competence_count = weighted(rng, COMPETENCES_PER_FIRM)
    pick_relationship_kind = weighted(rng, RELATIONSHIP_KINDS)
    pick_event_kind = weighted(rng, EVENT_KINDS)
    slug_uses: dict[str, int] = {}
    used_slugs: set[str] = set()

    def unique_slug(text: str) -> str:
        # The counter per base keeps this linear; the set catches "x-2019" meeting "x" number 2019.
        base = german_slugify(text, max_length=150) or "eintrag"
        n = slug_uses.get(base, 0)
        slug = ""
        while not slug or slug in used_slugs:
            n += 1
            slug = base + SUFFIX if n == 1 else f"{base}-{n}{SUFFIX}"
        slug_uses[base] = n
        used_slugs.add(slug)
        return slug

    def state_of(postcode: PostalCode) -> str:
        region = postcode.region
        while region.parent_id:
            region = region.parent
        return region.name

    def place_fields(postcode: PostalCode) -> dict:
        region = postcode.region
        return {
            "postcode": postcode.code,
            "city": region.name,
            "region": region,
            "latitude": postcode.latitude if postcode.latitude is not None else region.latitude,
            "longitude": postcode.longitude if postcode.longitude is not None else region.longitude,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        }

    counts: dict[str, int] = {}

    # --- the source everything cites ---------------------------------------------------
    source = Source.objects.create(
        slug=SOURCE_SLUG,
        title=f"Synthetischer Datensatz (generate_network, seed {seed})",
        publisher="Netzwerkatlas",
        published_date=today,
        note=f"Erzeugt für Lasttests: {firms} Unternehmen, Zufallsstartwert {seed}. Keine echten Angaben.",
    )

    # --- organisations -------------------------------------------------------------------
    firm_rows: list[Organisation] = []
    firm_competences: list[list[Competence]] = []
    firm_sectors: list[list[Sector]] = []
    for _ in range(firms):
        postcode = pick_postcode()
        chosen = pick_competence.distinct(pick_competence_count())
        family = rng.choice(FAMILY_NAMES)
        # Most firms are named after what they do best, so a search for it finds them.
        trade = chosen[0].name if rng.random() < 0.55 and reads_as_trade(chosen[0].name) else rng.choice(TRADES)
        legal = pick_legal().format(first=rng.choice(FIRST_NAMES), family=family)
        shape = rng.random()
        if shape < 0.45:
            name = f"{family} {trade} {legal}"
        elif shape < 0.70:
            name = f"{trade} {postcode.region.name} {legal}"
        elif shape < 0.82:
            name = f"{family} & {rng.choice(FAMILY_NAMES)} {trade} {legal}"
        else:
            initials = "".join(rng.choice("ABDEFGHKLMPRSTW") for _ in range(rng.randint(2, 4)))
            name = f"{initials} {trade} {legal}"
        slug = unique_slug(name)
        founded = rng.randint(1990, 2024) if rng.random() < 0.8 else rng.randint(1860, 1989)
        what = ", ".join(c.name for c in chosen)
        firm_rows.append(
            Organisation(
                kind=Kind.FIRM,
                name=name,
                slug=slug,
                description=f"{name} in {postcode.region.name}: {what}.",
                website=f"https://www.{slug.removesuffix(SUFFIX)[:60]}.example",
                founded=founded,
                employees=pick_band(),
                **place_fields(postcode),
            )
        )
        firm_competences.append(chosen)
        firm_sectors.append(pick_sector.distinct(rng.choice((1, 1, 1, 2))))

    other_rows: list[Organisation] = []
    for patterns, kind, count in (
        (RESEARCH_PATTERNS, Kind.RESEARCH, max(5, firms // 1000)),
        (PUBLIC_PATTERNS, Kind.PUBLIC_BODY, max(5, firms // 2500)),
        (CHAMBER_PATTERNS, Kind.CHAMBER, max(2, firms // 10000)),
    ):
        for _ in range(count):
            postcode = pick_postcode()
            name = rng.choice(patterns).format(trade=rng.choice(TRADES), place=postcode.region.name)
            other_rows.append(Organisation(kind=kind, name=name, slug=unique_slug(name), **place_fields(postcode)))

    network_rows: list[Organisation] = []
    for i in range(networks):
        postcode = pick_postcode()
        if i == 0:
            name = BIG_NETWORK_NAME
        else:
            name = rng.choice(NETWORK_PATTERNS).format(
                trade=rng.choice(TRADES), place=postcode.region.name, state=state_of(postcode)
            )
        short = "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())[:6]
        network_rows.append(
            Organisation(
                kind=Kind.NETWORK,
                name=name,
                short_name=short if len(short) >= 2 else "",
                slug=unique_slug(name),
                description=f"{name}: Unternehmen und Einrichtungen aus {state_of(postcode)} und darüber hinaus.",
                founded=rng.randint(1990, 2022),
                **place_fields(postcode),
            )
        )

    firm_rows = bulk(Organisation, firm_rows)
    other_rows = bulk(Organisation, other_rows)
    network_rows = bulk(Organisation, network_rows)
    counts["firms"], counts["other organisations"], counts["networks"] = (
        len(firm_rows),
        len(other_rows),
        len(network_rows),
    )
    step(f"{len(firm_rows) + len(other_rows) + len(network_rows)} organisations")

    through = Organisation.competences.through
    bulk(
        through,
        [
            through(organisation_id=firm.pk, competence_id=competence.pk)
            for firm, chosen in zip(firm_rows, firm_competences)
            for competence in chosen
        ],
    )
    sector_through = Organisation.sectors.through
    bulk(
        sector_through,
        [
            sector_through(organisation_id=firm.pk, sector_id=sector.pk)
            for firm, chosen in zip(firm_rows, firm_sectors)
            for sector in chosen
        ],
    )
    counts["competence links"] = sum(len(chosen) for chosen in firm_competences)
    step(f"{counts['competence links']} competence links")

    # --- memberships over time ---------------------------------------------------------
    pick_network = zipf(rng, network_rows[1:], 0.7)
    big_members = set(rng.sample(range(len(firm_rows)), min(big_network_members, len(firm_rows) // 2)))
    memberships: list[Membership] = []
    for index, firm in enumerate(firm_rows):
        joined = pick_network.distinct(rng.choice((0, 1, 1, 1, 2, 2, 3)))
        if index in big_members:
            joined.insert(0, network_rows[0])
        for network in joined:
            memberships.append(
                dated(
                    rng,
                    Membership(
                        organisation_id=firm.pk,
                        network_id=network.pk,
                        role=rng.choices(
                            (
                                Membership.Role.MEMBER,
                                Membership.Role.FOUNDING_MEMBER,
                                Membership.Role.SUPPORTING_MEMBER,
                            ),
                            cum_weights=(90, 95, 100),
                        )[0],
                    ),
                    first_year=max(firm.founded, network.founded, 1990),
                    ended=0.2,
                    precision=pick_precision,
                )
            )
    # Research institutes and chambers are members too, as in the real networks.
    for other in other_rows:
        for network in pick_network.distinct(rng.randint(1, 4)):
            memberships.append(
                dated(
                    rng,
                    Membership(
                        organisation_id=other.pk,
                        network_id=network.pk,
                        role=Membership.Role.SUPPORTING_MEMBER,
                    ),
                    first_year=max(network.founded, 1990),
                    ended=0.1,
                    precision=pick_precision,
                )
            )
    memberships = bulk(Membership, memberships)
    counts["memberships"] = len(memberships)
    step(f"{len(memberships)} memberships")

    # --- people and their positions ---------------------------------------------------
    people: list[Person] = []
    for _ in range(networks * 3 + firms // 10):
        first, family = rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)
        title = rng.choices(("", "Dr.", "Prof. Dr."), cum_weights=(85, 97, 100))[0]
        name = f"{first} {family}"
        people.append(Person(name=name, title=title, slug=unique_slug(name), is_public=rng.random() < 0.2))
    people = bulk(Person, people)
    counts["people"] = len(people)
    counts["public people"] = sum(person.is_public for person in people)

    positions: list[Position] = []
    person_org: dict[int, Organisation] = {}
    cursor = 0
    for network in network_rows:
        for role in rng.sample(NETWORK_ROLES, 3):
            person = people[cursor]
            cursor += 1
            person_org[person.pk] = network
            positions.append(
                dated(
                    rng,
                    Position(person_id=person.pk, organisation_id=network.pk, role=role),
                    first_year=max(network.founded, 1990),
                    ended=0.3,
                    precision=pick_precision,
                )
            )
    for person in people[cursor:]:
        firm = rng.choice(firm_rows)
        person_org[person.pk] = firm
        positions.append(
            dated(
                rng,
                Position(person_id=person.pk, organisation_id=firm.pk, role=rng.choice(FIRM_ROLES)),
                first_year=max(firm.founded, 1990),
                ended=0.15,
                precision=pick_precision,
            )
        )
    positions = bulk(Position, positions)
    counts["positions"] = len(positions)
    step(f"{len(people)} people, {len(positions)} positions")

    # --- relationships -----------------------------------------------------------------
    relationships: list[Relationship] = []
    organisations = firm_rows + other_rows
    seen_links: set[tuple[int, int, str]] = set()
    fundable = firm_rows + network_rows
    funders = [org for org in other_rows if org.kind in (Kind.PUBLIC_BODY, Kind.CHAMBER)] or network_rows
    for _ in range(max(50, firms * 3 // 10)):
        kind = pick_relationship_kind()
        if kind == Relationship.Kind.ORGANISED_FOR:
            a, b = rng.choice(network_rows), rng.choice(organisations)
        elif kind == Relationship.Kind.FUNDING:
            a, b = rng.choice(funders), rng.choice(fundable)
        else:
            a, b = rng.choice(firm_rows), rng.choice(firm_rows)
        if a.pk == b.pk:
            continue
        if kind == Relationship.Kind.COOPERATION and a.pk > b.pk:
            a, b = b, a  # relationship_undirected_ordered: lower id first
        if (a.pk, b.pk, kind) in seen_links:
            continue
        seen_links.add((a.pk, b.pk, kind))
        description = {
            Relationship.Kind.COOPERATION: "Gemeinsames Entwicklungsprojekt",
            Relationship.Kind.SUPPLIER: f"Lieferung von {rng.choice(TRADES)}-Komponenten",
            Relationship.Kind.COMMISSIONED: "Auftrag über eine Sonderanfertigung",
            Relationship.Kind.PARENT: "Beteiligung",
            Relationship.Kind.ORGANISED_FOR: "Organisation eines Messeauftritts",
            Relationship.Kind.FUNDING: "Förderprojekt",
        }[kind]
        relationships.append(
            dated(
                rng,
                Relationship(
                    from_organisation_id=a.pk,
                    to_organisation_id=b.pk,
                    kind=kind,
                    description=description,
                ),
                first_year=max(a.founded or 1990, b.founded or 1990, 1990),
                ended=0.3,
                precision=pick_precision,
            )
        )
    relationships = bulk(Relationship, relationships)
    counts["relationships"] = len(relationships)
    step(f"{len(relationships)} relationships")

    # --- events --------------------------------------------------------------------------
    existing_topics = {topic.name: topic for topic in Topic.objects.filter(name__in=TOPICS)}
    new_topics = bulk(
        Topic, [Topic(name=name, slug=german_slugify(name) + SUFFIX) for name in TOPICS if name not in existing_topics]
    )
    topics = sorted([*existing_topics.values(), *new_topics], key=lambda topic: TOPICS.index(topic.name))
    pick_topic = zipf(rng, topics, 0.8)
    series_rows = bulk(
        EventSeries,
        [
            EventSeries(name=name, slug=unique_slug(name))
            for name in sorted(
                {
                    f"{rng.choice(('Zuliefertag', 'Technologietag', 'Innovationsforum', 'Branchentreff'))} "
                    f"{pick_postcode().region.name}"
                    for _ in range(40)
                }
            )
        ],
    )

    event_rows: list[Event] = []
    event_topics: list[list[Topic]] = []
    for _ in range(events):
        kind, word = pick_event_kind()
        topic = pick_topic()
        precision = pick_event_precision()
        start = fuzzy_start(rng, rng.randint(2010, 2027), precision)
        end = FuzzyDate(start.upper, precision)
        if precision == Precision.DAY and kind in (Event.Kind.CONFERENCE, Event.Kind.FAIR, Event.Kind.DELEGATION_TRIP):
            end = FuzzyDate(start.lower + datetime.timedelta(days=rng.randint(0, 3)), Precision.DAY)
        postcode = pick_postcode()
        city = postcode.region.name
        if end.upper >= today:
            status = rng.choices(
                (Event.Status.PLANNED, Event.Status.POSTPONED, Event.Status.CANCELLED), cum_weights=(90, 95, 100)
            )[0]
        else:
            status = rng.choices(
                (Event.Status.TOOK_PLACE, Event.Status.CANCELLED, Event.Status.POSTPONED), cum_weights=(92, 97, 100)
            )[0]
        title = f"{word} {topic.name} {city} {start.date.year}"
        series = rng.choice(series_rows) if rng.random() < 0.15 else None
        event_rows.append(
            Event(
                title=title,
                slug=unique_slug(title),
                kind=kind,
                status=status,
                description=f"{word} zum Thema {topic.name} in {city}.",
                series=series,
                venue_name=rng.choice(VENUES).format(city=city),
                city=city,
                region=postcode.region,
                start_date=start.lower,
                start_precision=precision,
                end_date=end.upper,
                end_precision=end.precision,
            )
        )
        event_topics.append([topic, *pick_topic.distinct(rng.randint(0, 2))])
    event_rows = bulk(Event, event_rows)
    topic_through = Event.topics.through
    bulk(
        topic_through,
        [
            topic_through(event_id=event.pk, topic_id=topic.pk)
            for event, chosen in zip(event_rows, event_topics)
            for topic in {t.pk: t for t in chosen}.values()
        ],
    )
    counts["events"] = len(event_rows)
    counts["upcoming events"] = sum(event.end_date >= today for event in event_rows)

    participations: list[Participation] = []
    speakers = [person for person in people if person.is_public] or people
    for event, chosen_topics in zip(event_rows, event_topics):
        topic_name = chosen_topics[0].name
        organisers = {network.pk for network in pick_network.distinct(rng.choice((1, 1, 2)))}
        if rng.random() < 0.05:
            organisers.add(network_rows[0].pk)
        for org_id in organisers:
            participations.append(
                Participation(event_id=event.pk, organisation_id=org_id, role=Participation.Role.ORGANISER)
            )
        for person in {p.pk: p for p in rng.sample(speakers, min(len(speakers), rng.randint(0, 4)))}.values():
            participations.append(
                Participation(
                    event_id=event.pk,
                    person_id=person.pk,
                    organisation_id=person_org[person.pk].pk,
                    role=Participation.Role.SPEAKER,
                    talk_title=rng.choice(TALK_PATTERNS).format(topic=topic_name, trade=rng.choice(TRADES)),
                )
            )
        attending = {org.pk for org in rng.sample(organisations, min(len(organisations), rng.randint(3, 30)))}
        role = Participation.Role.EXHIBITOR if event.kind == Event.Kind.FAIR else Participation.Role.PARTICIPANT
        for org_id in attending - organisers:
            participations.append(Participation(event_id=event.pk, organisation_id=org_id, role=role))
    participations = bulk(Participation, participations)
    counts["participations"] = len(participations)
    step(f"{len(event_rows)} events, {len(participations)} participations")

    # --- citations ---------------------------------------------------------------------
    # Citing every row would double the data; the links and the networks and events are what
    # pages show sources for.
    citations = []
    for model, rows in (
        (Organisation, network_rows),
        (Membership, memberships),
        (Position, positions),
        (Relationship, relationships),
        (Event, event_rows),
    ):
        content_type = ContentType.objects.get_for_model(model)
        citations.extend(Citation(source=source, content_type=content_type, object_id=row.pk) for row in rows)
    bulk(Citation, citations)
    counts["citations"] = len(citations)
    step(f"{len(citations)} citations")
    return counts


def dated(rng: random.Random, row, *, first_year: int, ended: float, precision: Picker):
    """Give a membership, position or relationship a fuzzy start, and an end to some of them."""
    first_year = min(max(first_year, 1990), 2025)
    start = fuzzy_start(rng, rng.randint(first_year, 2025), precision())
    row.start_date, row.start_precision = start.lower, start.precision
    if rng.random() < ended:
        end_precision = precision()
        day = datetime.date(rng.randint(start.date.year, 2026), rng.randint(1, 12), rng.randint(1, 28))
        end = FuzzyDate(day, end_precision)
        end_date = max(end.upper, FuzzyDate(start.lower, end_precision).upper)
        row.end_date, row.end_precision = end_date, end_precision
    return row
