"""The privacy notice and the imprint: two pages with fixed addresses, edited, not deleted."""

from django.contrib import admin

from directory.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    fields = ["key", "title", "body", "is_template", "updated"]
    readonly_fields = ["updated"]
    list_display = ["title", "key", "is_template", "updated"]

    # The pages come with migration 0010 and their URLs are fixed: deleting one would leave an
    # address without a page. Adding one back is allowed; the key is unique, so only once.
    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The key says which address the page has: chosen when adding, fixed after.
        return ["key", "updated"] if obj else ["updated"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
