"""Who cooperates with whom: the graph page, its JSON and downloads, an organisation's ego
network, and the path finder ("how are A and B connected").

The graphs come from directory.graph; each costs a fixed number of queries whatever its size,
and is cached while the tables a graph reads are unchanged (netzwerk/lib/cache.py,
netzwerk.lib.caching.GRAPH).
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.graph import exports
from directory.graph.edges import EDGE_TYPES, node_id
from directory.graph.forms import EgoForm, GraphForm, NameField, PathForm
from directory.graph.paths import MAX_DEPTH, describe, shortest_paths
from directory.graph.subgraphs import ALL_NODES, MAX_NODES, ego_network, filtered_graph, overview, total_size
from directory.jsonld import script_json
from directory.models import Organisation, Region, Sector
from directory.names import MIN_SUGGEST_CHARS, NameMatch, find_organisation, suggestions
from directory.text import name_words
from netzwerk.lib import cache, caching
from netzwerk.ratelimit import limited

GRAPH_CACHE_TIMEOUT = 600
# How long the unfiltered overview may be served after a write changed it (see _cached).
OVERVIEW_STALE_SECONDS = 60
# JSON and downloads are data, in the site's own language whatever the page's (README, "Translations").
DATA_LANGUAGE = "de"
DOWNLOADS = {
    "gexf": ("application/gexf+xml", "kooperationen.gexf"),
    "graphml": ("application/graphml+xml", "kooperationen.graphml"),
    "csv": ("text/csv; charset=utf-8", "kooperationen.csv"),
}


def _cached(name: str, params: dict, compute, *, grace: int = 0):
    """compute(), cached under the parameters while the tables a graph reads are unchanged
    (netzwerk/lib/cache.py: one query for their versions; nothing cached inside a transaction
    that has written).

    With `grace` (seconds), a result is still served that long after a write, before anyone
    recomputes it: for the overview of the whole atlas, whose grouped count over every
    membership costs more than a page may, and which a single new membership hardly changes.
    Never after a privacy-relevant write (a person made private or erased, a position or
    participation removed): a graph that draws people must not show them a moment longer.
    """
    digest = json.dumps(params, sort_keys=True, default=str)
    # Keyed by language: graphs carry notes, edge readings and rendered tables in the words of
    # the language they were made in.
    return cache.cached(
        f"graph:{name}",
        (translation.get_language(), digest),
        compute,
        tables=caching.GRAPH,
        ttl=GRAPH_CACHE_TIMEOUT,
        grace=grace,
    )


def _form_params(form) -> dict:
    data = form.cleaned_data
    return {
        name: (getattr(value, "pk", value) if not isinstance(value, (list, tuple)) else sorted(value))
        for name, value in data.items()
    }


def build_graph(form: GraphForm):
    """The graph the (validated) form asks for: the overview when nothing narrows it down and
    everything would be more than fits, else the filtered graph. Not cached: the views cache
    what they make of it (see cached_graph)."""
    data = form.cleaned_data
    network, region, sector = data.get("netzwerk"), data.get("region"), data.get("branche")
    limit = ALL_NODES if data.get("alle") else MAX_NODES
    types, window = form.types(), form.window()

    if network is None and region is None and sector is None and total_size() > limit:
        return overview(types=types, window=window)
    return filtered_graph(network=network, region=region, sector=sector, types=types, window=window, limit=limit)


def _grace(params: dict) -> int:
    narrowed = any(params.get(name) for name in ("netzwerk", "region", "branche"))
    return 0 if narrowed else OVERVIEW_STALE_SECONDS


def cached_graph(form: GraphForm):
    params = _form_params(form)
    return _cached("view", params, lambda: build_graph(form), grace=_grace(params))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _bad_request_json(messages):
    return JsonResponse({"errors": messages}, status=400, json_dumps_params={"ensure_ascii": False})


def _all_nodes_limited(request, form: GraphForm):
    """The 429 response when a request asking for every node (`alle`, up to ALL_NODES) is over
    the export limit, else None. Such a graph costs like an export; the default one (up to
    MAX_NODES) does not and is not counted."""
    if getattr(form, "cleaned_data", {}).get("alle"):
        return limited(request, "export")
    return None


@require_safe
def graph_page(request):
    form = GraphForm(request.GET or None)
    if request.GET:
        form.is_valid()
    else:
        form.cleaned_data = {}
    if over_limit := _all_nodes_limited(request, form):
        return over_limit

    def parts():
        # The drawing's JSON and the tables, rendered once per graph: a thousand rows cost more
        # to render than the graph costs to read.
        graph = build_graph(form)
        return {
            "graph": graph,
            "graph_json": script_json(graph.as_json()),
            "tables": render_to_string(
                "includes/graph_tables.html",
                {
                    "graph": graph,
                    "node_rows": graph.sorted_nodes(),
                    "edge_rows": graph.edge_rows(),
                    "table_id": "netz",
                },
            ),
        }

    params = _form_params(form)
    return render(
        request,
        "directory/graph.html",
        {
            "form": form,
            "graph_messages": form.messages() if request.GET else [],
            **_cached("page", params, parts, grace=_grace(params)),
            "networks": list(Organisation.objects.networks().order_by("name").values_list("slug", "name")),
            "regions": list(
                Region.objects.filter(kind__in=[Region.Kind.STATE, Region.Kind.DISTRICT, Region.Kind.CITY])
                .order_by("name")
                .values_list("slug", "name")
            ),
            "sectors": list(Sector.objects.order_by("name").values_list("slug", "name")),
            "edge_types": list(EDGE_TYPES.items()),
            "query": request.GET.urlencode(),
        },
    )


@require_safe
def graph_json(request):
    form = GraphForm(request.GET)
    if not form.is_valid():
        return _bad_request_json(form.messages())
    if over_limit := _all_nodes_limited(request, form):
        return over_limit
    params = _form_params(form)
    # The serialised text is what gets cached: turning a thousand nodes into JSON costs more
    # than fetching them from the cache. Data like the other exports: German in both languages.
    with translation.override(DATA_LANGUAGE):
        body = _cached("json", params, lambda: _dumps(build_graph(form).as_json()), grace=_grace(params))
    return HttpResponse(body, content_type="application/json")


@require_safe
def graph_download(request, fmt):
    # Downloads share the exports' limit (netzwerk/ratelimit.py) with the directory's.
    if over_limit := limited(request, "export"):
        return over_limit
    form = GraphForm(request.GET)
    if not form.is_valid():
        return HttpResponse("\n".join(form.messages()), status=400, content_type="text/plain; charset=utf-8")
    base_url = request.build_absolute_uri("/").rstrip("/")
    # Exports are data: the same German readings under /en/ as without the prefix.
    with translation.override(DATA_LANGUAGE):
        graph = cached_graph(form)
        if fmt == "gexf":
            body = exports.gexf(graph, base_url=base_url)
        elif fmt == "graphml":
            body = exports.graphml(graph, base_url=base_url)
        else:
            body = exports.edge_list_csv(graph, base_url=base_url)
    content_type, filename = DOWNLOADS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ego_context(request, organisation: Organisation) -> dict:
    """What includes/ego_network.html needs, for the organisation page: the ego network at the
    depth the page's `tiefe` asks for (1 unless 2; a bad value falls back to 1). Queries: the ego
    network's depth + 3 (see ego_network). Not cached on its own: the page caches its whole
    rendered body (netzwerk/lib/cache.py), this included."""
    form = EgoForm({"tiefe": request.GET.get("tiefe", "1")})
    if not form.is_valid():
        form = EgoForm({"tiefe": "1"})
        form.is_valid()
    ego = ego_network(organisation, depth=form.depth(), types=form.types(), window=form.window())
    return {
        "ego": ego,
        "ego_depth": form.depth(),
        "ego_json": script_json(ego.as_json()),
        "ego_node_rows": ego.sorted_nodes(),
        "ego_edge_rows": ego.edge_rows(),
    }


@require_safe
def ego_json(request, slug):
    organisation = get_object_or_404(Organisation.objects.only("pk", "slug", "kind"), slug=slug)
    form = EgoForm(request.GET)
    if not form.is_valid():
        return _bad_request_json(form.messages())
    depth, types, window = form.depth(), form.types(), form.window()
    with translation.override(DATA_LANGUAGE):  # data, like the other exports
        body = _cached(
            "ego-json",
            {"org": organisation.pk, **_form_params(form)},
            lambda: _dumps(ego_network(organisation, depth=depth, types=types, window=window).as_json()),
        )
    return HttpResponse(body, content_type="application/json")


def _choice_links(request, name: str, match: NameMatch) -> dict | None:
    """For a name that found several organisations or none: each candidate (or close name)
    with a link that puts its slug into this field and searches again."""
    options = match.candidates or match.close
    if not options:
        return None
    links = []
    for organisation in options:
        params = request.GET.copy()
        params.pop("format", None)
        params[name] = organisation.slug
        links.append(
            {
                "name": organisation.name,
                "slug": organisation.slug,
                "kind": organisation.get_kind_display(),
                "city": organisation.city,
                "url": f"{request.path}?{params.urlencode()}",
            }
        )
    return {"field": name, "text": match.text, "ambiguous": match.ambiguous, "more": match.more, "options": links}


@require_safe
def path_page(request):
    """The shortest connections between two organisations, as a page or as JSON (format=json).

    A name is matched forgivingly (directory/names.py). Every answer that is not a path says
    why: a missing or unknown organisation (404 for an unknown one, with close names to pick
    from), a name that fits several (each a link that picks it), the same organisation twice,
    no connection within MAX_DEPTH steps. The JSON's `candidates` (only when there are any)
    lists, per field, the organisations to choose from.
    """
    as_json = request.GET.get("format") == "json"
    # A search between two organisations costs like a text search: the same limit.
    if request.GET and (over_limit := limited(request, "search")):
        return over_limit
    form = PathForm(request.GET or None)
    if request.GET:
        form.is_valid()  # fills cleaned_data and the messages below
    messages = form.messages() if request.GET else []
    data = form.cleaned_data if request.GET else {}
    origin_text, target_text = (data.get("von") or "").strip(), (data.get("nach") or "").strip()
    context = {
        "form": form,
        "graph_messages": messages,
        "paths": [],
        "choices": [],
        "searched": False,
        "max_depth": MAX_DEPTH,
        "edge_types": list(EDGE_TYPES.items()),
        "suggest_url": reverse("directory:graph-path-suggestions"),
    }
    status = 200

    def answer(message=None, code=200):
        if message:
            context["graph_messages"] = [*context["graph_messages"], message]
        if as_json:
            body = {"paths": context["paths"], "length": context.get("length"), "errors": context["graph_messages"]}
            if context["choices"]:
                body["candidates"] = {
                    choice["field"]: [{key: option[key] for key in ("name", "slug")} for option in choice["options"]]
                    for choice in context["choices"]
                }
            return JsonResponse(body, status=code, json_dumps_params={"ensure_ascii": False})
        return render(request, "directory/graph_path.html", context, status=code)

    if not origin_text or not target_text:
        if request.GET and (origin_text or target_text):
            return answer(_("Bitte beide Organisationen angeben: „Von“ und „Nach“."), 400 if as_json else 200)
        if as_json:
            return answer(_("Bitte beide Organisationen angeben: „Von“ und „Nach“."), 400)
        return answer()
    # One query each (two for a name that finds nothing: its close names).
    matches = {"von": find_organisation(origin_text), "nach": find_organisation(target_text)}
    context["choices"] = [
        choice for name, match in matches.items() if (choice := _choice_links(request, name, match)) is not None
    ]
    missing = [match.text for match in matches.values() if match.found is None and not match.ambiguous]
    for name, match in matches.items():
        if match.ambiguous:
            label = PathForm.base_fields[name].label
            context["graph_messages"].append(
                _("„%(name)s“ (%(field)s) passt auf mehrere Organisationen; bitte wählen Sie eine aus.")
                % {"name": match.text, "field": label}
            )
    if missing:
        names = ", ".join(_("„%(name)s“") % {"name": text} for text in missing)  # quotes per language
        return answer(_("Diese Organisation kennt der Atlas nicht: %(names)s.") % {"names": names}, 404)
    if any(match.ambiguous for match in matches.values()):
        return answer()
    origin, target = matches["von"].found, matches["nach"].found
    context.update(origin=origin, target=target, searched=True)
    if origin.pk == target.pk:
        return answer(_("„Von“ und „Nach“ sind dieselbe Organisation; wählen Sie zwei verschiedene."))
    types, window = form.types(), form.window()

    def compute():
        search = shortest_paths(node_id("o", origin.pk), node_id("o", target.pk), types=types, window=window)
        return {
            "paths": describe(search, types=types, window=window),
            "length": search.length,
            "exhausted": search.exhausted,
        }

    # The JSON is data like the graph's: German readings and URLs under /en/ too.
    with translation.override(DATA_LANGUAGE if as_json else translation.get_language()):
        result = _cached("path", {"from": origin.pk, "to": target.pk, **_form_params(form)}, compute)
    context.update(paths=result["paths"], length=result["length"])
    if not result["paths"]:
        return answer(
            _("Zwischen %(a)s und %(b)s hat der Atlas keine Verbindung mit höchstens %(n)s Schritten gefunden.")
            % {"a": origin.name, "b": target.name, "n": MAX_DEPTH},
            status,
        )
    return answer()


@require_safe
def path_suggestions(request):
    """Organisations for a name being typed into the path finder (its combobox, static/js/
    combobox.js): {"results": [...]} with at most CANDIDATES, each with the `value` that fills
    the field. Queries: the limit's count, the names' table version, and on a miss one lookup
    (two when nothing matched: the close names); the answer is cached under the folded words.
    Under two characters only the count."""
    if over_limit := limited(request, "suggest"):
        return over_limit
    try:
        text = NameField(label=_("Name")).clean(request.GET.get("q", ""))
    except ValidationError as error:
        return _bad_request_json(error.messages)
    words = " ".join(name_words(text))
    if len(words) < MIN_SUGGEST_CHARS:  # every name starts so: nothing to look up
        return JsonResponse({"results": []})
    # Keyed by language: the kinds' labels are in the page's words.
    results = cache.cached(
        "path-suggestions",
        (translation.get_language(), words),
        lambda: suggestions(words),
        tables=caching.NAMES,
        ttl=GRAPH_CACHE_TIMEOUT,
    )
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
