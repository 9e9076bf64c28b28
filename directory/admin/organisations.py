"""Organisations of every kind, and networks and firms as sections of their own."""

from django.contrib import admin

from directory.forms import OrganisationForm
from directory.models import Firm, Membership, Network, Organisation

from .base import HTTPS, CitationInline, count_of
from .inlines import (
    MemberInline, MembershipInline, OrganisationParticipationInline, OrganisationPositionInline,
)
from .tools import OrganisationToolsMixin


class MemberOfFilter(admin.RelatedOnlyFieldListFilter):
    """Members of a network; only networks that have members are offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "Mitglied in"


def organisation_fieldsets(*, with_kind: bool):
    first = ["name", "short_name", "slug", "aliases"]
    if with_kind:
        first = ["kind", *first]
    return [
        (None, {"fields": first}),
        ("Profil", {"fields": ["description", "founded", "employees", "sectors", "competences"]}),
        ("Kontakt", {"fields": ["website", "email", "phone"]}),
        (
            "Adresse",
            {
                "fields": ["street", ("postcode", "city"), "region", ("latitude", "longitude")],
                "description": "Region und Koordinaten ergänzt das Verzeichnis aus der Postleitzahl, "
                "wo sie leer sind.",
            },
        ),
        ("Redaktion", {"fields": ["note", ("created", "updated")]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationToolsMixin, admin.ModelAdmin):
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
        MembershipInline, MemberInline, OrganisationPositionInline,
        OrganisationParticipationInline, CitationInline,
    ]

    def get_inlines(self, request, obj):
        if obj is None or not obj.is_network:
            return [inline for inline in self.inlines if inline is not MemberInline]
        return self.inlines

    def get_queryset(self, request):
        return self.annotate_counts(super().get_queryset(request))

    def annotate_counts(self, queryset):
        return queryset.annotate(current_member_count=count_of(Membership.objects.current(), "network"))

    @admin.display(description="Aktuelle Mitglieder", ordering="current_member_count")
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
        return self.inlines


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
        MembershipInline, OrganisationPositionInline, OrganisationParticipationInline, CitationInline,
    ]

    def annotate_counts(self, queryset):
        return queryset.annotate(
            current_network_count=count_of(Membership.objects.current(), "organisation")
        )

    @admin.display(description="Aktuelle Netzwerke", ordering="current_network_count")
    def current_network_count(self, obj) -> int:
        return obj.current_network_count
