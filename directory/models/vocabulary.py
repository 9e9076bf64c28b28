from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class Sector(models.Model):
    """A coarse industry (Branche): automotive, precision engineering, glass, …"""

    name = models.CharField("Name", max_length=120, unique=True)
    name_en = models.CharField("Name (englisch)", max_length=120, blank=True)
    slug = models.SlugField("Kürzel", max_length=120, unique=True)
    description = models.TextField("Beschreibung", blank=True)

    class Meta:
        verbose_name = "Branche"
        verbose_name_plural = "Branchen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation-list") + f"?branche={self.slug}"


class Competence(models.Model):
    """A curated competence, in a tree of fields (Zerspanung > Drehen). Synonyms feed search."""

    name = models.CharField("Name", max_length=120)
    name_en = models.CharField("Name (englisch)", max_length=120, blank=True)
    slug = models.SlugField("Kürzel", max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="Kompetenzfeld",
    )
    synonyms = models.TextField(
        "Synonyme", blank=True, help_text="Ein Begriff je Zeile; die Suche findet die Kompetenz auch so."
    )
    description = models.TextField("Beschreibung", blank=True)
    # Competences a spreadsheet import creates from unknown names wait for an editor's review.
    reviewed = models.BooleanField("Geprüft", default=True)

    class Meta:
        verbose_name = "Kompetenz"
        verbose_name_plural = "Kompetenzen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="competence_unique_name_in_field",
                violation_error_message="Diese Kompetenz gibt es in diesem Feld schon.",
            ),
            # The constraint above treats an empty parent as distinct, so fields need their own.
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="competence_unique_field_name",
                violation_error_message="Dieses Kompetenzfeld gibt es schon.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="competence_not_own_parent",
                violation_error_message="Eine Kompetenz kann nicht ihr eigenes Feld sein.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:firm-list") + f"?kompetenz={self.slug}"

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]
