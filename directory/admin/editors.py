"""Which staff users keep which network current (directory/permissions.py has the rules)."""

from django.contrib import admin

from directory.models import NetworkEditor
from directory.permissions import is_unrestricted


@admin.register(NetworkEditor)
class NetworkEditorAdmin(admin.ModelAdmin):
    """Superusers only: an office may not hand itself somebody else's network."""

    fields = ["user", "network"]
    list_display = ["network", "user", "created"]
    list_select_related = ["network", "user"]
    list_filter = [("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "network__name", "network__short_name"]
    autocomplete_fields = ["user", "network"]

    def has_module_permission(self, request):
        return is_unrestricted(request.user)

    def has_view_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_add_permission(self, request):
        return is_unrestricted(request.user)

    def has_change_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_unrestricted(request.user)
