"""Export the directory's firms to SQLite for the peer run: Datasette with FTS5 (bench/cold.sh).

The same firms as /firmen/ (kind "firm"), with the same searchable terms and the same facets:

- full-text search (an FTS5 table, rowid = firm id) over three columns made exactly as the site's search
  document is (directory/search.py): names (name, short name, aliases), competence terms (each
  competence with its synonyms and field) and places (description, city and the region with its
  district and state), folded by the database's own `netzwerk_fold()`, as the site folds them;
- facets as columns Datasette counts: `state`, `district` (Landkreis or kreisfreie Stadt),
  `employees`, and JSON arrays for `_facet_array`: `networks` (current members today),
  `competences` (each with its field, as the site's competence filter counts a field), `sectors`;
- `memberships` with their dates, for `stand=` (members on a past day), `regions` and
  `postcodes`, for translating the site's region and radius filters (bench/peer.py).

Needs the bench extra (`pip install -e '.[bench]'`, or `.venv/bin/pip install datasette
sqlite-utils`). Reads the database in DATABASE_URL; writes only the SQLite file.

    DATABASE_URL=postgres://… .venv/bin/python bench/peer_export.py /tmp/peer/firms.db
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

import sqlite_utils  # noqa: E402
from django.db import connection  # noqa: E402

# The search document's three parts, as directory/search.py's _REFRESH_SQL builds them.
FIRMS_SQL = """
WITH comp AS (
    SELECT oc.organisation_id,
        string_agg(concat_ws(' ', c.name, c.synonyms, f.name), ' ') AS text,
        json_agg(DISTINCT c.slug) AS slugs,
        json_agg(DISTINCT f.slug) FILTER (WHERE f.slug IS NOT NULL) AS fields
    FROM directory_organisation_competences oc
    JOIN directory_competence c ON c.id = oc.competence_id
    LEFT JOIN directory_competence f ON f.id = c.parent_id
    GROUP BY oc.organisation_id
),
sect AS (
    SELECT os.organisation_id, json_agg(s.slug ORDER BY s.slug) AS slugs
    FROM directory_organisation_sectors os JOIN directory_sector s ON s.id = os.sector_id
    GROUP BY os.organisation_id
),
nets AS (
    SELECT m.organisation_id, json_agg(DISTINCT n.slug) AS slugs
    FROM directory_membership m JOIN directory_organisation n ON n.id = m.network_id
    WHERE (m.start_date IS NULL OR m.start_date <= %(today)s)
      AND (m.end_date IS NULL OR m.end_date >= %(today)s)
    GROUP BY m.organisation_id
)
SELECT o.id, o.slug, o.name, o.city, o.postcode, o.latitude, o.longitude, o.employees, o.founded,
    r.slug, r.kind, p.slug, p.kind, pp.slug, pp.kind,
    nets.slugs, comp.slugs, comp.fields, sect.slugs,
    netzwerk_fold(concat_ws(' ', o.name, o.short_name, o.aliases)),
    netzwerk_fold(coalesce(comp.text, '')),
    netzwerk_fold(concat_ws(' ', o.description, o.city, r.name, p.name, pp.name))
FROM directory_organisation o
LEFT JOIN comp ON comp.organisation_id = o.id
LEFT JOIN sect ON sect.organisation_id = o.id
LEFT JOIN nets ON nets.organisation_id = o.id
LEFT JOIN directory_region r ON r.id = o.region_id
LEFT JOIN directory_region p ON p.id = r.parent_id
LEFT JOIN directory_region pp ON pp.id = p.parent_id
WHERE o.kind = 'firm'
ORDER BY o.id
"""


def firm_rows(today: datetime.date):
    with connection.cursor() as cursor:
        cursor.execute(FIRMS_SQL, {"today": today})
        for row in cursor.fetchall():
            (
                pk,
                slug,
                name,
                city,
                postcode,
                lat,
                lon,
                employees,
                founded,
                r_slug,
                r_kind,
                p_slug,
                p_kind,
                pp_slug,
                pp_kind,
                nets,
                comps,
                fields,
                sects,
                names,
                terms,
                places,
            ) = row
            chain = {kind: slug for slug, kind in ((r_slug, r_kind), (p_slug, p_kind), (pp_slug, pp_kind)) if slug}
            yield (
                {
                    "id": pk,
                    "slug": slug,
                    "name": name,
                    "city": city,
                    "postcode": postcode,
                    "latitude": lat,
                    "longitude": lon,
                    "employees": employees or None,
                    "founded": founded,
                    "state": chain.get("state"),
                    "district": chain.get("district") or chain.get("city"),
                    "municipality": chain.get("municipality"),
                    "networks": json.dumps(sorted(_json(nets))),
                    "competences": json.dumps(sorted(set(_json(comps)) | set(_json(fields)))),
                    "sectors": json.dumps(_json(sects)),
                },
                {"rowid": pk, "names": names, "competence_terms": terms, "places": places},
            )


def _json(value) -> list:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def fetch(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/netzwerkatlas-peer/firms.db")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    db = sqlite_utils.Database(partial)
    # The searchable text goes into its own FTS5 table (rowid = firm id, named in the metadata
    # bench/cold.sh gives Datasette), not into `firms`: Datasette's array facets DISTINCT whole
    # rows, so a narrow table is what its documentation's setup would give it.
    db.execute("CREATE VIRTUAL TABLE firms_fts USING fts5(names, competence_terms, places)")
    rows, texts = [], []
    for firm, text in firm_rows(datetime.date.today()):
        rows.append(firm)
        texts.append((text["rowid"], text["names"], text["competence_terms"], text["places"]))
    db["firms"].insert_all(rows, pk="id", batch_size=5000)
    db.conn.executemany("INSERT INTO firms_fts (rowid, names, competence_terms, places) VALUES (?, ?, ?, ?)", texts)
    db.conn.commit()
    for column in ("name", "state", "district", "municipality", "employees", "latitude"):
        db["firms"].create_index([column])
    db["memberships"].insert_all(
        fetch(
            "SELECT m.organisation_id, n.slug AS network, m.start_date::text AS start_date, m.end_date::text AS end_date "
            "FROM directory_membership m JOIN directory_organisation n ON n.id = m.network_id "
            "JOIN directory_organisation o ON o.id = m.organisation_id WHERE o.kind = 'firm' ORDER BY m.id"
        ),
        batch_size=5000,
    )
    db["memberships"].create_index(["network", "organisation_id"])
    db["regions"].insert_all(fetch("SELECT slug, kind, name FROM directory_region ORDER BY id"), pk="slug")
    # The centre the site takes for a postcode: the first row with coordinates (the form's .first()).
    db["postcodes"].insert_all(
        fetch(
            "SELECT DISTINCT ON (code) code, latitude, longitude FROM directory_postalcode "
            "WHERE latitude IS NOT NULL ORDER BY code, id"
        ),
        pk="code",
    )
    db.execute("INSERT INTO firms_fts (firms_fts) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.conn.commit()
    db.close()
    partial.replace(out)
    print(
        f"peer_export: {out} with {sqlite_utils.Database(out)['firms'].count} firms "
        f"in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
