"""Moved to netzwerk/lib/caching.py, which both apps read. Only directory/filters/counting.py
and directory/views/listing.py still import it from here, until the search work on those files
is merged; then they import netzwerk.lib.caching and this module goes."""

from netzwerk.lib.caching import *  # noqa: F401,F403
