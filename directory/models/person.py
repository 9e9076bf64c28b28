from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .base import Cited


class PersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Person(Cited):
    """A person who leads, works for or speaks for an organisation. Private unless marked public."""

    name = models.CharField("Name", max_length=200)
    title = models.CharField("Titel", max_length=60, blank=True, help_text="z. B. Dr., Prof.")
    slug = models.SlugField("Kürzel (URL)", max_length=200, unique=True)
    description = models.CharField(
        "Kurzbeschreibung", max_length=300, blank=True, help_text="z. B. Politiker (SPD)"
    )
    is_public = models.BooleanField(
        "Öffentlich",
        default=False,
        help_text="Nur öffentliche Personen erscheinen auf der Website. "
        "Markieren Sie nur Personen des öffentlichen Lebens oder mit Einwilligung.",
    )
    note = models.TextField("Redaktionelle Anmerkung", blank=True)
    created = models.DateTimeField("Angelegt", auto_now_add=True)
    updated = models.DateTimeField("Geändert", auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Person"
        verbose_name_plural = "Personen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("directory:person-detail", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name
