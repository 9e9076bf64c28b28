"""The event list as JSON or CSV, streamed so a long list never sits in memory whole.

Only organisations are named (organisers, networks): people are left out of exports, so no
private person can reach one.
"""

import csv
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import override

from directory.models import Organisation
from events.models import Participation

CHUNK = 500

ORGANISING_ROLES = Participation.ORGANISING_ROLES
CSV_COLUMNS = [
    "title",
    "slug",
    "url",
    "kind",
    "status",
    "start",
    "end",
    "date_precision",
    "place",
    "organisers",
    "networks",
]


def with_organisations(queryset):
    """Events with their venue and the organisations taking part: two queries per chunk."""
    return queryset.select_related("venue").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.filter(organisation__isnull=False)
            .select_related("organisation")
            .order_by("pk"),
            to_attr="organisation_participations",
        )
    )


def event_row(event, base: str) -> dict:
    organisers, networks = [], []
    for participation in event.organisation_participations:
        name = participation.organisation.name
        if participation.role in ORGANISING_ROLES and name not in organisers:
            organisers.append(name)
        if participation.organisation.kind == Organisation.Kind.NETWORK and name not in networks:
            networks.append(name)
    return {
        "title": event.title,
        "slug": event.slug,
        "url": base + event.get_absolute_url(),
        "kind": event.kind,
        "status": event.status,
        "start": event.start.iso if event.start else None,
        "end": event.end.iso if event.end else None,
        "date_precision": event.start_precision,
        "place": event.place,
        "organisers": organisers,
        "networks": networks,
    }


def rows(request, queryset):
    base = request.build_absolute_uri("/").rstrip("/")
    for event in with_organisations(queryset).iterator(chunk_size=CHUNK):
        # The German (unprefixed) URL in every language: an export is data, the same from /en/.
        with override(settings.LANGUAGE_CODE):
            row = event_row(event, base)
        yield row


def json_stream(request, queryset, count: int):
    yield '{"count": %d, "results": [' % count
    for number, row in enumerate(rows(request, queryset)):
        yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


class Echo:
    """csv.writer writes into this and gets the line back, so each row can be yielded."""

    def write(self, value):
        return value


def csv_stream(request, queryset):
    writer = csv.writer(Echo())
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in rows(request, queryset):
        row["organisers"] = "; ".join(row["organisers"])
        row["networks"] = "; ".join(row["networks"])
        yield writer.writerow([row[column] if row[column] is not None else "" for column in CSV_COLUMNS])


def export_response(request, queryset, fmt: str) -> HttpResponse:
    """The events as a streamed CSV or JSON download; 400 beyond settings.EXPORT_MAX_ROWS."""
    count = queryset.count()
    if count > settings.EXPORT_MAX_ROWS:
        message = _(
            "Der Export umfasst %(count)d Veranstaltungen, höchstens %(limit)d sind möglich. "
            "Bitte die Auswahl mit Filtern eingrenzen."
        ) % {"count": count, "limit": settings.EXPORT_MAX_ROWS}
        if fmt == "json":
            return JsonResponse({"errors": [message]}, status=400, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_stream(request, queryset)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="veranstaltungen.csv"'
        return response
    return StreamingHttpResponse(
        (part.encode("utf-8") for part in json_stream(request, queryset, count)),
        content_type="application/json",
    )
