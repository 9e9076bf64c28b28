"""Which tables each cached page and value reads (netzwerk/lib/cache.py).

A cached value is current while the versions of these tables stay as they were when it was
built; a write to any other table leaves it alone. tests/test_cache_versions.py builds each
page with the cache off, reads the tables its queries name, and fails when one is missing
here or does not advance its version (a trigger, netzwerk/lib/versioning.py).
"""

ORGANISATIONS = ("directory_organisation", "directory_region")
LINKS = ("directory_organisation_competences", "directory_organisation_sectors", "directory_membership")
VOCABULARY = ("directory_competence", "directory_sector")
PEOPLE = ("directory_person", "directory_position")
EVIDENCE = ("directory_source", "directory_citation", "directory_relationship", "directory_statedmembercount")
EVENTS = (
    "events_event",
    "events_participation",
    "events_event_topics",
    "events_topic",
    "events_eventseries",
)

# The directory's FilterSet, its facets and a result page (directory/filters/,
# views/listing.py), and the map's points: the postcode filter reads the postcodes.
DIRECTORY = (
    *ORGANISATIONS,
    *LINKS,
    *VOCABULARY,
    "directory_postalcode",
    # The kept facet totals and the word list the text search is corrected against (migrations
    # 0013 and 0014 of directory), both written by the triggers of the tables above.
    "directory_facet_total",
    "directory_search_word",
)
# The competence tree with firm counts.
COMPETENCES = ("directory_competence", "directory_organisation_competences", "directory_organisation")
# Home page: counts of organisations, public people, events and sources, networks with their
# members and the newest member count a source states, events.
HOME = (
    *ORGANISATIONS,
    "directory_membership",
    "directory_statedmembercount",
    "directory_person",
    "directory_source",
    *EVENTS,
)
# The network list: networks with member counts, sectors, leadership and next event.
NETWORKS = (*ORGANISATIONS, *LINKS, "directory_sector", *PEOPLE, *EVENTS)
# One organisation's or network's page: nearly everything.
PROFILE = (*DIRECTORY, *PEOPLE, *EVIDENCE, *EVENTS)
# The cooperation graph, its exports, ego networks and paths.
GRAPH = (*ORGANISATIONS, *LINKS, *VOCABULARY, *PEOPLE, *EVIDENCE, *EVENTS)
# The path finder's suggestions as one types: organisations' names only.
NAMES = ("directory_organisation",)
# The event list, its facets and the calendar feeds.
EVENT_LIST = (*EVENTS, *ORGANISATIONS)

# Everything a cached page reads, for the triggers test.
ALL = tuple(sorted({*DIRECTORY, *COMPETENCES, *HOME, *NETWORKS, *PROFILE, *GRAPH, *NAMES, *EVENT_LIST}))
