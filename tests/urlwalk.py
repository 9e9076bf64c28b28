"""The public site as a test sees it: every URL pattern of the URLconf, filled from the
database, and the links and GET forms on the pages those answer with.

Used by the privacy walk (tests/test_privacy_walk.py) and the bad-input battery
(tests/test_bad_input.py), so a page added later is walked and attacked without anyone
having to list it here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Not public: the admin has its own tests; the rest is Django's or a tool's.
SKIPPED_PREFIXES = ("admin/", "__debug__/", "static/", "media/")
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Route:
    """One URL pattern: its route text ("netzwerke/<slug:slug>/"), name and parameters."""

    route: str
    name: str | None
    parameters: dict[str, str]  # parameter name -> converter name

    def url(self, **kwargs) -> str:
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        return "/" + CONVERTER.sub(lambda m: str(kwargs[m.group("name")]), self.route)


def _walk(patterns, prefix: str, namespace: str | None):
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, text, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield text.lstrip("^").rstrip("$"), name


def public_routes() -> list[Route]:
    """Every URL pattern outside the admin, with its parameters and their converters."""
    routes = []
    for text, name in _walk(get_resolver().url_patterns, "", None):
        if text.startswith(SKIPPED_PREFIXES) or "(?P<" in text:
            continue
        parameters = {m.group("name"): m.group("converter") or "str" for m in CONVERTER.finditer(text)}
        routes.append(Route(text, name, parameters))
    return routes


def slugs_in_database() -> list[str]:
    """Every slug of every model of the project's apps that has a `slug` field, taking turns
    between the models, so that the first few already hold one of each kind of record."""
    per_model = []
    for model in apps.get_models():
        if model._meta.app_label in ("admin", "auth", "contenttypes", "sessions") or model._meta.proxy:
            continue
        if any(f.name == "slug" for f in model._meta.concrete_fields):
            per_model.append(list(model._default_manager.order_by("pk").values_list("slug", flat=True)))
    turns = itertools.zip_longest(*per_model)
    return list(dict.fromkeys(slug for turn in turns for slug in turn if slug is not None))


def _named_values() -> dict[str, list]:
    """Parameters that are not slugs of records: their own values, by parameter name."""
    from directory.sitemaps import SITEMAPS
    from directory.views.corrections import KINDS

    return {"section": list(SITEMAPS), "kind": list(KINDS)}


NAMED = _named_values()


def candidate_values(converter: str, slugs: list[str]) -> list:
    if converter == "int":
        return [1, 2, 2017, 2019]
    return slugs


def instances(route: Route, slugs: list[str], limit: int = 400) -> list[str]:
    """URLs of the route with every combination of candidate values (up to `limit`)."""
    if not route.parameters:
        return [route.url()]
    names = list(route.parameters)
    values = [NAMED.get(name) or candidate_values(route.parameters[name], slugs) for name in names]
    urls = []
    for combination in itertools.islice(itertools.product(*values), limit):
        try:
            urls.append(route.url(**dict(zip(names, combination))))
        except Exception:  # noqa: BLE001 - a value the converter does not take
            continue
    return urls


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered
    text_fields: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """The same-site links and the GET forms of a page."""

    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = Form(action=attrs.get("action") or self.base)
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            values = self._form.fields.setdefault(attrs["name"], [])
            if attrs.get("value"):
                values.append(attrs["value"])
            if kind in ("text", "search", "number", "date", "hidden"):
                self._form.text_fields.append(attrs["name"])
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.fields.setdefault(self._select, [])
        elif self._form is not None and tag == "option" and self._select and attrs.get("value") is not None:
            self._form.fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def local(url: str, base: str) -> str | None:
    """The path and query of a same-site link, or None for another site, a fragment, mailto."""
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc not in ("testserver", "localhost"):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(tuple("/" + prefix for prefix in SKIPPED_PREFIXES)):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def parse(response, url: str) -> PageParser:
    parser = PageParser(url)
    if "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode("utf-8", "replace"))
    return parser


def query_parameters(urls) -> dict[str, set[str]]:
    """The query parameters the links use, with the values they give them."""
    found: dict[str, set[str]] = {}
    for url in urls:
        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            found.setdefault(name, set()).add(value)
    return found


def with_query(path: str, params) -> str:
    query = urlencode(params, doseq=True)
    return f"{path}?{query}" if query else path
