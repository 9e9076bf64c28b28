"""The dated links: memberships, positions, relationships between organisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directory.forms import MembershipForm, PositionForm, RelationshipForm, StatedMemberCountForm
from directory.models import Membership, Position, Relationship, StatedMemberCount
from netzwerk.admin_base import CitationInline, ScopedAdmin
from netzwerk.lib.admin import SHORT_TEXT, is_current, period

from .base import CurrentFilter


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    form = MembershipForm
    fields = ["organisation", "network", "role", "start", "end", "attested", "note"]
    autocomplete_fields = ["organisation", "network"]
    list_display = ["organisation", "network", "role", period, "attested_display", is_current]
    list_select_related = ["organisation", "network"]
    list_filter = [CurrentFilter, "role", ("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "organisation__name",
        "organisation__short_name",
        "network__name",
        "network__short_name",
    ]
    formfield_overrides = SHORT_TEXT
    inlines = [CitationInline]

    @admin.display(description=_("Belegt am"), ordering="attested_date")
    def attested_display(self, obj) -> str:
        return str(obj.attested) if obj.attested else "–"


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    form = PositionForm
    fields = ["person", "organisation", "role", "start", "end", "attested", "note"]
    autocomplete_fields = ["person", "organisation"]
    list_display = ["person", "role", "organisation", period, "attested_display", is_current]
    list_select_related = ["person", "organisation"]
    list_filter = [CurrentFilter, "organisation__kind"]
    search_fields = ["person__name", "role", "organisation__name", "organisation__short_name"]
    formfield_overrides = SHORT_TEXT
    inlines = [CitationInline]

    @admin.display(description=_("Belegt am"), ordering="attested_date")
    def attested_display(self, obj) -> str:
        return str(obj.attested) if obj.attested else "–"


@admin.register(Relationship)
class RelationshipAdmin(ScopedAdmin):
    form = RelationshipForm
    fields = ["from_organisation", "kind", "to_organisation", "description", "start", "end", "note"]
    autocomplete_fields = ["from_organisation", "to_organisation"]
    list_display = ["from_organisation", "kind", "to_organisation", "description", period]
    list_select_related = ["from_organisation", "to_organisation"]
    list_filter = ["kind", CurrentFilter]
    search_fields = [
        "from_organisation__name",
        "from_organisation__short_name",
        "to_organisation__name",
        "to_organisation__short_name",
        "description",
    ]
    formfield_overrides = SHORT_TEXT
    inlines = [CitationInline]


@admin.register(StatedMemberCount)
class StatedMemberCountAdmin(ScopedAdmin):
    form = StatedMemberCountForm
    fields = ["network", "count", "label", "as_of", "note"]
    autocomplete_fields = ["network"]
    list_display = ["network", "count", "label", "as_of_display"]
    list_select_related = ["network"]
    list_filter = [("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["network__name", "network__short_name", "label"]
    formfield_overrides = SHORT_TEXT
    inlines = [CitationInline]

    @admin.display(description=_("Stand"), ordering="as_of_date")
    def as_of_display(self, obj) -> str:
        return str(obj.as_of) if obj.as_of else "–"
