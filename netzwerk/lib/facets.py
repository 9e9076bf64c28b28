"""One faceted-list idiom: the option shape, the links, and counting every facet in one pass.

The firm directory, the event list and a network's member list each have a FilterSet; their
facets are lists of options of one shape:

    {"slug": "sachsen", "name": "Sachsen", "count": 412, "selected": False, ...}

(extra keys such as "is_state" or "is_field" are a facet's own), rendered by
templates/includes/facets.html (the directory's form) or templates/includes/facet_links.html
(lists of links, as on the event list and a network page).

Counting: a facet's counts are taken under every filter but its own, so a count says what a
click gives. one_pass() computes the rows under the filters that every facet shares once (a
MATERIALIZED CTE with each remaining filter as a boolean column), and takes the count, the
page's ids and every facet's counts from it in one statement (PostgreSQL).
"""

import json
from dataclasses import dataclass, field

from django.db import connection


def mark_selected(options: list[dict], chosen, *, add=None) -> list[dict]:
    """Mark the chosen options (a slug or a collection of slugs); `add(slug)` makes an option
    for a chosen slug that is not among them (it is put first)."""
    chosen_set = {chosen} if isinstance(chosen, str) else set(chosen or ())
    for option in options:
        option["selected"] = option["slug"] in chosen_set
    if add is not None:
        present = {option["slug"] for option in options}
        options[:0] = [add(slug) for slug in chosen_set - present if slug]
    return options


def with_links(request, name: str, options: list[dict], *, repeatable: bool = False, anchor: str = "") -> list[dict]:
    """The options with a link each that sets (or, when chosen, removes) the option, keeps the
    other parameters and starts again on the first page."""
    chosen = request.GET.getlist(name)
    linked = []
    for option in options:
        query = request.GET.copy()
        query.pop("seite", None)
        query.pop("format", None)
        selected = option["slug"] in chosen
        if selected:
            query.setlist(name, [slug for slug in chosen if slug != option["slug"]])
        elif repeatable:
            query.appendlist(name, option["slug"])
        else:
            query[name] = option["slug"]
        linked.append({**option, "selected": selected, "url": f"?{query.urlencode()}{anchor}"})
    return linked


@dataclass
class Facet:
    """One facet of a one-pass count.

    `sql` is a SELECT over `rows` (the filtered set, a CTE) returning (key, label, label_en,
    extra, count) rows, with `{where}` where its WHERE clause goes; one_pass() fills in the
    filters the facet is counted under: every predicate but `own` (None: all of them).
    """

    name: str
    sql: str
    own: str | None
    params: list = field(default_factory=list)


@dataclass
class OnePass:
    count: int = 0
    ids: list[int] = field(default_factory=list)
    # facet name -> [(key, label, label_en, extra, count), ...] in the facet's order
    facets: dict[str, list[tuple]] = field(default_factory=dict)


def one_pass(
    rows_sql: str, rows_params, predicates: list[str], facets: list[Facet], *, order_by: str, limit: int, offset: int
) -> OnePass:
    """The count, one page of ids and every facet from one statement.

    `rows_sql` selects the rows under the shared filters, with an `id` column, the columns the
    facets and `order_by` read, and one boolean column per name in `predicates` (the filters a
    facet may leave out). It is computed once (MATERIALIZED), without the rows no part can
    use (those failing a predicate that no facet leaves out, or two predicates).
    """

    def where(skip: str | None) -> str:
        used = [p for p in predicates if p != skip]
        return " AND ".join(used) if used else "TRUE"

    parts = [f"SELECT 'count', NULL::text, NULL::text, NULL::text, NULL::text, count(*) FROM rows WHERE {where(None)}"]
    params: list = []
    # The page: a top-N sort of the rows, numbered after the LIMIT (not a window over them all).
    parts.append(
        f"(SELECT 'page', id::text, NULL, NULL, NULL, row_number() OVER () FROM (SELECT id FROM rows"
        f" WHERE {where(None)} ORDER BY {order_by} LIMIT {int(limit)} OFFSET {int(offset)}) page)"
    )
    for facet in facets:
        parts.append(f"(SELECT '{facet.name}', * FROM ({facet.sql.format(where=where(facet.own))}) f_{facet.name})")
        params += facet.params
    # The rows some part needs: those under every predicate (count, page), and for each facet
    # those under every predicate but its own.
    skips = dict.fromkeys([None, *(facet.own for facet in facets if facet.own in predicates)])
    keep = " OR ".join(f"({where(skip)})" for skip in skips) if predicates else "TRUE"
    sql = (
        # The subquery is pulled up, so `keep` reaches the table's indexes.
        f"WITH rows AS MATERIALIZED (SELECT * FROM ({rows_sql}) shared WHERE {keep})\n" + "\nUNION ALL\n".join(parts)
    )
    result = OnePass()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rows_params, *params])
        fetched = cursor.fetchall()
    pages = []
    for name, key, label, label_en, extra, n in fetched:
        if name == "count":
            result.count = int(n)
        elif name == "page":
            pages.append((int(n), int(key)))
        else:
            result.facets.setdefault(name, []).append((key, label, label_en, extra, int(n)))
    result.ids = [pk for _, pk in sorted(pages)]
    return result


def estimated_rows(sql: str, params) -> int:
    """PostgreSQL's own estimate of the rows `sql` returns: its plan, not its execution (about a
    millisecond). For choosing a cheaper way before paying for the exact one."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
