from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from directory.jsonld import organisation_jsonld, script_json
from directory.models import Membership, Organisation, OrganisationRedirect, Position, Relationship
from directory.models.loading import cited, number_sources, public_person
from directory.models.vocabulary import in_display_order
from events.models import Event, visible_participations
from netzwerk.lib import caching
from netzwerk.lib.cache import Fragment

from .common import events_taken_part, split_current
from .competences import link_to_directory
from .graph import ego_context

SIMILAR_FIRMS = 6


# The fields the page head and the checks read; the rest only when the body is rendered.
HEAD_FIELDS = ("pk", "kind", "slug", "name", "short_name", "city")


def similar_firms(organisation: Organisation, competence_ids: list[int]) -> list[Organisation]:
    """Up to six firms sharing the most competences with the organisation, then in its region.

    One query: the six ids ranked in one grouped pass over the competence links of the
    organisation's competences (ties broken by the same region, then name; filled up with
    firms of the same region sharing none), as a subquery of the fetch of those firms with
    their regions, each with `shared` and `same_region`. None, and no query, when there is
    nothing to compare (no competences and no region).
    """
    if not competence_ids and not organisation.region_id:
        return []
    through = Organisation.competences.through
    shared = Coalesce(
        Subquery(
            through.objects.filter(organisation=OuterRef("pk"), competence_id__in=competence_ids)
            .order_by()
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    same_region = (
        Case(When(region_id=organisation.region_id, then=1), default=0, output_field=IntegerField())
        if organisation.region_id
        else Value(0)
    )
    if connection.vendor == "postgresql":
        candidates = Organisation.objects.filter(pk__in=RawSQL(*similar_firm_ids_sql(organisation, competence_ids)))
    else:
        # SQLite (make run) has neither = ANY(array) nor LATERAL; on its small data the plain
        # ORM ranking below, cut to six, gives the same answer.
        candidates = Organisation.objects.filter(
            pk__in=Organisation.objects.firms()
            .exclude(pk=organisation.pk)
            .filter(Q(competences__in=competence_ids) | Q(region_id=organisation.region_id or -1))
            .annotate(shared=shared, same_region=same_region)
            .order_by("-shared", "-same_region", "name", "pk")
            .values("pk")[:SIMILAR_FIRMS]
        )
    return list(
        candidates.select_related("region")
        .annotate(shared=shared, same_region=same_region)
        .order_by("-shared", "-same_region", "name", "pk")
    )


def similar_firm_ids_sql(organisation: Organisation, competence_ids: list[int]) -> tuple[str, list]:
    """The ranking: SQL for the ids of the similar firms, and its parameters."""
    links = Organisation.competences.through._meta.db_table
    organisations = Organisation._meta.db_table
    others = [kind for kind in Organisation.Kind.values if kind != Organisation.Kind.FIRM]
    region = organisation.region_id if organisation.region_id is not None else -1
    sql = f"""
        WITH shared AS (
            SELECT link.organisation_id AS id, COUNT(*) AS shared
            FROM {links} AS link
            WHERE link.competence_id = ANY(%s) AND link.organisation_id <> %s
                AND link.organisation_id NOT IN (SELECT id FROM {organisations} WHERE kind = ANY(%s))
            GROUP BY link.organisation_id
        ),
        -- Only firms sharing as many as the sixth best can be among the six: the join to
        -- the firms' names and regions reads those, not every firm sharing just one.
        top AS (
            SELECT id, shared FROM shared
            WHERE shared >= COALESCE((SELECT shared FROM shared ORDER BY shared DESC LIMIT 1 OFFSET {SIMILAR_FIRMS - 1}), 0)
        )
        SELECT ranked.id FROM (
            -- Looked up by id one by one (OFFSET 0 keeps the lateral apart): the planner
            -- cannot know how few the top ones are, and would read every firm to join them.
            SELECT o.id, t.shared, o.region_id = %s AS same_region, o.name
            FROM top t CROSS JOIN LATERAL (
                SELECT id, region_id, name FROM {organisations} WHERE id = t.id OFFSET 0
            ) o
            UNION ALL
            SELECT o.id, 0, TRUE, o.name FROM {organisations} o
            WHERE o.region_id = %s AND o.kind = %s AND o.id <> %s AND o.id NOT IN (SELECT id FROM shared)
        ) AS ranked
        ORDER BY ranked.shared DESC, ranked.same_region DESC, ranked.name, ranked.id
        LIMIT {SIMILAR_FIRMS}
    """
    return sql, [list(competence_ids), organisation.pk, others, region, region, Organisation.Kind.FIRM, organisation.pk]


def merged_redirect(slug: str) -> HttpResponsePermanentRedirect:
    """The permanent redirect from the address of an organisation merged into another.

    Raises Http404 when the slug was never an organisation's. One query.
    """
    redirect = OrganisationRedirect.objects.select_related("organisation").filter(old_slug=slug).first()
    if redirect is None:
        raise Http404("Keine Organisation mit diesem Kürzel.")
    return HttpResponsePermanentRedirect(redirect.organisation.get_absolute_url())


def relationship_links(organisation: Organisation) -> list[dict]:
    """The organisation's relationships both ways, each read from its end (`phrase`, `other`),
    for includes/relationships.html. Two queries: the relationships with both ends, their
    citations with their sources."""
    relationships = (
        Relationship.objects.filter(Q(from_organisation=organisation) | Q(to_organisation=organisation))
        .select_related("from_organisation", "to_organisation")
        .prefetch_related(cited())
        .order_by("-start_date", "kind")
    )
    return [
        {
            "relationship": relationship,
            "phrase": relationship.phrase_from(organisation.pk),
            "other": relationship.other_end(organisation.pk),
        }
        for relationship in relationships
    ]


def add_evidence(links: list[dict], source_numbers: dict[int, int]) -> None:
    """Each link's quoted evidence with its footnote number, once the page numbered its sources."""
    for link in links:
        link["evidence"] = evidence(link["relationship"].citations.all(), source_numbers)


def evidence(citations, source_numbers: dict[int, int]) -> list[dict]:
    """A record's evidence (our paraphrase, or the article's quote) with its source's footnote
    number; reads prefetched citations."""
    return [
        {
            "quote": citation.text,
            "is_quote": citation.is_quote,
            "source": citation.source,
            "number": source_numbers.get(citation.source_id),
        }
        for citation in citations
        if citation.text
    ]


@require_safe
def organisation_detail(request, slug):
    # Only what the page head (base.html's title and description) and the checks need: on a
    # warm request that is all the page reads.
    try:
        organisation = get_object_or_404(Organisation.objects.only(*HEAD_FIELDS), slug=slug)
    except Http404:
        return merged_redirect(slug)
    if organisation.is_network:
        # Networks have their own page under /netzwerke/ (views/networks.py): one address each.
        return HttpResponsePermanentRedirect(organisation.get_absolute_url())
    # The page body as rendered for this query string, from the cache while the tables it shows
    # are unchanged (netzwerk/lib/cache.py): a warm request runs no other query and renders no
    # section.
    body = Fragment("organisation", request, caching.PROFILE)
    if body.hit:
        return render(request, "directory/organisation_detail.html", {"organisation": organisation, "body": body})
    # The whole organisation with its region and the region's parents, for the body.
    organisation = Organisation.objects.select_related("region__parent__parent").get(pk=organisation.pk)

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
    prefetch_related_objects([organisation], *lookups)

    links = relationship_links(organisation)
    relationships = [link["relationship"] for link in links]

    memberships = list(organisation.memberships.all())
    positions = list(organisation.positions.all())
    participations = list(organisation.participations.all())
    venue_of = list(organisation.venue_of.all())
    event_rows = events_taken_part(participations, venue_of)
    current_memberships, past_memberships = split_current(memberships)
    current_positions, past_positions = split_current(positions)

    sources, source_numbers = number_sources(
        organisation, *memberships, *positions, *relationships, *participations, *venue_of
    )
    add_evidence(links, source_numbers)

    competences = link_to_directory(in_display_order(list(organisation.competences.all())))
    similar = similar_firms(organisation, [competence.pk for competence in competences])
    jsonld = organisation_jsonld(
        organisation,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
        # dict.fromkeys: a network once, even with two current memberships in it.
        networks=list(
            dict.fromkeys(
                (membership.network.name, request.build_absolute_uri(membership.network.get_absolute_url()))
                for membership in current_memberships
            )
        ),
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
            "sources": sources,
            "source_numbers": source_numbers,
            "similar_firms": similar,
            "jsonld": script_json(jsonld),
            # The cooperation graph around it (includes/ego_network.html).
            **ego_context(request, organisation),
            # Stored by the template's {% cached_fragment %} once rendered.
            "body": body,
        },
    )
