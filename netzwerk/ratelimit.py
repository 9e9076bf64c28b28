"""Per-client request limits for the public endpoints that cost the most (search, exports, forms).

A fixed window per client and group, counted ONCE for every worker and machine: in Redis when
REDIS_URL is set (INCR and EXPIRE in one round trip), otherwise by an atomic upsert into
`RateCounter` on the primary database. Never in a process's own memory: with four gunicorn
workers that would give every client four times each limit. Over the limit the client gets 429
with a Retry-After header and a readable page; nothing else happens for that request.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from functools import cache, wraps

import redis
from django.conf import settings
from django.db import connections
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
    expires = window_start + window + 1
    if settings.REDIS_URL:
        count = count_in_redis(key, expires)
    else:
        count = count_in_database(key, expires)
    if count > limit:
        return window_start + window - now or 1
    return 0


@cache
def redis_client(url: str) -> redis.Redis:
    # One connection pool per process; Django's cache API has no atomic incr-with-expiry.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def count_in_redis(key: str, expires: int) -> int:
    pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=True)
    pipeline.incr(key)
    pipeline.expireat(key, expires)
    count, _expiry_set = pipeline.execute()
    return count


def count_in_database(key: str, expires: int) -> int:
    """One statement that inserts the counter or adds one to it, and returns the new count.

    Always on "default", the primary: a replica cannot write, and two databases would count
    apart. PostgreSQL and SQLite (3.35+) both understand the upsert with RETURNING.
    """
    from netzwerk.models import RateCounter  # the app registry is ready only after settings

    connection = connections["default"]
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    key_column, count_column = connection.ops.quote_name("key"), connection.ops.quote_name("count")
    expires_at = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(expires, UTC))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {count_column}, expires) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
            f"RETURNING {count_column}",
            [key, expires_at],
        )
        (count,) = cursor.fetchone()
    # Closed windows are deleted by a trigger when a new one opens (netzwerk migration 0002).
    return count


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
