from django.db.models import Count, F
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from directory.models import (
    Membership,
    Organisation,
    Person,
    Position,
    Relationship,
    Source,
    StatedMemberCount,
)
from directory.models.loading import public_person
from events.models import Event, EventSeries, visible_participations


@require_safe
def source_list(request):
    sources = list(
        Source.objects.annotate(citation_count=Count("citations")).order_by(
            F("published_date").desc(nulls_last=True), "title"
        )
    )
    return render(request, "directory/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)

    def citing(queryset):
        # Through the GenericRelation; the annotations reuse the filter's join, so each
        # record carries what its citation of this source gives: our paraphrase or the quote.
        return queryset.filter(citations__source=source).annotate(
            quote=F("citations__quote"), evidence=F("citations__evidence")
        )

    # One query per kind of record, so the page costs the same however many records cite
    # the source. Private people, their positions and personal participations stay out.
    groups = [
        (
            "organisations",
            gettext("Organisationen"),
            citing(Organisation.objects.select_related("region")).order_by("name"),
        ),
        ("people", gettext("Personen"), citing(Person.objects.public()).order_by("name")),
        (
            "memberships",
            gettext("Mitgliedschaften"),
            citing(Membership.objects.select_related("organisation", "network")).order_by(
                "network__name", "organisation__name"
            ),
        ),
        (
            "member_counts",
            gettext("Angegebene Mitgliederzahlen"),
            citing(StatedMemberCount.objects.select_related("network")).order_by("network__name", "-as_of_date"),
        ),
        (
            "positions",
            gettext("Funktionen"),
            citing(Position.objects.filter(person__is_public=True).select_related("person", "organisation")).order_by(
                "organisation__name", "person__name"
            ),
        ),
        (
            "relationships",
            gettext("Beziehungen"),
            citing(Relationship.objects.select_related("from_organisation", "to_organisation")).order_by(
                "-start_date", "kind"
            ),
        ),
        ("events", gettext("Veranstaltungen"), citing(Event.objects.select_related("venue")).order_by("-start_date")),
        ("series", gettext("Veranstaltungsreihen"), citing(EventSeries.objects.all()).order_by("name")),
        (
            "participations",
            gettext("Teilnahmen an Veranstaltungen"),
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
