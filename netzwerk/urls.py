from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from directory.admin.quality import data_quality
from directory.sitemaps import SITEMAPS
from directory.views import pages
from netzwerk.admin import AtlasAdminSite

# The optional second factor for staff (ADMIN_REQUIRE_2FA); see netzwerk/admin.py.
admin.site.__class__ = AtlasAdminSite

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

urlpatterns = [
    path("admin/datenqualitaet/", admin.site.admin_view(data_quality), name="data-quality"),
    path("admin/", admin.site.urls),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("barrierefreiheit/", pages.accessibility, name="accessibility"),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
