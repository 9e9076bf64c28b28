"""The cooperation graph: who works with whom, and how we know.

- edges.py: the edges, read from memberships, positions of public people, relationships and
  participations, each with its type, dates, evidence and sources; one query per call.
- subgraphs.py: what gets drawn: ego networks, filtered views, the aggregated overview.
- paths.py: the shortest paths between two organisations (bounded bidirectional BFS).
- exports.py: GEXF, GraphML and a CSV edge list.
- forms.py: the pages' parameters, with readable messages for bad values.
"""
