"""CSV and JSON exports of organisation lists: exactly a list page's rows, all pages, streamed.

The list views pass their filtered, ordered queryset to `export_response`. The rows are read
through a server-side cursor in chunks; each chunk fetches its current networks and its
competences with one query each, so memory stays flat however long the list, and a 100,000-row
export runs 1 + 2 * ceil(rows / EXPORT_CHUNK_SIZE) + 1 queries (the + 1 is the up-front count).

Exports hold organisations only, never people.
"""

import csv
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext, override

from directory.models import Membership, Organisation

FORMATS = ("csv", "json")
COLUMNS = (
    "name",
    "slug",
    "url",
    "kind",
    "street",
    "postcode",
    "city",
    "region",
    "phone",
    "email",
    "website",
    "networks",
    "competences",
)
CSV_FILENAME = "netzwerkatlas-organisationen.csv"
# Excel reads a CSV file as the local code page unless it starts with the UTF-8 byte order mark.
BOM = "\ufeff"
LIST_SEPARATOR = "; "
EXPORT_CHUNK_SIZE = 2000
DEFAULT_EXPORT_MAX_ROWS = 200_000


def export_max_rows() -> int:
    return getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_EXPORT_MAX_ROWS)


def export_response(request: HttpRequest, queryset: QuerySet, fmt: str) -> HttpResponse:
    """The queryset's rows, in its order, as a streamed CSV or JSON download.

    Answers 400 with a readable message for an unknown format or more rows than
    EXPORT_MAX_ROWS. Runs one count query now; the rows are read while the response streams.
    """
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            gettext("Unbekanntes Exportformat. Möglich sind format=csv und format=json."),
            content_type="text/plain; charset=utf-8",
        )
    count = queryset.count()
    limit = export_max_rows()
    if count > limit:
        message = gettext(
            "Der Export umfasst %(count)s Einträge, höchstens %(limit)s sind möglich. "
            "Bitte die Auswahl mit Filtern eingrenzen."
        ) % {"count": count, "limit": limit}
        if fmt == "json":
            return HttpResponseBadRequest(
                json.dumps({"error": message}, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    rows = export_rows(queryset, url_for=profile_url_builder(request))
    if fmt == "json":
        response = StreamingHttpResponse(json_pieces(rows, count), content_type="application/json; charset=utf-8")
    else:
        response = StreamingHttpResponse(csv_pieces(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    # The rows depend on the query string, and an export should never come from a stale cache.
    response["Cache-Control"] = "no-store"
    return response


def profile_url_builder(request: HttpRequest):
    """A function from (kind, slug) to the profile's absolute URL.

    Reverses each route once rather than once per row, which matters at 100,000 rows. Slugs
    are already URL-safe ([-a-zA-Z0-9_]), so putting one in needs no quoting.
    """
    placeholder = "__slug__"
    # The German (unprefixed) URLs in every language: an export is data, the same from /en/.
    with override(settings.LANGUAGE_CODE):
        templates = {
            route: request.build_absolute_uri(reverse(route, kwargs={"slug": placeholder})).split(placeholder)
            for route in ("directory:organisation-detail", "directory:network-detail")
        }

    def url_for(kind: str, slug: str) -> str:
        route = "directory:network-detail" if kind == Organisation.Kind.NETWORK else "directory:organisation-detail"
        prefix, suffix = templates[route]
        return f"{prefix}{slug}{suffix}"

    return url_for


def export_rows(queryset: QuerySet, *, url_for) -> Iterator[dict]:
    """One dict per organisation, in the queryset's order, EXPORT_CHUNK_SIZE at a time."""
    # values_list keeps the queryset's filters, annotations and ordering, and skips building
    # model instances, the bulk of the time at this size. A list view's own prefetches are
    # for its page, not for the export.
    values = queryset.prefetch_related(None).values_list(
        "pk",
        "name",
        "slug",
        "kind",
        "city",
        "postcode",
        "region__name",
        "website",
        "street",
        "phone",
        "email",
        "is_sole_trader",
        "contact_consent",
    )
    rows = values.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, EXPORT_CHUNK_SIZE)):
        pks = [row[0] for row in chunk]
        networks = names_by_organisation(
            Membership.objects.current()
            .filter(organisation_id__in=pks)
            .order_by("network__name")
            .values_list("organisation_id", "network__name")
        )
        competences = names_by_organisation(
            Organisation.competences.through.objects.filter(organisation_id__in=pks)
            .order_by("competence__name")
            .values_list("organisation_id", "competence__name")
        )
        for pk, name, slug, kind, city, postcode, region, website, street, phone, email, sole_trader, consent in chunk:
            # A sole trader's street, telephone and e-mail are a person's: only with consent
            # (Organisation.contact_is_public).
            public = not sole_trader or consent
            yield {
                "name": name,
                "slug": slug,
                "url": url_for(kind, slug),
                "kind": kind,
                "street": street if public else "",
                "postcode": postcode,
                "city": city,
                "region": region or "",
                "phone": phone if public else "",
                "email": email if public else "",
                "website": website,
                "networks": networks.get(pk, []),
                "competences": competences.get(pk, []),
            }


def names_by_organisation(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    """{organisation id: [names]} in the pairs' order, each name once (a firm can have left a
    network and joined it again, which leaves two current-looking rows only if the data is odd)."""
    names = defaultdict(list)
    for organisation_id, name in pairs:
        if name not in names[organisation_id]:
            names[organisation_id].append(name)
    return names


class _Line:
    """A file-like object whose write() hands back the line, so csv.writer formats one row at a time."""

    def write(self, value: str) -> str:
        return value


def csv_pieces(rows: Iterable[dict]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow(COLUMNS)).encode()
    # Joining a chunk's lines into one piece keeps the number of socket writes down.
    for batch in batched(rows, 500):
        yield "".join(
            writer.writerow(
                [
                    LIST_SEPARATOR.join(row[column]) if isinstance(row[column], list) else row[column]
                    for column in COLUMNS
                ]
            )
            for row in batch
        ).encode()


def json_pieces(rows: Iterable[dict], count: int) -> Iterator[bytes]:
    yield f'{{"count": {count}, "results": ['.encode()
    first = True
    for batch in batched(rows, 500):
        text = ",".join(json.dumps(row, ensure_ascii=False) for row in batch)
        yield (text if first else "," + text).encode()
        first = False
    yield b"]}"


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    # itertools.batched arrives with Python 3.12.
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
