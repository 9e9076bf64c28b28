"""A deadline for each public request: no public GET holds a worker much more than 2 s.

The budget is for the whole request, not per statement: before each statement on PostgreSQL
the connection's statement_timeout is set to what is left of it (re-set only when it has
shrunk noticeably, so a fast page pays one SET and one RESET), and a statement sent after the
deadline is refused in Python. A statement PostgreSQL cancels (SQLSTATE 57014) answers with a
short 400 page, "Diese Suche ist zu allgemein, bitte eingrenzen", not the 503 page for a
database that is away and never a 500.

Only public GET and HEAD requests: the admin, every POST (imports, corrections), management
commands and background work run without it, and the setting is reset when the request ends,
so it never stays on a pooled connection (tests/test_deadline.py). Exports (`format=`) get a
longer budget: they are rate limited and read every filtered row.
"""

import time
from contextlib import ExitStack

from django.conf import settings
from django.db import OperationalError, connections
from django.shortcuts import render

# Re-set statement_timeout when the budget left has shrunk by more than this since the last SET.
SLACK_MS = 200
NOT_PUBLIC = ("/admin/", "/i18n/")


class DeadlineExceeded(OperationalError):
    """The request's budget was spent before a statement was sent."""


def is_cancelled(exception) -> bool:
    """Whether a database error is a statement cancelled by the deadline."""
    if isinstance(exception, DeadlineExceeded):
        return True
    cause = getattr(exception, "__cause__", None)
    return isinstance(exception, OperationalError) and getattr(cause, "sqlstate", None) == "57014"


def budget_for(request) -> float | None:
    """Seconds the request may spend, or None for no deadline."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_PUBLIC):
        return None
    if request.GET.get("format") in ("csv", "json"):
        return getattr(settings, "REQUEST_DEADLINE_EXPORT_SECONDS", 20.0)
    return getattr(settings, "REQUEST_DEADLINE_SECONDS", 2.0)


class Deadline:
    """The execute wrapper: the budget left as statement_timeout before each statement."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        # The statement_timeout last set, per connection alias.
        self.timeout_ms: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        db = context["connection"]
        if db.vendor != "postgresql":
            return execute(sql, params, many, context)
        left_ms = int((self.end - time.monotonic()) * 1000)
        if left_ms <= 0:
            raise DeadlineExceeded("the request's deadline has passed")
        last = self.timeout_ms.get(db.alias)
        if last is None or left_ms < last - SLACK_MS:
            # On the driver's cursor, past the wrappers; an integer, so no quoting to get wrong.
            context["cursor"].cursor.execute(f"SET statement_timeout = {max(left_ms, 1)}")
            self.timeout_ms[db.alias] = left_ms
        return execute(sql, params, many, context)

    def reset(self) -> None:
        for alias in self.timeout_ms:
            db = connections[alias]
            if db.connection is None:
                continue
            try:
                # The driver's own cursor, as for the SET: no wrapper, no query log.
                with db.connection.cursor() as cursor:
                    cursor.execute("RESET statement_timeout")
            except Exception:
                if db.in_atomic_block:
                    # A cancelled statement aborted the caller's transaction: its rollback
                    # undoes a SET made inside it; closing here would break the caller.
                    continue
                # A connection that cannot take a RESET is broken: closed, never reused.
                db.close()


def too_broad(request):
    """The 400 page; renders without touching the database (base.html reads no rows)."""
    response = render(request, "400_too_broad.html", status=400)
    response["Cache-Control"] = "no-store"
    return response


class RequestDeadlineMiddleware:
    """Listed after DatabaseUnavailableMiddleware, so its process_exception sees a cancelled
    statement first (exceptions travel the list backwards)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = budget_for(request)
        if seconds is None:
            return self.get_response(request)
        deadline = Deadline(seconds)
        try:
            with ExitStack() as stack:
                for db in connections.all():
                    stack.enter_context(db.execute_wrapper(deadline))
                response = self.get_response(request)
        finally:
            deadline.reset()
        return response

    def process_exception(self, request, exception):
        if budget_for(request) is not None and is_cancelled(exception):
            return too_broad(request)
        return None
