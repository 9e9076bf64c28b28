"""The network pages: the list of networks, one network's members (as of any date), leadership,
events and partners, and its calendar feed."""

import re

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from directory.exports import export_response
from directory.filters import MemberFilter, cached, competence_counts, region_counts
from directory.jsonld import organisation_jsonld, script_json
from directory.models import Membership, Organisation, Position
from directory.models.loading import cited, number_sources
from events.models import Event, Participation
from netzwerk.lib import caching
from netzwerk.lib.cache import Fragment
from netzwerk.lib.facets import with_links
from netzwerk.ratelimit import limited

from .organisations import HEAD_FIELDS, add_evidence, merged_redirect, relationship_links
from .public_record import leadership_timeline, newest_source, stated_member_counts

MEMBERS_PER_PAGE = 25
# Past members shown on the network page itself; the rest are a click away (?ehemalige=1).
PAST_PREVIEW = 10
# Events shown on the network page, each way; the event list has them all (?netzwerk=…).
EVENT_PREVIEW = 10
EXPORT_FORMATS = ("csv", "json")
# What a network page reads of the network before it knows whether its body is cached.
_SENTENCE_END = re.compile(r"(?<=[^\s.]{3}[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


def first_sentence(text: str) -> str:
    """The description's first sentence, for a one-line focus ("Impro bündelt …").

    Splits after a full stop that follows a word of three or more letters, so "z. B." and
    "Dr." do not end the sentence.
    """
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def current_member_count():
    """Each network's current members, as a subquery so the list needs no GROUP BY over joins."""
    return Coalesce(
        Subquery(
            Membership.objects.current()
            .filter(network=OuterRef("pk"))
            .order_by()
            .values("network")
            .annotate(count=Count("organisation", distinct=True))
            .values("count"),
            output_field=IntegerField(),
        ),
        0,
    )


@require_safe
def network_list(request):
    # The page body from the cache while the tables it shows are unchanged (netzwerk/lib/cache.py):
    # a warm request runs one query; the member counts over every membership only after a write.
    body = Fragment("networks", request, caching.NETWORKS)
    if body.hit:
        return render(request, "directory/network_list.html", {"body": body})
    today = timezone.localdate()
    networks = list(
        Organisation.objects.networks()
        .select_related("region")
        .annotate(member_count=current_member_count())
        .prefetch_related(
            "sectors",
            Prefetch(
                "positions",
                queryset=Position.objects.current()
                .filter(person__is_public=True)
                .select_related("person")
                .order_by("-start_date", "person__name"),
                to_attr="leadership",
            ),
            # Upcoming events only, soonest first; the first one is the network's next event.
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(event__end_date__gte=today)
                .select_related("event")
                .order_by("event__start_date", "event__title"),
                to_attr="upcoming_participations",
            ),
        )
        .order_by("name")
    )
    rows = [
        {
            "network": network,
            "focus": first_sentence(network.description)
            or ", ".join(sector.display_name for sector in network.sectors.all()),
            "leadership": network.leadership,
            "next_event": network.upcoming_participations[0].event if network.upcoming_participations else None,
        }
        for network in networks
    ]
    return render(request, "directory/network_list.html", {"rows": rows, "body": body})


def in_order(memberships, ids: list[int]) -> list:
    """The memberships with these ids, in their order (one query; none for no ids)."""
    if not ids:
        return []
    by_id = memberships.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def past_preview(memberships, day) -> tuple[list[int], int]:
    """The first past members' membership ids and how many past members there are."""
    ids = list(
        memberships.ended(day)
        .order_by("organisation__name", "-end_date", "pk")
        .values_list("pk", flat=True)[: PAST_PREVIEW + 1]
    )
    # Only count when there are more than the preview shows.
    count = len(ids) if len(ids) <= PAST_PREVIEW else memberships.ended(day).count()
    return ids[:PAST_PREVIEW], count


@require_safe
def network_detail(request, slug):
    # Only what the page head (base.html's title and description) and the checks need: on a
    # warm request that is all the page reads.
    try:
        network = get_object_or_404(Organisation.objects.only(*HEAD_FIELDS), slug=slug)
    except Http404:
        # Merged into another organisation (directory/merge.py): its address redirects.
        return merged_redirect(slug)
    if not network.is_network:
        # Firms live under /organisationen/, networks under /netzwerke/: one address each.
        return HttpResponsePermanentRedirect(network.get_absolute_url())
    fmt = request.GET.get("format", "")
    # The counts and the rendered page body are cached while the tables they read are
    # unchanged (netzwerk/lib/cache.py). The page body (everything but the header and footer
    # of base.html) as rendered for this query string, from the cache: a warm request runs no
    # other query and renders no member.
    exporting = fmt in EXPORT_FORMATS
    body = None if exporting else Fragment("network", request, caching.PROFILE)
    # The versions read for the body serve the counts below too (None: not cached).
    version = body.versions if body else None
    if body and body.hit:
        return render(request, "directory/network_detail.html", {"network": network, "body": body})
    if not exporting:
        # The whole network with its region and the region's parents, for the body.
        network = Organisation.objects.select_related("region__parent__parent").get(pk=network.pk)
        prefetch_related_objects([network], "sectors", cited())

    # `?ehemalige=1` turns the member section to the past members, paged and filtered like the
    # current ones; without it the page shows the first few past members and links there.
    show_past = request.GET.get("ehemalige") == "1"
    # The member list's FilterSet: its `stand` is the day the list shows, and its messages
    # name any bad value (the filter is then left out, never a 500).
    filterset = MemberFilter(request.GET, network=network, past=show_past)
    stand = filterset.value("stand")
    today = timezone.localdate()
    day = stand or today
    memberships = Membership.objects.filter(network=network)
    # Members on the day, or (ehemalige) those whose membership had ended by the day; those who
    # had not joined yet are neither.
    listed = filterset.memberships()
    messages = filterset.error_messages()
    filtered = bool({"kompetenz", "region"} & set(filterset.active()))
    chosen = filterset.qs

    if exporting:
        if over_limit := limited(request, "export"):
            return over_limit
        # The members on the day, filtered as on the page, in the directory's export format.
        return export_response(request, chosen.select_related("region").order_by("name"), fmt)

    # Unfiltered, the memberships alone say who is listed; the FilterSet's subquery is only
    # worth its cost when a filter narrows the list.
    members = listed.filter(organisation__in=chosen.order_by().values("pk")) if filtered else listed
    if show_past:
        order = ("organisation__name", "-end_date", "pk")
    else:
        order = ("organisation__name", "start_date", "pk")
    # The counts below are cached under the network, the day, the filters and the data version
    # (see directory/filters/counting.py); the FilterSet's queryset names the network, the day and
    # current or past members, so its key parts tell them apart.
    rows = (
        Membership.objects.select_related("organisation__region")
        # The sort joins every member's row; the search columns are the widest and unused here.
        .defer("organisation__search_vector", "organisation__search_text", "organisation__description")
    )
    paginator = Paginator(members.order_by(*order).values_list("pk", flat=True), MEMBERS_PER_PAGE)
    paginator.count = cached(version, filterset, f"network-members:{show_past}", members.count)
    member_page = paginator.get_page(request.GET.get("seite"))
    # The page's membership ids in order (sorting thousands of members by name is the costly
    # part, so that is what is cached), then their rows by id.
    page_ids = cached(
        version, filterset, f"network-page:{show_past}:{member_page.number}", lambda: list(member_page.object_list)
    )
    page_members = in_order(rows, page_ids)
    current_members = [] if show_past else page_members
    if show_past:
        past_members, past_count = page_members, member_page.paginator.count
    elif filtered:
        # The preview is not filtered; the link to the filtered past members says so instead.
        past_members, past_count = [], None
    else:
        past_ids, past_count = cached(
            version, filterset, "network-past-preview", lambda: past_preview(memberships, day)
        )
        past_members = in_order(rows, past_ids)
    prefetch_related_objects(page_members + past_members, cited())

    positions = list(
        Position.objects.filter(organisation=network, person__is_public=True)
        .select_related("person")
        .prefetch_related(cited())
        .order_by("-start_date", "-attested_date", "person__name")
    )
    current_positions = [position for position in positions if position.is_current(day)]
    past_positions = [position for position in positions if not position.is_current(day)]

    events = Event.objects.involving(network).select_related("venue")
    upcoming_events = list(events.upcoming(today).order_by("start_date", "title")[: EVENT_PREVIEW + 1])
    past_events = list(events.past(today).order_by("-start_date", "title")[: EVENT_PREVIEW + 1])
    # One more than shown tells whether the page has to point to the full list.
    more_events = len(upcoming_events) > EVENT_PREVIEW or len(past_events) > EVENT_PREVIEW

    links = relationship_links(network)
    relationships = [link["relationship"] for link in links]

    # Counted over the members on the day, each under the other filters.
    selected_competences = list(filterset.value("kompetenz") or [])
    competences = cached(
        version,
        filterset,
        "network-kompetenz",
        lambda: competence_counts(filterset.filtered_except(None), selected_competences),
    )
    regions = cached(version, filterset, "network-region", lambda: region_counts(filterset.filtered_except("region")))
    facets = [
        {
            "label": gettext("Kompetenz"),
            "choices": with_links(request, "kompetenz", competences, repeatable=True, anchor="#mitglieder"),
        },
        {"label": gettext("Region"), "choices": with_links(request, "region", regions, anchor="#mitglieder")},
    ]

    # The public record: the member counts sources state (beside the members the atlas knows,
    # today, unfiltered), and the date of the newest source about the network.
    member_counts = stated_member_counts(network)
    if member_counts and not (show_past or filtered or stand):
        known_members = member_page.paginator.count
    elif member_counts:
        known_members = cached(
            version,
            filterset,
            "network-known-members",
            lambda: Membership.objects.filter(network=network).current().values("organisation").distinct().count(),
        )
    else:
        known_members = None

    sources, source_numbers = number_sources(
        network, *page_members, *past_members, *positions, *relationships, *member_counts
    )
    add_evidence(links, source_numbers)
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "organisation": network,
            "sectors": list(network.sectors.all()),
            "messages": messages,
            "stand": stand,
            "day": day,
            "member_page": member_page,
            "facets": facets,
            "filtered": filtered,
            "show_past": show_past,
            "current_members": current_members,
            "page_members": page_members,
            "past_members": past_members,
            "past_count": past_count,
            "more_past": past_count is not None and past_count > len(past_members),
            "current_positions": current_positions,
            "past_positions": past_positions,
            "leadership": leadership_timeline(positions),
            "member_counts": member_counts,
            "known_members": known_members,
            "newest_source": newest_source(network),
            "upcoming_events": upcoming_events[:EVENT_PREVIEW],
            "past_events": past_events[:EVENT_PREVIEW],
            "more_events": more_events,
            "links": links,
            "sources": sources,
            "source_numbers": source_numbers,
            # schema.org, as on every organisation's profile; no query (the network is loaded).
            "jsonld": script_json(
                organisation_jsonld(network, url=request.build_absolute_uri(network.get_absolute_url()), networks=[])
            ),
            # Stored by the template's {% cached_fragment %} once rendered.
            "body": body,
        },
    )


@require_safe
def network_calendar(request, slug):
    """Where the network's calendar was before it moved to the events' own pages: calendar apps
    that subscribed here follow the permanent redirect."""
    get_object_or_404(Organisation.objects.networks().only("pk"), slug=slug)
    return HttpResponsePermanentRedirect(reverse("events:network-calendar", kwargs={"slug": slug}))
