"""Rendered page parts cached while the tables they show are unchanged (the fragment helper of
netzwerk/lib/cache.py) and the template tag that serves and stores them."""

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from directory.views import listing
from netzwerk.lib import cache as fragments
from netzwerk.lib.cache import Fragment, Versions, fragment_key
from tests.factories import make_organisation

TABLES = ("directory_organisation",)


def versions(version=7, privacy=1):
    return Versions({"directory_organisation": version, "privacy": privacy}, "default")


def key(path="/firmen/?q=glas", language="de", **extra):
    with translation.override(language):
        return fragment_key("directory", RequestFactory().get(path, **extra))


def test_the_key_holds_the_language_and_the_query_string_but_no_version():
    assert key() == key()
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


def test_nothing_is_cached_without_versions_or_for_an_overlong_query_string():
    request = RequestFactory().get("/firmen/?q=glas")
    assert Fragment("directory", request, TABLES, versions=None).key is None
    assert key("/firmen/?q=" + "x" * 5000) is None


def test_nothing_is_cached_for_a_signed_in_user():
    from django.contrib.auth.models import AnonymousUser, User

    request = RequestFactory().get("/firmen/")
    request.user = AnonymousUser()
    assert fragment_key("directory", request) is not None
    request.user = User(username="redaktion")
    assert fragment_key("directory", request) is None


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_editor_gets_the_page_rendered_afresh(client, django_user_model, django_assert_num_queries):
    make_organisation(name="Alpha GmbH")
    client.get("/firmen/")
    with django_assert_num_queries(1):
        client.get("/firmen/")
    client.force_login(django_user_model.objects.create_user("redaktion", password="x"))
    # 1 the tables' versions, 2 the session, 3 the user; then the part is rendered: 4 the page's
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
    miss = Fragment("directory", request, TABLES, versions(7))
    assert not miss.hit
    miss.store("<li>Glas GmbH</li>")
    hit = Fragment("directory", request, TABLES, versions(7))
    assert hit.hit and not hit.stale
    assert hit.html == "<li>Glas GmbH</li>"
    # Marked safe: the template puts it out as it is.
    assert Template("{{ part.html }}").render(Context({"part": hit})) == "<li>Glas GmbH</li>"
    # A newer version of the table: the first request renders it afresh (and holds the lock).
    assert not Fragment("directory", request, TABLES, versions(8)).hit
    assert not Fragment("directory", request, TABLES, None).hit


def in_another_request(make):
    """make() in a thread of its own, as another worker's request would run it."""
    import threading

    made = []
    thread = threading.Thread(target=lambda: made.append(make()))
    thread.start()
    thread.join()
    return made[0]


def test_while_one_request_renders_a_part_anew_the_others_get_the_previous_one():
    cache.clear()
    request = RequestFactory().get("/firmen/")
    Fragment("directory", request, TABLES, versions(7)).store("<li>vorher</li>")

    first = Fragment("directory", request, TABLES, versions(8))
    assert not first.hit
    second = in_another_request(lambda: Fragment("directory", request, TABLES, versions(8)))
    assert second.hit and second.stale
    assert second.html == "<li>vorher</li>"

    first.store("<li>nachher</li>")
    third = in_another_request(lambda: Fragment("directory", request, TABLES, versions(8)))
    assert third.hit and not third.stale
    assert third.html == "<li>nachher</li>"


def test_a_request_building_a_part_takes_no_out_of_date_value_into_it():
    cache.clear()
    Fragment("directory", RequestFactory().get("/firmen/"), TABLES, versions(7)).store("<li>alt</li>")
    fragments.cached("count", ("firmen",), lambda: 3, tables=TABLES, versions=versions(7))

    def another_page_part_being_built():
        # Another request rebuilds the count meanwhile (holds its lock)...
        assert not fragments.lookup("count", ("firmen",), tables=TABLES, versions=versions(8)).hit
        # ...while this one builds its page part, which needs the same count: not the old one.
        part = Fragment("directory", RequestFactory().get("/firmen/?seite=1"), TABLES, versions(8))
        assert not part.hit
        return fragments.cached("count", ("firmen",), lambda: 4, tables=TABLES, versions=versions(8))

    assert in_another_request(another_page_part_being_built) == 4


def test_only_so_many_requests_rebuild_at_once_the_others_serve_the_previous_values(settings):
    settings.CACHE_REBUILD_SLOTS = 1
    cache.clear()
    for page in ("a", "b"):
        Fragment(page, RequestFactory().get("/"), TABLES, versions(7)).store(f"<p>{page} alt</p>")

    rebuilding = in_another_request(lambda: Fragment("a", RequestFactory().get("/"), TABLES, versions(8)))
    assert not rebuilding.hit
    # The one slot is taken: page b waits its turn, served as it was.
    waiting = in_another_request(lambda: Fragment("b", RequestFactory().get("/"), TABLES, versions(8)))
    assert waiting.stale and waiting.html == "<p>b alt</p>"
    rebuilding.store("<p>a neu</p>")
    # The slot is free again: the next request for b rebuilds it.
    assert not in_another_request(lambda: Fragment("b", RequestFactory().get("/"), TABLES, versions(8))).hit


def test_a_value_out_of_date_for_a_minute_is_rebuilt_whatever_the_slots(settings, monkeypatch):
    settings.CACHE_REBUILD_SLOTS = 0
    cache.clear()
    request = RequestFactory().get("/")
    Fragment("a", request, TABLES, versions(7)).store("<p>alt</p>")
    assert in_another_request(lambda: Fragment("a", request, TABLES, versions(8))).stale
    later = __import__("time").time() + fragments.LOCK_SECONDS + 1
    monkeypatch.setattr(fragments.time, "time", lambda: later)
    assert not in_another_request(lambda: Fragment("a", request, TABLES, versions(8))).hit


def test_a_part_that_shows_people_is_not_served_stale_after_a_privacy_write(monkeypatch):
    monkeypatch.setattr(fragments, "PRIVACY_WAIT_SECONDS", 0.05)
    cache.clear()
    request = RequestFactory().get("/organisationen/alpha/")
    people = ("directory_organisation", "directory_person")
    before = Versions({"directory_organisation": 7, "directory_person": 3, "privacy": 1}, "default")
    after = Versions({"directory_organisation": 7, "directory_person": 4, "privacy": 2}, "default")
    Fragment("organisation", request, people, before).store("<li>Erika Musterfrau</li>")

    recomputing = Fragment("organisation", request, people, after)
    assert not recomputing.hit
    # Another request meanwhile: not the previous part, which names the person.
    waiting = Fragment("organisation", request, people, after)
    assert not waiting.hit
    # A page without people is still current after the same write: it reads no people table.
    Fragment("directory", request, TABLES, before).store("<li>Alpha GmbH</li>")
    unchanged = Fragment("directory", request, TABLES, after)
    assert unchanged.hit and not unchanged.stale


@pytest.mark.django_db(transaction=True)
def test_the_cached_directory_part_is_kept_per_language(rf, django_assert_num_queries):
    # The view called directly, so the language is the one activated here whatever the
    # middleware (LocaleMiddleware) would choose.
    make_organisation(name="Alpha GmbH")
    with translation.override("de"):
        listing.firm_list(rf.get("/firmen/"))
        # 1 the tables' versions; the German part from the cache
        with django_assert_num_queries(1):
            listing.firm_list(rf.get("/firmen/"))
    with translation.override("en"):
        # Not the German part: the English part is rendered (and cached) for itself, from
        # 1 the tables' versions, 2 the count and the facets of the unfiltered list (the kept
        # totals; cached options carry names and labels in their language and so are keyed
        # by it, directory.filters.cache_key), 3 the page's ids, 4 its rows, 5 their
        # memberships, 6 their competences
        with django_assert_num_queries(6):
            listing.firm_list(rf.get("/firmen/"))
        with django_assert_num_queries(1):
            listing.firm_list(rf.get("/firmen/"))
