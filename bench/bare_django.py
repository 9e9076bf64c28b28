"""A bare Django view, for the cold run's floor comparison (issue 13: the site's 404 page within
2× a bare Django view in the same run). No middleware, no template, no database:

    .venv/bin/python -m gunicorn --chdir bench bare_django:application --workers 4

served by bench/cold.sh beside the site with the same gunicorn settings.
"""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-bare-view",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)


def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("bare/", bare)]

django.setup()
application = get_wsgi_application()
