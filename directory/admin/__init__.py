"""Django admin for the network offices, one module per topic.

Importing the modules registers their admins; CitationInline is shared with events.admin.
"""

from . import (  # noqa: F401  (registers)
    corrections, editors, organisations, people, quality, redirects, relations, sources, vocabulary,
)
from .base import CitationInline, CurrentFilter, RulesTabularInline, count_of, is_current, period

__all__ = ["CitationInline", "CurrentFilter", "RulesTabularInline", "count_of", "is_current", "period"]
