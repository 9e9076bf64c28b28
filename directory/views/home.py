from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from directory.models import Membership, Organisation, Person, Source, StatedMemberCount
from events.models import Event
from netzwerk.lib import caching
from netzwerk.lib.cache import Fragment

from .networks import current_member_count

HOME_EVENTS = 6


@require_safe
def home(request):
    # The page body from the cache while the tables it shows are unchanged (netzwerk/lib/cache.py):
    # a warm request runs one query; the counts over every organisation only after a write.
    body = Fragment("home", request, caching.HOME)
    if body.hit:
        return render(request, "directory/home.html", {"body": body})
    kinds = Organisation.Kind
    # One query for the three organisation counts; memberships, people, events and sources one each.
    counts = Organisation.objects.aggregate(
        networks=Count("pk", filter=Q(kind=kinds.NETWORK)),
        firms=Count("pk", filter=Q(kind=kinds.FIRM)),
        others=Count("pk", filter=~Q(kind__in=[kinds.NETWORK, kinds.FIRM])),
    )
    counts["memberships"] = Membership.objects.count()
    counts["people"] = Person.objects.public().count()
    counts["events"] = Event.objects.count()
    counts["sources"] = Source.objects.count()

    today = timezone.localdate()
    # The member count as a subquery per network and only the columns the cards show: a GROUP BY
    # over the join with every membership and every column took a second at 100,000 firms.
    # Beside them the newest member count a source states (three more subqueries on a table of a
    # few rows per network, in the same statement): AMZ's sources count some 160 members but
    # name none.
    newest_stated = StatedMemberCount.objects.filter(network=OuterRef("pk")).order_by(
        F("as_of_date").desc(nulls_last=True), "-count"
    )
    networks = list(
        Organisation.objects.networks()
        .select_related("region")
        .only("kind", "name", "short_name", "slug", "region__name", "region__kind", "region__slug")
        .annotate(
            member_count=current_member_count(),
            stated_count=Subquery(newest_stated.values("count")[:1]),
            stated_as_of=Subquery(newest_stated.values("as_of_date")[:1]),
            stated_label=Subquery(newest_stated.values("label")[:1]),
        )
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
            "next_event": upcoming[0] if upcoming else None,
            "last_event": past[0] if past else None,
            # Stored by the template's {% cached_fragment %} once rendered.
            "body": body,
        },
    )
