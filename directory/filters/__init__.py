"""The directory's FilterSets and their facet counts, by topic:

- sets.py: the form, the facet-key expressions, the radius helpers, the FilterSets;
- counting.py: one grouped query per facet (SQLite; a network's member list) and the cache keys;
- one_pass.py: count, page and facets in one statement (PostgreSQL), and the kept totals.

The names other modules import are re-exported here. A test that patches a module constant
patches the module that reads it (`directory.filters.one_pass.BROAD_ROWS`), not this one.
"""

from directory.filters.counting import cache_key, cached, competence_counts, facet_counts, region_counts
from directory.filters.one_pass import (
    BROAD_ROWS,
    SAMPLE_ROWS,
    competence_firm_counts,
    count_except,
    empty_facets,
    one_pass_facets,
)
from directory.filters.sets import (
    DEFAULT_RADIUS_KM,
    KM_PER_DEGREE,
    FirmFilter,
    KeysContain,
    MemberFilter,
    OrganisationFilter,
    distance_km,
    uses_keys,
)

__all__ = [
    "BROAD_ROWS",
    "DEFAULT_RADIUS_KM",
    "KM_PER_DEGREE",
    "SAMPLE_ROWS",
    "FirmFilter",
    "KeysContain",
    "MemberFilter",
    "OrganisationFilter",
    "cache_key",
    "cached",
    "competence_counts",
    "competence_firm_counts",
    "count_except",
    "distance_km",
    "empty_facets",
    "facet_counts",
    "one_pass_facets",
    "region_counts",
    "uses_keys",
]
