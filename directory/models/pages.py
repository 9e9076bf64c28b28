from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SitePage(models.Model):
    """A page of the site's own text that the operator keeps in the admin: the privacy notice
    (Datenschutzerklärung) and the imprint (Impressum). One row per page, made by migration.

    The text is plain: a blank line starts a paragraph, a line starting with "## " is a heading,
    addresses and e-mail addresses become links. No HTML, so nothing typed here can put markup or
    script into the page.
    """

    class Key(models.TextChoices):
        PRIVACY = "datenschutz", _("Datenschutzerklärung")
        IMPRINT = "impressum", _("Impressum")

    key = models.CharField(_("Seite"), max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Leerzeile: neuer Absatz. Eine Zeile mit „## “ am Anfang: Zwischenüberschrift. "
            "Web- und E-Mail-Adressen werden zu Links. HTML wird nicht ausgewertet."
        ),
    )
    is_template = models.BooleanField(
        _("Noch Vorlage"),
        default=True,
        help_text=_(
            "Solange angehakt, zeigt die Seite einen Hinweis, dass der Text eine Vorlage ist. "
            "Erst abhaken, wenn alle Angaben in [eckigen Klammern] ergänzt und rechtlich geprüft sind."
        ),
    )
    updated = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten (Datenschutz, Impressum)")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:privacy" if self.key == self.Key.PRIVACY else "directory:imprint")

    def blocks(self) -> list[tuple[str, str]]:
        """The body as ("heading" | "paragraph", text) pairs, for the template to escape."""
        blocks = []
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            chunk = chunk.strip("\n")
            if not chunk.strip():
                continue
            if chunk.startswith("## "):
                heading, _newline, rest = chunk.partition("\n")
                blocks.append(("heading", heading[3:].strip()))
                if rest.strip():
                    blocks.append(("paragraph", rest.strip()))
            else:
                blocks.append(("paragraph", chunk.strip()))
        return blocks
