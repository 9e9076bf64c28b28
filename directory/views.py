"""The public pages of the directory: home, organisations and networks, people, sources.

Every page builds its querysets here and evaluates them with list() or a prefetch, so
templates only read what is already loaded. People who are not public are filtered out in
the queries themselves, never in templates.
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.models import (
    Citation, Membership, Organisation, Person, Position, Relationship, Source,
)
from events.models import Event, EventSeries, Participation

ORGANISATIONS_PER_PAGE = 50
HOME_EVENTS = 6


def cited():
    """Each record's citations with their sources: one query per level, not two as with
    "citations__source", since the source comes along by a join."""
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def public_person():
    """Loads a participation's person only if public; a private one reads as None.

    Prefetching the foreign key with a filtered queryset puts None into the relation's
    cache, so even `participation.person` in a template cannot reach a private person.
    """
    return Prefetch("person", queryset=Person.objects.public())


def visible_participations():
    """Participations a public page may show: a private person's only through their organisation."""
    return Participation.objects.filter(
        Q(person__isnull=True) | Q(person__is_public=True) | Q(organisation__isnull=False)
    )


def number_sources(*records):
    """The sources the records cite, newest first, and each one's number for footnotes.

    Reads only prefetched citations (see cited()).
    """
    sources = {}
    for record in records:
        for citation in record.citations.all():
            sources.setdefault(citation.source_id, citation.source)
    # Newest first, undated last, as on the source list.
    ordered = sorted(sources.values(), key=lambda source: source.title)
    ordered.sort(key=lambda source: source.published_date or datetime.date.min, reverse=True)
    return ordered, {source.pk: number for number, source in enumerate(ordered, start=1)}


def split_current(records):
    """(current, past) by the records' dates, for lists already in memory."""
    today = timezone.localdate()
    current, past = [], []
    for record in records:
        (current if record.is_current(today) else past).append(record)
    return current, past


def events_taken_part(participations, venue_of):
    """One row per event, newest first: the organisation's participations in it, and whether it
    was the venue. An organisation that hosts an event often appears in it several times (as
    host, and through the people it sent), which would otherwise repeat the event."""
    rows = {}
    for participation in participations:
        row = rows.setdefault(
            participation.event_id, {"event": participation.event, "participations": [], "is_venue": False}
        )
        row["participations"].append(participation)
    for event in venue_of:
        row = rows.setdefault(event.pk, {"event": event, "participations": [], "is_venue": False})
        row["is_venue"] = True
        row["venue_event"] = event
    return sorted(rows.values(), key=lambda row: row["event"].start_date, reverse=True)


@require_GET
def home(request):
    kinds = Organisation.Kind
    # One query for the three organisation counts; people, events and sources one each.
    counts = Organisation.objects.aggregate(
        networks=Count("pk", filter=Q(kind=kinds.NETWORK)),
        firms=Count("pk", filter=Q(kind=kinds.FIRM)),
        others=Count("pk", filter=~Q(kind__in=[kinds.NETWORK, kinds.FIRM])),
    )
    counts["people"] = Person.objects.public().count()
    counts["events"] = Event.objects.count()
    counts["sources"] = Source.objects.count()

    today = timezone.localdate()
    current_member = (
        Q(member_links__start_date__isnull=True) | Q(member_links__start_date__lte=today)
    ) & (Q(member_links__end_date__isnull=True) | Q(member_links__end_date__gte=today))
    networks = list(
        Organisation.objects.networks()
        .select_related("region")
        .annotate(member_count=Count("member_links", filter=current_member))
        .order_by("name")
    )

    # Upcoming events first, soonest first; the rest of the six are the latest past ones.
    # Both queries run every time so the page's cost does not depend on the calendar.
    events = Event.objects.select_related("venue")
    upcoming = list(events.upcoming(today).order_by("start_date", "title")[:HOME_EVENTS])
    past = list(events.past(today).order_by("-start_date", "title")[:HOME_EVENTS])
    latest_events = (upcoming + past)[:HOME_EVENTS]

    return render(
        request,
        "directory/home.html",
        {
            "counts": counts,
            "networks": networks,
            "latest_events": latest_events,
            "upcoming_count": len(upcoming),
        },
    )


@require_GET
def organisation_list(request):
    # A plain name search so the header's search box works; the directory's FilterSet replaces it.
    query = request.GET.get("q", "").strip()
    organisations = Organisation.objects.select_related("region").order_by("name")
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "directory/organisation_list.html",
        {"page": page, "organisations": list(page.object_list), "query": query},
    )


def _organisation_page(request, slug: str, *, network: bool):
    organisation = get_object_or_404(
        Organisation.objects.select_related("region__parent__parent"), slug=slug
    )
    if organisation.is_network != network:
        # Firms live under /organisationen/, networks under /netzwerke/: one address each.
        return HttpResponsePermanentRedirect(organisation.get_absolute_url())

    lookups = [
        "sectors",
        "competences",
        cited(),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("network")
            .prefetch_related(cited())
            .order_by("network__name", "start_date"),
        ),
        Prefetch(
            "positions",
            queryset=Position.objects.filter(person__is_public=True)
            .select_related("person")
            .prefetch_related(cited())
            .order_by("-start_date", "person__name"),
        ),
        Prefetch(
            "participations",
            queryset=visible_participations()
            .select_related("event")
            .prefetch_related(public_person(), cited())
            .order_by("-event__start_date", "role"),
        ),
        Prefetch(
            "venue_of",
            queryset=Event.objects.prefetch_related(cited()).order_by("-start_date"),
        ),
    ]
    if network:
        lookups.append(
            Prefetch(
                "member_links",
                queryset=Membership.objects.select_related("organisation__region")
                .prefetch_related(cited())
                .order_by("organisation__name", "start_date"),
            )
        )
    prefetch_related_objects([organisation], *lookups)

    # Both directions in one query; each reads from this organisation's end.
    relationships = list(
        Relationship.objects.filter(Q(from_organisation=organisation) | Q(to_organisation=organisation))
        .select_related("from_organisation", "to_organisation")
        .prefetch_related(cited())
        .order_by("-start_date", "kind")
    )
    links = [
        {
            "relationship": relationship,
            "phrase": relationship.phrase_from(organisation.pk),
            "other": relationship.other_end(organisation.pk),
        }
        for relationship in relationships
    ]

    memberships = list(organisation.memberships.all())
    positions = list(organisation.positions.all())
    participations = list(organisation.participations.all())
    venue_of = list(organisation.venue_of.all())
    event_rows = events_taken_part(participations, venue_of)
    members = list(organisation.member_links.all()) if network else []
    current_memberships, past_memberships = split_current(memberships)
    current_positions, past_positions = split_current(positions)
    current_members, past_members = split_current(members)

    sources, source_numbers = number_sources(
        organisation, *memberships, *members, *positions, *relationships, *participations, *venue_of
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "sectors": list(organisation.sectors.all()),
            "competences": list(organisation.competences.all()),
            "current_memberships": current_memberships,
            "past_memberships": past_memberships,
            "current_positions": current_positions,
            "past_positions": past_positions,
            "event_rows": event_rows,
            "links": links,
            "current_members": current_members,
            "past_members": past_members,
            "sources": sources,
            "source_numbers": source_numbers,
        },
    )


@require_GET
def organisation_detail(request, slug):
    return _organisation_page(request, slug, network=False)


@require_GET
def network_detail(request, slug):
    return _organisation_page(request, slug, network=True)


@require_GET
def person_detail(request, slug):
    # Only public people have a page; anyone else is a 404, exactly as if they did not exist.
    person = get_object_or_404(
        Person.objects.public().prefetch_related(
            cited(),
            Prefetch(
                "positions",
                queryset=Position.objects.select_related("organisation")
                .prefetch_related(cited())
                .order_by("-start_date", "-attested_date", "organisation__name"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("event", "organisation")
                .prefetch_related(cited())
                .order_by("-event__start_date", "role"),
            ),
        ),
        slug=slug,
    )
    positions = list(person.positions.all())
    participations = list(person.participations.all())
    current_positions, past_positions = split_current(positions)
    talks = [p for p in participations if p.role == Participation.Role.SPEAKER]
    other_participations = [p for p in participations if p.role != Participation.Role.SPEAKER]
    sources, source_numbers = number_sources(person, *positions, *participations)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "current_positions": current_positions,
            "past_positions": past_positions,
            "talks": talks,
            "other_participations": other_participations,
            "sources": sources,
            "source_numbers": source_numbers,
        },
    )


@require_GET
def source_list(request):
    sources = list(
        Source.objects.annotate(citation_count=Count("citations")).order_by(
            F("published_date").desc(nulls_last=True), "title"
        )
    )
    return render(request, "directory/source_list.html", {"sources": sources})


@require_GET
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)

    def citing(queryset):
        # Through the GenericRelation; the annotation reuses the filter's join, so each
        # record carries the quote its citation of this source gives.
        return queryset.filter(citations__source=source).annotate(quote=F("citations__quote"))

    # One query per kind of record, so the page costs the same however many records cite
    # the source. Private people, their positions and personal participations stay out.
    groups = [
        (
            "organisations",
            "Organisationen",
            citing(Organisation.objects.select_related("region")).order_by("name"),
        ),
        ("people", "Personen", citing(Person.objects.public()).order_by("name")),
        (
            "memberships",
            "Mitgliedschaften",
            citing(Membership.objects.select_related("organisation", "network")).order_by(
                "network__name", "organisation__name"
            ),
        ),
        (
            "positions",
            "Funktionen",
            citing(Position.objects.filter(person__is_public=True).select_related("person", "organisation"))
            .order_by("organisation__name", "person__name"),
        ),
        (
            "relationships",
            "Beziehungen",
            citing(Relationship.objects.select_related("from_organisation", "to_organisation")).order_by(
                "-start_date", "kind"
            ),
        ),
        ("events", "Veranstaltungen", citing(Event.objects.select_related("venue")).order_by("-start_date")),
        ("series", "Veranstaltungsreihen", citing(EventSeries.objects.all()).order_by("name")),
        (
            "participations",
            "Teilnahmen an Veranstaltungen",
            citing(visible_participations().select_related("event", "organisation"))
            .prefetch_related(public_person())
            .order_by("-event__start_date", "pk"),
        ),
    ]
    # list() runs each query here, so the template only reads.
    groups = [(key, label, list(records)) for key, label, records in groups]
    return render(
        request,
        "directory/source_detail.html",
        {"source": source, "groups": [group for group in groups if group[2]]},
    )
