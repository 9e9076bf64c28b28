from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directory.models import Person
from netzwerk.admin_base import CitationInline, ScopedAdmin
from netzwerk.lib.forms import RulesModelForm

from .inlines import PersonParticipationInline, PersonPositionInline


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    form = RulesModelForm
    fieldsets = [
        (None, {"fields": ["title", "name", "slug", "description", "is_public"]}),
        (_("Redaktion"), {"fields": ["note", ("created", "updated")]}),
    ]
    list_display = ["name", "title", "description", "is_public", "updated"]
    list_filter = ["is_public"]
    search_fields = ["name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "updated"]
    inlines = [PersonPositionInline, PersonParticipationInline, CitationInline]
