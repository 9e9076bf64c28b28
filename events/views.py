"""The public event pages: the calendar, one event, one series."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.views.common import (
    cited,
    number_sources,
    public_person,
    visible_participations,
)
from events.models import Event, EventSeries, Participation

# The roles that say who put the event on, shown apart from the audience.
ORGANISING_ROLES = (
    Participation.Role.ORGANISER,
    Participation.Role.HOST,
    Participation.Role.COMMISSIONER,
)


@require_GET
def event_list(request):
    today = timezone.localdate()
    events = Event.objects.select_related("venue", "series")
    upcoming = list(events.upcoming(today).order_by("start_date", "title"))
    past = list(events.past(today).order_by("-start_date", "title"))
    past_by_year = [(year, list(group)) for year, group in groupby(past, key=lambda e: e.start_date.year)]
    return render(
        request, "events/event_list.html", {"upcoming": upcoming, "past_by_year": past_by_year}
    )


@require_GET
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
        },
    )


@require_GET
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
