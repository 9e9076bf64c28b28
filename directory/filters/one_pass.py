"""The directory's count, page and facets in one statement (PostgreSQL), and what reads the
kept facet totals (migration 0014): facet_totals, count_except, competence_firm_counts.

The rows under the filters every facet shares (text, competences, radius) are computed once,
with each single-choice filter (sector, region, network, size, kind) as a boolean column;
the count, the page and each facet (under every filter but its own) come from them in one
statement (netzwerk.lib.facets.one_pass). The facet keys replace the joins to the link
tables; `stand=` counts the networks of that day from the memberships.
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from directory import search
from directory.filters.counting import (
    TOP_OPTIONS,
    _competence_options,
    _kind_options,
    _region_options,
    _size_options,
)
from directory.filters.sets import KeyColumn, MemberFilter, distance_squared, uses_keys
from directory.models import Organisation
from directory.models.vocabulary import localised_name
from netzwerk.lib.facets import Facet, estimated_rows, one_pass

# A relevance search expected to match more rows than BROAD_ROWS is answered from a sample of
# the table's pages (TABLESAMPLE SYSTEM) of about SAMPLE_ROWS matches: the count and the facets
# scaled up and shown as estimates ("ca."), the page the best-ranked of the sample. Counting
# and ranking every match of a word that 38% of 100k firms share took 0.5-3 s, and such a list
# is narrowed, not read to its end; the page says so. REPEATABLE: the same sample each time,
# so paging is stable.
BROAD_ROWS = 10_000
SAMPLE_ROWS = 4_000
_TABLE_SCAN = 'FROM "directory_organisation" WHERE'


def about(n: float) -> int:
    """An estimate rounded to two significant digits (38,412 -> 38,000)."""
    n = int(round(n))
    if n < 100:
        return n
    return int(round(n, 2 - len(str(n))))


PAGE_ORDER = {
    "relevanz": "rank DESC, name, id",
    "name": "name, id",
    "neueste": "created DESC, id DESC",
}

_KEY_COLUMNS = ("facet_regions", "facet_competences", "facet_sectors", "facet_networks", "facet_networks_until")

_COMPETENCE_FACET = """
SELECT c.slug, c.name, c.name_en, (c.parent_id IS NULL)::text, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_competences) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_competence c ON c.id = k.key
ORDER BY k.n DESC, c.name LIMIT %s
"""
_SECTOR_FACET = """
SELECT s.slug, s.name, s.name_en, NULL, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_sectors) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_sector s ON s.id = k.key
ORDER BY k.n DESC, s.name LIMIT %s
"""
# States, districts and independent cities (a municipality only counts towards them). The keys
# are unnested in the select list (one ProjectSet), about twice as fast as a lateral unnest.
# The third column carries the parent's slug (districts sit under their state).
_REGION_FACET = """
SELECT r.slug, r.name, p.slug, r.kind, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_regions) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_region r ON r.id = k.key AND r.kind IN ('state', 'district', 'city')
LEFT JOIN directory_region p ON p.id = r.parent_id
"""
# Another day's networks come from the memberships, joined (a hash join over them all), not
# looked up row by row (a subquery per organisation: 100k index scans, 0.7 s at 100k firms).
# One row per organisation and network.
_MEMBERS_ON_DAY = """
    SELECT m.network_id AS key FROM rows JOIN directory_membership m ON m.organisation_id = rows.id
    WHERE {where} AND (m.start_date IS NULL OR m.start_date <= %s) AND (m.end_date IS NULL OR m.end_date >= %s)
    GROUP BY rows.id, m.network_id
"""
# Today's networks from the keys where they hold, from the memberships where they have run out
# (the nightly refresh not yet run).
_MEMBERS_TODAY = (
    "SELECT unnest(rows.facet_networks) AS key FROM rows WHERE {where} AND rows.facet_networks_until > %s"
    " UNION ALL"
    + _MEMBERS_ON_DAY.replace("WHERE {where}", "WHERE {where} AND NOT coalesce(rows.facet_networks_until > %s, FALSE)")
)
# The networks' names by primary key, one index lookup per network counted: OFFSET 0 keeps the
# planner from turning the lookup into a hash join over every organisation, which it chose at a
# few thousand rows when it could not estimate how many networks the count yields.
_NETWORK_FACET = """
SELECT n.slug, n.name, NULL, NULL, k.n FROM (
    SELECT key, count(*) AS n FROM ({members}) u GROUP BY key
) k CROSS JOIN LATERAL (SELECT o.slug, o.name FROM directory_organisation o WHERE o.id = k.key OFFSET 0) n
ORDER BY k.n DESC, n.name LIMIT %s
"""
_COLUMN_FACET = (
    "SELECT {column}, NULL, NULL, NULL, count(*) FROM rows WHERE {{where}} AND {column} <> '' GROUP BY {column}"
)


def one_pass_facets(filterset, sort: str, offset: int, limit: int):
    """(count, page ids, facets) of the directory's FilterSet in one statement (PostgreSQL).

    None when the text search cannot match (a word close to nothing): then nothing is queried.
    """
    filterset.is_valid()
    if filterset.parsed:
        search.correct(filterset.parsed)
        if filterset.parsed.hopeless:
            return None
    single = [name for name in filterset.SINGLE_FACETS if name in filterset.filters]
    shared = filterset.filtered_except(set(single))
    values = filterset.form.cleaned_data
    active = [name for name in single if values.get(name) not in (None, "")]
    # Facets counted under no filter at all come from the kept totals (migration 0014): all of
    # them on the unfiltered list, the one chosen facet's own under a single choice.
    unfiltered = not (set(filterset.active()) - set(single)) and not values.get("stand")
    from_totals = (
        set(single) - set(active)
        if unfiltered and not active
        else (set(active) if unfiltered and len(active) == 1 else set())
    )
    if unfiltered and not active:
        from_totals.add("kompetenz")
    predicates = {
        f"p_{name}": ExpressionWrapper(filterset.condition(name, values[name]), output_field=BooleanField())
        for name in active
    }
    columns = {column: KeyColumn(column) for column in _KEY_COLUMNS}
    fields = ["id", "name", "created", "kind", "employees"]
    centre = filterset.centre() if sort == "entfernung" else None
    if centre:
        fields += ["latitude", "longitude"]
    if filterset.parsed:
        fields.append("rank")
    rows = shared.order_by().values(*fields, **columns, **predicates)
    rows_sql, rows_params = rows.query.sql_with_params()
    percent = None
    if filterset.parsed and sort == "relevanz" and rows_sql.count(_TABLE_SCAN) == 1:
        # query: the planner's estimate of the matches (a plan, nothing executed)
        expected = estimated_rows(rows_sql, rows_params)
        if expected > BROAD_ROWS:
            percent = max(1.0, 100.0 * SAMPLE_ROWS / expected)
            sample = f'FROM "directory_organisation" TABLESAMPLE SYSTEM ({percent:.3f}) REPEATABLE (0) WHERE'
            rows_sql = rows_sql.replace(_TABLE_SCAN, sample)

    day = values.get("stand")
    selected = list(values.get("kompetenz") or [])
    if day:
        members, network_params = _MEMBERS_ON_DAY, [day, day]
    else:
        today = timezone.localdate()
        members, network_params = _MEMBERS_TODAY, [today, today, today, today]
    own = {name: (f"p_{name}" if name in active else None) for name in single}
    facets = [
        Facet("kompetenz", _COMPETENCE_FACET, None, [TOP_OPTIONS + len(selected)]),
        Facet("region", _REGION_FACET, own["region"]),
        Facet("netzwerk", _NETWORK_FACET.format(members=members), own["netzwerk"], [*network_params, TOP_OPTIONS]),
        Facet("groesse", _COLUMN_FACET.format(column="employees"), own["groesse"]),
    ]
    if "branche" in single:
        facets.insert(1, Facet("branche", _SECTOR_FACET, own["branche"], [TOP_OPTIONS]))
    if "art" in single:
        facets.append(Facet("art", _COLUMN_FACET.format(column="kind"), own["art"]))
    scopes = _scopes(filterset)
    if from_totals and not active:
        # The unfiltered list: the totals, and the page from the (kind, name, id) index.
        # (The organisation list's base is every kind; the firm list's, firms.)
        found = facet_totals(scopes, from_totals, len(selected))
        count = sum(n for _, _, _, _, n in found.pop("count", []))
        ordering = ("-created", "-pk") if sort == "neueste" else ("name", "pk")
        ids = list(shared.order_by(*ordering).values_list("pk", flat=True)[offset : offset + limit])
        return Found(count, ids, _options(found, single, selected))
    order_by = f"{distance_squared(*centre)}, name, id" if centre else PAGE_ORDER.get(sort, PAGE_ORDER["name"])
    result = one_pass(
        rows_sql,
        rows_params,
        list(predicates),
        [f for f in facets if f.name not in from_totals],
        order_by=order_by,
        limit=limit,
        offset=offset,
    )
    found = result.facets
    if from_totals:
        found.update(facet_totals(scopes, from_totals, len(selected)))
    if percent is None:
        return Found(result.count, result.ids, _options(found, single, selected))
    scale = 100.0 / percent
    for name, rows_of_facet in found.items():
        found[name] = [(*row[:4], about(row[4] * scale)) for row in rows_of_facet]
    return Found(about(result.count * scale), result.ids, _options(found, single, selected), sampled=result.count)


class Found(NamedTuple):
    """What one_pass_facets() found: the count, the page's ids, the facets; `sampled` is the
    number of rows in the sample when the count and facets are estimates from one (the rows
    there are to page through), else None."""

    count: int
    ids: list
    facets: dict
    sampled: int | None = None


def _scopes(filterset) -> list:
    """The organisation kinds the list's base holds, as the kept totals count them: every kind
    on the organisation list (the one with a kind filter), firms on the firm list."""
    return [k for k, _ in Organisation.Kind.choices] if "art" in filterset.filters else [Organisation.Kind.FIRM]


def count_except(filterset, name: str) -> int:
    """The number of rows under every filter but `name` (an empty result's "without this
    filter: n"). From the kept totals when no other filter is left (PostgreSQL), not a count
    over every organisation."""
    rest = set(filterset.active()) - {name}
    # (A past date, `stand=`, only moves the network filter: the totals hold without it.)
    if not rest and uses_keys() and not isinstance(filterset, MemberFilter):
        return sum(n for _, _, _, _, n in facet_totals(_scopes(filterset), []).get("count", []))
    return filterset.filtered_except(name).count()


def _options(found, single, selected) -> dict:
    options = {
        "kompetenz": _competence_options(
            [(k, n1, n2, e == "true", n) for k, n1, n2, e, n in found.get("kompetenz", [])], selected
        ),
        "region": _region_options([(k, name, kind, parent, n) for k, name, parent, kind, n in found.get("region", [])]),
        "netzwerk": [{"slug": k, "name": name, "count": n} for k, name, _, _, n in found.get("netzwerk", [])],
        "groesse": _size_options([(k, n) for k, _, _, _, n in found.get("groesse", [])]),
    }
    if "branche" in single:
        options["branche"] = [
            {"slug": k, "name": localised_name(name, name_en), "count": n}
            for k, name, name_en, _, n in found.get("branche", [])
        ]
    if "art" in single:
        options["art"] = _kind_options([(k, n) for k, _, _, _, n in found.get("art", [])])
    return options


# The kept totals (migration 0014) in the facets' row shape; the network counts corrected for
# the organisations whose keys have run out (the nightly refresh not yet run), from their
# memberships. One statement.
_TOTALS_SQL = """
WITH totals AS (
    SELECT t.facet, t.key, sum(t.n) AS n FROM directory_facet_total t
    WHERE t.scope = ANY(%(scopes)s) AND t.facet = ANY(%(facets)s) GROUP BY t.facet, t.key
    UNION ALL
    SELECT 'netzwerk', k::text, -count(*) FROM directory_organisation o, unnest(o.facet_networks) k
    WHERE o.facet_networks_until <= %(today)s AND o.kind = ANY(%(scopes)s) AND 'netzwerk' = ANY(%(facets)s) GROUP BY k
    UNION ALL
    SELECT 'netzwerk', m.network_id::text, count(DISTINCT o.id) FROM directory_organisation o
    JOIN directory_membership m ON m.organisation_id = o.id
    WHERE o.facet_networks_until <= %(today)s AND o.kind = ANY(%(scopes)s) AND 'netzwerk' = ANY(%(facets)s)
      AND (m.start_date IS NULL OR m.start_date <= %(today)s) AND (m.end_date IS NULL OR m.end_date >= %(today)s)
    GROUP BY m.network_id

),
summed AS (SELECT facet, key, sum(n) AS n FROM totals GROUP BY facet, key HAVING sum(n) > 0)
SELECT s.facet, s.key, NULL, NULL, NULL, s.n FROM summed s WHERE s.facet IN ('count', 'groesse')
UNION ALL
SELECT 'art', t.scope, NULL, NULL, NULL, t.n FROM directory_facet_total t
WHERE 'art' = ANY(%(facets)s) AND t.scope = ANY(%(scopes)s) AND t.facet = 'count' AND t.key = '' AND t.n > 0
UNION ALL
(SELECT 'kompetenz', c.slug, c.name, c.name_en, (c.parent_id IS NULL)::text, s.n FROM summed s
 JOIN directory_competence c ON s.facet = 'kompetenz' AND c.id = s.key::integer
 ORDER BY s.n DESC, c.name LIMIT %(competences)s)
UNION ALL
(SELECT 'branche', x.slug, x.name, x.name_en, NULL, s.n FROM summed s
 JOIN directory_sector x ON s.facet = 'branche' AND x.id = s.key::integer
 ORDER BY s.n DESC, x.name LIMIT %(top)s)
UNION ALL
SELECT 'region', r.slug, r.name, p.slug, r.kind, s.n FROM summed s
JOIN directory_region r ON s.facet = 'region' AND r.id = s.key::integer AND r.kind IN ('state', 'district', 'city')
LEFT JOIN directory_region p ON p.id = r.parent_id
UNION ALL
(SELECT 'netzwerk', n.slug, n.name, NULL, NULL, s.n FROM summed s
 JOIN directory_organisation n ON s.facet = 'netzwerk' AND n.id = s.key::integer
 ORDER BY s.n DESC, n.name LIMIT %(top)s)
"""


def facet_totals(scopes, facets, selected_count: int = 0) -> dict:
    """The unfiltered counts of `facets` (and "count") over organisations of the kinds
    `scopes`, in the facets' row shape, from the kept totals."""
    wanted = [*facets, "count"]
    with connection.cursor() as cursor:
        cursor.execute(
            _TOTALS_SQL,
            {
                "scopes": [str(s) for s in scopes],
                "facets": wanted,
                "today": timezone.localdate(),
                "competences": TOP_OPTIONS + selected_count,
                "top": TOP_OPTIONS,
            },
        )
        rows = cursor.fetchall()
    found: dict = {}
    for facet, key, label, label_en, extra, n in rows:
        if facet in wanted:
            found.setdefault(facet, []).append((key, label, label_en, extra, int(n)))
    return found


def competence_firm_counts() -> dict[int, int]:
    """Firms per competence, a field counting the firms of its competences too (as its filter
    does). One query: the kept totals on PostgreSQL; on SQLite the links, counted here."""
    if uses_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, n FROM directory_facet_total WHERE scope = %s AND facet = 'kompetenz' AND n > 0",
                [Organisation.Kind.FIRM],
            )
            return {int(key): int(n) for key, n in cursor.fetchall()}
    firms: dict[int, set] = {}
    links = Organisation.competences.through.objects.filter(organisation__kind=Organisation.Kind.FIRM)
    for organisation, competence, field in links.values_list(
        "organisation_id", "competence_id", "competence__parent_id"
    ):
        for key in (competence, field):
            if key is not None:
                firms.setdefault(key, set()).add(organisation)
    return {key: len(members) for key, members in firms.items()}


def empty_facets(filterset) -> dict:
    """The facets of a search that cannot match: no options, the selected ones still shown."""
    facets = {name: [] for name in ("kompetenz", "region", "netzwerk", "groesse")}
    for name in ("branche", "art"):
        if name in filterset.filters:
            facets[name] = []
    facets["kompetenz"] = _competence_options([], list(filterset.value("kompetenz") or []))
    return facets
