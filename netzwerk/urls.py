from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from netzwerk.locale import set_language

admin.site.site_header = _("Netzwerkatlas – Redaktion")
admin.site.site_title = "Netzwerkatlas"
admin.site.index_title = _("Verzeichnis pflegen")

# The public pages in German without a prefix and in English under /en/, with the same German
# paths (/en/firmen/), so a link changes language by its prefix alone. The admin and
# set_language stay unprefixed: the admin speaks the language of the django_language cookie
# (set by /i18n/setlang/) or of the browser's Accept-Language (netzwerk/locale.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("veranstaltungen/", include("events.urls")),
    path("", include("directory.urls")),
    prefix_default_language=False,
)
