from django.contrib import admin
from django.urls import include, path

from netzwerk.admin import AtlasAdminSite

# The optional second factor for staff (ADMIN_REQUIRE_2FA); see netzwerk/admin.py.
admin.site.__class__ = AtlasAdminSite

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
