from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import Membership, Organisation, Position, Relationship
from events.models import Event

from .common import (
    cited,
    events_taken_part,
    number_sources,
    public_person,
    split_current,
    visible_participations,
)

ORGANISATIONS_PER_PAGE = 50


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


def organisation_page(request, slug: str, *, network: bool):
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
    return organisation_page(request, slug, network=False)
