"""Facet counts, one grouped query per facet: the directory's on SQLite, a network's member
list on any database; and the cache keys of the counts, the count and the page's ids.

Each facet is one grouped query over the filtered organisations (the filtered id list as a
subquery, which the (kind, name, id) index serves without reading the table), and the
results are cached per facet (netzwerk/lib/cache.py), keyed on the filters that facet sees
and current while the tables they read (directory.caching.DIRECTORY) keep their versions.
The option builders (_competence_options, …) serve one_pass.py's rows too.
"""

from django.utils.translation import get_language

from directory import caching
from directory.models import Membership, Organisation
from directory.models.vocabulary import localised_name
from netzwerk.lib import cache

TOP_OPTIONS = 20
FACET_CACHE_PREFIX = "directory-facets"


def _normalised(value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, dict):  # the postcode centre
        return value.get("code", "")
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ",".join(sorted(str(getattr(v, "pk", v)) for v in value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def cache_key(filterset, facet: str, skip: str | None) -> tuple:
    """The key parts of one facet's counts: the page's base rows, the filters the facet is
    counted under (all but `skip`), the membership day, and the language."""
    base, filters = _key_parts(filterset)
    # The language too: cached options carry names and labels in the language they were made in.
    parts = [base[0], facet, get_language() or "", *base[1:]]
    parts += [f"{name}={value}" for name, value in filters if name != skip]
    return tuple(parts)


def _key_parts(filterset):
    """The parts of every cache key of one filterset, worked out once per request: compiling
    the base queryset's SQL for each of the page's eight or so keys cost more than the
    cached queries saved."""
    parts = getattr(filterset, "_key_parts", None)
    if parts is None:
        filterset.is_valid()
        base = (type(filterset).__name__, str(filterset.queryset.query), filterset.membership_day().isoformat())
        filters = [
            # The text filter searches for the folded tokens, not for what was typed.
            # and the place it names (directory/places.py).
            (name, text_key(filterset) if name == "q" else _normalised(filterset.form.cleaned_data[name]))
            for name in sorted(filterset.form.cleaned_data)
        ]
        parts = filterset._key_parts = (base, filters)
    return parts


def text_key(filterset) -> str:
    place = getattr(filterset, "place", None)
    return " ".join(filterset.parsed.tokens) + (f" @{place.key()}" if place is not None else "")


def cached(version, filterset, name: str, compute):
    """compute(), or its result cached under the filters (netzwerk/lib/cache.py); `version`:
    the versions the view read (None: not cached). For the view's count and page ids, which
    cost as much as a facet on a broad text search."""
    if version is None:
        return compute()
    return cache.cached(
        FACET_CACHE_PREFIX, cache_key(filterset, name, None), compute, tables=caching.DIRECTORY, versions=version
    )


def facet_counts(filterset, version=cache.READ) -> dict:
    """Options with counts for each facet, each counted under the other active filters.

    One query for the versions (none when the caller passes them), then one per facet not in
    the cache; the view documents them. Competences are counted under all filters including the selected competences, since
    selecting one more narrows down (ALL).
    """
    selected = list(filterset.value("kompetenz") or [])
    day = filterset.membership_day()
    computers = {
        "kompetenz": (None, lambda: competence_counts(filterset.filtered_except(None), selected)),
        "branche": ("branche", lambda: sector_counts(filterset.filtered_except("branche"))),
        "region": ("region", lambda: region_counts(filterset.filtered_except("region"))),
        "netzwerk": ("netzwerk", lambda: network_counts(filterset.filtered_except("netzwerk"), day)),
        "groesse": ("groesse", lambda: size_counts(filterset.filtered_except("groesse"))),
        "art": ("art", lambda: kind_counts(filterset.filtered_except("art"))),
    }
    names = [
        name
        for name in computers
        if name in ("kompetenz", "region", "netzwerk", "groesse") or name in filterset.filters
    ]
    # Django's cache backends pickle on set and unpickle on get, so what the view marks as
    # selected never reaches the cached copy: no deepcopy needed on either side.
    return cache.cached_many(
        FACET_CACHE_PREFIX,
        {name: (cache_key(filterset, name, computers[name][0]), computers[name][1]) for name in names},
        tables=caching.DIRECTORY,
        versions=version,
    )


def _ids(queryset):
    return queryset.order_by().values("pk")


def _subquery(queryset):
    sql, params = _ids(queryset).query.sql_with_params()
    return sql, list(params)


def _column_counts(queryset, column: str) -> list[tuple]:
    """(value, count) of one organisation column over the filtered rows, grouped in SQL.

    Groups the filtered query itself rather than joining its ids back to the table."""
    sql, params = queryset.order_by().values(column).query.sql_with_params()
    return _fetch(f"SELECT s.{column}, COUNT(*) FROM ({sql}) s GROUP BY 1", list(params))


def competence_counts(queryset, selected) -> list[dict]:
    """Top competences with the number of organisations having each or one of its children.

    One query. A competence counts its links (one per organisation); a field counts the
    distinct organisations linked to it or to any of its competences (the tree is two levels
    deep), so the counts are exact and equal to what the filter finds.
    """
    sql, params = _subquery(queryset)
    rows = _fetch(
        f"""
        WITH links AS (
            SELECT oc.organisation_id AS org, oc.competence_id AS cid, c.parent_id AS pid
            FROM directory_organisation_competences oc
            JOIN directory_competence c ON c.id = oc.competence_id
            WHERE oc.organisation_id IN ({sql})
        ),
        counts AS (
            SELECT cid AS id, COUNT(*) AS n FROM links WHERE pid IS NOT NULL GROUP BY cid
            UNION ALL
            SELECT field, COUNT(*) FROM (SELECT DISTINCT org, COALESCE(pid, cid) AS field FROM links) f
            GROUP BY field
        )
        SELECT c.slug, c.name, c.name_en, c.parent_id IS NULL AS is_field, counts.n
        FROM counts JOIN directory_competence c ON c.id = counts.id
        ORDER BY counts.n DESC, c.name
        LIMIT {TOP_OPTIONS + len(selected)}
        """,
        params,
    )
    return _competence_options(rows, selected)


def _competence_options(rows, selected) -> list[dict]:
    """The selected competences first (with their counts, or None outside the top rows),
    then the top others; rows are (slug, name, name_en, is_field, count), most first."""
    selected_slugs = {c.slug for c in selected}
    options = [
        {
            "slug": slug,
            "name": localised_name(name, name_en),
            "is_field": bool(is_field),
            "count": n,
            "selected": slug in selected_slugs,
        }
        for slug, name, name_en, is_field, n in rows
    ]
    shown = [o for o in options if not o["selected"]][:TOP_OPTIONS]
    chosen = [o for o in options if o["selected"]]
    # A selected competence outside the top rows still shows, with its count.
    missing = selected_slugs - {o["slug"] for o in chosen}
    chosen += [
        {"slug": c.slug, "name": c.display_name, "is_field": c.parent_id is None, "count": None, "selected": True}
        for c in selected
        if c.slug in missing
    ]
    return chosen + shown


def region_counts(queryset) -> list[dict]:
    """States and districts (with independent cities), each counting everything below it.

    One query: the organisations counted per region (one pass), each count returned with the
    region's two ancestors, and rolled up the tree here. Every organisation has one region, so
    the sums count organisations.
    """
    sql, params = queryset.order_by().values("region_id").query.sql_with_params()
    rows = _fetch(
        f"""
        WITH per_region AS (
            SELECT s.region_id, COUNT(*) AS n FROM ({sql}) s
            WHERE s.region_id IS NOT NULL GROUP BY s.region_id
        )
        SELECT pr.n,
            r.id, r.slug, r.name, r.kind,
            p.id, p.slug, p.name, p.kind,
            pp.id, pp.slug, pp.name, pp.kind
        FROM per_region pr
        JOIN directory_region r ON r.id = pr.region_id
        LEFT JOIN directory_region p ON p.id = r.parent_id
        LEFT JOIN directory_region pp ON pp.id = p.parent_id
        """,
        list(params),
    )
    totals: dict[int, list] = {}
    for row in rows:
        n = row[0]
        for offset in (1, 5, 9):
            pk, slug, name, kind = row[offset : offset + 4]
            if pk is None or kind not in ("state", "district", "city"):
                continue
            # The parent's slug (the next level of the row), so a district sits under its state.
            parent = row[offset + 5] if offset < 9 else None
            entry = totals.setdefault(pk, [slug, name, kind, parent, 0])
            entry[4] += n
    return _region_options(totals.values())


def _region_options(totals) -> list[dict]:
    """Each state followed by its top districts and cities (the template indents those under
    the state above them, so a Saxon district listed after Thüringen would read as
    Thuringian); totals are (slug, name, kind, parent slug, count)."""
    ordered = sorted(totals, key=lambda e: (e[2] != "state", -e[4], e[1]))
    states = [e for e in ordered if e[2] == "state"]
    districts = [e for e in ordered if e[2] != "state"][:TOP_OPTIONS]
    under: dict = {}
    for entry in districts:
        under.setdefault(entry[3], []).append(entry)
    placed = []
    for state in states:
        placed.append(state)
        placed += under.pop(state[0], [])
    # A district whose state is not among the options (cannot happen with counts rolled up)
    # is left out rather than shown under a stranger.
    return [
        {"slug": slug, "name": name, "is_state": kind == "state", "parent": parent, "count": int(n)}
        for slug, name, kind, parent, n in placed
    ]


def sector_counts(queryset) -> list[dict]:
    """Top sectors by the number of filtered organisations in each (one grouped query)."""
    sql, params = _subquery(queryset)
    rows = _fetch(
        f"""
        SELECT s.slug, s.name, s.name_en, counts.n FROM (
            SELECT os.sector_id, COUNT(*) AS n FROM directory_organisation_sectors os
            WHERE os.organisation_id IN ({sql}) GROUP BY os.sector_id
        ) counts JOIN directory_sector s ON s.id = counts.sector_id
        ORDER BY counts.n DESC, s.name
        LIMIT {TOP_OPTIONS}
        """,
        params,
    )
    return [{"slug": slug, "name": localised_name(name, name_en), "count": n} for slug, name, name_en, n in rows]


def network_counts(queryset, day) -> list[dict]:
    """Top networks by the filtered organisations that are members on `day`, each once even
    with two memberships (one grouped query)."""
    members = (
        Membership.objects.as_of(day)
        .filter(organisation__in=_ids(queryset))
        .order_by()
        .values("network_id", "organisation_id")
        .distinct()
    )
    sql, params = members.query.sql_with_params()
    rows = _fetch(
        f"""
        SELECT n.slug, n.name, counts.n FROM (
            SELECT m.network_id, COUNT(*) AS n FROM ({sql}) m GROUP BY m.network_id
        ) counts JOIN directory_organisation n ON n.id = counts.network_id
        ORDER BY counts.n DESC, n.name
        LIMIT {TOP_OPTIONS}
        """,
        list(params),
    )
    return [{"slug": slug, "name": name, "count": n} for slug, name, n in rows]


def size_counts(queryset) -> list[dict]:
    return _size_options(_column_counts(queryset, "employees"))


def _size_options(rows) -> list[dict]:
    labels = {value: str(label) for value, label in Organisation.EmployeeBand.choices}
    order = list(labels)
    rows = [(value, n) for value, n in rows if value]
    return sorted(
        ({"slug": value, "name": labels.get(value, value), "count": n} for value, n in rows),
        key=lambda row: order.index(row["slug"]) if row["slug"] in order else 99,
    )


def kind_counts(queryset) -> list[dict]:
    return _kind_options(_column_counts(queryset, "kind"))


def _kind_options(rows) -> list[dict]:
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    rows = sorted(rows, key=lambda row: -row[1])
    return [{"slug": kind, "name": kinds.get(kind, kind), "count": n} for kind, n in rows]


def _fetch(sql, params):
    # From the database the versions come from (a replica too): netzwerk/lib/cache.py.
    with cache.read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
