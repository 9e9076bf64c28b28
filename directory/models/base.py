"""Pieces every dated, cited record shares."""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerk.lib.fuzzydates import FuzzyDate, Precision, format_period


class DatedQuerySet(models.QuerySet):
    """Current and historical views derived from the dates, never from a flag."""

    def as_of(self, day: datetime.date):
        # An unknown start or end is open: the record counts until the dates say otherwise.
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )

    def current(self):
        return self.as_of(timezone.localdate())

    def ended(self, day: datetime.date | None = None):
        return self.filter(end_date__lt=day or timezone.localdate())


class Dated(models.Model):
    """A fuzzy start and end: the date is the period's first day for the start, last for the end."""

    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    start_precision = models.CharField(
        _("Genauigkeit des Beginns"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    end_precision = models.CharField(
        _("Genauigkeit des Endes"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
        ]

    @property
    def start(self) -> FuzzyDate | None:
        return FuzzyDate(self.start_date, self.start_precision) if self.start_date else None

    @start.setter
    def start(self, value: FuzzyDate | None) -> None:
        self.start_date = value.lower if value else None
        self.start_precision = value.precision if value else Precision.DAY

    @property
    def end(self) -> FuzzyDate | None:
        return FuzzyDate(self.end_date, self.end_precision) if self.end_date else None

    @end.setter
    def end(self, value: FuzzyDate | None) -> None:
        self.end_date = value.upper if value else None
        self.end_precision = value.precision if value else Precision.DAY

    @property
    def period(self) -> str:
        return format_period(self.start, self.end)

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)

    def normalise_dates(self) -> None:
        """Store a start as its period's first day and an end as its last."""
        if self.start_date:
            self.start = FuzzyDate(self.start_date, self.start_precision)
        if self.end_date:
            self.end = FuzzyDate(self.end_date, self.end_precision)

    def save(self, *args, **kwargs):
        self.normalise_dates()
        super().save(*args, **kwargs)


class Attested(models.Model):
    """The date a source attests a link whose start and end are unknown ("belegt: Mai 2017").

    The subclass declares `attested_date` and `attested_precision` (with its own help text).
    Such a link counts as current (DatedQuerySet: an unknown start or end is open) until the
    dates say otherwise; the attested date only says when a source last named it.
    """

    class Meta:
        abstract = True

    @property
    def attested(self) -> FuzzyDate | None:
        if not self.attested_date:
            return None
        return FuzzyDate(self.attested_date, self.attested_precision)

    @attested.setter
    def attested(self, value: FuzzyDate | None) -> None:
        self.attested_date = value.lower if value else None
        self.attested_precision = value.precision if value else Precision.DAY


class Cited(models.Model):
    """A record whose facts cite sources (see Citation)."""

    citations = GenericRelation("directory.Citation", related_query_name="%(class)s")

    class Meta:
        abstract = True
