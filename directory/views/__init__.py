"""The public pages of the directory: home, organisations and networks, people, sources.

Every page builds its querysets here and evaluates them with list() or a prefetch, so
templates only read what is already loaded. People who are not public are filtered out in
the queries themselves, never in templates.
"""

from .home import home
from .listing import firm_list, organisation_list
from .networks import network_detail
from .organisations import organisation_detail
from .people import person_detail
from .sources import source_detail, source_list

__all__ = [
    "firm_list",
    "home",
    "network_detail",
    "organisation_detail",
    "organisation_list",
    "person_detail",
    "source_detail",
    "source_list",
]
