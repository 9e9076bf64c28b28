"""The directory's FilterSets and their facet counts (directory/filters/sets.py).

The names other modules import are re-exported here. A test that patches a module constant
patches the module that reads it (directory.filters.sets), not this one.
"""

from directory.filters.sets import (
    BROAD_ROWS,
    DEFAULT_RADIUS_KM,
    KM_PER_DEGREE,
    SAMPLE_ROWS,
    FirmFilter,
    KeysContain,
    MemberFilter,
    OrganisationFilter,
    cache_key,
    cached,
    competence_counts,
    competence_firm_counts,
    count_except,
    distance_km,
    empty_facets,
    facet_counts,
    one_pass_facets,
    region_counts,
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
