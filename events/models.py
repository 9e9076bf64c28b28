from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import Cited, Dated, DatedQuerySet, Organisation, Person, Region


class Topic(models.Model):
    """What an event is about: Digitalisierung, Industrie 4.0, Nachhaltigkeit, …"""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    name_en = models.CharField(_("Name (englisch)"), max_length=120, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:event-list") + f"?thema={self.slug}"


class EventSeries(Cited):
    """A recurring event, such as Maker Faire Sachsen (every year since 2017)."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel (URL)"), max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:series-detail", kwargs={"slug": self.slug})


class EventQuerySet(DatedQuerySet):
    # Every saved event has an end (see Event.save), so an event known only to the year
    # stays upcoming until the year is over.
    def upcoming(self, day=None):
        return self.filter(end_date__gte=day or timezone.localdate())

    def past(self, day=None):
        return self.filter(end_date__lt=day or timezone.localdate())

    def involving(self, organisation):
        """Events the organisation organised, hosted or otherwise took part in (its participations)."""
        return self.filter(
            models.Exists(Participation.objects.filter(event=models.OuterRef("pk"), organisation=organisation))
        )


class Event(Dated, Cited):
    """A conference, network meeting, workshop, delegation visit, fair, … with a fuzzy date."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Konferenz")
        NETWORK_MEETING = "network_meeting", _("Netzwerktreffen")
        WORKSHOP = "workshop", _("Workshop")
        DELEGATION_VISIT = "delegation_visit", _("Delegationsbesuch")
        DELEGATION_TRIP = "delegation_trip", _("Delegationsreise")
        FAIR = "fair", _("Messe / Festival")
        ROUND_TABLE = "round_table", _("Gesprächsrunde / Stammtisch")
        EXHIBITION = "exhibition", _("Ausstellung")
        OTHER = "other", _("Sonstige")

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        TOOK_PLACE = "took_place", _("fand statt")
        CANCELLED = "cancelled", _("abgesagt")
        POSTPONED = "postponed", _("verschoben")

    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kürzel (URL)"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    description = models.TextField(_("Beschreibung"), blank=True)
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Reihe"),
    )
    venue = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venue_of",
        verbose_name=_("Veranstaltungsort (Organisation)"),
    )
    venue_name = models.CharField(
        _("Veranstaltungsort"), max_length=200, blank=True, help_text=_("z. B. Stadthalle Chemnitz")
    )
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Region"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events", verbose_name=_("Themen"))
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["topics"])

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["-start_date", "title"]
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(
                condition=Q(start_date__isnull=False),
                name="event_has_start",
                violation_error_message=_("Eine Veranstaltung braucht ein Datum, mindestens das Jahr."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # An event with no end given lasts its start's period: "März 2017" ends on 31 March.
        if self.end_date is None and self.start_date is not None:
            self.end = self.start
        super().save(*args, **kwargs)

    @property
    def period(self) -> str:
        """An event without an end happened on its start date, not "since" it."""
        if self.end is None or str(self.end) == str(self.start):
            return str(self.start) if self.start else ""
        return super().period

    @property
    def status_shown(self) -> tuple[str, str]:
        """The status as the site states it: (CSS modifier, label).

        "geplant" on an event whose days are over would claim it is still ahead. Whether it took
        place is simply not recorded yet, and the site says so instead of guessing either way.
        """
        if self.status == self.Status.PLANNED and self.end_date and self.end_date < timezone.localdate():
            return "unrecorded", _("Durchführung nicht belegt")
        return self.status, self.get_status_display()

    @property
    def place(self) -> str:
        """Where, as a reader wants it: "Stadthalle Chemnitz, Chemnitz". Reads venue (select it)."""
        venue = self.venue_name or (self.venue.name if self.venue_id else "")
        if self.city and self.city not in venue:
            return f"{venue}, {self.city}" if venue else self.city
        return venue


class Participation(Cited):
    """A person and/or an organisation took part in an event in a role."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Veranstalter")
        HOST = "host", _("Gastgeber")
        COMMISSIONER = "commissioner", _("Auftraggeber")
        SPEAKER = "speaker", _("Referent/in")
        GUEST = "guest", _("Gast")
        DELEGATION_MEMBER = "delegation_member", _("Delegationsmitglied")
        EXHIBITOR = "exhibitor", _("Aussteller")
        PARTNER = "partner", _("Partner")
        PARTICIPANT = "participant", _("Teilnehmer/in")

    # The roles that say who put an event on; pages show them apart from the audience.
    ORGANISING_ROLES = (Role.ORGANISER, Role.HOST, Role.COMMISSIONER)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("Veranstaltung")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("Organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("Person"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    talk_title = models.CharField(_("Vortragstitel"), max_length=300, blank=True)
    note = models.TextField(_("Redaktionelle Anmerkung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["event", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="participation_has_participant",
                violation_error_message=_("Eine Teilnahme braucht eine Person oder eine Organisation."),
            ),
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                condition=Q(person__isnull=False),
                name="participation_unique_person_role",
                violation_error_message=_("Diese Person ist in dieser Rolle schon eingetragen."),
            ),
            models.UniqueConstraint(
                fields=["event", "organisation", "role"],
                condition=Q(person__isnull=True),
                name="participation_unique_organisation_role",
                violation_error_message=_("Diese Organisation ist in dieser Rolle schon eingetragen."),
            ),
        ]

    def __str__(self) -> str:
        who = " / ".join(str(x) for x in (self.person, self.organisation) if x)
        return f"{who}: {self.get_role_display()} – {self.event}"


def visible_participations():
    """Participations a public page may show: a private person's only through their organisation."""
    return Participation.objects.filter(
        Q(person__isnull=True) | Q(person__is_public=True) | Q(organisation__isnull=False)
    )
