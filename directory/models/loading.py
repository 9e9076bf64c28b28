"""How pages load the directory's records: the prefetches every page with sources or people
uses, and the footnote numbers of the sources. Both apps' pages use them; here, beside the
models, they are within the app boundary (events may import directory.models)."""

import datetime

from django.db.models import Prefetch

from .person import Person
from .sources import Citation


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
