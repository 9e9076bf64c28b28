"""The drawn pieces of the graph: an organisation's ego network, a filtered view, and the
aggregated overview (networks as nodes) for when everything would be too much to draw.

Every function here costs a fixed number of queries, whatever the number of nodes: one per BFS
level, one for the edges among the chosen nodes, one for their names, one for the sources.
No view draws more than MAX_NODES nodes unless the user asks for more (`alle`), and then at
most ALL_NODES.
"""

import dataclasses

from django.utils.translation import gettext as _

from directory.models import Organisation, Region

from .edges import (
    _T,
    ALL_TIME,
    MEMBERSHIP,
    PARTICIPATION,
    POSITION,
    SHARED_MEMBERS,
    Edge,
    Node,
    NodeSet,
    Window,
    attach_sources,
    edge_rows,
    edges_from_rows,
    load_nodes,
    node_id,
)
from .sql import any_of, fetch

MAX_NODES = 1000
ALL_NODES = 5000
MAX_SHARED_EDGES = 600


@dataclasses.dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    centre: str | None = None
    aggregated: bool = False
    truncated: bool = False
    total: int | None = None  # how many nodes there would have been, when truncated
    notices: list = dataclasses.field(default_factory=list)

    def degrees(self) -> dict[str, int]:
        degree = dict.fromkeys(self.nodes, 0)
        for edge in self.edges:
            degree[edge.source] = degree.get(edge.source, 0) + 1
            degree[edge.target] = degree.get(edge.target, 0) + 1
        return degree

    def sorted_nodes(self) -> list[dict]:
        """Nodes with their degrees, the best connected first: the table's rows."""
        degree = self.degrees()
        rows = [{"node": node, "degree": degree.get(node.id, 0)} for node in self.nodes.values()]
        rows.sort(key=lambda row: (row["node"].id != self.centre, -row["degree"], row["node"].label.lower()))
        return rows

    def edge_rows(self) -> list[dict]:
        """Edges with both ends' nodes, for tables and the CSV."""
        rows = [
            {"edge": edge, "source": self.nodes[edge.source], "target": self.nodes[edge.target]} for edge in self.edges
        ]
        rows.sort(key=lambda row: (row["source"].label.lower(), row["edge"].type, row["target"].label.lower()))
        return rows

    def as_json(self) -> dict:
        degree = self.degrees()
        nodes = []
        for node in self.nodes.values():
            item = {**node.as_json(), "degree": degree.get(node.id, 0)}
            if node.members is not None:
                item["members"] = node.members
            if self.aggregated and node.kind == Organisation.Kind.NETWORK:
                item["expand"] = node.expand_url
            nodes.append(item)
        return {
            "nodes": nodes,
            "edges": [edge.as_json() for edge in self.edges],
            "centre": self.centre,
            "aggregated": self.aggregated,
            "truncated": self.truncated,
            "total": self.total,
            "notices": [str(notice) for notice in self.notices],
        }


def complete(node_ids, *, types, window, centre=None, **flags) -> Graph:
    """The graph on the given nodes: the edges among them, their names, their sources.

    Three queries (edges, nodes, sources); fewer when there is nothing to ask for.
    """
    node_ids = list(node_ids)
    edges = edges_from_rows(edge_rows(NodeSet.of(node_ids), mode="among", types=types, window=window, full=True))
    nodes = load_nodes(node_ids)
    # An edge to a node that did not load (a person made private a moment ago) is left out.
    edges = [edge for edge in edges if edge.source in nodes and edge.target in nodes]
    attach_sources(edges)
    return Graph(nodes=nodes, edges=edges, centre=centre, **flags)


def ego_network(
    organisation: Organisation, *, depth: int = 1, types=None, window: Window = ALL_TIME, limit: int = MAX_NODES
) -> Graph:
    """The organisation, everything within `depth` steps, and all edges among them.

    One query per level (the nodes one step further, the most specific links first and at most
    `limit` of them), then complete(): depth + 3 queries.
    """
    centre = node_id("o", organisation.pk)
    seen = {centre: 0}
    frontier = [centre]
    truncated = False
    for level in range(1, depth + 1):
        if not frontier:
            break
        room = limit - len(seen)
        rows = edge_rows(NodeSet.of(frontier), mode="touching", types=types, window=window, limit=room * 4 + 1)
        current = set(frontier)
        next_frontier = []
        for _type, _pk, a, b in rows:
            for node in ((b,) if a in current else ()) + ((a,) if b in current else ()):
                if node in seen:
                    continue
                if len(seen) >= limit:
                    truncated = True
                    break
                seen[node] = level
                next_frontier.append(node)
        if len(rows) > room * 4:
            truncated = True
        frontier = next_frontier
    graph = complete(seen, types=types, window=window, centre=centre, truncated=truncated)
    if truncated:
        graph.notices.append(
            _("Das Netz ist größer, als sich zeichnen lässt: gezeigt werden die ersten %(count)s Knoten.")
            % {"count": len(graph.nodes)}
        )
    return graph


def total_size() -> int:
    """Organisations, events and public people together (one query)."""
    return fetch(
        f"SELECT (SELECT COUNT(*) FROM {_T['organisation']}) + (SELECT COUNT(*) FROM {_T['event']})"
        f" + (SELECT COUNT(*) FROM {_T['person']} WHERE is_public)",
        {},
    )[0][0]


def filtered_graph(
    *,
    network: Organisation | None = None,
    region: Region | None = None,
    sector=None,
    types=None,
    window: Window = ALL_TIME,
    limit: int = MAX_NODES,
) -> Graph:
    """The organisations the filters select, with the networks they belong to, the events at
    which two or more of them appear, and their public people; all edges among these.

    With a network: the network and its members (in the window). With a region or sector: the
    organisations there. Without any of them, everything. Over `limit`, the best connected
    organisations first. Queries: 1 the organisations (ranked), 2 the networks, events and
    people that come with them, then complete() (3).
    """
    params: dict = {"limit": limit + 1}
    conditions = ["TRUE"]
    if network is not None:
        params["network"] = network.pk
        # IN rather than a correlated EXISTS: the members are read once through the network's
        # index, not probed for each of a hundred thousand organisations.
        conditions.append(
            f"(o.id = %(network)s OR o.id IN (SELECT m.organisation_id FROM {_T['membership']} m"
            f" WHERE m.network_id = %(network)s AND {window.sql('m', params)}))"
        )
    if region is not None:
        params["regions"] = list(Region.objects.within(region).values_list("pk", flat=True))
        conditions.append(any_of("o.region_id", "regions", params))
    if sector is not None:
        params["sector"] = sector.pk
        through = Organisation.sectors.through._meta.db_table
        conditions.append(
            f"EXISTS (SELECT 1 FROM {through} s WHERE s.organisation_id = o.id AND s.sector_id = %(sector)s)"
        )
    where = " AND ".join(conditions)
    # Ranked by links (relationships and participations) only when there are more than fit;
    # the count comes along as a window function so this stays one query.
    sql = f"""
        WITH chosen AS (SELECT o.id, o.name FROM {_T["organisation"]} o WHERE {where}),
        total AS (SELECT COUNT(*) AS n FROM chosen)
        SELECT c.id, total.n FROM chosen c CROSS JOIN total
        ORDER BY CASE WHEN total.n <= %(limit)s - 1 THEN 0 ELSE -(
            (SELECT COUNT(*) FROM {_T["relationship"]} r WHERE r.from_organisation_id = c.id)
            + (SELECT COUNT(*) FROM {_T["relationship"]} r WHERE r.to_organisation_id = c.id)
            + (SELECT COUNT(*) FROM {_T["participation"]} x WHERE x.organisation_id = c.id)
        ) END, c.name, c.id
        LIMIT %(limit)s
    """
    rows = fetch(sql, params)
    total = rows[0][1] if rows else 0
    orgs = [row[0] for row in rows[:limit]]
    if network is not None and network.pk not in orgs:
        orgs = [network.pk, *orgs[: limit - 1]]
    truncated = total > limit
    # Everything fits: every event anyone attended. Narrowed down: the events that link two of
    # the chosen, not each firm's every trade fair.
    narrowed = network is not None or region is not None or sector is not None
    extra = companions(
        orgs,
        types=types,
        window=window,
        room=max(limit - len(orgs), 0),
        with_networks=network is None,
        min_participants=2 if narrowed else 1,
    )
    graph = complete(
        [node_id("o", pk) for pk in orgs] + extra,
        types=types,
        window=window,
        centre=node_id("o", network.pk) if network else None,
        truncated=truncated,
        total=total,
    )
    if truncated:
        graph.notices.append(
            _(
                "Gezeigt werden die %(shown)s am stärksten vernetzten von %(total)s Organisationen; "
                "engere Filter zeigen den Rest."
            )
            % {"shown": len(orgs), "total": total}
        )
    return graph


def companions(
    orgs: list[int], *, types, window: Window, room: int, with_networks: bool, min_participants: int = 2
) -> list[str]:
    """Networks the organisations belong to, events with `min_participants` or more of them,
    their public people: one query, at most `room` nodes, networks first, then events, then
    people."""
    if not orgs or room <= 0:
        return []
    params: dict = {"orgs": orgs, "room": room, "min_participants": min_participants}
    branches = []
    if with_networks and (types is None or MEMBERSHIP in types):
        branches.append(
            f"SELECT DISTINCT 'o' AS kind, m.network_id AS id, 0 AS rank FROM {_T['membership']} m"
            f" WHERE {any_of('m.organisation_id', 'orgs', params)} AND NOT {any_of('m.network_id', 'orgs', params)}"
            f" AND {window.sql('m', params)}"
        )
    if types is None or PARTICIPATION in types:
        branches.append(
            f"SELECT 'e' AS kind, x.event_id AS id, 1 AS rank FROM {_T['participation']} x"
            f" JOIN {_T['event']} ev ON ev.id = x.event_id"
            f" WHERE {any_of('x.organisation_id', 'orgs', params)} AND {window.event_sql('ev', params)}"
            f" GROUP BY x.event_id HAVING COUNT(DISTINCT x.organisation_id) >= %(min_participants)s"
        )
    if types is None or POSITION in types:
        branches.append(
            f"SELECT DISTINCT 'p' AS kind, x.person_id AS id, 2 AS rank FROM {_T['position']} x"
            f" JOIN {_T['person']} pp ON pp.id = x.person_id AND pp.is_public"
            f" WHERE {any_of('x.organisation_id', 'orgs', params)} AND {window.sql('x', params)}"
        )
    if not branches:
        return []
    sql = "SELECT kind, id FROM (" + " UNION ALL ".join(branches) + ") AS c ORDER BY rank, id LIMIT %(room)s"
    return [node_id(kind, pk) for kind, pk in fetch(sql, params)]


def overview(*, types=None, window: Window = ALL_TIME) -> Graph:
    """Networks as nodes with their member counts, linked by how many members they share and
    by their own links (memberships in umbrella networks, relationships).

    Queries: 1 the networks with member counts, 2 the shared members (one grouped self-join of
    the memberships), then complete() (3).
    """
    params: dict = {"kind": Organisation.Kind.NETWORK}
    # One grouped pass over the (network, organisation) index, not a count per network.
    members = dict(
        fetch(
            f"SELECT o.id, COALESCE(c.n, 0) FROM {_T['organisation']} o LEFT JOIN ("
            f"SELECT m.network_id, COUNT(DISTINCT m.organisation_id) AS n FROM {_T['membership']} m"
            f" WHERE {window.sql('m', params)} GROUP BY m.network_id) c ON c.network_id = o.id"
            f" WHERE o.kind = %(kind)s",
            params,
        )
    )
    shared = []
    if types is None or MEMBERSHIP in types:
        params = {"limit": MAX_SHARED_EDGES}
        # A hash join of the memberships with themselves on the member; DISTINCT because an
        # organisation can have left a network and joined it again.
        shared = fetch(
            f"SELECT a.network_id, b.network_id, COUNT(DISTINCT a.organisation_id) AS n"
            f" FROM {_T['membership']} a JOIN {_T['membership']} b"
            f" ON b.organisation_id = a.organisation_id AND b.network_id > a.network_id"
            f" WHERE {window.sql('a', params)} AND {window.sql('b', params)}"
            f" GROUP BY a.network_id, b.network_id ORDER BY n DESC, a.network_id, b.network_id"
            f" LIMIT %(limit)s",
            params,
        )
    graph = complete([node_id("o", pk) for pk in members], types=types, window=window, aggregated=True)
    for pk, count in members.items():
        node = graph.nodes.get(node_id("o", pk))
        if node:
            node.members = count
    for a, b, count in shared:
        graph.edges.append(
            Edge(
                type=SHARED_MEMBERS,
                pk=0,
                source=node_id("o", a),
                target=node_id("o", b),
                weight=count,
            )
        )
    # pk 0 would make every shared-members edge's id the same; number them instead.
    for number, edge in enumerate((e for e in graph.edges if e.type == SHARED_MEMBERS), start=1):
        edge.pk = number
    graph.notices.append(
        _(
            "Der Atlas ist zu groß, um alles auf einmal zu zeichnen: Hier stehen die Netzwerke mit ihren "
            "Mitgliederzahlen, verbunden durch gemeinsame Mitglieder. Ein Netzwerk auswählen, um seine "
            "Mitglieder und ihre Verbindungen zu sehen."
        )
    )
    return graph
