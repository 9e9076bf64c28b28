"""The few helpers the graph's raw SQL needs to run on PostgreSQL (fast) and SQLite (`make run`).

The graph is read with hand-written UNION queries (see edges.py), since one query per BFS level
over five tables is what keeps it fast; these helpers keep that SQL portable.
"""

import datetime

from django.db import connection

from netzwerk.lib.cache import read_connection


def any_of(column: str, name: str, params: dict, *, cast: str = "bigint") -> str:
    """`column` is one of the values in params[name]: one array parameter on PostgreSQL, however
    many ids; an IN list on SQLite, which has no arrays (its databases are small).

    The array goes in as one array literal ("{1,2,3}") rather than a Python list, which
    psycopg would adapt element by element: ten thousand ids cost a join, not a loop.
    """
    values = params[name]
    if connection.vendor == "postgresql":
        key = f"{name}__array"
        if key not in params:
            if cast == "bigint":
                params[key] = "{" + ",".join(str(int(value)) for value in values) + "}"
            else:  # short identifiers (relationship kinds), quoted for the array syntax
                params[key] = "{" + ",".join('"' + str(value).replace('"', "") + '"' for value in values) + "}"
        return f"{column} = ANY(%({key})s::{cast}[])"
    if not values:
        return "1 = 0"
    keys = []
    for index, value in enumerate(values):
        params[f"{name}_{index}"] = value
        keys.append(f"%({name}_{index})s")
    return f"{column} IN ({', '.join(keys)})"


def fetch(sql: str, params: dict) -> list[tuple]:
    """The rows of one query.

    On PostgreSQL without JIT compilation for this statement: the planner's cost estimates for
    these array lookups over big tables pass jit_above_cost, and compiling then takes longer
    (up to a second) than the query itself. SET LOCAL in the same simple-protocol string lasts
    for this statement's implicit transaction only (or, inside atomic(), to its end).
    """
    # The id lists themselves are in the SQL now (see any_of); left in, they would still be
    # adapted, and SQLite's debug logging cannot quote them.
    params = {key: value for key, value in params.items() if not isinstance(value, (list, tuple, set))}
    # From the database the cached graph's versions come from (a replica too; netzwerk/lib/cache.py).
    connection = read_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off; " + sql, params)
            cursor.nextset()
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value) -> datetime.date | None:
    """A date column's value: SQLite hands back text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
