from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def localised_name(name: str, name_en: str) -> str:
    """The English name on English pages where there is one, else the German name."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


def in_display_order(records: list) -> list:
    """Competences or sectors as read on the page: in German as they come (the database
    orders by name), in English sorted by the English names they show."""
    if (get_language() or "").startswith("en"):
        return sorted(records, key=lambda record: record.display_name.casefold())
    return records


class Sector(models.Model):
    """A coarse industry (Branche): automotive, precision engineering, glass, …"""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    name_en = models.CharField(_("Name (englisch)"), max_length=120, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Branche")
        verbose_name_plural = _("Branchen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation-list") + f"?branche={self.slug}"

    @property
    def display_name(self) -> str:
        """The name in the active language (German unless English has a name_en)."""
        return localised_name(self.name, self.name_en)


class Competence(models.Model):
    """A curated competence, in a tree of fields (Zerspanung > Drehen). Synonyms feed search."""

    name = models.CharField(_("Name"), max_length=120)
    name_en = models.CharField(_("Name (englisch)"), max_length=120, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Kompetenzfeld"),
    )
    synonyms = models.TextField(
        _("Synonyme"), blank=True, help_text=_("Ein Begriff je Zeile; die Suche findet die Kompetenz auch so.")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    # Competences a spreadsheet import creates from unknown names wait for an editor's review.
    reviewed = models.BooleanField(_("Geprüft"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="competence_unique_name_in_field",
                violation_error_message=_("Diese Kompetenz gibt es in diesem Feld schon."),
            ),
            # The constraint above treats an empty parent as distinct, so fields need their own.
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="competence_unique_field_name",
                violation_error_message=_("Dieses Kompetenzfeld gibt es schon."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="competence_not_own_parent",
                violation_error_message=_("Eine Kompetenz kann nicht ihr eigenes Feld sein."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:firm-list") + f"?kompetenz={self.slug}"

    @property
    def display_name(self) -> str:
        """The name in the active language (German unless English has a name_en)."""
        return localised_name(self.name, self.name_en)

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]
