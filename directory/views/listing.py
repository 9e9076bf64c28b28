"""The directory list pages: /firmen/ and /organisationen/, with search, facets and exports.

Both pages are one function, directory_page(), with a FilterSet each (directory/filters/sets.py).
A request with the header `X-Requested-With: fetch` (static/js/directory.js) gets only the
part below the search box, so the page updates in place; without JavaScript the form submits
as a plain GET. `format=csv|json` answers with every filtered row (directory/exports.py).
"""

import json
import math
from collections import defaultdict
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import ExpressionWrapper, F, FloatField
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from directory import caching, search
from directory.exports import export_response
from directory.filters import (
    FirmFilter,
    OrganisationFilter,
    cached,
    distance_km,
    empty_facets,
    facet_counts,
    one_pass_facets,
    uses_keys,
)
from directory.models import Membership, Organisation
from directory.models.vocabulary import localised_name
from directory.text import fold
from netzwerk.lib.cache import Fragment, versions
from netzwerk.lib.paging import page_number, requested_page
from netzwerk.ratelimit import limited

from .empty import EmptyHelp, empty_result_help
from .maps import geojson_response

PER_PAGE = 25
PARTIAL_HEADER = "fetch"
SORTS = {"relevanz": _("Relevanz"), "name": _("Name"), "neueste": _("Neueste zuerst"), "entfernung": _("Entfernung")}
# What a result shows of an organisation and its region, district and state.
RESULT_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "city",
    "latitude",
    "longitude",
    "region",
    "region__name",
    "region__kind",
    "region__parent",
    "region__parent__name",
    "region__parent__kind",
    "region__parent__parent",
    "region__parent__parent__name",
    "region__parent__parent__kind",
    "region__parent__parent__parent",
)


class Link(NamedTuple):
    """A network or competence of a result, as the page links it."""

    pk: int
    name: str
    label: str
    url: str


@require_safe
def firm_list(request):
    return directory_page(
        request, FirmFilter, Organisation.objects.firms(), title=_("Firmen"), noun=(_("Firma"), _("Firmen"))
    )


@require_safe
def organisation_list(request):
    return directory_page(
        request,
        OrganisationFilter,
        Organisation.objects.all(),
        title=_("Organisationen"),
        noun=(_("Organisation"), _("Organisationen")),
    )


def directory_page(request, filter_class, base, *, title: str, noun: tuple[str, str]):
    fmt = request.GET.get("format")
    partial = request.headers.get("X-Requested-With") == PARTIAL_HEADER
    template = "directory/listing_partial.html" if partial else "directory/organisation_list.html"
    # query: the versions of the tables the rendered part and the cached counts read
    # (PostgreSQL; netzwerk/lib/cache.py). The part below the search box (messages, facets,
    # chips, results, pages) as rendered for this very query string, from the cache: a warm
    # request builds no FilterSet, runs no other query and renders no result.
    listing = Fragment("directory", request, caching.DIRECTORY) if fmt is None else None
    version = listing.versions if listing else None
    if listing and listing.hit:
        context = {"title": title, "query": search.parse_query(request.GET.get("q")).text, "listing": listing}
        return vary_on_partial(render(request, template, context))

    filterset = filter_class(request.GET, queryset=base)
    messages = filterset.error_messages()
    parsed = filterset.parsed

    sort = request.GET.get("sort") or ("relevanz" if parsed else "name")
    if sort not in SORTS:
        messages.append(gettext("Diese Sortierung gibt es nicht; sortiert wird nach Name."))
        sort = "name"
    if sort == "relevanz" and not parsed:
        sort = "name"
    # By distance only around a centre (a postcode, or a town or postcode in the text).
    centre = filterset.centre()
    if sort == "entfernung" and not centre:
        sort = "name"

    if fmt == "geojson":
        # A text search costs the same whatever the answer's format: the map's too.
        if parsed and (over_limit := limited(request, "search")):
            return over_limit
        # The map's points, under the same filters; an invalid one is left out as on the page.
        # query: the versions; then the points, unless cached (directory/views/maps.py)
        return geojson_response(request, filterset, versions(caching.DIRECTORY))
    if fmt is not None:
        # Exports and text searches are what costs; browsing by facets is not limited.
        if over_limit := limited(request, "export"):
            return over_limit
        if messages:
            return bad_export_request(fmt, messages)
        return export_response(request, ordered(filterset.qs, sort, centre), fmt)
    if parsed and (over_limit := limited(request, "search")):
        return over_limit

    # query, text searches on PostgreSQL only: the words corrected against the word list
    search.correct(parsed)
    organisations = ordered(filterset.qs, sort, centre)
    paginator = Paginator(organisations, PER_PAGE)
    requested = requested_page(request.GET.get("seite"), messages)
    if uses_keys():
        # query, unless cached: the count, the page's ids and every facet, in one statement
        # (directory.filters.one_pass_facets; none when a word of the text is close to nothing)
        # (for a relevance search over very many rows, first the planner's estimate of them,
        # and the count and facets estimated from a sample: directory.filters.one_pass.BROAD_ROWS)
        found = cached(
            version,
            filterset,
            f"found:{sort}:{PER_PAGE}:{requested}",
            lambda: one_pass_facets(filterset, sort, (requested - 1) * PER_PAGE, PER_PAGE),
        )
        count, ids, facets, sampled = found if found is not None else (0, [], empty_facets(filterset), None)
    else:
        # SQLite: the count, the page's ids, then one query per facet, with the joins.
        count = organisations.count()
        facets = facet_counts(filterset, version)
        ids, sampled = None, None
    # An estimate pages through the sample's rows, the ones there are.
    paginator.count = count if sampled is None else sampled
    number = page_number(requested, paginator, messages)
    page = paginator.page(number)
    if ids is None or number != requested:
        # query: the page's ids, in order (SQLite, or the last page when the asked one is past it)
        offset = (number - 1) * PER_PAGE
        ids = list(organisations.values_list("pk", flat=True)[offset : offset + PER_PAGE])
    # query: the page's rows by id, with region, district and state, and the text snippets
    by_id = (
        {
            o.pk: o
            for o in search.with_headline(
                Organisation.objects.filter(pk__in=ids).select_related("region__parent__parent").only(*RESULT_FIELDS),
                parsed,
            )
        }
        if ids
        else {}
    )
    rows = [by_id[pk] for pk in ids if pk in by_id]
    page.object_list = rows
    links = ResultLinks()
    # queries, with rows only: the current networks and the competences of the page's rows
    networks = page_networks(ids, links) if rows else {}
    competences = page_competences(ids, links) if rows else {}
    selected_facet_options(filterset, facets)
    chips = active_chips(request, filterset)
    # queries, on an empty result only: the competences the search names, the nearest ones,
    # and what each active filter leaves when it goes (directory/views/empty.py)
    empty = empty_result_help(filterset, chips) if count == 0 else EmptyHelp()

    context = {
        "title": title,
        "noun": noun,
        "filterset": filterset,
        "form": filterset.form,
        "query": parsed.text,
        "messages_": messages,
        "sort": sort,
        "sorts": [
            (key, label)
            for key, label in SORTS.items()
            if (key != "relevanz" or parsed) and (key != "entfernung" or centre)
        ],
        "page": page,
        "count": count,
        "estimated": sampled is not None,
        "results": [
            result_row(o, filterset, parsed, links, networks.get(o.pk, []), competences.get(o.pk, []), centre)
            for o in rows
        ],
        "organisations": rows,
        "facets": facets,
        "chips": chips,
        "empty": empty,
        "did_you_mean": did_you_mean(request, parsed),
        "place_choices": place_choices(request, filterset),
        "place_name": filterset.place.label if filterset.place is not None else "",
        "radius_choices": [5, 10, 25, 50, 100, 200],
        "has_kind_filter": "art" in filterset.filters,
        # Stored by the template's {% cached_fragment %} once rendered.
        "listing": listing,
    }
    return vary_on_partial(render(request, template, context))


def vary_on_partial(response):
    # The same URL answers with a page or a part of it; caches must keep them apart.
    patch_vary_headers(response, ["X-Requested-With"])
    return response


def ordered(queryset, sort: str, centre=None):
    if sort == "entfernung" and centre:
        lat0, lon0 = centre
        cos0 = math.cos(math.radians(lat0))
        dy, dx = F("latitude") - lat0, (F("longitude") - lon0) * cos0
        return queryset.alias(distance=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())).order_by(
            F("distance").asc(nulls_last=True), "name", "pk"
        )
    if sort == "relevanz":
        return queryset.order_by("-rank", "name", "pk")
    if sort == "neueste":
        return queryset.order_by("-created", "-pk")
    return queryset.order_by("name", "pk")


def bad_export_request(fmt: str, messages: list[str]):
    message = " ".join(messages)
    if fmt == "json":
        return HttpResponseBadRequest(
            json.dumps({"error": message}, ensure_ascii=False), content_type="application/json"
        )
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class ResultLinks:
    """The links of a result page, each URL pattern reversed once per page, not once per link.

    Slugs need no quoting, so a reversed URL with a marker in place of the slug serves them all.
    """

    MARKER = "slug-marker"

    def __init__(self):
        self.organisation = self._pattern("directory:organisation-detail")
        self.network = self._pattern("directory:network-detail")
        self.competence = reverse("directory:firm-list") + "?kompetenz={}"

    def _pattern(self, name: str) -> str:
        return reverse(name, kwargs={"slug": self.MARKER}).replace(self.MARKER, "{}")

    def for_organisation(self, organisation) -> str:
        pattern = self.network if organisation.kind == Organisation.Kind.NETWORK else self.organisation
        return pattern.format(organisation.slug)


def page_networks(ids, links: ResultLinks) -> dict[int, list[Link]]:
    """The current networks of the page's rows, by organisation, in name order."""
    found = defaultdict(list)
    rows = (
        Membership.objects.current()
        .filter(organisation_id__in=ids)
        .order_by("network__name")
        .values_list("organisation_id", "network_id", "network__name", "network__short_name", "network__slug")
    )
    for organisation_id, pk, name, short_name, slug in rows:
        found[organisation_id].append(Link(pk, name, short_name or name, links.network.format(slug)))
    return found


def page_competences(ids, links: ResultLinks) -> dict[int, list[tuple[Link, int | None, str]]]:
    """The competences of the page's rows, by organisation, in name order, read from the link
    table in one query: (link, parent id, synonyms)."""
    found = defaultdict(list)
    rows = (
        Organisation.competences.through.objects.filter(organisation_id__in=ids)
        .order_by("competence__name", "competence_id")
        .values_list(
            "organisation_id",
            "competence_id",
            "competence__name",
            "competence__name_en",
            "competence__slug",
            "competence__parent_id",
            "competence__synonyms",
        )
    )
    for organisation_id, pk, name, name_en, slug, parent_id, synonyms in rows:
        # The German name and synonyms still match the search; the label is in the page's language.
        link = Link(pk, name, localised_name(name, name_en), links.competence.format(slug))
        found[organisation_id].append((link, parent_id, synonyms))
    return found


def result_row(organisation, filterset, parsed, links: ResultLinks, networks, competences, centre=None) -> dict:
    """One result, with its links and labels worked out here rather than in the template loop."""
    selected = {c.pk for c in filterset.value("kompetenz") or []}
    matching = []
    for link, parent_id, synonyms in competences:
        if link.pk in selected or parent_id in selected:
            matching.append(link)
        elif parsed:
            words = fold(f"{link.name} {link.label} {synonyms}").split()
            if any(word.startswith(token) for token in parsed.tokens for word in words):
                matching.append(link)
    regions, region = [], organisation.region
    while region is not None:
        regions.append(region)
        region = region.parent
    place = organisation.city or (regions[0].name if regions else "")
    # The district and state, without repeating the place.
    shown = [r for r in regions if r.kind in ("district", "city", "state") and r.name != place]
    line = [organisation.get_kind_display()] if "art" in filterset.filters else []
    line += [part for part in (place, ", ".join(r.name for r in shown)) if part]
    distance = distance_km(*centre, organisation.latitude, organisation.longitude) if centre else None
    if distance is not None:
        line.append(gettext("%(km)s km entfernt") % {"km": f"{distance:.0f}" if distance >= 1 else "<1"})
    return {
        "organisation": organisation,
        "url": links.for_organisation(organisation),
        "name": organisation.display_name,
        "place": place,
        "regions": shown,
        "place_line": " · ".join(line),
        "distance_km": distance,
        "networks": networks,
        "competences": matching,
        "network_links": _links(networks),
        "competence_links": _links(matching),
        "snippet": search.render_headline(getattr(organisation, "headline", None)),
    }


def _links(links: list[Link]):
    return format_html_join(", ", '<a href="{}">{}</a>', ((link.url, link.label) for link in links))


def selected_facet_options(filterset, facets) -> None:
    """Mark the selected option of each facet, adding it when it is not among the top ones."""
    for name in ("branche", "region", "netzwerk", "groesse", "art"):
        if name not in facets:
            continue
        value = filterset.value(name)
        slug = getattr(value, "slug", value) if value else None
        options = facets[name]
        for option in options:
            option["selected"] = option["slug"] == slug
        if slug and not any(option["selected"] for option in options):
            options.insert(
                0, {"slug": slug, "name": str(getattr(value, "display_name", value)), "count": 0, "selected": True}
            )


def _url(request, params) -> str:
    params.pop("seite", None)
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def active_chips(request, filterset) -> list[dict]:
    """One removable chip per active filter value: a link to this page without it."""
    chips = []

    def without(name, value=None, also=()):
        params = request.GET.copy()
        params.pop("format", None)
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
        for other in also:
            params.pop(other, None)
        return _url(request, params)

    for name in filterset.active():
        value = filterset.value(name)
        if name == "q":
            if filterset.parsed:
                label = gettext("Suche: %(text)s") % {"text": filterset.parsed.text}
                chips.append({"name": name, "label": label, "url": without("q", also=["sort"])})
            if filterset.place is not None and not filterset.place.choices:
                chips.append(place_chip(request, filterset.parsed.text, filterset.place))
        elif name == "kompetenz":
            for competence in value:
                label = gettext("Kompetenz: %(name)s") % {"name": competence.display_name}
                chips.append(
                    {"name": name, "label": label, "url": without(name, competence.slug), "slug": competence.slug}
                )
        elif name == "netzwerk":
            day = filterset.value("stand")
            if day:
                label = gettext("Netzwerk: %(name)s (Stand %(day)s)") % {
                    "name": value.name,
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                }
            else:
                label = gettext("Netzwerk: %(name)s") % {"name": value.name}
            chips.append({"name": name, "label": label, "url": without(name, also=["stand"])})
        elif name == "plz":
            radius = filterset.value("umkreis") or 25
            label = gettext("Umkreis: %(radius)s km um %(code)s") % {"radius": f"{radius:g}", "code": value["code"]}
            chips.append({"name": name, "label": label, "url": without(name, also=["umkreis"])})
        else:
            label = filterset.filters[name].label
            shown = dict(filterset.filters[name].extra.get("choices", [])).get(value, value)
            shown = getattr(shown, "display_name", shown)
            chips.append({"name": name, "label": f"{label}: {shown}", "url": without(name)})
    return chips


def text_without_place(text: str, place) -> str:
    """The typed text without the words the place took (directory/places.py)."""
    taken = set(place.words)
    return " ".join(word for word in text.split() if not set(fold(word).split()) <= taken)


def place_chip(request, text: str, place) -> dict:
    """ "Ort erkannt: Dresden, 25 km", a link to the search without the place's words."""
    if place.is_radius:
        label = gettext("Ort erkannt: %(place)s, %(radius)s km") % {
            "place": place.label,
            "radius": f"{place.radius_km:g}",
        }
    else:
        label = gettext("Ort erkannt: %(place)s") % {"place": place.label}
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("ort", None)
    rest = text_without_place(text, place)
    if rest:
        params["q"] = rest
    else:
        params.pop("q", None)
        params.pop("sort", None)
    return {"name": "ort", "label": label, "url": _url(request, params)}


def place_choices(request, filterset) -> list[dict]:
    """Municipalities sharing the name the text names, each a link choosing it."""
    place = filterset.place
    if place is None or not place.choices:
        return []
    choices = []
    for region in place.choices:
        params = request.GET.copy()
        params.pop("format", None)
        params["ort"] = region.slug
        within = region.parent.name if region.parent_id else ""
        choices.append({"label": f"{region.name} ({within})" if within else region.name, "url": _url(request, params)})
    return choices


def did_you_mean(request, parsed) -> list[dict]:
    """The corrected queries ("Meinten Sie …"), each a link to the search for it."""
    links = []
    for text in parsed.suggestions():
        params = request.GET.copy()
        params["q"] = text
        params.pop("format", None)
        links.append({"text": text, "url": _url(request, params)})
    return links
