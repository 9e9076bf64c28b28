"""Who may edit what: superusers everything, a network's editors their network's records.

A network's editors (NetworkEditor rows, plus the "Netzwerk-Redaktion" group for the model
permissions) edit:

- the network itself (a network is only ever edited by its own editors: a linked network
  is somebody else's office);
- its events: those it organises, hosts or commissioned (Participation.ORGANISING_ROLES);
- organisations that are or were members of it or take part in its events, and the ones the
  editor entered themselves (so a newly added firm stays theirs until it has a membership);
- people with a position at one of those organisations or taking part in its events, and
  the ones the editor entered;
- the memberships of its network and the member counts sources state for it, the positions at those organisations, relationships whose
  two ends are both theirs, the participations in its events, and the correction requests
  about any of those records;
- and read only: the records of the imports into its network.

A firm in two networks is edited by both offices. The shared vocabulary (sectors, competences,
topics, event series) and sources are add-only for editors: they may add a term or a source,
but changing or deleting one would change other networks' records, so that is left to
superusers. Regions and postcodes are read-only.

Every function returns a lazy QuerySet, so the scopes nest into one SQL query as subqueries.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from directory.models import (
    Citation,
    CorrectionRequest,
    ImportRecord,
    Membership,
    Organisation,
    Person,
    Position,
    Relationship,
    StatedMemberCount,
)
from events.models import Event, Participation

EDITOR_GROUP = "Netzwerk-Redaktion"

FULL = ("view", "add", "change", "delete")
ADD_ONLY = ("view", "add")
VIEW_ONLY = ("view",)
# The model permissions of the editor group; the scope rules below narrow them per record.
EDITOR_PERMISSIONS = {
    "directory": {
        "organisation": FULL,
        "firm": FULL,
        "network": ("view", "change"),
        "person": FULL,
        "membership": FULL,
        "statedmembercount": FULL,
        "position": FULL,
        "relationship": FULL,
        "citation": FULL,
        "source": ADD_ONLY,
        "sector": ADD_ONLY,
        "competence": ADD_ONLY,
        "region": VIEW_ONLY,
        "postalcode": VIEW_ONLY,
        "correctionrequest": ("view", "change"),
        # The trail of their own network's imports; it records what happened, so nobody edits it.
        "importrecord": VIEW_ONLY,
    },
    "events": {
        "event": FULL,
        "participation": FULL,
        "eventseries": ADD_ONLY,
        "topic": ADD_ONLY,
    },
}


def is_unrestricted(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def _created_by(user, model) -> QuerySet:
    """Ids of the records this user added, from the history (django-simple-history)."""
    return model.history.filter(history_type="+", history_user_id=user.pk).values("id")


def editable_networks(user) -> QuerySet:
    networks = Organisation.objects.networks()
    if is_unrestricted(user):
        return networks
    return networks.filter(editors__user_id=user.pk)


def editable_events(user) -> QuerySet:
    if is_unrestricted(user):
        return Event.objects.all()
    organised = Participation.objects.filter(
        organisation__in=editable_networks(user).values("pk"),
        role__in=Participation.ORGANISING_ROLES,
    ).values("event")
    return Event.objects.filter(Q(pk__in=organised) | Q(pk__in=_created_by(user, Event)))


def editable_organisations(user) -> QuerySet:
    if is_unrestricted(user):
        return Organisation.objects.all()
    networks = editable_networks(user).values("pk")
    members = Membership.objects.filter(network__in=networks).values("organisation")
    at_events = Participation.objects.filter(
        event__in=editable_events(user).values("pk"), organisation__isnull=False
    ).values("organisation")
    linked = Q(pk__in=members) | Q(pk__in=at_events) | Q(pk__in=_created_by(user, Organisation))
    return Organisation.objects.filter(Q(pk__in=networks) | (linked & ~Q(kind=Organisation.Kind.NETWORK)))


def editable_people(user) -> QuerySet:
    if is_unrestricted(user):
        return Person.objects.all()
    holding = Position.objects.filter(organisation__in=editable_organisations(user).values("pk")).values("person")
    taking_part = Participation.objects.filter(
        event__in=editable_events(user).values("pk"), person__isnull=False
    ).values("person")
    return Person.objects.filter(Q(pk__in=holding) | Q(pk__in=taking_part) | Q(pk__in=_created_by(user, Person)))


def _records_of(user, field_prefix: str = "") -> Q:
    """Rows pointing (content_type, object_id) at an organisation, person or event in scope."""
    kinds = {
        Organisation: editable_organisations,
        Person: editable_people,
        Event: editable_events,
    }
    condition = Q(pk__in=[])
    for model, scope in kinds.items():
        condition |= Q(
            **{
                f"{field_prefix}content_type": ContentType.objects.get_for_model(model),
                f"{field_prefix}object_id__in": scope(user).values("pk"),
            }
        )
    return condition


def _cited_records(user) -> Q:
    # A citation is editable with the record it supports.
    condition = _records_of(user)
    for model, scope in (
        (Membership, lambda u: Membership.objects.filter(_scope_q(u, Membership))),
        (StatedMemberCount, lambda u: StatedMemberCount.objects.filter(_scope_q(u, StatedMemberCount))),
        (Position, lambda u: Position.objects.filter(_scope_q(u, Position))),
        (Relationship, lambda u: Relationship.objects.filter(_scope_q(u, Relationship))),
        (Participation, lambda u: Participation.objects.filter(_scope_q(u, Participation))),
    ):
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=scope(user).values("pk"),
        )
    return condition


def _scope_q(user, model) -> Q | None:
    """The condition on `model`'s rows this user may edit; None for shared records."""
    if model is Organisation:
        return Q(pk__in=editable_organisations(user).values("pk"))
    if model is Person:
        return Q(pk__in=editable_people(user).values("pk"))
    if model is Event:
        return Q(pk__in=editable_events(user).values("pk"))
    if model in (Membership, StatedMemberCount):
        # Both belong to the network, whoever the member is.
        return Q(network__in=editable_networks(user).values("pk"))
    if model is Position:
        return Q(organisation__in=editable_organisations(user).values("pk"))
    if model is Relationship:
        organisations = editable_organisations(user).values("pk")
        return Q(from_organisation__in=organisations, to_organisation__in=organisations)
    if model is Participation:
        return Q(event__in=editable_events(user).values("pk"))
    if model is CorrectionRequest:
        return _records_of(user)
    if model is ImportRecord:
        # Imports into their networks, whoever ran them, and their own without a chosen network
        # (every row of which the import checked against their scope).
        return Q(network__in=editable_networks(user).values("pk")) | Q(network__isnull=True, user_id=user.pk)
    if model is Citation:
        return _cited_records(user)
    return None


def is_scoped(model) -> bool:
    """Whether editors edit only some rows of `model` (else it is shared: add-only or read-only)."""
    return model._meta.concrete_model in SCOPED_MODELS


def restrict(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may see and edit in admin; shared models unchanged."""
    if is_unrestricted(user):
        return queryset
    condition = _scope_q(user, queryset.model._meta.concrete_model)
    return queryset if condition is None else queryset.filter(condition)


def can_edit(user, obj) -> bool:
    """Whether `user` may change (and, given the model permission, delete) `obj`. Queries once."""
    if is_unrestricted(user):
        return True
    model = obj._meta.concrete_model
    if model not in SCOPED_MODELS or obj.pk is None:
        return False
    return restrict(user, model._default_manager.filter(pk=obj.pk)).exists()


SCOPED_MODELS = frozenset(
    {
        Organisation,
        Person,
        Event,
        Membership,
        Position,
        Relationship,
        Participation,
        CorrectionRequest,
        Citation,
        StatedMemberCount,
        ImportRecord,
    }
)


def ensure_editor_group(**kwargs):
    """Create or update the editor group with EDITOR_PERMISSIONS (a post_migrate handler).

    Runs after every migrate, creating the permissions first: Django creates them in its own
    post_migrate handler, which for the events app would run after this one.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    for label in EDITOR_PERMISSIONS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    wanted = Q(pk__in=[])
    for app_label, models in EDITOR_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    group, _created = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    group.permissions.set(Permission.objects.using(using).filter(wanted))
    return group
