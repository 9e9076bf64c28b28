"""What the seed wrote: one row per seed record, so a reload can tell its own values from an editor's."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# In `written`: this key reaches a row another key (named here) writes; it writes only the
# fields that key leaves alone (directory/seed/records.py).
SHARED = "_shared_with"


class SeedRecord(models.Model):
    """The row a seed record (by its stable key) wrote, and the values it wrote last.

    `load_seed_network` finds its rows through these, so an editor's rename or merge is not
    mistaken for a missing record; it changes a field only where the row still holds what the
    seed wrote (`written`), and never re-creates a row an editor deleted. Not public.
    """

    key = models.CharField(_("Schlüssel"), max_length=500, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    written = models.JSONField(_("Zuletzt geschrieben"), default=dict, blank=True)
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seed-Eintrag")
        verbose_name_plural = _("Seed-Einträge")
        ordering = ["key"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="seedrecord_target_idx")]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def repoint(cls, old, new) -> int:
        """After a merge: the keys that wrote `old` now reach `new`, so a reload finds the merged
        row instead of re-creating the removed one. They no longer write what `new`'s own key
        writes. Returns how many keys moved."""
        types = ContentType.objects.get_for_models(type(old), type(new))
        old_type, new_type = types[type(old)], types[type(new)]
        moved = list(cls.objects.filter(content_type=old_type, object_id=old.pk))
        if not moved:
            return 0
        owner = next(
            (
                record
                for record in cls.objects.filter(content_type=new_type, object_id=new.pk)
                if SHARED not in record.written
            ),
            None,
        )
        for record in moved:
            record.content_type, record.object_id = new_type, new.pk
            if owner is not None:
                record.written = {**record.written, SHARED: owner.key}
            record.save()
        return len(moved)
