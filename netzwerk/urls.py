from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

# The database away is a 503, not a 500, also outside views (netzwerk/unavailable.py).
handler500 = "netzwerk.unavailable.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
