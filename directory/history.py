"""Bringing a deleted organisation back from its history (django-simple-history).

Deleting an organisation deletes its memberships, positions, relationships and participations
with it (on_delete=CASCADE), and with each of those its citations. Every one of these rows gets
a "-" record in its history table. restore_organisation() puts the organisation back as it was
when deleted, with its sectors and competences as last saved, and every linked row whose
deletion was recorded within RESTORE_WINDOW before the organisation's, as long as the record at
its other end (a person, an event, another organisation, a source) still exists.

What it cannot bring back: events that named the organisation as venue keep venue empty (the
delete sets it to NULL without a history record); anything deleted on its own before or after.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    Position,
    Relationship,
    Sector,
)
from events.models import Participation

# Django deletes the linked rows first, then the organisation, in one transaction; a minute
# is far more than that takes and far less than the time between two editors' deletions.
RESTORE_WINDOW = datetime.timedelta(minutes=1)

# Each linked model with the foreign keys that point at the organisation.
LINKS = [
    (Membership, ["organisation", "network"]),
    (Position, ["organisation"]),
    (Relationship, ["from_organisation", "to_organisation"]),
    (Participation, ["organisation"]),
]


class NothingToRestore(Exception):
    pass


@dataclass
class Restored:
    organisation: Organisation
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def _restore_row(record, user) -> bool:
    """Save a historical row's state back as a live row; False when it cannot be."""
    instance = record.instance
    instance._history_user = user
    for related in instance._meta.concrete_fields:
        if related.many_to_one and getattr(instance, related.attname) is not None:
            if not related.related_model._default_manager.filter(pk=getattr(instance, related.attname)).exists():
                return False
    instance.save()
    return True


def restore_links(*, organisation: Organisation, deleted_at: datetime.datetime, user=None) -> Restored:
    """Bring back the rows deleted with `organisation` (which exists again). Queries per row."""
    result = Restored(organisation=organisation)
    since = deleted_at - RESTORE_WINDOW
    restored_ids: dict[type, list[int]] = {Organisation: [organisation.pk]}
    for model, fks in LINKS:
        pointing = Q()
        for fk in fks:
            pointing |= Q(**{f"{fk}_id": organisation.pk})
        records = model.history.filter(
            pointing, history_type="-", history_date__gte=since, history_date__lte=deleted_at
        ).order_by("history_date")
        restored = []
        for record in records:
            if model._default_manager.filter(pk=record.id).exists():
                continue
            if _restore_row(record, user):
                restored.append(record.id)
            else:
                result.skipped.append(f"{model._meta.verbose_name} #{record.id}")
        restored_ids[model] = restored
        result.counts[model._meta.verbose_name_plural] = len(restored)

    cited = Q(pk__in=[])
    for model, ids in restored_ids.items():
        cited |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    citations = Citation.history.filter(cited, history_type="-", history_date__gte=since, history_date__lte=deleted_at)
    count = 0
    for record in citations:
        if not Citation.objects.filter(pk=record.id).exists() and _restore_row(record, user):
            count += 1
    result.counts[Citation._meta.verbose_name_plural] = count
    return result


def restore_organisation(*, organisation_id: int, user=None) -> Restored:
    """Undo the deletion of an organisation, with what went with it. All or nothing."""
    with transaction.atomic():
        if Organisation.objects.filter(pk=organisation_id).exists():
            raise NothingToRestore(_("Diese Organisation gibt es noch."))
        deletion = Organisation.history.filter(id=organisation_id, history_type="-").order_by("-history_date").first()
        if deletion is None:
            raise NothingToRestore(_("Zu dieser Organisation gibt es keine Löschung in der Geschichte."))
        organisation = deletion.instance
        organisation._history_user = user
        organisation.save()
        # The deletion's own record has no sectors or competences: their links go first.
        last_saved = (
            Organisation.history.filter(id=organisation_id, history_date__lt=deletion.history_date)
            .exclude(history_type="-")
            .order_by("-history_date")
            .first()
        )
        if last_saved is not None:
            # Only terms that still exist; a vocabulary entry deleted since stays gone.
            organisation.sectors.set(Sector.objects.filter(pk__in=last_saved.sectors.values("sector")))
            organisation.competences.set(Competence.objects.filter(pk__in=last_saved.competences.values("competence")))
        return restore_links(organisation=organisation, deleted_at=deletion.history_date, user=user)


def deleted_organisations(limit: int = 200) -> list:
    """The last deletion record of each organisation that does not exist any more, newest first."""
    records = (
        Organisation.history.filter(history_type="-")
        .exclude(id__in=Organisation.objects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date")
    )
    latest = {}
    # In Python rather than DISTINCT ON, which SQLite (the embedded default) lacks.
    for record in records[: limit * 5]:
        latest.setdefault(record.id, record)
    return list(latest.values())[:limit]
