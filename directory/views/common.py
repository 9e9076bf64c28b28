"""Helpers of the directory's pages for records already in memory. The prefetches and footnote
numbers both apps' pages use are in directory/models/loading.py, the participations a public
page may show in events.models.visible_participations."""

from django.utils import timezone


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
