"""The site's URLs and /__bare__/ (bench only, see bench/floor/settings.py)."""

from django.http import HttpResponse
from django.urls import path

from netzwerk.urls import handler404, handler500  # noqa: F401
from netzwerk.urls import urlpatterns as site


def bare(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("__bare__/", bare), *site]
