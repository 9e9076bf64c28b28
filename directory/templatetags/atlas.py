"""Small template helpers for the public pages. None of them queries the database; one reads
and writes the cache (cached_fragment)."""

from django import template
from django.utils.translation import gettext

from netzwerk.lib.fuzzydates import format_period

register = template.Library()


@register.inclusion_tag("includes/evidence.html", takes_context=True)
def evidence(context, record):
    """What each source states about the record, with a link to the source's page.

    Reads the record's prefetched citations and the page's `source_numbers`.
    """
    from directory.views.public_record import evidence_items

    return {"items": evidence_items(record, context.get("source_numbers", {}))}


@register.inclusion_tag("includes/source_refs.html", takes_context=True)
def source_refs(context, record):
    """Footnote links from a record to the numbered "Quellen" list of its page.

    Reads the record's prefetched citations and the page's `source_numbers`.
    """
    numbers = context.get("source_numbers", {})
    refs = sorted(
        {(numbers[c.source_id], c.source) for c in record.citations.all() if c.source_id in numbers},
        key=lambda ref: ref[0],
    )
    return {"refs": refs}


@register.filter
def event_date(event) -> str:
    """An event's date as written: "24.09.2019", "März 2017", or "2016 – 2017" for a span.

    Unlike `period`, a start without an end is the day itself, not "seit …".
    """
    if event.end is None:
        return str(event.start) if event.start else ""
    return format_period(event.start, event.end)


@register.filter
def with_firms(competences) -> list:
    """The competences (with `firm_count`) that at least one firm has."""
    return [competence for competence in competences if competence.firm_count]


@register.filter
def without_firms(competences) -> list:
    """The competences (with `firm_count`) no firm has yet: folded away on /kompetenzen/."""
    return [competence for competence in competences if not competence.firm_count]


@register.filter
def position_date(position) -> str:
    """ "seit 2016", "2012 – 2019", or "belegt: März 2017" when only a source's date is known."""
    if position.period:
        return position.period
    if position.attested:
        return gettext("belegt: %(date)s") % {"date": position.attested}
    return ""


@register.inclusion_tag("includes/map.html")
def map_panel(points_url: str, heading_id: str = "karte-titel"):
    """The lazily loaded map of a list's organisations (static/js/map.js); the list stays first.

    `points_url` answers GeoJSON under the page's filters (directory/views/maps.py)."""
    from django.conf import settings

    return {
        "points_url": points_url,
        "heading_id": heading_id,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_ATTRIBUTION,
    }


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address without its query: filters, sorting and pages are variants of one page
    (robots.txt keeps crawlers off them; sitemap.xml lists every profile)."""
    request = context.get("request")
    # The 500 page renders without a request; it has no address worth naming.
    return request.build_absolute_uri(request.path) if request else ""


@register.simple_tag(takes_context=True)
def absolute_static(context, path: str) -> str:
    """A static file's full address, as Open Graph wants it."""
    from django.templatetags.static import static

    request = context.get("request")
    return request.build_absolute_uri(static(path)) if request else static(path)


class BlocksAsNode(template.Node):
    """Renders its content as usual and keeps the text of each block inside it in the context,
    so base.html can reuse {% block title %} and {% block description %} for Open Graph
    without every page repeating them."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        from django.template.loader_tags import BlockNode

        blocks = {
            node.name: " ".join(node.render(context).split()) for node in self.nodelist.get_nodes_by_type(BlockNode)
        }
        # The top of the context, so the rest of the page sees it.
        context.dicts[0][self.name] = blocks
        return self.nodelist.render(context)


@register.tag
def blocks_as(parser, token):
    """{% blocks_as "head_blocks" %}…{% endblocks_as %}: see BlocksAsNode. The name must not be one a
    view uses for its own context (a paginator's `page`, a SitePage)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("blocks_as takes one name")
    nodelist = parser.parse(("endblocks_as",))
    parser.delete_first_token()
    return BlocksAsNode(nodelist, bits[1].strip("\"'"))


@register.tag("cached_fragment")
def cached_fragment(parser, token):
    """{% cached_fragment part %}…{% endcached_fragment %}: the cached HTML of `part` (a
    netzwerk.lib.cache.Fragment the view looked up), or the block rendered and stored there.

    Without `part` in the context (or when it is None) the block is simply rendered. The view
    skips its queries on a hit, so on a hit the block's variables are not there to render.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument, the fragment")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context, ignore_failures=True)
        if fragment is None:
            return self.nodelist.render(context)
        if fragment.html is not None:
            return fragment.html
        html = self.nodelist.render(context)
        fragment.store(html)
        return html
