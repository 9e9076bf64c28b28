"""Django admin for the network offices, one module per topic.

Importing the modules registers their admins. What events' admin shares with these
(scope mixins, the rule-checked and citations inlines) is in netzwerk/admin_base.py.
"""

from . import (  # noqa: F401  (registers)
    corrections,
    editors,
    organisations,
    pages,
    people,
    quality,
    redirects,
    relations,
    seed,
    sources,
    users,
    vocabulary,
    widgets,  # noqa: F401  (fixes the autocomplete widgets for malformed posts)
)
