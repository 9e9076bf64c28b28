from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Organisation


class OrganisationRedirect(models.Model):
    """The address of an organisation merged into another keeps working (directory/merge.py).

    The public pages look a slug up here when no organisation has it and answer with a
    permanent redirect to the organisation that was kept.
    """

    old_slug = models.SlugField(_("Früheres Kürzel (URL)"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="redirects",
        verbose_name=_("Organisation"),
    )
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()
