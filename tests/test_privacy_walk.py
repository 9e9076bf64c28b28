"""One walk over everything public: a private person's name and slug are on none of it.

The walk starts from every URL pattern of the URLconf (outside the admin), filled with every
slug in the database, and follows the links and GET forms of the pages it finds, submitting
every text field with the private person's name, and asks every page for its CSV and JSON
exports. So pages, search results, exports, calendar feeds, JSON-LD blocks, a sitemap and the
graph pages are all walked as soon as their URLs exist, with nothing to list here; a new URL
pattern that the walk cannot fill with anything that answers 200 fails the coverage test,
saying which one.

The public person next to the private one is the positive control: the walk must find them.
"""

from collections import deque
from html import escape
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import translation

from events.models import Participation
from tests.factories import (
    cite,
    make_event,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_relationship,
)
from tests.test_operator_pages import ensure_site_pages
from tests.test_privacy import SECRET_NAME, SECRET_SLUG, build_world
from tests.urlwalk import instances, local, parse, public_routes, slugs_in_database, with_query

# pytest-django sets up the test database only for sessions with tests marked so.
pytestmark = pytest.mark.django_db

PUBLIC_NAME = "Jürgen Graf"
PUBLIC_SLUG = "juergen-graf"
# What a search box gets: the private person's name, their surname, their slug.
SEARCHES = [SECRET_NAME, "Verborgen", SECRET_SLUG]
# The private people's names and slugs, and a talk only a private person gave.
SECRETS = ("Verborgen", SECRET_SLUG, "Waltraud", "waltraud-unbekannt", "Geheimvortrag")
EXPORT_FORMATS = ("csv", "json", "ics")
# Links this many clicks from a URL pattern are still followed; enough for facets and pages.
MAX_DEPTH = 2
MAX_REQUESTS = 3000


def build_walked_world() -> dict:
    """The privacy test's world, plus what makes the other pages show people: an event known
    to the day (so it is in the calendars), a second organisation with a relationship, and
    the private person at a network's event and as a member firm's manager."""
    world = build_world()
    ensure_site_pages()
    firm, network, private, public = world["firm"], world["network"], world["private"], world["public"]
    day_event = make_event(title="Netzwerktreffen Impro", slug="impro-treffen", start="24.09.2019")
    make_participation(event=day_event, organisation=network, role=Participation.Role.ORGANISER)
    cite(
        make_participation(
            event=day_event, person=private, role=Participation.Role.SPEAKER, talk_title="Geheimvortrag über Netzwerke"
        ),
        world["article"],
    )
    make_participation(event=day_event, person=public, role=Participation.Role.SPEAKER, talk_title="Öffentlich")
    partner = make_organisation(name="Gläserne Manufaktur", slug="glaeserne-manufaktur")
    make_membership(organisation=partner, network=network)
    make_relationship(from_organisation=firm, to_organisation=partner)
    make_position(person=private, organisation=partner, role="Beirätin")
    make_position(person=public, organisation=network, role="Sprecher")
    # A second private person, never linked to anything public.
    make_person(name="Waltraud Unbekannt", slug="waltraud-unbekannt", is_public=False)
    return world


def body_text(response) -> str:
    if not hasattr(response, "_text"):
        data = b"".join(response.streaming_content) if response.streaming else response.content
        response._text = data.decode("utf-8", "replace")
    text = response._text
    # iCalendar folds long lines: a name may be split across "\r\n ".
    return text.replace("\r\n ", "").replace("\n ", "")


def without_echo(text: str, url: str) -> str:
    """The page without the query it repeats (the search box, "Suche: …", its links): a
    search for the name shows the name typed, which is no leak."""
    for _name, value in parse_qsl(urlsplit(url).query):
        # The value as typed, and each secret inside it, which a page may repeat on its own
        # (a link keeping the query, an error message quoting a part of it).
        for typed in [value, *(secret for secret in SECRETS if secret in value)]:
            for echo in sorted({typed, escape(typed), quote_plus(typed), quote(typed)}, key=len, reverse=True):
                if echo:
                    text = text.replace(echo, "")
    return text


class Walk(dict):
    """URL -> response, and the slugs the URL patterns were filled with."""

    slugs: list[str]


def walk(client) -> Walk:
    """Every URL reached, with its response (a few hundred requests on this world)."""
    slugs = slugs_in_database()
    queue = deque((url, 0) for route in public_routes() for url in instances(route, slugs))
    seen = Walk()
    seen.slugs = slugs
    while queue and len(seen) < MAX_REQUESTS:
        url, depth = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302):
            target = local(response["Location"], url)
            if target:
                queue.append((target, depth))
            continue
        if response.status_code != 200 or depth >= MAX_DEPTH:
            continue
        page = parse(response, url)
        for href in page.links:
            target = local(href, url)
            if target:
                queue.append((target, depth + 1))
        for form in page.forms:
            action = local(form.action, url)
            for name in form.text_fields if action else []:
                for text in SEARCHES:
                    queue.append((with_query(action, {name: text}), depth + 1))
        if "html" in response.get("Content-Type", ""):
            path = urlsplit(url).path
            for fmt in EXPORT_FORMATS:
                queue.append((with_query(path, {"format": fmt}), depth + 1))
    return seen


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """The walk, once for the module (a few hundred requests): built and walked in a
    transaction that is rolled back, as a test's would be."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        build_walked_world()
        responses = walk(Client())
        # Read streamed bodies while their queries can still run.
        for response in responses.values():
            body_text(response)
        transaction.set_rollback(True)
    return responses


def test_a_private_person_is_on_no_public_page_search_export_feed_or_data_block(walked):
    answered = {url: response for url, response in walked.items() if response.status_code == 200}
    assert len(answered) > 50, "the walk found too little to mean anything"

    leaks = [
        url
        for url, response in answered.items()
        if any(secret in without_echo(body_text(response), url) for secret in SECRETS)
    ]

    assert leaks == []


def test_the_walk_reaches_searches_exports_feeds_and_json_ld(walked):
    answered = {url: response for url, response in walked.items() if response.status_code == 200}
    types = {response.get("Content-Type", "").split(";")[0] for response in answered.values()}

    assert any("q=Verborgen" in url for url in answered), "a search for the private name"
    assert {"text/html", "text/csv", "application/json", "text/calendar"} <= types
    assert any("application/ld+json" in body_text(response) for response in answered.values())


def test_the_public_person_next_to_the_private_one_is_found(walked):
    """The positive control: the same walk does see a public person, wherever they belong."""
    answered = [response for response in walked.values() if response.status_code == 200]
    pages_naming = [response for response in answered if PUBLIC_NAME in body_text(response)]
    data_blocks = [
        response for response in answered if '"performer"' in body_text(response) and PUBLIC_NAME in body_text(response)
    ]

    assert len(pages_naming) >= 4  # their page, the firm, the network, the events, the source
    assert any(PUBLIC_SLUG in body_text(response) for response in answered)
    assert data_blocks, "the events' JSON-LD names the public speaker"


def test_every_public_url_pattern_is_walked(walked):
    """A new page whose URL the walk cannot fill fails here, naming it: teach urlwalk.py its
    parameters (or give the world a record it can show) so the privacy walk covers it."""
    slugs = walked.slugs
    # The walk starts from the German addresses; a request to /en/ during it may have left
    # English active, which would prefix every reversed URL with /en/.
    with translation.override(settings.LANGUAGE_CODE):
        unwalked = [
            route.route
            for route in public_routes()
            if not any(
                walked.get(url) is not None and walked[url].status_code in (200, 301, 302, 304, 405)
                for url in instances(route, slugs)
            )
        ]

    assert unwalked == []
