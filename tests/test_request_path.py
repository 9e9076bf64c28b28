"""What a public request passes through (netzwerk/middleware.py) and the 404 page rendered once
(netzwerk/notfound.py): the admin keeps its middleware, public pages go without it, and the
kept 404 page is the page the template renders."""

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from netzwerk import notfound

SEEN = {}


def spy(request):
    """A view that notes what the middleware left on the request."""
    from django.http import HttpResponse

    SEEN.update(
        messages=hasattr(request, "_messages"),
        otp=hasattr(request.user, "is_verified"),
        user=request.user.is_authenticated,
    )
    return HttpResponse("ok")


urlpatterns = [path("admin/spy/", spy), path("spy/", spy)]


@pytest.fixture
def spy_urls(settings):
    from netzwerk.urls import urlpatterns as site

    settings.ROOT_URLCONF = __name__
    urlpatterns[2:] = site
    SEEN.clear()
    yield
    del urlpatterns[2:]


@pytest.mark.django_db
def test_a_public_page_goes_without_the_admins_middleware(client, spy_urls, django_user_model):
    client.get("/spy/")
    assert SEEN == {"messages": False, "otp": False, "user": False}
    # Signed in, the user is still known: the fragment cache skips signed-in users by it.
    client.force_login(django_user_model.objects.create_user("redaktion", password="x"))
    client.get("/spy/")
    assert SEEN == {"messages": False, "otp": False, "user": True}


@pytest.mark.django_db
def test_the_admin_keeps_its_middleware(client, spy_urls):
    client.get("/admin/spy/")
    assert SEEN == {"messages": True, "otp": True, "user": False}


@pytest.mark.django_db
def test_every_public_page_still_has_its_security_headers(client):
    response = client.get("/gibt-es-nicht/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/gibt-es-nicht/", "de"),
        ("/en/gibt-es-nicht/", "en"),
        ("/gibt-es-nicht/?q=%3Cscript%3E%22&seite=2", "de"),
        ("/ä/ö?q=Fräsen+&+Drehen", "de"),
    ],
)
def test_the_kept_404_page_is_the_page_the_template_renders(path, language):
    notfound._kept.clear()
    factory = RequestFactory()
    with translation.override(language):
        # Kept from another address first, then filled in for this one.
        notfound.page_not_found(factory.get("/etwas-anderes/?q=x"))
        request = factory.get(path)
        response = notfound.page_not_found(request)
        rendered = loader.render_to_string("404.html", {"request_path": request.path}, request=request)
    assert response.status_code == 404
    assert response.content.decode() == rendered


def test_a_404_for_an_unknown_host_name_is_kept_apart():
    notfound._kept.clear()
    factory = RequestFactory()
    notfound.page_not_found(factory.get("/x/", HTTP_HOST="localhost"))
    response = notfound.page_not_found(factory.get("/x/", HTTP_HOST="127.0.0.1"))
    assert "http://127.0.0.1/x/" in response.content.decode()
    assert "localhost" not in response.content.decode()
