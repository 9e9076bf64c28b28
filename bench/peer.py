"""The site's directory URLs translated into Datasette URLs over bench/peer_export.py's file.

`translate(path)` turns `/firmen/?q=…&region=…&netzwerk=…&kompetenz=…&branche=…&groesse=…&stand=…
&plz=…&umkreis=…&seite=…` into `/firms/firms?…` with the same filters and every facet the site
shows (state and district for the region facet, networks, competences, sectors, size):

- `q`: the site's folded tokens (directory.text.fold, the first ten) as an FTS5 prefix query,
  every token required (`_search=tok1* tok2*`, `_searchmode=raw`), over the same three columns;
  Datasette has no typo tolerance, so a typo simply finds nothing (fast);
- `region`: `state=`, `district=` or `municipality=` by the region's kind (a region includes
  everything below it, as on the site);
- `netzwerk`: current members (`networks__arraycontains=`); with `stand=` the members on that
  day, from the memberships table (`_where=`), as the site asks;
- `kompetenz` (repeatable, ALL; a field includes its competences): `competences__arraycontains=`
  each, the export puts every competence's field into the array;
- `branche`: `sectors__arraycontains=`; `groesse`: `employees=`;
- `plz` + `umkreis`: the same bounding box and squared equirectangular distance as the site
  (directory/filters/sets.py), as `_where=`;
- `seite=N`: Datasette pages by keyset (`_next=`), it cannot jump to page N: the first page is
  asked instead (reported as a caveat; 8 of the set's queries).

Sorted by name like the site without a search (Datasette does not rank a table view's search).
"""

import math
import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit

from directory.text import fold

FACETS = [
    ("_facet", "state"),
    ("_facet", "district"),
    ("_facet_array", "networks"),
    ("_facet_array", "competences"),
    ("_facet_array", "sectors"),
    ("_facet", "employees"),
]
FACET_COLUMNS = [column for _, column in FACETS]
KM_PER_DEGREE, DEFAULT_RADIUS_KM = 111.2, 25


class Translator:
    def __init__(self, sqlite_path: str, table_path: str = "/firms/firms"):
        db = sqlite3.connect(sqlite_path)
        self.regions = dict(db.execute("SELECT slug, kind FROM regions"))
        self.postcodes = {
            code: (lat, lon) for code, lat, lon in db.execute("SELECT code, latitude, longitude FROM postcodes")
        }
        db.close()
        self.table_path = table_path

    def __call__(self, path: str) -> str:
        params = parse_qsl(urlsplit(path).query, keep_blank_values=True)
        given = {}
        for key, value in params:
            given.setdefault(key, []).append(value)
        out: list[tuple[str, str]] = []
        where: list[str] = []
        q = " ".join(given.get("q", []))
        tokens = list(dict.fromkeys(fold(" ".join(q.split())).split()))[:10]
        if tokens:
            out += [("_search", " ".join(f"{t}*" for t in tokens)), ("_searchmode", "raw")]
        for slug in given.get("region", [])[:1]:
            kind = self.regions.get(slug)
            column = {"state": "state", "district": "district", "city": "district"}.get(kind, "municipality")
            out.append((column, slug))
        stand = (given.get("stand") or [""])[0]
        for slug in given.get("netzwerk", [])[:1]:
            if stand:
                where.append(
                    f"id IN (SELECT organisation_id FROM memberships WHERE network = '{_sql(slug)}' "
                    f"AND (start_date IS NULL OR start_date <= '{_sql(stand)}') "
                    f"AND (end_date IS NULL OR end_date >= '{_sql(stand)}'))"
                )
            else:
                out.append(("networks__arraycontains", slug))
        competences = list(dict.fromkeys(given.get("kompetenz", [])))
        if competences:
            out.append(("competences__arraycontains", competences[0]))
        for slug in competences[1:]:
            # Datasette keeps one value per filter key: ALL of several as _where.
            where.append(f"EXISTS (SELECT 1 FROM json_each(competences) WHERE value = '{_sql(slug)}')")
        for slug in given.get("branche", [])[:1]:
            out.append(("sectors__arraycontains", slug))
        for band in given.get("groesse", [])[:1]:
            out.append(("employees", band))
        code = (given.get("plz") or [""])[0]
        if code in self.postcodes:
            radius = float((given.get("umkreis") or [DEFAULT_RADIUS_KM])[0])
            lat0, lon0 = self.postcodes[code]
            dlat = radius / KM_PER_DEGREE
            cos0 = math.cos(math.radians(lat0))
            dlon = dlat / max(cos0, 0.01)
            where.append(
                f"latitude BETWEEN {lat0 - dlat!r} AND {lat0 + dlat!r} AND longitude BETWEEN {lon0 - dlon!r} AND "
                f"{lon0 + dlon!r} AND ((latitude - {lat0!r}) * (latitude - {lat0!r}) + ((longitude - {lon0!r}) * "
                f"{cos0!r}) * ((longitude - {lon0!r}) * {cos0!r})) <= {dlat * dlat!r}"
            )
        out += [("_where", clause) for clause in where]
        out += FACETS
        return f"{self.table_path}?{urlencode(out)}"


def _sql(value: str) -> str:
    return value.replace("'", "''")
