"""Django admin for the network offices, one module per topic.

Importing the modules registers their admins; CitationInline is shared with events.admin.
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
from .base import CitationInline, CurrentFilter, RulesTabularInline

__all__ = ["CitationInline", "CurrentFilter", "RulesTabularInline"]
