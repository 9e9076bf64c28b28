"""The map's points: the filtered organisations of a list page as GeoJSON (`?format=geojson`).

Answered by the list view itself (directory/views/listing.py), so the map shows exactly what
the list's FilterSet finds. Up to MAP_POINT_LIMIT organisations come one point each, with a
link to the profile; beyond that (the whole directory holds 100k firms) they come grouped by
place: coordinates are postcode centres, so a few thousand places hold every firm, and each
group links to the list narrowed to its postcode. Either answer is cached while the directory's
tables are unchanged (netzwerk/lib/cache.py).

A radius search ("Kabelkonfektion bei Dresden", `plz=01067&umkreis=10`) adds its centre and
radius as the collection's `search` member, so the map draws the circle and follows the list
when it updates in place (the page's CSP allows no inline script to hand them over).
"""

from django.db.models import Count, Max, Min
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext

from directory.filters import DEFAULT_RADIUS_KM, cached
from directory.models import Organisation

MAP_POINT_LIMIT = 1000
# Groups beyond this are dropped, the largest kept; the answer says how many points it holds.
MAP_GROUP_LIMIT = 5000
# The radius around a group's postcode when its link narrows the list.
GROUP_RADIUS_KM = 5


def geojson_response(request, filterset, version) -> JsonResponse:
    """The filterset's organisations with coordinates as a GeoJSON FeatureCollection.

    Two queries, none when cached: the count, which the list page has usually just cached
    under the same key, decides between points and groups; then the points or the groups.
    A text search first corrects its words, as the list does (one query, directory/search.py).
    """
    count = cached(version, filterset, "count", lambda: filterset.qs.count())
    located = filterset.qs.filter(latitude__isnull=False, longitude__isnull=False).order_by()
    data = cached(version, filterset, "map", lambda: map_points(located, grouped=count > MAP_POINT_LIMIT))
    features = []
    profile = _pattern("directory:organisation-detail")
    network = _pattern("directory:network-detail")
    for lat, lon, count, name, slug, kind, postcode in data["points"]:
        properties = {"count": count}
        if count == 1:
            pattern = network if kind == Organisation.Kind.NETWORK else profile
            properties.update(name=name, url=pattern.format(slug))
        else:
            params = request.GET.copy()
            for key in ("format", "seite", "plz", "umkreis"):
                params.pop(key, None)
            params["plz"], params["umkreis"] = postcode, str(GROUP_RADIUS_KM)
            properties.update(name=postcode, url=f"{request.path}?{params.urlencode()}")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                "properties": properties,
            }
        )
    collection = {"type": "FeatureCollection", "grouped": data["grouped"], "total": data["total"]}
    if circle := search_circle(filterset):
        collection["search"] = circle
    response = JsonResponse(
        {**collection, "features": features},
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        content_type="application/geo+json",
    )
    # A map is no page to index, and its points change with every edit.
    response["X-Robots-Tag"] = "noindex"
    return response


def search_circle(filterset) -> dict | None:
    """The centre and radius of a radius search, with the label its marker shows; None without
    one. No query: the FilterSet read the place and the postcode when it validated."""
    centre = filterset.centre()
    if centre is None:
        return None
    place = filterset.place
    if place is not None and place.is_radius:
        name, radius = place.label, place.radius_km
    else:
        name = gettext("PLZ %(code)s") % {"code": filterset.value("plz")["code"]}
        radius = float(filterset.value("umkreis") or DEFAULT_RADIUS_KM)
    label = gettext("Suchmittelpunkt: %(place)s, %(radius)s km") % {"place": name, "radius": f"{radius:g}"}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(centre[1], 5), round(centre[0], 5)]},
        "properties": {"name": name, "radius_km": radius, "label": label},
    }


def map_points(located, *, grouped: bool) -> dict:
    """(lat, lon, count, name, slug, kind, postcode) rows: one per organisation, or per place."""
    if not grouped:
        rows = located.order_by("name", "pk").values_list("latitude", "longitude", "name", "slug", "kind")
        points = [(lat, lon, 1, name, slug, kind, "") for lat, lon, name, slug, kind in rows[:MAP_POINT_LIMIT]]
        return {"grouped": False, "total": len(points), "points": points}
    groups = list(
        located.values("latitude", "longitude")
        .annotate(n=Count("pk"), name=Min("name"), slug=Min("slug"), kind=Min("kind"), postcode=Max("postcode"))
        .order_by("-n", "latitude", "longitude")
        .values_list("latitude", "longitude", "n", "name", "slug", "kind", "postcode")[:MAP_GROUP_LIMIT]
    )
    return {"grouped": True, "total": sum(group[2] for group in groups), "points": groups}


def _pattern(name: str) -> str:
    # Slugs need no quoting: one reverse per response, not one per point.
    return reverse(name, kwargs={"slug": "slug-marker"}).replace("slug-marker", "{}")
