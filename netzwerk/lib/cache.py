"""What public pages keep in the cache, and when it stops being current: one module for it.

Everything cached here is looked up the same way: under a key made of what the value depends
on (`key_parts`: the page, the filters, the language, ...), and checked against the *versions
of the tables it reads* (`tables`). The database keeps one version per public table
(`cache_version`, netzwerk/lib/versioning.py): triggers on each table mark a transaction that
writes to it, and at commit the version of each table it wrote to goes up by one, in the same
transaction as the rows. So

- a write to the events does not make the firm directory's pages cold, nor a new postcode the
  network pages: each cached thing names the tables it reads, and only theirs count;
- the versions are read in one query for all the tables a page names (`versions()`), from the
  database the page's rows come from (a read replica too, netzwerk/routers.py): a replica that
  lags behind gives old versions with its old rows, never the new version with old rows;
- a version is never seen before the rows it stands for (it commits with them), and a rolled
  back write leaves it as it was, as it leaves the rows.

Serving while recomputing. The key holds no version, so after a write the previous value is
still there: the first request that finds it out of date takes a short lock in the cache
(`cache.add`, atomic in Redis and in the local memory cache) and recomputes it, while every
other request for the same key is served the previous value. And since one write to the
organisations makes nearly every page out of date at once, at most REBUILD_SLOTS requests
across the site recompute at the same time; the others serve the previous values meanwhile.
No value is served more than LOCK_SECONDS = 60 s after a request first found it out of date:
then the request that finds it recomputes it, slots or not. One write does not send every
worker into cold queries at once.

Privacy first. Pages that show people (they read a person, position or participation table)
are never served out of date after a *privacy-relevant* write: a person made private or erased,
a position or participation removed. Such a write advances a version of its own (`privacy`,
the triggers of netzwerk/lib/versioning.py); an entry built before it is not served, the
request waits briefly for the one worker recomputing it, or recomputes it itself.

Not cached (`versions()` answers None, and the builder just runs): on SQLite (`make run`,
small data, no triggers), and inside a transaction that has written, whose uncommitted view
must neither be stored nor be served a value cached outside it.

The fragment helper (`Fragment`, and the `{% cached_fragment %}` tag in
directory/templatetags/atlas.py) keeps a rendered part of a page the same way.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connections, router
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

# How long a value is kept at most; its tables' versions decide whether it is current.
DEFAULT_TTL = 600
# The most a value is served out of date after a write, counted from the first request that
# found it so; also how long one request's lock on rebuilding a value lasts at most.
LOCK_SECONDS = 60
# How long a request for a page that shows people waits for the worker recomputing it after a
# privacy-relevant write, before it recomputes the page itself.
PRIVACY_WAIT_SECONDS = 2.0
PRIVACY_POLL_SECONDS = 0.05
# The version that privacy-relevant writes advance, and the tables whose pages it concerns.
PRIVACY = "privacy"
PEOPLE_TABLES = frozenset({"directory_person", "directory_position", "events_participation"})
KEY_PREFIX = "c1"

# The default for `versions=`: read them (one query).
READ = object()


class Versions:
    """The versions of some tables, read together in one query from one database."""

    def __init__(self, values: dict[str, int], alias: str):
        self.values = values
        self.alias = alias

    def covers(self, tables: Iterable[str]) -> bool:
        return all(table in self.values for table in tables)

    def signature(self, tables: Iterable[str]) -> tuple:
        """What a value built now from `tables` is current for."""
        return tuple(self.values[table] for table in sorted(set(tables)))

    def privacy(self) -> int:
        return self.values.get(PRIVACY, 0)

    def __repr__(self):
        return f"Versions({self.values!r}, alias={self.alias!r})"


def read_alias() -> str:
    """The database the public pages' rows are read from (the replica when there is one and
    no transaction on the primary is open, netzwerk/routers.py): the versions come from it."""
    return router.db_for_read(None)


def read_connection():
    """The connection public reads go to: raw SQL of a cached value reads from it, as the
    versions and the ORM's rows do."""
    return connections[read_alias()]


def versions(tables: Iterable[str], *, using: str | None = None) -> Versions | None:
    """The versions of `tables` (and the privacy version), in one query; None: cache nothing.

    None on SQLite, inside a transaction that has written, and when a table has no version
    (it is not tracked: better uncached than never refreshed; tests/test_cache_versions.py
    checks that every table a cached page reads is tracked).
    """
    alias = using or read_alias()
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    names = sorted({*tables, PRIVACY})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_xact_id_if_assigned() IS NULL,"
            " (SELECT json_object_agg(table_name, version) FROM cache_version WHERE table_name = ANY(%s))",
            [names],
        )
        clean, values = cursor.fetchone()
    if not clean:
        return None
    values = values or {}
    if isinstance(values, str):  # a driver that does not decode json
        values = json.loads(values)
    if any(name not in values for name in names):
        return None
    return Versions({name: int(version) for name, version in values.items()}, alias)


def make_key(namespace: str, key_parts: Iterable) -> str:
    digest = hashlib.sha256("\x1f".join(str(part) for part in key_parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{namespace}:{digest}"


def _lock_key(key: str, signature: tuple) -> str:
    return f"{key}:lock:{hashlib.sha256(repr(signature).encode()).hexdigest()[:16]}"


def _shows_people(tables) -> bool:
    return bool(PEOPLE_TABLES.intersection(tables))


class Lookup:
    """One key's state for this request: `value` and `hit`, or what to store once built.

    hit: current, or the previous value (`stale`) while it is being rebuilt. Otherwise the
    caller builds the value and calls store(), which releases the lock and slot it took.

    An out-of-date value is rebuilt by one request at a time (a lock per key), and by at most
    REBUILD_SLOTS requests at a time across the site (a counter in the cache): after a write
    that makes a hundred pages out of date, a few workers rebuild them one after the other
    while the rest go on serving, instead of every worker rebuilding a different page at once.
    Once a value has been out of date for LOCK_SECONDS, the request that finds it rebuilds it
    whatever the slots say. A request that is itself building a value (a page part whose
    counts are out of date too) never takes an out-of-date part into it.
    """

    def __init__(self, key: str | None, tables, current: Versions | None, entry=None, grace: int = 0):
        self.key = key
        self.grace = grace
        self.tables = tuple(sorted(set(tables)))
        self.current = current
        self.hit = False
        self.stale = False
        self.value = None
        self.lock = None
        self.slot = False
        if key is None or current is None:
            self.key = None
            return
        self.signature = current.signature(self.tables)
        self._decide(entry)

    def _serve_stale(self, value) -> None:
        self.hit, self.stale, self.value = True, True, value

    def _decide(self, entry):
        if entry is None:
            return
        signature, privacy, value = entry
        if signature == self.signature:
            self.hit, self.value = True, value
            return
        hidden = _shows_people(self.tables) and privacy != self.current.privacy()
        lock = _lock_key(self.key, self.signature)
        if hidden:
            # A person made private, or removed from where the page showed them: never the
            # previous value. Rebuild it, or wait a moment for the request rebuilding it.
            if cache.add(lock, time.time(), LOCK_SECONDS):
                self.lock = lock
                return
            fresh = _wait_for(self.key, self.signature)
            if fresh is not None:
                self.hit, self.value = True, fresh
            return
        if building():
            # Part of a value being built: never an out-of-date one (the lock, if free, tells
            # others this one is under way).
            if cache.add(lock, time.time(), LOCK_SECONDS):
                self.lock = lock
            return
        age = self._stale_for()
        if age < self.grace:
            self._serve_stale(value)
            return
        if age >= LOCK_SECONDS:
            # Out of date for too long: rebuilt here, slots or not.
            self.lock = lock if cache.add(lock, time.time(), LOCK_SECONDS) else None
            return
        if not cache.add(lock, time.time(), LOCK_SECONDS):
            self._serve_stale(value)  # another request is rebuilding it
            return
        if _take_slot():
            self.lock, self.slot = lock, True
            return
        # Enough requests are rebuilding other values: this one waits its turn.
        cache.delete(lock)
        self._serve_stale(value)

    def _stale_for(self) -> float:
        """Seconds since a request first found this value out of date under these versions."""
        now = time.time()
        since_key = _lock_key(self.key, self.signature).replace(":lock:", ":since:")
        if cache.add(since_key, now, LOCK_SECONDS * 2):
            return 0.0
        since = cache.get(since_key)
        return now - since if since is not None else 0.0

    def store(self, value, ttl: int = DEFAULT_TTL) -> None:
        self.value = value
        if self.key is None:
            return
        cache.set(self.key, (self.signature, self.current.privacy(), value), ttl)
        self.release()

    def build(self, builder, ttl: int = DEFAULT_TTL):
        """builder(), stored unless None; the lock and slot given back whatever happens."""
        try:
            with build():
                value = builder()
        except BaseException:
            self.release()
            raise
        if value is None:
            self.release()
        else:
            self.store(value, ttl)
        return value

    def release(self) -> None:
        """Give back the lock and the slot (stored, or building failed)."""
        if self.lock:
            cache.delete(self.lock)
            self.lock = None
        if self.slot:
            _give_slot()
            self.slot = False


# Rebuild slots: how many requests across the site rebuild out-of-date values at once.
REBUILD_SLOTS = 2
SLOTS_KEY = f"{KEY_PREFIX}:rebuild-slots"


def _take_slot() -> bool:
    slots = getattr(settings, "CACHE_REBUILD_SLOTS", REBUILD_SLOTS)
    cache.add(SLOTS_KEY, 0, LOCK_SECONDS)
    try:
        taken = cache.incr(SLOTS_KEY)
    except ValueError:  # expired in between: counting starts again
        cache.add(SLOTS_KEY, 1, LOCK_SECONDS)
        taken = 1
    if taken > slots:
        _give_slot()
        return False
    return True


def _give_slot() -> None:
    try:
        cache.decr(SLOTS_KEY)
    except ValueError:  # expired meanwhile (a lost slot frees itself that way)
        pass


# Whether this thread is building a value (a page part and what goes into it).
_state = threading.local()


def building() -> bool:
    return getattr(_state, "building", 0) > 0


@contextmanager
def build():
    _state.building = getattr(_state, "building", 0) + 1
    try:
        yield
    finally:
        _state.building -= 1


def _pending() -> list:
    if not hasattr(_state, "pending"):
        _state.pending = []
    return _state.pending


@receiver(request_started)
@receiver(request_finished)
def _between_requests(**kwargs):
    # A page part whose view or template failed never called store(): its lock and slot are
    # given back, and nothing of it carries over to the thread's next request.
    for lookup in _pending():
        lookup.release()
    _state.pending = []
    _state.building = 0


def _wait_for(key: str, signature: tuple):
    deadline = time.monotonic() + PRIVACY_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(PRIVACY_POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None and entry[0] == signature:
            return entry[2]
    return None


def _current(tables, given) -> Versions | None:
    if given is READ:
        return versions(tables)
    if given is None or not given.covers(tables):
        # Not cacheable (None), or read for other tables: read these (one query).
        return None if given is None else versions(tables, using=given.alias)
    return given


def lookup(namespace: str, key_parts: Iterable, *, tables: Iterable[str], versions=READ, grace: int = 0) -> Lookup:
    """The cached value of (namespace, key_parts) if current, or what to store once built."""
    tables = tuple(tables)
    current = _current(tables, versions)
    if current is None:
        return Lookup(None, tables, None)
    key = make_key(namespace, key_parts)
    return Lookup(key, tables, current, cache.get(key), grace=grace)


def cached(
    namespace: str,
    key_parts: Iterable,
    builder: Callable[[], object],
    *,
    tables: Iterable[str],
    ttl: int = DEFAULT_TTL,
    versions=READ,
    grace: int = 0,
):
    """builder(), or its value cached under (namespace, key_parts) and the versions of
    `tables`, the tables builder reads. `versions`: read already for a superset of `tables`
    (no query), or None for "not cacheable"; by default read here (one query).

    `grace` (seconds, at most LOCK_SECONDS): after a write, the previous value is served for
    that long without anyone recomputing it, unless the write concerned people on it; for a
    value that costs more than a page may and that one write hardly changes (the overview of
    the whole atlas).

    None is never cached (a builder that found nothing returns an empty list or the like).
    """
    found = lookup(namespace, key_parts, tables=tables, versions=versions, grace=min(grace, LOCK_SECONDS))
    if found.hit:
        return found.value
    return found.build(builder, ttl)


def cached_many(
    namespace: str, items: dict[str, tuple[Iterable, Callable[[], object]]], *, tables, ttl=DEFAULT_TTL, versions=READ
) -> dict:
    """cached() for several values of the same tables at once: one round trip to the cache for
    all of them. `items`: name -> (key_parts, builder)."""
    tables = tuple(tables)
    current = _current(tables, versions)
    if current is None:
        return {name: builder() for name, (_, builder) in items.items()}
    keys = {name: make_key(namespace, parts) for name, (parts, _) in items.items()}
    entries = cache.get_many(list(keys.values()))
    results = {}
    for name, (_, builder) in items.items():
        found = Lookup(keys[name], tables, current, entries.get(keys[name]))
        if found.hit:
            results[name] = found.value
        else:
            results[name] = found.build(builder, ttl)
    return results


# Rendered page parts ------------------------------------------------------------------------
#
# A warm request for a directory page, a network page or the event list asks the cache for the
# rendered part of the page first (one round trip, after the one query for the versions),
# before it builds a FilterSet or runs any other query; only on a miss does the view do its
# work, and the template's `{% cached_fragment %}` tag stores what it rendered. The rest of the
# page (base.html: header, navigation, footer) is rendered on every request.
#
# The key holds everything the part's HTML depends on: the page, the language, today's date
# (current memberships, upcoming events), the site's address, and the path and query string
# exactly as sent (the part's links keep the other parameters, in their order). So nothing that
# differs per visitor may go inside a fragment: no CSRF token, no CSP nonce, nothing about the
# user.

FRAGMENT_TIMEOUT = 600
# Longer query strings (a 10,000-character search) are answered, but not kept.
MAX_CACHED_QUERY_STRING = 2000


def fragment_key_parts(name: str, request) -> tuple | None:
    """What one page part's HTML depends on for this request, or None: not cached (a signed-in
    user; an overlong query string)."""
    query_string = request.META.get("QUERY_STRING", "")
    if len(query_string) > MAX_CACHED_QUERY_STRING:
        return None
    # Signed-in editors get their pages rendered afresh, so whatever a page may one day show
    # them alone (an edit link) never reaches the cache. An anonymous request has no session
    # to read, so asking costs no query.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return (
        name,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        # The site's address too, for any absolute link a part may hold.
        request.scheme,
        request.get_host(),
        request.path,
        query_string,
    )


def fragment_key(name: str, request, tables: Iterable[str] = ()) -> str | None:
    parts = fragment_key_parts(name, request)
    return None if parts is None else make_key("fragment", parts)


class Fragment:
    """One page part: its HTML from the cache (`hit`), or where to store it once rendered.

    `tables`: every table the part shows (the versions are read for them, one query, unless
    `versions` were read already); `fragment.versions` then serves the view's other cached
    values without another query.
    """

    def __init__(self, name: str, request, tables: Iterable[str], versions=READ):
        self.tables = tuple(tables)
        parts = fragment_key_parts(name, request)
        self.versions = _current(self.tables, versions)
        if parts is None or self.versions is None:
            self._lookup = Lookup(None, self.tables, None)
        else:
            key = make_key("fragment", parts)
            self._lookup = Lookup(key, self.tables, self.versions, cache.get(key))
        self.key = self._lookup.key
        self.html = mark_safe(self._lookup.value) if self._lookup.hit else None
        self._building = self.key is not None and not self._lookup.hit
        if self._building:
            # The view builds the part now, and its counts and ids with it: none out of date.
            _state.building = getattr(_state, "building", 0) + 1
            _pending().append(self._lookup)

    @property
    def hit(self) -> bool:
        return self.html is not None

    @property
    def stale(self) -> bool:
        return self._lookup.stale

    def store(self, html: str) -> None:
        self._lookup.store(str(html), FRAGMENT_TIMEOUT)
        self.html = mark_safe(html)
        if self._building:
            self._building = False
            _state.building -= 1
            if self._lookup in _pending():
                _pending().remove(self._lookup)
