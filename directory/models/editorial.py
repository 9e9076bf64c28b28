"""Who edits which network, and what readers report as wrong (see directory/permissions.py)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Organisation


class NetworkEditor(models.Model):
    """A staff user who keeps one network's records current (its office).

    The user also needs the "Netzwerk-Redaktion" group for the model permissions; this row
    says on which records those permissions count.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_editor_roles",
        verbose_name=_("Benutzer"),
    )
    network = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="editors",
        limit_choices_to={"kind": Organisation.Kind.NETWORK},
        verbose_name=_("Netzwerk"),
    )
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)

    class Meta:
        # Not "Netzwerk-Redaktion": that is the group's name, and two admin screens sharing it
        # made editors hard to set up. Both are set on the user's page (directory/admin/users.py).
        verbose_name = _("Betreutes Netzwerk")
        verbose_name_plural = _("Betreute Netzwerke")
        ordering = ["network__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"],
                name="network_editor_unique",
                violation_error_message=_("Diese Person betreut dieses Netzwerk schon."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.network}"


class CorrectionRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CorrectionRequest.Status.NEW)


class CorrectionRequest(models.Model):
    """A reader's report that a public profile is wrong. Changes nothing until an editor acts."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        APPLIED = "applied", _("übernommen")
        REJECTED = "rejected", _("abgelehnt")

    # One of the public profiles: organisation (and network), person, event.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("Art"))
    object_id = models.PositiveBigIntegerField(_("Nr."))
    record = GenericForeignKey("content_type", "object_id")
    # What the reader saw, kept should the record be renamed or deleted.
    record_label = models.CharField(_("Eintrag"), max_length=300)
    message = models.TextField(_("Was ist falsch?"), max_length=2000)
    contact = models.EmailField(_("Kontakt (E-Mail)"), max_length=200, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.NEW)
    editor_note = models.TextField(_("Vermerk der Redaktion"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Bearbeitet von"),
    )
    decided_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    # A salted hash of the sender's address: enough to spot a flood, useless to identify anyone.
    client_hash = models.CharField(_("Absender (Hash)"), max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("Eingegangen"), auto_now_add=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Korrekturhinweis")
        verbose_name_plural = _("Korrekturhinweise")
        ordering = ["-created"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="correction_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="new") | models.Q(decided_at__isnull=False),
                name="correction_decided_has_date",
                violation_error_message=_("Ein bearbeiteter Hinweis braucht ein Datum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_label}: {self.message[:60]}"


class ImportRecord(models.Model):
    """One member list written by the spreadsheet import: who, which file, what it changed.

    Kept for the editorial trail (the rows' history records say "Import aus <file>" too): an
    editor's import is checked against their scope row by row, and this says afterwards what
    each row did and to which organisation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("Benutzer"),
    )
    network = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Alle Zeilen als Mitglieder von"),
    )
    filename = models.CharField(_("Datei"), max_length=255)
    digest = models.CharField(_("SHA-256 der Datei"), max_length=64)
    created = models.DateTimeField(_("Importiert am"), auto_now_add=True)
    created_count = models.PositiveIntegerField(_("neu"), default=0)
    updated_count = models.PositiveIntegerField(_("geändert"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unverändert"), default=0)
    # [{"row": 2, "name": "…", "action": "created", "organisation": 17, "changes": ["…"]}, …]
    rows = models.JSONField(_("Zeilen"), default=list)

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="import_record_digest_is_sha256",
                violation_error_message=_("Die Prüfsumme ist kein SHA-256."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created:%Y-%m-%d %H:%M})" if self.created else self.filename
