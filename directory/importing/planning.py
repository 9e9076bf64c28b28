"""Planning an import: parsing each row, matching it to an organisation, working out the changes.

The plan reads the database once up front (every organisation's name, aliases and website for
matching, the vocabularies, the networks) and works out in memory what each row would change,
collecting every problem; it writes nothing (writing.py does).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    OrganisationRedirect,
    PostalCode,
    Sector,
    Source,
)
from directory.text import german_slugify, without_legal_form
from netzwerk.lib.fuzzydates import FuzzyDate

from . import cells
from .cells import fold
from .report import ImportReport, RowOutcome

# Cell -> (parser or maximum length). Empty cells leave a stored value alone: a member list
# fills in and corrects, it never erases what editors entered elsewhere.
SCALARS: dict[str, Any] = {
    "kind": cells.kind,
    "short_name": 60,
    "website": None,  # parsed with its domain, see _parse()
    "email": cells.email,
    "phone": 40,
    "street": 200,
    "postcode": cells.postcode,
    "city": 120,
    "founded": cells.founded,
    "employees": cells.employees,
    "description": 20000,
}


@dataclass
class Row:
    number: int
    name: str
    values: dict[str, Any]
    aliases: list[str]
    domain: str
    competences: list[str]
    sector_ids: list[int]
    network_ids: list[int]
    member_since: FuzzyDate | None
    source: tuple[str, str] | None  # (url, title)


@dataclass
class Plan:
    row: Row
    organisation: Organisation | None  # None: to be created
    save: bool = False
    fields: set[str] = field(default_factory=set)  # changed fields of an existing organisation
    competence_keys: list[str] = field(default_factory=list)
    sector_ids: list[int] = field(default_factory=list)
    # (network id, start, existing membership or None, needs saving, needs citing)
    memberships: list[tuple[int, FuzzyDate | None, Membership | None, bool, bool]] = field(default_factory=list)
    cite_organisation: bool = False
    is_new: bool = False


# Lookups -------------------------------------------------------------------------------


def _add(index: dict, key: str, value) -> None:
    if key:
        index[key].add(value)


@dataclass
class Lookups:
    """Everything the plan matches against, read once for the whole file."""

    by_domain: dict[str, set[int]]
    by_name: dict[str, set[int]]
    names: dict[int, str]
    networks: dict[str, set[int]]
    sectors: dict[str, int]
    competences: dict[str, set[int]]
    competence_synonyms: dict[str, set[int]]
    taken_slugs: set[str]
    competence_slugs: set[str]
    new_competences: dict[str, str] = field(default_factory=dict)  # folded -> name as written
    loose_networks: dict[str, set[int]] = field(default_factory=dict)  # without_legal_form -> ids

    @classmethod
    def load(cls) -> "Lookups":
        by_domain, by_name, networks = defaultdict(set), defaultdict(set), defaultdict(set)
        loose_networks = defaultdict(set)
        names, slugs = {}, set()
        for pk, name, short_name, aliases, website, kind, slug in Organisation.objects.values_list(
            "pk", "name", "short_name", "aliases", "website", "kind", "slug"
        ).iterator(chunk_size=5000):
            names[pk] = name
            slugs.add(slug)
            _add(by_domain, cells.domain_of(website), pk)
            _add(by_name, fold(name), pk)
            for alias in aliases.splitlines():
                _add(by_name, fold(alias), pk)
            if kind == Organisation.Kind.NETWORK:
                for key in (name, short_name, slug, *aliases.splitlines()):
                    _add(networks, fold(key), pk)
                    _add(loose_networks, without_legal_form(key), pk)
        slugs.update(OrganisationRedirect.objects.values_list("old_slug", flat=True))
        sectors = {}
        for pk, name, slug in Sector.objects.values_list("pk", "name", "slug"):
            sectors[fold(name)] = sectors[fold(slug)] = pk
        competences, synonyms, competence_slugs = defaultdict(set), defaultdict(set), set()
        for pk, name, synonym_text, slug in Competence.objects.values_list("pk", "name", "synonyms", "slug"):
            competence_slugs.add(slug)
            _add(competences, fold(name), pk)
            for synonym in synonym_text.splitlines():
                _add(synonyms, fold(synonym), pk)
        return cls(
            by_domain,
            by_name,
            names,
            networks,
            sectors,
            competences,
            synonyms,
            slugs,
            competence_slugs,
            loose_networks=loose_networks,
        )

    def find_networks(self, text: str) -> set[int]:
        """The networks a name as people write it means: the name, short name, slug or an alias,
        in any case and with or without umlauts, and failing that the same without its legal
        form ("Industrieverein Sachsen 1828" for "Industrieverein Sachsen 1828 e.V.")."""
        return self.networks.get(fold(text)) or self.loose_networks.get(without_legal_form(text), set())

    def competence_key(self, name: str) -> str:
        """The competence's id as a string, or the folded name of a competence to create."""
        key = fold(name)
        ids = self.competences.get(key) or self.competence_synonyms.get(key)
        if ids:
            # The same name can stand in two fields (Schweißen under two parents); the oldest wins.
            return str(min(ids))
        self.new_competences.setdefault(key, name)
        return key

    def unique_slug(self, name: str, taken: set[str], fallback: str) -> str:
        base = german_slugify(name, max_length=100) or fallback
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug


# Parsing -------------------------------------------------------------------------------


def parse_row(number: int, values: dict[str, str], lookups: Lookups, network, report: ImportReport) -> Row | None:
    errors_before = len(report.errors)

    def check(column, parse):
        try:
            return parse(values[column])
        except ValueError as error:
            report.error(number, column, str(error))
            return None

    name = " ".join(values.get("name", "").split())
    if not name:
        report.error(number, "name", _("Der Name fehlt."))
    elif len(name) > 200:
        report.error(number, "name", _("Höchstens 200 Zeichen."))

    parsed: dict[str, Any] = {}
    domain = ""
    for column, parser in SCALARS.items():
        if not values.get(column):
            continue
        if column == "website":
            result = check(column, cells.website)
            if result:
                parsed["website"], domain = result
        elif isinstance(parser, int):
            parsed[column] = check(column, lambda text, limit=parser: cells.limited(text, limit))
        else:
            parsed[column] = check(column, parser)

    sector_ids = []
    for sector in cells.split_list(values.get("sectors", "")):
        if (pk := lookups.sectors.get(fold(sector))) is None:
            report.error(number, "sectors", _("Unbekannte Branche „%(name)s“.") % {"name": sector})
        else:
            sector_ids.append(pk)

    competences = cells.split_list(values.get("competences", ""))
    for competence in competences:
        if len(competence) > 120:
            report.error(number, "competences", _("Ein Kompetenzname hat höchstens 120 Zeichen."))

    network_ids = [network.pk] if network is not None else []
    for item in cells.split_list(values.get("networks", "")):
        found = lookups.find_networks(item)
        if not found:
            report.error(number, "networks", _("Unbekanntes Netzwerk „%(name)s“.") % {"name": item})
        elif len(found) > 1:
            report.error(
                number,
                "networks",
                _("„%(name)s“ passt zu mehreren Netzwerken: %(names)s.")
                % {
                    "name": item,
                    "names": ", ".join(sorted(lookups.names[pk] for pk in found)),
                },
            )
        elif (pk := next(iter(found))) not in network_ids:
            network_ids.append(pk)

    member_since = None
    if values.get("member_since"):
        member_since = check("member_since", cells.member_since)
        if not network_ids:
            report.error(
                number, "member_since", _("Ein Beginn der Mitgliedschaft braucht ein Netzwerk (Spalte networks).")
            )

    source = None
    url, title = values.get("source_url", ""), " ".join(values.get("source_title", "").split())
    if url:
        url = check("source_url", cells.source_url) or ""
    if len(title) > 300:
        report.error(number, "source_title", _("Höchstens 300 Zeichen."))
    if url or title:
        source = (url, title or url)

    if len(report.errors) > errors_before:
        return None
    return Row(
        number=number,
        name=name,
        values=parsed,
        aliases=[alias for alias in cells.split_list(values.get("aliases", "")) if fold(alias) != fold(name)],
        domain=domain,
        competences=competences,
        sector_ids=sector_ids,
        network_ids=network_ids,
        member_since=member_since,
        source=source,
    )


# Planning ------------------------------------------------------------------------------


def _match(row: Row, lookups: Lookups, report: ImportReport) -> tuple[int | None, str]:
    """The id of the organisation the row describes (None: new) and how it was found."""
    if row.domain and (ids := lookups.by_domain.get(row.domain)):
        how, column = "website", "website"
    else:
        ids, how, column = lookups.by_name.get(fold(row.name), set()), "name", "name"
    if len(ids) > 1:
        report.error(
            row.number,
            column,
            _(
                "Die Zeile passt zu mehreren Organisationen: %(names)s. Bitte zuerst zusammenführen "
                "oder die Zeile eindeutig machen."
            )
            % {"names": ", ".join(sorted(_("„%(name)s“") % {"name": lookups.names[pk]} for pk in ids))},
        )
        return None, how
    return (next(iter(ids)) if ids else None), how


def plan_rows(rows: list[Row], lookups: Lookups, report: ImportReport) -> list[Plan]:
    matched: dict[int, int] = {}  # organisation id -> row number
    new_keys: dict[str, int] = {}  # domain or folded name of a new organisation -> row number
    found: list[tuple[Row, int | None, str]] = []
    for row in rows:
        pk, how = _match(row, lookups, report)
        if pk is not None:
            if pk in matched:
                report.error(row.number, how, _("Dieselbe Organisation wie in Zeile %(row)s.") % {"row": matched[pk]})
                continue
            matched[pk] = row.number
        else:
            keys = [f"domain:{row.domain}"] if row.domain else []
            keys += [f"name:{fold(name)}" for name in [row.name, *row.aliases]]
            earlier = next((new_keys[key] for key in keys if key in new_keys), None)
            if earlier is not None:
                report.error(row.number, "name", _("Dieselbe Organisation wie in Zeile %(row)s.") % {"row": earlier})
                continue
            new_keys.update(dict.fromkeys(keys, row.number))
        found.append((row, pk, how))
    if not report.ok:
        return []

    ids = list(matched)
    existing = Organisation.objects.in_bulk(ids)
    competences, sectors = defaultdict(set), defaultdict(set)
    for org_id, competence_id in Organisation.competences.through.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "competence_id"
    ):
        competences[org_id].add(competence_id)
    for org_id, sector_id in Organisation.sectors.through.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "sector_id"
    ):
        sectors[org_id].add(sector_id)
    memberships = defaultdict(list)
    for membership in Membership.objects.filter(organisation_id__in=ids).order_by("-start_date"):
        memberships[membership.organisation_id, membership.network_id].append(membership)
    networks_with_members = set(
        Membership.objects.filter(network_id__in=ids).values_list("network_id", flat=True).distinct()
    )
    sources = existing_sources(rows)
    cited = _existing_citations(sources.values(), ids, [m for ms in memberships.values() for m in ms])
    sector_names = dict(
        Sector.objects.filter(pk__in={pk for row in rows for pk in row.sector_ids}).values_list("pk", "name")
    )
    known_postcodes = set(
        PostalCode.objects.filter(
            code__in={row.values["postcode"] for row in rows if "postcode" in row.values}
        ).values_list("code", flat=True)
    )
    today = timezone.localdate()

    plans = []
    for row, pk, how in found:
        organisation = existing.get(pk)
        plan = Plan(row=row, organisation=organisation)
        changes: list[str] = []
        if "postcode" in row.values and row.values["postcode"] not in known_postcodes:
            report.warn(
                row.number,
                "postcode",
                _("Postleitzahl %(code)s ist nicht bekannt; die Region bleibt leer.")
                % {"code": row.values["postcode"]},
            )
        if organisation is None:
            plan.save = True
        else:
            changes = _changes(organisation, row, how, networks_with_members, report, plan.fields)
        keys = [lookups.competence_key(name) for name in row.competences]
        plan.competence_keys = [
            key for key in dict.fromkeys(keys) if not key.isdigit() or int(key) not in competences[pk]
        ]
        if plan.competence_keys and organisation is not None:
            changes.append(str(_("Kompetenzen")))
        plan.sector_ids = [sid for sid in row.sector_ids if sid not in sectors[pk]]
        if plan.sector_ids and organisation is not None:
            changes.append(str(_("Branchen")))
        source = sources.get(row.source) if row.source else None
        for network_id in row.network_ids:
            if network_id == pk:
                report.error(row.number, "networks", _("Eine Organisation kann nicht Mitglied ihrer selbst sein."))
                continue
            membership, save = _membership(memberships.get((pk, network_id), []), row.member_since, today)
            cite = row.source is not None and (
                membership is None or source is None or ("membership", membership.pk) not in cited
            )
            plan.memberships.append((network_id, row.member_since, membership, save, cite))
            if organisation is not None and (membership is None or save or cite):
                changes.append(str(_("Mitgliedschaft")))
        plan.cite_organisation = row.source is not None and (
            organisation is None or source is None or ("organisation", pk) not in cited
        )
        if plan.cite_organisation and organisation is not None:
            changes.append(str(_("Quelle")))
        if organisation is None:
            action = "created"
            changes = _what_a_new_row_brings(row, plan, lookups, sector_names)
        else:
            action = "updated" if changes else "unchanged"
            # Any change to an organisation, its links included, is a new version in its history.
            plan.save = bool(changes)
        report.rows.append(RowOutcome(row.number, row.name, action, list(dict.fromkeys(changes))))
        plans.append(plan)
    report.new_competences = sorted(lookups.new_competences.values(), key=fold)
    return plans if report.ok else []


def _what_a_new_row_brings(row: Row, plan: Plan, lookups: Lookups, sector_names: dict[int, str]) -> list[str]:
    """For the preview: the memberships, competences and sectors a new organisation comes with
    (its fields are in the file itself). "Mitglied in AMZ seit 2016", "Kompetenzen: Drehen, Druckguss (neu)"."""
    brings = []
    for network_id, start, _membership, _save, _cite in plan.memberships:
        if start is not None:
            brings.append(
                _("Mitglied in %(network)s seit %(date)s") % {"network": lookups.names[network_id], "date": start}
            )
        else:
            brings.append(_("Mitglied in %(network)s") % {"network": lookups.names[network_id]})
    if row.competences:
        names = [
            name if lookups.competence_key(name).isdigit() else _("%(name)s (neu)") % {"name": name}
            for name in row.competences
        ]
        brings.append(_("Kompetenzen: %(names)s") % {"names": ", ".join(names)})
    if row.sector_ids:
        brings.append(_("Branchen: %(names)s") % {"names": ", ".join(sector_names[pk] for pk in row.sector_ids)})
    return brings


def _changes(
    organisation: Organisation, row: Row, how: str, networks_with_members: set[int], report, fields: set[str]
) -> list[str]:
    """Apply the row's values to the loaded organisation (not saved); the changed fields' labels.

    The changed fields' names are added to `fields`.
    """
    changes = []
    meta = Organisation._meta
    if (
        how == "website"
        and fold(row.name) != fold(organisation.name)
        and fold(row.name) not in map(fold, organisation.alias_list)
    ):
        # Found by its website under a new name: the new name wins, the old one stays findable.
        row.aliases.append(organisation.name)
        organisation.name = row.name
        fields.add("name")
        changes.append(str(meta.get_field("name").verbose_name))
    for column, value in row.values.items():
        if getattr(organisation, column) == value:
            continue
        if column == "kind" and organisation.pk in networks_with_members and value != Organisation.Kind.NETWORK:
            report.error(
                row.number,
                "kind",
                _("„%(name)s“ hat Mitglieder und bleibt ein Netzwerk.") % {"name": organisation.name},
            )
            continue
        setattr(organisation, column, value)
        fields.add(column)
        changes.append(str(meta.get_field(column).verbose_name))
        if column == "postcode":
            # A new postcode means a new place: let save() look region and coordinates up again.
            organisation.region, organisation.latitude, organisation.longitude = None, None, None
            fields.update(["region", "latitude", "longitude"])
    known = {fold(organisation.name), *map(fold, organisation.alias_list)}
    new_aliases = [alias for alias in row.aliases if fold(alias) not in known]
    if new_aliases:
        organisation.aliases = "\n".join([*organisation.alias_list, *new_aliases])
        fields.add("aliases")
        changes.append(str(meta.get_field("aliases").verbose_name))
    return changes


def _membership(existing: list[Membership], start: FuzzyDate | None, today: datetime.date):
    """The membership a row's network means (None: a new one) and whether it needs saving.

    The one with the same start; else the current one, whose start the row may set or correct.
    """
    lower = start.lower if start else None
    for membership in existing:
        if start is not None and membership.start_date == lower:
            return membership, False
    for membership in existing:
        if membership.end_date is None or membership.end_date >= today:
            if start is None or membership.start_date == lower:
                return membership, False
            if any(m.start_date == lower for m in existing):
                break
            membership.start = start
            return membership, True
    return None, True


def existing_sources(rows: list[Row]) -> dict[tuple[str, str], Source]:
    wanted = {row.source for row in rows if row.source}
    urls = {url for url, _title in wanted if url}
    titles = {title for url, title in wanted if not url}
    found = {}
    for source in Source.objects.filter(Q(url__in=urls) | Q(url="", title__in=titles)).order_by("pk"):
        found.setdefault(source.url or source.title, source)
    return {key: found[key[0] or key[1]] for key in wanted if (key[0] or key[1]) in found}


def _existing_citations(sources, organisation_ids, memberships) -> set[tuple[str, int]]:
    """("organisation", id) and ("membership", id) of the records already citing one of the sources."""
    source_ids = [source.pk for source in sources]
    if not source_ids:
        return set()
    types = ContentType.objects.get_for_models(Organisation, Membership)
    result = set()
    for model, ids, label in (
        (Organisation, organisation_ids, "organisation"),
        (Membership, [m.pk for m in memberships], "membership"),
    ):
        result.update(
            (label, object_id)
            for object_id in Citation.objects.filter(
                content_type=types[model], object_id__in=ids, source_id__in=source_ids
            ).values_list("object_id", flat=True)
        )
    return result
