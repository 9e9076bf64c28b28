"""The privacy notice and the imprint: two fixed pages, edited, never added or deleted."""

from django.contrib import admin

from directory.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    fields = ["key", "title", "body", "is_template", "updated"]
    readonly_fields = ["key", "updated"]
    list_display = ["title", "key", "is_template", "updated"]

    # The pages come with migration 0010 and their URLs are fixed: adding or deleting one
    # would only leave a page without an address or an address without a page.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return obj.get_absolute_url()
