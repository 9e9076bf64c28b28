"""The dated links: memberships in networks, people's positions, organisation relationships."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netzwerk.lib.fuzzydates import FuzzyDate, Precision

from .base import Attested, Cited, Dated, DatedQuerySet
from .organisation import Organisation
from .person import Person


def unique_from_start(*fields: str, name: str, message: str) -> list[models.UniqueConstraint]:
    """The same link may not start twice on the same date; an unknown start counts as one date.

    Two partial indexes rather than NULLS NOT DISTINCT, which SQLite lacks.
    """
    return [
        models.UniqueConstraint(
            fields=[*fields, "start_date"],
            condition=Q(start_date__isnull=False),
            name=name,
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            fields=list(fields),
            condition=Q(start_date__isnull=True),
            name=f"{name}_unknown",
            violation_error_message=message,
        ),
    ]


class Membership(Dated, Attested, Cited):
    """An organisation is a member of a network (the network's kind must be network)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        FOUNDING_MEMBER = "founding_member", _("Gründungsmitglied")
        SUPPORTING_MEMBER = "supporting_member", _("Förderndes Mitglied")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Mitglied")
    )
    network = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind": Organisation.Kind.NETWORK},
        verbose_name=_("Netzwerk"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    attested_date = models.DateField(
        _("Belegt am"),
        null=True,
        blank=True,
        help_text=_("Wann eine Quelle die Mitgliedschaft belegt, wenn Beginn und Ende unbekannt sind."),
    )
    attested_precision = models.CharField(
        _("Genauigkeit des Belegdatums"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["network__name", "organisation__name", "start_date"]
        # The cooperation graph reads memberships from both ends: index-only scans for member
        # counts, shared members and BFS levels (directory/graph). No INCLUDE of the dates,
        # which SQLite would warn about on every command.
        indexes = [
            models.Index(
                fields=["organisation", "network"],
                name="membership_org_network_idx",
            ),
            models.Index(
                fields=["network", "organisation"],
                name="membership_network_org_idx",
            ),
        ]
        constraints = [
            *Dated.Meta.constraints,
            *unique_from_start(
                "organisation",
                "network",
                name="membership_unique_start",
                message=_("Diese Mitgliedschaft mit diesem Beginn gibt es schon."),
            ),
            models.CheckConstraint(
                condition=~Q(organisation=F("network")),
                name="membership_not_self",
                violation_error_message=_("Eine Organisation kann nicht Mitglied ihrer selbst sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    def clean(self):
        super().clean()
        # The database enforces this too (trigger membership_target_is_network); this is the
        # readable message for forms.
        if self.network_id and self.network.kind != Organisation.Kind.NETWORK:
            raise ValidationError({"network": _("Mitglied sein kann man nur in einem Netzwerk oder Verband.")})


class Position(Dated, Attested, Cited):
    """A person holds a role at an organisation (Vorsitzender, Geschäftsführerin, Ministerin)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("Person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="positions", verbose_name=_("Organisation")
    )
    role = models.CharField(_("Funktion"), max_length=150, blank=True, help_text=_("z. B. Vorsitzender"))
    attested_date = models.DateField(
        _("Belegt am"),
        null=True,
        blank=True,
        help_text=_("Wann eine Quelle die Funktion belegt, wenn Beginn und Ende unbekannt sind."),
    )
    attested_precision = models.CharField(
        _("Genauigkeit des Belegdatums"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Funktion")
        verbose_name_plural = _("Funktionen")
        ordering = ["organisation__name", "-start_date", "person__name"]
        constraints = [
            *Dated.Meta.constraints,
            *unique_from_start(
                "person",
                "organisation",
                "role",
                name="position_unique_start",
                message=_("Diese Funktion mit diesem Beginn gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        role = self.role or _("tätig")
        return f"{self.person}, {role}, {self.organisation}"


class Relationship(Dated, Cited):
    """A typed link between two organisations, directed where the type is."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Kooperation")
        COMMISSIONED = "commissioned", _("Auftrag")
        ORGANISED_FOR = "organised_for", _("Organisation im Auftrag")
        SUPPLIER = "supplier", _("Lieferbeziehung")
        PARENT = "parent", _("Mutter-/Tochtergesellschaft")
        FUNDING = "funding", _("Finanzierung")

    # How each type reads from either end: (from → to, to → from).
    PHRASES = {
        Kind.COOPERATION: (_("kooperiert mit"), _("kooperiert mit")),
        Kind.COMMISSIONED: (_("beauftragte"), _("beauftragt von")),
        Kind.ORGANISED_FOR: (_("organisierte für"), _("ließ organisieren von")),
        Kind.SUPPLIER: (_("beliefert"), _("wird beliefert von")),
        Kind.PARENT: (_("ist Muttergesellschaft von"), _("ist Tochtergesellschaft von")),
        Kind.FUNDING: (_("finanziert"), _("finanziert von")),
    }
    UNDIRECTED = frozenset({Kind.COOPERATION})

    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationships_out", verbose_name=_("Von")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationships_in", verbose_name=_("An")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    description = models.CharField(
        _("Worum es geht"), max_length=300, blank=True, help_text=_("z. B. Delegationsbesuch im Rahmen des BBA")
    )
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beziehung")
        verbose_name_plural = _("Beziehungen")
        ordering = ["-start_date", "kind"]
        constraints = [
            *Dated.Meta.constraints,
            *unique_from_start(
                "from_organisation",
                "to_organisation",
                "kind",
                name="relationship_unique_start",
                message=_("Diese Beziehung mit diesem Beginn gibt es schon."),
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=F("to_organisation")),
                name="relationship_not_self",
                violation_error_message=_("Eine Organisation kann keine Beziehung zu sich selbst haben."),
            ),
            # An undirected link is stored once, lower id first, so A–B and B–A cannot both exist.
            models.CheckConstraint(
                condition=~Q(kind="cooperation") | Q(from_organisation__lt=F("to_organisation")),
                name="relationship_undirected_ordered",
                violation_error_message=_("Eine ungerichtete Beziehung wird nur einmal gespeichert."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation_id and self.from_organisation} {self.phrase} {self.to_organisation_id and self.to_organisation}"

    @property
    def is_directed(self) -> bool:
        return self.kind not in self.UNDIRECTED

    @property
    def phrase(self) -> str:
        return self.PHRASES.get(self.kind, (self.kind, self.kind))[0]

    def phrase_from(self, organisation_id: int) -> str:
        """How the link reads from the given end."""
        forward, backward = self.PHRASES.get(self.kind, (self.kind, self.kind))
        return forward if organisation_id == self.from_organisation_id else backward

    def other_end(self, organisation_id: int) -> Organisation:
        if organisation_id == self.from_organisation_id:
            return self.to_organisation
        return self.from_organisation

    def order_ends(self) -> None:
        """Undirected links keep the lower id first (see relationship_undirected_ordered)."""
        if (
            not self.is_directed
            and self.from_organisation_id
            and self.to_organisation_id
            and self.from_organisation_id > self.to_organisation_id
        ):
            self.from_organisation, self.to_organisation = self.to_organisation, self.from_organisation

    def clean(self):
        super().clean()
        self.order_ends()

    def save(self, *args, **kwargs):
        self.order_ends()
        super().save(*args, **kwargs)


class StatedMemberCount(Cited):
    """A network's member count as a source states it ("158 Mitgliedsunternehmen", 2019).

    A dated, cited fact shown beside the members the atlas knows; never turned into rows.
    """

    network = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="stated_member_counts",
        limit_choices_to={"kind": Organisation.Kind.NETWORK},
        verbose_name=_("Netzwerk"),
    )
    count = models.PositiveIntegerField(_("Anzahl"))
    label = models.CharField(
        _("Was gezählt wurde"), max_length=120, blank=True, help_text=_("z. B. Mitgliedsunternehmen")
    )
    as_of_date = models.DateField(_("Stand"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("Genauigkeit des Stands"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Angegebene Mitgliederzahl")
        verbose_name_plural = _("Angegebene Mitgliederzahlen")
        ordering = ["network__name", "-as_of_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gt=0),
                name="statedmembercount_count_positive",
                violation_error_message=_("Eine angegebene Mitgliederzahl ist größer als null."),
            ),
        ]

    def __str__(self) -> str:
        label = self.label or _("Mitglieder")
        return f"{self.network_id and self.network}: {self.count} {label} ({self.as_of or '–'})"

    @property
    def as_of(self) -> FuzzyDate | None:
        if not self.as_of_date:
            return None
        return FuzzyDate(self.as_of_date, self.as_of_precision)

    @as_of.setter
    def as_of(self, value: FuzzyDate | None) -> None:
        self.as_of_date = value.lower if value else None
        self.as_of_precision = value.precision if value else Precision.DAY

    def clean(self):
        super().clean()
        if self.network_id and self.network.kind != Organisation.Kind.NETWORK:
            raise ValidationError({"network": _("Eine Mitgliederzahl hat nur ein Netzwerk oder Verband.")})
