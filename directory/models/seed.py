"""What the seed wrote: one row per seed record, so a reload can tell its own values from an editor's."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """The row a seed record (by its stable key) wrote, and the values it wrote last.

    `load_seed_network` finds its rows through these, so an editor's rename or merge is not
    mistaken for a missing record; it changes a field only where the row still holds what the
    seed wrote (`written`), and never re-creates a row an editor deleted. Not public.
    """

    key = models.CharField(_("Schlüssel"), max_length=200, unique=True)
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
