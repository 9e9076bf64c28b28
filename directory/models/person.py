from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Cited


class PersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Person(Cited):
    """A person who leads, works for or speaks for an organisation. Private unless marked public."""

    name = models.CharField(_("Name"), max_length=200)
    title = models.CharField(_("Titel"), max_length=60, blank=True, help_text=_("z. B. Dr., Prof."))
    slug = models.SlugField(_("Kürzel (URL)"), max_length=200, unique=True)
    description = models.CharField(
        _("Kurzbeschreibung"), max_length=300, blank=True, help_text=_("z. B. Politiker (SPD)")
    )
    is_public = models.BooleanField(
        _("Öffentlich"),
        default=False,
        help_text=_(
            "Nur öffentliche Personen erscheinen auf der Website. "
            "Markieren Sie nur Personen des öffentlichen Lebens oder mit Einwilligung."
        ),
    )
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("directory:person-detail", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name
