"""iCalendar feeds (RFC 5545) of events, written with the `icalendar` library.

Only events known to the day go into a feed: a calendar entry needs a day, and putting an
event known only as "März 2017" on the 1st of March would state a date no source gives.
Events have no times, so every entry is an all-day event (DTSTART;VALUE=DATE, and DTEND the
day after the last day, as RFC 5545 makes the end exclusive).

STATUS: only an event that took place is CONFIRMED, because only then does a source say it
happened on that day. Planned is TENTATIVE: it was announced, nobody has confirmed it (and the
site shows a planned event that is past as "Durchführung nicht belegt"). Cancelled is CANCELLED,
and postponed is TENTATIVE: the day in the feed no longer holds and the new one is not known yet.
"""

import datetime
import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import override
from icalendar import Calendar

from events.models import Event
from netzwerk.lib import cache, caching
from netzwerk.lib.fuzzydates import Precision

FEED_CACHE_PREFIX = "calendar-feed"
# How many feed bodies each process keeps in memory besides the shared cache.
RECENT_FEEDS = 4
_recent_feeds: OrderedDict[str, tuple[bytes, int]] = OrderedDict()
_recent_feeds_lock = threading.Lock()
PRODID = "-//Netzwerkatlas//Veranstaltungen//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"

STATUS = {
    Event.Status.PLANNED: "TENTATIVE",
    Event.Status.TOOK_PLACE: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
    Event.Status.POSTPONED: "TENTATIVE",
}


def in_calendar(event: Event) -> bool:
    """Whether the event is known to the day, and so can be a calendar entry."""
    return event.start_precision == Precision.DAY and (event.end_date is None or event.end_precision == Precision.DAY)


def calendar_events(queryset):
    """The events a feed holds, soonest first: known to the day, with their venue in one query."""
    return (
        queryset.filter(start_precision=Precision.DAY, end_precision=Precision.DAY)
        .select_related("venue")
        # Only what an entry shows; notes and the rest stay in the database.
        .only(
            "pk",
            "slug",
            "title",
            "description",
            "status",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "venue_name",
            "city",
            "updated",
            "venue__name",
        )
        .order_by("start_date", "pk")
    )


def uid(event: Event) -> str:
    # The primary key never changes, unlike the slug or the title, so calendar apps update
    # the same entry when an event is edited.
    return f"event-{event.pk}@netzwerkatlas"


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets go on in continuation lines starting with a
    space, never splitting a UTF-8 character."""
    if line.isascii():
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
    data = line.encode()
    if len(data) <= 75:
        return line
    # Cut at byte offsets, stepping back off UTF-8 continuation bytes (0b10xxxxxx) so that
    # every character stays whole; 75 octets in the first line, 74 after the leading space.
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    parts.append(data[start:].decode())
    return "\r\n ".join(parts)


# What RFC 5545 3.3.11 escapes in TEXT values, as icalendar's vText does.
TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(TEXT_ESCAPES)


def text(name: str, value: str) -> str:
    """A TEXT content line, escaped as icalendar's vText escapes (a test holds them equal)."""
    return fold(f"{name}:{escape(value)}")


def calendar_entry(event: Event, url: str) -> list[str]:
    """The VEVENT's content lines (see calendar_lines for why not icalendar's Event.to_ical)."""
    last_day = event.end_date or event.start_date
    description = event.description.strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(event)}",
        # Without a METHOD, RFC 5545 makes DTSTAMP the time the entry was last revised (UTC).
        f"DTSTAMP:{event.updated.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{event.start_date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{last_day + datetime.timedelta(days=1):%Y%m%d}",
        text("SUMMARY", event.title),
    ]
    place = event.place
    if place:
        lines.append(text("LOCATION", place))
    lines += [
        fold(f"URL:{url}"),
        text("DESCRIPTION", f"{description}\n\n{url}" if description else url),
        f"STATUS:{STATUS.get(event.status, 'TENTATIVE')}",
        "END:VEVENT",
    ]
    return lines


def calendar_lines(request, events, *, name: str) -> list[str]:
    """The whole VCALENDAR as content lines.

    The calendar's frame is icalendar's Calendar and text values are escaped as its vText does;
    the entries' lines are put together here, because icalendar's component serialiser needs
    about 2.5 s for 5,000 events (it folds every line character by character), against a
    target of one second.
    Tests read the result back with icalendar and with vobject.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    frame = calendar.to_ical().decode().rstrip("\r\n").split("\r\n")
    # Absolute URLs from one reverse() and one base, not one per event.
    placeholder = "__slug__"
    # The German (unprefixed) URL from /en/ too: a feed is data, cached once for both languages.
    with override(settings.LANGUAGE_CODE):
        path = reverse("events:event-detail", kwargs={"slug": placeholder})
    prefix, suffix = request.build_absolute_uri(path).split(placeholder)
    lines = frame[:-1]
    for event in events:
        lines += calendar_entry(event, f"{prefix}{event.slug}{suffix}")
    lines.append(frame[-1])
    return lines


def calendar_response(request, events, *, name: str, filename: str) -> HttpResponse:
    """An .ics response of the given events (see calendar_events for which ones).

    Iterates the queryset once.
    """
    return ics_response(calendar_body(request, events, name=name), filename)


def calendar_body(request, events, *, name: str) -> bytes:
    return ("\r\n".join(calendar_lines(request, events, name=name)) + "\r\n").encode("utf-8")


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def cached_calendar_response(request, events, *, name: str, filename: str, key: str, version):
    """calendar_response(), with the body cached under the feed's key while the tables a feed
    reads are unchanged (netzwerk/lib/cache.py; `version`: their versions, None: neither cached
    nor tagged) and conditional GET.

    `key` names the feed and what narrows it ("network:impro", "all:netzwerk=impro"). The
    body holds absolute links, so the site's address is part of the cache key too. The ETag
    names the tables' versions the body was built under: any write to them makes a new body,
    so an unchanged ETag means an unchanged feed and a calendar app that polls gets a 304
    without a body. Last-Modified is when this body was built: no earlier than the last write
    it shows, so If-Modified-Since never keeps a changed feed from a client.
    The events queryset is only read when the body is not in the cache.
    """
    if version is None:
        return calendar_response(request, events, name=name, filename=filename)
    parts = (key, name, request.build_absolute_uri("/"))
    signature = version.signature(caching.EVENT_LIST)
    digest = hashlib.sha256(repr((parts, signature)).encode()).hexdigest()[:32]
    # The full feed is 2 MB: this process keeps the last few it served, so a repeated request
    # does not fetch them from the shared cache again. Kept under the tables' versions, so a
    # kept body is never out of date.
    entry = _recent_feeds.get(digest)
    if entry is None:
        found = cache.lookup(FEED_CACHE_PREFIX, parts, tables=caching.EVENT_LIST, versions=version)
        # Whole seconds, as Last-Modified carries them and If-Modified-Since comes back.
        entry = (
            found.value
            if found.hit
            else found.build(lambda: (calendar_body(request, events, name=name), int(time.time()), f'"{digest[:24]}"'))
        )
        if found.stale:
            # The previous body while another request builds the new one: not kept here.
            return _conditional(request, entry, filename)
        with _recent_feeds_lock:
            _recent_feeds[digest] = entry
    with _recent_feeds_lock:
        if digest in _recent_feeds:
            _recent_feeds.move_to_end(digest)
        while len(_recent_feeds) > RECENT_FEEDS:
            _recent_feeds.popitem(last=False)
    return _conditional(request, entry, filename)


def _conditional(request, entry, filename: str):
    body, built, etag = entry
    response = ics_response(body, filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built)
    return get_conditional_response(request, etag=etag, last_modified=built, response=response)
