from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from directory.admin.quality import data_quality
from directory.sitemaps import SITEMAPS
from directory.views import pages
from netzwerk.locale import set_language

# admin.site is netzwerk.admin.AtlasAdminSite (netzwerk/admin_config.py): the optional second factor
# for staff and the scoped "view on site".
admin.site.site_header = _("Netzwerkatlas – Redaktion")
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = _("Verzeichnis pflegen")

# The database away is a 503, not a 500, also outside views (netzwerk/unavailable.py).
handler500 = "netzwerk.unavailable.server_error"
# The 404 page rendered once and filled in per request (netzwerk/notfound.py).
handler404 = "netzwerk.notfound.page_not_found"

# The public pages in German without a prefix and in English under /en/, with the same German
# paths (/en/firmen/), so a link changes language by its prefix alone. The admin and
# set_language stay unprefixed: the admin speaks the language of the django_language cookie
# (set by /i18n/setlang/) or of the browser's Accept-Language (netzwerk/locale.py).
urlpatterns = [
    path("admin/datenqualitaet/", admin.site.admin_view(data_quality), name="data-quality"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # Crawlers' files stay unprefixed; the sitemap lists the pages of both languages.
    path("robots.txt", pages.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
urlpatterns += i18n_patterns(
    path("barrierefreiheit/", pages.accessibility, name="accessibility"),
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
    prefix_default_language=False,
)
