"""Which staff users keep which network current (directory/permissions.py has the rules)."""

from django.contrib import admin

from directory.models import NetworkEditor

from .permissions import UnrestrictedOnlyMixin


@admin.register(NetworkEditor)
class NetworkEditorAdmin(UnrestrictedOnlyMixin, admin.ModelAdmin):
    """Superusers only: an office may not hand itself somebody else's network."""

    fields = ["user", "network"]
    list_display = ["network", "user", "created"]
    list_select_related = ["network", "user"]
    list_filter = [("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "network__name", "network__short_name"]
    autocomplete_fields = ["user", "network"]
