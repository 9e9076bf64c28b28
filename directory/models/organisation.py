from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .base import Cited
from .places import PostalCode, Region
from .vocabulary import Competence, Sector

postcode_validator = RegexValidator(r"^\d{5}$", "Eine Postleitzahl hat fünf Ziffern.")


class OrganisationQuerySet(models.QuerySet):
    def networks(self):
        return self.filter(kind=Organisation.Kind.NETWORK)

    def firms(self):
        return self.filter(kind=Organisation.Kind.FIRM)


class Organisation(Cited):
    """Every organisational actor: networks and firms, ministries, chambers, universities, …"""

    class Kind(models.TextChoices):
        NETWORK = "network", "Netzwerk / Verband"
        FIRM = "firm", "Unternehmen"
        PUBLIC_BODY = "public_body", "Öffentliche Stelle"
        CHAMBER = "chamber", "Kammer"
        RESEARCH = "research", "Forschung / Hochschule"
        OTHER = "other", "Sonstige"

    class EmployeeBand(models.TextChoices):
        MICRO = "1-9", "1–9 Beschäftigte"
        SMALL = "10-49", "10–49 Beschäftigte"
        MEDIUM = "50-249", "50–249 Beschäftigte"
        LARGE = "250-999", "250–999 Beschäftigte"
        XLARGE = "1000+", "1000 und mehr Beschäftigte"

    kind = models.CharField("Art", max_length=12, choices=Kind.choices, default=Kind.FIRM)
    name = models.CharField("Name", max_length=200)
    short_name = models.CharField("Kurzname", max_length=60, blank=True, help_text="z. B. AMZ, WFS, KAG")
    aliases = models.TextField(
        "Weitere Namen", blank=True, help_text="Ein Name je Zeile: frühere Namen, Schreibweisen."
    )
    slug = models.SlugField("Kürzel (URL)", max_length=200, unique=True)
    description = models.TextField("Beschreibung", blank=True)
    website = models.URLField("Website", max_length=300, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    phone = models.CharField("Telefon", max_length=40, blank=True)
    street = models.CharField("Straße", max_length=200, blank=True)
    postcode = models.CharField("PLZ", max_length=5, blank=True, validators=[postcode_validator])
    city = models.CharField("Ort", max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="Region",
    )
    latitude = models.FloatField("Breitengrad", null=True, blank=True)
    longitude = models.FloatField("Längengrad", null=True, blank=True)
    founded = models.PositiveSmallIntegerField("Gegründet (Jahr)", null=True, blank=True)
    employees = models.CharField(
        "Beschäftigte", max_length=8, choices=EmployeeBand.choices, blank=True
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organisations", verbose_name="Branchen"
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="organisations", verbose_name="Kompetenzen"
    )
    note = models.TextField(
        "Redaktionelle Anmerkung", blank=True,
        help_text="Was erschlossen und nicht wörtlich belegt ist, und woraus.",
    )
    created = models.DateTimeField("Angelegt", auto_now_add=True)
    updated = models.DateTimeField("Geändert", auto_now=True)
    # The search document, kept current by directory.signals (see directory/search.py); the
    # indexes on both are PostgreSQL-only and live in migration 0005, not in Meta.indexes.
    search_text = models.TextField("Suchtext", blank=True, default="", editable=False)
    search_vector = SearchVectorField("Suchvektor", null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "Organisation"
        verbose_name_plural = "Organisationen"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_range",
                violation_error_message="Der Breitengrad liegt zwischen -90 und 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_range",
                violation_error_message="Der Längengrad liegt zwischen -180 und 180.",
            ),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1000, founded__lte=2100),
                name="organisation_founded_plausible",
                violation_error_message="Das Gründungsjahr ist nicht plausibel.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.NETWORK:
            return reverse("directory:network-detail", kwargs={"slug": self.slug})
        return reverse("directory:organisation-detail", kwargs={"slug": self.slug})

    @property
    def is_network(self) -> bool:
        return self.kind == self.Kind.NETWORK

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def display_name(self) -> str:
        """ "Automobilzuliefernetzwerk (AMZ)", or just the name when there is no short name."""
        if self.short_name and self.short_name not in self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def locate_from_postcode(self, candidates: list[PostalCode] | None = None) -> None:
        """Fill region and coordinates from the postcode, where they are not set.

        Queries, unless the postcode's PostalCode rows (with their regions) are passed in, as
        the spreadsheet import does for a whole file at once.
        """
        if not self.postcode or (self.region_id and self.latitude is not None):
            return
        if candidates is None:
            candidates = list(PostalCode.objects.filter(code=self.postcode).select_related("region"))
        if not candidates:
            return
        # A postcode can span several municipalities: prefer the one named as the city.
        match = next((pc for pc in candidates if pc.region.name == self.city), candidates[0])
        if not self.region_id:
            self.region = match.region
        if self.latitude is None and match.latitude is not None:
            self.latitude, self.longitude = match.latitude, match.longitude

    def save(self, *args, **kwargs):
        self.locate_from_postcode()
        super().save(*args, **kwargs)


class NetworkManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Organisation.Kind.NETWORK)


class FirmManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Organisation.Kind.FIRM)


class Network(Organisation):
    """Networks and associations, for their own admin section."""

    objects = NetworkManager()

    class Meta:
        proxy = True
        verbose_name = "Netzwerk / Verband"
        verbose_name_plural = "Netzwerke und Verbände"

    def save(self, *args, **kwargs):
        self.kind = Organisation.Kind.NETWORK
        super().save(*args, **kwargs)


class Firm(Organisation):
    """Firms, for their own admin section."""

    objects = FirmManager()

    class Meta:
        proxy = True
        verbose_name = "Unternehmen"
        verbose_name_plural = "Unternehmen"

    def save(self, *args, **kwargs):
        self.kind = Organisation.Kind.FIRM
        super().save(*args, **kwargs)
