"""Organisations of every kind, and networks and firms as sections of their own."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from directory.forms import OrganisationForm
from directory.history import NothingToRestore, deleted_organisations, restore_organisation
from directory.models import Firm, Membership, Network, Organisation
from directory.permissions import is_unrestricted
from netzwerk.admin_base import CitationInline, ScopedAdmin
from netzwerk.lib.admin import HTTPS, count_of

from .inlines import (
    MemberInline,
    MembershipInline,
    OrganisationParticipationInline,
    OrganisationPositionInline,
    StatedMemberCountInline,
)
from .tools import OrganisationToolsMixin


class MemberOfFilter(admin.RelatedOnlyFieldListFilter):
    """Members of a network; only networks that have members are offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("Mitglied in")


def organisation_fieldsets(*, with_kind: bool):
    first = ["name", "short_name", "slug", "aliases", "legal_form"]
    if with_kind:
        first = ["kind", *first]
    return [
        (None, {"fields": first}),
        (
            _("Profil"),
            {
                "fields": [
                    "description",
                    ("founded", "founded_place"),
                    "employees",
                    "sectors",
                    "competences",
                ]
            },
        ),
        (
            _("Kontakt"),
            {
                "fields": ["website", "email", "phone", ("is_sole_trader", "contact_consent")],
                "description": _(
                    "Öffentlich auf dem Profil und in den Exporten: die Anschrift, die Zentrale und "
                    "die allgemeine E-Mail-Adresse der Firma, nie die einer Person. Bei einem Einzelunternehmen "
                    "bleiben Straße, Telefon und E-Mail verborgen, bis die Person zugestimmt hat."
                ),
            },
        ),
        (
            _("Adresse"),
            {
                "fields": ["street", ("postcode", "city"), "region", ("latitude", "longitude")],
                "description": _(
                    "Region und Koordinaten ergänzt das Verzeichnis aus der Postleitzahl, wo sie leer sind."
                ),
            },
        ),
        (_("Redaktion"), {"fields": ["note", ("created", "updated")]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationToolsMixin, ScopedAdmin):
    form = OrganisationForm
    fieldsets = organisation_fieldsets(with_kind=True)
    list_display = ["name", "short_name", "kind", "city", "region", "current_member_count"]
    list_select_related = ["region"]
    list_filter = [
        "kind",
        ("memberships__network", MemberOfFilter),
        ("region", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
        "employees",
    ]
    search_fields = ["name", "short_name", "aliases", "slug", "city", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "sectors", "competences"]
    readonly_fields = ["created", "updated"]
    formfield_overrides = HTTPS
    inlines = [
        MembershipInline,
        MemberInline,
        OrganisationPositionInline,
        OrganisationParticipationInline,
        CitationInline,
    ]

    def get_urls(self):
        # Only on the general section: its URL names are the ones the templates link to.
        urls = super().get_urls()
        if self.model is not Organisation:
            return urls
        restore = path(
            "geloescht/",
            self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.deleted_view)),
            name="directory_organisation_deleted",
        )
        return [restore, *urls]

    def deleted_view(self, request):
        """Deleted organisations, each with a button that restores it and what went with it."""
        if not is_unrestricted(request.user):
            raise PermissionDenied
        if request.method == "POST":
            try:
                result = restore_organisation(
                    organisation_id=int(request.POST.get("organisation", "")), user=request.user
                )
            except (ValueError, NothingToRestore) as error:
                self.message_user(request, str(error) or _("Ungültige Auswahl."), messages.ERROR)
                return redirect("admin:directory_organisation_deleted")
            counts = ", ".join(f"{count} {name}" for name, count in result.counts.items() if count)
            self.message_user(
                request,
                _("„%(name)s“ ist wiederhergestellt, mit: %(counts)s.")
                % {"name": result.organisation, "counts": counts or _("nichts weiter")},
                messages.SUCCESS,
            )
            if result.skipped:
                self.message_user(
                    request,
                    _("Nicht wiederhergestellt (das Gegenüber fehlt): %s") % ", ".join(result.skipped),
                    messages.WARNING,
                )
            return redirect("admin:directory_organisation_change", result.organisation.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Gelöschte Organisationen"),
            "deleted": deleted_organisations(),
        }
        return TemplateResponse(request, "admin/directory/organisation_deleted.html", context)

    def get_inlines(self, request, obj):
        if obj is None or not obj.is_network:
            return [inline for inline in self.inlines if inline is not MemberInline]
        return [*self.inlines[:2], StatedMemberCountInline, *self.inlines[2:]]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_network and not is_unrestricted(request.user):
            # An office cannot turn its network into something else (and lose its editors).
            fields.append("kind")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind" and not is_unrestricted(request.user):
            # A new network, with its editors, is set up by a superuser.
            kwargs["choices"] = [choice for choice in db_field.choices if choice[0] != Organisation.Kind.NETWORK]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Through the general section an office could otherwise delete its own network.
        if obj is not None and obj.is_network and not is_unrestricted(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return self.annotate_counts(super().get_queryset(request))

    def annotate_counts(self, queryset):
        return queryset.annotate(current_member_count=count_of(Membership.objects.current(), "network"))

    @admin.display(description=_("Aktuelle Mitglieder"), ordering="current_member_count")
    def current_member_count(self, obj) -> int | str:
        return obj.current_member_count if obj.is_network else "–"


@admin.register(Network)
class NetworkAdmin(OrganisationAdmin):
    fieldsets = organisation_fieldsets(with_kind=False)
    list_display = ["name", "short_name", "city", "region", "current_member_count"]
    list_filter = [
        ("region", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]

    def get_inlines(self, request, obj):
        return [*self.inlines[:2], StatedMemberCountInline, *self.inlines[2:]]


@admin.register(Firm)
class FirmAdmin(OrganisationAdmin):
    fieldsets = organisation_fieldsets(with_kind=False)
    list_display = ["name", "short_name", "city", "region", "employees", "current_network_count"]
    list_filter = [
        ("memberships__network", MemberOfFilter),
        ("region", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
        ("competences", admin.RelatedOnlyFieldListFilter),
        "employees",
    ]
    inlines = [
        MembershipInline,
        OrganisationPositionInline,
        OrganisationParticipationInline,
        CitationInline,
    ]

    def annotate_counts(self, queryset):
        return queryset.annotate(current_network_count=count_of(Membership.objects.current(), "organisation"))

    @admin.display(description=_("Aktuelle Netzwerke"), ordering="current_network_count")
    def current_network_count(self, obj) -> int:
        return obj.current_network_count
