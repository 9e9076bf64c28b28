"""Per-client request limits for the public endpoints that cost the most (search, exports, forms).

A fixed window per client and group, counted in the shared cache, so several app servers behind
a load balancer count together when REDIS_URL is set. Over the limit the client gets 429 with a
Retry-After header and a readable page; nothing else happens for that request.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/m' → (30, 60): at most 30 requests per 60 seconds."""
    count, _slash, unit = rate.partition("/")
    return int(count), UNITS[unit]


def client_address(request) -> str:
    # Behind a proxy every request comes from the proxy; only when the deployment says the
    # proxy is trusted (RATELIMIT_TRUST_FORWARDED) does the first forwarded address count.
    if settings.RATELIMIT_TRUST_FORWARDED:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, group: str, rate: str) -> int:
    """Counts this request; returns 0 when it is allowed, else the seconds until it would be."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    window_start = now - now % window
    key = f"ratelimit:{group}:{client_address(request)}:{window_start}"
    # add() then incr() is atomic on Redis and within one process on local memory.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return window_start + window - now or 1
    return 0


def limited(request, group: str, rate: str | None = None):
    """Counts this request against `group`; the 429 response when over the limit, else None.

    For views that know only inside whether a request is a costly one (a text search, an
    export); the others use the decorator.
    """
    if not settings.RATELIMIT_ENABLED:
        return None
    wait = hit(request, group, rate or settings.RATELIMITS[group])
    if not wait:
        return None
    response = render(
        request,
        "429.html",
        {"retry_after": wait, "message": _("Zu viele Anfragen in kurzer Zeit.")},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def ratelimit(group: str, rate: str | None = None):
    """Decorates a view: over `rate` (default: settings.RATELIMITS[group]) it answers 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return limited(request, group, rate) or view(request, *args, **kwargs)

        return wrapped

    return decorator
