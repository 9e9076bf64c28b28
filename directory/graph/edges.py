"""The cooperation graph's edges, read straight from the dated records.

Nodes are organisations ("o12"), public people ("p7") and events ("e3"). Edges come from
five places, each a branch of one UNION ALL query:

- membership:     organisation → network (Membership)
- position:       public person → organisation (Position)
- a relationship: organisation → organisation, typed by Relationship.Kind
- participation:  organisation → event, and public person → event (Participation); two
                  organisations at the same event are two steps apart (org ↔ event ↔ org),
                  so a path reads "spoke at — Zulieferkonferenz — organised by"

One query per call, never per node: the ids travel as arrays (`= ANY(%s)`, see sql.py), so a
frontier of ten thousand organisations costs one round trip, not ten thousand. Private people are
filtered in every branch that could reach them (`is_public`), and the graph's other modules
only ever see what these queries return.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import Citation, Membership, Organisation, Person, Position, Relationship
from events.models import Event, Participation
from netzwerk.lib.fuzzydates import FuzzyDate, format_period

from .sql import any_of, as_date, fetch

MEMBERSHIP = "membership"
POSITION = "position"
PARTICIPATION = "participation"
SHARED_MEMBERS = "shared_members"

# Every edge type a user can filter by, in the order the form offers them.
EDGE_TYPES = {
    MEMBERSHIP: _("Mitgliedschaft"),
    POSITION: _("Funktion (öffentliche Personen)"),
    PARTICIPATION: _("Teilnahme an Veranstaltungen"),
    Relationship.Kind.COOPERATION: _("Kooperation"),
    Relationship.Kind.COMMISSIONED: _("Auftrag"),
    Relationship.Kind.ORGANISED_FOR: _("Organisation im Auftrag"),
    Relationship.Kind.SUPPLIER: _("Lieferbeziehung"),
    Relationship.Kind.PARENT: _("Mutter-/Tochtergesellschaft"),
    Relationship.Kind.FUNDING: _("Finanzierung"),
}
RELATIONSHIP_KINDS = frozenset(Relationship.Kind.values)

# How an edge reads from its first end and back from its second.
RELATIONSHIP_PHRASES = {
    Relationship.Kind.COOPERATION: (_("kooperiert mit"), _("kooperiert mit")),
    Relationship.Kind.COMMISSIONED: (_("beauftragte"), _("beauftragt von")),
    Relationship.Kind.ORGANISED_FOR: (_("organisierte für"), _("ließ organisieren von")),
    Relationship.Kind.SUPPLIER: (_("beliefert"), _("wird beliefert von")),
    Relationship.Kind.PARENT: (_("ist Muttergesellschaft von"), _("ist Tochtergesellschaft von")),
    Relationship.Kind.FUNDING: (_("finanziert"), _("finanziert von")),
}
PARTICIPATION_PHRASES = {
    Participation.Role.ORGANISER: (_("veranstaltete"), _("veranstaltet von")),
    Participation.Role.HOST: (_("war Gastgeber von"), _("zu Gast bei")),
    Participation.Role.COMMISSIONER: (_("gab in Auftrag"), _("im Auftrag von")),
    Participation.Role.SPEAKER: (_("sprach bei"), _("mit Vortrag von")),
    Participation.Role.GUEST: (_("war Gast bei"), _("mit Gast")),
    Participation.Role.DELEGATION_MEMBER: (_("war in der Delegation bei"), _("mit Delegationsmitglied")),
    Participation.Role.EXHIBITOR: (_("stellte aus bei"), _("mit Aussteller")),
    Participation.Role.PARTNER: (_("war Partner bei"), _("mit Partner")),
    Participation.Role.PARTICIPANT: (_("nahm teil an"), _("mit Teilnehmer/in")),
}
# Which edge a path step names when two nodes are linked more than once: the most specific.
PRIORITY = {**{kind: 0 for kind in RELATIONSHIP_KINDS}, POSITION: 1, PARTICIPATION: 2, MEMBERSHIP: 3}


@dataclasses.dataclass(frozen=True)
class Window:
    """Which dated edges count: on one day (`day`), overlapping a period (`lower`–`upper`), or all.

    A record with an unknown start or end is open on that side, as in DatedQuerySet.as_of().
    An event counts on a day once it has begun (the encounter has happened by then), and in a
    period when it overlaps it. Cancelled events never count.
    """

    day: datetime.date | None = None
    lower: datetime.date | None = None
    upper: datetime.date | None = None

    def sql(self, alias: str, params: dict) -> str:
        """The condition on `alias`'s start_date/end_date columns, adding its parameters."""
        params.setdefault("w_day", self.day)
        params.setdefault("w_lower", self.lower)
        params.setdefault("w_upper", self.upper)
        conditions = []
        if self.day:
            conditions.append(
                f"({alias}.start_date IS NULL OR {alias}.start_date <= %(w_day)s)"
                f" AND ({alias}.end_date IS NULL OR {alias}.end_date >= %(w_day)s)"
            )
        if self.upper:
            conditions.append(f"({alias}.start_date IS NULL OR {alias}.start_date <= %(w_upper)s)")
        if self.lower:
            conditions.append(f"({alias}.end_date IS NULL OR {alias}.end_date >= %(w_lower)s)")
        return " AND ".join(conditions) or "TRUE"

    def event_sql(self, alias: str, params: dict) -> str:
        params.setdefault("w_day", self.day)
        params.setdefault("w_lower", self.lower)
        params.setdefault("w_upper", self.upper)
        conditions = [f"{alias}.status <> 'cancelled'"]
        if self.day:
            conditions.append(f"{alias}.start_date <= %(w_day)s")
        if self.upper:
            conditions.append(f"{alias}.start_date <= %(w_upper)s")
        if self.lower:
            conditions.append(f"{alias}.end_date >= %(w_lower)s")
        return " AND ".join(conditions)


ALL_TIME = Window()


def node_id(kind: str, pk: int) -> str:
    return f"{kind}{pk}"


def split_node(node: str) -> tuple[str, int]:
    return node[0], int(node[1:])


@dataclasses.dataclass
class NodeSet:
    """Node ids by table: organisations, (public) people, events."""

    orgs: set = dataclasses.field(default_factory=set)
    people: set = dataclasses.field(default_factory=set)
    events: set = dataclasses.field(default_factory=set)

    @classmethod
    def of(cls, nodes) -> "NodeSet":
        result = cls()
        for node in nodes:
            kind, pk = split_node(node)
            {"o": result.orgs, "p": result.people, "e": result.events}[kind].add(pk)
        return result

    def __bool__(self) -> bool:
        return bool(self.orgs or self.people or self.events)

    def params(self) -> dict:
        return {"orgs": sorted(self.orgs), "people": sorted(self.people), "events": sorted(self.events)}


# The branches --------------------------------------------------------------------------------
#
# Each branch selects: type, record id, end a, end b, dates, role, text. `touching` keeps the
# edges with at least one end in the node set (a BFS level), `among` those with both ends in
# it (the edges of a drawn subgraph).

_T = {
    "membership": Membership._meta.db_table,
    "position": Position._meta.db_table,
    "relationship": Relationship._meta.db_table,
    "participation": Participation._meta.db_table,
    "person": Person._meta.db_table,
    "event": Event._meta.db_table,
    "organisation": Organisation._meta.db_table,
}

_FULL = (
    ", {a}.start_date AS start_date, {a}.start_precision AS start_precision, {a}.end_date AS end_date,"
    " {a}.end_precision AS end_precision, {role} AS role, {text} AS text"
)


def _ends(a_kind: str, a_column: str, b_kind: str, b_column: str, full: bool) -> str:
    """Both ends: kinds and ids for full rows; for the lean rows of a BFS level, node ids built
    in SQL ('o' || 12), which spares formatting a string per row in Python. Every branch names
    its columns, so the UNION's names do not depend on which branch comes first."""
    if full:
        return f"'{a_kind}' AS a_kind, {a_column} AS a_id, '{b_kind}' AS b_kind, {b_column} AS b_id"
    return f"'{a_kind}' || {a_column} AS a, '{b_kind}' || {b_column} AS b"


def _branches(nodes: NodeSet, *, mode: str, types: frozenset | None, window: Window, full: bool, params: dict):
    def both(left: str, left_set: str, right: str, right_set: str) -> str:
        join = "AND" if mode == "among" else "OR"
        return f"({any_of(left, left_set, params)} {join} {any_of(right, right_set, params)})"

    def wanted(kind: str) -> bool:
        return types is None or kind in types

    branches = []
    if wanted(MEMBERSHIP) and nodes.orgs:
        extra = _FULL.format(a="m", role="m.role", text="''") if full else ""
        branches.append(
            f"SELECT 'membership' AS type, m.id AS pk, {_ends('o', 'm.organisation_id', 'o', 'm.network_id', full)}{extra}"
            f" FROM {_T['membership']} m"
            f" WHERE {both('m.organisation_id', 'orgs', 'm.network_id', 'orgs')} AND {window.sql('m', params)}"
        )
    if wanted(POSITION) and (nodes.orgs or nodes.people):
        extra = _FULL.format(a="x", role="x.role", text="''") if full else ""
        branches.append(
            f"SELECT 'position' AS type, x.id AS pk, {_ends('p', 'x.person_id', 'o', 'x.organisation_id', full)}{extra}"
            f" FROM {_T['position']} x JOIN {_T['person']} pp ON pp.id = x.person_id AND pp.is_public"
            f" WHERE {both('x.person_id', 'people', 'x.organisation_id', 'orgs')} AND {window.sql('x', params)}"
        )
    kinds = sorted(RELATIONSHIP_KINDS if types is None else RELATIONSHIP_KINDS & types)
    if kinds and nodes.orgs:
        params["kinds"] = kinds
        extra = _FULL.format(a="r", role="r.kind", text="r.description") if full else ""
        branches.append(
            f"SELECT r.kind AS type, r.id AS pk, {_ends('o', 'r.from_organisation_id', 'o', 'r.to_organisation_id', full)}{extra}"
            f" FROM {_T['relationship']} r"
            f" WHERE {both('r.from_organisation_id', 'orgs', 'r.to_organisation_id', 'orgs')}"
            f" AND {any_of('r.kind', 'kinds', params, cast='text')} AND {window.sql('r', params)}"
        )
    if wanted(PARTICIPATION) and (nodes.events or nodes.orgs):
        extra = _FULL.format(a="ev", role="x.role", text="x.talk_title") if full else ""
        branches.append(
            f"SELECT 'participation' AS type, x.id AS pk, {_ends('o', 'x.organisation_id', 'e', 'x.event_id', full)}{extra}"
            f" FROM {_T['participation']} x JOIN {_T['event']} ev ON ev.id = x.event_id"
            f" WHERE x.organisation_id IS NOT NULL AND {both('x.organisation_id', 'orgs', 'x.event_id', 'events')}"
            f" AND {window.event_sql('ev', params)}"
        )
    if wanted(PARTICIPATION) and (nodes.events or nodes.people):
        extra = _FULL.format(a="ev", role="x.role", text="x.talk_title") if full else ""
        branches.append(
            f"SELECT 'participation' AS type, x.id AS pk, {_ends('p', 'x.person_id', 'e', 'x.event_id', full)}{extra}"
            f" FROM {_T['participation']} x JOIN {_T['event']} ev ON ev.id = x.event_id"
            f" JOIN {_T['person']} pp ON pp.id = x.person_id AND pp.is_public"
            f" WHERE {both('x.person_id', 'people', 'x.event_id', 'events')}"
            f" AND {window.event_sql('ev', params)}"
        )
    return branches


def edge_rows(
    nodes: NodeSet,
    *,
    mode: str,
    types=None,
    window: Window = ALL_TIME,
    full: bool = False,
    limit: int | None = None,
    ordered: bool = True,
) -> list[tuple]:
    """The edges touching (`mode="touching"`) or among (`"among"`) the nodes: one query, or none
    when no branch applies. Rows are (type, pk, a, b) with node ids ("o12"), or with `full`
    (type, pk, a_kind, a_id, b_kind, b_id, dates, role, text).
    With `limit`, the most specific edges first (relationships, positions, participations,
    memberships), each by id, so a cut is the same on every call; unless not `ordered`, for a
    caller that only wants to know whether there are more (the path search), which saves
    sorting every row."""
    params = nodes.params()
    branches = _branches(nodes, mode=mode, types=types, window=window, full=full, params=params)
    if not branches:
        return []
    sql = " UNION ALL ".join(branches)
    if limit is not None and not ordered:
        sql = f"SELECT * FROM ({sql}) AS edges LIMIT {int(limit)}"
    elif limit is not None:
        sql = (
            f"SELECT * FROM ({sql}) AS edges ORDER BY CASE type WHEN 'membership' THEN 3"
            f" WHEN 'participation' THEN 2 WHEN 'position' THEN 1 ELSE 0 END, pk LIMIT {int(limit)}"
        )
    return fetch(sql, params)


# Edges and nodes as the pages and the JSON see them -------------------------------------------


@dataclasses.dataclass
class Edge:
    type: str
    pk: int
    source: str
    target: str
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    role: str = ""
    text: str = ""
    sources: list = dataclasses.field(default_factory=list)
    weight: int = 0  # shared members, for the aggregated view

    @property
    def id(self) -> str:
        # A participation with both a person and an organisation is two edges of one record.
        return f"{self.type}-{self.pk}-{self.source}"

    @property
    def period(self) -> str:
        return format_period(self.start, self.end)

    @property
    def type_label(self) -> str:
        return str(EDGE_TYPES.get(self.type, _("Gemeinsame Mitglieder")))

    def phrases(self) -> tuple[str, str]:
        """How the edge reads from its source, and back from its target."""
        if self.type == MEMBERSHIP:
            return str(_("ist Mitglied in")), str(_("hat als Mitglied"))
        if self.type == POSITION:
            if self.role:
                return str(_("%(role)s bei")) % {"role": self.role}, str(_("mit %(role)s")) % {"role": self.role}
            return str(_("tätig bei")), str(_("mit Mitarbeiter/in"))
        if self.type == PARTICIPATION:
            forward, backward = PARTICIPATION_PHRASES.get(self.role, (self.role, self.role))
            return str(forward), str(backward)
        if self.type == SHARED_MEMBERS:
            phrase = str(_("hat %(count)s gemeinsame Mitglieder mit")) % {"count": self.weight}
            return phrase, phrase
        forward, backward = RELATIONSHIP_PHRASES.get(self.type, (self.type, self.type))
        return str(forward), str(backward)

    @property
    def label(self) -> str:
        return self.phrases()[0]

    def phrase_from(self, node: str) -> str:
        forward, backward = self.phrases()
        return forward if node == self.source else backward

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source

    @property
    def evidence(self) -> str:
        """What the edge rests on, in words: the record's kind, role and description."""
        if self.type == MEMBERSHIP:
            role = dict(Membership.Role.choices).get(self.role, self.role)
            return str(_("Mitgliedschaft (%(role)s)")) % {"role": role}
        if self.type == POSITION:
            return str(_("Funktion: %(role)s")) % {"role": self.role} if self.role else str(_("Funktion"))
        if self.type == PARTICIPATION:
            role = dict(Participation.Role.choices).get(self.role, self.role)
            if self.text:
                return str(_("Teilnahme als %(role)s: „%(talk)s“")) % {"role": role, "talk": self.text}
            return str(_("Teilnahme als %(role)s")) % {"role": role}
        if self.type == SHARED_MEMBERS:
            return str(_("%(count)s Organisationen sind Mitglied in beiden")) % {"count": self.weight}
        return self.text or self.type_label

    def as_json(self, *, label: str | None = None) -> dict:
        """The edge as the drawing and the JSON export see it; `label`: how it reads from the
        end a path comes from (default: from its source)."""
        item = {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "type_label": self.type_label,
            "label": self.label if label is None else label,
            "start": self.start.iso if self.start else None,
            "end": self.end.iso if self.end else None,
            "period": self.period,
            "evidence": self.evidence,
            "sources": [item["url"] or item["title"] for item in self.sources],
            "source_details": self.sources,
        }
        if self.type == SHARED_MEMBERS:
            item["weight"] = self.weight
        return item


def edges_from_rows(rows) -> list[Edge]:
    edges = []
    for type_, pk, a_kind, a_id, b_kind, b_id, s_date, s_prec, e_date, e_prec, role, text in rows:
        edges.append(
            Edge(
                type=type_,
                pk=pk,
                source=node_id(a_kind, a_id),
                target=node_id(b_kind, b_id),
                start=FuzzyDate(as_date(s_date), s_prec) if s_date else None,
                end=FuzzyDate(as_date(e_date), e_prec) if e_date else None,
                role=role or "",
                text=text or "",
            )
        )
    return edges


@dataclasses.dataclass
class Node:
    id: str
    label: str
    kind: str
    url: str
    slug: str = ""
    members: int | None = None  # networks in the aggregated view

    @property
    def expand_url(self) -> str:
        """The graph page narrowed to this network's members."""
        return reverse("directory:graph") + f"?netzwerk={self.slug}"

    @property
    def kind_label(self) -> str:
        if self.kind == "person":
            return str(_("Person"))
        if self.kind == "event":
            return str(_("Veranstaltung"))
        return str(dict(Organisation.Kind.choices).get(self.kind, self.kind))

    def as_json(self) -> dict:
        return {"id": self.id, "label": self.label, "kind": self.kind, "kind_label": self.kind_label, "url": self.url}


def _url_maker(name: str):
    """reverse() once, then fill in the slug: a thousand nodes need a thousand URLs."""
    marker = "slug-placeholder-0"
    pattern = reverse(name, kwargs={"slug": marker})
    return lambda slug: pattern.replace(marker, slug)


def load_nodes(node_ids) -> dict[str, Node]:
    """The nodes' names, kinds and page URLs: one query for all three tables (none when empty).

    People are read only when public, so a private person's id yields no node.
    """
    nodes = NodeSet.of(node_ids)
    if not nodes:
        return {}
    params = nodes.params()
    sql = (
        f"SELECT 'o' AS kind, id, name, short_name AS extra, slug, kind AS node_kind FROM {_T['organisation']}"
        f" WHERE {any_of('id', 'orgs', params)}"
        f" UNION ALL SELECT 'p', id, name, title, slug, 'person' FROM {_T['person']}"
        f" WHERE {any_of('id', 'people', params)} AND is_public"
        f" UNION ALL SELECT 'e', id, title, '', slug, 'event' FROM {_T['event']} WHERE {any_of('id', 'events', params)}"
    )
    rows = fetch(sql, params)
    organisation_url = _url_maker("directory:organisation-detail")
    network_url = _url_maker("directory:network-detail")
    person_url = _url_maker("directory:person-detail")
    event_url = _url_maker("events:event-detail")
    result = {}
    for kind, pk, name, extra, slug, node_kind in rows:
        if kind == "o":
            label = f"{name} ({extra})" if extra and extra not in name else name
            url = network_url(slug) if node_kind == Organisation.Kind.NETWORK else organisation_url(slug)
        elif kind == "p":
            label, url = (f"{extra} {name}" if extra else name), person_url(slug)
        else:
            label, url = name, event_url(slug)
        result[node_id(kind, pk)] = Node(id=node_id(kind, pk), label=label, kind=node_kind, url=url, slug=slug)
    return result


_MODELS = {MEMBERSHIP: Membership, POSITION: Position, PARTICIPATION: Participation}


def attach_sources(edges: list[Edge]) -> None:
    """Each edge's sources (title, URL, the page of the source, the quote): one query, none
    without edges. An edge cites what its record cites; a participation also its event's."""
    wanted = defaultdict(set)
    for edge in edges:
        if edge.type == SHARED_MEMBERS:
            continue
        model = _MODELS.get(edge.type, Relationship)
        wanted[model].add(edge.pk)
        if edge.type == PARTICIPATION:
            wanted[Event].add(split_node(edge.target)[1])
    if not wanted:
        return
    query = Q()
    content_types = ContentType.objects.get_for_models(*wanted)  # cached after the first call
    for model, pks in wanted.items():
        query |= Q(content_type=content_types[model], object_id__in=sorted(pks))
    by_record = defaultdict(list)
    source_url = _url_maker("directory:source-detail")
    for ct_id, object_id, quote, evidence, title, url, slug in (
        Citation.objects.filter(query)
        .order_by("source__published_date", "pk")
        .values_list(
            "content_type_id", "object_id", "quote", "evidence", "source__title", "source__url", "source__slug"
        )
    ):
        # Our paraphrase where there is one (the public record), else the article's quote.
        by_record[ct_id, object_id].append(
            {
                "title": title,
                "url": url,
                "page": source_url(slug),
                "quote": evidence or quote,
                "is_quote": not evidence,
            }
        )
    for edge in edges:
        if edge.type == SHARED_MEMBERS:
            continue
        model = _MODELS.get(edge.type, Relationship)
        cited = list(by_record[content_types[model].pk, edge.pk])
        if edge.type == PARTICIPATION:
            # The event's own sources say it happened; the participation's say who was there.
            seen = {item["page"] for item in cited}
            cited += [
                item
                for item in by_record[content_types[Event].pk, split_node(edge.target)[1]]
                if item["page"] not in seen
            ]
        edge.sources = cited
