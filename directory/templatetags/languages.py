"""The language switch and the hreflang alternates of a page (templates/base.html).

German pages have no prefix and English ones live under /en/ with the same paths, so the
other language's address of a page is this page's address with the prefix swapped, query
string and all: switching keeps the page and its filters.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Each language with this page's address in it: code, name (in that language), url
    (path and query), absolute_url (for hreflang), prefix ("" or "/en") and is_current."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path() if request is not None else "/"
    links = []
    for code, name in settings.LANGUAGES:
        url = full_path if code == current else translate_url(full_path, code)
        if url == full_path and code != current:
            # No page of that name (a 404, say): the other language's start page.
            with override(code):
                url = reverse("directory:home")
        with override(code):
            prefix = reverse("directory:home").rstrip("/")
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request is not None else url,
                "prefix": prefix,
                "is_current": code == current,
            }
        )
    return links
