"""Keep the stored search documents current (directory/search.py).

Each handler refreshes the affected organisations set-based, in one UPDATE on PostgreSQL.
Bulk loaders that bypass signals (bulk_create) call refresh_search_documents() themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from directory.models import Competence, Organisation, Region
from directory.search import refresh_search_documents


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
