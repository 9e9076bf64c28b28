"""The site's URLs and /__bare__/ (bench only, see bench/floor/settings.py)."""

from django.http import HttpResponse
from django.urls import path

from netzwerk.urls import handler404, handler500, urlpatterns as site  # noqa: F401


def bare(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("__bare__/", bare), *site]
