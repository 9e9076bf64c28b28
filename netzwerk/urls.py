from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
