"""Places and vocabularies: regions, postcodes, sectors, competences."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directory.models import Competence, Organisation, PostalCode, Region, Sector
from netzwerk.admin_base import ScopedAdmin
from netzwerk.lib.admin import count_of
from netzwerk.lib.forms import RulesModelForm

from .base import NameFirstSearchMixin


@admin.register(Region)
class RegionAdmin(NameFirstSearchMixin, admin.ModelAdmin):
    form = RulesModelForm
    fields = ["name", "slug", "kind", "parent", "ags", ("latitude", "longitude")]
    list_display = ["name", "kind", "parent", "ags"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "ags", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    """Loaded from OpenStreetMap data; corrected here only now and then."""

    form = RulesModelForm
    fields = ["code", "region", ("latitude", "longitude")]
    list_display = ["code", "region", "latitude", "longitude"]
    list_select_related = ["region"]
    search_fields = ["^code", "region__name"]
    autocomplete_fields = ["region"]
    list_per_page = 200


@admin.register(Sector)
class SectorAdmin(NameFirstSearchMixin, ScopedAdmin):
    form = RulesModelForm
    fields = ["name", "name_en", "slug", "description"]
    list_display = ["name", "name_en", "organisation_count"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(organisation_count=count_of(Organisation.sectors.through.objects.all(), "sector"))
        )

    @admin.display(description=_("Organisationen"), ordering="organisation_count")
    def organisation_count(self, obj) -> int:
        return obj.organisation_count


@admin.register(Competence)
class CompetenceAdmin(NameFirstSearchMixin, ScopedAdmin):
    form = RulesModelForm
    fields = ["name", "name_en", "slug", "parent", "synonyms", "description"]
    list_display = ["name", "parent", "name_en", "organisation_count", "reviewed"]
    list_select_related = ["parent"]
    list_filter = ["reviewed", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "synonyms", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(organisation_count=count_of(Organisation.competences.through.objects.all(), "competence"))
        )

    @admin.display(description=_("Organisationen"), ordering="organisation_count")
    def organisation_count(self, obj) -> int:
        return obj.organisation_count
