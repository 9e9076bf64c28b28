"""Merging two records of the same organisation: one is kept, the other moves onto it and goes.

Everything that points at the removed organisation moves to the kept one: memberships (as
member and, for networks, as network), positions, relationships, participations, events held
there, competences, sectors, citations and earlier redirects. Where the kept organisation already
has the same link (same network and start, same person and role, …), the two are one fact: the
duplicate's citations move to the survivor and the duplicate goes. Links between the two
organisations themselves (a relationship of A with B, B a member of A) cannot survive and go.
The removed name, short name and aliases become aliases of the kept one; its empty fields take
the removed one's values; its old address redirects (OrganisationRedirect). Records are saved
and deleted one by one through the model, so change history sees each step, all in one
transaction. The seed's records (SeedRecord) of what goes point at what stays.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from directory.models import (
    Citation,
    Membership,
    Organisation,
    OrganisationRedirect,
    Position,
    Relationship,
    SeedRecord,
)
from directory.search import deferred_search_refresh
from directory.text import fold

# Filled in from the removed organisation where the kept one has nothing.
FILLED_FIELDS = (
    "description",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "region",
    "latitude",
    "longitude",
    "founded",
    "employees",
)

# The key of each dated link's unique constraints (unique_from_start in models/relations.py).
KEYS = {
    Membership: ("organisation_id", "network_id", "start_date"),
    Position: ("person_id", "organisation_id", "role", "start_date"),
    Relationship: ("from_organisation_id", "to_organisation_id", "kind", "start_date"),
}


class MergeError(Exception):
    """The two organisations cannot be merged; the message says why."""


@dataclass
class MergeReport:
    kept: Organisation
    removed_name: str
    removed_slug: str
    moved: dict[str, int] = field(default_factory=dict)
    combined: dict[str, int] = field(default_factory=dict)  # duplicates folded into an existing link
    dropped: dict[str, int] = field(default_factory=dict)  # links between the two themselves

    def count(self, kind: str, label: str) -> None:
        counter = getattr(self, kind)
        counter[label] = counter.get(label, 0) + 1


def merge_organisations(*, keep: Organisation, remove: Organisation, user=None) -> MergeReport:
    """Merge `remove` into `keep` and delete `remove`; raises MergeError when they cannot be."""
    if keep.pk == remove.pk:
        raise MergeError(_("Eine Organisation kann nicht mit sich selbst zusammengeführt werden."))
    try:
        with transaction.atomic(), deferred_search_refresh():
            locked = Organisation.objects.select_for_update().in_bulk([keep.pk, remove.pk])
            if len(locked) != 2:
                raise MergeError(_("Eine der beiden Organisationen gibt es nicht mehr."))
            keep, remove = locked[keep.pk], locked[remove.pk]
            if keep.kind != Organisation.Kind.NETWORK and remove.member_links.exists():
                raise MergeError(
                    _("„%(removed)s“ hat Mitglieder; zusammenführen lässt es sich nur mit einem Netzwerk.")
                    % {"removed": remove.name}
                )
            return _Merger(keep, remove, user).run()
    except IntegrityError as error:
        # A link this module does not know to fold (one added later, with its own unique
        # constraint) clashed: nothing was changed.
        raise MergeError(_("Die Datenbank hat das Zusammenführen abgelehnt: %(error)s") % {"error": error}) from error


class _Merger:
    def __init__(self, keep, remove, user):
        self.keep, self.remove, self.user = keep, remove, user
        self.reason = _("Zusammengeführt: „%(removed)s“ in „%(kept)s“") % {"removed": remove.name, "kept": keep.name}
        self.report = MergeReport(kept=keep, removed_name=remove.name, removed_slug=remove.slug)

    def record(self, instance):
        # Read by django-simple-history when it records the change.
        instance._history_user = self.user
        instance._change_reason = self.reason
        return instance

    def save(self, instance) -> None:
        self.record(instance).save()

    def delete(self, instance) -> None:
        self.record(instance).delete()

    def run(self) -> MergeReport:
        keep, remove = self.keep, self.remove
        self.move_memberships()
        self.move_positions()
        self.move_relationships()
        self.move_participations()
        self.move_other_links()
        for name in ("competences", "sectors"):
            linked = list(getattr(remove, name).values_list("pk", flat=True))
            if linked:
                getattr(keep, name).add(*linked)
                self.report.moved[str(Organisation._meta.get_field(name).verbose_name)] = len(linked)
        self.move_citations(remove, keep)
        for redirect in OrganisationRedirect.objects.filter(organisation=remove):
            redirect.organisation = keep
            self.save(redirect)
        self.take_over_fields()
        self.save(keep)
        # The seed's keys for the removed record now reach the kept one: a reload neither
        # re-creates the removed organisation nor reports it as deleted.
        SeedRecord.repoint(remove, keep)
        removed_slug = remove.slug
        self.delete(remove)
        self.save(OrganisationRedirect(old_slug=removed_slug, organisation=keep))
        return self.report

    # The links --------------------------------------------------------------------------

    def move_dated(
        self, objects, attribute: str, twin_fields: tuple[str, ...], label: str, *, self_link: str | None = None
    ):
        """Point `attribute` of each object at the kept organisation, folding duplicates."""
        for obj in objects:
            setattr(obj, attribute, self.keep)
            if self_link and getattr(obj, f"{self_link}_id") == self.keep.pk:
                self.delete(obj)
                self.report.count("dropped", label)
                continue
            if isinstance(obj, Relationship):
                obj.order_ends()
            twin = self.twin(obj, twin_fields)
            if twin is not None:
                self.combine(obj, twin)
                self.report.count("combined", label)
            else:
                self.save(obj)
                self.report.count("moved", label)

    @staticmethod
    def twin(obj, fields: tuple[str, ...]):
        """The record the moved one would duplicate: same values of its unique constraint's key."""
        return (
            type(obj)
            ._default_manager.filter(**{name: getattr(obj, name) for name in fields})
            .exclude(pk=obj.pk)
            .first()
        )

    def combine(self, duplicate, survivor) -> None:
        """One fact twice: keep the survivor with both records' citations."""
        self.move_citations(duplicate, survivor)
        SeedRecord.repoint(duplicate, survivor)
        if getattr(duplicate, "note", "") and duplicate.note not in survivor.note:
            survivor.note = "\n\n".join(filter(None, [survivor.note, duplicate.note]))
            self.save(survivor)
        self.delete(duplicate)

    def move_memberships(self):
        label = str(Membership._meta.verbose_name_plural)
        self.move_dated(
            Membership.objects.filter(organisation=self.remove),
            "organisation",
            KEYS[Membership],
            label,
            self_link="network",
        )
        self.move_dated(
            Membership.objects.filter(network=self.remove),
            "network",
            KEYS[Membership],
            label,
            self_link="organisation",
        )

    def move_positions(self):
        self.move_dated(
            Position.objects.filter(organisation=self.remove),
            "organisation",
            KEYS[Position],
            str(Position._meta.verbose_name_plural),
        )

    def move_relationships(self):
        label = str(Relationship._meta.verbose_name_plural)
        fields = KEYS[Relationship]
        self.move_dated(
            Relationship.objects.filter(from_organisation=self.remove),
            "from_organisation",
            fields,
            label,
            self_link="to_organisation",
        )
        self.move_dated(
            Relationship.objects.filter(to_organisation=self.remove),
            "to_organisation",
            fields,
            label,
            self_link="from_organisation",
        )

    def move_participations(self):
        from events.models import Participation

        label = str(Participation._meta.verbose_name_plural)
        for participation in Participation.objects.filter(organisation=self.remove):
            participation.organisation = self.keep
            twin = None
            if participation.person_id is None:
                twin = (
                    Participation.objects.filter(
                        event_id=participation.event_id,
                        organisation=self.keep,
                        role=participation.role,
                        person__isnull=True,
                    )
                    .exclude(pk=participation.pk)
                    .first()
                )
            if twin is not None:
                if participation.talk_title and not twin.talk_title:
                    twin.talk_title = participation.talk_title
                    self.save(twin)
                self.combine(participation, twin)
                self.report.count("combined", label)
            else:
                self.save(participation)
                self.report.count("moved", label)

    def move_other_links(self):
        """Every other foreign key to an organisation (events held there, and any added later)."""
        handled = {
            (Membership, "organisation"),
            (Membership, "network"),
            (Position, "organisation"),
            (Relationship, "from_organisation"),
            (Relationship, "to_organisation"),
            (OrganisationRedirect, "organisation"),
        }
        for relation in Organisation._meta.related_objects:
            model, name = relation.related_model, relation.field.name
            if relation.many_to_many or (model, name) in handled or model._meta.label == "events.Participation":
                continue
            for obj in model._base_manager.filter(**{name: self.remove}):
                setattr(obj, name, self.keep)
                self.save(obj)
                self.report.count("moved", str(model._meta.verbose_name_plural))

    def move_citations(self, source_record, target_record) -> None:
        """The sources cited by one record, cited by another (once each, quotes joined)."""
        types = ContentType.objects.get_for_models(type(source_record), type(target_record))
        existing = {
            citation.source_id: citation
            for citation in Citation.objects.filter(content_type=types[type(target_record)], object_id=target_record.pk)
        }
        label = str(Citation._meta.verbose_name_plural)
        for citation in Citation.objects.filter(content_type=types[type(source_record)], object_id=source_record.pk):
            twin = existing.get(citation.source_id)
            if twin is None:
                citation.content_type = types[type(target_record)]
                citation.object_id = target_record.pk
                self.save(citation)
                existing[citation.source_id] = citation
                if source_record is self.remove:
                    self.report.count("moved", label)
                continue
            changed = False
            for name in ("quote", "evidence"):
                if getattr(citation, name) and getattr(citation, name) not in getattr(twin, name):
                    setattr(twin, name, "\n\n".join(filter(None, [getattr(twin, name), getattr(citation, name)])))
                    changed = True
            if changed:
                self.save(twin)
            SeedRecord.repoint(citation, twin)
            self.delete(citation)
            if source_record is self.remove:
                self.report.count("combined", label)

    # The record itself ---------------------------------------------------------------------

    def take_over_fields(self) -> None:
        keep, remove = self.keep, self.remove
        for name in FILLED_FIELDS:
            value = getattr(remove, name)
            if value not in (None, "") and getattr(keep, name) in (None, ""):
                setattr(keep, name, value)
        if remove.note and remove.note not in keep.note:
            keep.note = "\n\n".join(filter(None, [keep.note, remove.note]))
        names = [remove.name, *remove.alias_list]
        if remove.short_name and not keep.short_name:
            keep.short_name = remove.short_name
        elif remove.short_name and fold(remove.short_name) != fold(keep.short_name):
            names.append(remove.short_name)
        known = {fold(keep.name), *map(fold, keep.alias_list)}
        new = [name for name in dict.fromkeys(names) if fold(name) not in known]
        if new:
            keep.aliases = "\n".join([*keep.alias_list, *new])
