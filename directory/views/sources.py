from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext, gettext_lazy
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
from netzwerk.lib.paging import page_number

# Rows per kind of record on the source page; the rest is one link away, on `?teil=<key>`.
GROUP_LIMIT = 50
# Rows per page of one kind's own list.
PER_PAGE = 50

# Each kind of record that can cite a source, keyed by its `teil`: its heading and the link to
# all of it. The link only shows past GROUP_LIMIT rows, so its count is always a plural.
GROUP_LABELS = {
    "organisations": (gettext_lazy("Organisationen"), gettext_lazy("Alle %(count)s Organisationen")),
    "people": (gettext_lazy("Personen"), gettext_lazy("Alle %(count)s Personen")),
    "memberships": (gettext_lazy("Mitgliedschaften"), gettext_lazy("Alle %(count)s Mitgliedschaften")),
    "member_counts": (
        gettext_lazy("Angegebene Mitgliederzahlen"),
        gettext_lazy("Alle %(count)s angegebenen Mitgliederzahlen"),
    ),
    "positions": (gettext_lazy("Funktionen"), gettext_lazy("Alle %(count)s Funktionen")),
    "relationships": (gettext_lazy("Beziehungen"), gettext_lazy("Alle %(count)s Beziehungen")),
    "events": (gettext_lazy("Veranstaltungen"), gettext_lazy("Alle %(count)s Veranstaltungen")),
    "series": (gettext_lazy("Veranstaltungsreihen"), gettext_lazy("Alle %(count)s Veranstaltungsreihen")),
    "participations": (
        gettext_lazy("Teilnahmen an Veranstaltungen"),
        gettext_lazy("Alle %(count)s Teilnahmen an Veranstaltungen"),
    ),
}


@dataclass
class CitingGroup:
    """One kind of record on the source page: the rows shown and, when there are more than
    shown, the link to all of them (`more`, with their count)."""

    key: str
    label: str
    records: list
    more: str = ""


def citing_records(source: Source) -> dict[str, QuerySet]:
    """Each kind of record that cites `source`, in the order the page lists it. Runs no query.

    Private people, their positions and personal participations stay out."""

    def citing(queryset):
        # Through the GenericRelation; the annotations reuse the filter's join, so each
        # record carries what its citation of this source gives: our paraphrase or the quote.
        return queryset.filter(citations__source=source).annotate(
            quote=F("citations__quote"), evidence=F("citations__evidence")
        )

    return {
        "organisations": citing(Organisation.objects.select_related("region")).order_by("name", "pk"),
        "people": citing(Person.objects.public()).order_by("name", "pk"),
        "memberships": citing(Membership.objects.select_related("organisation", "network")).order_by(
            "network__name", "organisation__name", "pk"
        ),
        "member_counts": citing(StatedMemberCount.objects.select_related("network")).order_by(
            "network__name", "-as_of_date", "pk"
        ),
        "positions": citing(
            Position.objects.filter(person__is_public=True).select_related("person", "organisation")
        ).order_by("organisation__name", "person__name", "pk"),
        "relationships": citing(Relationship.objects.select_related("from_organisation", "to_organisation")).order_by(
            "-start_date", "kind", "pk"
        ),
        "events": citing(Event.objects.select_related("venue")).order_by("-start_date", "pk"),
        "series": citing(EventSeries.objects.all()).order_by("name", "pk"),
        "participations": citing(visible_participations().select_related("event", "organisation"))
        .prefetch_related(public_person())
        .order_by("-event__start_date", "pk"),
    }


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
    kinds = citing_records(source)
    messages = []
    part = request.GET.get("teil")
    if part in kinds:
        return source_part(request, source, part, kinds[part], messages)
    if part is not None:
        messages.append(gettext("Diesen Teil der Quelle gibt es nicht; gezeigt wird die ganze Quelle."))

    # At most GROUP_LIMIT rows of each kind, so the page costs the same few queries however
    # many records cite the source: one per kind, and a count for a kind with more.
    groups = []
    for key, records in kinds.items():
        rows = list(records[: GROUP_LIMIT + 1])
        if not rows:
            continue
        more = ""
        if len(rows) > GROUP_LIMIT:
            rows = rows[:GROUP_LIMIT]
            more = GROUP_LABELS[key][1] % {"count": intcomma(records.count())}
        groups.append(CitingGroup(key, GROUP_LABELS[key][0], rows, more))
    return render(
        request,
        "directory/source_detail.html",
        {"source": source, "groups": groups, "messages": messages},
    )


def source_part(request, source, key, records, messages):
    """One kind of record citing the source, all of it, paged."""
    paginator = Paginator(records, PER_PAGE)
    # query: the count; a bad or too large `seite` becomes page 1 or the last, with a message
    page = paginator.page(page_number(request.GET.get("seite"), paginator, messages))
    # query: the page's rows (and for participations, their public people)
    rows = list(page.object_list)
    return render(
        request,
        "directory/source_detail.html",
        {
            "source": source,
            "groups": [CitingGroup(key, GROUP_LABELS[key][0], rows)],
            "part": GROUP_LABELS[key][0],
            "page": page,
            "messages": messages,
        },
    )
