"""Keep the stored search documents and facet keys current (directory/search.py).

Memberships and sectors are not in the document, but in the facet keys refreshed with it.

Each handler refreshes the affected organisations set-based, in one UPDATE on PostgreSQL.
Bulk loaders that bypass signals (bulk_create) call refresh_search_documents() themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from directory.models import Competence, Membership, Organisation, Region
from directory.search import forget_search_words, refresh_search_documents


def _refresh(**kwargs):
    if kwargs.get("raw"):
        # Fixture loading: rows may arrive before what they point to.
        return False
    return True


@receiver(post_save, sender=Organisation, dispatch_uid="search_organisation_saved")
@receiver(post_save, sender="directory.Network", dispatch_uid="search_network_saved")
@receiver(post_save, sender="directory.Firm", dispatch_uid="search_firm_saved")
def organisation_saved(sender, instance, **kwargs):
    if _refresh(**kwargs):
        refresh_search_documents([instance.pk])


@receiver(pre_delete, sender=Organisation, dispatch_uid="search_organisation_deleting")
@receiver(pre_delete, sender="directory.Network", dispatch_uid="search_network_deleting")
@receiver(pre_delete, sender="directory.Firm", dispatch_uid="search_firm_deleting")
def organisation_deleting(sender, instance, **kwargs):
    # Its words leave the word list's counts (the typo correction's vocabulary).
    forget_search_words([instance.pk])


@receiver(m2m_changed, sender=Organisation.competences.through, dispatch_uid="search_competences_changed")
def competences_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        # competence.organisations.clear(): remember who loses it before the rows go.
        instance._search_affected = list(instance.organisations.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_search_documents([instance.pk])
    elif action == "post_clear":
        refresh_search_documents(getattr(instance, "_search_affected", []))
    else:
        refresh_search_documents(pk_set or [])


@receiver(post_save, sender=Competence, dispatch_uid="search_competence_saved")
def competence_saved(sender, instance, created, **kwargs):
    # A new competence has no organisations yet; a changed one (name, synonyms, field) updates
    # the documents of those having it or one of its children.
    if created or not _refresh(**kwargs):
        return
    refresh_search_documents(
        Organisation.objects.filter(competences__in=Competence.objects.filter(pk=instance.pk) | instance.children.all())
    )


@receiver(pre_delete, sender=Competence, dispatch_uid="search_competence_deleting")
def competence_deleting(sender, instance, **kwargs):
    instance._search_affected = list(instance.organisations.values_list("pk", flat=True))


@receiver(post_delete, sender=Competence, dispatch_uid="search_competence_deleted")
def competence_deleted(sender, instance, **kwargs):
    refresh_search_documents(getattr(instance, "_search_affected", []))


@receiver(post_save, sender=Region, dispatch_uid="search_region_saved")
def region_saved(sender, instance, created, **kwargs):
    # Renames are rare; a new region has no organisations yet.
    if created or not _refresh(**kwargs):
        return
    refresh_search_documents(Organisation.objects.filter(region__in=Region.objects.within(instance)))


@receiver(m2m_changed, sender=Organisation.sectors.through, dispatch_uid="facets_sectors_changed")
def sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        instance._search_affected = list(instance.organisations.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_search_documents([instance.pk])
    elif action == "post_clear":
        refresh_search_documents(getattr(instance, "_search_affected", []))
    else:
        refresh_search_documents(pk_set or [])


@receiver(pre_save, sender=Membership, dispatch_uid="facets_membership_saving")
def membership_saving(sender, instance, **kwargs):
    # A membership moved to another member (the admin allows it) leaves the old member's keys.
    if instance.pk and _refresh(**kwargs):
        instance._facets_previous_organisation = (
            Membership.objects.filter(pk=instance.pk).values_list("organisation_id", flat=True).first()
        )


@receiver(post_save, sender=Membership, dispatch_uid="facets_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="facets_membership_deleted")
def membership_changed(sender, instance, **kwargs):
    # The member's network keys (and the day they stop holding); a changed member moves both.
    if not _refresh(**kwargs):
        return
    ids = {instance.organisation_id}
    previous = getattr(instance, "_facets_previous_organisation", None)
    if previous:
        ids.add(previous)
    refresh_search_documents(ids)
