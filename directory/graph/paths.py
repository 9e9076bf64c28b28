"""How are A and B connected: the shortest paths, found by a bounded bidirectional BFS.

Both ends grow level by level, always the side with the cheaper frontier (networks weigh as
many nodes as they have members, roughly); each level is one
query (edges.edge_rows, every edge source in one UNION), never the whole graph. Every parent
of a node at its level is kept, so all shortest paths can be read back, and a few of them are.
The search stops at MAX_DEPTH steps, or when a frontier would exceed MAX_FRONTIER_ROWS edges
(a search that broad answers "no short connection", not a slow page).
"""

import dataclasses
from collections import defaultdict

from .edges import ALL_TIME, PRIORITY, NodeSet, Window, attach_sources, edge_rows, edges_from_rows, load_nodes

MAX_DEPTH = 6
MAX_PATHS = 3
MAX_FRONTIER_ROWS = 400_000


@dataclasses.dataclass
class Search:
    """The outcome: the paths as node lists, how long they are, and whether the search gave up."""

    paths: list[list[str]]
    length: int | None
    exhausted: bool = False  # stopped by the bounds rather than by running out of graph


# A network counts as this many nodes when choosing which side to grow: expanding it reads all
# its members (hundreds, in the big ones thousands), expanding a firm reads a handful of links.
HUB_WEIGHT = 500


class _Side:
    def __init__(self, start: str):
        self.distance = {start: 0}
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.frontier = [start]
        self.level = 0

    def cost(self, hubs: set[str]) -> int:
        return sum(HUB_WEIGHT if node in hubs else 1 for node in self.frontier)


def shortest_paths(
    start: str,
    goal: str,
    *,
    types=None,
    window: Window = ALL_TIME,
    max_depth: int = MAX_DEPTH,
    max_paths: int = MAX_PATHS,
) -> Search:
    """Up to `max_paths` shortest paths between two node ids (e.g. "o12", "o40").

    Queries: one per BFS level, at most `max_depth`.
    """
    if start == goal:
        return Search(paths=[[start]], length=0)
    sides = {start: _Side(start), goal: _Side(goal)}
    hubs: set[str] = set()  # networks seen so far (the network end of a membership)
    meeting: set[str] = set()
    exhausted = False
    while not meeting:
        a, b = sides[start], sides[goal]
        if a.level + b.level >= max_depth:
            exhausted = True
            break
        if not a.frontier or not b.frontier:
            break
        side, other = (a, b) if a.cost(hubs) <= b.cost(hubs) else (b, a)
        rows = edge_rows(
            NodeSet.of(side.frontier),
            mode="touching",
            types=types,
            window=window,
            limit=MAX_FRONTIER_ROWS + 1,
            ordered=False,
        )
        if len(rows) > MAX_FRONTIER_ROWS:
            exhausted = True
            break
        side.level += 1
        current = set(side.frontier)
        found = []
        for type_, _pk, x, y in rows:
            if type_ == "membership":
                hubs.add(y)
            for here, there in ((x, y), (y, x)):
                if here not in current:
                    continue
                known = side.distance.get(there)
                if known is None:
                    side.distance[there] = side.level
                    found.append(there)
                elif known != side.level:
                    continue
                side.parents[there].add(here)
        side.frontier = found
        meeting = {node for node in found if node in other.distance}
    if not meeting:
        return Search(paths=[], length=None, exhausted=exhausted)

    a, b = sides[start], sides[goal]
    paths = []
    for middle in sorted(meeting, key=_node_order):
        for head in _walk(a, middle, max_paths - len(paths)):
            for tail in _walk(b, middle, max_paths - len(paths)):
                paths.append(list(reversed(head)) + tail[1:])
                if len(paths) >= max_paths:
                    break
            if len(paths) >= max_paths:
                break
        if len(paths) >= max_paths:
            break
    return Search(paths=paths, length=len(paths[0]) - 1, exhausted=exhausted)


def _node_order(node: str):
    # Organisations before events before people, then by id: the same answer every time.
    return ("oep".index(node[0]), int(node[1:]))


def _walk(side: _Side, node: str, limit: int):
    """Paths from `node` back to the side's start, as lists starting at `node`; at most `limit`."""
    if limit <= 0:
        return []
    if side.distance[node] == 0:
        return [[node]]
    result = []
    for parent in sorted(side.parents[node], key=_node_order):
        for rest in _walk(side, parent, limit - len(result)):
            result.append([node, *rest])
            if len(result) >= limit:
                return result
    return result


def describe(search: Search, *, types=None, window: Window = ALL_TIME) -> list[list[dict]]:
    """The paths as [node, step, node, step, …] for pages and JSON: each node with its name and
    URL, each step with the edge that links the two (the most specific one when several do),
    read in the direction of travel, with its dates, evidence and sources.

    Queries: 1 the edges' details, 2 the nodes, 3 the sources; none without paths.
    """
    if not search.paths or search.length == 0:
        nodes = load_nodes({node for path in search.paths for node in path})
        return [[nodes[node].as_json() for node in path if node in nodes] for path in search.paths]
    # The edges among the paths' nodes, with their dates and texts (one query); each step takes
    # the most specific of the edges linking its two nodes.
    all_nodes = {node for path in search.paths for node in path}
    full = edges_from_rows(edge_rows(NodeSet.of(all_nodes), mode="among", types=types, window=window, full=True))
    linking = defaultdict(list)
    for edge in full:
        linking[frozenset((edge.source, edge.target))].append(edge)
    chosen = {}
    for path in search.paths:
        for here, there in zip(path, path[1:]):
            chosen[frozenset((here, there))] = min(
                linking[frozenset((here, there))], key=lambda edge: (PRIORITY.get(edge.type, 9), edge.pk)
            )
    attach_sources(list(chosen.values()))
    nodes = load_nodes(all_nodes)
    result = []
    for path in search.paths:
        steps = [nodes[path[0]].as_json()]
        for here, there in zip(path, path[1:]):
            edge = chosen[frozenset((here, there))]
            steps.append(edge.as_json(label=edge.phrase_from(here)))
            steps.append(nodes[there].as_json())
        result.append(steps)
    return result
