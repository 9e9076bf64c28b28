"""The public event pages: the event list with its filters and exports, one event, one series,
and the calendar feeds."""

import json
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from directory.models import Organisation
from directory.models.loading import cited, number_sources, public_person
from events.exports import ORGANISING_ROLES, export_response
from events.feeds import cached_calendar_response, calendar_events, in_calendar
from events.filters import EventFilter
from events.models import Event, EventSeries, Participation, visible_participations
from netzwerk.lib import caching
from netzwerk.lib.cache import Fragment, versions
from netzwerk.lib.paging import page_number
from netzwerk.ratelimit import limited

FORMATS = ("json", "csv")
EVENTS_PER_PAGE = 25

# schema.org's eventStatus has no "took place": a past event that was held is one that was
# scheduled and not cancelled or moved.
SCHEMA_STATUS = {
    Event.Status.PLANNED: "https://schema.org/EventScheduled",
    Event.Status.TOOK_PLACE: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
    Event.Status.POSTPONED: "https://schema.org/EventPostponed",
}

# What json.dumps leaves as is but must not reach the inside of a <script> element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def bad_request(messages: list[str], fmt: str) -> HttpResponse:
    """Bad filter values for an export: the messages, in the format asked for, as a 400."""
    if fmt == "json":
        return JsonResponse({"errors": messages}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponse("\n".join(messages) + "\n", status=400, content_type="text/plain; charset=utf-8")


@require_safe
def event_list(request):
    fmt = request.GET.get("format", "")
    exporting = fmt in FORMATS
    # The count and the facet counts are cached under the filters while the tables the list
    # reads are unchanged (netzwerk/lib/cache.py; None: not cached), and so is the rendered
    # list: a warm request builds no FilterSet, runs no other query and renders only base.html
    # around the list.
    body = None if exporting else Fragment("events", request, caching.EVENT_LIST)
    version = body.versions if body else None
    if body and body.hit:
        return render(request, "events/event_list.html", {"body": body})

    filterset = EventFilter(request.GET, queryset=Event.objects.all())
    messages = filterset.messages
    if fmt and not exporting:
        messages.append(gettext("Das Format „%(format)s“ gibt es nicht; möglich sind json und csv.") % {"format": fmt})
    if exporting:
        if over_limit := limited(request, "export"):
            return over_limit
        if messages:
            return bad_request(messages, fmt)
        return export_response(request, filterset.qs.order_by("-start_date", "title"), fmt)

    # Invalid filters are left out (filterset.qs uses only the valid ones) and named above the list.
    today = timezone.localdate()
    # One list, paged: the upcoming events soonest first, then the past ones newest first, so
    # page 1 opens on what is coming and later pages walk back through the years.
    is_upcoming = Q(end_date__gte=today)
    events = filterset.qs.select_related("venue", "series").order_by(
        Case(When(is_upcoming, then=Value(0)), default=Value(1)),
        Case(When(is_upcoming, then="start_date")),
        F("start_date").desc(),
        "title",
        "pk",
    )
    paginator = Paginator(events, EVENTS_PER_PAGE)
    paginator.count = filterset.cached(version, "count", events.count)
    page = paginator.page(page_number(request.GET.get("seite"), paginator, messages))
    rows = list(page.object_list)
    upcoming = [event for event in rows if event.end_date >= today]
    past = rows[len(upcoming) :]
    past_by_year = [(year, list(group)) for year, group in groupby(past, key=lambda e: e.start_date.year)]
    facets = filterset.cached(version, "facets", filterset.facets)
    chosen = {name: filterset.selected(name) for name in filterset.filters}
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "upcoming": upcoming,
            "past_by_year": past_by_year,
            "count": paginator.count,
            "messages": messages,
            "facet_groups": facet_groups(request, filterset, facets, chosen),
            "chosen": {name: value for name, value in chosen.items() if value},
            # Stored by the template's {% cached_fragment %} once rendered.
            "body": body,
        },
    )


def facet_groups(request, filterset, facets, chosen) -> list[dict]:
    """Each filter with its choices, counts and links that keep the other filters."""
    groups = []
    for name in ("netzwerk", "art", "thema", "region", "jahr"):
        query = request.GET.copy()
        # A new filter starts again on the first page.
        for key in (name, "format", "seite"):
            query.pop(key, None)
        # The other filters' part of every link of this facet, encoded once.
        rest = query.urlencode()
        prefix = f"?{rest}&" if rest else "?"
        groups.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "chosen": chosen[name],
                "clear_url": f"?{rest}",
                "choices": [
                    {
                        **choice,
                        "selected": choice["slug"] == chosen[name],
                        "url": prefix + urlencode({name: choice["slug"]}),
                    }
                    for choice in facets[name]
                ],
            }
        )
    return groups


def event_json_ld(event: Event, url: str, organisers, speakers) -> str:
    """The event as schema.org JSON-LD, escaped for a <script> element.

    Dates at their known precision (ISO 8601 allows "2017-03" and "2017").
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": event.start.iso,
        "eventStatus": SCHEMA_STATUS.get(event.status, SCHEMA_STATUS[Event.Status.PLANNED]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.end and event.end.iso != event.start.iso:
        data["endDate"] = event.end.iso
    if event.description:
        data["description"] = event.description
    if event.place:
        location = {"@type": "Place", "name": event.venue_name or (event.venue.name if event.venue else event.city)}
        if event.city:
            location["address"] = {"@type": "PostalAddress", "addressLocality": event.city, "addressCountry": "DE"}
        data["location"] = location
    organizers = [{"@type": "Organization", "name": p.organisation.name} for p in organisers if p.organisation]
    if organizers:
        data["organizer"] = organizers
    # Only public people are loaded at all (see public_person), so every name here may be shown.
    performers = [{"@type": "Person", "name": p.person.full_name} for p in speakers if p.person]
    if performers:
        data["performer"] = performers
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.select_related("series", "venue", "region__parent").prefetch_related(
            "topics",
            cited(),
            Prefetch(
                "participations",
                queryset=visible_participations()
                .select_related("organisation")
                .prefetch_related(public_person(), cited())
                .order_by("pk"),
            ),
        ),
        slug=slug,
    )
    participations = list(event.participations.all())
    organisers = [p for p in participations if p.role in ORGANISING_ROLES]
    speakers = [p for p in participations if p.role == Participation.Role.SPEAKER]
    # The rest grouped by role in the order the roles are declared; within a role as entered.
    role_order = {role: index for index, role in enumerate(Participation.Role.values)}
    others = sorted(
        (p for p in participations if p.role not in ORGANISING_ROLES and p.role != Participation.Role.SPEAKER),
        key=lambda p: role_order[p.role],
    )
    sources, source_numbers = number_sources(event, *participations)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "topics": list(event.topics.all()),
            "organisers": organisers,
            "speakers": speakers,
            "others": others,
            "sources": sources,
            "source_numbers": source_numbers,
            "in_calendar": in_calendar(event),
            "json_ld": event_json_ld(event, request.build_absolute_uri(event.get_absolute_url()), organisers, speakers),
        },
    )


@require_safe
def series_detail(request, slug):
    series = get_object_or_404(
        EventSeries.objects.prefetch_related(
            cited(),
            Prefetch("events", queryset=Event.objects.select_related("venue").order_by("-start_date")),
        ),
        slug=slug,
    )
    sources, source_numbers = number_sources(series)
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "events": list(series.events.all()),
            "sources": sources,
            "source_numbers": source_numbers,
        },
    )


@require_safe
def calendar(request):
    """Every event known to the day; the event list's filters narrow it (?netzwerk=impro)."""
    filterset = EventFilter(request.GET, queryset=Event.objects.all())
    if filterset.messages:
        return bad_request(filterset.messages, "text")
    return cached_calendar_response(
        request,
        calendar_events(filterset.qs),
        name="Netzwerkatlas: Veranstaltungen",
        filename="veranstaltungen.ics",
        key="all:" + "\x1f".join(filterset.cache_key("calendar")),
        version=versions(caching.EVENT_LIST),
    )


@require_safe
def network_calendar(request, slug):
    """The events a network took part in, as a calendar feed (linked from the network's page)."""
    network = get_object_or_404(Organisation.objects.networks(), slug=slug)
    return cached_calendar_response(
        request,
        calendar_events(Event.objects.involving(network)),
        name=f"Netzwerkatlas: {network.short_name or network.name}",
        filename=f"{network.slug}.ics",
        key=f"network:{network.pk}",
        version=versions(caching.EVENT_LIST),
    )


@require_safe
def event_calendar(request, slug):
    event = get_object_or_404(Event.objects.select_related("venue"), slug=slug)
    if not in_calendar(event):
        # There is no day to put in a calendar; the page says so rather than inventing one.
        return render(request, "events/calendar_unavailable.html", {"event": event}, status=404)
    return cached_calendar_response(
        request,
        [event],
        name=event.title,
        filename=f"{event.slug}.ics",
        key=f"event:{event.pk}",
        version=versions(caching.EVENT_LIST),
    )
