"""Bad input on every public URL and query parameter: never a 500, always a readable answer.

The routes come from the URLconf and the parameters from the pages themselves (the query
strings of their links and the fields of their GET forms, tests/urlwalk.py), together with the
parameters the views are known to read; a page or filter added later is attacked without being
listed here. Hypothesis sends unicode, very long strings, null bytes, invalid percent-encoding,
repeated and missing parameters, wrong types and huge page numbers, at least 2,000 requests in
all (the quotas below), against the seed network.

Every answer must be 200, 301/302, 400 or 404, and a 400 or 404 must say something readable.
The admin's add forms get the same treatment: no 500, and nothing written when they refuse.
"""

import io
import string
from collections import defaultdict
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Membership, Organisation
from events.models import Event
from tests.urlwalk import instances, local, parse, public_routes, query_parameters, slugs_in_database

pytestmark = pytest.mark.django_db

ALLOWED = {200, 301, 302, 400, 404}
# The parameters the views read, whether or not a page links them.
KNOWN_PARAMETERS = (
    "q",
    "seite",
    "sort",
    "format",
    "kompetenz",
    "branche",
    "region",
    "netzwerk",
    "stand",
    "groesse",
    "art",
    "plz",
    "umkreis",
    "ehemalige",
    "thema",
    "jahr",
)
# Quotas: requests per test; together more than 2,000.
DIRECTORY_REQUESTS = 650
EVENT_REQUESTS = 400
NETWORK_REQUESTS = 300
PATH_REQUESTS = 300
ANY_ROUTE_REQUESTS = 350
ADMIN_REQUESTS = 30  # per admin form, three forms


def battery(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        # The same examples on every run: the battery is a regression test, not a search party.
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# The site under attack ----------------------------------------------------------------------


class Site:
    """The seed network's public URLs, and for each path the parameters and values seen."""

    def __init__(self):
        self.slugs: list[str] = []
        self.urls: list[str] = []  # every route filled with a slug that answers 200
        self.parameters: dict[str, set[str]] = defaultdict(set)  # path -> parameter names
        self.values: dict[str, set[str]] = defaultdict(set)  # parameter -> values seen

    def paths(self, prefix: str = "") -> list[str]:
        return sorted({urlsplit(url).path for url in self.urls if urlsplit(url).path.startswith(prefix)})


def discover(client) -> Site:
    site = Site()
    site.slugs = slugs_in_database()
    for route in public_routes():
        found = 0
        for url in instances(route, site.slugs, limit=100):
            if found == 3:
                break  # a few instances of each route are enough to learn its parameters
            response = client.get(url)
            if response.status_code != 200:
                continue
            found += 1
            site.urls.append(url)
            page = parse(response, url)
            links = [link for link in (local(href, url) for href in page.links) if link]
            for name, values in query_parameters(links).items():
                site.values[name] |= values
            for link in links:
                site.parameters[urlsplit(link).path] |= set(query_parameters([link]))
            for form in page.forms:
                action = local(form.action, url)
                if action:
                    site.parameters[urlsplit(action).path] |= set(form.fields)
                for name, values in form.fields.items():
                    site.values[name] |= set(values)
    return site


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The seed network, loaded once for the module in a transaction rolled back at its end
    (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_seed_network", stdout=io.StringIO())
            yield discover(Client())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # The battery is one client sending thousands of requests: the limiter would answer 429.
    settings.RATELIMIT_ENABLED = False


# Values ---------------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999999",
    str(2**63),
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "%",
    "%00",
    "\x00",
    "a\x00b",
    "'; DROP TABLE directory_organisation;--",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2019-02-30",
    "31.12.9999",
    "0000-00-00",
    "1899-12-31",
    "9999-12-31",
    "\u202e",
    "\ufeff",
    "ÄÖÜß",
    "💥",
    "\\",
    "'",
    '"',
    "&",
    "=",
    "#",
    "?",
    "*",
    ":*",
    "!",
    "|",
    "a & b | !c",
    "\t\n\r",
    "01067",
    "0106",
    "010670",
    "999999",
]

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
long_texts = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["a", "ä", " ", "\x00", "💥", "ab "]),
    st.integers(min_value=200, max_value=20_000),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1", "2", "3", "1000", "2000000000", "10000000000000"]),
)


def values_for(site: Site, name: str):
    seen = sorted(site.values.get(name, ()))
    options = [texts, long_texts, numbers, st.sampled_from(NASTY)]
    if seen:
        # Valid values often, so that bad values of one filter meet good values of the others.
        options += [st.sampled_from(seen)] * 3
    return st.one_of(options)


def queries(site: Site, names):
    """A query: some of the parameters (any may be missing), each once or repeated, plus the
    occasional unknown one."""
    names = sorted(names)

    @st.composite
    def build(draw):
        chosen = draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)) if names else []
        params = []
        for name in chosen:
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                params.append((name, draw(values_for(site, name))))
        if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
            params.append((draw(st.text(string.ascii_letters + "[]_", min_size=1, max_size=10)), draw(texts)))
        query = urlencode(params)
        if draw(st.integers(0, 19)) == 0:
            # Percent-encoding that is not UTF-8, or no encoding at all.
            query += "&" + draw(st.sampled_from(["q=%ff%fe", "seite=%c3", "%zz=1", "q=%", "==", "&&", "q"]))
        return query

    return build()


# Answers ------------------------------------------------------------------------------------


def check(response, url: str) -> None:
    assert response.status_code in ALLOWED, f"{response.status_code} for {url!r}"
    if response.status_code in (400, 404):
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        assert body.strip(), f"an empty {response.status_code} for {url!r}"
        if "html" in response.get("Content-Type", ""):
            assert "<h1" in body, f"a {response.status_code} page without a heading for {url!r}"


def get(client, path: str, query: str):
    url = f"{path}?{query}" if query else path
    response = client.get(url)
    check(response, url)
    return response


def attack(site: Site, paths: list[str], quota: int):
    """A Hypothesis test: `quota` requests to the paths, each with a generated query."""
    assert paths, "nothing to attack: the seed network should have these pages"
    client = Client(raise_request_exception=False)
    sent = []

    @battery(quota)
    @given(data=st.data())
    def run(data):
        path = data.draw(st.sampled_from(paths))
        names = site.parameters.get(path, set()) | set(KNOWN_PARAMETERS)
        get(client, path, data.draw(queries(site, names)))
        sent.append(path)

    run()
    assert len(sent) >= quota


# The public pages -----------------------------------------------------------------------------


def test_the_directory_lists_take_any_filter_values(site):
    attack(site, site.paths("/firmen/") + site.paths("/organisationen/")[:1], DIRECTORY_REQUESTS)


def test_the_event_list_and_the_calendars_take_any_filter_values(site):
    paths = [path for path in site.paths("/veranstaltungen/") if path.count("/") == 2 or path.endswith(".ics")]
    attack(site, paths, EVENT_REQUESTS)


def test_the_network_pages_take_any_parameters(site):
    attack(site, [path for path in site.paths("/netzwerke/") if path != "/netzwerke/"], NETWORK_REQUESTS)


def test_every_route_takes_any_parameters(site):
    attack(site, site.paths(), ANY_ROUTE_REQUESTS)


slug_like = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    st.integers(min_value=1, max_value=5000).map(lambda n: "a" * n),
    texts.filter(bool).map(lambda text: quote(text, safe="")),
    st.sampled_from(["%00", "a%00b", "..", "%2e%2e", "%2F", "-", "_", "%ff", "a%20b", "ÄÖÜ", "%E2%80%AE"]),
)


def test_any_slug_in_any_route_is_a_404_or_a_page(site):
    """Each route with its slugs replaced by anything at all: unknown ones are a readable 404."""
    routes = [route for route in public_routes() if route.parameters]
    assert routes
    client = Client(raise_request_exception=False)
    sent = []

    @battery(PATH_REQUESTS)
    @given(route=st.sampled_from(routes), data=st.data())
    def run(route, data):
        values = {name: data.draw(slug_like) for name in route.parameters}
        path = "/" + route.route
        for name, value in values.items():
            path = path.replace(f"<{route.parameters[name]}:{name}>", value).replace(f"<{name}>", value)
        get(client, path, data.draw(st.sampled_from(["", "format=csv", "format=json", "seite=999999999"])))
        sent.append(path)

    run()
    assert len(sent) >= PATH_REQUESTS


def test_huge_page_numbers_show_the_last_page_with_a_message(site, client):
    response = client.get("/firmen/", {"seite": "9" * 40})

    assert response.status_code == 200
    assert "So viele Seiten gibt es nicht" in response.text


def test_a_null_byte_in_a_search_is_refused_with_a_message(site, client):
    response = client.get("/organisationen/", {"q": "Getriebe\x00"})

    assert response.status_code == 200
    assert "Nullzeichen" in response.text


# The admin's add forms ------------------------------------------------------------------------

field_values = st.one_of(texts, long_texts, numbers, st.sampled_from(NASTY))


def admin_attack(admin_client, url: str, fields: list[str], model, quota: int):
    """Posts the add form with the given fields set to anything: never a 500, and a refused form
    leaves the table as it was."""
    sent = []

    @battery(quota)
    @given(values=st.fixed_dictionaries({}, optional={name: field_values for name in fields}))
    def run(values):
        before = model.objects.count()
        response = admin_client.post(url, values)
        assert response.status_code in (200, 302), f"{response.status_code} for {values!r}"
        if response.status_code == 200:
            assert model.objects.count() == before
            assert "errornote" in response.text or "errorlist" in response.text
        sent.append(values)

    run()
    assert len(sent) >= quota


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/admin/events/event/add/", {"title": "Zulieferkonferenz", "series": "aaaa"}),
        ("/admin/directory/membership/add/", {"organisation": ":", "network": "1"}),
        ("/admin/directory/organisation/add/", {"name": "Firma", "competences": ["1", "x", "9" * 30]}),
    ],
)
def test_a_malformed_id_in_an_autocomplete_field_is_a_form_error(site, admin_client, url, data):
    """Found by the battery: Django's autocomplete widget looked the posted values up as ids
    while rendering the refused form, and a value that is no number was a 500."""
    events, organisations, memberships = Event.objects.count(), Organisation.objects.count(), Membership.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Wählen Sie eine gültige Option" in response.text or "gültig" in response.text
    assert (Event.objects.count(), Organisation.objects.count(), Membership.objects.count()) == (
        events,
        organisations,
        memberships,
    )


def test_the_organisation_add_form_refuses_anything_malformed(site, admin_client):
    admin_client.raise_request_exception = False
    fields = [
        "kind",
        "name",
        "short_name",
        "slug",
        "aliases",
        "description",
        "founded",
        "employees",
        "website",
        "email",
        "phone",
        "street",
        "postcode",
        "city",
        "region",
        "latitude",
        "longitude",
        "sectors",
        "competences",
    ]
    admin_attack(admin_client, "/admin/directory/organisation/add/", fields, Organisation, ADMIN_REQUESTS)


def test_the_membership_add_form_refuses_anything_malformed(site, admin_client):
    admin_client.raise_request_exception = False
    fields = ["organisation", "network", "role", "start", "end", "note"]
    admin_attack(admin_client, "/admin/directory/membership/add/", fields, Membership, ADMIN_REQUESTS)


def test_the_event_add_form_refuses_anything_malformed(site, admin_client):
    admin_client.raise_request_exception = False
    fields = [
        "title",
        "slug",
        "kind",
        "status",
        "start",
        "end",
        "series",
        "venue",
        "venue_name",
        "city",
        "region",
        "description",
        "topics",
    ]
    admin_attack(admin_client, "/admin/events/event/add/", fields, Event, ADMIN_REQUESTS)
