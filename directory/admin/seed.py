"""What the seed wrote (SeedRecord): a read-only list for superusers, to see why a reload left a value alone."""

from django.contrib import admin

from directory.models import SeedRecord


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "content_type", "object_id", "updated"]
    list_select_related = ["content_type"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key"]
    readonly_fields = ["key", "content_type", "object_id", "written", "created", "updated"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
