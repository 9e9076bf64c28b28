"""What the site holds about a person, and erasing it (DSGVO Art. 15 and 17).

`person_data()` gathers everything about one person as JSON-ready data: the person's own
fields, their positions and participations, the sources cited for each, their history
(django-simple-history records Person, Position and Participation), and the other records whose
free text names them (notes, quotes, descriptions), which an editor has to look at by hand.

`erase_person()` deletes the person with their positions and participations, each through the
model's delete() in one transaction, so signals and history see every row go. The citations
of those records go with them (GenericRelation); the sources stay, they are documents about
organisations. Afterwards the history rows are scrubbed: the person's of the name and the other
personal fields, their positions' and participations' of their free text, and the history of
the citations that went with them of the quotes (which name the person more often than not):
the history keeps that a person was erased, when and by whom, not who.

The management commands `export_person` and `erase_person` are thin wrappers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from directory.models import Citation, Person, Position
from directory.search import refresh_search_documents
from events.models import Participation

# Apps whose records may name a person in free text.
MENTION_APPS = ("directory", "events")
# Derived or technical text that repeats fields already scanned.
SKIP_FIELDS = {"search_text", "slug"}
# What the scrubbed history rows of an erased person keep instead of the name.
ERASED_NAME = "[gelöscht]"
# Personal fields of Person blanked in its history rows.
PERSONAL_FIELDS = ("title", "description", "note")


@dataclass
class Erasure:
    """What erase_person() removed, and what it left for an editor to review."""

    person: str
    slug: str
    positions: int = 0
    participations: int = 0
    citations: int = 0
    history_rows_scrubbed: int = 0
    organisations_refreshed: int = 0
    mentions: list[dict] = field(default_factory=list)


# Reading ----------------------------------------------------------------------------------


def find_person(*, slug: str) -> Person | None:
    """The person with this slug, public or not; None when there is none."""
    return Person.objects.filter(slug=slug).first()


def field_values(instance: models.Model) -> dict:
    """The instance's concrete fields as JSON-ready values; foreign keys as their ids."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, type(None))):
            value = str(value)
        values[model_field.attname] = value
    return values


def citation_data(citations) -> list[dict]:
    return [
        {
            "source": {
                "slug": citation.source.slug,
                "title": citation.source.title,
                "publisher": citation.source.publisher,
                "url": citation.source.url,
                "published": citation.source.published_date.isoformat() if citation.source.published_date else None,
            },
            "quote": citation.quote,
        }
        for citation in citations
    ]


def _cited():
    return models.Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"))


def history_data(model, **lookup) -> list[dict]:
    """The model's history rows matching the lookup, oldest first."""
    return [field_values(row) for row in model.history.filter(**lookup).order_by("history_date", "pk")]


def person_data(*, person: Person) -> dict:
    """Everything held about the person, as data json.dumps can write (a few queries per kind)."""
    positions = list(
        Position.objects.filter(person=person).select_related("organisation").prefetch_related(_cited()).order_by("pk")
    )
    participations = list(
        Participation.objects.filter(person=person)
        .select_related("event", "organisation")
        .prefetch_related(_cited())
        .order_by("pk")
    )
    person = Person.objects.prefetch_related(_cited()).get(pk=person.pk)
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": field_values(person),
        "citations": citation_data(person.citations.all()),
        "positions": [
            {
                **field_values(position),
                "organisation": {"slug": position.organisation.slug, "name": position.organisation.name},
                "citations": citation_data(position.citations.all()),
            }
            for position in positions
        ],
        "participations": [
            {
                **field_values(participation),
                "event": {
                    "slug": participation.event.slug,
                    "title": participation.event.title,
                    "start": participation.event.start_date.isoformat() if participation.event.start_date else None,
                },
                "organisation": (
                    {"slug": participation.organisation.slug, "name": participation.organisation.name}
                    if participation.organisation
                    else None
                ),
                "citations": citation_data(participation.citations.all()),
            }
            for participation in participations
        ],
        "mentions": mentions(person=person),
    }
    data["history"] = {
        "person": history_data(Person, id=person.pk),
        "positions": history_data(Position, person_id=person.pk),
        "participations": history_data(Participation, person_id=person.pk),
    }
    return data


def mentions(*, person: Person) -> list[dict]:
    """Other records whose free text contains the person's name: one query per text field.

    The person's own positions and participations are part of the export already; history
    models are left out (they repeat the live rows).
    """
    found = []
    own = {
        Position: set(Position.objects.filter(person=person).values_list("pk", flat=True)),
        Participation: set(Participation.objects.filter(person=person).values_list("pk", flat=True)),
        Person: {person.pk},
    }
    # The citations of those records, with their quotes, are in the export already.
    own[Citation] = set(own_citations(person, own[Position], own[Participation]).values_list("pk", flat=True))
    for app_label in MENTION_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.proxy or model.__name__.startswith("Historical"):
                continue
            for model_field in model._meta.concrete_fields:
                if not isinstance(model_field, (models.CharField, models.TextField)):
                    continue
                if model_field.name in SKIP_FIELDS or isinstance(model_field, models.SlugField) or model_field.choices:
                    continue
                rows = model._default_manager.filter(**{f"{model_field.name}__icontains": person.name})
                for pk in rows.values_list("pk", flat=True):
                    if pk in own.get(model, ()):
                        continue
                    found.append({"model": model._meta.label_lower, "pk": pk, "field": model_field.name})
    return found


def own_citations(person: Person, position_ids, participation_ids):
    """The citations of the person and of their positions and participations."""
    types = ContentType.objects.get_for_models(Person, Position, Participation)
    return Citation.objects.filter(
        models.Q(content_type=types[Person], object_id=person.pk)
        | models.Q(content_type=types[Position], object_id__in=list(position_ids))
        | models.Q(content_type=types[Participation], object_id__in=list(participation_ids))
    )


# Erasing ----------------------------------------------------------------------------------


def erase_person(*, person: Person) -> Erasure:
    """Delete the person, their positions and participations (with their citations), scrub
    their history rows, refresh what depends on them. All or nothing: one transaction."""
    with transaction.atomic():
        report = Erasure(person=person.full_name, slug=person.slug, mentions=mentions(person=person))
        positions = list(Position.objects.filter(person=person))
        participations = list(Participation.objects.filter(person=person))
        organisation_ids = {row.organisation_id for row in [*positions, *participations] if row.organisation_id}
        # The ids now: delete() clears them.
        position_ids, participation_ids = [p.pk for p in positions], [p.pk for p in participations]
        report.citations = own_citations(person, position_ids, participation_ids).count()
        # One delete() per row, not a queryset delete: each row's signals and history entry.
        for row in [*participations, *positions]:
            row.delete()
        report.positions, report.participations = len(positions), len(participations)
        person_pk = person.pk
        person.delete()
        report.history_rows_scrubbed = scrub_history(
            person_pk=person_pk, position_ids=position_ids, participation_ids=participation_ids
        )
        # The search documents hold no people today; refreshing the organisations they were
        # linked to keeps it so should a document ever name its people.
        refresh_search_documents(organisation_ids)
        report.organisations_refreshed = len(organisation_ids)
        # No explicit bump of the data version: deleting the person's row advances it (the
        # triggers of directory migration 0008), so no cached page outlives the erasure.
    return report


def scrub_history(*, person_pk: int, position_ids=(), participation_ids=()) -> int:
    """Blank the name and the personal fields in the person's history rows, the free text in
    their positions' and participations' rows, and the quotes in the rows of the citations
    of all three; how many rows.

    The positions and participations keep their rows otherwise: without the person's name
    and without free text they name nobody.
    """
    blank = {name: "" for name in PERSONAL_FIELDS}
    rows = Person.history.filter(id=person_pk).update(name=ERASED_NAME, slug=f"geloescht-{person_pk}", **blank)
    rows += Position.history.filter(id__in=list(position_ids)).update(note="")
    rows += Participation.history.filter(id__in=list(participation_ids)).update(note="", talk_title="")
    types = ContentType.objects.get_for_models(Person, Position, Participation)
    rows += Citation.history.filter(
        models.Q(content_type=types[Person], object_id=person_pk)
        | models.Q(content_type=types[Position], object_id__in=list(position_ids))
        | models.Q(content_type=types[Participation], object_id__in=list(participation_ids))
    ).update(quote="")
    return rows
