"""Editors' tools on the organisation changelist: importing a member list, duplicates, merging.

The import keeps the uploaded file between preview and confirmation in the session (the bytes,
base64, with their SHA-256), not on local disk: the confirming request may reach another app
server, and a session lives in the database or shared cache like everything else. The upload
is limited to IMPORT_MAX_BYTES for that reason too. Confirming sends the digest shown in the
preview, so what runs is exactly the file that was previewed, even with two tabs open.
"""

import base64
import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from directory.duplicates import TooSlow, duplicate_candidates
from directory.importing import COLUMNS, EXTENSIONS, import_organisations
from directory.merge import MergeError, merge_organisations
from directory.models import Organisation
from directory.permissions import editable_networks, is_unrestricted

IMPORT_MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "directory_import"


def can_import(request) -> bool:
    """Superusers, and a network's editors with the right to add organisations: the offices
    have the member lists. An editor's rows are checked against their scope, row by row
    (directory/importing/scope.py); a row outside it stops the import and names the row."""
    user = request.user
    if is_unrestricted(user):
        return True
    return bool(
        user.is_active
        and user.is_staff
        and user.has_perm("directory.add_organisation")
        and editable_networks(user).exists()
    )


def can_merge(request) -> bool:
    """Merging changes one organisation and deletes another, moving links that may belong to
    other networks' records: superusers only, like the duplicates list it starts from."""
    return is_unrestricted(request.user)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei (.csv oder .xlsx)"),
        help_text=gettext_lazy("Höchstens 5 MB. Erste Zeile: Spaltennamen."),
    )
    network = forms.ModelChoiceField(
        queryset=Organisation.objects.networks(),
        required=False,
        label=gettext_lazy("Alle Zeilen als Mitglieder von"),
        help_text=gettext_lazy("Optional; zusätzlich zur Spalte „networks“."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not is_unrestricted(user):
            # An editor's list is their own network's: they choose among theirs, and with one
            # network it is chosen for them.
            networks = editable_networks(user)
            self.fields["network"].queryset = networks
            only = list(networks[:2])
            if len(only) == 1:
                self.fields["network"].initial = only[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Nur .csv- und .xlsx-Dateien können importiert werden."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB; bitte teilen."))
        return upload


class OrganisationToolsMixin:
    """URLs and views of the tools; only the Organisation section has them (not its proxies)."""

    actions = ["merge_selected"]

    def get_urls(self):
        urls = super().get_urls()
        if self.model is not Organisation:
            return urls
        wrap = self.admin_site.admin_view
        get_or_post = require_http_methods(["GET", "POST"])
        return [
            path("import/", wrap(get_or_post(self.import_view)), name="directory_organisation_import"),
            path("duplikate/", wrap(require_safe(self.duplicates_view)), name="directory_organisation_duplicates"),
            path("zusammenfuehren/", wrap(get_or_post(self.merge_view)), name="directory_organisation_merge"),
            *urls,
        ]

    def changelist_view(self, request, extra_context=None):
        # The changelist's buttons to the tools, for those who may use them.
        tools = {"can_import": can_import(request), "can_merge": can_merge(request)}
        return super().changelist_view(request, extra_context={**tools, **(extra_context or {})})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.model is not Organisation or not can_merge(request):
            actions.pop("merge_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Ausgewählte zwei Organisationen zusammenführen"))
    def merge_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, _("Bitte genau zwei Organisationen auswählen."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:directory_organisation_merge") + f"?keep={ids[0]}&remove={ids[1]}")

    def tool_context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    # Import --------------------------------------------------------------------------------

    def import_view(self, request):
        if not can_import(request):
            raise PermissionDenied
        template = "admin/directory/organisation/import.html"
        context = self.tool_context(request, _("Mitgliederliste importieren"), columns=COLUMNS)
        if request.method == "POST" and request.POST.get("confirm"):
            return self.import_confirm(request, context, template)
        form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            network = form.cleaned_data["network"]
            report = import_organisations(
                content=content, filename=upload.name, network=network, dry_run=True, user=request.user
            )
            digest = hashlib.sha256(content).hexdigest()
            if report.ok:
                request.session[SESSION_KEY] = {
                    "content": base64.b64encode(content).decode("ascii"),
                    "filename": upload.name,
                    "network": network.pk if network else None,
                    "digest": digest,
                }
            else:
                request.session.pop(SESSION_KEY, None)
            context.update(report=report, digest=digest, network=network)
        context["form"] = form
        return TemplateResponse(request, template, context)

    def import_confirm(self, request, context, template):
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("digest") != request.POST.get("confirm"):
            self.message_user(
                request, _("Die geprüfte Datei liegt nicht mehr vor; bitte erneut hochladen."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:directory_organisation_import"))
        network = Organisation.objects.networks().filter(pk=stored["network"]).first() if stored["network"] else None
        report = import_organisations(
            content=base64.b64decode(stored["content"]),
            filename=stored["filename"],
            network=network,
            user=request.user,
        )
        del request.session[SESSION_KEY]
        if report.ok:
            self.message_user(request, report.summary(), messages.SUCCESS)
        context.update(report=report, form=ImportForm(user=request.user), confirmed=True)
        return TemplateResponse(request, template, context)

    # Duplicates and merging --------------------------------------------------------------

    def duplicates_view(self, request):
        if not can_merge(request):
            raise PermissionDenied
        try:
            candidates = duplicate_candidates()
        except TooSlow:
            candidates = []
            self.message_user(
                request, _("Die Suche nach Dubletten hat zu lange gedauert und wurde abgebrochen."), messages.WARNING
            )
        context = self.tool_context(request, _("Mögliche Dubletten"), candidates=candidates)
        return TemplateResponse(request, "admin/directory/organisation/duplicates.html", context)

    def merge_view(self, request):
        if not can_merge(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        try:
            keep_id, remove_id = int(data.get("keep", "")), int(data.get("remove", ""))
        except ValueError:
            self.message_user(request, _("Bitte zwei Organisationen wählen."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:directory_organisation_duplicates"))
        counted = Organisation.objects.annotate(
            membership_count=Count("memberships", distinct=True),
            member_count=Count("member_links", distinct=True),
            position_count=Count("positions", distinct=True),
            participation_count=Count("participations", distinct=True),
            competence_count=Count("competences", distinct=True),
        )
        keep = get_object_or_404(counted, pk=keep_id)
        remove = get_object_or_404(counted, pk=remove_id)
        if request.method == "POST":
            try:
                report = merge_organisations(keep=keep, remove=remove, user=request.user)
            except MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("„%(removed)s“ wurde in „%(kept)s“ zusammengeführt.")
                    % {
                        "removed": report.removed_name,
                        "kept": keep.name,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:directory_organisation_change", args=[keep.pk]))
        context = self.tool_context(request, _("Organisationen zusammenführen"), keep=keep, remove=remove)
        return TemplateResponse(request, "admin/directory/organisation/merge.html", context)
