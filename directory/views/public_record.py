"""Pieces of the network page from the public record (issue 12): the member counts sources
state, the date of the newest source, the leadership as a timeline, and each record's evidence."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q

from directory.models import Citation, Membership, Organisation, Position, Source, StatedMemberCount
from directory.models.loading import cited


def stated_member_counts(network) -> list[StatedMemberCount]:
    """The counts sources state, newest first, with their citations: two queries (one without counts)."""
    return list(
        StatedMemberCount.objects.filter(network=network)
        .prefetch_related(cited())
        # Dated counts first, newest first; undated ones (from undated pages) after them.
        .order_by(F("as_of_date").desc(nulls_last=True), "-count")
    )


def newest_source(network) -> Source | None:
    """The newest dated source of anything on the network's page about the network itself: the
    network, its memberships, its people's positions and its stated counts. One query."""
    types = ContentType.objects.get_for_models(Organisation, Membership, Position, StatedMemberCount)
    about = (
        Q(content_type=types[Organisation], object_id=network.pk)
        | Q(content_type=types[Membership], object_id__in=Membership.objects.filter(network=network).values("pk"))
        | Q(content_type=types[Position], object_id__in=Position.objects.filter(organisation=network).values("pk"))
        | Q(
            content_type=types[StatedMemberCount],
            object_id__in=StatedMemberCount.objects.filter(network=network).values("pk"),
        )
    )
    return (
        Source.objects.filter(
            Exists(Citation.objects.filter(about, source=OuterRef("pk"))), published_date__isnull=False
        )
        .only("slug", "title", "publisher", "published_date", "published_precision")
        .order_by("-published_date", "title")
        .first()
    )


def leadership_timeline(positions: list[Position]) -> list[Position]:
    """The positions by their start, or the date a source attests them; undated last. No query."""

    def when(position):
        return position.start_date or position.attested_date or datetime.date.max

    return sorted(positions, key=lambda position: (when(position), position.person.name))


def evidence_items(record, source_numbers: dict[int, int] | None = None) -> list[dict]:
    """What each source of a record states: our paraphrase (or the article's quote), the source
    and its footnote number. Reads prefetched citations (see cited())."""
    return [
        {
            "text": citation.text,
            "is_quote": citation.is_quote,
            "source": citation.source,
            "number": (source_numbers or {}).get(citation.source_id),
        }
        for citation in record.citations.all()
        if citation.text
    ]
