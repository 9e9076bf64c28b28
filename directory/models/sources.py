from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netzwerk.lib.fuzzydates import FuzzyDate, Precision


class Source(models.Model):
    """A document a fact comes from: a press article, a press release, a web page."""

    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    title = models.CharField(_("Titel"), max_length=300)
    publisher = models.CharField(_("Herausgeber / Medium"), max_length=200, blank=True)
    author = models.CharField(_("Autor"), max_length=200, blank=True)
    published_date = models.DateField(_("Erscheinungsdatum"), null=True, blank=True)
    published_precision = models.CharField(
        _("Genauigkeit des Datums"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    url = models.URLField(_("Adresse (URL)"), max_length=500, blank=True)
    retrieved_date = models.DateField(
        _("Abgerufen am"), null=True, blank=True, help_text=_("Wann unsere Kopie der Quelle gelesen wurde.")
    )
    excerpt = models.TextField(_("Auszug"), blank=True)
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True, help_text=_("Was erschlossen wurde und woraus."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")
        ordering = ["-published_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:source-detail", kwargs={"slug": self.slug})

    @property
    def published(self) -> FuzzyDate | None:
        if not self.published_date:
            return None
        return FuzzyDate(self.published_date, self.published_precision)

    @published.setter
    def published(self, value: FuzzyDate | None) -> None:
        self.published_date = value.lower if value else None
        self.published_precision = value.precision if value else Precision.DAY


class Citation(models.Model):
    """One source cited by one record: an organisation, membership, position, event, …"""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations", verbose_name=_("Quelle"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(_("Beleg (Zitat)"), blank=True)
    evidence = models.TextField(
        _("Beleg (eigene Worte)"),
        blank=True,
        help_text=_("Was die Quelle aussagt, kurz in eigenen Worten; kein wörtliches Zitat."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        ordering = ["source__published_date", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id"],
                name="citation_unique_per_record",
                violation_error_message=_("Diese Quelle ist für diesen Eintrag schon angegeben."),
            ),
        ]

    @property
    def text(self) -> str:
        """What a page shows as the evidence: our paraphrase where there is one, else the quote."""
        return self.evidence or self.quote

    @property
    def is_quote(self) -> bool:
        return not self.evidence and bool(self.quote)

    def __str__(self) -> str:
        return f"{self.source} → {ContentType.objects.get_for_id(self.content_type_id)} #{self.object_id}"
