from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def within(self, region: "Region"):
        """The region and everything below it (the tree is at most three levels deep)."""
        return self.filter(Q(pk=region.pk) | Q(parent=region.pk) | Q(parent__parent=region.pk))


class Region(models.Model):
    """Bundesland > Landkreis or kreisfreie Stadt > Gemeinde, from OpenStreetMap postcode data."""

    class Kind(models.TextChoices):
        STATE = "state", _("Bundesland")
        DISTRICT = "district", _("Landkreis")
        CITY = "city", _("Kreisfreie Stadt")
        MUNICIPALITY = "municipality", _("Gemeinde")

    name = models.CharField(_("Name"), max_length=150)
    slug = models.SlugField(_("Kürzel"), max_length=150, unique=True)
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Übergeordnete Region"),
    )
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        blank=True,
        help_text=_("8 Stellen für Gemeinden, 5 für Kreise, 2 für Länder."),
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"],
                condition=~Q(ags=""),
                name="region_unique_ags",
                violation_error_message=_("Dieser Gemeindeschlüssel ist schon vergeben."),
            ),
            models.CheckConstraint(
                condition=Q(kind="state", parent__isnull=True) | (~Q(kind="state") & Q(parent__isnull=False)),
                name="region_only_states_are_roots",
                violation_error_message=_("Nur ein Bundesland steht ohne übergeordnete Region."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation-list") + f"?region={self.slug}"


class PostalCode(models.Model):
    """A postcode, the municipality it belongs to and its centre point.

    A postcode can span several municipalities, so the same code may appear more than once.
    """

    code = models.CharField(_("Postleitzahl"), max_length=5, db_index=True)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="postal_codes", verbose_name=_("Gemeinde")
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "region"],
                name="postalcode_unique_per_region",
                violation_error_message=_("Diese Postleitzahl ist dieser Gemeinde schon zugeordnet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.region.name}"
