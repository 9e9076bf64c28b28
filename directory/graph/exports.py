"""Downloads for analysts: GEXF and GraphML (Gephi, networkx, yEd) and a CSV edge list.

All three carry the same graph as the JSON with the same filters. Two organisations can be
linked more than once (a cooperation and a shared event), so the files hold a multigraph, each
edge keyed by its record (`membership-12-o4`). Attributes are plain strings and numbers, as
both formats want; the sources are joined with " | ". GEXF reserves an edge's `type`
(directed or not) and `start`/`end` (dynamic graphs), so the files call them `relation`,
`date_start` and `date_end`.
"""

import csv
import io

import networkx as nx

from .subgraphs import Graph

CSV_COLUMNS = [
    "source",
    "source_label",
    "source_kind",
    "source_url",
    "target",
    "target_label",
    "target_kind",
    "target_url",
    "type",
    "label",
    "start",
    "end",
    "evidence",
    "sources",
]


def to_networkx(graph: Graph, *, base_url: str = "") -> nx.MultiDiGraph:
    degree = graph.degrees()
    result = nx.MultiDiGraph()
    for node in graph.nodes.values():
        attributes = {
            "label": node.label,
            "kind": node.kind,
            "url": base_url + node.url,
            "degree": degree.get(node.id, 0),
        }
        if node.members is not None:
            attributes["members"] = node.members
        result.add_node(node.id, **attributes)
    for edge in graph.edges:
        result.add_edge(
            edge.source,
            edge.target,
            key=edge.id,
            relation=edge.type,
            label=edge.label,
            date_start=edge.start.iso if edge.start else "",
            date_end=edge.end.iso if edge.end else "",
            evidence=edge.evidence,
            sources=_sources(edge),
            weight=edge.weight or 1,
        )
    return result


def _sources(edge) -> str:
    return " | ".join(item["url"] or item["title"] for item in edge.sources)


def gexf(graph: Graph, *, base_url: str = "") -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(graph, base_url=base_url), buffer)
    return buffer.getvalue()


def graphml(graph: Graph, *, base_url: str = "") -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph, base_url=base_url), buffer)
    return buffer.getvalue()


def edge_list_csv(graph: Graph, *, base_url: str = "") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in graph.edge_rows():
        edge, source, target = row["edge"], row["source"], row["target"]
        writer.writerow(
            [
                source.id,
                _safe(source.label),
                source.kind,
                base_url + source.url,
                target.id,
                _safe(target.label),
                target.kind,
                base_url + target.url,
                edge.type,
                edge.label,
                edge.start.iso if edge.start else "",
                edge.end.iso if edge.end else "",
                _safe(edge.evidence),
                _safe(_sources(edge)),
            ]
        )
    return buffer.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
