from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When, prefetch_related_objects
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.jsonld import organisation_jsonld, script_json
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
from .competences import link_to_directory

SIMILAR_FIRMS = 6


def similar_firms(organisation: Organisation, competence_ids: list[int]) -> list[Organisation]:
    """Up to six firms sharing the most competences with the organisation, then in its region.

    One query; none when there is nothing to compare (no competences and no region).
    """
    if not competence_ids and not organisation.region_id:
        return []
    candidates = Q()
    if competence_ids:
        # Candidates by id first, so the count below joins only their competences.
        candidates |= Q(
            pk__in=Organisation.competences.through.objects.filter(
                competence_id__in=competence_ids
            ).values("organisation_id")
        )
    if organisation.region_id:
        candidates |= Q(region_id=organisation.region_id)
    shared = (
        Count("competences", filter=Q(competences__in=competence_ids), distinct=True)
        if competence_ids
        else Value(0)
    )
    same_region = (
        Case(When(region_id=organisation.region_id, then=1), default=0, output_field=IntegerField())
        if organisation.region_id
        else Value(0)
    )
    return list(
        Organisation.objects.firms()
        .filter(candidates)
        .exclude(pk=organisation.pk)
        .annotate(shared=shared, same_region=same_region)
        .select_related("region")
        .order_by("-shared", "-same_region", "name", "pk")[:SIMILAR_FIRMS]
    )


def evidence(citations, source_numbers: dict[int, int]) -> list[dict]:
    """A record's quoted evidence with its source's footnote number; reads prefetched citations."""
    return [
        {"quote": citation.quote, "source": citation.source, "number": source_numbers.get(citation.source_id)}
        for citation in citations
        if citation.quote
    ]


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
    for link in links:
        link["evidence"] = evidence(link["relationship"].citations.all(), source_numbers)

    competences = link_to_directory(list(organisation.competences.all()))
    similar = [] if network else similar_firms(organisation, [competence.pk for competence in competences])
    jsonld = organisation_jsonld(
        organisation,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
        # dict.fromkeys: a network once, even with two current memberships in it.
        networks=list(dict.fromkeys(
            (membership.network.name, request.build_absolute_uri(membership.network.get_absolute_url()))
            for membership in current_memberships
        )),
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "sectors": list(organisation.sectors.all()),
            "competences": competences,
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
            "similar_firms": similar,
            "jsonld": script_json(jsonld),
        },
    )


@require_GET
def organisation_detail(request, slug):
    return organisation_page(request, slug, network=False)
