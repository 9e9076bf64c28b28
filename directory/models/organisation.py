from django.contrib.postgres.search import SearchVectorField, TrigramWordSimilarity
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Cited
from .places import PostalCode, Region
from .vocabulary import Competence, Sector

# German postcodes run from 01001 to 99998: five digits, never beginning with 00 ("00106" is a
# four-digit "0106" padded, see directory/importing/cells.py).
postcode_validator = RegexValidator(r"^(?!00)\d{5}$", _("Eine Postleitzahl hat fünf Ziffern."))


def folded_names():
    """Name, short name and aliases, folded into one text (netzwerk_names(), migration 0020).
    The trigram index is built on exactly this expression: write it only through here."""
    return Func(F("name"), F("short_name"), F("aliases"), function="netzwerk_names", output_field=models.TextField())


def _folded(field: str):
    return Func(F(field), function="netzwerk_fold", output_field=models.TextField())


class OrganisationQuerySet(models.QuerySet):
    def networks(self):
        return self.filter(kind=Organisation.Kind.NETWORK)

    def firms(self):
        return self.filter(kind=Organisation.Kind.FIRM)

    def named(self, words: list[str], *, slug: str = ""):
        """Organisations in whose name, short name or an alias each of the folded `words`
        (directory.text.name_words) starts a word, or with this slug; the likeliest first:
        the slug, a name or short name that is the words, a name that begins with them, then
        shorter names. On PostgreSQL the trigram index of migration 0020 finds them."""
        if not words:
            return self.filter(slug=slug) if slug else self.none()
        condition = Q()
        for word in words:
            # Words are [0-9a-z] only (folded): nothing in them is a regex operator.
            condition &= Q(match_names__regex=rf"(^| ){word}")
        if slug:
            condition |= Q(slug=slug)
        joined = " ".join(words)
        ranks = [When(slug=slug, then=Value(0))] if slug else []
        ranks += [
            When(Q(match_name=joined) | Q(match_short_name=joined), then=Value(1)),
            When(match_name__startswith=joined, then=Value(2)),
        ]
        return (
            self.alias(match_names=folded_names(), match_name=_folded("name"), match_short_name=_folded("short_name"))
            .filter(condition)
            .annotate(match_rank=Case(*ranks, default=Value(3)))
            .order_by("match_rank", Length("name"), "name", "pk")
        )

    def close_to(self, words: list[str]):
        """Organisations whose names are close to the folded `words` (a typo, a word left
        out), the closest first: by trigram word similarity on PostgreSQL (the index of
        migration 0020), on SQLite names with a word that starts like one of them."""
        if not words:
            return self.none()
        joined = " ".join(words)
        names = self.alias(match_names=folded_names())
        if connection.vendor == "postgresql":
            return (
                names.filter(match_names__trigram_word_similar=joined)
                .annotate(match_similarity=TrigramWordSimilarity(Value(joined), "match_names"))
                .order_by("-match_similarity", Length("name"), "pk")
            )
        condition = Q()
        for word in words:
            condition |= Q(match_names__regex=rf"(^| ){word[:3]}")
        return names.filter(condition).order_by(Length("name"), "name", "pk")


# Kept at module level for record_proxy_history(): on the class, `history` becomes the manager.
HISTORY = HistoricalRecords(excluded_fields=["search_text", "search_vector"], m2m_fields=["sectors", "competences"])


class Organisation(Cited):
    """Every organisational actor: networks and firms, ministries, chambers, universities, …"""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Netzwerk / Verband")
        FIRM = "firm", _("Unternehmen")
        PUBLIC_BODY = "public_body", _("Öffentliche Stelle")
        CHAMBER = "chamber", _("Kammer")
        RESEARCH = "research", _("Forschung / Hochschule")
        OTHER = "other", _("Sonstige")

    class EmployeeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 Beschäftigte")
        SMALL = "10-49", _("10–49 Beschäftigte")
        MEDIUM = "50-249", _("50–249 Beschäftigte")
        LARGE = "250-999", _("250–999 Beschäftigte")
        XLARGE = "1000+", _("1000 und mehr Beschäftigte")

    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.FIRM)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True, help_text=_("z. B. AMZ, WFS, KAG"))
    aliases = models.TextField(
        _("Weitere Namen"), blank=True, help_text=_("Ein Name je Zeile: frühere Namen, Schreibweisen.")
    )
    slug = models.SlugField(_("Kürzel (URL)"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), max_length=300, blank=True)
    # The firm's own contact data, public on the profile and in the exports: the general address
    # (info@…) and the switchboard, never a person's. A sole trader's address and telephone are
    # a person's, so they stay private until the trader agrees (contact_is_public).
    email = models.EmailField(
        _("E-Mail"), blank=True, help_text=_("Die allgemeine Adresse der Firma (info@…), nie die einer Person.")
    )
    phone = models.CharField(
        _("Telefon"), max_length=40, blank=True, help_text=_("Die Zentrale, nie die Durchwahl einer Person.")
    )
    street = models.CharField(_("Straße"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True, validators=[postcode_validator])
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Region"),
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    legal_form = models.CharField(_("Rechtsform"), max_length=60, blank=True, help_text=_("z. B. GmbH, e.V."))
    is_sole_trader = models.BooleanField(
        _("Einzelunternehmen"),
        default=False,
        help_text=_("Eine Person unter eigenem Namen: Straße, Telefon und E-Mail sind dann ihre eigenen."),
    )
    contact_consent = models.BooleanField(
        _("Einverständnis zur Veröffentlichung der Kontaktdaten"),
        default=False,
        help_text=_(
            "Nur für Einzelunternehmen: die Person hat zugestimmt, dass Straße, Telefon und E-Mail öffentlich sind."
        ),
    )
    founded = models.PositiveSmallIntegerField(_("Gegründet (Jahr)"), null=True, blank=True)
    founded_place = models.CharField(_("Gründungsort"), max_length=120, blank=True)
    employees = models.CharField(_("Beschäftigte"), max_length=8, choices=EmployeeBand.choices, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organisations", verbose_name=_("Branchen"))
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="organisations", verbose_name=_("Kompetenzen")
    )
    note = models.TextField(
        _("Redaktionelle Anmerkung"),
        blank=True,
        help_text=_("Was erschlossen und nicht wörtlich belegt ist, und woraus."),
    )
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)
    # The search document, kept current by directory.signals (see directory/search.py); the
    # indexes on both are PostgreSQL-only and live in migration 0005, not in Meta.indexes.
    search_text = models.TextField(_("Suchtext"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("Suchvektor"), null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    # The search document is derived (directory/search.py) and rewritten by set-based updates
    # that bypass history anyway; the proxies Network and Firm are hooked up below.
    history = HISTORY

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_range",
                violation_error_message=_("Der Breitengrad liegt zwischen -90 und 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_range",
                violation_error_message=_("Der Längengrad liegt zwischen -180 und 180."),
            ),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1000, founded__lte=2100),
                name="organisation_founded_plausible",
                violation_error_message=_("Das Gründungsjahr ist nicht plausibel."),
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
    def contact_is_public(self) -> bool:
        """Whether street, telephone and e-mail may be shown: a firm's always, a sole trader's
        (a person's) only with their consent."""
        return not self.is_sole_trader or self.contact_consent

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
        verbose_name = _("Netzwerk / Verband")
        verbose_name_plural = _("Netzwerke und Verbände")

    def save(self, *args, **kwargs):
        self.kind = Organisation.Kind.NETWORK
        super().save(*args, **kwargs)


class Firm(Organisation):
    """Firms, for their own admin section."""

    objects = FirmManager()

    class Meta:
        proxy = True
        verbose_name = _("Unternehmen")
        verbose_name_plural = _("Unternehmen")

    def save(self, *args, **kwargs):
        self.kind = Organisation.Kind.FIRM
        super().save(*args, **kwargs)


def record_proxy_history() -> None:
    """Saves and deletes through Network and Firm send their signals with the proxy as sender,
    which django-simple-history, registered on Organisation, would not hear."""
    for proxy in (Network, Firm):
        # The admin's history view looks the manager up on the section's own model.
        proxy._meta.simple_history_manager_attribute = "history"
        name = proxy.__name__
        post_save.connect(HISTORY.post_save, sender=proxy, weak=False, dispatch_uid=f"history_{name}_saved")
        pre_delete.connect(HISTORY.pre_delete, sender=proxy, weak=False, dispatch_uid=f"history_{name}_pre")
        post_delete.connect(HISTORY.post_delete, sender=proxy, weak=False, dispatch_uid=f"history_{name}_del")


record_proxy_history()
