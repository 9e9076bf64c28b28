"""Which language a request is answered in, and the set_language view that goes with it.

Public pages carry their language in the path: German without a prefix, English under /en/
(i18n_patterns with prefix_default_language=False, netzwerk/urls.py). Django's LocaleMiddleware
then answers every unprefixed path in German, the admin included; the admin and set_language
have no prefix to go by, so there the language comes from the django_language cookie (set by
set_language) or the browser's Accept-Language, as Django does without i18n_patterns.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.views import i18n
from django.views.decorators.http import require_POST

# The paths outside i18n_patterns whose language the visitor chooses (netzwerk/urls.py).
UNPREFIXED_PATHS = ("/admin/", "/i18n/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(UNPREFIXED_PATHS):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # A public page's language is its path's, whatever the browser asks for, so caches
        # need not keep a copy per Accept-Language (Django adds the Vary to unprefixed pages).
        if not request.path_info.startswith(UNPREFIXED_PATHS) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


@require_POST
def set_language(request):
    """Django's set_language, reading `next` in the language of its own path. POST only: a GET
    changes nothing in Django's either, it only redirects.

    Django translates `next` to the chosen language by resolving it in the request's language,
    which here is the cookie's, not necessarily that of `next` (/en/firmen/ resolves only in
    English), so the language of `next` is activated first.
    """
    try:
        path = urlsplit(request.POST.get("next", "")).path
    except ValueError:
        path = ""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return i18n.set_language(request)
