from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from directory.sitemaps import SITEMAPS
from directory.views import pages

admin.site.site_header = "Netzwerkatlas – Redaktion"
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = "Verzeichnis pflegen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("barrierefreiheit/", pages.accessibility, name="accessibility"),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
]
