"""/healthz for load balancers and container orchestrators.

200 only when the primary database answers a query; 503 otherwise, so a balancer takes an app
server whose database is gone out of rotation. No template, no session, no cache: it must
answer even when those are what is broken.

It is answered by a middleware at the top of the stack, before the host check, the HTTPS
redirect and the sessions: a balancer asks by the server's internal address over plain HTTP,
and that must not be turned away as a wrong host or redirected.
"""

from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The next request reconnects; a dead connection must not stay in this thread.
        connections["default"].close_if_unusable_or_obsolete()
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HealthCheckMiddleware:
    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path:
            return healthz(request)
        return self.get_response(request)
