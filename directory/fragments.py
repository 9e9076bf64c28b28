"""Rendered parts of public pages, cached under the data version.

A warm request for a directory page, a network page or the event list asks the cache for the
rendered part of the page first (one round trip), before it builds a FilterSet or runs any
query but the data version; only on a miss does the view do its work, and the template's
`{% cached_fragment %}` tag (directory/templatetags/atlas.py) stores what it rendered. The
rest of the page (base.html: header, navigation, footer) is rendered on every request.

The key holds everything the part's HTML depends on: the page, the data version (every write
to a table a public page reads advances it, see directory.filters.data_version), the language,
today's date (current memberships, upcoming events), the site's address, and the path and
query string exactly as sent (the part's links keep the other parameters, in their order). So nothing that differs
per visitor may go inside a fragment: no CSRF token, no CSP nonce, nothing about the user.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

FRAGMENT_TIMEOUT = 600
FRAGMENT_CACHE_PREFIX = "fragment"
# Longer query strings (a 10,000-character search) are answered, but not kept.
MAX_CACHED_QUERY_STRING = 2000


def fragment_key(name: str, request, version: int | None) -> str | None:
    """The cache key of one page part for this request, or None: not cached (no data version,
    as on SQLite or inside a transaction that has written; a signed-in user; an overlong query
    string)."""
    query_string = request.META.get("QUERY_STRING", "")
    if version is None or len(query_string) > MAX_CACHED_QUERY_STRING:
        return None
    # Signed-in editors get their pages rendered afresh, so whatever a page may one day show
    # them alone (an edit link) never reaches the cache. An anonymous request has no session
    # to read, so asking costs no query.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    # The site's address too, for any absolute link a part may hold.
    parts = (request.scheme, request.get_host(), request.path, query_string)
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    language = translation.get_language() or ""
    return f"{FRAGMENT_CACHE_PREFIX}:{name}:{version}:{language}:{timezone.localdate().isoformat()}:{digest}"


class Fragment:
    """One page part: its HTML from the cache (`hit`), or where to store it once rendered."""

    def __init__(self, name: str, request, version: int | None):
        self.key = fragment_key(name, request, version)
        html = cache.get(self.key) if self.key else None
        self.html = mark_safe(html) if html is not None else None

    @property
    def hit(self) -> bool:
        return self.html is not None

    def store(self, html: str) -> None:
        if self.key:
            cache.set(self.key, str(html), FRAGMENT_TIMEOUT)
        self.html = mark_safe(html)
