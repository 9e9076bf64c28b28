"""Rendered page parts cached under the data version (directory/fragments.py) and the
template tag that serves and stores them."""

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from directory import fragments
from directory.fragments import Fragment, fragment_key
from directory.views import listing
from tests.factories import make_organisation


def key(path="/firmen/?q=glas", version=7, language="de", **extra):
    with translation.override(language):
        return fragment_key("directory", RequestFactory().get(path, **extra), version)


def test_the_key_holds_the_version_the_language_and_the_query_string():
    assert key() == key()
    assert key(version=8) != key()
    assert key(language="en") != key()
    assert key("/firmen/?q=glass") != key()
    assert key("/organisationen/?q=glas") != key()
    # The part's links keep the parameters in their order, so another order is another part.
    assert key("/firmen/?q=glas&region=sachsen") != key("/firmen/?region=sachsen&q=glas")
    assert key(HTTP_HOST="localhost") != key()


def test_the_key_holds_the_day(monkeypatch):
    today = key()
    monkeypatch.setattr(fragments.timezone, "localdate", lambda: __import__("datetime").date(2031, 1, 1))
    assert key() != today


def test_nothing_is_cached_without_a_data_version_or_for_an_overlong_query_string():
    assert key(version=None) is None
    assert key("/firmen/?q=" + "x" * 5000) is None


def test_nothing_is_cached_for_a_signed_in_user():
    from django.contrib.auth.models import AnonymousUser, User

    request = RequestFactory().get("/firmen/")
    request.user = AnonymousUser()
    assert fragment_key("directory", request, 7) is not None
    request.user = User(username="redaktion")
    assert fragment_key("directory", request, 7) is None


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_editor_gets_the_page_rendered_afresh(client, django_user_model, django_assert_num_queries):
    make_organisation(name="Alpha GmbH")
    client.get("/firmen/")
    with django_assert_num_queries(1):
        client.get("/firmen/")
    client.force_login(django_user_model.objects.create_user("redaktion", password="x"))
    # 1 the data version, 2 the session, 3 the user; then the part is rendered: 4 the page's
    # rows, 5 their memberships, 6 their competences (the counts from the cache)
    with django_assert_num_queries(6):
        response = client.get("/firmen/")
    assert "Alpha GmbH" in response.text


class Stub:
    """A Fragment without the cache: its HTML, or what the tag stores."""

    def __init__(self, html=None):
        self.html = html
        self.stored = None

    def store(self, html):
        self.stored = self.html = html


TEMPLATE = Template("{% load atlas %}<p>{% cached_fragment part %}{{ text }}{% endcached_fragment %}</p>")


def test_the_tag_renders_and_stores_on_a_miss():
    part = Stub()
    assert TEMPLATE.render(Context({"part": part, "text": "<b>frisch</b>"})) == "<p>&lt;b&gt;frisch&lt;/b&gt;</p>"
    assert part.stored == "&lt;b&gt;frisch&lt;/b&gt;"


def test_the_tag_serves_a_hit_without_rendering():
    part = Stub(html="<em>aus dem Cache</em>")
    assert TEMPLATE.render(Context({"part": part, "text": "frisch"})) == "<p><em>aus dem Cache</em></p>"
    assert part.stored is None


def test_the_tag_without_a_fragment_just_renders():
    assert TEMPLATE.render(Context({"text": "frisch"})) == "<p>frisch</p>"
    assert TEMPLATE.render(Context({"part": None, "text": "frisch"})) == "<p>frisch</p>"


def test_a_fragment_round_trips_through_the_cache():
    cache.clear()
    request = RequestFactory().get("/firmen/?q=glas")
    miss = Fragment("directory", request, 7)
    assert not miss.hit
    miss.store("<li>Glas GmbH</li>")
    hit = Fragment("directory", request, 7)
    assert hit.hit
    assert hit.html == "<li>Glas GmbH</li>"
    # Marked safe: the template puts it out as it is.
    assert Template("{{ part.html }}").render(Context({"part": hit})) == "<li>Glas GmbH</li>"
    assert not Fragment("directory", request, 8).hit
    assert not Fragment("directory", request, None).hit


@pytest.mark.django_db(transaction=True)
def test_the_cached_directory_part_is_kept_per_language(rf, django_assert_num_queries):
    # The view called directly, so the language is the one activated here whatever the
    # middleware (LocaleMiddleware) would choose.
    make_organisation(name="Alpha GmbH")
    with translation.override("de"):
        listing.firm_list(rf.get("/firmen/"))
        # 1 the data version; the German part from the cache
        with django_assert_num_queries(1):
            listing.firm_list(rf.get("/firmen/"))
    with translation.override("en"):
        # Not the German part: the English part is rendered (and cached) for itself, from
        # 1 the data version, 2 the count and the facets of the unfiltered list (the kept
        # totals; cached options carry names and labels in their language and so are keyed
        # by it, directory.filters.cache_key), 3 the page's ids, 4 its rows, 5 their
        # memberships, 6 their competences
        with django_assert_num_queries(6):
            listing.firm_list(rf.get("/firmen/"))
        with django_assert_num_queries(1):
            listing.firm_list(rf.get("/firmen/"))
