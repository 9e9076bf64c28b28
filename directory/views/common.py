import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from directory.models import Citation, Person
from events.models import Participation


def cited():
    """Each record's citations with their sources: one query per level, not two as with
    "citations__source", since the source comes along by a join."""
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def public_person():
    """Loads a participation's person only if public; a private one reads as None.

    Prefetching the foreign key with a filtered queryset puts None into the relation's
    cache, so even `participation.person` in a template cannot reach a private person.
    """
    return Prefetch("person", queryset=Person.objects.public())


def visible_participations():
    """Participations a public page may show: a private person's only through their organisation."""
    return Participation.objects.filter(
        Q(person__isnull=True) | Q(person__is_public=True) | Q(organisation__isnull=False)
    )


def number_sources(*records):
    """The sources the records cite, newest first, and each one's number for footnotes.

    Reads only prefetched citations (see cited()).
    """
    sources = {}
    for record in records:
        for citation in record.citations.all():
            sources.setdefault(citation.source_id, citation.source)
    # Newest first, undated last, as on the source list.
    ordered = sorted(sources.values(), key=lambda source: source.title)
    ordered.sort(key=lambda source: source.published_date or datetime.date.min, reverse=True)
    return ordered, {source.pk: number for number, source in enumerate(ordered, start=1)}


def split_current(records):
    """(current, past) by the records' dates, for lists already in memory."""
    today = timezone.localdate()
    current, past = [], []
    for record in records:
        (current if record.is_current(today) else past).append(record)
    return current, past


def events_taken_part(participations, venue_of):
    """One row per event, newest first: the organisation's participations in it, and whether it
    was the venue. An organisation that hosts an event often appears in it several times (as
    host, and through the people it sent), which would otherwise repeat the event."""
    rows = {}
    for participation in participations:
        row = rows.setdefault(
            participation.event_id, {"event": participation.event, "participations": [], "is_venue": False}
        )
        row["participations"].append(participation)
    for event in venue_of:
        row = rows.setdefault(event.pk, {"event": event, "participations": [], "is_venue": False})
        row["is_venue"] = True
        row["venue_event"] = event
    return sorted(rows.values(), key=lambda row: row["event"].start_date, reverse=True)
