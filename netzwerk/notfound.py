"""The 404 page, rendered once per language and site address and then only filled in.

Rendering base.html around the 404 text took about 1.8 ms of CPU per request, nine tenths of
a 404: a stream of requests for pages that do not exist (old links, scanners) costs as much as
real pages. The page differs between two 404s only in the address it names (the canonical and
hreflang links, the header's search box keeps `q`), so it is rendered once for a stand-in
address and kept in this process; a request fills in its own address, escaped as the template
would. Nothing else on the page depends on the request: no user, no CSRF token, no nonce.
One difference from rendering it afresh: the language switch of a 404 raised by a view (an
unknown slug under /organisationen/) leads to the other language's home page, as for any
other unknown address, not to the same unknown slug in the other language.
"""

import copy

from django.http import HttpResponseNotFound, QueryDict
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language

STAND_IN_PATH = "/__seite-gibt-es-nicht__/"
STAND_IN_QUERY = "q=__suche__"
# Languages × scheme × allowed host names: a few; kept bounded all the same.
MAX_KEPT = 32
_kept: dict[tuple, tuple] = {}


def _stand_in(request):
    stand_in = copy.copy(request)
    stand_in.path = stand_in.path_info = STAND_IN_PATH
    stand_in.META = {**request.META, "QUERY_STRING": STAND_IN_QUERY}
    stand_in.GET = QueryDict(STAND_IN_QUERY)
    stand_in.resolver_match = None
    return stand_in


def _rendered(request, template_name: str) -> tuple:
    """The page for the stand-in address, and the stand-in's text in it, from this process."""
    key = (template_name, get_language(), request.scheme, request.get_host())
    kept = _kept.get(key)
    if kept is None:
        stand_in = _stand_in(request)
        html = loader.render_to_string(template_name, {"request_path": STAND_IN_PATH}, request=stand_in)
        markers = (
            escape(stand_in.build_absolute_uri(stand_in.get_full_path())),
            escape(stand_in.build_absolute_uri(STAND_IN_PATH)),
            'value="__suche__"',
        )
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        kept = _kept[key] = (html, markers)
    return kept


def page_not_found(request, exception=None, template_name="404.html"):
    html, (full_url, url, search) = _rendered(request, template_name)
    html = (
        html.replace(full_url, escape(request.build_absolute_uri(request.get_full_path())))
        .replace(url, escape(request.build_absolute_uri(request.path)))
        .replace(search, f'value="{escape(request.GET.get("q", ""))}"')
    )
    return HttpResponseNotFound(html)
