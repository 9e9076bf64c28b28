"""Which staff users keep which network current (directory/permissions.py has the rules)."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from directory.models import ImportRecord, NetworkEditor
from netzwerk.admin_base import ScopeMixin, UnrestrictedOnlyMixin


@admin.register(NetworkEditor)
class NetworkEditorAdmin(UnrestrictedOnlyMixin, admin.ModelAdmin):
    """Superusers only: an office may not hand itself somebody else's network."""

    fields = ["user", "network"]
    list_display = ["network", "user", "created"]
    list_select_related = ["network", "user"]
    list_filter = [("network", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "network__name", "network__short_name"]
    autocomplete_fields = ["user", "network"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ScopeMixin, admin.ModelAdmin):
    """The trail of written imports: read-only, as it records what happened. A network's
    editors see the imports into their network (directory/permissions.py), superusers all."""

    list_display = ["created", "filename", "user", "network", "created_count", "updated_count", "unchanged_count"]
    list_select_related = ["user", "network"]
    list_filter = [("network", admin.RelatedOnlyFieldListFilter), ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["filename", "digest", "user__username"]
    autocomplete_fields = ["network"]
    fields = [
        "created",
        "user",
        "network",
        "filename",
        "digest",
        "created_count",
        "updated_count",
        "unchanged_count",
        "row_table",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Zeilen"))
    def row_table(self, obj):
        return format_html_join(
            "\n",
            "<div>{}: {} – {} {}</div>",
            (
                (row.get("row"), row.get("name"), row.get("action"), "; ".join(row.get("changes") or []))
                for row in obj.rows
            ),
        )
