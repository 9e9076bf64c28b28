"""A 503 page instead of a 500 while the database cannot be reached.

When PostgreSQL restarts or the network to it drops, every query raises OperationalError (or
InterfaceError on a connection that broke mid-use). That is not a bug in the page but an
outage: the visitor gets a short 503 page with Retry-After, and the next request after the
database is back works again, because Django throws away a connection that raised
(`errors_occurred`, then `close_if_unusable_or_obsolete` when the request ends) and
`conn_health_checks` tests a reused one before the first query.

Two places catch it: the middleware for errors raised in a view (most of them), and
`server_error` as handler500 for those raised outside any view (a middleware reading the
session, a template tag), which Django otherwise answers with the 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views.defaults import server_error as default_server_error

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable(request):
    """The 503 page; renders without touching the database (base.html reads no rows)."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A proxy or browser must not keep the outage page for the URL.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable(request)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the uncaught error was the database being away."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable(request)
    return default_server_error(request, template_name=template_name)
