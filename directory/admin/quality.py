"""Datenqualität: an admin page listing the records that need care, within the editor's scope.

- firms without competences, firms without a region;
- organisations not changed for 24 months (Organisation.updated, auto_now);
- facts without a source: memberships, positions, relationships and participations that cite
  nothing;
- competences not yet reviewed (the spreadsheet import creates them for names it does not know).

Each list shows at most LIMIT rows and the total; each costs one query while it has fewer rows
than that (a count follows only for a full list).
"""

import datetime

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    Position,
    Relationship,
)
from directory.permissions import is_unrestricted, restrict
from events.models import Participation

LIMIT = 50
STALE_AFTER = datetime.timedelta(days=730)

# Site-wide: the admin index links to the page (and to the correction queue).
admin.site.index_template = "admin/atlas_index.html"


def uncited(model):
    """Rows of `model` that no Citation points at."""
    citations = Citation.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
    return model._default_manager.filter(~Exists(citations))


def section(request, title: str, description: str, queryset) -> dict:
    """One list: the first LIMIT rows in the user's scope, each with its admin link, and the total."""
    queryset = restrict(request.user, queryset)
    rows = list(queryset[:LIMIT])
    count = queryset.count() if len(rows) == LIMIT else len(rows)
    meta = queryset.model._meta
    url_name = f"admin:{meta.app_label}_{meta.model_name}_change"
    return {
        "title": title,
        "description": description,
        "count": count,
        "rows": [(str(row), reverse(url_name, args=[row.pk])) for row in rows],
    }


@require_safe
def data_quality(request):
    stale_before = timezone.now() - STALE_AFTER
    firms = Organisation.objects.firms().order_by("name")
    without_competences = ~Exists(Organisation.competences.through.objects.filter(organisation_id=OuterRef("pk")))
    sections = [
        section(
            request,
            _("Unternehmen ohne Kompetenzen"),
            _("Ohne Kompetenzen findet die Suche nach Können die Firma nicht."),
            firms.filter(without_competences),
        ),
        section(
            request,
            _("Unternehmen ohne Region"),
            _("Eine Postleitzahl ergänzt Region und Koordinaten beim Speichern."),
            firms.filter(region__isnull=True),
        ),
        section(
            request,
            _("Seit 24 Monaten nicht geändert"),
            _("Organisationen, deren Eintrag niemand mehr angesehen und gespeichert hat."),
            Organisation.objects.filter(updated__lt=stale_before).order_by("updated"),
        ),
        section(
            request,
            _("Mitgliedschaften ohne Quelle"),
            _("Jede Tatsache nennt ihre Quelle."),
            uncited(Membership).select_related("organisation", "network"),
        ),
        section(
            request,
            _("Funktionen ohne Quelle"),
            _("Jede Tatsache nennt ihre Quelle."),
            uncited(Position).select_related("person", "organisation"),
        ),
        section(
            request,
            _("Beziehungen ohne Quelle"),
            _("Jede Tatsache nennt ihre Quelle."),
            uncited(Relationship).select_related("from_organisation", "to_organisation"),
        ),
        section(
            request,
            _("Teilnahmen ohne Quelle"),
            _("Jede Tatsache nennt ihre Quelle."),
            uncited(Participation).select_related("event", "person", "organisation"),
        ),
        section(
            request,
            _("Ungeprüfte Kompetenzen"),
            _("Beim Import neu angelegte Begriffe: prüfen, zusammenführen oder einordnen."),
            Competence.objects.filter(reviewed=False),
        ),
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Datenqualität"),
        "sections": sections,
        "limit": LIMIT,
        "may_restore": is_unrestricted(request.user),
    }
    return TemplateResponse(request, "admin/data_quality.html", context)
