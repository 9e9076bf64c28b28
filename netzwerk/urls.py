from django.contrib import admin
from django.urls import include, path

from directory.admin.quality import data_quality
from netzwerk.admin import AtlasAdminSite

# The optional second factor for staff (ADMIN_REQUIRE_2FA); see netzwerk/admin.py.
admin.site.__class__ = AtlasAdminSite

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

urlpatterns = [
    path("admin/datenqualitaet/", admin.site.admin_view(data_quality), name="data-quality"),
    path("admin/", admin.site.urls),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
